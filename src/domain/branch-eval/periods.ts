/**
 * Quarter scores and annual grades (SPEC §3: "Quarter score (季考) = mean of its three month
 * totals, rounded half-up to two decimals. Annual grade (年定级) from the mean of the four
 * quarters: advanced 先进 ≥ 90, good 良好 ≥ 80, average 一般 ≥ 70, lagging 后进 below 70 or any
 * mandatory_missed month not rectified.")
 */
import { type Fraction, formatPoints, fraction, type Hundredths, roundFraction, safeSum } from './exact.js';
import type { Label } from './issues.js';

/** A quarter's score and how complete its months were. */
export interface QuarterScore {
  /** Mean of the months present, rounded half-up to hundredths; null when no month has a total. */
  readonly score: Hundredths | null;
  readonly exact: Fraction | null;
  readonly monthsCounted: number;
  /** Positions (1–3) of the months without a total. */
  readonly missingMonths: number[];
  /** False when a month is missing: shown flagged beside the score. */
  readonly complete: boolean;
}

/**
 * Quarter score (SPEC §3 季考): the mean of its three month totals, rounded half-up to two
 * decimals. The spec is silent on a missing month (a branch created, merged or split mid-quarter,
 * a month not yet approved): the mean of the months present is taken and the result is flagged
 * (`complete: false`, `missingMonths`) — counting a missing month as 0 would punish a branch for
 * an org change. No month at all gives a null score. Throws RangeError unless given exactly three
 * entries, each null/undefined or whole hundredths.
 */
export function quarterScore(monthTotals: readonly (Hundredths | null | undefined)[]): QuarterScore {
  if (monthTotals.length !== 3) throw new RangeError(`A quarter has 3 months, got ${monthTotals.length}`);
  return meanOfPresent(monthTotals, 'month');
}

export const grades = ['advanced', 'good', 'average', 'lagging'] as const;
export type Grade = (typeof grades)[number];

export const gradeLabels: Record<Grade, Label> = {
  advanced: { zh: '先进', en: 'Advanced' },
  good: { zh: '良好', en: 'Good' },
  average: { zh: '一般', en: 'Average' },
  lagging: { zh: '后进', en: 'Lagging' },
};

/** Lowest annual score (hundredths) of each grade above lagging; a setting (SPEC §3 defaults 90/80/70). */
export interface GradeThresholds {
  readonly advanced: Hundredths;
  readonly good: Hundredths;
  readonly average: Hundredths;
}

export const defaultGradeThresholds: GradeThresholds = { advanced: 9_000, good: 8_000, average: 7_000 };

/**
 * Grade for an annual score alone (SPEC §3 thresholds, inclusive: exactly 90.00 is advanced).
 * Throws RangeError unless the thresholds are whole hundredths with advanced ≥ good ≥ average ≥ 0.
 */
export function gradeForScore(
  score: Hundredths,
  thresholds: GradeThresholds = defaultGradeThresholds,
): Grade {
  assertThresholds(thresholds);
  if (score >= thresholds.advanced) return 'advanced';
  if (score >= thresholds.good) return 'good';
  if (score >= thresholds.average) return 'average';
  return 'lagging';
}

/** A month's mandatory flag for the annual grade; `month` (e.g. "2026-03") is shown in the reason. */
export interface MonthMandatoryFlag {
  readonly month?: string;
  readonly mandatoryMissed: boolean;
  /** The branch made up for it (整改) and the committee accepted that. */
  readonly rectified: boolean;
}

export type GradeReasonCode =
  | 'mandatory_missed_unrectified'
  | 'score_threshold'
  | 'below_threshold'
  | 'no_scores';

/**
 * One quarter as the annual grade takes it: its score alone (hundredths, null/undefined when
 * missing), or the {@link quarterScore} result so a quarter still lacking months is known.
 */
export type QuarterInput = Hundredths | null | undefined | Pick<QuarterScore, 'score' | 'missingMonths'>;

/** A quarter counted in the annual mean although some of its months have no total yet. */
export interface IncompleteQuarter {
  /** 1–4. */
  readonly quarter: number;
  /** Positions (1–3) of the quarter's months without a total. */
  readonly missingMonths: number[];
}

export interface AnnualGrade {
  /** Null only when there is no quarter score and nothing forces lagging. */
  readonly grade: Grade | null;
  /** Mean of the quarter scores present, rounded half-up (null without any). */
  readonly annualScore: Hundredths | null;
  readonly exact: Fraction | null;
  readonly quartersCounted: number;
  /** Positions (1–4) of the quarters without a score. */
  readonly missingQuarters: number[];
  /** Quarters counted with months missing (e.g. Q4 holding only October). */
  readonly incompleteQuarters: IncompleteQuarter[];
  /** True only when all four quarters are there with all their months: a grade is final only then. */
  readonly complete: boolean;
  /** The months with a mandatory indicator missed and not rectified. */
  readonly unrectified: MonthMandatoryFlag[];
  readonly reason: { readonly code: GradeReasonCode } & Label;
}

/**
 * Annual grade (SPEC §3 年定级): the mean of the four quarter scores, rounded half-up, graded by
 * `thresholds`; `lagging` regardless of score when any month has `mandatoryMissed` and is not
 * `rectified`. Decisions where the spec is silent:
 * - the grade compares the ROUNDED annual score, the number people see, so a printed 90.00 is
 *   always advanced;
 * - a missing quarter (null) is left out of the mean and flagged (`complete: false`), like a
 *   missing month in {@link quarterScore}; so is a quarter given as a {@link quarterScore} result
 *   with months missing (`incompleteQuarters`) — its score counts, but the year is not complete;
 * - with no quarter score at all the grade is null (nothing to grade) unless a missed mandatory
 *   month forces lagging.
 * Throws RangeError unless given exactly four entries.
 */
export function annualGrade(
  quarters: readonly QuarterInput[],
  months: readonly MonthMandatoryFlag[],
  thresholds: GradeThresholds = defaultGradeThresholds,
): AnnualGrade {
  if (quarters.length !== 4) throw new RangeError(`A year has 4 quarters, got ${quarters.length}`);
  assertThresholds(thresholds);
  const quarterScores = quarters.map((q) => (q != null && typeof q === 'object' ? q.score : q));
  const incompleteQuarters = quarters.flatMap((q, i) =>
    q != null && typeof q === 'object' && q.score !== null && q.missingMonths.length > 0
      ? [{ quarter: i + 1, missingMonths: [...q.missingMonths] }]
      : [],
  );
  const mean = meanOfPresent(quarterScores, 'quarter');
  const unrectifiedAt = months.flatMap((m, i) => (m.mandatoryMissed && !m.rectified ? [{ m, i }] : []));
  const unrectified = unrectifiedAt.map(({ m }) => m);
  const base = {
    annualScore: mean.score,
    exact: mean.exact,
    quartersCounted: mean.monthsCounted,
    missingQuarters: mean.missingMonths,
    incompleteQuarters,
    complete: mean.complete && incompleteQuarters.length === 0,
    unrectified,
  };
  if (unrectified.length > 0) {
    const list = unrectifiedAt.map(({ m, i }) => m.month ?? `#${i + 1}`);
    return {
      ...base,
      grade: 'lagging',
      reason: {
        code: 'mandatory_missed_unrectified',
        zh: `有必备项缺失且未整改的月份（${list.join('、')}），定为后进`,
        en: `Mandatory indicators were missed and not rectified (${list.join(', ')}): lagging`,
      },
    };
  }
  if (mean.score === null) {
    return {
      ...base,
      grade: null,
      reason: { code: 'no_scores', zh: '全年没有季度得分', en: 'No quarter score this year' },
    };
  }
  const grade = gradeForScore(mean.score, thresholds);
  const score = formatPoints(mean.score);
  if (grade === 'lagging') {
    const floor = formatPoints(thresholds.average);
    return {
      ...base,
      grade,
      reason: {
        code: 'below_threshold',
        zh: `年度得分 ${score} 低于 ${floor}，定为后进`,
        en: `Annual score ${score} is below ${floor}: lagging`,
      },
    };
  }
  const floor = formatPoints(thresholds[grade]);
  return {
    ...base,
    grade,
    reason: {
      code: 'score_threshold',
      zh: `年度得分 ${score} ≥ ${floor}，定为${gradeLabels[grade].zh}`,
      en: `Annual score ${score} ≥ ${floor}: ${gradeLabels[grade].en.toLowerCase()}`,
    },
  };
}

/**
 * What a grade lacks before it is final, for every place that shows it ("全年成绩尚不完整：第2季度无
 * 成绩；第4季度缺第2、3个月"); null when the year is complete.
 */
export function incompletenessNote(
  g: Pick<AnnualGrade, 'missingQuarters' | 'incompleteQuarters'>,
): Label | null {
  if (g.missingQuarters.length === 0 && g.incompleteQuarters.length === 0) return null;
  const parts = [
    ...g.missingQuarters.map((q) => ({ at: q, zh: `第${q}季度无成绩`, en: `Q${q} has no score` })),
    ...g.incompleteQuarters.map((q) => ({
      at: q.quarter,
      zh: `第${q.quarter}季度缺第${q.missingMonths.join('、')}个月`,
      en: `Q${q.quarter} lacks months ${q.missingMonths.join(', ')}`,
    })),
  ].sort((a, b) => a.at - b.at);
  return {
    zh: `全年成绩尚不完整：${parts.map((p) => p.zh).join('；')}`,
    en: `the year is incomplete: ${parts.map((p) => p.en).join('; ')}`,
  };
}

function meanOfPresent(values: readonly (Hundredths | null | undefined)[], what: string): QuarterScore {
  const present: Hundredths[] = [];
  const missing: number[] = [];
  values.forEach((v, i) => {
    if (v == null) {
      missing.push(i + 1);
      return;
    }
    if (!Number.isSafeInteger(v)) throw new RangeError(`The ${what} score is not whole hundredths: ${v}`);
    present.push(v);
  });
  const exact = present.length === 0 ? null : fraction(safeSum(present), present.length);
  return {
    score: exact === null ? null : roundFraction(exact),
    exact,
    monthsCounted: present.length,
    missingMonths: missing,
    complete: missing.length === 0,
  };
}

function assertThresholds(t: GradeThresholds): void {
  const ok =
    [t.advanced, t.good, t.average].every(Number.isSafeInteger) &&
    t.advanced >= t.good &&
    t.good >= t.average &&
    t.average >= 0;
  if (!ok)
    throw new RangeError(
      `Grade thresholds must be whole hundredths, advanced ≥ good ≥ average ≥ 0: ${JSON.stringify(t)}`,
    );
}
