import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Space, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { MatrixDto } from '../../contracts/terms.js';
import { cellStatuses } from '../../domain/terms/matrix.js';
import { beijingMinute } from '../../domain/terms/terms.js';
import { ErrorAlert, errorText } from '../components/feedback.js';
import { OrgTreeSelect } from '../components/org-tree-select.js';
import { PageTitle } from '../components/page-title.js';
import { downloadMatrix, useMatrix } from '../features/terms/api.js';
import { CalendarPicker, useCalendarChoice } from '../features/terms/calendar-picker.js';
import { statusIcon } from '../features/terms/labels.js';
import { useI18n } from '../i18n/index.js';

type Row = MatrixDto['items'][number];

/**
 * 完成情况矩阵: branches × the 24 terms, each cell done / late / missing / open / not assigned,
 * totals per branch and per term, one page of branches at a time, exported to Excel.
 */
export function TermsMatrixPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const choice = useCalendarChoice();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const matrix = useMatrix(choice.id, { page, pageSize, ...(orgId ? { orgId } : {}) });
  const [exporting, setExporting] = useState(false);
  const m = matrix.data;
  const label = (s: (typeof cellStatuses)[number]) => t(`terms.status.${s}`);

  const columns: TableColumnsType<Row> = [
    {
      title: t('terms.matrixOrg'),
      key: 'org',
      fixed: 'left',
      width: 150,
      render: (_, r) => <Typography.Text>{r.orgName}</Typography.Text>,
    },
    ...(m?.terms ?? []).map((term) => ({
      title: (
        <Tooltip title={beijingMinute(term.startsAt)}>
          <span>{term.name}</span>
        </Tooltip>
      ),
      key: `t${term.position}`,
      width: 52,
      align: 'center' as const,
      render: (_: unknown, r: Row) => {
        const c = r.cells[term.position];
        if (!c) return null;
        const text = `${r.orgName} ${term.name}：${label(c.status)}${c.assigned > 1 ? ` ${c.done}/${c.assigned}` : ''}`;
        return (
          <Tooltip title={text}>
            <span role="img" aria-label={text} data-status={c.status}>
              {statusIcon[c.status]}
            </span>
          </Tooltip>
        );
      },
    })),
    {
      title: t('terms.matrixTotals'),
      key: 'totals',
      width: 150,
      render: (_, r) => (
        <Space size={6} wrap>
          {(['done', 'late', 'missing', 'open'] as const).map((s) =>
            r.totals[s] > 0 ? (
              <span key={s} title={label(s)}>
                {statusIcon[s]} {r.totals[s]}
              </span>
            ) : null,
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle>{t('nav.termsMatrix')}</PageTitle>
      <div className="kh-toolbar">
        <CalendarPicker {...choice} />
        <OrgTreeSelect
          tree="party"
          value={orgId}
          onChange={(v) => {
            setOrgId(v);
            setPage(1);
          }}
          allowClear
          placeholder={t('terms.matrixFilter')}
          aria-label={t('terms.matrixFilter')}
        />
        <span className="kh-toolbar-spacer" />
        <Button
          icon={<DownloadOutlined />}
          disabled={!choice.id}
          loading={exporting}
          onClick={async () => {
            if (!choice.id) return;
            setExporting(true);
            try {
              await downloadMatrix(choice.id, orgId ?? undefined, `terms-${choice.year}.xlsx`);
            } catch (e) {
              void message.error(errorText(e, locale, t));
            } finally {
              setExporting(false);
            }
          }}
        >
          {t('terms.export')}
        </Button>
      </div>
      <Space wrap size={12} style={{ marginBottom: 12 }} aria-label={t('terms.legend')}>
        {cellStatuses.map((s) => (
          <span key={s}>
            {statusIcon[s]} {label(s)}
          </span>
        ))}
      </Space>
      <ErrorAlert error={choice.list.error ?? matrix.error} />
      <Table<Row>
        size="small"
        bordered
        rowKey="orgId"
        loading={matrix.isFetching}
        columns={columns}
        dataSource={m?.items ?? []}
        scroll={{ x: 150 + 52 * 24 + 150 }}
        pagination={{
          current: page,
          pageSize,
          total: m?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        summary={() =>
          m && m.items.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('terms.matrixTermTotals')}</Typography.Text>
                </Table.Summary.Cell>
                {m.termTotals.map((tt, i) => {
                  const assigned = tt.done + tt.late + tt.missing + tt.open;
                  const text = cellStatuses.map((s) => `${label(s)} ${tt[s]}`).join('，');
                  return (
                    <Table.Summary.Cell index={i + 1} key={m.terms[i]?.position ?? i} align="center">
                      <Tooltip title={text}>
                        <span title={`${m.terms[i]?.name ?? ''}：${text}`} style={{ fontSize: 12 }}>
                          {assigned === 0 ? '—' : `${tt.done + tt.late}/${assigned}`}
                        </span>
                      </Tooltip>
                    </Table.Summary.Cell>
                  );
                })}
                <Table.Summary.Cell index={25} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </>
  );
}
