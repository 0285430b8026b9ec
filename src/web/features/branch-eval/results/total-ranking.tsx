import { Alert, Button, Grid, Space, Table, type TableColumnsType, Typography } from 'antd';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { categoryOrder } from '../../../lib/be-results.js';
import { points2 } from '../../../lib/points.js';
import { Movement } from '../../points/components/movement.js';
import { CorrectedTag } from '../corrections.js';
import { useBeLabels } from '../labels.js';
import { type RankingItem, type Rankings, useRankings, useScoreExplanation } from './api.js';
import { BranchName, MissedTag, RankBadge, SignalCell } from './cells.js';
import type { ResultsSelection } from './selection.js';

export const RANKING_PAGE_SIZE = 50;

/** What opening an explanation needs of a row. */
export type ExplainRow = Pick<RankingItem, 'branchId' | 'branchName'>;

/**
 * The viewer's own branch at a glance (a secretary looking for it among 300 rows): its rank,
 * movement and total, read from its explanation, which only its own readers get.
 */
function OwnBranchLine({
  branchId,
  month,
  onExplain,
}: {
  branchId: number;
  month: string;
  onExplain: (row: ExplainRow) => void;
}) {
  const { t } = useI18n();
  const q = useScoreExplanation({ branchId, month });
  const d = q.data;
  if (!d) return null;
  return (
    <div className="kh-be-own">
      <span>{t('be.results.ownLine', { branch: d.branchName, rank: d.rank, total: points2(d.total) })}</span>
      <Movement value={d.movement} />
      <MissedTag missed={d.mandatoryMissed} rectified={d.rectification !== null} />
      <Button
        type="link"
        size="small"
        onClick={() => onExplain({ branchId: d.branchId, branchName: d.branchName })}
      >
        {t('be.results.ownExplain')}
      </Button>
    </div>
  );
}

/**
 * 总排名: the month's ranking by total (competition ranks 1, 2, 2, 4), movement against last
 * month, the four category subtotals, the missed-mandatory flag and the daily-work signal. A row
 * opens its explanation where the viewer may read it.
 */
export function TotalRanking({
  sel,
  page,
  canExplain,
  onExplain,
}: {
  sel: ResultsSelection;
  page: number;
  canExplain: (branchId: number) => boolean;
  onExplain: (row: ExplainRow) => void;
}) {
  const { t } = useI18n();
  const l = useBeLabels();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const q = useRankings(sel.orgId, sel.month, page, RANKING_PAGE_SIZE);
  const data: Rankings | undefined = q.data;
  const mine = new Set(sel.ownBranchIds);
  const items = data?.items ?? [];

  const totalCell = (r: RankingItem) =>
    canExplain(r.branchId) ? (
      <Button
        type="link"
        size="small"
        className="kh-score-link"
        onClick={(e) => {
          e.stopPropagation();
          onExplain(r);
        }}
        aria-label={t('be.results.explainNamed', { branch: r.branchName, total: points2(r.total) })}
      >
        <strong>{points2(r.total)}</strong>
      </Button>
    ) : (
      <strong className="kh-be-total">{points2(r.total)}</strong>
    );

  const nameCell = (r: RankingItem, withMovement: boolean) => (
    <Space size={6} wrap>
      <BranchName name={r.branchName} code={r.branchCode} strong={mine.has(r.branchId)} />
      {withMovement ? <Movement value={r.movement} /> : null}
      <MissedTag missed={r.mandatoryMissed} />
      <CorrectedTag correction={r.correction} />
    </Space>
  );

  const columns: TableColumnsType<RankingItem> = [
    {
      title: t('be.results.rank'),
      dataIndex: 'rank',
      width: 64,
      align: 'center',
      render: (v: number) => <RankBadge rank={v} />,
    },
    {
      title: t('be.results.movement'),
      dataIndex: 'movement',
      width: 72,
      align: 'center',
      render: (v: number | null) => <Movement value={v} />,
    },
    { title: t('be.results.branch'), key: 'branch', render: (_v, r) => nameCell(r, false) },
    { title: t('be.results.total'), key: 'total', align: 'right', render: (_v, r) => totalCell(r) },
    ...categoryOrder.map((c) => ({
      title: l.category(c),
      key: c,
      align: 'right' as const,
      className: 'kh-be-num',
      render: (_v: unknown, r: RankingItem) => points2(r.byCategory[c]),
    })),
    {
      title: t('be.results.signal.label'),
      key: 'signal',
      align: 'right',
      render: (_v, r) => <SignalCell signal={r.signal} />,
    },
  ];

  const phoneColumns: TableColumnsType<RankingItem> = [
    columns[0] as TableColumnsType<RankingItem>[number],
    { title: t('be.results.branch'), key: 'branch', render: (_v, r) => nameCell(r, true) },
    {
      title: t('be.results.total'),
      key: 'total',
      align: 'right',
      render: (_v, r) => (
        <Space orientation="vertical" size={0} align="end">
          {totalCell(r)}
          <SignalCell signal={r.signal} />
        </Space>
      ),
    },
  ];

  return (
    <>
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {data && data.state !== 'published' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('be.results.notPublishedYet')} />
      ) : null}
      {sel.month && !sel.readsApproved
        ? sel.ownBranchIds
            .filter((id) => canExplain(id))
            .map((id) => (
              <OwnBranchLine key={id} branchId={id} month={sel.month ?? ''} onExplain={onExplain} />
            ))
        : null}
      <Table<RankingItem>
        rowKey="branchId"
        size={screens.md ? 'middle' : 'small'}
        columns={narrow ? phoneColumns : columns}
        dataSource={items}
        loading={q.isFetching}
        // A phone wraps long names instead of scrolling sideways.
        scroll={screens.md ? { x: 'max-content' } : undefined}
        locale={{ emptyText: q.isPending ? ' ' : t('be.results.emptyRanking') }}
        rowClassName={(r) =>
          [mine.has(r.branchId) ? 'kh-row-me' : '', canExplain(r.branchId) ? 'kh-be-row-link' : ''].join(' ')
        }
        onRow={(r) => (canExplain(r.branchId) ? { onClick: () => onExplain(r) } : {})}
        pagination={{
          current: page,
          pageSize: RANKING_PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('be.results.branchCount', { total }),
          onChange: (p) => sel.update({ page: p > 1 ? String(p) : null }),
        }}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        {t(
          items.length > 0 && items.every((r) => canExplain(r.branchId))
            ? 'be.results.explainHint'
            : items.some((r) => canExplain(r.branchId)) || sel.ownBranchIds.some((id) => canExplain(id))
              ? 'be.results.explainHintOwn'
              : 'be.results.explainHintNone',
        )}{' '}
        {t('be.results.signal.hint')}
      </Typography.Paragraph>
    </>
  );
}
