import { RightOutlined } from '@ant-design/icons';
import { Badge, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { CalendarWarningTag } from '../../components/calendar-warning.js';
import { ErrorAlert } from '../../components/feedback.js';
import { useI18n } from '../../i18n/index.js';
import { sortTodos } from '../../lib/todo.js';
import { useTodo } from './api.js';

/**
 * 待办: what the user's roles have due now, from every module (GET /todo) — each line in the
 * current language with its count, due date, an overdue tag, and a link to where it is done.
 */
export function TodoCard() {
  const { t, locale } = useI18n();
  const todo = useTodo();
  const items = sortTodos(todo.data ?? []);
  return (
    <Card
      title={
        <Space>
          {t('home.todo')}
          {items.length > 0 ? <Badge count={items.length} color="#c4161c" /> : null}
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      <ErrorAlert error={todo.error} onRetry={() => void todo.refetch()} />
      {todo.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : items.length === 0 && !todo.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.todoEmpty')} />
      ) : (
        <List
          dataSource={items}
          rowKey={(i) => `${i.kind}-${i.link}`}
          renderItem={(item) => (
            <List.Item>
              <Link to={item.link} className="kh-todo-link">
                <span className="kh-todo-title">
                  <Typography.Text>{item.title[locale]}</Typography.Text>
                  <Space size={4} wrap>
                    {item.count > 1 ? <Tag>{t('home.todoCount', { count: item.count })}</Tag> : null}
                    {item.due ? (
                      <Tag color={item.overdue ? 'red' : 'default'}>
                        {t('home.todoDue', { date: item.due })}
                      </Tag>
                    ) : null}
                    {item.overdue ? <Tag color="red">{t('home.todoOverdue')}</Tag> : null}
                    <CalendarWarningTag uncertain={item.calendarUncertain} years={item.unknownYears} />
                  </Space>
                </span>
                <RightOutlined aria-hidden className="kh-todo-arrow" />
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
