/**
 * Workflow state machines of the points module (SPEC §2), one per entity, each transition with
 * the roles allowed to take it. The server enforces them; the UI reads {@link availableActions}
 * to show the buttons. Scope (which branch, whose declaration) is the service's check: these
 * tables answer "may this role take this step from this state", nothing more.
 */
import type { Role } from '../access/roles.js';
import { addDays, compareIsoDate, type IsoDate } from '../calendar/dates.js';
import type { EntryKind } from './quarter-score.js';

/** One allowed step: from `from`, `action` by one of `roles` leads to `to`. */
export interface Transition<S extends string, A extends string> {
  readonly from: S;
  readonly action: A;
  readonly to: S;
  readonly roles: readonly Role[];
  /** The step needs a written reason (退回, 驳回, …), shown to the person it goes back to. */
  readonly reasonRequired: boolean;
}

export const transitionErrors = ['invalid_transition', 'role_not_allowed', 'reason_required'] as const;
export type TransitionError = (typeof transitionErrors)[number];

export const transitionErrorMessages: Record<TransitionError, { zh: string; en: string }> = {
  invalid_transition: {
    zh: '当前状态下不能执行该操作',
    en: 'This action is not possible in the current state',
  },
  role_not_allowed: { zh: '您的角色不能执行该操作', en: 'Your role may not take this action' },
  reason_required: { zh: '请填写原因', en: 'Please give a reason' },
};

export type TransitionResult<S extends string, A extends string> =
  | { readonly ok: true; readonly state: S; readonly transition: Transition<S, A> }
  | { readonly ok: false; readonly error: TransitionError };

/**
 * Takes `action` from `state` for a user holding `roles` (at the node concerned). Errors, in the
 * order checked: `invalid_transition` (no such step from this state), `role_not_allowed`,
 * `reason_required` (the step needs a non-blank reason).
 */
export function applyTransition<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  state: S,
  action: A,
  roles: readonly Role[],
  reason?: string | null,
): TransitionResult<S, A> {
  const transition = table.find((t) => t.from === state && t.action === action);
  if (!transition) return { ok: false, error: 'invalid_transition' };
  if (!transition.roles.some((r) => roles.includes(r))) return { ok: false, error: 'role_not_allowed' };
  if (transition.reasonRequired && (reason ?? '').trim() === '')
    return { ok: false, error: 'reason_required' };
  return { ok: true, state: transition.to, transition };
}

/** The steps a user holding `roles` can take from `state`: the buttons to show. */
export function availableActions<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  state: S,
  roles: readonly Role[],
): Transition<S, A>[] {
  return table.filter((t) => t.from === state && t.roles.some((r) => roles.includes(r)));
}

const step = <S extends string, A extends string>(
  from: S,
  action: A,
  to: S,
  roles: readonly Role[],
  reasonRequired = false,
): Transition<S, A> => ({ from, action, to, roles, reasonRequired });

// ---------------------------------------------------------------------------------------------
// Entries (积分记录) and member declarations (申报)
// ---------------------------------------------------------------------------------------------

/**
 * Entry states. SPEC §2: `draft` → `submitted` → `approved` | `returned` (退回修改, editable and
 * resubmittable) | `rejected` (final). A member's own declaration starts as `declared` (a draft
 * the member owns) until the branch secretary confirms it into the review queue (`submitted`)
 * or returns it to the member (`returned_to_member`). `withdrawn` and `discarded` end entries
 * that were never approved (nothing approved is ever deleted).
 */
export const entryStates = [
  'declared',
  'returned_to_member',
  'withdrawn',
  'draft',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'discarded',
] as const;
export type EntryState = (typeof entryStates)[number];

export const entryActions = [
  'confirm',
  'return_declaration',
  'redeclare',
  'withdraw',
  'submit',
  'resubmit',
  'recall',
  'discard',
  'approve',
  'return',
  'reject',
] as const;
export type EntryAction = (typeof entryActions)[number];

export const entryStateLabels: Record<EntryState, { zh: string; en: string }> = {
  declared: { zh: '党员申报', en: 'Declared by member' },
  returned_to_member: { zh: '退回党员', en: 'Returned to member' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待审核', en: 'Submitted' },
  returned: { zh: '退回修改', en: 'Returned' },
  approved: { zh: '已通过', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  discarded: { zh: '已作废', en: 'Discarded' },
};

export const entryActionLabels: Record<EntryAction, { zh: string; en: string }> = {
  confirm: { zh: '确认提交审核', en: 'Confirm for review' },
  return_declaration: { zh: '退回申报', en: 'Return to member' },
  redeclare: { zh: '重新申报', en: 'Declare again' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
  submit: { zh: '提交审核', en: 'Submit' },
  resubmit: { zh: '重新提交', en: 'Resubmit' },
  recall: { zh: '撤回审核', en: 'Withdraw from review' },
  discard: { zh: '作废', en: 'Discard' },
  approve: { zh: '审核通过', en: 'Approve' },
  return: { zh: '退回修改', en: 'Return' },
  reject: { zh: '驳回', en: 'Reject' },
};

/**
 * Normal entries: the secretary enters and submits for their branch, the party-affairs
 * department (affairs) reviews item by item; a member declares for themself and the secretary
 * confirms or returns the declaration.
 */
export const normalEntryTransitions: readonly Transition<EntryState, EntryAction>[] = [
  step('declared', 'confirm', 'submitted', ['secretary']),
  step('declared', 'return_declaration', 'returned_to_member', ['secretary'], true),
  step('declared', 'withdraw', 'withdrawn', ['member']),
  step('returned_to_member', 'redeclare', 'declared', ['member']),
  step('returned_to_member', 'withdraw', 'withdrawn', ['member']),
  step('draft', 'submit', 'submitted', ['secretary']),
  step('draft', 'discard', 'discarded', ['secretary']),
  step('submitted', 'approve', 'approved', ['affairs']),
  step('submitted', 'return', 'returned', ['affairs'], true),
  step('submitted', 'reject', 'rejected', ['affairs'], true),
  // Still waiting for review: the secretary takes it back to correct it (a draft again).
  step('submitted', 'recall', 'draft', ['secretary']),
  step('returned', 'resubmit', 'submitted', ['secretary']),
  step('returned', 'discard', 'discarded', ['secretary']),
];

/**
 * Adjustments (SPEC §2: "late corrections go in as an `adjustment` that the committee must
 * approve"): entered by the secretary (a late correction of their branch) or by affairs (e.g.
 * after an upheld appeal); reviewed by the committee. Members do not declare adjustments.
 */
export const adjustmentTransitions: readonly Transition<EntryState, EntryAction>[] = [
  step('draft', 'submit', 'submitted', ['secretary', 'affairs']),
  step('draft', 'discard', 'discarded', ['secretary', 'affairs']),
  step('submitted', 'approve', 'approved', ['committee']),
  step('submitted', 'return', 'returned', ['committee'], true),
  step('submitted', 'reject', 'rejected', ['committee'], true),
  step('submitted', 'recall', 'draft', ['secretary', 'affairs']),
  step('returned', 'resubmit', 'submitted', ['secretary', 'affairs']),
  step('returned', 'discard', 'discarded', ['secretary', 'affairs']),
];

/** The transition table for an entry kind. */
export function entryTransitions(kind: EntryKind): readonly Transition<EntryState, EntryAction>[] {
  return kind === 'adjustment' ? adjustmentTransitions : normalEntryTransitions;
}

/** Entry states nothing leaves: approved entries are corrected by adjustments, never edited. */
export const finalEntryStates: readonly EntryState[] = ['approved', 'rejected', 'withdrawn', 'discarded'];

/** Next state of an entry (see {@link applyTransition} for the errors). */
export function nextEntryState(
  kind: EntryKind,
  state: EntryState,
  action: EntryAction,
  roles: readonly Role[],
  reason?: string | null,
): TransitionResult<EntryState, EntryAction> {
  return applyTransition(entryTransitions(kind), state, action, roles, reason);
}

/** The entry actions a user holding `roles` may take now (the UI's buttons). */
export function availableEntryActions(
  kind: EntryKind,
  state: EntryState,
  roles: readonly Role[],
): Transition<EntryState, EntryAction>[] {
  return availableActions(entryTransitions(kind), state, roles);
}

/**
 * The state a new entry starts in when created by `role`: a secretary's entry is a `draft`, a
 * member's own declaration is `declared`; adjustments start as a `draft` of the secretary or
 * affairs. Other roles cannot create entries of that kind (`role_not_allowed`).
 */
export function initialEntryState(
  kind: EntryKind,
  role: Role,
): { ok: true; state: EntryState } | { ok: false; error: 'role_not_allowed' } {
  if (kind === 'normal') {
    if (role === 'secretary') return { ok: true, state: 'draft' };
    if (role === 'member') return { ok: true, state: 'declared' };
  } else if (role === 'secretary' || role === 'affairs') {
    return { ok: true, state: 'draft' };
  }
  return { ok: false, error: 'role_not_allowed' };
}

/**
 * Whether `role` may edit an entry's content in `state`: the member their declaration while it
 * is `declared` or `returned_to_member`; the enterer (secretary, or affairs for an adjustment)
 * while it is a `draft` or `returned` (退回修改 "editable and resubmittable"). Submitted entries
 * are frozen for review; approved ones forever.
 */
export function canEditEntry(kind: EntryKind, state: EntryState, role: Role): boolean {
  if (state === 'declared' || state === 'returned_to_member') return kind === 'normal' && role === 'member';
  if (state === 'draft' || state === 'returned') {
    return role === 'secretary' || (kind === 'adjustment' && role === 'affairs');
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Quarter period (一季一评、季末亮分)
// ---------------------------------------------------------------------------------------------

export const quarterStates = ['open', 'closed', 'published'] as const;
export type QuarterState = (typeof quarterStates)[number];
export const quarterActions = ['close', 'reopen', 'publish'] as const;
export type QuarterAction = (typeof quarterActions)[number];

export const quarterStateLabels: Record<QuarterState, { zh: string; en: string }> = {
  open: { zh: '进行中', en: 'Open' },
  closed: { zh: '已关账', en: 'Closed' },
  published: { zh: '已亮分', en: 'Published' },
};

/**
 * SPEC §2: `open` → `closed` (by affairs; "no more entries dated in it") → `published` (by the
 * committee; publishing makes the board visible). A quarter closed by mistake may be reopened
 * by affairs, with a reason, until it is published; after publication there is no way back —
 * corrections are adjustments.
 */
export const quarterTransitions: readonly Transition<QuarterState, QuarterAction>[] = [
  step('open', 'close', 'closed', ['affairs']),
  step('closed', 'reopen', 'open', ['affairs'], true),
  step('closed', 'publish', 'published', ['committee']),
];

/** Next state of a quarter period (see {@link applyTransition}). */
export function nextQuarterState(
  state: QuarterState,
  action: QuarterAction,
  roles: readonly Role[],
  reason?: string | null,
): TransitionResult<QuarterState, QuarterAction> {
  return applyTransition(quarterTransitions, state, action, roles, reason);
}

/**
 * Whether a new entry dated in a quarter in `state` may be created: normal entries only while
 * the quarter is open; once closed (or published) only adjustments ("late corrections go in as
 * an adjustment that the committee must approve").
 */
export function quarterAcceptsEntry(state: QuarterState, kind: EntryKind): boolean {
  return state === 'open' ? kind === 'normal' : kind === 'adjustment';
}

// ---------------------------------------------------------------------------------------------
// Year tiers (年度总评)
// ---------------------------------------------------------------------------------------------

export const yearStates = ['draft', 'submitted', 'approved', 'published'] as const;
export type YearState = (typeof yearStates)[number];
export const yearActions = ['submit', 'return', 'approve', 'publish'] as const;
export type YearAction = (typeof yearActions)[number];

export const yearStateLabels: Record<YearState, { zh: string; en: string }> = {
  draft: { zh: '测算中', en: 'Draft' },
  submitted: { zh: '待审定', en: 'Awaiting approval' },
  approved: { zh: '已审定', en: 'Approved' },
  published: { zh: '已公布', en: 'Published' },
};

/**
 * Year tiers: affairs computes them (`draft`, recomputable) and submits them; the committee
 * approves (审定) or returns them with a reason, then publishes. SPEC §1: the committee
 * "approve[s] plans, tiers, grades".
 */
export const yearTransitions: readonly Transition<YearState, YearAction>[] = [
  step('draft', 'submit', 'submitted', ['affairs']),
  step('submitted', 'return', 'draft', ['committee'], true),
  step('submitted', 'approve', 'approved', ['committee']),
  step('approved', 'publish', 'published', ['committee']),
];

/** Next state of the year's tiers (see {@link applyTransition}). */
export function nextYearState(
  state: YearState,
  action: YearAction,
  roles: readonly Role[],
  reason?: string | null,
): TransitionResult<YearState, YearAction> {
  return applyTransition(yearTransitions, state, action, roles, reason);
}

// ---------------------------------------------------------------------------------------------
// Appeals (申诉)
// ---------------------------------------------------------------------------------------------

export const appealStates = ['open', 'upheld', 'dismissed', 'withdrawn'] as const;
export type AppealState = (typeof appealStates)[number];
export const appealActions = ['uphold', 'dismiss', 'withdraw'] as const;
export type AppealAction = (typeof appealActions)[number];

export const appealStateLabels: Record<AppealState, { zh: string; en: string }> = {
  open: { zh: '待处理', en: 'Open' },
  upheld: { zh: '申诉成立', en: 'Upheld' },
  dismissed: { zh: '申诉不成立', en: 'Dismissed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/**
 * SPEC §2: "the reviewer decides; an upheld appeal creates an adjustment and recomputes the
 * board". The reviewer is affairs, and either decision carries a written reason for the member;
 * the member may withdraw their open appeal.
 */
export const appealTransitions: readonly Transition<AppealState, AppealAction>[] = [
  step('open', 'uphold', 'upheld', ['affairs'], true),
  step('open', 'dismiss', 'dismissed', ['affairs'], true),
  step('open', 'withdraw', 'withdrawn', ['member']),
];

/** Next state of an appeal (see {@link applyTransition}). */
export function nextAppealState(
  state: AppealState,
  action: AppealAction,
  roles: readonly Role[],
  reason?: string | null,
): TransitionResult<AppealState, AppealAction> {
  return applyTransition(appealTransitions, state, action, roles, reason);
}

/**
 * Last day on which an appeal may be lodged: "within 10 days of publication", counted in
 * calendar days the way Chinese law counts a period in days (民法典 第二百零一条: the starting day
 * is not counted) — published on 4 April, the 10 days are 5–14 April. The deadline is not moved
 * off weekends or holidays; a scheme wanting working days must say so.
 */
export function appealDeadline(publishedOn: IsoDate, windowDays: number): IsoDate {
  if (!Number.isSafeInteger(windowDays) || windowDays < 0)
    throw new RangeError(`Invalid window: ${windowDays}`);
  return addDays(publishedOn, windowDays);
}

/** Whether a member may still appeal on `today`: from the publication day to {@link appealDeadline}, inclusive. */
export function canAppeal(publishedOn: IsoDate, today: IsoDate, windowDays: number): boolean {
  return (
    compareIsoDate(today, publishedOn) >= 0 &&
    compareIsoDate(today, appealDeadline(publishedOn, windowDays)) <= 0
  );
}

/**
 * By when the reviewer should decide an appeal: within the same number of calendar days as the
 * member had to lodge it, counted from the day it was lodged (the starting day not counted, as
 * {@link appealDeadline}). The to-do list shows it; nothing is refused after it.
 */
export function appealDecisionDue(lodgedOn: IsoDate, windowDays: number): IsoDate {
  return appealDeadline(lodgedOn, windowDays);
}
