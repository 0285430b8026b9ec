import { Card, Empty, List, Tag } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/index.js';

/**
 * One thing a user has to do. The assessment modules (points review, monthly evaluation,
 * project milestones) will each contribute items; the home page lists them in due order.
 */
export interface TodoItem {
  key: string;
  title: string;
  /** Due date, YYYY-MM-DD. */
  due: string | null;
  overdue: boolean;
  to: string;
}

export function TodoCard({ items }: { items: readonly TodoItem[] }) {
  const { t } = useI18n();
  const sorted = [...items].sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
  return (
    <Card title={t('home.todo')} style={{ marginBottom: 16 }}>
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.todoEmpty')} />
      ) : (
        <List
          dataSource={sorted}
          rowKey="key"
          renderItem={(item) => (
            <List.Item
              extra={item.due ? <Tag color={item.overdue ? 'red' : 'default'}>{item.due}</Tag> : null}
            >
              <Link to={item.to}>{item.title}</Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
