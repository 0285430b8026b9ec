import type { IssueDto } from '../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import {
  createPlanTemplate,
  effectivePlanState,
  type Issue,
  type IssueCode,
  type PlanTemplate,
  type QuarterPlan,
} from '../../../domain/branch-eval/index.js';
import {
  type IsoDate,
  monthKey,
  parsePeriodKey,
  type Quarter,
  quarterKey,
  quarterOfMonth,
} from '../../../domain/calendar/index.js';
import type { AuthUser } from '../../lib/context.js';
import { AppError, type ErrorCode } from '../../lib/errors.js';
import { orgIdsUnder } from '../org/org.service.js';
import { memberBranchOf } from './branch-eval.repo.js';

/** An issue as the API shows it. */
export function issueDto(i: Issue): IssueDto {
  return {
    code: i.code,
    severity: i.severity,
    indicator: i.indicator,
    message: i.message,
    details: { ...i.details },
  };
}

/** Domain issue codes with a code of their own in the error catalogue; the rest are `branch_eval_rule`. */
const catalogueCode: Partial<Record<IssueCode, ErrorCode>> = {
  role_not_allowed: 'forbidden',
  invalid_transition: 'invalid_transition',
  reason_required: 'reason_required',
  duplicate_code: 'duplicate_code',
  plan_invalid: 'plan_invalid',
  plan_frozen: 'plan_frozen',
  plan_not_draft: 'plan_not_draft',
  unknown_indicator: 'unknown_indicator',
  score_above_max: 'score_above_max',
  score_negative: 'score_invalid',
  score_not_integer: 'score_invalid',
  input_not_applicable: 'input_not_applicable',
  inputs_missing: 'validation_failed',
  window_not_open: 'window_not_open',
  window_closed: 'window_closed',
  window_open: 'window_open',
  month_closed: 'month_closed',
  month_not_closed: 'month_not_closed',
  unverified_branches: 'unverified_branches',
  no_branches: 'no_branches',
  self_rating: 'self_rating',
  not_assigned: 'not_assigned',
  duplicate_rater: 'duplicate_rater',
  self_evaluation_incomplete: 'self_evaluation_incomplete',
  verification_incomplete: 'verification_incomplete',
};

/**
 * A refusal of the domain rules as an AppError: the stable code of the catalogue, the rule's
 * own message in both languages (it names the indicator, the deadline …), and its details.
 */
export function issueError(i: Issue, extra: Record<string, unknown> = {}): AppError {
  const code = catalogueCode[i.code] ?? 'branch_eval_rule';
  return new AppError(code, { rule: i.code, indicator: i.indicator, ...i.details, ...extra }, i.message);
}

/**
 * Several problems at once (a whole sheet of scores): the first one's code, every problem listed
 * in `details.issues`, nothing written.
 */
export function issuesError(issues: readonly Issue[], code?: ErrorCode): AppError {
  const first = issues[0];
  if (!first) return new AppError('validation_failed');
  const errorCode = code ?? catalogueCode[first.code] ?? 'branch_eval_rule';
  const more = issues.length > 1 ? issues.length - 1 : 0;
  return new AppError(
    errorCode,
    { issues: issues.map(issueDto) },
    {
      zh: more ? `${first.message.zh}（另有 ${more} 处问题）` : first.message.zh,
      en: more ? `${first.message.en} (and ${more} more)` : first.message.en,
    },
  );
}

/** A month key's parts and its quarter. */
export interface MonthParts {
  readonly key: string;
  readonly year: number;
  readonly month: number;
  readonly quarter: Quarter;
  readonly quarterKey: string;
}

/** `2026-03` → its year, month and quarter; anything else is `validation_failed`. */
export function monthParts(key: string): MonthParts {
  const p = parsePeriodKey(key);
  if (p.kind !== 'month') throw new AppError('validation_failed', { field: 'month', value: key });
  const quarter = quarterOfMonth(p.month);
  return {
    key: monthKey(p.year, p.month),
    year: p.year,
    month: p.month,
    quarter,
    quarterKey: quarterKey(p.year, quarter),
  };
}

/** `2026-Q1` → year and quarter; anything else is `validation_failed`. */
export function quarterParts(key: string): { year: number; quarter: Quarter } {
  const p = parsePeriodKey(key);
  if (p.kind !== 'quarter') throw new AppError('validation_failed', { field: 'quarter', value: key });
  return { year: p.year, quarter: p.quarter };
}

/** The date in China (UTC+8) of an ISO timestamp: when something was recorded, as people count days. */
export function chinaDateOf(iso: string): IsoDate {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A plan's stored JSON (settings + indicators) as the domain's template. */
export function parsePlanJson(json: string): PlanTemplate {
  const raw = JSON.parse(json) as PlanTemplate;
  return createPlanTemplate(raw.indicators, {
    totalPoints: raw.totalPoints,
    innovationCap: raw.innovationCap,
    weights: raw.weights,
    minPeerRaters: raw.minPeerRaters,
  });
}

/** The JSON kept for a template or plan version: exactly the settings and the indicators. */
export function planJson(p: PlanTemplate): string {
  return JSON.stringify({
    totalPoints: p.totalPoints,
    innovationCap: p.innovationCap,
    weights: p.weights,
    minPeerRaters: p.minPeerRaters,
    indicators: p.indicators,
  });
}

/** The settings of a plan (what every result records with its plan version). */
export function settingsOf(p: PlanTemplate) {
  return {
    totalPoints: p.totalPoints,
    innovationCap: p.innovationCap,
    weights: { ...p.weights },
    minPeerRaters: p.minPeerRaters,
  };
}

/** A plan row and its version as the domain's quarter plan. */
export function toQuarterPlan(
  row: {
    branch_id: number;
    quarter: string;
    state: 'draft' | 'approved' | 'frozen';
    approved_on: string | null;
  },
  versionJson: string,
): QuarterPlan {
  const { year, quarter } = quarterParts(row.quarter);
  return {
    ...parsePlanJson(versionJson),
    branchId: row.branch_id,
    year,
    quarter,
    state: row.state,
    approvedOn: row.approved_on,
  };
}

/** The state in force of a plan row on a date (approved plans freeze when their quarter starts). */
export function planStateOn(
  row: {
    branch_id: number;
    quarter: string;
    state: 'draft' | 'approved' | 'frozen';
    approved_on: string | null;
  },
  today: IsoDate,
): 'draft' | 'approved' | 'frozen' {
  const { year, quarter } = quarterParts(row.quarter);
  return effectivePlanState(
    {
      ...createPlanTemplate([]),
      branchId: row.branch_id,
      year,
      quarter,
      state: row.state,
      approvedOn: row.approved_on,
    },
    today,
  );
}

/**
 * Whether the user belongs to a branch (SPEC §7 anonymity: "no rater identity shown to the
 * rated"): a role granted at the branch or inside it, or a member record in it. Such a user never
 * sees who rated the branch, whatever other roles (committee, office) they also hold.
 */
export async function isUserOfBranch(db: DbOrTrx, user: AuthUser, branchId: number): Promise<boolean> {
  const ids = new Set(await orgIdsUnder(db, [branchId]));
  if (user.grants.some((g) => ids.has(g.orgId))) return true;
  if (user.memberId == null) return false;
  const m = await memberBranchOf(db, user.memberId);
  return m?.branch_id != null && ids.has(m.branch_id);
}

export const flag = (b: boolean): 0 | 1 => (b ? 1 : 0);
