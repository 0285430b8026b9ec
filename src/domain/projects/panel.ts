/**
 * Panel evaluation (评审, SPEC §4): criteria with points, each panel member's total, the project
 * score as the mean of the totals after dropping one highest and one lowest when there are 5 or
 * more, rounded half-up to two decimals, and the grade from a versioned band setting. Points are
 * integer hundredths (85.5 → 8550) throughout; the score explains itself.
 */
import { roundHalfUp } from '../shared/rounding.js';
import type { Label } from './lifecycle.js';

export type Hundredths = number;

/** A criterion of the evaluation: code, name and its maximum in hundredths. */
export interface Criterion {
  readonly code: string;
  readonly name: string;
  readonly max: Hundredths;
}

/** The defaults: 目标达成 30, 创新性 25, 实效性 25, 推广价值 20 = 100. */
export const defaultCriteria: readonly Criterion[] = [
  { code: 'goal', name: '目标达成', max: 3_000 },
  { code: 'innovation', name: '创新性', max: 2_500 },
  { code: 'effect', name: '实效性', max: 2_500 },
  { code: 'promotion', name: '推广价值', max: 2_000 },
];

/** Fewest panel members the committee may name. */
export const minPanelSize = 3;
/** From this many totals on, one highest and one lowest are dropped. */
export const trimFrom = 5;

export const projectGrades = ['excellent', 'good', 'pass', 'fail'] as const;
export type ProjectGrade = (typeof projectGrades)[number];

export const gradeLabels: Record<ProjectGrade, Label> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};

/** Grade floors in hundredths, with the version of the setting that holds them. */
export interface GradeBands {
  readonly version: number;
  readonly excellent: Hundredths;
  readonly good: Hundredths;
  readonly pass: Hundredths;
}

/** 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below: version 1 of every committee's setting. */
export const defaultGradeBands: GradeBands = { version: 1, excellent: 9_000, good: 8_000, pass: 6_000 };

/** Problems of a band setting: floors whole, within 0–100 and strictly descending. */
export function gradeBandProblems(b: Omit<GradeBands, 'version'>): string[] {
  const out: string[] = [];
  for (const k of ['excellent', 'good', 'pass'] as const) {
    if (!Number.isSafeInteger(b[k]) || b[k] < 0 || b[k] > 10_000) out.push(`${k}_out_of_range`);
  }
  if (!(b.excellent > b.good && b.good > b.pass)) out.push('floors_not_descending');
  return out;
}

/** The grade of a score under a band setting. */
export function gradeOf(score: Hundredths, bands: GradeBands): ProjectGrade {
  if (score >= bands.excellent) return 'excellent';
  if (score >= bands.good) return 'good';
  if (score >= bands.pass) return 'pass';
  return 'fail';
}

/** One criterion's score as a panel member gave it. */
export interface CriterionScore {
  readonly code: string;
  readonly points: Hundredths;
}

export type ScoreProblem =
  | { readonly code: 'unknown_criterion'; readonly criterion: string }
  | { readonly code: 'missing_criterion'; readonly criterion: string }
  | { readonly code: 'score_above_max'; readonly criterion: string; readonly max: Hundredths }
  | { readonly code: 'score_negative'; readonly criterion: string }
  | { readonly code: 'duplicate_criterion'; readonly criterion: string };

/** Every problem of one member's sheet against the criteria (empty when it may be saved). */
export function scoreSheetProblems(
  criteria: readonly Criterion[],
  sheet: readonly CriterionScore[],
): ScoreProblem[] {
  const out: ScoreProblem[] = [];
  const seen = new Set<string>();
  for (const s of sheet) {
    const c = criteria.find((x) => x.code === s.code);
    if (seen.has(s.code)) out.push({ code: 'duplicate_criterion', criterion: s.code });
    seen.add(s.code);
    if (!c) {
      out.push({ code: 'unknown_criterion', criterion: s.code });
      continue;
    }
    if (!Number.isSafeInteger(s.points) || s.points < 0)
      out.push({ code: 'score_negative', criterion: s.code });
    else if (s.points > c.max) out.push({ code: 'score_above_max', criterion: s.code, max: c.max });
  }
  for (const c of criteria) if (!seen.has(c.code)) out.push({ code: 'missing_criterion', criterion: c.code });
  return out;
}

/** A sheet's total. */
export const sheetTotal = (sheet: readonly CriterionScore[]): Hundredths =>
  sheet.reduce((sum, s) => sum + s.points, 0);

/** One panel member's total as it appears in the explanation. */
export interface PanelTotal {
  readonly panelist: number;
  readonly total: Hundredths;
  readonly dropped: 'highest' | 'lowest' | null;
}

/** How the project score came about. */
export interface PanelExplanation {
  readonly totals: readonly PanelTotal[];
  /** The panel members whose totals were dropped (highest first), empty below {@link trimFrom}. */
  readonly dropped: readonly number[];
  readonly counted: number;
  readonly sum: Hundredths;
  readonly score: Hundredths;
  readonly grade: ProjectGrade;
  readonly bands: GradeBands;
  readonly ruleVersion: number;
  readonly trimFrom: number;
}

/**
 * The project score from each panel member's total: with `trimFrom` or more, the first highest and
 * the first lowest (in the given order) are dropped; the mean of the rest is rounded half-up to
 * whole hundredths. Throws on an empty panel.
 */
export function aggregatePanel(
  totals: readonly { readonly panelist: number; readonly total: Hundredths }[],
  bands: GradeBands = defaultGradeBands,
): PanelExplanation {
  if (totals.length === 0) throw new RangeError('A panel score needs at least one total');
  let hi = -1;
  let lo = -1;
  if (totals.length >= trimFrom) {
    hi = 0;
    lo = 0;
    totals.forEach((t, i) => {
      if (t.total > (totals[hi]?.total ?? 0)) hi = i;
      if (t.total < (totals[lo]?.total ?? 0)) lo = i;
    });
    // All equal: drop two different members all the same.
    if (hi === lo) lo = hi === 0 ? 1 : 0;
  }
  const explained: PanelTotal[] = totals.map((t, i) => ({
    panelist: t.panelist,
    total: t.total,
    dropped: i === hi ? 'highest' : i === lo ? 'lowest' : null,
  }));
  const kept = explained.filter((t) => t.dropped === null);
  const sum = kept.reduce((s, t) => s + t.total, 0);
  const score = roundHalfUp(sum, kept.length);
  return {
    totals: explained,
    dropped: [hi, lo].filter((i) => i >= 0).map((i) => totals[i]?.panelist ?? 0),
    counted: kept.length,
    sum,
    score,
    grade: gradeOf(score, bands),
    bands,
    ruleVersion: bands.version,
    trimFrom,
  };
}

/** Formats hundredths as points with two decimals (8550 → "85.50"). */
export function formatHundredths(h: Hundredths): string {
  const sign = h < 0 ? '-' : '';
  const a = Math.abs(h);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
