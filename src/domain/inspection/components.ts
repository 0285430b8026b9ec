/**
 * The scores of the annual inspection (SPEC §5). Every number is an integer of hundredths
 * (85.95 → 8595); each component is a 0–100 score rounded half-up to two decimals once, and the
 * composite is Σ weight × component over the components that are not void, the weights of the
 * void ones spread over the others in proportion (so the weights used always sum to 1).
 */
import { roundHalfUp } from '../shared/rounding.js';

/** Integer hundredths: 85.95 points is 8595. */
export type Hundredths = number;

export const componentKeys = ['selfCheck', 'report', 'document', 'democratic', 'ledger'] as const;
export type ComponentKey = (typeof componentKeys)[number];

/** Component weights in whole percent (a versioned setting of the campaign). */
export type Weights = Readonly<Record<ComponentKey, number>>;

/** SPEC §5 defaults: 10 / 15 / 35 / 20 / 20. */
export const defaultWeights: Weights = {
  selfCheck: 10,
  report: 15,
  document: 35,
  democratic: 20,
  ledger: 20,
};

/** The version of these formulas: stored with every published result. */
export const RULE_VERSION = 'inspection-2026.1';

/** The report hearing drops one highest and one lowest score from this many inspectors on. */
export const TRIM_FROM = 5;

const FULL = 10_000; // 100.00

function checkHundredths(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be whole hundredths ≥ 0: ${v}`);
}

/** Problems with a set of weights: each a whole percent 0–100, summing to 100. */
export function weightProblems(w: Weights): string[] {
  const out: string[] = [];
  for (const k of componentKeys) {
    const v = w[k];
    if (!Number.isInteger(v) || v < 0 || v > 100) out.push(`${k}: must be a whole percent 0–100`);
  }
  const sum = componentKeys.reduce((s, k) => s + w[k], 0);
  if (out.length === 0 && sum !== 100) out.push(`sum: the weights add up to ${sum}, not 100`);
  return out;
}

/** A criterion's self score beside its max (hundredths). */
export interface SelfCriterion {
  readonly max: Hundredths;
  readonly self: Hundredths;
}

/**
 * Self-check 自查自评: Σ self / Σ max × 100, half-up to two decimals. Throws RangeError when a
 * self score is above its max, or when there are no criteria (Σ max = 0).
 */
export function selfCheckScore(criteria: readonly SelfCriterion[]): Hundredths {
  let self = 0;
  let max = 0;
  for (const c of criteria) {
    checkHundredths(c.max, 'max');
    checkHundredths(c.self, 'self score');
    if (c.self > c.max) throw new RangeError(`self score ${c.self} above max ${c.max}`);
    self += c.self;
    max += c.max;
  }
  if (max === 0) throw new RangeError('no criteria to score against');
  return roundHalfUp(self * FULL, max);
}

/** Which inspectors' scores count for the report hearing: all, or all but one highest and one lowest. */
export function trimmedScores(scores: readonly Hundredths[]): { kept: Hundredths[]; dropped: Hundredths[] } {
  const sorted = [...scores].sort((a, b) => a - b);
  if (sorted.length < TRIM_FROM) return { kept: sorted, dropped: [] };
  return { kept: sorted.slice(1, -1), dropped: [sorted[0] as number, sorted[sorted.length - 1] as number] };
}

/**
 * Report hearing 听取汇报: the mean of the inspectors' 0–100 scores, dropping one highest and one
 * lowest when there are at least five; null (void) with no score at all.
 */
export function reportScore(scores: readonly Hundredths[]): Hundredths | null {
  for (const s of scores) {
    checkHundredths(s, 'report score');
    if (s > FULL) throw new RangeError(`report score above 100: ${s}`);
  }
  const { kept } = trimmedScores(scores);
  if (kept.length === 0) return null;
  return roundHalfUp(
    kept.reduce((a, b) => a + b, 0),
    kept.length,
  );
}

/** A criterion's max and the deductions of the findings on it (hundredths). */
export interface ReviewedCriterion {
  readonly max: Hundredths;
  readonly deductions: readonly Hundredths[];
}

/** One criterion after document review: max(0, max − Σ deductions). */
export function criterionAfterFindings(c: ReviewedCriterion): Hundredths {
  checkHundredths(c.max, 'max');
  let d = 0;
  for (const x of c.deductions) {
    checkHundredths(x, 'deduction');
    d += x;
  }
  return Math.max(0, c.max - d);
}

/** Document review 查阅资料: Σ criteria / Σ max × 100, each criterion never below 0. */
export function documentScore(criteria: readonly ReviewedCriterion[]): Hundredths {
  let got = 0;
  let max = 0;
  for (const c of criteria) {
    got += criterionAfterFindings(c);
    max += c.max;
  }
  if (max === 0) throw new RangeError('no criteria to score against');
  return roundHalfUp(got * FULL, max);
}

/** A unit's five components; null = void (no score: e.g. fewer than five ballots). */
export type Components = Readonly<Record<ComponentKey, Hundredths | null>>;

/** The weights used for one unit: each a fraction `numerator / denominator` (they sum to 1). */
export interface WeightsUsed {
  readonly numerators: Readonly<Record<ComponentKey, number>>;
  readonly denominator: number;
  /** Each weight in hundredths of a percent (display only; 1/3 → 3333). */
  readonly display: Readonly<Record<ComponentKey, number>>;
  readonly voided: readonly ComponentKey[];
  /** Whether a void component's weight was spread over the others. */
  readonly respread: boolean;
}

/**
 * The weights used when some components are void (SPEC §5): a void component weighs 0 and the
 * others keep their proportions, so the weights used are w / Σ w over the components that count.
 * A component whose own weight is 0 is never "voided" in the explanation (nothing to spread).
 * Denominator 0 (everything void or weighted 0) leaves no composite.
 */
export function weightsUsed(weights: Weights, components: Components): WeightsUsed {
  const voided = componentKeys.filter((k) => components[k] === null && weights[k] > 0);
  const numerators = Object.fromEntries(
    componentKeys.map((k) => [k, components[k] === null ? 0 : weights[k]]),
  ) as Record<ComponentKey, number>;
  const denominator = componentKeys.reduce((s, k) => s + numerators[k], 0);
  const display = Object.fromEntries(
    componentKeys.map((k) => [k, denominator === 0 ? 0 : roundHalfUp(numerators[k] * FULL, denominator)]),
  ) as Record<ComponentKey, number>;
  return { numerators, denominator, display, voided, respread: voided.length > 0 && denominator > 0 };
}

/** Composite = Σ weight used × component, half-up to two decimals; null when nothing counts. */
export function compositeScore(weights: Weights, components: Components): Hundredths | null {
  const used = weightsUsed(weights, components);
  if (used.denominator === 0) return null;
  let sum = 0;
  for (const k of componentKeys) {
    const c = components[k];
    if (c === null) continue;
    checkHundredths(c, k);
    sum += used.numerators[k] * c;
  }
  return roundHalfUp(sum, used.denominator);
}

/**
 * Competition ranks ("1, 2, 2, 4") aligned with the input: 1 + the number of strictly greater
 * scores. A null score (no composite) has no rank.
 */
export function competitionRanks(scores: readonly (number | null)[]): (number | null)[] {
  // 1 + the number of higher scores = the place of a score's first occurrence, highest first.
  const desc = scores.filter((s): s is number => s !== null).sort((a, b) => b - a);
  const firstPlace = new Map<number, number>();
  desc.forEach((s, i) => {
    if (!firstPlace.has(s)) firstPlace.set(s, i + 1);
  });
  return scores.map((s) => (s === null ? null : (firstPlace.get(s) ?? null)));
}

/** Everything that explains one unit's composite: its inputs, the weights used and the rule. */
export interface UnitExplanation {
  readonly ruleVersion: string;
  readonly weightVersion: number;
  readonly weights: Weights;
  readonly components: Components;
  readonly weightsUsed: WeightsUsed;
  readonly composite: Hundredths | null;
  readonly inputs: {
    readonly selfCheck: {
      readonly criteria: readonly (SelfCriterion & { code: string })[];
      readonly submitted: boolean;
    };
    readonly report: {
      readonly scores: readonly Hundredths[];
      readonly kept: readonly Hundredths[];
      readonly dropped: readonly Hundredths[];
    };
    readonly document: {
      readonly criteria: readonly {
        code: string;
        max: Hundredths;
        deducted: Hundredths;
        score: Hundredths;
      }[];
    };
    readonly democratic: { readonly ballots: number } | null;
    readonly ledger: { readonly sampled: number } | null;
  };
}

/** A unit's raw inputs, as the service gathers them. */
export interface UnitInputs {
  readonly criteria: readonly { code: string; max: Hundredths }[];
  /** Self scores by criterion code; a missing code counts 0. */
  readonly selfScores: ReadonlyMap<string, Hundredths>;
  readonly selfSubmitted: boolean;
  readonly reportScores: readonly Hundredths[];
  /** Deductions by criterion code. */
  readonly deductions: ReadonlyMap<string, readonly Hundredths[]>;
  readonly democratic: { score: Hundredths | null; ballots: number } | null;
  readonly ledger: { score: Hundredths | null; sampled: number } | null;
}

/**
 * One unit's components, composite and explanation. A unit that did not submit its self-check
 * scores 0 there (the stage was its to do); the report hearing is void with no inspector's
 * score; the democratic and ledger components are void when missing or void at their source.
 */
export function explainUnit(inputs: UnitInputs, weights: Weights, weightVersion: number): UnitExplanation {
  const selfCriteria = inputs.criteria.map((c) => ({
    code: c.code,
    max: c.max,
    self: inputs.selfSubmitted ? (inputs.selfScores.get(c.code) ?? 0) : 0,
  }));
  const docCriteria = inputs.criteria.map((c) => {
    const deductions = inputs.deductions.get(c.code) ?? [];
    const score = criterionAfterFindings({ max: c.max, deductions });
    return { code: c.code, max: c.max, deducted: deductions.reduce((a, b) => a + b, 0), score };
  });
  const { kept, dropped } = trimmedScores(inputs.reportScores);
  const components: Components = {
    selfCheck: selfCheckScore(selfCriteria),
    report: reportScore(inputs.reportScores),
    document: documentScore(
      inputs.criteria.map((c) => ({ max: c.max, deductions: inputs.deductions.get(c.code) ?? [] })),
    ),
    democratic: inputs.democratic?.score ?? null,
    ledger: inputs.ledger?.score ?? null,
  };
  return {
    ruleVersion: RULE_VERSION,
    weightVersion,
    weights,
    components,
    weightsUsed: weightsUsed(weights, components),
    composite: compositeScore(weights, components),
    inputs: {
      selfCheck: { criteria: selfCriteria, submitted: inputs.selfSubmitted },
      report: { scores: [...inputs.reportScores], kept, dropped },
      document: { criteria: docCriteria },
      democratic: inputs.democratic ? { ballots: inputs.democratic.ballots } : null,
      ledger: inputs.ledger ? { sampled: inputs.ledger.sampled } : null,
    },
  };
}

/** The default criteria total (考核细则 total 100 points). */
export const DEFAULT_CRITERIA_TOTAL: Hundredths = FULL;
