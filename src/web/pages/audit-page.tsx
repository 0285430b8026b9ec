import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AuditEntry } from '../../contracts/audit.js';
import { DateRangeInput } from '../components/date-input.js';
import { ErrorAlert, errorText } from '../components/feedback.js';
import { PageTitle } from '../components/page-title.js';
import { type AuditFilters, useAudit, useVerifyAudit } from '../features/audit/api.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { changedKeys, changeSummary } from '../lib/audit.js';
import { chinaDayBoundaryUtc, formatDateTime } from '../lib/format.js';

const actionLabels: Record<string, MessageKey> = {
  'auth.login': 'audit.action.auth.login',
  'auth.logout': 'audit.action.auth.logout',
  'org.create': 'audit.action.org.create',
  'org.update': 'audit.action.org.update',
  'org.move': 'audit.action.org.move',
  'org.deactivate': 'audit.action.org.deactivate',
  'member.create': 'audit.action.member.create',
  'member.update': 'audit.action.member.update',
  'member.transfer': 'audit.action.member.transfer',
  'member.deactivate': 'audit.action.member.deactivate',
  'user.create': 'audit.action.user.create',
  'user.update': 'audit.action.user.update',
  'user.reset_password': 'audit.action.user.reset_password',
  'user.change_password': 'audit.action.user.change_password',
  'grant.create': 'audit.action.grant.create',
  'grant.remove': 'audit.action.grant.remove',
  'calendar.set_year': 'audit.action.calendar.set_year',
  'import.members': 'audit.action.import.members',
  'import.orgs': 'audit.action.import.orgs',
  'seed.demo': 'audit.action.seed.demo',
  'seed.scale': 'audit.action.seed.scale',
};

const entityLabels: Record<string, MessageKey> = {
  org: 'audit.entity.org',
  member: 'audit.entity.member',
  user: 'audit.entity.user',
  calendar: 'audit.entity.calendar',
  import: 'audit.entity.import',
};

/** Pretty JSON of one state, with the top-level keys that changed marked. */
function JsonBlock({ value, changed, label }: { value: unknown; changed: Set<string>; label: string }) {
  const { t } = useI18n();
  if (value === null || value === undefined) {
    return (
      <div>
        <Typography.Text strong>{label}</Typography.Text>
        <pre className="kh-json">
          <Typography.Text type="secondary">{t('audit.none')}</Typography.Text>
        </pre>
      </div>
    );
  }
  const isRecord = typeof value === 'object' && !Array.isArray(value);
  return (
    <div>
      <Typography.Text strong>{label}</Typography.Text>
      <pre className="kh-json">
        {isRecord ? (
          <>
            {'{\n'}
            {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
              <span key={k} className={changed.has(k) ? 'kh-json-changed' : undefined}>
                {`  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}\n`}
              </span>
            ))}
            {'}'}
          </>
        ) : (
          JSON.stringify(value, null, 2)
        )}
      </pre>
    </div>
  );
}

/** 审计日志: who changed what and when, with before/after, and a check of the hash chain. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<AuditFilters>({});
  // The picker shows Beijing dates; the filter holds the matching UTC instants.
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [actorText, setActorText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const audit = useAudit(filters, page, pageSize);
  const verify = useVerifyAudit();

  const set = (patch: Partial<AuditFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const actionText = (a: string) => (actionLabels[a] ? t(actionLabels[a]) : a);
  const entityText = (e: string) => (entityLabels[e] ? t(entityLabels[e]) : e);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorAccount',
      width: 120,
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 160,
      render: (v: string) => (
        <span title={v}>
          <Tag>{actionText(v)}</Tag>
        </span>
      ),
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      width: 140,
      render: (_v, e) => (
        <>
          {entityText(e.entityType)}
          {e.entityId ? <Typography.Text type="secondary"> #{e.entityId}</Typography.Text> : null}
        </>
      ),
    },
    {
      title: t('audit.details'),
      key: 'details',
      render: (_v, e) => (
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
          {changeSummary(e.before, e.after)}
        </Typography.Text>
      ),
    },
  ];

  const result = verify.data;

  return (
    <>
      <PageTitle>{t('nav.audit')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <Select
            aria-label={t('audit.entityType')}
            placeholder={t('audit.entityType')}
            allowClear
            style={{ width: 150 }}
            value={filters.entityType}
            onChange={(v?: string) => set({ entityType: v })}
            options={Object.keys(entityLabels).map((k) => ({ value: k, label: entityText(k) }))}
          />
          <Select
            aria-label={t('audit.action')}
            placeholder={t('audit.action')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            value={filters.action}
            onChange={(v?: string) => set({ action: v })}
            options={Object.keys(actionLabels).map((k) => ({ value: k, label: actionText(k) }))}
          />
          <Input.Search
            aria-label={t('audit.actorAccount')}
            placeholder={t('audit.actorAccount')}
            allowClear
            style={{ width: 180 }}
            value={actorText}
            onChange={(e) => {
              setActorText(e.target.value);
              if (!e.target.value) set({ actor: undefined });
            }}
            onSearch={(v) => set({ actor: v.trim() || undefined })}
          />
          <DateRangeInput
            aria-label={t('audit.dateRange')}
            value={range}
            onChange={([from, to]) => {
              setRange([from, to]);
              set({
                from: from ? chinaDayBoundaryUtc(from, 'start') : undefined,
                to: to ? chinaDayBoundaryUtc(to, 'end') : undefined,
              });
            }}
          />
          <div className="kh-toolbar-spacer" />
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {t('audit.verify')}
          </Button>
        </div>
        {verify.error ? (
          <Alert
            type="error"
            showIcon
            title={errorText(verify.error, locale, t)}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {result ? (
          <Alert
            role="status"
            type={result.ok ? 'success' : 'error'}
            showIcon
            closable={{ onClose: () => verify.reset() }}
            title={
              result.ok
                ? t('audit.verifyOk', { count: result.checked })
                : t('audit.verifyBroken', { seq: result.firstBrokenSeq ?? '?' })
            }
            description={result.ok ? t('audit.verifyOkHint') : (result.reason ?? undefined)}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />
        <Table<AuditEntry>
          rowKey="seq"
          size="middle"
          columns={columns}
          dataSource={audit.data?.items ?? []}
          loading={audit.isFetching}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (e) => {
              const changed = new Set(changedKeys(e.before, e.after));
              return (
                <div>
                  <div className="kh-json-grid">
                    <JsonBlock label={t('audit.before')} value={e.before} changed={changed} />
                    <JsonBlock label={t('audit.after')} value={e.after} changed={changed} />
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
                    {t('audit.seq')}: {e.seq} · {t('audit.hash')}:{' '}
                    <Typography.Text code>{e.hash.slice(0, 16)}…</Typography.Text>
                  </Typography.Text>
                </div>
              );
            },
          }}
          pagination={{
            current: page,
            pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
        />
      </Card>
    </>
  );
}
