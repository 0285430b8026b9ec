import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useToday } from '../../app/server-day.js';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { useBeLabels } from '../../features/branch-eval/labels.js';
import { type MonthReport, useMonthReport } from '../../features/branch-eval/results/api.js';
import { BranchName, MissedTag, RankBadge, SignalCell } from '../../features/branch-eval/results/cells.js';
import {
  RoundPickers,
  useMonthLabel,
  useResultsSelection,
} from '../../features/branch-eval/results/selection.js';
import { Movement } from '../../features/points/components/movement.js';
import { useI18n } from '../../i18n/index.js';
import { categoryOrder, signalHighlights } from '../../lib/be-results.js';
import { toQueryString } from '../../lib/format.js';
import { points2 } from '../../lib/points.js';

type Row = MonthReport['rows'][number];

function Movers({ title, rows, empty }: { title: string; rows: Row[]; empty: string }) {
  return (
    <div className="kh-be-report-movers-col">
      <Typography.Title level={3} className="kh-be-report-h3">
        {title}
      </Typography.Title>
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{empty}</Typography.Text>
      ) : (
        <ol className="kh-be-report-list">
          {rows.map((r) => (
            <li key={r.branchId}>
              <span className="kh-be-report-name">
                <BranchName name={r.branchName} code={r.branchCode} />
              </span>
              <Movement value={r.movement} />
              <span className="kh-be-report-rank">{`#${r.rank}`}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The printable body: the same on screen and on A4 paper. */
function Report({ data }: { data: MonthReport }) {
  const today = useToday();
  const { t } = useI18n();
  const l = useBeLabels();
  const monthLabel = useMonthLabel();
  const signal = signalHighlights(data.signal, 10);
  const missed = data.missedMandatory;

  const columns: TableColumnsType<Row> = [
    {
      title: t('be.results.rank'),
      dataIndex: 'rank',
      width: 52,
      align: 'center',
      render: (v: number) => <RankBadge rank={v} />,
    },
    {
      title: t('be.results.movement'),
      dataIndex: 'movement',
      width: 60,
      align: 'center',
      render: (v: number | null) => <Movement value={v} />,
    },
    {
      title: t('be.results.branch'),
      key: 'branch',
      render: (_v, r) => (
        <Space size={4} wrap>
          <BranchName name={r.branchName} code={r.branchCode} />
          <MissedTag
            missed={r.mandatoryMissed}
            rectified={missed.find((m) => m.branchId === r.branchId)?.rectified ?? false}
          />
        </Space>
      ),
    },
    {
      title: t('be.results.total'),
      dataIndex: 'total',
      align: 'right',
      className: 'kh-be-num',
      render: (v: number) => <strong>{points2(v)}</strong>,
    },
    ...categoryOrder.map((c) => ({
      title: l.category(c),
      key: c,
      align: 'right' as const,
      className: 'kh-be-num kh-be-report-cat',
      render: (_v: unknown, r: Row) => points2(r.byCategory[c]),
    })),
    {
      title: t('be.results.signal.short'),
      key: 'signal',
      align: 'right',
      render: (_v, r) => <SignalCell signal={r.signal} />,
    },
  ];

  return (
    <article className="kh-be-report">
      <header className="kh-be-report-head">
        <Typography.Title level={1} className="kh-be-report-title">
          {t('be.results.report.title', { org: data.orgName, month: monthLabel(data.month) })}
        </Typography.Title>
        <div className="kh-be-report-meta">
          <span>{t('be.results.report.meeting')}</span>
          <span>
            {data.publishedOn
              ? t('be.results.publishedOn', { date: data.publishedOn })
              : t('be.results.report.unpublished')}
          </span>
          <span>{t('be.results.report.printedOn', { date: today })}</span>
          <span>{t('be.results.branchCount', { total: data.rows.length })}</span>
        </div>
      </header>
      {data.state !== 'published' ? (
        <Alert type="warning" showIcon title={t('be.results.notPublishedYet')} style={{ marginBottom: 12 }} />
      ) : null}

      <section aria-labelledby="kh-be-report-ranking">
        <Typography.Title level={2} id="kh-be-report-ranking" className="kh-be-report-h2">
          {t('be.results.report.ranking')}
        </Typography.Title>
        <Table<Row>
          rowKey="branchId"
          size="small"
          columns={columns}
          dataSource={data.rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          className="kh-be-report-table"
          locale={{ emptyText: t('be.results.emptyRanking') }}
        />
      </section>

      <section aria-labelledby="kh-be-report-movers" className="kh-be-report-section">
        <Typography.Title level={2} id="kh-be-report-movers" className="kh-be-report-h2">
          {t('be.results.report.movers')}
        </Typography.Title>
        <div className="kh-be-report-movers">
          <Movers
            title={t('be.results.report.up')}
            rows={data.movers.up}
            empty={t('be.results.report.noneUp')}
          />
          <Movers
            title={t('be.results.report.down')}
            rows={data.movers.down}
            empty={t('be.results.report.noneDown')}
          />
        </div>
      </section>

      <section aria-labelledby="kh-be-report-missed" className="kh-be-report-section">
        <Typography.Title level={2} id="kh-be-report-missed" className="kh-be-report-h2">
          {t('be.results.report.missed')}
        </Typography.Title>
        {missed.length === 0 ? (
          <Typography.Text type="secondary">{t('be.results.report.noneMissed')}</Typography.Text>
        ) : (
          <ul className="kh-be-report-list">
            {missed.map((m) => (
              <li key={m.branchId}>
                <span className="kh-be-report-name">{m.branchName}</span>
                <span>{m.indicators.map((i) => `${i.code} ${i.name}`).join(t('common.listSeparator'))}</span>
                {m.rectified ? (
                  <Tag>{t('be.results.missedRectified')}</Tag>
                ) : (
                  <Tag color="red">{t('be.results.report.notRectified')}</Tag>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="kh-be-report-signal" className="kh-be-report-section">
        <Typography.Title level={2} id="kh-be-report-signal" className="kh-be-report-h2">
          {t('be.results.report.signal')}
        </Typography.Title>
        {signal.shown.length === 0 ? (
          <Typography.Text type="secondary">{t('be.results.report.noneSignal')}</Typography.Text>
        ) : (
          <ul className="kh-be-report-list">
            {signal.shown.map((s) => (
              <li key={s.branchId}>
                <span className="kh-be-report-name">{s.branchName}</span>
                <SignalCell signal={s} />
                <Typography.Text type="secondary">
                  {t('be.results.signal.tip', { late: s.late, total: s.total })}
                </Typography.Text>
              </li>
            ))}
          </ul>
        )}
        {signal.more > 0 ? (
          <Typography.Text type="secondary">
            {t('be.results.report.signalMore', { n: signal.more })}
          </Typography.Text>
        ) : null}
        <Typography.Paragraph type="secondary" className="kh-be-report-foot">
          {t('be.results.report.signalNote')}
        </Typography.Paragraph>
      </section>
    </article>
  );
}

/**
 * 支部书记例会报告: one month's results of a round, laid out for the monthly secretaries'
 * meeting and for A4 portrait paper — the ranking, the biggest movers up and down, the missed
 * mandatory items and the daily-work signal.
 */
export function ReportPage() {
  const { t } = useI18n();
  const monthLabel = useMonthLabel();
  const sel = useResultsSelection();
  const q = useMonthReport(sel.orgId, sel.month);
  const data = q.data;
  useDocumentTitle(
    data
      ? t('be.results.report.title', { org: data.orgName, month: monthLabel(data.month) })
      : t('be.results.report.page'),
  );

  return (
    <div className="kh-be-report-page">
      <div className="kh-toolbar kh-no-print">
        <ButtonLink
          icon={<ArrowLeftOutlined />}
          to={`/branch-eval/rankings${toQueryString({ org: sel.orgId, month: sel.month })}`}
        >
          {t('be.results.report.back')}
        </ButtonLink>
        <RoundPickers sel={sel} />
        <div className="kh-toolbar-spacer" />
        <Button type="primary" icon={<PrinterOutlined />} disabled={!data} onClick={() => window.print()}>
          {t('be.results.report.print')}
        </Button>
      </div>
      <Card className="kh-be-report-card">
        <ErrorAlert
          error={sel.months.error ?? q.error}
          onRetry={() => void (q.error ? q.refetch() : sel.months.refetch())}
        />
        {sel.resolving ||
        (sel.orgId !== null && (sel.months.isPending || (sel.month !== null && q.isPending))) ? (
          <PageSpinner />
        ) : sel.orgId === null ? (
          <Empty description={t('be.results.noRound')} />
        ) : sel.month === null && !sel.months.error ? (
          <Empty description={t('be.results.noMonths')} />
        ) : data ? (
          <Report data={data} />
        ) : null}
      </Card>
    </div>
  );
}
