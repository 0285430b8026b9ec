import { Alert, App, Button, Empty, Space, Typography } from 'antd';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import { ApiError } from '../../../api/client.js';
import { ErrorAlert, errorText, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import {
  changedCodes,
  groupByCategory,
  type IndicatorDraft,
  maxOf,
  type SheetDraft,
  scoreText,
  selfCompleteness,
  selfSaveEntries,
  sheetEditable,
  sheetScoreErrors,
} from '../../../lib/be-round.js';
import { formatDateTime } from '../../../lib/format.js';
import { points2 } from '../../../lib/points.js';
import { useBeLabels } from '../labels.js';
import {
  type BranchMonthView,
  useBranchMonth,
  useBranchMonthStep,
  useMonthScore,
  useSaveSelf,
} from './api.js';
import { useScoreErrorText } from './common.js';
import { IndicatorCard, indicatorCardId, scoreFieldId } from './indicator-card.js';
import { MonthAlerts, MonthResultCard, MonthStatusCard, SubmitDialog } from './month-status.js';

type Translate = ReturnType<typeof useI18n>['t'];

/** The sheet as saved on the server, in the form the inputs edit. */
function draftFromView(view: BranchMonthView, t: Translate): SheetDraft {
  const out: SheetDraft = {};
  for (const i of view.indicators) {
    out[i.code] = {
      scoreText: scoreText(i.selfScore),
      note: i.note ?? '',
      files: i.evidence.files.map((f) => ({ id: f.id, name: f.name, mime: f.mime })),
      activities: i.evidence.activities.map((a) => ({
        id: a.id,
        title: a.title,
        occurredOn: a.occurredOn,
        files: a.files.map((f) => ({ id: f.id, name: f.name, mime: f.mime })),
      })),
      entries: i.evidence.entries.map((e) => ({
        id: e.id,
        label: t('be.round.link.entryLabel', { member: e.memberName, item: e.itemCode }),
        occurredOn: e.occurredOn,
        files: e.files.map((f) => ({ id: f.id, name: f.name, mime: f.mime })),
      })),
    };
  }
  return out;
}

/** The per-indicator messages of a refused save or submission (`details.issues`). */
function issuesByIndicator(e: unknown, locale: string): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const issues = (e.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return {};
  const out: Record<string, string> = {};
  for (const i of issues as { indicator?: string | null; message?: { zh: string; en: string } }[]) {
    if (i.indicator && i.message) out[i.indicator] = locale === 'en' ? i.message.en : i.message.zh;
  }
  return out;
}

interface Backup {
  savedAt: string;
  overrides: Record<string, IndicatorDraft>;
}

function readBackup(key: string): Backup | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Backup) : null;
  } catch {
    return null;
  }
}

function writeBackup(key: string, value: Backup | null) {
  try {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
  } catch {
    // Storage may be full or blocked; the draft then lives only in the page.
  }
}

/**
 * A branch's self-evaluation for one month (自评): the status and history, then every indicator
 * by category with score, note and evidence, and a bar at the bottom to save the draft and
 * submit. What is typed stays in the page (and in the browser's storage, in case the phone
 * drops the tab) until it is saved; leaving with unsaved changes asks first.
 */
export function SelfSheet({
  branchId,
  month,
  today,
  userId,
}: {
  branchId: number;
  month: string;
  today: string;
  userId: number;
}) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const l = useBeLabels();
  const scoreErrorText = useScoreErrorText();
  const q = useBranchMonth(branchId, month);
  const view = q.data;
  const published = view?.monthState === 'published';
  const score = useMonthScore(branchId, month, published);
  const saveSelf = useSaveSelf();
  const step = useBranchMonthStep();

  const baseline = useMemo(() => (view ? draftFromView(view, t) : {}), [view, t]);
  const baselineRef = useRef(baseline);
  baselineRef.current = baseline;
  const [overrides, setOverrides] = useState<Record<string, IndicatorDraft>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [submitAction, setSubmitAction] = useState<'submit' | 'resubmit' | null>(null);
  const backupKey = `kaohe.be.self.${userId}.${branchId}.${month}`;
  const [backup, setBackup] = useState<Backup | null>(() => readBackup(backupKey));

  const indicators = view?.indicators ?? [];
  const working: SheetDraft = useMemo(() => ({ ...baseline, ...overrides }), [baseline, overrides]);
  const dirtyCodes = useMemo(
    () => changedCodes(indicators, baseline, working),
    [indicators, baseline, working],
  );
  const dirty = dirtyCodes.length > 0;
  const editable =
    !!view && sheetEditable(view) && (view.actions.includes('submit') || view.actions.includes('resubmit'));
  const scoreErrors = useMemo(() => sheetScoreErrors(indicators, working), [indicators, working]);
  const check = useMemo(
    () => (view ? selfCompleteness(view.plan.settings, indicators, working) : null),
    [view, indicators, working],
  );

  const onChange = useCallback((code: string, patch: Partial<IndicatorDraft>) => {
    setOverrides((o) => {
      const current = o[code] ?? baselineRef.current[code];
      if (!current) return o;
      return { ...o, [code]: { ...current, ...patch } };
    });
    setServerErrors((e) => {
      if (!(code in e)) return e;
      const { [code]: _gone, ...rest } = e;
      return rest;
    });
  }, []);

  // Keep what is typed in the browser too: a phone may drop the tab while the secretary looks
  // for a photo. Cleared once everything is saved.
  useEffect(() => {
    if (!view) return;
    const pending = Object.fromEntries(dirtyCodes.map((c) => [c, working[c] as IndicatorDraft]));
    writeBackup(backupKey, dirty ? { savedAt: new Date().toISOString(), overrides: pending } : null);
  }, [view, dirty, dirtyCodes, working, backupKey]);

  // A backup from an earlier visit is offered only if it still differs from the saved sheet.
  const restorable = useMemo(() => {
    if (!backup || !view || !editable) return null;
    const codes = changedCodes(indicators, baseline, { ...baseline, ...backup.overrides });
    return codes.length > 0 ? codes : null;
  }, [backup, view, editable, indicators, baseline]);

  // Warn before leaving (another page, another month or branch, closing the tab).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('be.round.leave.title'),
      content: t('be.round.leave.body', { n: dirtyCodes.length }),
      okText: t('be.round.leave.ok'),
      okButtonProps: { danger: true },
      cancelText: t('be.round.leave.stay'),
      onOk: () => {
        writeBackup(backupKey, null);
        blocker.proceed();
      },
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t, dirtyCodes.length, backupKey]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const goTo = useCallback((code: string) => {
    setSubmitAction(null);
    const card = document.getElementById(indicatorCardId(code));
    card?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    const field = document.getElementById(scoreFieldId(code));
    if (field instanceof HTMLInputElement) field.focus({ preventScroll: true });
  }, []);

  if (q.isPending) return <PageSpinner />;
  if (q.isError || !view || !check) {
    return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  }

  /** Saves what changed; the new view, or null when nothing could be saved (the reason is shown). */
  const save = async (quiet: boolean): Promise<BranchMonthView | null> => {
    const r = selfSaveEntries(indicators, baseline, working);
    if (!r.ok) {
      const first = indicators.find((i) => i.code in r.errors);
      if (first) goTo(first.code);
      void message.error(t('be.round.save.fixFirst', { n: Object.keys(r.errors).length }));
      return null;
    }
    if (r.entries.length === 0) {
      if (!quiet) void message.info(t('be.round.save.nothing'));
      return view;
    }
    try {
      const next = await saveSelf.mutateAsync({ branchId, month, entries: r.entries });
      const saved = draftFromView(next, t);
      // Keep only what was typed after the save started (still different from what is saved now).
      setOverrides((o) => {
        const kept: Record<string, IndicatorDraft> = {};
        for (const [code, d] of Object.entries(o)) {
          const sent = r.entries.find((e) => e.code === code);
          const s = saved[code];
          if (!sent || !s) continue;
          if (changedCodes([{ code }], { [code]: s }, { [code]: d }).length > 0 && d !== working[code])
            kept[code] = d;
        }
        return kept;
      });
      setServerErrors({});
      setBackup(null);
      if (!quiet) void message.success(t('be.round.save.saved', { n: r.entries.length }));
      return next;
    } catch (e) {
      const byCode = issuesByIndicator(e, locale);
      setServerErrors(byCode);
      const first = indicators.find((i) => i.code in byCode);
      if (first) goTo(first.code);
      void message.error(errorText(e, locale, t));
      return null;
    }
  };

  const submit = async () => {
    if (!submitAction) return;
    const saved = await save(true);
    if (!saved) return;
    try {
      const next = await step.mutateAsync({ branchId, month, action: submitAction });
      setSubmitAction(null);
      void message.success(next.submittedLate ? t('be.round.submit.doneLate') : t('be.round.submit.done'));
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } catch (e) {
      const byCode = issuesByIndicator(e, locale);
      setServerErrors(byCode);
      setSubmitAction(null);
      void message.error(errorText(e, locale, t));
    }
  };

  const withdraw = () =>
    modal.confirm({
      title: t('be.round.withdraw.title'),
      content: t('be.round.withdraw.body', { date: view.deadlines.selfDue }),
      okText: t('be.round.withdraw.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await step.mutateAsync({ branchId, month, action: 'withdraw' });
          void message.success(t('be.round.withdraw.done'));
        } catch (e) {
          void message.error(errorText(e, locale, t));
        }
      },
    });

  // Enter in a score field goes on to the next one, as the phone keyboard's "next" key does.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (e.key !== 'Enter' || e.nativeEvent.isComposing || !target.id.startsWith('be-self-')) return;
    e.preventDefault();
    const i = indicators.findIndex((x) => scoreFieldId(x.code) === target.id);
    const next = indicators[i + 1];
    if (next) document.getElementById(scoreFieldId(next.code))?.focus();
  };

  const results = new Map((score.data?.indicators ?? []).map((r) => [r.code, r]));
  const submitAvailable = view.actions.includes('submit')
    ? 'submit'
    : view.actions.includes('resubmit')
      ? 'resubmit'
      : null;
  const lateIfSubmitted = today > view.deadlines.selfDue;
  const busy = saveSelf.isPending || step.isPending;
  const showBar = editable || view.actions.includes('withdraw');

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: catches Enter from the score fields inside
    <div onKeyDown={onKeyDown}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <MonthStatusCard view={view} today={today} />
        <MonthAlerts view={view} today={today} />
        {restorable ? (
          <Alert
            type="warning"
            showIcon
            title={t('be.round.backup.title', { n: restorable.length })}
            description={t('be.round.backup.body', { at: formatDateTime(backup?.savedAt).slice(0, 16) })}
            action={
              <Space orientation="vertical" size={4}>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    setOverrides((o) => ({ ...o, ...(backup?.overrides ?? {}) }));
                    setBackup(null);
                  }}
                >
                  {t('be.round.backup.restore')}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    writeBackup(backupKey, null);
                    setBackup(null);
                  }}
                >
                  {t('be.round.backup.discard')}
                </Button>
              </Space>
            }
          />
        ) : null}
        {published ? (
          score.isPending ? (
            <PageSpinner />
          ) : score.isError ? (
            <ErrorAlert error={score.error} onRetry={() => void score.refetch()} />
          ) : score.data ? (
            <MonthResultCard score={score.data} orgId={view.orgId} />
          ) : null
        ) : null}
      </Space>

      {indicators.length === 0 ? <Empty description={t('be.round.sheet.noIndicators')} /> : null}
      {groupByCategory(indicators).map((g) => {
        const filled = g.indicators.filter((i) => (working[i.code]?.scoreText ?? '').trim() !== '').length;
        return (
          <section key={g.category} className="kh-be-group" aria-labelledby={`be-group-${g.category}`}>
            <h2 className="kh-be-group-head" id={`be-group-${g.category}`}>
              {l.category(g.category)}
              <small>
                {g.category === 'innovation'
                  ? t('be.round.sheet.groupInnovation', {
                      n: g.indicators.length,
                      cap: points2(view.plan.settings.innovationCap),
                    })
                  : t('be.round.sheet.group', { n: g.indicators.length, max: points2(maxOf(g.indicators)) })}
                {editable
                  ? ` · ${t('be.round.sheet.groupFilled', { n: filled, total: g.indicators.length })}`
                  : ''}
              </small>
            </h2>
            <div className="kh-be-indicators">
              {g.indicators.map((i) => {
                const err = scoreErrors[i.code];
                return (
                  <IndicatorCard
                    key={i.code}
                    indicator={i}
                    draft={working[i.code] as IndicatorDraft}
                    onChange={onChange}
                    editable={editable}
                    branchId={branchId}
                    month={month}
                    scoreError={editable && err ? scoreErrorText(err, i.maxPoints) : null}
                    serverError={serverErrors[i.code] ?? null}
                    result={results.get(i.code)}
                    verification={i.verification}
                  />
                );
              })}
            </div>
          </section>
        );
      })}

      {showBar ? (
        <section className="kh-be-actionbar" aria-label={t('be.round.bar.label')}>
          <div className="kh-be-actionbar-info" aria-live="polite">
            {editable ? (
              <span>{t('be.round.bar.filled', { filled: check.filled, required: check.required })}</span>
            ) : null}
            {editable && check.evidenceMissing.length > 0 ? (
              <span>{t('be.round.bar.evidence', { n: check.evidenceMissing.length })}</span>
            ) : null}
            {editable ? (
              dirty ? (
                <span className="kh-be-dirty">{t('be.round.bar.dirty', { n: dirtyCodes.length })}</span>
              ) : (
                <Typography.Text type="secondary">{t('be.round.bar.saved')}</Typography.Text>
              )
            ) : (
              <span>{t('be.round.bar.submitted')}</span>
            )}
          </div>
          <div className="kh-be-actionbar-buttons">
            {editable ? (
              <Button
                onClick={() => void save(false)}
                loading={saveSelf.isPending && !submitAction}
                disabled={busy}
              >
                {t('be.round.bar.save')}
              </Button>
            ) : null}
            {editable && submitAvailable ? (
              <Button type="primary" onClick={() => setSubmitAction(submitAvailable)} disabled={busy}>
                {submitAvailable === 'resubmit' ? t('be.round.bar.resubmit') : t('be.round.bar.submit')}
              </Button>
            ) : null}
            {view.actions.includes('withdraw') ? (
              <Button onClick={withdraw} loading={step.isPending} danger>
                {t('be.round.bar.withdraw')}
              </Button>
            ) : null}
          </div>
        </section>
      ) : null}

      <SubmitDialog
        open={submitAction !== null}
        action={submitAction ?? 'submit'}
        check={check}
        indicators={indicators}
        late={lateIfSubmitted}
        busy={busy}
        onCancel={() => setSubmitAction(null)}
        onConfirm={() => void submit()}
        onGoTo={goTo}
      />
    </div>
  );
}
