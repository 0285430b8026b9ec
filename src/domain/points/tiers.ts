/**
 * Year-end grading into five tiers (SPEC §2, 年度总评) and each tier's rewards and penalties (奖惩).
 */
import { addDays, type IsoDate } from '../calendar/dates.js';
import { floorPercentOf, type Hundredths } from './hundredths.js';
import type { SchemeRules, TierRule } from './scheme.js';

/** Tiers from the top: 标杆型, 优秀型, 良好型, 合格型, 警示型. */
export const tiers = ['benchmark', 'excellent', 'good', 'qualified', 'warning'] as const;
export type Tier = (typeof tiers)[number];

export const tierLabels: Record<Tier, { zh: string; en: string }> = {
  benchmark: { zh: '标杆型', en: 'Benchmark' },
  excellent: { zh: '优秀型', en: 'Excellent' },
  good: { zh: '良好型', en: 'Good' },
  qualified: { zh: '合格型', en: 'Qualified' },
  warning: { zh: '警示型', en: 'Warning' },
};

/**
 * Why a member got their tier: a veto entry, an annual score below the warning line, their
 * place against the quotas, or the score thresholds.
 */
export type TierReason = 'veto' | 'below_warning' | 'quota' | 'threshold';

export const tierReasonLabels: Record<TierReason, { zh: string; en: string }> = {
  veto: { zh: '有一票否决记录', en: 'Has a veto entry' },
  below_warning: { zh: '年度得分低于警示线', en: 'Annual score below the warning line' },
  quota: { zh: '按比例评定', en: 'Graded by quota' },
  threshold: { zh: '按分数线评定', en: 'Graded by score threshold' },
};

/** One member to grade in a scope. */
export interface TierCandidate {
  readonly memberId: number;
  /** Annual score, hundredths (see `annualScore`). */
  readonly annualScore: Hundredths;
  /** Any approved, uncancelled veto entry in the year. */
  readonly hasVeto: boolean;
  readonly quartersPresent: number;
}

export interface TierAssignment {
  readonly memberId: number;
  readonly annualScore: Hundredths;
  readonly tier: Tier;
  readonly reason: TierReason;
  /** Remaining (non-警示) members scoring ≥ this member, themself included; null for 警示型. */
  readonly c: number | null;
  /** Members graded in the scope, 警示型 included. */
  readonly n: number;
  /** Present fewer than `minQuartersForUnflagged` quarters: graded, but flagged for review. */
  readonly flagged: boolean;
}

/** Cumulative quota limits ⌊5%·n⌋, ⌊20%·n⌋, ⌊50%·n⌋ that were applied. */
export interface QuotaLimits {
  readonly benchmark: number;
  readonly excellent: number;
  readonly good: number;
}

export interface TierResult {
  /** One assignment per candidate, in input order. */
  readonly members: readonly TierAssignment[];
  readonly n: number;
  readonly distribution: Readonly<Record<Tier, number>>;
  /** The quota limits used; null under a threshold rule. */
  readonly limits: QuotaLimits | null;
  readonly rule: TierRule;
}

/**
 * Grades the members of one ranking scope, exactly as SPEC §2 states: "members with a veto entry
 * or an annual score below 60 are 警示型 and leave the count. Let n be the number of members
 * graded in the scope (all of them, 警示型 included), and for a remaining member with score s let c
 * be the number of remaining members scoring ≥ s (themself included). The member is 标杆型 if
 * c ≤ ⌊5%·n⌋, else 优秀型 if c ≤ ⌊20%·n⌋, else 良好型 if c ≤ ⌊50%·n⌋, else 合格型." Quotas are
 * cumulative and rounded down in integer arithmetic (5% of 43 = 2), and members tied at a
 * boundary all take the lower tier, so no tier ever exceeds its quota. Under a threshold rule
 * ("score ≥ X") a remaining member takes the highest tier whose threshold they reach. Members
 * present fewer than `minQuartersForUnflagged` quarters are graded but flagged. Throws
 * RangeError on a duplicate member or a non-integer score.
 */
export function assignTiers(
  rules: Pick<SchemeRules, 'tierRule' | 'minQuartersForUnflagged'>,
  members: readonly TierCandidate[],
): TierResult {
  const rule = rules.tierRule;
  const seen = new Set<number>();
  for (const m of members) {
    if (seen.has(m.memberId)) throw new RangeError(`Member ${m.memberId} is graded twice`);
    seen.add(m.memberId);
    if (!Number.isSafeInteger(m.annualScore)) throw new RangeError(`Invalid annual score of ${m.memberId}`);
  }

  const n = members.length;
  const warningReason = (m: TierCandidate): TierReason | null =>
    m.hasVeto ? 'veto' : m.annualScore < rule.warningBelow ? 'below_warning' : null;

  // c for each score among the remaining members: how many remaining score at least that much.
  const remainingScores = members
    .filter((m) => warningReason(m) === null)
    .map((m) => m.annualScore)
    .sort((a, b) => b - a);
  const atLeast = new Map<number, number>();
  remainingScores.forEach((s, i) => {
    atLeast.set(s, i + 1); // the last (largest) position of s wins
  });

  const limits: QuotaLimits | null =
    rule.kind === 'quota'
      ? {
          benchmark: floorPercentOf(rule.benchmark, n),
          excellent: floorPercentOf(rule.excellent, n),
          good: floorPercentOf(rule.good, n),
        }
      : null;

  const distribution: Record<Tier, number> = {
    benchmark: 0,
    excellent: 0,
    good: 0,
    qualified: 0,
    warning: 0,
  };
  const assigned = members.map((m): TierAssignment => {
    const flagged = m.quartersPresent < rules.minQuartersForUnflagged;
    const common = { memberId: m.memberId, annualScore: m.annualScore, n, flagged };
    const warned = warningReason(m);
    let result: TierAssignment;
    if (warned !== null) {
      result = { ...common, tier: 'warning', reason: warned, c: null };
    } else {
      const c = atLeast.get(m.annualScore) ?? 0;
      const tier =
        rule.kind === 'quota' && limits !== null
          ? tierByQuota(c, limits)
          : tierByThreshold(m.annualScore, rule);
      result = { ...common, tier, reason: rule.kind, c };
    }
    distribution[result.tier] += 1;
    return result;
  });
  return { members: assigned, n, distribution, limits, rule };
}

function tierByQuota(c: number, limits: QuotaLimits): Tier {
  if (c <= limits.benchmark) return 'benchmark';
  if (c <= limits.excellent) return 'excellent';
  if (c <= limits.good) return 'good';
  return 'qualified';
}

function tierByThreshold(score: number, rule: TierRule): Tier {
  if (score >= rule.benchmark) return 'benchmark';
  if (score >= rule.excellent) return 'excellent';
  if (score >= rule.good) return 'good';
  return 'qualified';
}

// ---------------------------------------------------------------------------------------------
// Rewards and penalties (奖惩)
// ---------------------------------------------------------------------------------------------

/** A reward or penalty a tier carries; `dueDays` after the tiers' publication, null = no deadline. */
export interface TierActionTemplate {
  readonly code: string;
  readonly name_zh: string;
  readonly name_en: string;
  readonly dueDays: number | null;
}

export interface TierActions {
  readonly tier: Tier;
  readonly actions: readonly TierActionTemplate[];
}

/**
 * Default 奖惩 per tier (SPEC §2: "标杆型 commendation and priority for awards; 警示型 a talk 谈心谈话
 * and a rectification deadline"). Editable per scheme; 良好型 and 合格型 carry none by default.
 */
export const defaultTierActions: readonly TierActions[] = [
  {
    tier: 'benchmark',
    actions: [
      { code: 'public_commendation', name_zh: '通报表扬', name_en: 'Public commendation', dueDays: 30 },
      {
        code: 'award_priority',
        name_zh: '优先推荐评优评先',
        name_en: 'Priority recommendation for awards',
        dueDays: null,
      },
    ],
  },
  {
    tier: 'excellent',
    actions: [{ code: 'commendation', name_zh: '表扬', name_en: 'Commendation', dueDays: 30 }],
  },
  { tier: 'good', actions: [] },
  { tier: 'qualified', actions: [] },
  {
    tier: 'warning',
    actions: [
      { code: 'heart_to_heart_talk', name_zh: '谈心谈话', name_en: 'Heart-to-heart talk', dueDays: 30 },
      { code: 'rectification_plan', name_zh: '制定整改措施', name_en: 'Rectification plan', dueDays: 60 },
    ],
  },
];

/** An action to record for one member: its template with a concrete due date. */
export interface PlannedTierAction {
  readonly code: string;
  readonly name_zh: string;
  readonly name_en: string;
  readonly dueOn: IsoDate | null;
}

/**
 * The 奖惩 actions to record for a member of `tier` when the tiers are published on
 * `publishedOn`: each template's due date is `dueDays` calendar days later (the owner and the
 * completion are recorded by the service).
 */
export function planTierActions(
  tier: Tier,
  publishedOn: IsoDate,
  templates: readonly TierActions[] = defaultTierActions,
): PlannedTierAction[] {
  const forTier = templates.find((t) => t.tier === tier)?.actions ?? [];
  return forTier.map((a) => ({
    code: a.code,
    name_zh: a.name_zh,
    name_en: a.name_en,
    dueOn: a.dueDays === null ? null : addDays(publishedOn, a.dueDays),
  }));
}
