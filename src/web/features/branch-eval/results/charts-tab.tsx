import { Button, Card, Empty, Grid, Pagination, Select, Space, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorAlert, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { defaultChartBranches, needsMoreBranches, yearToMonth } from '../../../lib/be-results.js';
import { useBeLabels } from '../labels.js';
import { useCategoryChart, useMovementChart, useRankings } from './api.js';
import { uniqueBranchLabels } from './cells.js';

/** Rows whose repeated branch names carry their code, for a chart's axis. */
const withUniqueNames = <R extends { branchId: number; branchName: string; branchCode: string }>(
  rows: readonly R[],
) => {
  const labels = uniqueBranchLabels(rows);
  return rows.map((r) => ({ ...r, branchName: labels.get(r.branchId) ?? r.branchName }));
};

import { type ResultsSelection, useMonthLabel } from './selection.js';

const MovementChart = lazy(async () => ({ default: (await import('./charts.js')).MovementChart }));
const CategoryChart = lazy(async () => ({ default: (await import('./charts.js')).CategoryChart }));

const MAX_LINES = 8;
const CATEGORY_PAGE = 15;

function idsOf(text: string | null): number[] {
  return (text ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, MAX_LINES);
}

/** 排名变化: the chosen branches' ranks over the year's published months. */
function MovementCard({ sel }: { sel: ResultsSelection }) {
  const { t } = useI18n();
  const monthLabel = useMonthLabel();
  const span = sel.month ? yearToMonth(sel.month) : null;
  const q = useMovementChart(sel.orgId, span?.from ?? null, span?.to ?? null);
  const top = useRankings(sel.orgId, sel.month, 1, MAX_LINES);
  const askedText = sel.params.get('branches');
  const asked = askedText !== null && idsOf(askedText).length > 0;
  const chosen = useMemo(() => {
    const ids = idsOf(askedText);
    return ids.length > 0 ? ids : defaultChartBranches(top.data?.items ?? [], sel.ownBranchIds, 5);
  }, [askedText, top.data, sel.ownBranchIds]);
  const pages = q.data?.pages ?? [];
  const rows = useMemo(() => pages.flatMap((p) => p.items), [pages]);
  const labels = useMemo(() => uniqueBranchLabels(rows), [rows]);
  const months = pages[0]?.months ?? [];
  const total = pages[0]?.total ?? 0;

  // Pages come by branch id: load on only while a chosen branch is still ahead.
  const more = needsMoreBranches(
    rows.map((r) => r.branchId),
    chosen,
    rows.length,
    total,
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  useEffect(() => {
    if (more && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [more, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const rankText = useCallback(
    (rank: number, totalText: string) => t('be.results.charts.rankTip', { rank, total: totalText }),
    [t],
  );

  return (
    <Card
      size="small"
      title={t('be.results.charts.movement')}
      extra={
        span ? (
          <Typography.Text type="secondary">
            {t('be.results.charts.span', { from: monthLabel(span.from), to: monthLabel(span.to) })}
          </Typography.Text>
        ) : null
      }
    >
      <ErrorAlert error={q.error ?? top.error} onRetry={() => void q.refetch()} />
      <Space wrap style={{ marginBottom: 8, width: '100%' }}>
        <Select<number[]>
          mode="multiple"
          aria-label={t('be.results.charts.pickBranches')}
          placeholder={t('be.results.charts.pickBranches')}
          value={chosen}
          maxCount={MAX_LINES}
          showSearch={{ optionFilterProp: 'label' }}
          loading={q.isPending}
          onChange={(ids) => sel.update({ branches: ids.length > 0 ? ids.join(',') : null })}
          options={rows.map((r) => ({ value: r.branchId, label: labels.get(r.branchId) ?? r.branchName }))}
          style={{ width: '100%', minWidth: 240, maxWidth: 720 }}
        />
        {hasNextPage ? (
          <Button loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {t('be.results.charts.moreBranches', { loaded: rows.length, total })}
          </Button>
        ) : null}
        {asked ? (
          <Button type="link" onClick={() => sel.update({ branches: null })}>
            {t('be.results.charts.resetBranches')}
          </Button>
        ) : null}
      </Space>
      {q.isPending ? (
        <PageSpinner />
      ) : months.length === 0 ? (
        <Empty description={t('be.results.charts.noMonths')} />
      ) : chosen.length === 0 ? (
        <Empty description={t('be.results.charts.noneChosen')} />
      ) : (
        <Suspense fallback={<PageSpinner />}>
          <MovementChart
            rows={rows.map((r) => ({ ...r, branchName: labels.get(r.branchId) ?? r.branchName }))}
            chosen={chosen}
            months={months}
            monthLabel={monthLabel}
            rankText={rankText}
            label={t('be.results.charts.movementLabel', {
              branches: rows
                .filter((r) => chosen.includes(r.branchId))
                .map((r) => labels.get(r.branchId) ?? r.branchName)
                .join(t('common.listSeparator')),
            })}
          />
        </Suspense>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('be.results.charts.movementHint')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 分类得分: each branch's month total split into the four categories, a page at a time. */
function CategoryCard({ sel }: { sel: ResultsSelection }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const monthLabel = useMonthLabel();
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const q = useCategoryChart(sel.orgId, sel.month, page, CATEGORY_PAGE);
  // A new round or month starts at the top again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on selection change only
  useEffect(() => setPage(1), [sel.orgId, sel.month]);
  const data = q.data;
  return (
    <Card
      size="small"
      title={t('be.results.charts.categories')}
      extra={sel.month ? <Typography.Text type="secondary">{monthLabel(sel.month)}</Typography.Text> : null}
    >
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {q.isPending ? (
        <PageSpinner />
      ) : !data || data.items.length === 0 ? (
        <Empty description={t('be.results.emptyRanking')} />
      ) : (
        <>
          <Suspense fallback={<PageSpinner />}>
            <CategoryChart
              rows={withUniqueNames(data.items)}
              categoryName={l.category}
              compact={!screens.md}
              label={t('be.results.charts.categoriesLabel', { month: monthLabel(data.month) })}
            />
          </Suspense>
          {data.total > CATEGORY_PAGE ? (
            <Pagination
              size="small"
              align="end"
              current={page}
              pageSize={CATEGORY_PAGE}
              total={data.total}
              showSizeChanger={false}
              onChange={setPage}
              style={{ marginTop: 8 }}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}

/** 图表: ranking movement over the year and the category breakdown of the month. */
export function ChartsTab({ sel }: { sel: ResultsSelection }) {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <MovementCard sel={sel} />
      <CategoryCard sel={sel} />
    </Space>
  );
}
