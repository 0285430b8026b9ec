import { ApiOutlined, CopyOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Form,
  Grid,
  Input,
  Modal,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { OrgNode } from '../../../../contracts/org.js';
import { useToday } from '../../../app/server-day.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { OrgTreeSelect } from '../../../components/org-tree-select.js';
import { useI18n } from '../../../i18n/index.js';
import { integrationBase, pollExample } from '../../../lib/be-results.js';
import { formatDateTime } from '../../../lib/format.js';
import {
  type IntegrationKey,
  type IntegrationKeyCreated,
  useIntegrationKeys,
  useIssueKey,
  useRevokeKey,
} from './api.js';

const isCommittee = (o: OrgNode) => o.kind === 'committee';

/** Copies text to the clipboard, with a fallback for browsers that refuse the async API. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('copy refused');
  }
}

/** Issues a key for a round's committee. */
export function IssueKeyDialog({
  open,
  onClose,
  onIssued,
}: {
  open: boolean;
  onClose: () => void;
  onIssued: (k: IntegrationKeyCreated) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; orgId: number }>();
  const issue = useIssueKey();
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    // The form shows what is missing; nothing else to do until it is fixed.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    try {
      const k = await issue.mutateAsync({ orgId: v.orgId, name: v.name.trim() });
      form.resetFields();
      onIssued(k);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Modal
      open={open}
      title={t('be.results.keys.issueTitle')}
      okText={t('be.results.keys.issue')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: issue.isPending }}
      onOk={() => void submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          name="name"
          label={t('be.results.keys.name')}
          extra={t('be.results.keys.nameHelp')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 100, message: t('form.maxLength', { max: 100 }) },
          ]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          name="orgId"
          label={t('be.results.keys.org')}
          extra={t('be.results.keys.orgHelp')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <OrgTreeSelect tree="party" selectable={isCommittee} aria-label={t('be.results.keys.org')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The new key, shown this one time only, with a copy button and a first call to try. */
export function SecretDialog({
  issued,
  onClose,
}: {
  issued: IntegrationKeyCreated | null;
  onClose: () => void;
}) {
  const today = useToday();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);
  const close = () => {
    setSaved(false);
    onClose();
  };
  const copy = (text: string) =>
    copyText(text).then(
      () => void message.success(t('be.results.keys.copied')),
      () => void message.error(t('be.results.keys.copyFailed')),
    );
  return (
    <Modal
      open={issued != null}
      title={t('be.results.keys.secretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" disabled={!saved} onClick={close}>
          {t('be.results.keys.secretDone')}
        </Button>
      }
      width={640}
    >
      {issued ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('be.results.keys.secretWarning')} />
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'n', label: t('be.results.keys.name'), children: issued.name },
              { key: 'o', label: t('be.results.keys.org'), children: issued.orgName },
            ]}
          />
          <div className="kh-be-secret">
            <span className="kh-visually-hidden">{t('be.results.keys.secret')}</span>
            <code>{issued.key}</code>
            <Button icon={<CopyOutlined />} onClick={() => void copy(issued.key)}>
              {t('be.results.keys.copy')}
            </Button>
          </div>
          <Typography.Text type="secondary">{t('be.results.keys.tryIt')}</Typography.Text>
          <pre className="kh-json">{pollExample(window.location.origin, issued.key, today.slice(0, 7))}</pre>
          <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)}>
            {t('be.results.keys.secretSaved')}
          </Checkbox>
        </Space>
      ) : null}
    </Modal>
  );
}

/** Revoking asks for the reason, which the audit log keeps; the key's next call is refused. */
function RevokeDialog({ target, onClose }: { target: IntegrationKey | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useRevokeKey();
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    if (!target) return;
    // The form shows what is missing; nothing else to do until it is fixed.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    try {
      await revoke.mutateAsync({ id: target.id, reason: v.reason.trim() });
      void message.success(t('be.results.keys.revoked', { name: target.name }));
      form.resetFields();
      onClose();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal
      open={target != null}
      title={target ? t('be.results.keys.revokeTitle', { name: target.name }) : ''}
      okText={t('be.results.keys.revoke')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: revoke.isPending }}
      onOk={() => void submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('be.results.keys.revokeHelp')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          name="reason"
          label={t('be.results.keys.reason')}
          rules={[
            { required: true, whitespace: true, message: t('be.results.keys.reasonRequired') },
            { max: 500, message: t('form.maxLength', { max: 500 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const PAGE_SIZE = 20;

/** The keys of the orgs the admin manages: who may poll, since when, last seen; revoke. */
export function KeysTable({
  orgId,
  page,
  onPage,
}: {
  orgId: number | null;
  page: number;
  onPage: (p: number) => void;
}) {
  const { t } = useI18n();
  const q = useIntegrationKeys(orgId, page, PAGE_SIZE);
  const [revoking, setRevoking] = useState<IntegrationKey | null>(null);
  const columns: TableColumnsType<IntegrationKey> = [
    {
      title: t('be.results.keys.name'),
      key: 'name',
      render: (_v, k) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{k.name}</Typography.Text>
          <Typography.Text type="secondary" code>{`${k.prefix}…`}</Typography.Text>
        </Space>
      ),
    },
    { title: t('be.results.keys.org'), dataIndex: 'orgName' },
    {
      title: t('be.results.keys.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('be.results.keys.lastUsed'),
      dataIndex: 'lastUsedAt',
      render: (v: string | null) =>
        v ? (
          formatDateTime(v)
        ) : (
          <Typography.Text type="secondary">{t('be.results.keys.neverUsed')}</Typography.Text>
        ),
    },
    {
      title: t('be.results.keys.state'),
      key: 'state',
      render: (_v, k) =>
        k.active ? (
          <Tag color="green">{t('be.results.keys.active')}</Tag>
        ) : (
          <Space orientation="vertical" size={0}>
            <Tag>{t('be.results.keys.revokedState')}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(k.revokedAt)}
            </Typography.Text>
            {k.revokeReason ? (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12, maxWidth: 240 }}
                ellipsis={{ tooltip: k.revokeReason }}
              >
                {k.revokeReason}
              </Typography.Text>
            ) : null}
          </Space>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, k) =>
        k.active ? (
          <Button danger size="small" icon={<StopOutlined />} onClick={() => setRevoking(k)}>
            {t('be.results.keys.revoke')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      <Table<IntegrationKey>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: q.isPending ? ' ' : t('be.results.keys.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: q.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: onPage,
        }}
      />
      <RevokeDialog target={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}

/** How the benchmarking system (对标管理信息系统) polls: endpoints, header, ETags, the OpenAPI file. */
export function PollingDocs() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const base = integrationBase(window.location.origin);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('be.results.docs.intro')}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        bordered
        layout={screens.md ? 'horizontal' : 'vertical'}
        styles={screens.md ? { label: { width: 300 } } : {}}
        items={[
          {
            key: 'base',
            label: t('be.results.docs.base'),
            children: (
              <Typography.Text code copyable>
                {base}
              </Typography.Text>
            ),
          },
          {
            key: 'auth',
            label: t('be.results.docs.auth'),
            children: <Typography.Text code>Authorization: Bearer &lt;key&gt;</Typography.Text>,
          },
          {
            key: 'months',
            label: <Typography.Text code>GET /months?since=YYYY-MM</Typography.Text>,
            children: t('be.results.docs.months'),
          },
          {
            key: 'month',
            label: <Typography.Text code>GET /months/{'{YYYY-MM}'}</Typography.Text>,
            children: t('be.results.docs.month'),
          },
          {
            key: 'xlsx',
            label: <Typography.Text code>GET /months/{'{YYYY-MM}'}/rankings.xlsx</Typography.Text>,
            children: t('be.results.docs.xlsx'),
          },
          { key: 'etag', label: 'ETag / If-None-Match', children: t('be.results.docs.etag') },
          { key: 'points', label: t('be.results.docs.pointsLabel'), children: t('be.results.docs.points') },
          { key: 'errors', label: t('be.results.docs.errorsLabel'), children: t('be.results.docs.errors') },
        ]}
      />
      <Space wrap>
        <Button icon={<ApiOutlined />} href="/api/openapi.json" target="_blank" rel="noopener">
          {t('be.results.docs.openapi')}
        </Button>
        <Typography.Text type="secondary">{t('be.results.docs.openapiHint')}</Typography.Text>
      </Space>
    </Space>
  );
}
