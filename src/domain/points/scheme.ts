/**
 * The points scheme (积分方案, SPEC §2): its items and rules with their defaults, and the points
 * one entry is worth. The checks a drafted scheme must pass live in `scheme-validation.ts`.
 *
 * All point values are integer hundredths (see `hundredths.ts`): a base score of 60 is 6000.
 */
import type { Hundredths } from './hundredths.js';

/** The three dimensions of a member's points: 政治素质, 专业素质, 文明素质. */
export const dimensions = ['political', 'professional', 'civility'] as const;
export type Dimension = (typeof dimensions)[number];

export const dimensionLabels: Record<Dimension, { zh: string; en: string }> = {
  political: { zh: '政治素质', en: 'Political quality' },
  professional: { zh: '专业素质', en: 'Professional quality' },
  civility: { zh: '文明素质', en: 'Civility' },
};

export const directions = ['bonus', 'deduction'] as const;
/** Whether an item adds points (加分) or takes them away (减分). */
export type Direction = (typeof directions)[number];

export const directionLabels: Record<Direction, { zh: string; en: string }> = {
  bonus: { zh: '加分', en: 'Bonus' },
  deduction: { zh: '减分', en: 'Deduction' },
};

/** The units the spec names; the scheme may use others, so `SchemeItem.unit` stays a string. */
export const itemUnits = ['次', '小时', '项'] as const;

/** Points per occurrence: fixed, or a range the person entering picks from (both ends included). */
export type ItemPoints =
  | { readonly kind: 'fixed'; readonly value: Hundredths }
  | { readonly kind: 'range'; readonly min: Hundredths; readonly max: Hundredths };

/**
 * An item's cap per quarter: at most `value` occurrences (units of quantity) count, or at most
 * `value` hundredths of points count. `null` = uncapped.
 */
export type QuarterCap =
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'points'; readonly value: Hundredths };

/** One item (积分项目) of the scheme. */
export interface SchemeItem {
  readonly code: string;
  readonly name: string;
  readonly dimension: Dimension;
  readonly direction: Direction;
  readonly points: ItemPoints;
  /** 次 / 小时 / 项 …: what one unit of an entry's quantity is. */
  readonly unit: string;
  readonly quarterCap: QuarterCap | null;
  readonly evidenceRequired: boolean;
  /** 一票否决: any approved entry forces the member to 警示型 for the year. Deductions only. */
  readonly veto: boolean;
}

/**
 * Quota tier rule: cumulative integer percentages of the scope counted from the top
 * (标杆 5 → top 5%, 优秀 20 → top 20%, 良好 50 → top 50%); below `warningBelow` (hundredths) is 警示型.
 */
export interface QuotaTierRule {
  readonly kind: 'quota';
  readonly benchmark: number;
  readonly excellent: number;
  readonly good: number;
  readonly warningBelow: Hundredths;
}

/** Threshold tier rule ("score ≥ X"): minimum annual scores in hundredths for each tier. */
export interface ThresholdTierRule {
  readonly kind: 'threshold';
  readonly benchmark: Hundredths;
  readonly excellent: Hundredths;
  readonly good: Hundredths;
  readonly warningBelow: Hundredths;
}

export type TierRule = QuotaTierRule | ThresholdTierRule;

export const annualFormulas = ['mean_of_present_quarters'] as const;
/** How the annual score is made from quarter scores; SPEC §2 names one formula. */
export type AnnualFormula = (typeof annualFormulas)[number];

/**
 * Within which group members are ranked and graded at year end:
 * - `root`: everyone in the scheme together;
 * - `child_committee`: each committee directly under the root (county bureau / department
 *   committee, the SPEC default); members not under such a committee form the root's own scope;
 * - `branch`: each branch separately.
 */
export const rankingScopes = ['root', 'child_committee', 'branch'] as const;
export type RankingScope = (typeof rankingScopes)[number];

/** The scheme's settings; every number is a default an owner may change (SPEC §2). */
export interface SchemeRules {
  /** Base score per quarter, hundredths (default 6000 = 60 points). */
  readonly baseScore: Hundredths;
  /** Bonus cap per dimension per quarter, hundredths (default 1500 / 1500 / 1000). */
  readonly bonusCaps: Readonly<Record<Dimension, Hundredths>>;
  readonly tierRule: TierRule;
  readonly annualFormula: AnnualFormula;
  readonly rankingScope: RankingScope;
  /** "others' deductions show only as totals unless the scheme says otherwise". */
  readonly boardPrivacy: { readonly showOthersDeductions: boolean };
  /** Members present in fewer quarters than this are graded but flagged (default 2). */
  readonly minQuartersForUnflagged: number;
  /** Calendar days after publication during which a member may appeal (default 10). */
  readonly appealWindowDays: number;
  /** Submitted entries waiting longer than this many days are flagged (default 7). */
  readonly reviewOverdueDays: number;
}

/** A scheme as validated: its rules and its items. */
export interface Scheme {
  readonly rules: SchemeRules;
  readonly items: readonly SchemeItem[];
}

/** Submitted entries waiting longer than this many days are overdue unless the scheme says otherwise (SPEC §2). */
export const DEFAULT_REVIEW_OVERDUE_DAYS = 7;

/** The SPEC §2 defaults: base 60, caps 15/15/10, quota tiers 5/20/50 %, warning below 60. */
export function defaultSchemeRules(): SchemeRules {
  return {
    baseScore: 6000,
    bonusCaps: { political: 1500, professional: 1500, civility: 1000 },
    tierRule: { kind: 'quota', benchmark: 5, excellent: 20, good: 50, warningBelow: 6000 },
    annualFormula: 'mean_of_present_quarters',
    rankingScope: 'child_committee',
    boardPrivacy: { showOthersDeductions: false },
    minQuartersForUnflagged: 2,
    appealWindowDays: 10,
    reviewOverdueDays: DEFAULT_REVIEW_OVERDUE_DAYS,
  };
}

/** Largest base score a scheme may set (100 points). */
export const MAX_BASE_SCORE: Hundredths = 10000;
/** Largest appeal window or review deadline, in days. */
export const MAX_WINDOW_DAYS = 365;

/** Points of one occurrence at least (fixed value or range minimum). */
export function minPointsPerOccurrence(item: Pick<SchemeItem, 'points'>): Hundredths {
  return item.points.kind === 'fixed' ? item.points.value : item.points.min;
}

/** Points of one occurrence at most (fixed value or range maximum). */
export function maxPointsPerOccurrence(item: Pick<SchemeItem, 'points'>): Hundredths {
  return item.points.kind === 'fixed' ? item.points.value : item.points.max;
}

/**
 * Most points the item can count in a quarter after its own cap: `null` when uncapped (no
 * limit), the cap for a points cap, count × largest occurrence for a count cap.
 */
export function maxCountedPerQuarter(item: Pick<SchemeItem, 'points' | 'quarterCap'>): Hundredths | null {
  const cap = item.quarterCap;
  if (cap === null) return null;
  return cap.kind === 'points' ? cap.value : cap.value * maxPointsPerOccurrence(item);
}

/** Most points a member can score in a quarter: base plus every dimension's bonus cap. */
export function maxQuarterScore(rules: Pick<SchemeRules, 'baseScore' | 'bonusCaps'>): Hundredths {
  return rules.baseScore + dimensions.reduce((sum, d) => sum + Math.max(0, rules.bonusCaps[d]), 0);
}

// ---------------------------------------------------------------------------------------------
// Points of one entry
// ---------------------------------------------------------------------------------------------

export const entryPointsErrors = [
  'quantity_invalid',
  'points_required',
  'points_not_integer',
  'points_out_of_range',
] as const;
export type EntryPointsError = (typeof entryPointsErrors)[number];

export const entryPointsErrorMessages: Record<EntryPointsError, { zh: string; en: string }> = {
  quantity_invalid: { zh: '数量须为正整数', en: 'The quantity must be a positive whole number' },
  points_required: {
    zh: '该项目分值为区间，请选择本次分值',
    en: 'This item has a points range; choose the points for this occurrence',
  },
  points_not_integer: { zh: '分值最多保留两位小数', en: 'Points have at most two decimals' },
  points_out_of_range: {
    zh: '分值不在该项目允许的范围内',
    en: 'The points are outside the range this item allows',
  },
};

export type EntryPointsResult =
  | { readonly ok: true; readonly points: Hundredths; readonly perOccurrence: Hundredths }
  | { readonly ok: false; readonly error: EntryPointsError };

/**
 * Points of one entry (积分记录), as a positive magnitude in hundredths — the item's direction
 * says whether they add or deduct (SPEC §2: "points per occurrence (fixed) or a range the
 * enterer picks from"). Fixed items: value × quantity (a `chosenPoints`, if given, must equal the
 * value). Range items: the chosen per-occurrence value must lie within [min, max], × quantity.
 * Quantity is a whole number of the item's units (次/小时/项): a scheme that scores half hours
 * defines its item per half hour.
 */
export function pointsForEntry(
  item: Pick<SchemeItem, 'points'>,
  quantity: number,
  chosenPoints?: Hundredths | null,
): EntryPointsResult {
  if (!Number.isSafeInteger(quantity) || quantity < 1) return { ok: false, error: 'quantity_invalid' };
  let perOccurrence: Hundredths;
  if (item.points.kind === 'fixed') {
    perOccurrence = item.points.value;
    if (chosenPoints !== undefined && chosenPoints !== null) {
      if (!Number.isSafeInteger(chosenPoints)) return { ok: false, error: 'points_not_integer' };
      if (chosenPoints !== perOccurrence) return { ok: false, error: 'points_out_of_range' };
    }
  } else {
    if (chosenPoints === undefined || chosenPoints === null) return { ok: false, error: 'points_required' };
    if (!Number.isSafeInteger(chosenPoints)) return { ok: false, error: 'points_not_integer' };
    if (chosenPoints < item.points.min || chosenPoints > item.points.max) {
      return { ok: false, error: 'points_out_of_range' };
    }
    perOccurrence = chosenPoints;
  }
  const points = perOccurrence * quantity;
  if (!Number.isSafeInteger(points)) return { ok: false, error: 'quantity_invalid' };
  return { ok: true, points, perOccurrence };
}
