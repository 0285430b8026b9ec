import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoints, fraction } from './exact.js';
import type { Category, Indicator } from './indicators.js';
import { defaultWeights, type PlanTemplate } from './plan.js';
import {
  type IndicatorInputs,
  type IndicatorScore,
  scoreIndicator,
  scoreMonth,
  scoreMonthFigures,
} from './scoring.js';
import { indicator, samplePlan } from './test-fixtures.js';

const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

function score(ind: Indicator, inputs: IndicatorInputs, weights = defaultWeights): IndicatorScore {
  const result = scoreIndicator(ind, inputs, weights);
  if (!result.ok) throw new Error(`unexpected issues: ${codes(result.issues).join(', ')}`);
  return result.score;
}

function problems(ind: Indicator, inputs: IndicatorInputs): string[] {
  const result = scoreIndicator(ind, inputs, defaultWeights);
  return result.ok ? [] : codes(result.issues);
}

const E = indicator('E1', 'evaluative', 1000);

describe('evaluative indicators: 0.2 × self + 0.3 × peer + 0.5 × verified', () => {
  it('computes the SPEC example exactly: 1.8 + 2.5 + 4.25 = 8.55', () => {
    // self 9, peers [7, 8, 8, 9, 10] → trimmed mean 25/3 = 8.333…, verified 8.5.
    const s = score(E, { self: 900, peers: [700, 800, 800, 900, 1000], verified: 850 });
    expect(s.score).toBe(855);
    expect(s.exact).toEqual(fraction(855, 1));
    expect(s.formula).toBe('weighted');
    expect(s.parts.peer?.mean).toEqual({ numerator: 2500, denominator: 3 });
    expect(s.parts.peer?.dropped).toEqual({ high: 1000, low: 700 });
    expect(s.parts.weightsUsed).toEqual({ self: 20, peer: 30, verified: 50 });
    expect(s.parts).toMatchObject({ self: 900, verified: 850, done: null, innovationAward: null });
    expect(s.explanation.zh).toBe(
      '自评 9.00 × 20% + 互评 8.3333…（去掉最高 10.00、最低 7.00 后 3 个平均）× 30% + 验证 8.50 × 50% = 8.55',
    );
    expect(s.explanation.en).toContain(
      'peer 8.3333… (mean of 3 after dropping the highest 10.00 and lowest 7.00)',
    );
  });

  it('rounds half up once, at the indicator', () => {
    // (20·900·3 + 30·2500 + 50·851·3) / 300 = 855.5 → 856
    const up = score(E, { self: 900, peers: [700, 800, 800, 900, 1000], verified: 851 });
    expect(up.exact).toEqual(fraction(256_650, 300));
    expect(up.score).toBe(856);
    expect(up.explanation.zh).toContain('= 8.56（精确值 8.555，四舍五入）');
    // peers used [800, 800, 901]: 256530 / 300 = 855.1 → 855
    expect(score(E, { self: 900, peers: [700, 800, 800, 901, 1000], verified: 850 }).score).toBe(855);
    // Half a hundredth exactly: (30·0 + 50·1·3) / 300 = 0.5 → 1
    const half = score(E, { self: 0, peers: [0, 0, 0], verified: 1 });
    expect(half.exact).toEqual(fraction(1, 2));
    expect(half.score).toBe(1);
  });

  it('uses the plain mean below 5 peer scores', () => {
    const s = score(E, { self: 900, peers: [700, 800, 900], verified: 850 });
    expect(s.score).toBe(180 + 240 + 425);
    expect(s.explanation.zh).toContain('3 个互评分平均');
  });

  it('moves the peer weight to the verified score without peer scores: 0.2·9 + 0.8·8.5 = 8.60', () => {
    for (const inputs of [
      { self: 900, verified: 850 },
      { self: 900, peers: [], verified: 850 },
    ]) {
      const s = score(E, inputs);
      expect(s.score).toBe(860);
      expect(s.formula).toBe('weighted_no_peer');
      expect(s.parts.peer?.count).toBe(0);
      expect(s.parts.weightsUsed).toEqual({ self: 20, peer: 0, verified: 80 });
      expect(s.explanation.zh).toBe('无互评分，互评权重并入验证分：自评 9.00 × 20% + 验证 8.50 × 80% = 8.60');
    }
  });

  it('honours the plan’s weights', () => {
    const s = score(E, { self: 1000, peers: [0], verified: 500 }, { self: 10, peer: 10, verified: 80 });
    expect(s.score).toBe(100 + 0 + 400);
  });

  it('needs a self and a verified score, and takes no done flag or award', () => {
    expect(problems(E, { peers: [800] })).toEqual(['self_missing', 'verified_missing']);
    expect(problems(E, { self: 800, verified: 800, done: true, innovationAward: 100 })).toEqual([
      'input_not_applicable',
      'input_not_applicable',
    ]);
  });
});

describe('mandatory and basic indicators: the verified score', () => {
  const M = indicator('M1', 'mandatory', 1000);
  const B = indicator('B1', 'basic', 2000);

  it('scores a done mandatory indicator by its verified score', () => {
    const s = score(M, { self: 1000, done: true, verified: 950 });
    expect(s).toMatchObject({ score: 950, formula: 'verified' });
    expect(s.parts).toMatchObject({ self: 1000, verified: 950, done: true, peer: null, weightsUsed: null });
    expect(s.explanation.zh).toBe('已完成；得分 = 验证分 9.50');
  });

  it('scores a mandatory indicator not done 0 and marks it mandatory_missed', () => {
    const s = score(M, { self: 1000, done: false });
    expect(s).toMatchObject({ score: 0, formula: 'mandatory_missed' });
    expect(s.parts.done).toBe(false);
    expect(s.explanation.zh).toContain('必备项缺失');
    // Not done wins over any verified score given with it.
    expect(score(M, { done: false, verified: 1000 }).score).toBe(0);
  });

  it('needs to know whether a mandatory indicator was done', () => {
    expect(problems(M, { verified: 1000 })).toEqual(['done_missing']);
    expect(problems(M, { done: null, verified: 1000 })).toEqual(['done_missing']);
    expect(problems(M, { done: true })).toEqual(['verified_missing']);
  });

  it('scores a basic indicator by its verified score, ignoring the self score', () => {
    expect(score(B, { self: 2000, verified: 1750 })).toMatchObject({ score: 1750, formula: 'verified' });
    expect(problems(B, { self: 2000 })).toEqual(['verified_missing']);
  });

  it('takes no peer scores, done flag or award for a basic indicator', () => {
    const result = scoreIndicator(
      B,
      { verified: 100, peers: [100], done: true, innovationAward: 1 },
      defaultWeights,
    );
    expect(!result.ok && result.issues.map((i) => i.details.input)).toEqual([
      'peers',
      'done',
      'innovationAward',
    ]);
    expect(!result.ok && result.issues[0]?.message.zh).toBe('指标 B1（基本类）不使用互评');
  });
});

describe('innovation indicators: awarded by the office', () => {
  const I = indicator('I1', 'innovation', 500);

  it('scores the award', () => {
    expect(score(I, { self: 500, innovationAward: 300 })).toMatchObject({
      score: 300,
      formula: 'innovation',
    });
    expect(score(I, { innovationAward: 300 }).explanation.zh).toBe('联评联考办公室认定创新加分 3.00');
  });

  it('scores 0 without an award', () => {
    const s = score(I, {});
    expect(s).toMatchObject({ score: 0, formula: 'innovation' });
    expect(s.parts.innovationAward).toBeNull();
    expect(s.explanation.zh).toBe('未获创新加分');
  });

  it('takes no verified score', () => {
    expect(problems(I, { verified: 300 })).toEqual(['input_not_applicable']);
  });
});

describe('input ranges', () => {
  it('refuses scores above the max, negative or not whole hundredths', () => {
    const result = scoreIndicator(E, { self: 1001, peers: [800, -1, 80.5], verified: 850 }, defaultWeights);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(codes(result.issues)).toEqual(['score_above_max', 'score_negative', 'score_not_integer']);
    expect(result.issues[0]).toMatchObject({
      indicator: 'E1',
      details: { code: 'E1', input: 'self', value: 1001, max: 1000 },
    });
    expect(result.issues[0]?.message.zh).toBe('指标 E1 的自评分 10.01 超过该指标分值 10.00');
    expect(result.issues[1]?.message.en).toBe('The peers score of E1 cannot be negative: -0.01');
  });

  it('checks the verified score and the award too', () => {
    expect(problems(indicator('B1', 'basic', 100), { verified: 101 })).toEqual(['score_above_max']);
    expect(problems(indicator('I1', 'innovation', 100), { innovationAward: -5 })).toEqual(['score_negative']);
  });

  it('accepts the bounds 0 and max', () => {
    expect(score(E, { self: 0, peers: [0, 1000], verified: 1000 }).score).toBe(0 + 150 + 500);
  });

  it('throws on invalid weights (a plan that was never validated)', () => {
    expect(() => scoreIndicator(E, { self: 1, verified: 1 }, { self: 20, peer: 30, verified: 40 })).toThrow(
      RangeError,
    );
  });
});

describe('indicator score properties', () => {
  const categoryArb = fc.constantFrom<Category>('mandatory', 'basic', 'evaluative', 'innovation');
  const caseArb = fc
    .record({ category: categoryArb, max: fc.integer({ min: 1, max: 10_000 }) })
    .chain(({ category, max }) =>
      fc.record({
        category: fc.constant(category),
        max: fc.constant(max),
        self: fc.integer({ min: 0, max }),
        peers: fc.array(fc.integer({ min: 0, max }), { maxLength: 30 }),
        verified: fc.integer({ min: 0, max }),
        done: fc.boolean(),
        award: fc.option(fc.integer({ min: 0, max })),
        weights: fc
          .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
          .map(([a, b]) => ({
            self: Math.min(a, b),
            peer: Math.max(a, b) - Math.min(a, b),
            verified: 100 - Math.max(a, b),
          })),
      }),
    );

  function inputsFor(c: {
    category: Category;
    self: number;
    peers: number[];
    verified: number;
    done: boolean;
    award: number | null;
  }): IndicatorInputs {
    switch (c.category) {
      case 'mandatory':
        return { self: c.self, done: c.done, verified: c.verified };
      case 'basic':
        return { self: c.self, verified: c.verified };
      case 'evaluative':
        return { self: c.self, peers: c.peers, verified: c.verified };
      case 'innovation':
        return { self: c.self, innovationAward: c.award };
    }
  }

  it('stays within 0..max and is the exact value rounded half up (property)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = score(indicator('X', c.category, c.max), inputsFor(c), c.weights);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(c.max);
        // 2·|exact − score| ≤ 1 hundredth, ties up: 2·score·d − d ≤ 2·n < 2·score·d + d.
        const { numerator: n, denominator: d } = s.exact;
        expect(2 * s.score * d - d).toBeLessThanOrEqual(2 * n);
        expect(2 * n).toBeLessThan(2 * s.score * d + d);
      }),
    );
  });

  it('matches an independent BigInt computation of the evaluative formula (property)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = score(
          indicator('X', 'evaluative', c.max),
          { self: c.self, peers: c.peers, verified: c.verified },
          c.weights,
        );
        const sorted = [...c.peers].sort((a, b) => a - b);
        const used = sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
        const w = c.weights;
        let num: bigint;
        let den: bigint;
        if (used.length === 0) {
          num = BigInt(w.self * c.self + (w.peer + w.verified) * c.verified);
          den = 100n;
        } else {
          const n = BigInt(used.length);
          const sum = used.reduce((a, b) => a + BigInt(b), 0n);
          num = BigInt(w.self * c.self) * n + BigInt(w.peer) * sum + BigInt(w.verified * c.verified) * n;
          den = 100n * n;
        }
        expect(BigInt(s.score)).toBe((2n * num + den) / (2n * den));
        expect(s.formula).toBe(used.length === 0 ? 'weighted_no_peer' : 'weighted');
      }),
    );
  });

  it('lies between the lowest and highest of self, peer mean and verified (property)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = score(
          indicator('X', 'evaluative', c.max),
          { self: c.self, peers: c.peers, verified: c.verified },
          c.weights,
        );
        const parts = [c.self, c.verified];
        const mean = s.parts.peer?.meanRounded;
        if (mean != null) parts.push(mean);
        // The rounded peer mean is within half a hundredth of the exact one, hence the ±1.
        expect(s.score).toBeGreaterThanOrEqual(Math.min(...parts) - 1);
        expect(s.score).toBeLessThanOrEqual(Math.max(...parts) + 1);
      }),
    );
  });
});

describe('scoreMonth', () => {
  /**
   * A month that prints 85.95. E1 is exactly 17.404 and E2 17.334: each rounds down, so the
   * printed parts (17.40 + 17.33) add up to the printed total, whereas rounding the exact sum
   * once would have given 85.96.
   */
  const month: Record<string, IndicatorInputs> = {
    M1: { self: 1000, done: true, verified: 1000 },
    M2: { self: 1000, done: true, verified: 1000 },
    B1: { self: 1600, verified: 1500 },
    B2: { self: 1400, verified: 1322 },
    // peers used [1600, 1700, 1804]: (20·1900·3 + 30·5104 + 50·1700·3) / 300 = 1740.4
    E1: { self: 1900, peers: [1500, 1600, 1700, 1804, 2000], verified: 1700 },
    // (20·1850·3 + 30·5184 + 50·1690·3) / 300 = 1733.4
    E2: { self: 1850, peers: [1700, 1750, 1734], verified: 1690 },
    I1: { self: 500, innovationAward: 300 },
  };

  it('adds up the rounded indicator scores: the printed parts add up to 85.95', () => {
    const result = scoreMonth(samplePlan(), month);
    if (!result.ok) throw new Error(codes(result.issues).join(', '));
    const m = result.month;
    expect(m.indicators.map((i) => [i.code, i.score])).toEqual([
      ['M1', 1000],
      ['M2', 1000],
      ['B1', 1500],
      ['B2', 1322],
      ['E1', 1740],
      ['E2', 1733],
      ['I1', 300],
      ['I2', 0],
    ]);
    expect(m.indicators.find((i) => i.code === 'E1')?.exact).toEqual(fraction(8702, 5));
    expect(m.indicators.find((i) => i.code === 'E2')?.exact).toEqual(fraction(8667, 5));
    expect(m.total).toBe(8595);
    expect(formatPoints(m.total)).toBe('85.95');
    const printed = m.indicators.map((i) => formatPoints(i.counted));
    expect(printed.reduce((sum, p) => sum + Math.round(Number(p) * 100), 0)).toBe(8595);
    expect(m.byCategory).toEqual({ mandatory: 2000, basic: 2822, evaluative: 3473, innovation: 300 });
    expect(m).toMatchObject({
      mandatoryMissed: false,
      missedIndicators: [],
      innovationAwarded: 300,
      innovationCapped: false,
    });
  });

  it('marks the month mandatory_missed when a mandatory indicator is not done', () => {
    const result = scoreMonth(samplePlan(), { ...month, M2: { self: 1000, done: false } });
    if (!result.ok) throw new Error('unexpected issues');
    expect(result.month.mandatoryMissed).toBe(true);
    expect(result.month.missedIndicators).toEqual(['M2']);
    expect(result.month.total).toBe(8595 - 1000);
  });

  it('caps the innovation total, filling the cap in plan order', () => {
    const result = scoreMonth(samplePlan(), {
      ...month,
      I1: { innovationAward: 500 },
      I2: { innovationAward: 800 },
    });
    if (!result.ok) throw new Error('unexpected issues');
    const m = result.month;
    expect(m.indicators.filter((i) => i.category === 'innovation').map((i) => [i.score, i.counted])).toEqual([
      [500, 500],
      [800, 500],
    ]);
    expect(m.innovationAwarded).toBe(1300);
    expect(m.innovationCapped).toBe(true);
    expect(m.byCategory.innovation).toBe(1000);
    expect(m.total).toBe(8595 - 300 + 1000);
  });

  it('does not cap awards that reach the cap exactly', () => {
    const result = scoreMonth(samplePlan(), {
      ...month,
      I1: { innovationAward: 500 },
      I2: { innovationAward: 500 },
    });
    expect(result.ok && [result.month.innovationCapped, result.month.byCategory.innovation]).toEqual([
      false,
      1000,
    ]);
  });

  it('reports every problem of every indicator at once', () => {
    const { E1: _e1, ...withoutE1 } = month;
    const result = scoreMonth(samplePlan(), {
      ...withoutE1,
      B1: { verified: 2500 },
      Z9: { verified: 1 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.indicator])).toEqual([
      ['unknown_indicator', 'Z9'],
      ['score_above_max', 'B1'],
      ['inputs_missing', 'E1'],
    ]);
  });

  it('needs no inputs for innovation indicators', () => {
    const { I1: _i1, ...withoutInnovation } = month;
    const result = scoreMonth(samplePlan(), withoutInnovation);
    expect(result.ok && result.month.total).toBe(8595 - 300);
  });

  it('ignores inherited object keys', () => {
    const inputs = Object.create({ M1: { done: true, verified: 1 } }) as Record<string, IndicatorInputs>;
    const result = scoreMonth(samplePlan(), inputs);
    expect(!result.ok && result.issues.filter((i) => i.code === 'inputs_missing').length).toBe(6);
  });

  it('totals the counted scores, by category too, with the innovation cap honoured (property)', () => {
    const planArb = fc
      .array(
        fc.record({
          category: fc.constantFrom<Category>('mandatory', 'basic', 'evaluative', 'innovation'),
          max: fc.integer({ min: 1, max: 3000 }),
          self: fc.double({ min: 0, max: 1, noNaN: true }),
          verified: fc.double({ min: 0, max: 1, noNaN: true }),
          peers: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
          done: fc.boolean(),
        }),
        { minLength: 1, maxLength: 12 },
      )
      .map((rows) => rows.map((r, i) => ({ ...r, code: `X${i}` })));
    fc.assert(
      fc.property(planArb, fc.integer({ min: 0, max: 3000 }), (rows, cap) => {
        const of = (share: number, max: number) => Math.floor(share * max);
        const plan: PlanTemplate = {
          ...samplePlan(),
          innovationCap: cap,
          indicators: rows.map((r) => indicator(r.code, r.category, r.max)),
        };
        const inputs: Record<string, IndicatorInputs> = {};
        for (const r of rows) {
          const self = of(r.self, r.max);
          const verified = of(r.verified, r.max);
          inputs[r.code] =
            r.category === 'mandatory'
              ? { self, done: r.done, verified }
              : r.category === 'basic'
                ? { self, verified }
                : r.category === 'evaluative'
                  ? { self, verified, peers: r.peers.map((p) => of(p, r.max)) }
                  : { innovationAward: verified };
        }
        const result = scoreMonth(plan, inputs);
        if (!result.ok) throw new Error(codes(result.issues).join(', '));
        const m = result.month;
        expect(m.total).toBe(m.indicators.reduce((sum, i) => sum + i.counted, 0));
        expect(Object.values(m.byCategory).reduce((a, b) => a + b, 0)).toBe(m.total);
        expect(m.byCategory.innovation).toBe(Math.min(cap, m.innovationAwarded));
        expect(m.innovationCapped).toBe(m.innovationAwarded > cap);
        for (const i of m.indicators) {
          expect(i.counted).toBeLessThanOrEqual(i.score);
          expect(i.score).toBeLessThanOrEqual(i.maxPoints);
          if (i.category !== 'innovation') expect(i.counted).toBe(i.score);
        }
        expect(m.mandatoryMissed).toBe(rows.some((r) => r.category === 'mandatory' && !r.done));
      }),
    );
  });
});

describe('what a score and a refusal say', () => {
  const M = indicator('M1', 'mandatory', 1000);
  const B = indicator('B1', 'basic', 2000);
  const refusal = (ind: Indicator, inputs: IndicatorInputs) => {
    const result = scoreIndicator(ind, inputs, defaultWeights);
    return result.ok ? [] : result.issues.map((i) => [i.code, i.indicator, i.details]);
  };

  it('explains a basic score and a rounded score in English too', () => {
    expect(score(B, { verified: 1750 }).explanation).toEqual({
      zh: '得分 = 验证分 17.50',
      en: 'Score = verified score 17.50',
    });
    const up = score(E, { self: 900, peers: [700, 800, 800, 900, 1000], verified: 851 });
    expect(up.explanation.en).toContain('= 8.56 (exactly 8.555, rounded half-up)');
  });

  it('explains every formula in both languages', () => {
    const I = indicator('I1', 'innovation', 500);
    const explained = (ind: Indicator, inputs: IndicatorInputs) => score(ind, inputs).explanation;
    expect(explained(E, { self: 900, peers: [700, 800, 900], verified: 850 })).toEqual({
      zh: '自评 9.00 × 20% + 互评 8.00（3 个互评分平均）× 30% + 验证 8.50 × 50% = 8.45',
      en: 'self 9.00 × 20% + peer 8.00 (mean of 3 peer scores) × 30% + verified 8.50 × 50% = 8.45',
    });
    expect(explained(E, { self: 900, peers: [700, 800, 800, 900, 1000], verified: 850 }).en).toBe(
      'self 9.00 × 20% + peer 8.3333… (mean of 3 after dropping the highest 10.00 and lowest 7.00) × 30% + verified 8.50 × 50% = 8.55',
    );
    expect(explained(E, { self: 901, verified: 850 }).zh).toBe(
      '无互评分，互评权重并入验证分：自评 9.01 × 20% + 验证 8.50 × 80% = 8.60（精确值 8.602，四舍五入）',
    );
    expect(explained(E, { self: 900, verified: 850 }).en).toBe(
      'No peer scores, so the peer weight moves to the verified score: self 9.00 × 20% + verified 8.50 × 80% = 8.60',
    );
    expect(explained(M, { done: false })).toEqual({
      zh: '必备类指标未完成，得 0 分，本月记为“必备项缺失”',
      en: 'Mandatory indicator not done: 0 points, and the month is marked mandatory_missed',
    });
    expect(explained(M, { done: true, verified: 950 }).en).toBe('Done; score = verified score 9.50');
    expect(explained(I, { innovationAward: 300 }).en).toBe('Innovation points awarded by the office: 3.00');
    expect(explained(I, {}).en).toBe('No innovation award');
    expect(refusal(I, { innovationAward: 1.5 })).toEqual([
      ['score_not_integer', 'I1', { code: 'I1', input: 'innovationAward', value: '1.5' }],
    ]);
  });

  it('trims the peer scores from the count the options give', () => {
    const peers = [100, 500, 900];
    const trimmed = scoreIndicator(E, { self: 500, peers, verified: 500 }, defaultWeights, { trimFrom: 3 });
    expect(trimmed.ok && trimmed.score.parts).toMatchObject({ peer: { used: [500], count: 1 } });
    const plain = scoreIndicator(E, { self: 500, peers, verified: 500 }, defaultWeights);
    expect(plain.ok && plain.score.parts).toMatchObject({ peer: { used: peers, count: 3 } });
  });

  it('names the indicator and the input in every refusal', () => {
    expect(refusal(B, { verified: 1.5 })).toEqual([
      ['score_not_integer', 'B1', { code: 'B1', input: 'verified', value: '1.5' }],
    ]);
    expect(refusal(M, {})).toEqual([['done_missing', 'M1', { code: 'M1' }]]);
    expect(refusal(M, { done: true })).toEqual([['verified_missing', 'M1', { code: 'M1' }]]);
    expect(refusal(B, {})).toEqual([['verified_missing', 'B1', { code: 'B1' }]]);
    expect(refusal(E, {})).toEqual([
      ['self_missing', 'E1', { code: 'E1' }],
      ['verified_missing', 'E1', { code: 'E1' }],
    ]);
  });

  it('names the unknown and the missing indicators of a month', () => {
    const result = scoreMonth(samplePlan(), { Z9: { verified: 1 } });
    expect(!result.ok && result.issues.find((i) => i.code === 'unknown_indicator')?.details).toEqual({
      code: 'Z9',
    });
    expect(!result.ok && result.issues.find((i) => i.code === 'inputs_missing')?.details).toEqual({
      code: 'M1',
    });
  });

  it('says which weights are wrong', () => {
    expect(() => scoreIndicator(B, { verified: 100 }, { self: 20, peer: 30, verified: 60 })).toThrow(
      'Invalid weights {"self":20,"peer":30,"verified":60}: weights_sum_invalid',
    );
    expect(() => scoreIndicator(B, { verified: 100 }, { self: -1, peer: -1, verified: 60 })).toThrow(
      ': weight_invalid, weight_invalid',
    );
  });
});

describe('scoreMonthFigures: the numbers of scoreMonth without the explanation', () => {
  /** Any value an input may hold, valid or not: whole, out of range, fractional, absent. */
  const valueArb = (max: number) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max }) },
      { weight: 1, arbitrary: fc.constantFrom(-1, max + 1, 0.5, Number.NaN) },
      { weight: 2, arbitrary: fc.constantFrom(null, undefined) },
    );
  const rowArb = fc
    .record({
      category: fc.constantFrom<Category>('mandatory', 'basic', 'evaluative', 'innovation'),
      max: fc.integer({ min: 1, max: 3000 }),
    })
    .chain(({ category, max }) =>
      fc.record({
        category: fc.constant(category),
        max: fc.constant(max),
        given: fc.integer({ min: 0, max: 9 }),
        self: valueArb(max),
        verified: valueArb(max),
        award: valueArb(max),
        done: fc.constantFrom(true, false, null, undefined),
        valid: fc.record({
          self: fc.integer({ min: 0, max }),
          verified: fc.integer({ min: 0, max }),
          award: fc.option(fc.integer({ min: 0, max })),
          done: fc.boolean(),
        }),
        peers: fc.array(fc.integer({ min: 0, max }), { maxLength: 9 }),
        wrongPeer: fc.integer({ min: 0, max: 30 }),
        /** Which inputs a category does not take are given anyway (0: none). */
        stray: fc.integer({ min: 0, max: 12 }),
      }),
    );
  const caseArb = fc.record({
    rows: fc.array(rowArb, { minLength: 1, maxLength: 12 }),
    cap: fc.integer({ min: 0, max: 3000 }),
    weights: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return { self: lo, peer: hi - lo, verified: 100 - hi };
    }),
    trimFrom: fc.constantFrom(undefined, 3, 5, 6),
    unknown: fc.boolean(),
    /** Only valid inputs (the approval's usual case); otherwise anything goes. */
    clean: fc.boolean(),
  });

  it('gives the same total, categories, indicator scores and miss as scoreMonth, or null where it refuses (property)', () => {
    let scored = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const plan: PlanTemplate = {
          ...samplePlan(),
          innovationCap: c.cap,
          weights: c.weights,
          indicators: c.rows.map((r, i) => indicator(`X${i}`, r.category, r.max)),
        };
        const inputs: Record<string, IndicatorInputs> = {};
        c.rows.forEach((row, i) => {
          const r = c.clean ? { ...row, ...row.valid, given: 1, wrongPeer: 1, stray: 0 } : row;
          if (r.given === 0) return; // no inputs at all for this indicator
          const peers = r.peers.map((p) => (r.wrongPeer === 0 ? r.max + 1 : p));
          const base: Record<string, unknown> =
            r.category === 'mandatory'
              ? { self: r.self, verified: r.verified, done: r.done }
              : r.category === 'basic'
                ? { self: r.self, verified: r.verified }
                : r.category === 'evaluative'
                  ? { self: r.self, verified: r.verified, peers }
                  : { self: r.self, innovationAward: r.award };
          if (r.stray === 1) base.peers = peers;
          if (r.stray === 2) base.done = true;
          if (r.stray === 3) base.innovationAward = r.award;
          if (r.stray === 4) base.verified = r.verified;
          inputs[`X${i}`] = base as IndicatorInputs;
        });
        if (c.unknown && !c.clean) inputs.Z9 = { verified: 0 };
        const options = c.trimFrom === undefined ? {} : { trimFrom: c.trimFrom };
        const full = scoreMonth(plan, inputs, options);
        const figures = scoreMonthFigures(plan, inputs, options);
        if (!full.ok) {
          expect(figures).toBeNull();
          return;
        }
        // Every issue scoreMonth reports is an error, so it scores exactly when the figures do.
        expect(figures).not.toBeNull();
        scored++;
        expect(figures).toEqual({
          total: full.month.total,
          byCategory: full.month.byCategory,
          scores: full.month.indicators.map((i) => i.score),
          mandatoryMissed: full.month.mandatoryMissed,
        });
      }),
      { numRuns: 3000 },
    );
    // The generator reaches the scoring path, not only refusals.
    expect(scored).toBeGreaterThan(1000);
    // 3,000 generated months: about a second alone, several times that on a loaded machine.
  }, 60_000);

  it('scores the sample plan as scoreMonth does, trimming from five peers on', () => {
    const plan = samplePlan();
    const inputs: Record<string, IndicatorInputs> = {
      M1: { self: 1000, done: true, verified: 1000 },
      M2: { self: 1000, done: false },
      B1: { self: 1800, verified: 1750 },
      B2: { verified: 2000 },
      E1: { self: 1600, verified: 1500, peers: [1200, 1300, 1400, 1500, 1650] },
      E2: { self: 1600, verified: 1550, peers: [] },
      I1: { innovationAward: 500 },
      I2: { self: 1000, innovationAward: 1000 },
    };
    const full = scoreMonth(plan, inputs);
    if (!full.ok) throw new Error('sample inputs do not score');
    expect(scoreMonthFigures(plan, inputs)).toEqual({
      total: full.month.total,
      byCategory: full.month.byCategory,
      scores: full.month.indicators.map((i) => i.score),
      mandatoryMissed: true,
    });
  });
});
