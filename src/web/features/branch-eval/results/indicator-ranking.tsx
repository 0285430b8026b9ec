import { Empty, Grid, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { categoryOrder } from '../../../lib/be-results.js';
import { points2 } from '../../../lib/points.js';
import { Movement } from '../../points/components/movement.js';
import { CategoryTag, useBeLabels } from '../labels.js';
import { type IndicatorRankItem, useIndicatorRanking, useRankings } from './api.js';
import { BranchName, RankBadge } from './cells.js';
import type { ResultsSelection } from './selection.js';

const PAGE_SIZE = 50;

/** 分项排名 (指标动态排序): the month's ranking by one indicator, with movement against last month. */
export function IndicatorRanking({ sel, page }: { sel: ResultsSelection; page: number }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const screens = Grid.useBreakpoint();
  // One row is enough to learn the month's indicators (the answer lists them whatever the page).
  const head = useRankings(sel.orgId, sel.month, 1, 1);
  const indicators = [...(head.data?.indicators ?? [])].sort(
    (a, b) => categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category),
  );
  const asked = sel.params.get('ind');
  const code = indicators.find((i) => i.code === asked)?.code ?? indicators[0]?.code ?? null;
  const q = useIndicatorRanking(sel.orgId, sel.month, code, page, PAGE_SIZE);
  const mine = new Set(sel.ownBranchIds);

  const columns: TableColumnsType<IndicatorRankItem> = [
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
    {
      title: t('be.results.branch'),
      key: 'branch',
      render: (_v, r) => <BranchName name={r.branchName} code={r.branchCode} strong={mine.has(r.branchId)} />,
    },
    ...(screens.sm
      ? [
          {
            title: t('be.results.branchCode'),
            dataIndex: 'branchCode',
            key: 'code',
            render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text>,
          },
        ]
      : []),
    {
      title: t('be.results.score'),
      dataIndex: 'score',
      align: 'right',
      className: 'kh-be-num',
      render: (v: number) => <strong>{points2(v)}</strong>,
    },
  ];

  return (
    <>
      <ErrorAlert
        error={head.error ?? q.error}
        onRetry={() => void (head.error ? head.refetch() : q.refetch())}
      />
      <div className="kh-toolbar">
        <Select
          aria-label={t('be.results.indicator')}
          showSearch={{ optionFilterProp: 'search' }}
          loading={head.isPending}
          value={code ?? undefined}
          placeholder={t('be.results.indicatorPlaceholder')}
          onChange={(v: string) => sel.update({ ind: v })}
          options={indicators.map((i) => ({
            value: i.code,
            search: `${i.code} ${i.name}`,
            label: (
              <Space size={6}>
                <CategoryTag category={i.category} />
                <span>{`${i.code} ${i.name}`}</span>
              </Space>
            ),
          }))}
          style={{ minWidth: 260, maxWidth: '100%' }}
          popupMatchSelectWidth={false}
        />
        {q.data ? (
          <Typography.Text type="secondary">
            {l.category(q.data.category)} · {t('be.results.branchCount', { total: q.data.total })}
          </Typography.Text>
        ) : null}
      </div>
      {head.data && indicators.length === 0 ? (
        <Empty description={t('be.results.noIndicators')} />
      ) : (
        <Table<IndicatorRankItem>
          rowKey="branchId"
          size={screens.md ? 'middle' : 'small'}
          columns={columns}
          dataSource={q.data?.items ?? []}
          loading={q.isFetching || head.isPending}
          // A phone wraps long names instead of scrolling sideways.
          scroll={screens.md ? { x: 'max-content' } : undefined}
          rowClassName={(r) => (mine.has(r.branchId) ? 'kh-row-me' : '')}
          locale={{ emptyText: q.isPending ? ' ' : t('be.results.emptyRanking') }}
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
      )}
    </>
  );
}
