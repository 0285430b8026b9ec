import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBallot, codeFromRandomBytes, formatCode, normalizeCode, ratingValue } from './ballots.js';
import { type RatingCounts, tallyUnit } from './tally.js';

const c = (good: number, fair_good: number, average: number, poor: number): RatingCounts => ({
  good,
  fair_good,
  average,
  poor,
});

describe('tallyUnit', () => {
  it('hides everything below 5 ballots', () => {
    const t = tallyUnit([{ itemNo: 1, counts: c(4, 0, 0, 0) }]);
    expect(t).toEqual({
      ballots: 4,
      visible: false,
      items: [],
      meanHundredths: null,
      goodRateHundredths: null,
    });
    expect(tallyUnit([]).visible).toBe(false);
  });

  it('gives each item its mean and 好+较好 rate, half up to two decimals', () => {
    // item 1: 2×100 + 2×80 + 2×60 = 480 / 6 = 80.00; rate 4/6 = 66.666… → 66.67
    // item 2: 1×100 + 5×40 = 300 / 6 = 50.00; rate 1/6 = 16.666… → 16.67
    const t = tallyUnit([
      { itemNo: 1, counts: c(2, 2, 2, 0) },
      { itemNo: 2, counts: c(1, 0, 0, 5) },
    ]);
    expect(t.visible).toBe(true);
    expect(t.ballots).toBe(6);
    expect(t.items.map((i) => [i.meanHundredths, i.goodRateHundredths])).toEqual([
      [8000, 6667],
      [5000, 1667],
    ]);
    // overall: 780 / 12 = 65.00; rate 5/12 = 41.666… → 41.67
    expect(t.meanHundredths).toBe(6500);
    expect(t.goodRateHundredths).toBe(4167);
  });

  it('rounds half up: 85.714… → 85.71, an exact 82.5 stays 82.50', () => {
    // 4×100 + 1×80 + 2×60 = 600 / 7 = 85.714… → 85.71
    expect(tallyUnit([{ itemNo: 1, counts: c(4, 1, 2, 0) }]).meanHundredths).toBe(8571);
    // 1×100 + 7×80 = 660 / 8 = 82.5 exactly → 8250; rate 100 %
    const t = tallyUnit([{ itemNo: 1, counts: c(1, 7, 0, 0) }]);
    expect([t.meanHundredths, t.goodRateHundredths]).toEqual([8250, 10000]);
  });

  it('keeps means between 40 and 100 and equal to the exact mean within half a hundredth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...(Object.keys(ratingValue) as (keyof RatingCounts)[])), {
          minLength: 5,
          maxLength: 200,
        }),
        (votes) => {
          const counts = c(0, 0, 0, 0);
          for (const v of votes) counts[v] += 1;
          const t = tallyUnit([{ itemNo: 1, counts }]);
          const exact = (votes.reduce((s, v) => s + ratingValue[v], 0) / votes.length) * 100;
          expect(Math.abs((t.meanHundredths ?? 0) - exact)).toBeLessThanOrEqual(0.5);
          expect(t.meanHundredths).toBeGreaterThanOrEqual(4000);
          expect(t.meanHundredths).toBeLessThanOrEqual(10000);
        },
      ),
    );
  });
});

describe('ballot codes and ballots', () => {
  it('makes 16-character codes from random bytes and normalises what a person types', () => {
    const code = codeFromRandomBytes(new Uint8Array(16).map((_, i) => i * 37));
    expect(code).toHaveLength(16);
    expect(normalizeCode(formatCode(code).toLowerCase())).toBe(code);
    expect(normalizeCode('oooo-iiii-llll-0000')).toBe('0000111111110000');
    expect(normalizeCode('SHORT')).toBeNull();
    expect(normalizeCode('UUUUUUUUUUUUUUUU')).toBeNull();
    expect(() => codeFromRandomBytes(new Uint8Array(3))).toThrow();
  });

  it('wants every item rated once with one of the four ratings', () => {
    expect(checkBallot([1, 2], { 1: 'good', 2: 'poor' })).toEqual([]);
    expect(checkBallot([1, 2], { 1: 'good' })).toEqual([{ kind: 'missing_item', item: 2 }]);
    expect(checkBallot([1, 2], { 1: 'good', 2: 'excellent' })).toEqual([{ kind: 'bad_rating', item: 2 }]);
    expect(checkBallot([1], { 1: 'good', 9: 'good' })).toEqual([{ kind: 'unknown_item', item: 9 }]);
  });
});
