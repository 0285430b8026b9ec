/**
 * The monthly round (SPEC §3 月评) per branch per month:
 * 1. `self` — "by the last working day of the month the branch self-scores each indicator with a
 *    note and evidence";
 * 2. `peer` — "in the same window each branch scores the evaluative indicators of the other
 *    branches assigned to it";
 * 3. `verify` — "within the first 5 working days of the next month the joint-evaluation office
 *    checks every indicator against evidence and sets the verified score, with a reason where it
 *    differs from the self score";
 * 4. `approve` — "the committee approves (审定) the month for all branches at once";
 * 5. `published` — "results and rankings are published".
 * "Working days follow the Chinese public-holiday calendar with its adjusted working days (调休)."
 *
 * Two state machines: one per branch-month (the branch's self-evaluation and its verification)
 * and one per month (the whole round). Deadlines never move a stored state by themselves: the
 * state in force is derived from the date ({@link effectiveMonthState}), so a missed cron job
 * cannot leave a window open.
 */
import type { Role } from '../access/roles.js';
// Not the calendar index: the web loads this file, and holiday-library.ts carries the holiday tables.
import { compareIsoDate, type IsoDate } from '../calendar/dates.js';
import { monthRange, nextMonth } from '../calendar/periods.js';
import {
  type HolidayCalendar,
  lastWorkingDayOfMonth,
  nthWorkingDayOfMonth,
  unknownYearsBetween,
} from '../calendar/working-days.js';
import type { Hundredths } from './exact.js';
import { errorsOf, type Issue, issue, type Label } from './issues.js';
import type { BranchId, PlanTemplate } from './plan.js';
import { scoreIndicator } from './scoring.js';
import {
  actionsFrom,
  applyTransition,
  refuse,
  type StepOk,
  type StepRefused,
  step,
  type Transition,
} from './workflow.js';

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/** The dates of one month's round. */
export interface MonthDeadlines {
  /** First day of the month: self and peer evaluation may start. */
  readonly opensOn: IsoDate;
  /** Last working day of the month: self-evaluation due (SPEC §3 step 1, §1 "by the last working day"). */
  readonly selfDue: IsoDate;
  /** Peer evaluation is due in the same window (SPEC §3 step 2). */
  readonly peerDue: IsoDate;
  /** First working day of the next month: verification starts. */
  readonly verifyStart: IsoDate;
  /** The n-th (default 5th) working day of the next month: verification due (SPEC §3 step 3). */
  readonly verifyDue: IsoDate;
  /**
   * True when a deadline was counted across a year whose holidays the calendar does not know
   * (`unknownYears`): every Monday–Friday of it counted as worked, so a date may be wrong.
   */
  readonly calendarUncertain: boolean;
  readonly unknownYears: number[];
}

export interface DeadlineOptions {
  /** Working days of the next month the office has to verify (SPEC §3 default 5). */
  readonly verifyWorkingDays: number;
}

export const defaultDeadlineOptions: DeadlineOptions = { verifyWorkingDays: 5 };

/**
 * The month's deadlines on the Chinese working-day calendar (SPEC §3): self and peer evaluation by
 * the month's last working day (a make-up Saturday counts: February 2026 ends Sat 28th, a 调休
 * working day), verification by the `verifyWorkingDays`-th working day of the next month
 * (December's verification runs into January of the next year); `calendarUncertain` when any of
 * it falls in a year the holiday calendar does not know. Throws RangeError for an
 * impossible month or when the next month has too few working days.
 */
export function monthDeadlines(
  cal: HolidayCalendar,
  year: number,
  month: number,
  opts: DeadlineOptions = defaultDeadlineOptions,
): MonthDeadlines {
  const { start } = monthRange(year, month);
  const selfDue = lastWorkingDayOfMonth(cal, year, month);
  const next = nextMonth({ year, month });
  const verifyDue = nthWorkingDayOfMonth(cal, next.year, next.month, opts.verifyWorkingDays);
  const unknownYears = unknownYearsBetween(cal, start, verifyDue);
  return {
    opensOn: start,
    selfDue,
    peerDue: selfDue,
    verifyStart: nthWorkingDayOfMonth(cal, next.year, next.month, 1),
    verifyDue,
    calendarUncertain: unknownYears.length > 0,
    unknownYears,
  };
}

/** Whether something done on `submittedOn` missed `due` (the due day itself is on time). */
export function isLate(submittedOn: IsoDate, due: IsoDate): boolean {
  return compareIsoDate(submittedOn, due) > 0;
}

export type WindowCheck = { readonly ok: true } | { readonly ok: false; readonly error: Issue };

/**
 * Whether a branch may submit its self-evaluation on `today` (SPEC §3: "by the last working day
 * of the month"): from the month's first day (`window_not_open` before) to `selfDue` inclusive
 * (`window_closed` after), unless the office reopened the window for this branch — a reopened
 * window stays open until the branch submits or the month is approved.
 */
export function canSubmitSelf(
  today: IsoDate,
  deadlines: MonthDeadlines,
  windowReopened: boolean,
): WindowCheck {
  return windowCheck(today, deadlines.opensOn, deadlines.selfDue, windowReopened);
}

/** Whether peer scores may be entered on `today`: the same window as self-evaluation (SPEC §3 step 2). */
export function canSubmitPeer(
  today: IsoDate,
  deadlines: MonthDeadlines,
  windowReopened: boolean,
): WindowCheck {
  return windowCheck(today, deadlines.opensOn, deadlines.peerDue, windowReopened);
}

function windowCheck(today: IsoDate, opensOn: IsoDate, due: IsoDate, reopened: boolean): WindowCheck {
  if (compareIsoDate(today, opensOn) < 0) return { ok: false, error: issue('window_not_open', { opensOn }) };
  if (!reopened && isLate(today, due)) return { ok: false, error: issue('window_closed', { due }) };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// What a branch submits and what the office verifies
// ---------------------------------------------------------------------------------------------

/** A branch's self-evaluation of one indicator (自评): score, note, number of evidence files. */
export interface SelfEntry {
  readonly score?: Hundredths | null;
  readonly note?: string | null;
  readonly evidenceCount?: number;
}

/**
 * Problems of a self-evaluation before it is submitted (SPEC §3 step 1: "the branch self-scores
 * each indicator with a note and evidence"): every mandatory, basic and evaluative indicator
 * needs a self score (`self_missing`; an innovation claim is optional); scores whole hundredths
 * within 0..max; evidence only where the indicator requires it and the branch claims points
 * (`evidence_missing`; SPEC §7: "evidence is asked for only where the item requires it", so a
 * zero claim needs none). The note is optional. Codes outside the plan: `unknown_indicator`.
 */
export function validateSelfEvaluation(
  plan: PlanTemplate,
  entries: Readonly<Record<string, SelfEntry>>,
): Issue[] {
  const issues = unknownCodes(plan, entries);
  for (const indicator of plan.indicators) {
    const code = indicator.code;
    const entry = Object.hasOwn(entries, code) ? entries[code] : undefined;
    const score = entry?.score ?? null;
    if (score === null) {
      if (indicator.category !== 'innovation')
        issues.push(issue('self_missing', { code }, { indicator: code }));
      continue;
    }
    issues.push(...rangeIssues(code, 'self', score, indicator.maxPoints));
    if (indicator.evidenceRequired && score > 0 && (entry?.evidenceCount ?? 0) < 1) {
      issues.push(issue('evidence_missing', { code }, { indicator: code }));
    }
  }
  return issues;
}

/** The office's verification of one indicator (验证), with the branch's self score beside it. */
export interface VerificationEntry {
  readonly self?: Hundredths | null;
  readonly verified?: Hundredths | null;
  /** Mandatory only: whether it was done. */
  readonly done?: boolean | null;
  /** Innovation only: the points the office awards (none: 0). */
  readonly innovationAward?: Hundredths | null;
  readonly reason?: string | null;
}

/**
 * Problems of the office's verification of one branch-month (SPEC §3 step 3: "checks every
 * indicator against evidence and sets the verified score, with a reason where it differs from the
 * self score"): the inputs each category needs, in range (the rules of scoreIndicator, without
 * peer scores), and `verify_reason_required` where the office's figure — the verified score, 0
 * for a mandatory indicator not done, the award for innovation — differs from a given self score.
 * Missing entries: `inputs_missing` (innovation may be left out: no award).
 */
export function validateVerification(
  plan: PlanTemplate,
  entries: Readonly<Record<string, VerificationEntry>>,
): Issue[] {
  const issues = unknownCodes(plan, entries);
  for (const indicator of plan.indicators) {
    const code = indicator.code;
    const entry = Object.hasOwn(entries, code) ? entries[code] : undefined;
    if (entry === undefined) {
      if (indicator.category !== 'innovation')
        issues.push(issue('inputs_missing', { code }, { indicator: code }));
      continue;
    }
    const scored = scoreIndicator(
      indicator,
      {
        self: entry.self ?? null,
        verified: entry.verified ?? null,
        done: entry.done ?? null,
        innovationAward: entry.innovationAward ?? null,
      },
      plan.weights,
    );
    if (!scored.ok) {
      issues.push(...scored.issues);
      continue;
    }
    const self = entry.self ?? null;
    const officeFigure =
      indicator.category === 'innovation'
        ? (entry.innovationAward ?? 0)
        : indicator.category === 'mandatory' && entry.done === false
          ? 0
          : (entry.verified ?? 0);
    if (self !== null && officeFigure !== self && (entry.reason ?? '').trim() === '') {
      issues.push(
        issue('verify_reason_required', { code, self, verified: officeFigure }, { indicator: code }),
      );
    }
  }
  return issues;
}

/**
 * Problems of one rater's peer scores for one rated branch (SPEC §3 step 2: peers score "the
 * evaluative indicators"): every evaluative indicator of the rated branch's plan scored
 * (`inputs_missing`), nothing else (`input_not_applicable`), whole hundredths in 0..max.
 */
export function validatePeerScores(
  ratedPlan: PlanTemplate,
  scores: Readonly<Record<string, Hundredths>>,
): Issue[] {
  const issues = unknownCodes(ratedPlan, scores);
  for (const indicator of ratedPlan.indicators) {
    const code = indicator.code;
    const score = Object.hasOwn(scores, code) ? scores[code] : undefined;
    if (indicator.category !== 'evaluative') {
      if (score !== undefined) {
        issues.push(
          issue(
            'input_not_applicable',
            { code, category: indicator.category, input: 'peer' },
            { indicator: code },
          ),
        );
      }
      continue;
    }
    if (score === undefined) issues.push(issue('inputs_missing', { code }, { indicator: code }));
    else issues.push(...rangeIssues(code, 'peer', score, indicator.maxPoints));
  }
  return issues;
}

function unknownCodes(plan: PlanTemplate, entries: Readonly<Record<string, unknown>>): Issue[] {
  const known = new Set(plan.indicators.map((i) => i.code));
  return Object.keys(entries)
    .filter((code) => !known.has(code))
    .map((code) => issue('unknown_indicator', { code }, { indicator: code }));
}

function rangeIssues(code: string, input: string, value: number, max: Hundredths): Issue[] {
  if (!Number.isSafeInteger(value))
    return [issue('score_not_integer', { code, input, value: String(value) }, { indicator: code })];
  if (value < 0) return [issue('score_negative', { code, input, value }, { indicator: code })];
  if (value > max) return [issue('score_above_max', { code, input, value, max }, { indicator: code })];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Month state machine (the whole round)
// ---------------------------------------------------------------------------------------------

/**
 * `open`: self and peer evaluation under way (until the last working day); `verifying`: the
 * office verifies (from the day after); `approved`: the committee approved every branch;
 * `published`: results and rankings are public. Nothing leaves `published`: corrections are new
 * records (SPEC §7 "Nothing lost, nothing silently changed").
 */
export const monthStates = ['open', 'verifying', 'approved', 'published'] as const;
export type MonthState = (typeof monthStates)[number];

export const monthActions = ['close_window', 'approve', 'publish'] as const;
export type MonthAction = (typeof monthActions)[number];

export const monthStateLabels: Record<MonthState, Label> = {
  open: { zh: '自评互评中', en: 'Self and peer evaluation' },
  verifying: { zh: '验证中', en: 'Verifying' },
  approved: { zh: '已审定', en: 'Approved' },
  published: { zh: '已发布', en: 'Published' },
};

export const monthActionLabels: Record<MonthAction, Label> = {
  close_window: { zh: '自评互评截止', en: 'Close self and peer evaluation' },
  approve: { zh: '审定本月结果', en: 'Approve the month' },
  publish: { zh: '发布结果与排名', en: 'Publish results and rankings' },
};

/**
 * SPEC §3 steps 4–5 (§1: the committee "approve[s] … results, publish[es]"). `close_window` is
 * automatic, the day after the peer deadline.
 */
export const monthTransitions: readonly Transition<MonthState, MonthAction>[] = [
  step('open', 'close_window', 'verifying', [], { automatic: true }),
  step('verifying', 'approve', 'approved', ['committee']),
  step('approved', 'publish', 'published', ['committee']),
];

/** The month's state in force on `today`: a stored `open` is `verifying` once the peer deadline has passed. */
export function effectiveMonthState(
  stored: MonthState,
  today: IsoDate,
  deadlines: MonthDeadlines,
): MonthState {
  return stored === 'open' && isLate(today, deadlines.peerDue) ? 'verifying' : stored;
}

/** A branch's state in the month, for approval. */
export interface BranchMonthStatus {
  readonly branchId: BranchId;
  readonly state: BranchMonthState;
}

export interface MonthContext {
  readonly today: IsoDate;
  readonly deadlines: MonthDeadlines;
  /** Every branch taking part in the month. */
  readonly branches: readonly BranchMonthStatus[];
  readonly reason?: string | null;
}

export type MonthStepResult = StepOk<MonthState, MonthAction> | StepRefused;

/**
 * Takes a month step (SPEC §3 steps 4–5, {@link monthTransitions}), from the state in force on
 * `ctx.today`. Refusals: `month_not_closed` (approving, or closing, before the peer deadline has
 * passed), `invalid_transition`, `role_not_allowed`, `no_branches`, and `unverified_branches`
 * with the ids of every branch not yet `verified` ("approves the month for all branches at
 * once": all or nothing). Approval after the verification deadline is allowed: the deadline is the
 * office's, and the late verifications are visible through {@link isLate}.
 */
export function nextMonthState(
  stored: MonthState,
  action: MonthAction,
  roles: readonly Role[],
  ctx: MonthContext,
): MonthStepResult {
  const state = effectiveMonthState(stored, ctx.today, ctx.deadlines);
  if (state === 'open' && (action === 'approve' || action === 'close_window')) {
    return refuse('month_not_closed', { due: ctx.deadlines.peerDue });
  }
  // A stored `open` past its deadline closes by itself; the scheduler may still persist that.
  const from = action === 'close_window' ? stored : state;
  const result = applyTransition(monthTransitions, from, action, roles, ctx.reason);
  if (!result.ok) return result;
  if (action === 'approve') {
    if (ctx.branches.length === 0) return refuse('no_branches');
    const unverified = ctx.branches
      .filter((b) => b.state !== 'verified')
      .map((b) => b.branchId)
      .sort((a, b) => a - b);
    if (unverified.length > 0) return refuse('unverified_branches', { branches: unverified });
  }
  return result;
}

/** The manual month steps a user holding `roles` can take on `today` (the UI's buttons). */
export function availableMonthActions(
  stored: MonthState,
  roles: readonly Role[],
  today: IsoDate,
  deadlines: MonthDeadlines,
): Transition<MonthState, MonthAction>[] {
  return actionsFrom(monthTransitions, effectiveMonthState(stored, today, deadlines), roles);
}

// ---------------------------------------------------------------------------------------------
// Branch-month state machine
// ---------------------------------------------------------------------------------------------

/**
 * `self_open`: the branch is entering its self-evaluation; `self_submitted`: waiting for the
 * office; `returned`: the office sent it back for evidence (退回补充佐证), the branch corrects and
 * resubmits; `verified`: the office set every verified score.
 */
export const branchMonthStates = ['self_open', 'self_submitted', 'returned', 'verified'] as const;
export type BranchMonthState = (typeof branchMonthStates)[number];

export const branchMonthActions = [
  'submit',
  'withdraw',
  'reopen_window',
  'return',
  'resubmit',
  'verify',
  'reopen_verification',
] as const;
export type BranchMonthAction = (typeof branchMonthActions)[number];

export const branchMonthStateLabels: Record<BranchMonthState, Label> = {
  self_open: { zh: '待自评', en: 'Self-evaluation open' },
  self_submitted: { zh: '待验证', en: 'Awaiting verification' },
  returned: { zh: '退回补充', en: 'Returned for evidence' },
  verified: { zh: '已验证', en: 'Verified' },
};

export const branchMonthActionLabels: Record<BranchMonthAction, Label> = {
  submit: { zh: '提交自评', en: 'Submit self-evaluation' },
  withdraw: { zh: '撤回自评', en: 'Withdraw self-evaluation' },
  reopen_window: { zh: '重新开放自评', en: 'Reopen self-evaluation' },
  return: { zh: '退回补充佐证', en: 'Return for evidence' },
  resubmit: { zh: '重新提交', en: 'Resubmit' },
  verify: { zh: '确认验证', en: 'Mark verified' },
  reopen_verification: { zh: '重新验证', en: 'Reopen verification' },
};

/**
 * Who may do what (SPEC §1: the secretary self-evaluates, the joint-evaluation office verifies):
 * - secretary: `submit` (in the window), `withdraw` (take a submission back while the window is
 *   open and the office has not verified it), `resubmit` (after a return; no window check, the
 *   office asked for it);
 * - eval_office: `return` (with a reason), `verify`, `reopen_window` (with a reason, once the
 *   window has closed for a branch that did not submit), `reopen_verification` (with a reason,
 *   to correct a verification before the committee approves).
 */
export const branchMonthTransitions: readonly Transition<BranchMonthState, BranchMonthAction>[] = [
  step('self_open', 'submit', 'self_submitted', ['secretary']),
  step('self_open', 'reopen_window', 'self_open', ['eval_office'], { reasonRequired: true }),
  step('self_submitted', 'withdraw', 'self_open', ['secretary']),
  step('self_submitted', 'return', 'returned', ['eval_office'], { reasonRequired: true }),
  step('self_submitted', 'verify', 'verified', ['eval_office']),
  step('returned', 'resubmit', 'self_submitted', ['secretary']),
  step('verified', 'reopen_verification', 'self_submitted', ['eval_office'], { reasonRequired: true }),
];

export interface BranchMonthContext {
  readonly today: IsoDate;
  readonly deadlines: MonthDeadlines;
  /** The stored month state (the state in force is derived from `today`). */
  readonly monthState: MonthState;
  /** The office reopened this branch's self-evaluation window. */
  readonly windowReopened?: boolean;
  readonly reason?: string | null;
  /**
   * For `submit` and `resubmit`: {@link validateSelfEvaluation} of what is submitted; for
   * `verify`: {@link validateVerification}. Required for those steps (`checks_missing`), so a
   * caller cannot skip the check by accident.
   */
  readonly checks?: readonly Issue[];
}

/**
 * A branch step that passed. `late`: a self-evaluation submitted after `selfDue` (reopened
 * window, resubmission) or a verification after `verifyDue`. `windowReopened`: the flag to store.
 */
export type BranchStepResult =
  | (StepOk<BranchMonthState, BranchMonthAction> & {
      readonly late: boolean;
      readonly windowReopened: boolean;
    })
  | StepRefused;

/**
 * Takes a branch-month step ({@link branchMonthTransitions}). Refusals, in the order checked:
 * `month_closed` (the month is approved or published: nothing changes any more), then
 * `invalid_transition`, `role_not_allowed`, `reason_required`, then the step's own rule:
 * `window_not_open` / `window_closed` for `submit` and `withdraw`, `window_open` for
 * `reopen_window` while the window is still open, `checks_missing`, `self_evaluation_incomplete`
 * or `verification_incomplete` (with the issue codes) for `submit`, `resubmit` and `verify`.
 */
export function nextBranchMonthState(
  state: BranchMonthState,
  action: BranchMonthAction,
  roles: readonly Role[],
  ctx: BranchMonthContext,
): BranchStepResult {
  const monthState = effectiveMonthState(ctx.monthState, ctx.today, ctx.deadlines);
  if (monthState === 'approved' || monthState === 'published') return refuse('month_closed');
  const result = applyTransition(branchMonthTransitions, state, action, roles, ctx.reason);
  if (!result.ok) return result;
  const blocked = guard(action, ctx) ?? checkData(action, ctx.checks);
  if (blocked) return { ok: false, error: blocked };
  const reopened = action === 'reopen_window' ? true : (ctx.windowReopened ?? false);
  const late =
    action === 'submit' || action === 'resubmit'
      ? isLate(ctx.today, ctx.deadlines.selfDue)
      : action === 'verify' && isLate(ctx.today, ctx.deadlines.verifyDue);
  return { ...result, late, windowReopened: reopened };
}

/**
 * The branch-month steps a user holding `roles` can take now (the UI's buttons): allowed by the
 * table and by the step's date rule; the month must not be approved. Reasons and data checks are
 * asked for when the button is pressed.
 */
export function availableBranchMonthActions(
  state: BranchMonthState,
  roles: readonly Role[],
  ctx: Omit<BranchMonthContext, 'reason' | 'checks'>,
): Transition<BranchMonthState, BranchMonthAction>[] {
  const monthState = effectiveMonthState(ctx.monthState, ctx.today, ctx.deadlines);
  if (monthState === 'approved' || monthState === 'published') return [];
  return actionsFrom(branchMonthTransitions, state, roles).filter((t) => guard(t.action, ctx) === null);
}

/** The date rule of a step, or null when it may be taken. */
function guard(action: BranchMonthAction, ctx: Omit<BranchMonthContext, 'reason' | 'checks'>): Issue | null {
  const window = canSubmitSelf(ctx.today, ctx.deadlines, ctx.windowReopened ?? false);
  switch (action) {
    case 'submit':
    case 'withdraw':
      return window.ok ? null : window.error;
    case 'reopen_window':
      if (window.ok) return issue('window_open', { due: ctx.deadlines.selfDue });
      // Only a closed window can be reopened; before the month opens there is nothing to reopen.
      return window.error.code === 'window_closed' ? null : window.error;
    default:
      return null;
  }
}

function checkData(action: BranchMonthAction, checks: readonly Issue[] | undefined): Issue | null {
  if (action !== 'submit' && action !== 'resubmit' && action !== 'verify') return null;
  if (checks === undefined) return issue('checks_missing');
  const errors = errorsOf(checks);
  if (errors.length === 0) return null;
  const codes = [...new Set(errors.map((e) => e.code))];
  return issue(action === 'verify' ? 'verification_incomplete' : 'self_evaluation_incomplete', {
    issues: codes,
  });
}
