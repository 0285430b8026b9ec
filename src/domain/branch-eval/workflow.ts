/**
 * Transition tables shared by the plan and the monthly-round state machines. STYLE: "Workflow
 * states and transitions live in one pure state machine per entity, with the role allowed for
 * each transition: the server enforces it, the UI reads it to show the buttons."
 */
import type { Role } from '../access/roles.js';
import { type Issue, type IssueDetails, issue } from './issues.js';

/** One allowed step: from `from`, `action` by one of `roles` leads to `to`. */
export interface Transition<S extends string, A extends string> {
  readonly from: S;
  readonly action: A;
  readonly to: S;
  /** Who may take the step; empty for an automatic step (taken by the clock, not a person). */
  readonly roles: readonly Role[];
  /** The step needs a written reason (退回, 重新开放 …), kept in the audit log. */
  readonly reasonRequired: boolean;
  /** Taken by the system when its time comes (e.g. a plan freezing when the quarter starts). */
  readonly automatic: boolean;
}

/** A step that passed: the new state and the table row that allowed it. */
export interface StepOk<S extends string, A extends string> {
  readonly ok: true;
  readonly state: S;
  readonly transition: Transition<S, A>;
}

/** A refused step, with the issue explaining why. */
export interface StepRefused {
  readonly ok: false;
  readonly error: Issue;
}

export type StepResult<S extends string, A extends string> = StepOk<S, A> | StepRefused;

/** Builds a table row. */
export function step<S extends string, A extends string>(
  from: S,
  action: A,
  to: S,
  roles: readonly Role[],
  options: { readonly reasonRequired?: boolean; readonly automatic?: boolean } = {},
): Transition<S, A> {
  return {
    from,
    action,
    to,
    roles,
    reasonRequired: options.reasonRequired ?? false,
    automatic: options.automatic ?? false,
  };
}

/**
 * Looks `action` up from `state` for a user holding `roles`. Errors, in the order checked:
 * `invalid_transition` (no such step), `role_not_allowed` (automatic steps skip this check),
 * `reason_required` (the step needs a non-blank reason).
 */
export function applyTransition<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  state: S,
  action: A,
  roles: readonly Role[],
  reason: string | null | undefined,
): StepResult<S, A> {
  const transition = table.find((t) => t.from === state && t.action === action);
  if (!transition) return refuse('invalid_transition', { state, action });
  if (!transition.automatic && !transition.roles.some((r) => roles.includes(r))) {
    return refuse('role_not_allowed', { action, allowed: [...transition.roles] });
  }
  if (transition.reasonRequired && (reason ?? '').trim() === '') return refuse('reason_required', { action });
  return { ok: true, state: transition.to, transition };
}

/** The manual steps a user holding `roles` can take from `state`, by the table alone. */
export function actionsFrom<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  state: S,
  roles: readonly Role[],
): Transition<S, A>[] {
  return table.filter((t) => t.from === state && !t.automatic && t.roles.some((r) => roles.includes(r)));
}

/** A refused step with its issue. */
export function refuse(code: Parameters<typeof issue>[0], details: IssueDetails = {}): StepRefused {
  return { ok: false, error: issue(code, details) };
}
