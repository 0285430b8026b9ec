import { Grid, Segmented, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { monthKey, monthsOfQuarter, quarterKey } from '../../../../domain/calendar/periods.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { parseMonth, quarterOfMonthKey } from '../../../lib/be-results.js';
import { points2 } from '../../../lib/points.js';
import { type QuarterRow, useQuarterBoard } from './api.js';
import { BranchName, RankBadge } from './cells.js';
import { type ResultsSelection, useMonthLabel } from './selection.js';

const PAGE_SIZE = 50;

/**
 * 季考: each branch's quarter score — the mean of its three published month totals, rounded
 * half-up — ranked; a quarter with a month missing is flagged rather than hidden.
 */
export function QuarterBoard({ sel, page }: { sel: ResultsSelection; page: number }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const monthLabel = useMonthLabel();
  const year = parseMonth(sel.month)?.year ?? null;
  const quarters = year ? [1, 2, 3, 4].map((n) => quarterKey(year, n)) : [];
  const asked = sel.params.get('quarter');
  const quarter = asked && quarters.includes(asked) ? asked : sel.month ? quarterOfMonthKey(sel.month) : null;
  const q = useQuarterBoard(sel.orgId, quarter, page, PAGE_SIZE);
  // A quarter not yet complete still shows its three months (an unpublished one as —).
  const months =
    year && quarter
      ? monthsOfQuarter(year, Number(quarter.slice(-1))).map((m) => monthKey(m.year, m.month))
      : [];
  const mine = new Set(sel.ownBranchIds);

  const columns: TableColumnsType<QuarterRow> = [
    {
      title: t('be.results.rank'),
      dataIndex: 'rank',
      width: 64,
      align: 'center',
      render: (v: number | null) => <RankBadge rank={v} />,
    },
    {
      title: t('be.results.branch'),
      key: 'branch',
      render: (_v, r) => (
        <Space size={6} wrap>
          <BranchName name={r.branchName} code={r.branchCode} strong={mine.has(r.branchId)} />
          {!r.complete ? (
            <Tooltip
              title={t('be.results.quarter.missingTip', {
                months: r.missingMonths
                  .map((i) => monthLabel(months[i - 1] ?? ''))
                  .join(t('common.listSeparator')),
              })}
            >
              <Tag color="orange">{t('be.results.quarter.incomplete', { n: r.missingMonths.length })}</Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    ...(screens.md
      ? months.map((m) => ({
          title: monthLabel(m),
          key: m,
          align: 'right' as const,
          className: 'kh-be-num',
          render: (_v: unknown, r: QuarterRow) => points2(r.months.find((x) => x.month === m)?.total ?? null),
        }))
      : []),
    {
      title: t('be.results.quarter.score'),
      dataIndex: 'score',
      align: 'right',
      className: 'kh-be-num',
      render: (v: number | null) => <strong>{points2(v)}</strong>,
    },
  ];

  return (
    <>
      <div className="kh-toolbar">
        <Segmented
          aria-label={t('be.results.quarter.pick')}
          value={quarter ?? undefined}
          options={quarters.map((k) => ({ value: k, label: k.replace(/^\d{4}-/, '') }))}
          onChange={(v) => sel.update({ quarter: String(v) })}
        />
        <Typography.Text type="secondary">{t('be.results.quarter.rule')}</Typography.Text>
      </div>
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      <Table<QuarterRow>
        rowKey="branchId"
        size={screens.md ? 'middle' : 'small'}
        columns={columns}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        // A phone wraps long names instead of scrolling sideways.
        scroll={screens.md ? { x: 'max-content' } : undefined}
        rowClassName={(r) => (mine.has(r.branchId) ? 'kh-row-me' : '')}
        locale={{ emptyText: q.isPending ? ' ' : t('be.results.quarter.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: q.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('be.results.branchCount', { total }),
          onChange: (p) => sel.update({ page: p > 1 ? String(p) : null }),
        }}
      />
    </>
  );
}
