import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { useBeLabels } from '../../features/branch-eval/labels.js';
import { exportRankings, useRankings } from '../../features/branch-eval/results/api.js';
import { ExplainDrawer, type ExplainTarget } from '../../features/branch-eval/results/explain-drawer.js';
import { GradeBoard } from '../../features/branch-eval/results/grade-board.js';
import { IndicatorRanking } from '../../features/branch-eval/results/indicator-ranking.js';
import { QuarterBoard } from '../../features/branch-eval/results/quarter-board.js';
import {
  RoundPickers,
  useCanExplain,
  useMonthLabel,
  useResultsSelection,
} from '../../features/branch-eval/results/selection.js';
import { type ExplainRow, TotalRanking } from '../../features/branch-eval/results/total-ranking.js';
import { useI18n } from '../../i18n/index.js';
import { toQueryString } from '../../lib/format.js';

const ChartsTab = lazy(async () => ({
  default: (await import('../../features/branch-eval/results/charts-tab.js')).ChartsTab,
}));

const tabKeys = ['total', 'indicator', 'quarter', 'grade', 'charts'] as const;
type TabKey = (typeof tabKeys)[number];
const isTab = (v: string | null): v is TabKey => tabKeys.includes(v as TabKey);

/**
 * 排名与报告: a round's published results — the month's ranking by total and by indicator with
 * movement, the quarter scores, the annual grades and the charts — with the Excel export and the
 * printable report for the secretaries' meeting. Everyone the round's board reaches may read it;
 * score explanations open for those who read the branch's evaluation.
 */
export function RankingsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const l = useBeLabels();
  const monthLabel = useMonthLabel();
  const sel = useResultsSelection();
  const canExplain = useCanExplain();
  const [explain, setExplain] = useState<ExplainTarget | null>(null);
  const [exporting, setExporting] = useState(false);
  const head = useRankings(sel.orgId, sel.month, 1, 1);
  const tabParam = sel.params.get('tab');
  const tab: TabKey = isTab(tabParam) ? tabParam : 'total';
  const pageNum = Number(sel.params.get('page'));
  const page = Number.isInteger(pageNum) && pageNum > 0 ? pageNum : 1;

  const doExport = async () => {
    if (!sel.orgId || !sel.month) return;
    setExporting(true);
    try {
      await exportRankings(sel.orgId, sel.month, `${t('be.results.exportName')}-${sel.month}.xlsx`);
    } catch (e) {
      void message.error(errorText(e, locale, t));
    } finally {
      setExporting(false);
    }
  };

  const open = (r: ExplainRow) =>
    sel.month &&
    setExplain({ branchId: r.branchId, branchName: r.branchName, month: sel.month, orgId: sel.orgId });

  const ready = sel.orgId !== null && sel.month !== null;
  const data = head.data;
  const body = () => {
    if (sel.resolving || (sel.orgId !== null && sel.months.isPending)) return <PageSpinner />;
    if (sel.orgId === null) {
      return (
        <Empty
          description={
            <Space orientation="vertical" size={4}>
              <Typography.Text>{t('be.results.noRound')}</Typography.Text>
              <Typography.Text type="secondary">{t('be.results.noRoundHint')}</Typography.Text>
            </Space>
          }
        />
      );
    }
    if (sel.months.error) return null;
    if (!ready) return <Empty description={t('be.results.noMonths')} />;
    return (
      <Tabs
        activeKey={tab}
        onChange={(k) => sel.update({ tab: k === 'total' ? null : k })}
        destroyOnHidden
        items={[
          {
            key: 'total',
            label: t('be.results.tab.total'),
            children: <TotalRanking sel={sel} page={page} canExplain={canExplain} onExplain={open} />,
          },
          {
            key: 'indicator',
            label: t('be.results.tab.indicator'),
            children: <IndicatorRanking sel={sel} page={page} />,
          },
          {
            key: 'quarter',
            label: t('be.results.tab.quarter'),
            children: <QuarterBoard sel={sel} page={page} />,
          },
          { key: 'grade', label: t('be.results.tab.grade'), children: <GradeBoard sel={sel} page={page} /> },
          {
            key: 'charts',
            label: t('be.results.tab.charts'),
            children: (
              <Suspense fallback={<PageSpinner />}>
                <ChartsTab sel={sel} />
              </Suspense>
            ),
          },
        ]}
      />
    );
  };

  return (
    <>
      <PageTitle>{t('nav.beRankings')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <RoundPickers sel={sel} />
          <div className="kh-toolbar-spacer" />
          <ButtonLink
            icon={<PrinterOutlined />}
            disabled={!ready}
            to={`/branch-eval/report${toQueryString({ org: sel.orgId, month: sel.month })}`}
          >
            {t('be.results.openReport')}
          </ButtonLink>
          <Button
            icon={<DownloadOutlined />}
            disabled={!ready || !data || data.total === 0}
            loading={exporting}
            onClick={() => void doExport()}
          >
            {t('be.results.export')}
          </Button>
        </div>
        <ErrorAlert error={sel.months.error} onRetry={() => void sel.months.refetch()} />
        {data && ready ? (
          <div className="kh-board-head">
            <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
              {t('be.results.heading', { org: data.orgName, month: monthLabel(data.month) })}
            </Typography.Title>
            <Space size={8} wrap>
              <Tag color={data.state === 'published' ? 'green' : 'orange'}>{l.monthState(data.state)}</Tag>
              {data.publishedOn ? (
                <Typography.Text type="secondary">
                  {t('be.results.publishedOn', { date: data.publishedOn })}
                </Typography.Text>
              ) : null}
            </Space>
          </div>
        ) : null}
        {body()}
      </Card>
      <ExplainDrawer target={explain} onClose={() => setExplain(null)} />
    </>
  );
}
