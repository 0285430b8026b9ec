/**
 * Indicator and month scores (SPEC §3 "Indicator score"):
 * - mandatory, basic: the verified score; a mandatory indicator not done scores 0 and marks the
 *   month `mandatory_missed`;
 * - evaluative: 0.2 × self + 0.3 × peer + 0.5 × verified, peer = the trimmed peer mean; "If an
 *   evaluative indicator has no peer scores, the peer weight moves to the verified score";
 * - innovation: awarded by the office, capped;
 * - "Each indicator score is rounded half-up to two decimals; the month total is the sum of those
 *   rounded scores (so the printed parts add up to the printed total, e.g. 85.95)."
 * All values are integer hundredths; the weighted score is an exact fraction rounded once.
 */
import {
  type Fraction,
  formatExactPoints,
  formatPoints,
  fraction,
  type Hundredths,
  roundFraction,
  roundHalfUp,
  safeMultiply,
  safeSum,
} from './exact.js';
import type { Category, Indicator } from './indicators.js';
import { errorsOf, type Issue, issue, type Label } from './issues.js';
import { defaultTrimFrom, type TrimmedMean, trimmedPeerMean } from './peer.js';
import { type PlanTemplate, validateWeights, type Weights } from './plan.js';

/**
 * What one indicator of one branch-month was given. `null` and `undefined` both mean "not given";
 * an empty `peers` list means no peer scores. `done` is for mandatory indicators only, `peers`
 * for evaluative ones, `innovationAward` for innovation ones.
 */
export interface IndicatorInputs {
  readonly self?: Hundredths | null;
  readonly peers?: readonly Hundredths[];
  readonly verified?: Hundredths | null;
  readonly done?: boolean | null;
  readonly innovationAward?: Hundredths | null;
}

/**
 * Which rule produced a score: `verified` (mandatory done, basic), `weighted` (evaluative with
 * peers), `weighted_no_peer` (evaluative, peer weight moved to verified), `innovation`,
 * `mandatory_missed` (mandatory not done: 0).
 */
export const formulas = [
  'verified',
  'weighted',
  'weighted_no_peer',
  'innovation',
  'mandatory_missed',
] as const;
export type Formula = (typeof formulas)[number];

/** The inputs that went into a score, as used (null where the rule takes none). */
export interface ScoreParts {
  readonly self: Hundredths | null;
  /** The trimmed peer mean with its used and dropped scores (evaluative only; count 0 without peers). */
  readonly peer: TrimmedMean | null;
  readonly verified: Hundredths | null;
  readonly done: boolean | null;
  readonly innovationAward: Hundredths | null;
  /** The weights applied (evaluative only): without peers, `peer` is 0 and its share is in `verified`. */
  readonly weightsUsed: Weights | null;
}

/** One indicator's score with everything needed to trace it (SPEC §7 "Trust through transparency"). */
export interface IndicatorScore {
  readonly code: string;
  readonly name: string;
  readonly category: Category;
  readonly maxPoints: Hundredths;
  /** Rounded half-up to hundredths: the number printed and summed. */
  readonly score: Hundredths;
  /** The exact value before rounding, in hundredths. */
  readonly exact: Fraction;
  readonly formula: Formula;
  readonly parts: ScoreParts;
  readonly explanation: Label;
}

export type IndicatorResult =
  | { readonly ok: true; readonly score: IndicatorScore }
  | { readonly ok: false; readonly issues: Issue[] };

export interface ScoringOptions {
  /** Peer scores are trimmed from this many on (SPEC §3 default 5). */
  readonly trimFrom?: number;
}

type ScoreInput = 'self' | 'peers' | 'verified' | 'innovationAward';

/** Which inputs each category takes (anything else given is `input_not_applicable`). */
const inputsOf: Record<Category, readonly (ScoreInput | 'done')[]> = {
  mandatory: ['self', 'verified', 'done'],
  basic: ['self', 'verified'],
  evaluative: ['self', 'peers', 'verified'],
  innovation: ['self', 'innovationAward'],
};

/**
 * Scores one indicator (SPEC §3 "Indicator score", rules in the module comment). Every given
 * score must be whole hundredths (`score_not_integer`), ≥ 0 (`score_negative`) and ≤ the
 * indicator's max (`score_above_max`); required inputs: mandatory `done` (`done_missing`) and,
 * when done, `verified`; basic `verified`; evaluative `self` and `verified` (`self_missing`,
 * `verified_missing`); innovation none (no award scores 0). An input the category does not take
 * is refused (`input_not_applicable`) rather than silently ignored. The self score of a
 * mandatory, basic or innovation indicator is kept in `parts` (it is what the office compares
 * against) but does not count. Throws RangeError on invalid weights (a plan that was never
 * validated). The result never exceeds the indicator's max: a weighted mean of values ≤ max,
 * rounded half-up, stays ≤ max.
 */
export function scoreIndicator(
  indicator: Indicator,
  inputs: IndicatorInputs,
  weights: Weights,
  options: ScoringOptions = {},
): IndicatorResult {
  assertWeights(weights);
  const issues = validateInputs(indicator, inputs);
  if (issues.length > 0) return { ok: false, issues };

  const self = inputs.self ?? null;
  const verified = inputs.verified ?? null;
  const base = {
    code: indicator.code,
    name: indicator.name,
    category: indicator.category,
    maxPoints: indicator.maxPoints,
  };
  const noParts: ScoreParts = {
    self,
    peer: null,
    verified,
    done: null,
    innovationAward: null,
    weightsUsed: null,
  };

  switch (indicator.category) {
    case 'mandatory': {
      if (inputs.done === false) {
        return scored(
          base,
          fraction(0, 1),
          'mandatory_missed',
          { ...noParts, done: false },
          {
            zh: '必备类指标未完成，得 0 分，本月记为“必备项缺失”',
            en: 'Mandatory indicator not done: 0 points, and the month is marked mandatory_missed',
          },
        );
      }
      const v = verified ?? 0;
      return scored(
        base,
        fraction(v, 1),
        'verified',
        { ...noParts, done: true },
        {
          zh: `已完成；得分 = 验证分 ${formatPoints(v)}`,
          en: `Done; score = verified score ${formatPoints(v)}`,
        },
      );
    }
    case 'basic': {
      const v = verified ?? 0;
      return scored(base, fraction(v, 1), 'verified', noParts, {
        zh: `得分 = 验证分 ${formatPoints(v)}`,
        en: `Score = verified score ${formatPoints(v)}`,
      });
    }
    case 'evaluative':
      return scoreEvaluative(base, self ?? 0, inputs.peers ?? [], verified ?? 0, weights, options);
    case 'innovation': {
      const award = inputs.innovationAward ?? null;
      const a = award ?? 0;
      return scored(
        base,
        fraction(a, 1),
        'innovation',
        { ...noParts, innovationAward: award },
        award === null
          ? { zh: '未获创新加分', en: 'No innovation award' }
          : {
              zh: `联评联考办公室认定创新加分 ${formatPoints(a)}`,
              en: `Innovation points awarded by the office: ${formatPoints(a)}`,
            },
      );
    }
  }
}

function scoreEvaluative(
  base: Pick<IndicatorScore, 'code' | 'name' | 'category' | 'maxPoints'>,
  self: Hundredths,
  peers: readonly Hundredths[],
  verified: Hundredths,
  weights: Weights,
  options: ScoringOptions,
): IndicatorResult {
  const peer = trimmedPeerMean(peers, options.trimFrom ?? defaultTrimFrom);
  if (peer.count === 0) {
    // SPEC §3: "If an evaluative indicator has no peer scores, the peer weight moves to the verified score".
    const used: Weights = { self: weights.self, peer: 0, verified: weights.verified + weights.peer };
    const exact = fraction(
      safeSum([safeMultiply(used.self, self), safeMultiply(used.verified, verified)]),
      100,
    );
    const score = roundFraction(exact);
    return scored(base, exact, 'weighted_no_peer', partsOf(self, peer, verified, used), {
      zh: `无互评分，互评权重并入验证分：自评 ${formatPoints(self)} × ${used.self}% + 验证 ${formatPoints(verified)} × ${used.verified}% = ${result(exact, score, 'zh')}`,
      en: `No peer scores, so the peer weight moves to the verified score: self ${formatPoints(self)} × ${used.self}% + verified ${formatPoints(verified)} × ${used.verified}% = ${result(exact, score, 'en')}`,
    });
  }
  // exact = (ws·self + wp·(peerSum / n) + wv·verified) / 100 = (ws·self·n + wp·peerSum + wv·verified·n) / (100·n)
  const n = peer.count;
  const numerator = safeSum([
    safeMultiply(safeMultiply(weights.self, self), n),
    safeMultiply(weights.peer, peer.sum),
    safeMultiply(safeMultiply(weights.verified, verified), n),
  ]);
  const exact = fraction(numerator, safeMultiply(100, n));
  const score = roundFraction(exact);
  const peerText = peer.mean === null ? '' : formatExactPoints(peer.mean);
  const trimmedZh =
    peer.dropped.high === null || peer.dropped.low === null
      ? `${n} 个互评分平均`
      : `去掉最高 ${formatPoints(peer.dropped.high)}、最低 ${formatPoints(peer.dropped.low)} 后 ${n} 个平均`;
  const trimmedEn =
    peer.dropped.high === null || peer.dropped.low === null
      ? `mean of ${n} peer scores`
      : `mean of ${n} after dropping the highest ${formatPoints(peer.dropped.high)} and lowest ${formatPoints(peer.dropped.low)}`;
  return scored(base, exact, 'weighted', partsOf(self, peer, verified, weights), {
    zh: `自评 ${formatPoints(self)} × ${weights.self}% + 互评 ${peerText}（${trimmedZh}）× ${weights.peer}% + 验证 ${formatPoints(verified)} × ${weights.verified}% = ${result(exact, score, 'zh')}`,
    en: `self ${formatPoints(self)} × ${weights.self}% + peer ${peerText} (${trimmedEn}) × ${weights.peer}% + verified ${formatPoints(verified)} × ${weights.verified}% = ${result(exact, score, 'en')}`,
  });
}

/** "8.55", or "8.54（精确值 8.5433…，四舍五入）" when rounding changed the value. */
function result(exact: Fraction, score: Hundredths, lang: 'zh' | 'en'): string {
  if (exact.denominator === 1) return formatPoints(score);
  const precise = formatExactPoints(exact);
  return lang === 'zh'
    ? `${formatPoints(score)}（精确值 ${precise}，四舍五入）`
    : `${formatPoints(score)} (exactly ${precise}, rounded half-up)`;
}

function partsOf(
  self: Hundredths,
  peer: TrimmedMean | null,
  verified: Hundredths,
  weightsUsed: Weights,
): ScoreParts {
  return { self, peer, verified, done: null, innovationAward: null, weightsUsed };
}

function scored(
  base: Pick<IndicatorScore, 'code' | 'name' | 'category' | 'maxPoints'>,
  exact: Fraction,
  formula: Formula,
  parts: ScoreParts,
  explanation: Label,
): IndicatorResult {
  return { ok: true, score: { ...base, score: roundFraction(exact), exact, formula, parts, explanation } };
}

function validateInputs(indicator: Indicator, inputs: IndicatorInputs): Issue[] {
  const issues: Issue[] = [];
  const code = indicator.code;
  const at = { indicator: code };
  const takes = inputsOf[indicator.category];
  const given: Record<ScoreInput | 'done', boolean> = {
    self: inputs.self != null,
    peers: (inputs.peers ?? []).length > 0,
    verified: inputs.verified != null,
    done: inputs.done != null,
    innovationAward: inputs.innovationAward != null,
  };
  for (const input of ['self', 'peers', 'verified', 'done', 'innovationAward'] as const) {
    if (given[input] && !takes.includes(input)) {
      issues.push(issue('input_not_applicable', { code, category: indicator.category, input }, at));
    }
  }
  const check = (input: ScoreInput, value: number): void => {
    if (!Number.isSafeInteger(value)) {
      issues.push(issue('score_not_integer', { code, input, value: String(value) }, at));
    } else if (value < 0) {
      issues.push(issue('score_negative', { code, input, value }, at));
    } else if (value > indicator.maxPoints) {
      issues.push(issue('score_above_max', { code, input, value, max: indicator.maxPoints }, at));
    }
  };
  if (inputs.self != null) check('self', inputs.self);
  if (inputs.verified != null) check('verified', inputs.verified);
  if (inputs.innovationAward != null) check('innovationAward', inputs.innovationAward);
  for (const p of inputs.peers ?? []) check('peers', p);

  switch (indicator.category) {
    case 'mandatory':
      if (inputs.done == null) issues.push(issue('done_missing', { code }, at));
      else if (inputs.done && inputs.verified == null) issues.push(issue('verified_missing', { code }, at));
      break;
    case 'basic':
      if (inputs.verified == null) issues.push(issue('verified_missing', { code }, at));
      break;
    case 'evaluative':
      if (inputs.self == null) issues.push(issue('self_missing', { code }, at));
      if (inputs.verified == null) issues.push(issue('verified_missing', { code }, at));
      break;
    case 'innovation':
      break;
  }
  return issues;
}

function assertWeights(weights: Weights): void {
  const problems = validateWeights(weights);
  if (problems.length > 0) {
    throw new RangeError(
      `Invalid weights ${JSON.stringify(weights)}: ${problems.map((p) => p.code).join(', ')}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Month
// ---------------------------------------------------------------------------------------------

/** An indicator's score in a month, with what counted toward the total. */
export interface MonthIndicatorScore extends IndicatorScore {
  /**
   * What the score adds to the month total: the score itself, except for innovation awards
   * beyond the month's innovation cap (see {@link scoreMonth}).
   */
  readonly counted: Hundredths;
}

/** A branch's month (SPEC §3 月评): total = Σ counted indicator scores. */
export interface MonthScore {
  readonly total: Hundredths;
  /** Counted points by category; Σ = total. */
  readonly byCategory: Record<Category, Hundredths>;
  /** In plan order. */
  readonly indicators: MonthIndicatorScore[];
  readonly mandatoryMissed: boolean;
  /** Codes of the mandatory indicators not done. */
  readonly missedIndicators: string[];
  /** Σ innovation awards before the cap. */
  readonly innovationAwarded: Hundredths;
  /** True when the awards exceeded the cap and were cut to it. */
  readonly innovationCapped: boolean;
}

export type MonthResult =
  | { readonly ok: true; readonly month: MonthScore }
  | { readonly ok: false; readonly issues: Issue[] };

/**
 * Scores a branch's month against its plan (SPEC §3): every indicator by {@link scoreIndicator},
 * then total = Σ of the rounded indicator scores, so the printed parts add up to the printed
 * total. Innovation ("awarded by the office, capped"): the month's innovation points are capped
 * at the plan's `innovationCap`; when the awards exceed it, the cap is filled in plan order and an
 * award beyond it counts only in part or not at all (`counted`), so parts and total still add up.
 * An indicator without inputs is an error (`inputs_missing`) except innovation (no award: 0);
 * inputs for a code the plan does not have are refused (`unknown_indicator`). Every problem of
 * every indicator is returned at once.
 */
export function scoreMonth(
  plan: PlanTemplate,
  inputsByIndicator: Readonly<Record<string, IndicatorInputs>>,
  options: ScoringOptions = {},
): MonthResult {
  assertWeights(plan.weights);
  const issues: Issue[] = [];
  const known = new Set(plan.indicators.map((i) => i.code));
  for (const code of Object.keys(inputsByIndicator)) {
    if (!known.has(code)) issues.push(issue('unknown_indicator', { code }, { indicator: code }));
  }
  const scores: IndicatorScore[] = [];
  for (const indicator of plan.indicators) {
    const inputs = Object.hasOwn(inputsByIndicator, indicator.code)
      ? inputsByIndicator[indicator.code]
      : undefined;
    if (inputs === undefined && indicator.category !== 'innovation') {
      issues.push(issue('inputs_missing', { code: indicator.code }, { indicator: indicator.code }));
      continue;
    }
    const result = scoreIndicator(indicator, inputs ?? {}, plan.weights, options);
    if (result.ok) scores.push(result.score);
    else issues.push(...result.issues);
  }
  if (errorsOf(issues).length > 0) return { ok: false, issues };

  let innovationLeft = plan.innovationCap;
  const indicators = scores.map((s): MonthIndicatorScore => {
    if (s.category !== 'innovation') return { ...s, counted: s.score };
    const counted = Math.min(s.score, innovationLeft);
    innovationLeft -= counted;
    return { ...s, counted };
  });
  const byCategory: Record<Category, Hundredths> = { mandatory: 0, basic: 0, evaluative: 0, innovation: 0 };
  for (const s of indicators) byCategory[s.category] = safeSum([byCategory[s.category], s.counted]);
  const innovationAwarded = safeSum(
    indicators.filter((s) => s.category === 'innovation').map((s) => s.score),
  );
  const missedIndicators = indicators.filter((s) => s.formula === 'mandatory_missed').map((s) => s.code);
  return {
    ok: true,
    month: {
      total: safeSum(indicators.map((s) => s.counted)),
      byCategory,
      indicators,
      mandatoryMissed: missedIndicators.length > 0,
      missedIndicators,
      innovationAwarded,
      innovationCapped: innovationAwarded > plan.innovationCap,
    },
  };
}

/** The figures of a month score that the approval stores and ranks: {@link scoreMonth} without its explanation. */
export interface MonthFigures {
  readonly total: Hundredths;
  readonly byCategory: Record<Category, Hundredths>;
  /** Each indicator's rounded score, in plan order (the number ranked by indicator). */
  readonly scores: Hundredths[];
  readonly mandatoryMissed: boolean;
}

/** True when `value` is given and is not whole hundredths within [0, max] (a scoring issue). */
const outOfRange = (value: number | null | undefined, max: Hundredths): boolean =>
  value != null && !(Number.isSafeInteger(value) && value >= 0 && value <= max);

/**
 * The same numbers as {@link scoreMonth} — each indicator's rounded score, the total, the counted
 * points by category and the mandatory miss — computed without building the explanation (labels,
 * parts, exact fractions), for approving thousands of branch months at once; the explanation is
 * derived on demand from the stored inputs by `scoreMonth` itself. Returns null whenever
 * `scoreMonth` would report any issue (or might: an invalid `trimFrom`), so that the caller asks
 * `scoreMonth` for the issues. Throws RangeError on invalid weights, as `scoreMonth` does.
 */
export function scoreMonthFigures(
  plan: PlanTemplate,
  inputsByIndicator: Readonly<Record<string, IndicatorInputs>>,
  options: ScoringOptions = {},
): MonthFigures | null {
  assertWeights(plan.weights);
  const trimFrom = options.trimFrom ?? defaultTrimFrom;
  if (!Number.isSafeInteger(trimFrom) || trimFrom < 3) return null;
  const indicators = plan.indicators;
  const codes = new Set(indicators.map((i) => i.code));
  for (const code of Object.keys(inputsByIndicator)) if (!codes.has(code)) return null;
  const w = plan.weights;
  const scores: Hundredths[] = [];
  const byCategory: Record<Category, Hundredths> = { mandatory: 0, basic: 0, evaluative: 0, innovation: 0 };
  let total = 0;
  let innovationLeft = plan.innovationCap;
  let mandatoryMissed = false;
  for (const indicator of indicators) {
    const given = Object.hasOwn(inputsByIndicator, indicator.code)
      ? inputsByIndicator[indicator.code]
      : undefined;
    if (given === undefined && indicator.category !== 'innovation') return null;
    const inputs: IndicatorInputs = given ?? {};
    const max = indicator.maxPoints;
    const { self, verified, done, innovationAward } = inputs;
    const peers = inputs.peers ?? [];
    if (outOfRange(self, max) || outOfRange(verified, max) || outOfRange(innovationAward, max)) return null;
    for (const p of peers) if (outOfRange(p, max)) return null;
    let score: Hundredths;
    switch (indicator.category) {
      case 'mandatory': {
        if (peers.length > 0 || innovationAward != null || done == null) return null;
        if (done && verified == null) return null;
        if (done === false) {
          mandatoryMissed = true;
          score = 0;
        } else {
          score = verified ?? 0;
        }
        break;
      }
      case 'basic':
        if (peers.length > 0 || done != null || innovationAward != null || verified == null) return null;
        score = verified;
        break;
      case 'evaluative': {
        if (done != null || innovationAward != null || self == null || verified == null) return null;
        // The trimmed peer mean (see trimmedPeerMean): one highest and one lowest dropped from trimFrom on.
        let sum = 0;
        let low = Number.POSITIVE_INFINITY;
        let high = Number.NEGATIVE_INFINITY;
        for (const p of peers) {
          sum += p;
          if (p < low) low = p;
          if (p > high) high = p;
        }
        // Beyond exact integers scoreMonth decides (it throws): never here with real points.
        if (!Number.isSafeInteger(sum)) return null;
        let n = peers.length;
        if (n >= trimFrom) {
          sum -= low + high;
          n -= 2;
        }
        if (n === 0) {
          score = roundHalfUp(
            safeSum([safeMultiply(w.self, self), safeMultiply(w.verified + w.peer, verified)]),
            100,
          );
        } else {
          const numerator = safeSum([
            safeMultiply(safeMultiply(w.self, self), n),
            safeMultiply(w.peer, sum),
            safeMultiply(safeMultiply(w.verified, verified), n),
          ]);
          score = roundHalfUp(numerator, safeMultiply(100, n));
        }
        break;
      }
      case 'innovation':
        if (peers.length > 0 || done != null || verified != null) return null;
        score = innovationAward ?? 0;
        break;
    }
    scores.push(score);
    // Innovation awards count up to the month's cap, filled in plan order (see scoreMonth).
    const counted = indicator.category === 'innovation' ? Math.min(score, innovationLeft) : score;
    if (indicator.category === 'innovation') innovationLeft -= counted;
    byCategory[indicator.category] = safeSum([byCategory[indicator.category], counted]);
    total = safeSum([total, counted]);
  }
  return { total, byCategory, scores, mandatoryMissed };
}
