import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Components,
  competitionRanks,
  componentKeys,
  compositeScore,
  criterionAfterFindings,
  defaultWeights,
  documentScore,
  explainUnit,
  RULE_VERSION,
  reportScore,
  selfCheckScore,
  trimmedScores,
  type Weights,
  weightProblems,
  weightsUsed,
} from './components.js';
import { criteriaProblems, defaultCriteria } from './criteria-template.js';

const h = fc.integer({ min: 0, max: 10_000 });
const comps = fc.record({
  selfCheck: fc.option(h, { nil: null }),
  report: fc.option(h, { nil: null }),
  document: fc.option(h, { nil: null }),
  democratic: fc.option(h, { nil: null }),
  ledger: fc.option(h, { nil: null }),
}) as fc.Arbitrary<Components>;
const weightsArb: fc.Arbitrary<Weights> = fc
  .tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100))
  .map((cuts) => {
    const s = [...cuts].sort((a, b) => a - b);
    const [a, b, c, d] = s as [number, number, number, number];
    return { selfCheck: a, report: b - a, document: c - b, democratic: d - c, ledger: 100 - d };
  });

describe('self-check 自查自评', () => {
  it('is Σ self / Σ max × 100, half up', () => {
    expect(
      selfCheckScore([
        { max: 2000, self: 1800 },
        { max: 1000, self: 1000 },
      ]),
    ).toBe(9333); // 93.333…
    expect(selfCheckScore([{ max: 300, self: 200 }])).toBe(6667); // 66.666… → 66.67
    expect(selfCheckScore([{ max: 800, self: 7 }])).toBe(88); // 0.875 → 0.88 (half up)
  });
  it('refuses a self score above max and an empty list', () => {
    expect(() => selfCheckScore([{ max: 1000, self: 1001 }])).toThrow(RangeError);
    expect(() => selfCheckScore([])).toThrow(RangeError);
  });
  it('stays within 0–100', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .integer({ min: 1, max: 5000 })
            .chain((max) => fc.record({ max: fc.constant(max), self: fc.integer({ min: 0, max }) })),
          { minLength: 1, maxLength: 30 },
        ),
        (cs) => {
          const s = selfCheckScore(cs);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(10_000);
        },
      ),
    );
  });
});

describe('report hearing 听取汇报', () => {
  it('is the plain mean under five scores', () => {
    expect(reportScore([9000, 8000])).toBe(8500);
    expect(reportScore([9000, 8000, 8001, 7000])).toBe(8000); // 80.0025 → 80.00
    expect(reportScore([10_000, 0, 1])).toBe(3334); // 33.3366… → 33.34
  });
  it('drops one highest and one lowest from five on', () => {
    expect(reportScore([10_000, 9000, 8000, 7000, 0])).toBe(8000);
    expect(trimmedScores([5, 1, 9, 3, 7]).dropped).toEqual([1, 9]);
    expect(reportScore([9000, 9000, 9000, 9000, 9000, 1000])).toBe(9000);
  });
  it('is void with no score and refuses scores above 100', () => {
    expect(reportScore([])).toBeNull();
    expect(() => reportScore([10_001])).toThrow(RangeError);
  });
  it('lies between the lowest and highest kept score', () => {
    fc.assert(
      fc.property(fc.array(h, { minLength: 1, maxLength: 12 }), (xs) => {
        const r = reportScore(xs) as number;
        const { kept } = trimmedScores(xs);
        expect(r).toBeGreaterThanOrEqual(Math.min(...kept));
        expect(r).toBeLessThanOrEqual(Math.max(...kept));
        expect(kept.length).toBe(xs.length >= 5 ? xs.length - 2 : xs.length);
      }),
    );
  });
});

describe('document review 查阅资料', () => {
  it('takes deductions per criterion and never goes below 0', () => {
    expect(criterionAfterFindings({ max: 1000, deductions: [300, 200] })).toBe(500);
    expect(criterionAfterFindings({ max: 1000, deductions: [800, 800] })).toBe(0);
    // 5 + 0 of 10 + 10: a criterion's overdraft does not eat into another criterion.
    expect(
      documentScore([
        { max: 1000, deductions: [500] },
        { max: 1000, deductions: [3000] },
      ]),
    ).toBe(2500);
    expect(documentScore([{ max: 3000, deductions: [] }])).toBe(10_000);
  });
  it('is 0–100 whatever the deductions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            max: fc.integer({ min: 1, max: 5000 }),
            deductions: fc.array(fc.nat(6000), { maxLength: 5 }),
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (cs) => {
          const s = documentScore(cs);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(10_000);
        },
      ),
    );
  });
});

describe('weights and the void rule', () => {
  it('checks weights: whole percents adding to 100', () => {
    expect(weightProblems(defaultWeights)).toEqual([]);
    expect(weightProblems({ ...defaultWeights, ledger: 21 })).toEqual([
      'sum: the weights add up to 101, not 100',
    ]);
    expect(weightProblems({ ...defaultWeights, ledger: 19.5 })).toHaveLength(1);
  });
  it('spreads a void component over the others in proportion', () => {
    const c: Components = { selfCheck: 9000, report: 8000, document: 7000, democratic: null, ledger: 6000 };
    const used = weightsUsed(defaultWeights, c);
    expect(used.voided).toEqual(['democratic']);
    expect(used.respread).toBe(true);
    expect(used.denominator).toBe(80);
    expect(used.display).toEqual({
      selfCheck: 1250,
      report: 1875,
      document: 4375,
      democratic: 0,
      ledger: 2500,
    });
    // (10·90 + 15·80 + 35·70 + 20·60) / 80 = 5750 / 80 = 71.875 → 71.88
    expect(compositeScore(defaultWeights, c)).toBe(7188);
  });
  it('uses the weights as they are when nothing is void', () => {
    const c: Components = { selfCheck: 9500, report: 8850, document: 9000, democratic: 9240, ledger: 8667 };
    // 0.1·95 + 0.15·88.5 + 0.35·90 + 0.2·92.4 + 0.2·86.67 = 9.5+13.275+31.5+18.48+17.334 = 90.089 → 90.09
    expect(compositeScore(defaultWeights, c)).toBe(9009);
    expect(weightsUsed(defaultWeights, c).respread).toBe(false);
  });
  it('has no composite when every component is void', () => {
    const none: Components = {
      selfCheck: null,
      report: null,
      document: null,
      democratic: null,
      ledger: null,
    };
    expect(compositeScore(defaultWeights, none)).toBeNull();
  });
  it('always uses weights that sum to 1 and keep the proportions of those left', () => {
    fc.assert(
      fc.property(weightsArb, comps, (w, c) => {
        const used = weightsUsed(w, c);
        const sum = componentKeys.reduce((s, k) => s + used.numerators[k], 0);
        expect(sum).toBe(used.denominator);
        for (const k of componentKeys) {
          if (c[k] === null) expect(used.numerators[k]).toBe(0);
          else expect(used.numerators[k]).toBe(w[k]);
        }
      }),
    );
  });
  it('puts the composite between the lowest and highest component that counts', () => {
    fc.assert(
      fc.property(weightsArb, comps, (w, c) => {
        const r = compositeScore(w, c);
        const counted = componentKeys.filter((k) => c[k] !== null && w[k] > 0).map((k) => c[k] as number);
        if (counted.length === 0) expect(r).toBeNull();
        else {
          expect(r).toBeGreaterThanOrEqual(Math.min(...counted));
          expect(r).toBeLessThanOrEqual(Math.max(...counted));
        }
      }),
    );
  });
});

describe('competition ranks', () => {
  it('shares a rank and skips the next (1, 2, 2, 4)', () => {
    expect(competitionRanks([9000, 8000, 8000, 7000])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([7000, null, 9000])).toEqual([2, null, 1]);
  });
  it('ranks 1 + the number of strictly greater scores', () => {
    fc.assert(
      fc.property(fc.array(h, { maxLength: 30 }), (xs) => {
        const r = competitionRanks(xs);
        xs.forEach((x, i) => {
          expect(r[i]).toBe(1 + xs.filter((y) => y > x).length);
        });
      }),
    );
  });
});

describe('explainUnit', () => {
  const criteria = [
    { code: 'A1', max: 6000 },
    { code: 'A2', max: 4000 },
  ];
  it('explains every component, the weights used and the rule version', () => {
    const e = explainUnit(
      {
        criteria,
        selfScores: new Map([
          ['A1', 5500],
          ['A2', 4000],
        ]),
        selfSubmitted: true,
        reportScores: [9000, 8000, 8500, 9500, 7000],
        deductions: new Map([['A2', [500, 4000]]]),
        democratic: { score: null, ballots: 3 },
        ledger: { score: 9000, sampled: 3 },
      },
      defaultWeights,
      2,
    );
    expect(e.ruleVersion).toBe(RULE_VERSION);
    expect(e.weightVersion).toBe(2);
    expect(e.components).toEqual({
      selfCheck: 9500,
      report: 8500,
      document: 6000,
      democratic: null,
      ledger: 9000,
    });
    expect(e.inputs.report.dropped).toEqual([7000, 9500]);
    expect(e.inputs.document.criteria[1]).toEqual({ code: 'A2', max: 4000, deducted: 4500, score: 0 });
    expect(e.weightsUsed.voided).toEqual(['democratic']);
    // (10·95 + 15·85 + 35·60 + 20·90) / 80 = 6125 / 80 = 76.5625 → 76.56
    expect(e.composite).toBe(7656);
  });
  it('scores 0 on the self-check of a unit that did not submit it', () => {
    const e = explainUnit(
      {
        criteria,
        selfScores: new Map([['A1', 6000]]),
        selfSubmitted: false,
        reportScores: [],
        deductions: new Map(),
        democratic: null,
        ledger: null,
      },
      defaultWeights,
      0,
    );
    expect(e.components.selfCheck).toBe(0);
    expect(e.components.report).toBeNull();
    expect(e.weightsUsed.voided).toEqual(['report', 'democratic', 'ledger']);
  });
});

describe('criteria template', () => {
  it('totals 100 points and passes its own checks', () => {
    expect(defaultCriteria.reduce((s, c) => s + c.max, 0)).toBe(10_000);
    expect(criteriaProblems(defaultCriteria)).toEqual([]);
    expect(
      criteriaProblems([
        { code: 'X', name: '', max: 0, whatToCheck: '' },
        { code: 'X', name: 'a', max: 1, whatToCheck: '' },
      ]),
    ).toHaveLength(3);
  });
});
