/**
 * The annual grade rule of a round (SPEC §3 年定级, and the preamble: "All numbers are defaults:
 * each is a setting of the scheme or plan it belongs to, editable by the people who own it, and
 * versioned (a result always records which settings produced it)"). The floors 90/80/70 and the
 * rule that an unrectified missed mandatory month makes a branch 后进 are the defaults; the
 * committee of the round may save other values for a year, each save being a new version.
 */
import { formatPoints, type Hundredths } from './exact.js';
import type { Label } from './issues.js';
import {
  annualGrade,
  type Grade,
  type GradeThresholds,
  gradeLabels,
  incompletenessNote,
  type MonthMandatoryFlag,
  type QuarterInput,
} from './periods.js';
import { defaultPlanSettings } from './plan.js';

/** The settings that turn four quarter scores into a grade. */
export interface GradeRule extends GradeThresholds {
  /** An unrectified missed mandatory month makes the branch 后进 whatever its score (SPEC default). */
  readonly unrectifiedMandatoryLagging: boolean;
}

export const defaultGradeRule: GradeRule = {
  advanced: 9_000,
  good: 8_000,
  average: 7_000,
  unrectifiedMandatoryLagging: true,
};

/**
 * Highest floor that can still be reached: the plan total plus the innovation cap (100 + 10 points
 * by default). A floor above it would make a grade unreachable by construction.
 */
export const gradeFloorLimit: Hundredths =
  defaultPlanSettings.totalPoints + defaultPlanSettings.innovationCap;

export const floorGrades = ['advanced', 'good', 'average'] as const;
export type FloorGrade = (typeof floorGrades)[number];

/** A reason the committee's rule cannot be saved, with its message in both languages. */
export interface GradeRuleProblem {
  readonly code: 'floor_not_integer' | 'floor_out_of_range' | 'floors_not_descending';
  readonly field: FloorGrade;
  readonly details: Readonly<Record<string, string | number>>;
  readonly message: Label;
}

/**
 * Every problem of a rule (empty when it may be saved): each floor whole hundredths within
 * 0–{@link gradeFloorLimit}, and strictly descending — advanced > good > average — so that every
 * grade has a band of scores of its own (equal floors would silently delete a grade).
 */
export function gradeRuleProblems(
  rule: GradeThresholds,
  limit: Hundredths = gradeFloorLimit,
): GradeRuleProblem[] {
  const problems: GradeRuleProblem[] = [];
  for (const g of floorGrades) {
    const v = rule[g];
    const name = gradeLabels[g];
    if (!Number.isSafeInteger(v)) {
      problems.push({
        code: 'floor_not_integer',
        field: g,
        details: { value: String(v) },
        message: {
          zh: `${name.zh}线须精确到 0.01 分`,
          en: `The ${name.en.toLowerCase()} floor must be exact to 0.01`,
        },
      });
    } else if (v < 0 || v > limit) {
      problems.push({
        code: 'floor_out_of_range',
        field: g,
        details: { value: v, min: 0, max: limit },
        message: {
          zh: `${name.zh}线 ${formatPoints(v)} 须在 0.00 至 ${formatPoints(limit)} 分之间`,
          en: `The ${name.en.toLowerCase()} floor ${formatPoints(v)} must lie between 0.00 and ${formatPoints(limit)}`,
        },
      });
    }
  }
  if (problems.length > 0) return problems;
  const pairs: [FloorGrade, FloorGrade][] = [
    ['advanced', 'good'],
    ['good', 'average'],
  ];
  for (const [upper, lower] of pairs) {
    if (rule[upper] <= rule[lower]) {
      const u = gradeLabels[upper];
      const l = gradeLabels[lower];
      problems.push({
        code: 'floors_not_descending',
        field: lower,
        details: { upper, lower, upperValue: rule[upper], lowerValue: rule[lower] },
        message: {
          zh: `${u.zh}线（${formatPoints(rule[upper])}）须高于${l.zh}线（${formatPoints(rule[lower])}）`,
          en: `The ${u.en.toLowerCase()} floor (${formatPoints(rule[upper])}) must be above the ${l.en.toLowerCase()} floor (${formatPoints(rule[lower])})`,
        },
      });
    }
  }
  return problems;
}

/** The floor a grade was decided by: the one reached, or for 后进 by score the lowest one missed. */
export interface GradeFloor {
  readonly grade: FloorGrade;
  readonly points: Hundredths;
  readonly reached: boolean;
}

export type RuledGrade = ReturnType<typeof annualGrade> & {
  /** Every month with a missed mandatory indicator not rectified, whether or not the rule counts it. */
  readonly unrectifiedMonths: string[];
  readonly floor: GradeFloor | null;
  /** The version of the rule (0: the defaults, nothing saved). */
  readonly ruleVersion: number;
  /** Why this grade, naming the floor and the rule version. */
  readonly explanation: Label;
};

const ruleName = (version: number): Label =>
  version === 0
    ? { zh: '默认定级规则', en: 'the default grade rule' }
    : { zh: `定级规则第 ${version} 版`, en: `grade rule version ${version}` };

/**
 * The annual grade under a rule version (SPEC §3 年定级 with the committee's settings): the
 * domain's {@link annualGrade} with the rule's floors, the unrectified-mandatory rule applied only
 * when the rule says so, and an explanation that names the floor used and the rule version.
 */
export function gradeWithRule(
  quarterScores: readonly QuarterInput[],
  months: readonly MonthMandatoryFlag[],
  rule: GradeRule,
  version: number,
): RuledGrade {
  const g = annualGrade(quarterScores, rule.unrectifiedMandatoryLagging ? months : [], rule);
  const unrectifiedMonths = months.flatMap((m, i) =>
    m.mandatoryMissed && !m.rectified ? [m.month ?? `#${i + 1}`] : [],
  );
  const by = ruleName(version);
  const score = g.annualScore === null ? '' : formatPoints(g.annualScore);
  let floor: GradeFloor | null = null;
  let explanation: Label;
  if (g.reason.code === 'mandatory_missed_unrectified') {
    explanation = {
      zh: `有必备项缺失且未整改的月份（${unrectifiedMonths.join('、')}），按${by.zh}定为后进`,
      en: `Mandatory indicators were missed and not rectified (${unrectifiedMonths.join(', ')}); under ${by.en}: lagging`,
    };
  } else if (g.grade === null) {
    explanation = { zh: `全年没有季度得分（${by.zh}）`, en: `No quarter score this year (${by.en})` };
  } else if (g.grade === 'lagging') {
    floor = { grade: 'average', points: rule.average, reached: false };
    explanation = {
      zh: `年度得分 ${score} 低于一般线 ${formatPoints(rule.average)}（${by.zh}），定为后进`,
      en: `Annual score ${score} is below the average floor ${formatPoints(rule.average)} (${by.en}): lagging`,
    };
  } else {
    const grade: Grade = g.grade;
    const label = gradeLabels[grade];
    floor = { grade, points: rule[grade], reached: true };
    explanation = {
      zh: `年度得分 ${score} ≥ ${label.zh}线 ${formatPoints(rule[grade])}（${by.zh}），定为${label.zh}`,
      en: `Annual score ${score} ≥ the ${label.en.toLowerCase()} floor ${formatPoints(rule[grade])} (${by.en}): ${label.en.toLowerCase()}`,
    };
  }
  if (!rule.unrectifiedMandatoryLagging && unrectifiedMonths.length > 0) {
    explanation = {
      zh: `${explanation.zh}；本规则下必备项缺失未整改不强制定为后进（${unrectifiedMonths.join('、')}）`,
      en: `${explanation.en}; under this rule unrectified missed mandatory months (${unrectifiedMonths.join(', ')}) do not force lagging`,
    };
  }
  // With no quarter at all the explanation already says so.
  const note = g.quartersCounted > 0 ? incompletenessNote(g) : null;
  if (note) explanation = { zh: `${explanation.zh}；${note.zh}`, en: `${explanation.en}; ${note.en}` };
  return { ...g, unrectifiedMonths, floor, ruleVersion: version, explanation };
}
