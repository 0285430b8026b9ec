import { App, Button, Form, Input, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert, errorText } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { useCloseRectification, useRectifications } from '../../features/inspection/api.js';
import { useI18n } from '../../i18n/index.js';

/** Rectification items (整改) within reach: a unit's own, or all of the campaigns one organises. */
export function RectificationsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [state, setState] = useState<'open' | 'closed' | 'all'>('open');
  const q = useRectifications(state === 'all' ? undefined : state);
  const close = useCloseRectification();
  useDocumentTitle(t('insp.rect.title'));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('insp.rect.title')}</Typography.Title>
      <Segmented
        value={state}
        onChange={(v) => setState(v as typeof state)}
        options={[
          { value: 'open', label: t('insp.rect.state.open') },
          { value: 'closed', label: t('insp.rect.state.closed') },
          { value: 'all', label: t('insp.rect.all') },
        ]}
      />
      {q.error ? <ErrorAlert error={q.error} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={q.isLoading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('insp.rect.none') }}
        columns={[
          { title: t('insp.year'), dataIndex: 'year' },
          { title: t('insp.unit'), dataIndex: 'unitName' },
          { title: t('insp.code'), dataIndex: 'criterionCode' },
          { title: t('insp.rect.item'), dataIndex: 'title' },
          { title: t('insp.rect.owner'), key: 'owner', render: (_: unknown, r) => r.owner.name },
          {
            title: t('insp.rect.due'),
            key: 'due',
            render: (_: unknown, r) => (
              <>
                {r.dueOn} {r.overdue ? <Tag color="red">{t('insp.rect.overdue')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('insp.state'),
            key: 'state',
            render: (_: unknown, r) =>
              r.state === 'closed' ? (
                <Tag color="green" title={r.closingNote ?? ''}>
                  {t('insp.rect.state.closed')}
                </Tag>
              ) : (
                <Popconfirm
                  title={t('insp.rect.close')}
                  description={
                    <Form
                      id={`close-${r.id}`}
                      onFinish={(x: { note: string }) =>
                        close.mutate(
                          { id: r.id, note: x.note },
                          { onError: (e) => void message.error(errorText(e, locale, t)) },
                        )
                      }
                    >
                      <Form.Item name="note" label={t('insp.rect.closeNote')} rules={[{ required: true }]}>
                        <Input.TextArea rows={3} />
                      </Form.Item>
                    </Form>
                  }
                  okButtonProps={{ htmlType: 'submit', form: `close-${r.id}` }}
                >
                  <Button size="small">{t('insp.rect.close')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Space>
  );
}
