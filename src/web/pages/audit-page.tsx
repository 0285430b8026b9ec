import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AuditEntry } from '../../contracts/audit.js';
import {
  type AuditGroup,
  auditActionLabel,
  auditActions,
  auditEntities,
  auditEntityLabel,
  auditGroups,
  describeAuditChange,
} from '../../domain/audit/catalog.js';
import { DateRangeInput } from '../components/date-input.js';
import { ErrorAlert, errorText } from '../components/feedback.js';
import { PageTitle } from '../components/page-title.js';
import { type AuditFilters, useAudit, useVerifyAudit } from '../features/audit/api.js';
import { useI18n } from '../i18n/index.js';
import { changedKeys } from '../lib/audit.js';
import { chinaDayBoundaryUtc, formatDateTime } from '../lib/format.js';

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

  const side = locale === 'en' ? 'en' : 'zh';
  const actionText = (a: string) => auditActionLabel(a, side);
  const entityText = (e: string) => auditEntityLabel(e, side);
  // Every action the log can hold, under its module's heading.
  const actionOptions = (Object.keys(auditGroups) as AuditGroup[]).map((g) => ({
    label: auditGroups[g][side],
    title: auditGroups[g][side],
    options: Object.entries(auditActions)
      .filter(([, l]) => l.group === g)
      .map(([code, l]) => ({ value: code, label: l[side] })),
  }));

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
          <Typography.Text type="secondary">{entityText(e.entityType)} </Typography.Text>
          {e.entityName ?? (e.entityId ? `#${e.entityId}` : null)}
        </>
      ),
    },
    {
      title: t('audit.details'),
      key: 'details',
      render: (_v, e) => (
        <Typography.Text type="secondary" ellipsis={{ tooltip: true }} style={{ maxWidth: 420 }}>
          {describeAuditChange(e.before, e.after, side)}
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
            options={Object.keys(auditEntities).map((k) => ({ value: k, label: entityText(k) }))}
          />
          <Select
            aria-label={t('audit.action')}
            placeholder={t('audit.action')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 220 }}
            value={filters.action}
            onChange={(v?: string) => set({ action: v })}
            options={actionOptions}
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
