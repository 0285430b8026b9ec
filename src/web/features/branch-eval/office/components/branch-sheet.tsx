import {
  CheckOutlined,
  RollbackOutlined,
  SaveOutlined,
  UndoOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Empty, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { type Ref, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../../api/client.js';
import { ErrorAlert, errorText } from '../../../../components/feedback.js';
import { useI18n } from '../../../../i18n/index.js';
import {
  entryOf,
  initialDraft,
  innovationTotal,
  issuesOf,
  type PeerBreakdown,
  peerBreakdown,
  previewIndicator,
  previewMonth,
  sameDraft,
  sheetIssues,
  type VerifyDraft,
} from '../../../../lib/be-office.js';
import { categoryOrder } from '../../../../lib/be-results.js';
import { moveIndicator } from '../../../../lib/be-verify-keys.js';
import { formatDateTime } from '../../../../lib/format.js';
import { points2 } from '../../../../lib/points.js';
import { ReasonDialog } from '../../../points/components/reason-dialog.js';
import { useBeLabels } from '../../labels.js';
import {
  type BranchAction,
  type BranchMonthView,
  useBranchMonth,
  useBranchStep,
  usePeerScores,
  useSaveVerification,
} from '../api.js';
import { IndicatorCard } from './indicator-card.js';
import { BranchFlagTags, BranchStateTag } from './tags.js';

/** What the workbench's keys ask of the open branch. */
export interface SheetHandle {
  moveIndicator(delta: 1 | -1): void;
  saveNext(): void;
  verify(): void;
  openReturn(): void;
  /** Saves changed indicators before leaving the branch; false when that failed (stay then). */
  saveChanges(): Promise<boolean>;
  busy(): boolean;
  dialogOpen(): boolean;
}

type ReasonStep = Extract<BranchAction, 'return' | 'reopen_window' | 'reopen_verification'>;

const draftsOf = (view: BranchMonthView) =>
  Object.fromEntries(view.indicators.map((i) => [i.code, initialDraft(i)])) as Record<string, VerifyDraft>;

/**
 * The selected branch's month on the verification workbench (SPEC §3 step 3): every indicator side
 * by side with the office's verification, the preview of the month score, and the steps the office
 * may take — save, verify (then the next waiting branch), return for evidence, reopen a closed
 * self-evaluation window, reopen a verification. Reached by mouse or by the keys of
 * be-verify-keys.ts through `handle`.
 */
export function BranchSheet({
  branchId,
  month,
  handle,
  onDone,
}: {
  branchId: number;
  month: string;
  handle: Ref<SheetHandle>;
  /** After a verify or a return: the page opens the next waiting branch. */
  onDone: (action: 'verify' | 'return') => void;
}) {
  const { t, locale } = useI18n();
  const l = useBeLabels();
  const { message } = App.useApp();
  const view = useBranchMonth(branchId, month);
  const v = view.data;
  const hasEvaluative = v?.indicators.some((i) => i.category === 'evaluative') ?? false;
  const peers = usePeerScores(branchId, month, hasEvaluative);
  const save = useSaveVerification();
  const step = useBranchStep();
  const [drafts, setDrafts] = useState<Record<string, VerifyDraft> | null>(null);
  const [active, setActive] = useState(-1);
  const [failure, setFailure] = useState<unknown>(null);
  const [dialog, setDialog] = useState<ReasonStep | null>(null);

  // The sheet opens on what the office saved, else on the branch's own figures.
  useEffect(() => {
    if (v && drafts === null) setDrafts(draftsOf(v));
  }, [v, drafts]);

  // The plan's order, grouped by category as the plan shows it: an indicator a tailored plan added
  // (B05) sits with its category, not after the innovation indicators.
  const indicators = useMemo(
    () =>
      [...(v?.indicators ?? [])].sort(
        (a, b) => categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category),
      ),
    [v?.indicators],
  );
  // A newly opened branch (Ctrl+Enter went on to it) starts at its header, not where the last one was scrolled.
  const headRef = useRef<HTMLElement>(null);
  const loaded = v !== undefined;
  useEffect(() => {
    if (loaded) headRef.current?.scrollIntoView({ block: 'start' });
  }, [loaded]);
  const editable = !!v && v.state === 'self_submitted' && v.actions.includes('verify');
  const current = drafts ?? (v ? draftsOf(v) : {});
  const draftOf = (code: string) => {
    const ind = indicators.find((i) => i.code === code);
    return current[code] ?? (ind ? initialDraft(ind) : { verified: '', done: null, award: '', reason: '' });
  };
  const isDirty = (i: (typeof indicators)[number]) => !sameDraft(draftOf(i.code), initialDraft(i));

  const breakdowns = useMemo(() => {
    const out: Record<string, PeerBreakdown> = {};
    if (!peers.data) return out;
    for (const i of indicators)
      if (i.category === 'evaluative') out[i.code] = peerBreakdown(peers.data.raters, i.code);
    return out;
  }, [peers.data, indicators]);
  const peersOf = (code: string) => breakdowns[code]?.scores ?? [];

  const issues = v ? sheetIssues(v.plan.settings, indicators, current) : {};
  const issueCount = Object.values(issues).reduce((n, list) => n + list.length, 0);
  const month$ = v ? previewMonth(v.plan.settings, indicators, current, peersOf) : null;
  const innovation = v ? innovationTotal(indicators, current, v.plan.settings.innovationCap) : null;
  const dirtyCodes = indicators.filter(isDirty).map((i) => i.code);

  const focusIndicator = (index: number) => {
    setActive(index);
    const ind = indicators[index];
    if (!ind) return;
    const card = document.querySelector<HTMLElement>(`[data-ind-index="${index}"]`);
    card?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    if (!editable) return;
    const primary = card?.querySelector<HTMLInputElement>('[data-verify-primary]');
    const target =
      primary && !primary.disabled
        ? primary
        : card?.querySelector<HTMLInputElement>('[data-verify-field="reason"]');
    target?.focus({ preventScroll: true });
    target?.select();
  };

  const put = async (codes: readonly string[]) => {
    if (!v) return false;
    const list = indicators.filter((i) => codes.includes(i.code));
    const built = list.map((i) => ({ ind: i, ...entryOf(i, draftOf(i.code)) }));
    const bad = built.find((b) => b.unreadable);
    if (bad) {
      void message.error(t('be.office.fixScore', { code: bad.ind.code }));
      focusIndicator(indicators.indexOf(bad.ind));
      return false;
    }
    setFailure(null);
    try {
      const saved = await save.mutateAsync({ branchId, month, entries: built.map((b) => b.entry) });
      // What the server stored, as the sheet shows it ("28" typed reads back as "28.00").
      const fresh = Object.fromEntries(
        saved.indicators.filter((i) => codes.includes(i.code)).map((i) => [i.code, initialDraft(i)]),
      );
      setDrafts((prev) => ({ ...(prev ?? draftsOf(saved)), ...fresh }));
      return true;
    } catch (e) {
      setFailure(e);
      return false;
    }
  };

  const saveNext = async () => {
    if (indicators.length === 0) return;
    if (active < 0) {
      focusIndicator(0);
      return;
    }
    const ind = indicators[active];
    if (editable && ind && (isDirty(ind) || ind.verification === null)) {
      if (!(await put([ind.code]))) return;
    }
    if (active >= indicators.length - 1) {
      void message.info(t('be.office.lastIndicator'));
      return;
    }
    focusIndicator(active + 1);
  };

  const verify = async () => {
    if (!v) return;
    if (!v.actions.includes('verify')) {
      void message.warning(t('be.office.cannotVerify', { state: l.branchMonthState(v.state) }));
      return;
    }
    const firstProblem = indicators.findIndex((i) => (issues[i.code]?.length ?? 0) > 0);
    if (firstProblem >= 0) {
      void message.warning(t('be.office.fixFirst', { n: issueCount }));
      focusIndicator(firstProblem);
      return;
    }
    if (!(await put(indicators.map((i) => i.code)))) return;
    try {
      await step.mutateAsync({ branchId, month, action: 'verify' });
      void message.success(t('be.office.verifiedDone', { name: v.branchName }));
      onDone('verify');
    } catch (e) {
      setFailure(e);
    }
  };

  const runStep = async (action: ReasonStep, reason: string) => {
    if (!v) return;
    if (action !== 'return' && dirtyCodes.length > 0 && editable) await put(dirtyCodes);
    await step.mutateAsync({ branchId, month, action, reason });
    void message.success(t(`be.office.stepDone.${action}`, { name: v.branchName }));
    if (action === 'return') onDone('return');
    if (action === 'reopen_verification') setDrafts(null);
  };

  const openReturn = () => {
    if (!v) return;
    if (!v.actions.includes('return')) {
      void message.warning(t('be.office.cannotReturn', { state: l.branchMonthState(v.state) }));
      return;
    }
    setDialog('return');
  };

  // The latest closures for the page's key listener (it is registered once).
  const live = useRef({ saveNext, verify, openReturn, focusIndicator, active, count: indicators.length });
  live.current = { saveNext, verify, openReturn, focusIndicator, active, count: indicators.length };
  const busyRef = useRef(false);
  busyRef.current = save.isPending || step.isPending;
  const dialogRef = useRef(false);
  dialogRef.current = dialog !== null;
  const dirtyRef = useRef<() => Promise<boolean>>(async () => true);
  dirtyRef.current = async () => (editable && dirtyCodes.length > 0 ? put(dirtyCodes) : true);

  useImperativeHandle(
    handle,
    () => ({
      moveIndicator: (delta) => {
        const s = live.current;
        s.focusIndicator(moveIndicator(s.active, delta, s.count));
      },
      saveNext: () => void live.current.saveNext(),
      verify: () => void live.current.verify(),
      openReturn: () => live.current.openReturn(),
      saveChanges: () => dirtyRef.current(),
      busy: () => busyRef.current,
      dialogOpen: () => dialogRef.current,
    }),
    [],
  );

  if (view.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (view.error || !v)
    return <ErrorAlert error={view.error ?? new Error('no data')} onRetry={() => void view.refetch()} />;

  const closed = v.monthState === 'approved' || v.monthState === 'published';
  const failureIssues = failure instanceof ApiError ? issuesOf(failure.details) : [];
  const side = locale === 'en' ? 'en' : 'zh';

  return (
    <div className="kh-be-sheet" data-branch-id={branchId}>
      <header className="kh-be-sheet-head" ref={headRef}>
        <div className="kh-be-sheet-title">
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            {v.branchName}
          </Typography.Title>
          <BranchStateTag state={v.state} />
          <BranchFlagTags
            flags={{
              submittedLate: v.submittedLate,
              windowReopened: v.windowReopened,
              verifiedLate: v.verifiedLate,
              selfOverdue: false,
              verifyOverdue: false,
            }}
          />
        </div>
        <Space wrap size={[8, 8]} className="kh-be-sheet-actions">
          {editable ? (
            <Button
              icon={<SaveOutlined />}
              loading={save.isPending}
              disabled={dirtyCodes.length === 0 && indicators.every((i) => i.verification !== null)}
              onClick={() =>
                void put(indicators.map((i) => i.code)).then(
                  (ok) => ok && message.success(t('be.office.savedAll')),
                )
              }
            >
              {t('be.office.save')}
            </Button>
          ) : null}
          {v.actions.includes('verify') ? (
            <Tooltip title={t('be.office.verifyKey')}>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={step.isPending && step.variables?.action === 'verify'}
                onClick={() => void verify()}
                aria-keyshortcuts="Control+Enter"
              >
                {l.branchMonthAction('verify')}
              </Button>
            </Tooltip>
          ) : null}
          {v.actions.includes('return') ? (
            <Button icon={<RollbackOutlined />} onClick={openReturn} aria-keyshortcuts="r">
              {l.branchMonthAction('return')}
            </Button>
          ) : null}
          {v.actions.includes('reopen_window') ? (
            <Button icon={<UnlockOutlined />} onClick={() => setDialog('reopen_window')}>
              {l.branchMonthAction('reopen_window')}
            </Button>
          ) : null}
          {v.actions.includes('reopen_verification') ? (
            <Button icon={<UndoOutlined />} onClick={() => setDialog('reopen_verification')}>
              {l.branchMonthAction('reopen_verification')}
            </Button>
          ) : null}
        </Space>
      </header>

      <div className="kh-be-sheet-facts">
        <span>
          {v.submittedAt
            ? t('be.office.submittedAt', { at: formatDateTime(v.submittedAt) })
            : t('be.office.notSubmitted')}
          {v.submittedLate ? (
            <Tag color="orange" style={{ marginInlineStart: 6 }}>
              {t('be.office.late')}
            </Tag>
          ) : null}
        </span>
        <span>{t('be.office.dueDates', { self: v.deadlines.selfDue, verify: v.deadlines.verifyDue })}</span>
        <span>{t('be.office.planVersion', { version: v.plan.version })}</span>
        <span>
          {v.signal.percentText === null
            ? t('be.office.signalNone')
            : t('be.office.signal', {
                percent: v.signal.percentText,
                late: v.signal.late,
                total: v.signal.total,
              })}
        </span>
        {v.verifiedAt ? (
          <span>
            {t('be.office.verifiedAt', { at: formatDateTime(v.verifiedAt) })}
            {v.verifiedLate ? (
              <Tag color="gold" style={{ marginInlineStart: 6 }}>
                {t('be.office.late')}
              </Tag>
            ) : null}
          </span>
        ) : null}
      </div>

      {closed ? (
        <Alert type="info" showIcon title={t('be.office.monthClosed')} className="kh-be-alert" />
      ) : null}
      {!closed && v.state === 'self_open' ? (
        <Alert
          type={v.windowOpen ? 'info' : 'warning'}
          showIcon
          className="kh-be-alert"
          title={
            v.windowOpen
              ? v.windowReopened
                ? t('be.office.windowReopened', { reason: v.reopenReason ?? '' })
                : t('be.office.notSubmittedOpen', { due: v.deadlines.selfDue })
              : t('be.office.notSubmittedClosed', { due: v.deadlines.selfDue })
          }
        />
      ) : null}
      {!closed && v.state === 'returned' ? (
        <Alert
          type="warning"
          showIcon
          className="kh-be-alert"
          title={t('be.office.returnedWaiting', { reason: v.returnedReason ?? '' })}
        />
      ) : null}

      {editable || v.state === 'verified' ? (
        <div className="kh-be-summary" aria-live="polite">
          <span>
            {t('be.office.previewTotal')}{' '}
            <strong className="kh-be-num kh-be-total">{month$ ? points2(month$.total) : '—'}</strong>
            {month$?.mandatoryMissed ? (
              <Tag color="red" style={{ marginInlineStart: 6 }}>
                {t('be.office.mandatoryMissed')}
              </Tag>
            ) : null}
          </span>
          {innovation?.any ? (
            <span className={innovation.over ? 'kh-be-over' : undefined}>
              {t('be.office.innovationTotal', {
                awarded: points2(innovation.awarded),
                cap: points2(innovation.cap),
              })}
              {innovation.over ? ` · ${t('be.office.innovationOver')}` : ''}
            </span>
          ) : null}
          {editable ? (
            <span>
              {issueCount > 0 ? (
                <Typography.Text type="warning">{t('be.office.toFix', { n: issueCount })}</Typography.Text>
              ) : (
                <Typography.Text type="success">{t('be.office.readyToVerify')}</Typography.Text>
              )}
            </span>
          ) : null}
          {dirtyCodes.length > 0 ? (
            <Typography.Text type="warning">
              {t('be.office.unsavedN', { n: dirtyCodes.length })}
            </Typography.Text>
          ) : null}
        </div>
      ) : null}

      {failure ? (
        <Alert
          type="error"
          showIcon
          className="kh-be-alert"
          title={errorText(failure, locale, t)}
          description={
            failureIssues.length > 1 ? (
              <ul className="kh-be-issue-list">
                {failureIssues.map((i) => (
                  <li key={`${i.code}-${i.indicator ?? ''}`}>{i.message[side]}</li>
                ))}
              </ul>
            ) : undefined
          }
          closable={{ onClose: () => setFailure(null) }}
        />
      ) : null}
      {peers.error && !(peers.error instanceof ApiError && peers.error.status === 403) ? (
        <ErrorAlert error={peers.error} onRetry={() => void peers.refetch()} />
      ) : null}

      {indicators.length === 0 ? <Empty description={t('be.office.noIndicators')} /> : null}
      <div className="kh-be-inds">
        {indicators.map((ind, index) => {
          const d = draftOf(ind.code);
          return (
            <IndicatorCard
              key={ind.code}
              ind={ind}
              index={index}
              draft={d}
              editable={editable}
              showVerify={editable || ind.verification !== null}
              active={index === active}
              dirty={editable && isDirty(ind)}
              peers={breakdowns[ind.code] ?? null}
              peersLoading={peers.isPending && hasEvaluative && !peers.error}
              preview={
                editable || ind.verification !== null
                  ? previewIndicator(v.plan.settings, ind, d, peersOf(ind.code))
                  : null
              }
              issues={editable ? (issues[ind.code] ?? []) : []}
              onDraft={(next) => setDrafts({ ...current, [ind.code]: next })}
              branchId={branchId}
              month={month}
              onProjectsChanged={(saved) => {
                const fresh = saved.indicators.find((i) => i.code === ind.code);
                if (fresh)
                  setDrafts((prev) => ({ ...(prev ?? draftsOf(saved)), [ind.code]: initialDraft(fresh) }));
              }}
              onActivate={() => setActive(index)}
            />
          );
        })}
      </div>

      {dialog ? (
        <ReasonDialog
          open
          title={t(`be.office.dialog.${dialog}`, { name: v.branchName })}
          description={t(`be.office.dialogHint.${dialog}`)}
          okText={l.branchMonthAction(dialog)}
          danger={dialog === 'return'}
          onSubmit={(reason) => runStep(dialog, reason)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
