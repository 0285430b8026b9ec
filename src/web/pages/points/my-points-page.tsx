import { FileSearchOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { App, Button, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { lazy, Suspense, startTransition, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useToday } from '../../app/server-day.js';
import { useMe } from '../../auth/session.js';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { OnFirstOpen } from '../../components/on-first-open.js';
import { PageTitle } from '../../components/page-title.js';
import { Panel } from '../../components/panel.js';
import {
  type AppealView,
  type EntryView,
  type MyPoints,
  useAppeals,
  useCreateAppeal,
  useMyPoints,
  useMyYear,
  useScheme,
} from '../../features/points/api.js';
import { EntryActionButtons, useEntryActions } from '../../features/points/components/entry-actions.js';
import { EntryPoints } from '../../features/points/components/entry-points.js';
import type { ExplainTarget } from '../../features/points/components/explain-drawer.js';
import { Movement } from '../../features/points/components/movement.js';
import { AppealStateTag, EntryStateTag, TierTag, usePointsLabels } from '../../features/points/labels.js';
import { DimensionRadar, TrendChart } from '../../features/points/svg-charts.js';
import { useI18n } from '../../i18n/index.js';
import { points2 } from '../../lib/points.js';
import { useWide } from '../../lib/wide.js';

// What opens on a click — the declaration form (upload, date picker, steps), the entry and the
// explanation drawers, the appeal dialog — is fetched on first use, not with the page.
const DeclareForm = lazy(async () => ({
  default: (await import('../../features/points/components/entry-forms.js')).DeclareForm,
}));
const Drawer = lazy(async () => ({ default: (await import('../../components/drawer.js')).PageDrawer }));
const EntryDrawer = lazy(async () => ({
  default: (await import('../../features/points/components/entry-drawer.js')).EntryDrawer,
}));
const ExplainDrawer = lazy(async () => ({
  default: (await import('../../features/points/components/explain-drawer.js')).ExplainDrawer,
}));
const ReasonDialog = lazy(async () => ({
  default: (await import('../../features/points/components/reason-dialog.js')).ReasonDialog,
}));

type Quarter = MyPoints['quarters'][number];

/** Entries drawn in the first pass: about a phone screen's worth below the score. */
const FIRST_ENTRIES = 8;

/** Whether the member may still appeal this entry today, and until when. */
function appealWindow(entry: EntryView, quarters: readonly Quarter[], today: string): string | null {
  if (entry.state !== 'approved' || entry.kind !== 'normal') return null;
  const q = quarters.find((x) => x.quarter === entry.quarter);
  if (q?.state !== 'published' || !q.appealUntil) return null;
  return today <= q.appealUntil ? q.appealUntil : null;
}

function RankLine({ q }: { q: Quarter }) {
  const { t } = useI18n();
  if (q.rankInBranch == null) return null;
  return (
    <Space size={6}>
      <span>{t('points.me.rank', { rank: q.rankInBranch, size: q.branchSize ?? '—' })}</span>
      <Movement value={q.movement} />
    </Space>
  );
}

/**
 * 我的积分 (phone first): the running quarter's provisional score, each published quarter with
 * rank in the branch and movement, a trend and a dimension radar, the member's entries with
 * their states, 申报 with evidence, and 申诉 on approved entries while the window is open.
 */
export function MyPointsPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const labels = usePointsLabels();
  const wide = useWide();
  const my = useMyPoints();
  const scheme = useScheme(my.data?.scheme?.id);
  const myYear = useMyYear(my.data?.scheme?.currentVersion != null ? my.data.scheme.id : undefined);
  const appeals = useAppeals(
    { memberId: me.memberId ?? undefined, schemeId: my.data?.scheme?.id, pageSize: 200 },
    my.data?.scheme != null,
  );
  // The page is drawn from its four answers as a transition: as each one arrives a phone draws
  // the page again in slices between frames, not in one long task per answer.
  const answers = useDeferredValue(
    useMemo(
      () => ({ data: my.data, scheme: scheme.data, year: myYear.data, appeals: appeals.data }),
      [my.data, scheme.data, myYear.data, appeals.data],
    ),
  );
  const data = answers.data;
  const createAppeal = useCreateAppeal();
  const { run, dialog } = useEntryActions();
  const [declaring, setDeclaring] = useState(false);
  const [appealing, setAppealing] = useState<{ entry: EntryView; until: string } | null>(null);
  const [explain, setExplain] = useState<ExplainTarget | null>(null);
  const [openEntry, setOpenEntry] = useState<number | null>(null);
  const today = useToday();

  const published = useMemo(() => (data?.quarters ?? []).filter((q) => q.total != null), [data]);
  const latest = published[published.length - 1];
  const appealsByEntry = useMemo(() => {
    const m = new Map<number, AppealView>();
    for (const a of answers.appeals?.items ?? [])
      if (!m.has(a.entryId) || a.state === 'open') m.set(a.entryId, a);
    return m;
  }, [answers.appeals]);
  const caps = answers.scheme?.current?.rules.bonusCaps;

  // What a phone shows first (the score, the year, the quarters, the charts and the first entries)
  // is drawn in one pass; the rest of the entries, at the end of the page, in a second after that
  // has painted (appended below, they move nothing), so the first screen is not one long task
  // behind every entry of the year.
  const [whole, setWhole] = useState(false);
  useEffect(() => {
    if (!data || whole) return;
    const frame = requestAnimationFrame(() => startTransition(() => setWhole(true)));
    return () => cancelAnimationFrame(frame);
  }, [data, whole]);
  const shownEntries = whole ? (data?.entries ?? []) : (data?.entries ?? []).slice(0, FIRST_ENTRIES);

  if (my.isPending || (my.data && !data)) return <PageSpinner />;
  return (
    <div className="kh-phone-page">
      <PageTitle>{t('nav.myPoints')}</PageTitle>
      <ErrorAlert error={my.error} onRetry={() => void my.refetch()} />
      {data && !data.scheme ? (
        <Panel>
          <Empty description={t('points.me.noScheme')} />
        </Panel>
      ) : null}
      {data?.scheme ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Panel className="kh-score-hero">
            <Typography.Text className="kh-score-hero-label">
              {data.provisional
                ? t('points.me.provisional', { quarter: data.provisional.quarter })
                : t('points.me.noProvisional')}
            </Typography.Text>
            <div className="kh-score-hero-value" aria-live="polite">
              {data.provisional ? points2(data.provisional.total) : '—'}
            </div>
            <Typography.Text className="kh-score-hero-note">{t('points.me.provisionalNote')}</Typography.Text>
            <div className="kh-score-hero-actions">
              <Button
                type="primary"
                ghost
                icon={<PlusOutlined />}
                onClick={() => setDeclaring(true)}
                disabled={data.items.length === 0}
              >
                {t('points.declare.button')}
              </Button>
              <ButtonLink to="/points/board" icon={<TrophyOutlined />} ghost>
                {t('points.me.board')}
              </ButtonLink>
            </div>
          </Panel>

          {answers.year?.result ? (
            <Panel title={t('points.me.yearTitle', { year: data.scheme.year })}>
              <Space size={8} wrap>
                <TierTag tier={answers.year.result.tier} />
                <Typography.Text strong>{points2(answers.year.result.annualScore)}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('points.me.yearRank', {
                    rank: answers.year.result.rankInScope ?? '—',
                    n: answers.year.result.n,
                  })}
                </Typography.Text>
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                {t('points.me.yearReason', { reason: labels.tierReason(answers.year.result.reason) })}
              </Typography.Paragraph>
            </Panel>
          ) : null}

          <Panel title={t('points.me.quarters')}>
            <ul className="kh-plain-list">
              {data.quarters.map((q) => (
                <li key={q.quarter}>
                  <div className="kh-quarter-line">
                    <span className="kh-quarter-key">{q.quarter.slice(5)}</span>
                    {q.total != null ? (
                      <>
                        <span className="kh-quarter-score">{points2(q.total)}</span>
                        <span className="kh-quarter-rank">
                          <RankLine q={q} />
                        </span>
                        <Button
                          type="link"
                          size="small"
                          icon={<FileSearchOutlined />}
                          className="kh-quarter-explain"
                          onClick={() =>
                            data.scheme &&
                            setExplain({
                              schemeId: data.scheme.id,
                              quarter: q.quarter,
                              memberId: data.member.id,
                              name: data.member.name,
                            })
                          }
                          aria-label={t('points.me.explainQuarter', { quarter: q.quarter })}
                        >
                          {t('points.me.explain')}
                        </Button>
                      </>
                    ) : (
                      <Typography.Text type="secondary">
                        {t(`points.me.quarterState.${q.state}`)}
                      </Typography.Text>
                    )}
                  </div>
                </li>
              ))}
            </ul>
            {latest?.appealUntil && today <= latest.appealUntil ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('points.me.appealOpen', { quarter: latest.quarter, date: latest.appealUntil })}
              </Typography.Text>
            ) : null}
          </Panel>

          {published.length > 0 ? (
            <Row gutter={[12, 12]}>
              <Col xs={24} md={12}>
                <Panel title={t('points.me.trend')}>
                  <TrendChart
                    points={data.quarters.map((q) => ({ quarter: q.quarter, total: q.total }))}
                    label={t('points.me.trendLabel', {
                      values: data.quarters
                        .map((q) => `${q.quarter} ${points2(q.total)}`)
                        .join(t('common.listSeparator')),
                    })}
                  />
                </Panel>
              </Col>
              <Col xs={24} md={12}>
                <Panel title={t('points.me.radar', { quarter: latest?.quarter ?? '' })}>
                  {latest && caps ? (
                    <DimensionRadar
                      dims={(['political', 'professional', 'civility'] as const).map((d) => ({
                        name: labels.dimension(d),
                        value: latest[d] ?? 0,
                        cap: caps[d],
                      }))}
                      label={t('points.me.radarLabel', {
                        values: (['political', 'professional', 'civility'] as const)
                          .map((d) => `${labels.dimension(d)} ${points2(latest[d])}/${points2(caps[d])}`)
                          .join(t('common.listSeparator')),
                      })}
                    />
                  ) : (
                    <PageSpinner />
                  )}
                </Panel>
              </Col>
            </Row>
          ) : null}

          <Panel title={t('points.me.entries', { n: data.entries.length })}>
            {data.entries.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('points.me.noEntries')} />
            ) : null}
            <ul className="kh-plain-list">
              {shownEntries.map((e) => {
                const until = appealWindow(e, data.quarters, today);
                const appeal = appealsByEntry.get(e.id);
                return (
                  <li key={e.id} className="kh-entry-item">
                    <div className="kh-entry-main">
                      <div className="kh-entry-top">
                        <Button
                          type="link"
                          size="small"
                          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                          onClick={() => setOpenEntry(e.id)}
                        >
                          {e.itemName}
                        </Button>
                        <EntryPoints entry={e} />
                      </div>
                      <div className="kh-entry-meta">
                        <span>{e.occurredOn}</span>
                        <EntryStateTag state={e.state} />
                        {e.kind === 'adjustment' ? (
                          <Tag color="gold">{t('points.entry.adjustment')}</Tag>
                        ) : null}
                        {appeal ? (
                          <span>
                            {t('points.appeal.label')} <AppealStateTag state={appeal.state} />
                          </span>
                        ) : null}
                      </div>
                      {e.decisionReason &&
                      (e.state === 'returned_to_member' ||
                        e.state === 'rejected' ||
                        e.state === 'returned') ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('points.entry.reasonLine', { reason: e.decisionReason })}
                        </Typography.Text>
                      ) : null}
                      {appeal?.decisionReason ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('points.appeal.answer', { reason: appeal.decisionReason })}
                        </Typography.Text>
                      ) : null}
                      <div className="kh-entry-actions">
                        <EntryActionButtons entry={e} run={run} />
                        {until &&
                        !(appeal && appeal.state === 'open') &&
                        !(appeal && appeal.state === 'upheld') ? (
                          <Button size="small" onClick={() => setAppealing({ entry: e, until })}>
                            {t('points.appeal.button')}
                          </Button>
                        ) : null}
                        {until && !(appeal && appeal.state === 'open') ? (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('points.appeal.until', { date: until })}
                          </Typography.Text>
                        ) : null}
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          </Panel>
        </Space>
      ) : null}

      <OnFirstOpen open={declaring}>
        <Drawer
          open={declaring}
          onClose={() => setDeclaring(false)}
          placement={wide ? 'right' : 'bottom'}
          size={wide ? 480 : '88%'}
          title={t('points.declare.title')}
          destroyOnHidden
        >
          <Typography.Paragraph type="secondary">{t('points.declare.intro')}</Typography.Paragraph>
          {data?.scheme ? (
            <Suspense fallback={<PageSpinner />}>
              <DeclareForm
                schemeId={data.scheme.id}
                year={data.scheme.year}
                items={data.items}
                branchId={data.member.branchId}
                onDone={() => setDeclaring(false)}
              />
            </Suspense>
          ) : null}
        </Drawer>
      </OnFirstOpen>
      {appealing ? (
        <Suspense fallback={null}>
          <ReasonDialog
            open
            title={t('points.appeal.title', {
              item: appealing.entry.itemName,
              date: appealing.entry.occurredOn,
            })}
            description={t('points.appeal.intro', { date: appealing.until })}
            label={t('points.appeal.reason')}
            okText={t('points.appeal.submit')}
            onSubmit={(reason) =>
              createAppeal
                .mutateAsync({ entryId: appealing.entry.id, reason })
                .then(() => void message.success(t('points.appeal.sent')))
            }
            onClose={() => setAppealing(null)}
          />
        </Suspense>
      ) : null}
      <OnFirstOpen open={explain !== null}>
        <ExplainDrawer target={explain} onClose={() => setExplain(null)} />
      </OnFirstOpen>
      <OnFirstOpen open={openEntry !== null}>
        <EntryDrawer entryId={openEntry} onClose={() => setOpenEntry(null)} run={run} />
      </OnFirstOpen>
      {dialog}
    </div>
  );
}
