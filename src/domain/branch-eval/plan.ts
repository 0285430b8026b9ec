/**
 * Quarter plans (SPEC §3 季度指标方案, 量身定制: "before each quarter the committee gives every
 * branch its plan, built from a template and adjusted per branch (indicators added/removed,
 * points changed): default 100 points over mandatory+basic+evaluative, plus innovation bonus up
 * to 10. The plan is approved before the quarter starts and frozen after.")
 *
 * A plan carries its own settings (total, innovation cap, weights, minimum raters) so that every
 * result records the settings that produced it (SPEC: "All numbers below are defaults … versioned").
 */
import type { Role } from '../access/roles.js';
// dates.js and periods.js, not the calendar index: the web loads this file, and the index also
// carries the working-day calendar with its holiday tables.
import { compareIsoDate, type IsoDate } from '../calendar/dates.js';
import { nextQuarter, type Quarter, quarterRange } from '../calendar/periods.js';
import type { Hundredths } from './exact.js';
import { type Category, type Indicator, isBaseCategory, validateIndicator } from './indicators.js';
import { errorsOf, type Issue, issue, type Label } from './issues.js';
import {
  actionsFrom,
  applyTransition,
  refuse,
  type StepOk,
  type StepRefused,
  step,
  type Transition,
} from './workflow.js';

/** An org id of a branch (党支部), as in the org tree. */
export type BranchId = number;

/**
 * Weights of an evaluative indicator's three parts, as whole percentages summing to 100
 * (SPEC §3: "0.2 × self + 0.3 × peer + 0.5 × verified" → 20/30/50). Whole percentages keep the
 * weighted score an exact fraction with denominator 100 × (number of peer scores).
 */
export interface Weights {
  readonly self: number;
  readonly peer: number;
  readonly verified: number;
}

export const defaultWeights: Weights = { self: 20, peer: 30, verified: 50 };

/** An indicator as placed in a plan: a copy of the library's, so later library edits never change it. */
export type PlanIndicator = Indicator;

/** The numbers of a plan; each is a setting the committee may change (SPEC: "All numbers … are defaults"). */
export interface PlanSettings {
  /** Σ max points of mandatory+basic+evaluative indicators (default 100 points). */
  readonly totalPoints: Hundredths;
  /** Most innovation points a month can add (default 10 points). */
  readonly innovationCap: Hundredths;
  readonly weights: Weights;
  /** Fewest peer raters per branch before the office must add raters (default 5). */
  readonly minPeerRaters: number;
}

export const defaultPlanSettings: PlanSettings = {
  totalPoints: 10_000,
  innovationCap: 1_000,
  weights: defaultWeights,
  minPeerRaters: 5,
};

/** A template (or any plan): settings plus the indicators in display order. */
export interface PlanTemplate extends PlanSettings {
  readonly indicators: readonly PlanIndicator[];
}

export const planStates = ['draft', 'approved', 'frozen'] as const;
export type PlanState = (typeof planStates)[number];

export const planStateLabels: Record<PlanState, Label> = {
  draft: { zh: '草稿', en: 'Draft' },
  approved: { zh: '已审定', en: 'Approved' },
  frozen: { zh: '已冻结', en: 'Frozen' },
};

/** One branch's plan for one quarter. */
export interface QuarterPlan extends PlanTemplate {
  readonly branchId: BranchId;
  readonly year: number;
  readonly quarter: Quarter;
  /** The stored state; the state in force also depends on the date (see {@link effectivePlanState}). */
  readonly state: PlanState;
  readonly approvedOn: IsoDate | null;
}

/** A template from library indicators with the default settings, any of them overridden. */
export function createPlanTemplate(
  indicators: readonly PlanIndicator[],
  settings: Partial<PlanSettings> = {},
): PlanTemplate {
  return { ...defaultPlanSettings, ...settings, indicators: indicators.map((i) => ({ ...i })) };
}

/** A draft plan for a branch and quarter, copied from a template (SPEC §3 "built from a template"). */
export function createQuarterPlan(
  template: PlanTemplate,
  target: { readonly branchId: BranchId; readonly year: number; readonly quarter: Quarter },
): QuarterPlan {
  quarterRange(target.year, target.quarter); // validates year and quarter
  return {
    totalPoints: template.totalPoints,
    innovationCap: template.innovationCap,
    weights: { ...template.weights },
    minPeerRaters: template.minPeerRaters,
    indicators: template.indicators.map((i) => ({ ...i })),
    branchId: target.branchId,
    year: target.year,
    quarter: target.quarter,
    state: 'draft',
    approvedOn: null,
  };
}

/** Per-branch changes to a template (SPEC §3 "indicators added/removed, points changed"). */
export interface PlanAdjustments {
  readonly add?: readonly PlanIndicator[];
  readonly remove?: readonly string[];
  /** New max points by indicator code (after removals and additions). */
  readonly points?: Readonly<Record<string, Hundredths>>;
}

export type TailorResult<P extends PlanTemplate> =
  | { readonly ok: true; readonly plan: P }
  | { readonly ok: false; readonly issues: Issue[] };

/**
 * Tailors a template or a draft plan to one branch (SPEC §3 量身定制): removes `remove`, then
 * appends `add` (so an indicator can be replaced by removing and re-adding its code), then sets
 * `points`. Refuses, listing every problem, a code to remove or re-point that the plan does not
 * have (`unknown_indicator`), an added code that is already there (`duplicate_code`) and a plan
 * that is no longer a draft (`plan_not_draft`). The result is not validated: call
 * {@link validatePlan} (the totals usually balance only after all moves).
 */
export function tailorPlan<P extends PlanTemplate>(plan: P, adjustments: PlanAdjustments): TailorResult<P> {
  const issues: Issue[] = [];
  if ('state' in plan && plan.state !== 'draft') return { ok: false, issues: [issue('plan_not_draft')] };
  const remove = new Set(adjustments.remove ?? []);
  const present = new Set(plan.indicators.map((i) => i.code));
  for (const code of remove) {
    if (!present.has(code)) issues.push(issue('unknown_indicator', { code }, { indicator: code }));
  }
  const indicators = plan.indicators.filter((i) => !remove.has(i.code)).map((i) => ({ ...i }));
  const codes = new Set(indicators.map((i) => i.code));
  for (const added of adjustments.add ?? []) {
    if (codes.has(added.code)) {
      issues.push(issue('duplicate_code', { code: added.code }, { indicator: added.code }));
      continue;
    }
    codes.add(added.code);
    indicators.push({ ...added });
  }
  for (const [code, maxPoints] of Object.entries(adjustments.points ?? {})) {
    const index = indicators.findIndex((i) => i.code === code);
    const target = indicators[index];
    if (target === undefined) {
      issues.push(issue('unknown_indicator', { code }, { indicator: code }));
      continue;
    }
    indicators[index] = { ...target, maxPoints };
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, plan: { ...plan, weights: { ...plan.weights }, indicators } };
}

/**
 * Every problem of a plan (SPEC §3). Errors: settings out of range (`total_points_invalid`,
 * `innovation_cap_invalid`, `weight_invalid`, `weights_sum_invalid` — the three weights are whole
 * percentages adding up to 100 —, `min_peer_raters_invalid`), any indicator problem
 * ({@link validateIndicator}), `duplicate_code`, `plan_total_mismatch` when mandatory + basic +
 * evaluative max points differ from `totalPoints` ("default 100 points over
 * mandatory+basic+evaluative"), and `innovation_max_above_cap` for an innovation indicator worth
 * more than the cap on its own. Several innovation indicators may together exceed the cap: the
 * cap limits what a month awards (see scoreMonth), so the plan can offer a menu of innovation items.
 * Warning: `no_mandatory` — allowed (the spec does not require one), but then no month can be
 * marked mandatory_missed, which is almost always a mistake in a template.
 */
export function validatePlan(plan: PlanTemplate): Issue[] {
  const issues: Issue[] = [];
  // A setting that is itself invalid is reported once, not again through the checks that use it.
  const totalValid = Number.isSafeInteger(plan.totalPoints) && plan.totalPoints > 0;
  const capValid = Number.isSafeInteger(plan.innovationCap) && plan.innovationCap >= 0;
  if (!totalValid) issues.push(issue('total_points_invalid', { totalPoints: String(plan.totalPoints) }));
  if (!capValid) issues.push(issue('innovation_cap_invalid', { innovationCap: String(plan.innovationCap) }));
  issues.push(...validateWeights(plan.weights));
  if (!Number.isSafeInteger(plan.minPeerRaters) || plan.minPeerRaters < 1) {
    issues.push(issue('min_peer_raters_invalid', { minPeerRaters: String(plan.minPeerRaters) }));
  }

  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const indicator of plan.indicators) {
    issues.push(...validateIndicator(indicator));
    if (seen.has(indicator.code) && !reported.has(indicator.code)) {
      reported.add(indicator.code);
      issues.push(issue('duplicate_code', { code: indicator.code }, { indicator: indicator.code }));
    }
    seen.add(indicator.code);
  }

  const base = plan.indicators.filter((i) => isBaseCategory(i.category));
  if (totalValid && base.every((i) => Number.isSafeInteger(i.maxPoints))) {
    const actual = base.reduce((sum, i) => sum + i.maxPoints, 0);
    if (actual !== plan.totalPoints) {
      issues.push(issue('plan_total_mismatch', { expected: plan.totalPoints, actual }));
    }
  }
  if (capValid) {
    for (const i of plan.indicators) {
      if (
        i.category === 'innovation' &&
        Number.isSafeInteger(i.maxPoints) &&
        i.maxPoints > plan.innovationCap
      ) {
        issues.push(
          issue(
            'innovation_max_above_cap',
            { code: i.code, max: i.maxPoints, cap: plan.innovationCap },
            { indicator: i.code },
          ),
        );
      }
    }
  }
  if (!plan.indicators.some((i) => i.category === 'mandatory')) {
    issues.push(issue('no_mandatory', {}, { severity: 'warning' }));
  }
  return issues;
}

/**
 * Problems of a weight set: each weight a whole percentage ≥ 0 (`weight_invalid`), the three
 * adding up to 100 (`weights_sum_invalid`). SPEC §3's default is 20/30/50.
 */
export function validateWeights(weights: Weights): Issue[] {
  const issues: Issue[] = [];
  const keys = ['self', 'peer', 'verified'] as const;
  for (const key of keys) {
    const value = weights[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      issues.push(issue('weight_invalid', { weight: key, value: String(value) }));
    }
  }
  if (issues.length === 0) {
    const sum = weights.self + weights.peer + weights.verified;
    if (sum !== 100) issues.push(issue('weights_sum_invalid', { sum }));
  }
  return issues;
}

/** Max points of the plan's indicators by category (innovation: the Σ offered, before the cap). */
export function planPointsByCategory(plan: PlanTemplate): Record<Category, Hundredths> {
  const totals: Record<Category, Hundredths> = { mandatory: 0, basic: 0, evaluative: 0, innovation: 0 };
  for (const i of plan.indicators) totals[i.category] += i.maxPoints;
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Plan workflow: draft → approved (committee, before the quarter starts) → frozen (automatic)
// ---------------------------------------------------------------------------------------------

export const planActions = ['approve', 'reopen', 'freeze'] as const;
export type PlanAction = (typeof planActions)[number];

export const planActionLabels: Record<PlanAction, Label> = {
  approve: { zh: '审定方案', en: 'Approve plan' },
  reopen: { zh: '退回修改', en: 'Reopen for changes' },
  freeze: { zh: '冻结', en: 'Freeze' },
};

/**
 * The plan state machine (SPEC §3 "approved before the quarter starts and frozen after"; §1:
 * the committee approves plans; the joint-evaluation office tailors them while they are drafts).
 * `reopen` takes an approved plan back to draft, with a reason, only before the quarter starts;
 * `freeze` is automatic on the quarter's first day and nothing leaves `frozen`.
 */
export const planTransitions: readonly Transition<PlanState, PlanAction>[] = [
  step('draft', 'approve', 'approved', ['committee']),
  step('approved', 'reopen', 'draft', ['committee'], { reasonRequired: true }),
  step('approved', 'freeze', 'frozen', [], { automatic: true }),
];

/** First day of the plan's quarter: the day it freezes. */
export function planQuarterStart(plan: Pick<QuarterPlan, 'year' | 'quarter'>): IsoDate {
  return quarterRange(plan.year, plan.quarter).start;
}

/**
 * The state in force on `today`: an approved plan is `frozen` from its quarter's first day on
 * (SPEC: "frozen after"), whether or not the scheduler has stored `frozen` yet. A draft stays a
 * draft after the quarter starts — it was never approved and must still be fixable and approved.
 */
export function effectivePlanState(plan: QuarterPlan, today: IsoDate): PlanState {
  if (plan.state === 'approved' && compareIsoDate(today, planQuarterStart(plan)) >= 0) return 'frozen';
  return plan.state;
}

/** Whether the plan is frozen on `today` (SPEC §3: "approved before the quarter starts and frozen after"). */
export function isFrozen(plan: QuarterPlan, today: IsoDate): boolean {
  return effectivePlanState(plan, today) === 'frozen';
}

/** Whether the office may still tailor the plan: only a draft (approved plans are reopened first). */
export function canEditPlan(plan: QuarterPlan, today: IsoDate): boolean {
  return effectivePlanState(plan, today) === 'draft';
}

export interface PlanStepContext {
  readonly today: IsoDate;
  readonly reason?: string | null;
}

/** A plan step that passed; `late` marks an approval on or after the quarter's first day. */
export type PlanStepResult = (StepOk<PlanState, PlanAction> & { readonly late: boolean }) | StepRefused;

/**
 * Takes a plan step (SPEC §3 plan workflow, {@link planTransitions}). Refusals: `plan_frozen`
 * (any manual step once frozen), `invalid_transition`, `role_not_allowed`, `reason_required`,
 * `plan_invalid` (approving a plan that {@link validatePlan} rejects; warnings do not block),
 * `quarter_not_started` (freezing early).
 * Approval on or after the quarter's first day is allowed and flagged `late`: refusing it would
 * leave the branch without a plan for the months already running; the approved plan is then
 * frozen at once.
 */
export function nextPlanState(
  plan: QuarterPlan,
  action: PlanAction,
  roles: readonly Role[],
  ctx: PlanStepContext,
): PlanStepResult {
  const started = compareIsoDate(ctx.today, planQuarterStart(plan)) >= 0;
  if (action === 'freeze') {
    if (plan.state === 'approved' && !started) return refuse('quarter_not_started');
  } else if (effectivePlanState(plan, ctx.today) === 'frozen') {
    return refuse('plan_frozen');
  }
  const result = applyTransition(planTransitions, plan.state, action, roles, ctx.reason);
  if (!result.ok) return result;
  if (action === 'approve') {
    const errors = errorsOf(validatePlan(plan));
    if (errors.length > 0) return refuse('plan_invalid', { issues: errors.map((e) => e.code) });
  }
  return { ...result, late: action === 'approve' && started };
}

/** The manual plan steps a user holding `roles` can take on `today` (the UI's buttons). */
export function availablePlanActions(
  plan: QuarterPlan,
  roles: readonly Role[],
  today: IsoDate,
): Transition<PlanState, PlanAction>[] {
  const state = effectivePlanState(plan, today);
  return actionsFrom(planTransitions, state, roles);
}

/**
 * Next quarter's draft, copied from this plan (SPEC §1: the office "copy[ies] and tailor[s] next
 * quarter's plans"): same indicators and settings, state `draft`, no approval.
 */
export function copyPlanToNextQuarter(plan: QuarterPlan): QuarterPlan {
  const next = nextQuarter(plan);
  return createQuarterPlan(plan, { branchId: plan.branchId, year: next.year, quarter: next.quarter });
}
