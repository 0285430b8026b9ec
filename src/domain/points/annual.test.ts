import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annualScore } from './annual.js';

describe('annualScore', () => {
  it('is the mean of four quarters', () => {
    expect(annualScore([8000, 7000, 7500, 8500])).toEqual({
      score: 7750,
      sum: 31000,
      quartersPresent: 4,
      flagged: false,
    });
  });

  it('averages only the quarters the member belonged to the scheme', () => {
    // Joined in Q3: (8000 + 7000) / 2.
    expect(annualScore([null, null, 8000, 7000])).toEqual({
      score: 7500,
      sum: 15000,
      quartersPresent: 2,
      flagged: false,
    });
  });

  it('rounds the mean half-up to whole hundredths, once', () => {
    expect(annualScore([8000, 7000, 7550, null]).score).toBe(7517); // 7516.67 → 75.17
    expect(annualScore([8000, 7001, null, null]).score).toBe(7501); // 7500.5 → 75.01, half up
    expect(annualScore([8595, 8596, 8596, 8596]).score).toBe(8596); // 8595.75
    expect(annualScore([1, 0, 0, 0]).score).toBe(0); // 0.25
    expect(annualScore([1, 1, 0, 0]).score).toBe(1); // 0.5 → up
  });

  it('flags a member present in fewer than 2 quarters, and grades them', () => {
    expect(annualScore([null, null, null, 9000])).toEqual({
      score: 9000,
      sum: 9000,
      quartersPresent: 1,
      flagged: true,
    });
    expect(annualScore([null, 9000, null, 9000], 3).flagged).toBe(true);
    expect(annualScore([null, 9000, null, 9000], 0).flagged).toBe(false);
  });

  it('has no score for a member never in the scheme that year', () => {
    expect(annualScore([null, null, null, null])).toEqual({
      score: null,
      sum: 0,
      quartersPresent: 0,
      flagged: true,
    });
  });

  it('counts a quarter scored 0 as present', () => {
    expect(annualScore([0, 6000, null, null])).toMatchObject({ score: 3000, quartersPresent: 2 });
  });

  it.each([
    [[8000, 7000, 7500]],
    [[8000, 7000, 7500, 8000, 9000]],
    [[80.5, null, null, null]],
    [[-1, null, null, null]],
  ])('refuses %j', (quarters) => {
    expect(() => annualScore(quarters)).toThrow(RangeError);
  });

  const arbQuarters = fc.array(fc.option(fc.integer({ min: 0, max: 20000 }), { nil: null }), {
    minLength: 4,
    maxLength: 4,
  });

  it('equals the exact half-up rounding of the rational mean', () => {
    fc.assert(
      fc.property(arbQuarters, (quarters) => {
        const present = quarters.filter((q): q is number => q !== null);
        fc.pre(present.length > 0);
        const { score } = annualScore(quarters);
        const sum = present.reduce((a, b) => a + b, 0);
        const k = present.length;
        // score is half-up of sum/k  ⇔  score − 1/2 ≤ sum/k < score + 1/2  ⇔  (2·score − 1)·k ≤ 2·sum < (2·score + 1)·k
        expect(score).not.toBeNull();
        const s = score ?? 0;
        expect((2 * s - 1) * k).toBeLessThanOrEqual(2 * sum);
        expect(2 * sum).toBeLessThan((2 * s + 1) * k);
      }),
    );
  });

  it('lies between the lowest and highest present quarter', () => {
    fc.assert(
      fc.property(arbQuarters, (quarters) => {
        const present = quarters.filter((q): q is number => q !== null);
        fc.pre(present.length > 0);
        const { score, quartersPresent, flagged } = annualScore(quarters);
        expect(score).toBeGreaterThanOrEqual(Math.min(...present));
        expect(score).toBeLessThanOrEqual(Math.max(...present));
        expect(quartersPresent).toBe(present.length);
        expect(flagged).toBe(present.length < 2);
      }),
    );
  });
});
