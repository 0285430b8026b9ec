import { Button, Card, Empty, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useServerDay } from '../../app/server-day.js';
import { hasPermission, useMe } from '../../auth/session.js';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert } from '../../components/feedback.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { useCampaigns, useCreateCampaign } from '../../features/inspection/api.js';
import { stateColor, stateKey } from '../../features/inspection/labels.js';
import { useI18n } from '../../i18n/index.js';

/** The campaigns within reach, and the affairs department's form that opens a year's campaign. */
export function CampaignsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('insp.title'));
  const me = useMe();
  const day = useServerDay();
  const list = useCampaigns();
  const create = useCreateCampaign();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('insp.title')}</Typography.Title>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('insp.none')} /> }}
        columns={[
          { title: t('insp.year'), dataIndex: 'year' },
          { title: t('insp.name'), dataIndex: 'title' },
          { title: t('insp.committee'), dataIndex: 'orgName' },
          { title: t('insp.units'), dataIndex: 'units', render: (n: number) => t('insp.unitCount', { n }) },
          {
            title: t('insp.state'),
            dataIndex: 'state',
            render: (s: Parameters<typeof stateKey>[0]) => <Tag color={stateColor[s]}>{t(stateKey(s))}</Tag>,
          },
          {
            title: '',
            key: 'open',
            render: (_: unknown, r: { id: number; title: string }) => (
              <ButtonLink to={`/inspection/${r.id}`} aria-label={`${t('insp.open')} ${r.title}`}>
                {t('insp.open')}
              </ButtonLink>
            ),
          },
        ]}
      />
      {hasPermission(me, 'inspection.manage') ? (
        <Card title={t('insp.create')}>
          {create.error ? <ErrorAlert error={create.error} /> : null}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ year: Number(day.today.slice(0, 4)), criteriaFrom: 'template' }}
            onFinish={(v: {
              orgId: number;
              year: number;
              title: string;
              criteriaFrom: 'template' | 'last_year';
            }) => create.mutate(v, { onSuccess: (c) => navigate(`/inspection/${c.id}`) })}
          >
            <Form.Item name="orgId" label={t('insp.committee')} rules={[{ required: true }]}>
              <OrgTreeSelect
                tree="party"
                selectable={(o) => o.kind === 'committee'}
                aria-label={t('insp.committee')}
              />
            </Form.Item>
            <Form.Item name="year" label={t('insp.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item name="title" label={t('insp.name')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="criteriaFrom" label={t('insp.criteriaFrom')}>
              <Select
                options={[
                  { value: 'template', label: t('insp.criteriaFrom.template') },
                  { value: 'last_year', label: t('insp.criteriaFrom.last_year') },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('insp.create')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}
