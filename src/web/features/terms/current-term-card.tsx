import { ScheduleOutlined } from '@ant-design/icons';
import { Card, List, Space, Tag, Typography } from 'antd';
import { useMe } from '../../auth/session.js';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert } from '../../components/feedback.js';
import { useI18n } from '../../i18n/index.js';
import { useCurrentTerm } from './api.js';
import { StatusTag, shortMinute } from './labels.js';

/**
 * The home page's 当前节气 card: the term running now on the server's clock, the tasks of the
 * user's branches in it with their status, and the days left. Shown to users of the calendar.
 */
export function CurrentTermCard() {
  const { t } = useI18n();
  const me = useMe();
  const show = me.permissions.includes('terms.read');
  const current = useCurrentTerm(show);
  if (!show) return null;
  const c = current.data;
  return (
    <section aria-label={t('terms.current')}>
      <Card
        title={
          <Space>
            <ScheduleOutlined aria-hidden />
            {t('terms.current')}
          </Space>
        }
        style={{ marginBottom: 16 }}
      >
        <ErrorAlert error={current.error} onRetry={() => void current.refetch()} />
        {c?.term ? (
          <>
            <Space wrap align="baseline">
              <Typography.Title level={3} style={{ margin: 0 }}>
                {c.term.name}
              </Typography.Title>
              <Typography.Text type="secondary">
                {t('terms.windowRange', {
                  from: shortMinute(c.term.startsAt),
                  to: shortMinute(c.term.endsAt),
                })}
              </Typography.Text>
              <Tag color={c.daysLeft <= 3 ? 'orange' : 'blue'}>
                {c.daysLeft === 0
                  ? t('terms.currentLastDay')
                  : t('terms.currentDaysLeft', { days: c.daysLeft })}
              </Tag>
            </Space>
            {me.permissions.includes('terms.checkin') ? (
              c.tasks.length === 0 ? (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('terms.currentNoTasks')}
                </Typography.Paragraph>
              ) : (
                <List
                  size="small"
                  dataSource={c.tasks}
                  rowKey="id"
                  renderItem={(a) => (
                    <List.Item
                      actions={
                        a.canCheckIn
                          ? [
                              <ButtonLink
                                key="go"
                                size="small"
                                type="primary"
                                to={`/terms/checkin?task=${a.id}`}
                              >
                                {t('terms.currentGo')}
                              </ButtonLink>,
                            ]
                          : []
                      }
                    >
                      <Space wrap size={4}>
                        <Typography.Text>{a.title}</Typography.Text>
                        <Typography.Text type="secondary">{a.orgName}</Typography.Text>
                        <StatusTag status={a.status} />
                      </Space>
                    </List.Item>
                  )}
                />
              )
            ) : null}
          </>
        ) : null}
      </Card>
    </section>
  );
}
