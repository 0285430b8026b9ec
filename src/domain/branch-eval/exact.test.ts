import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareFractions,
  formatExactPoints,
  formatPoints,
  fraction,
  gcd,
  isHundredths,
  roundFraction,
  roundHalfUp,
  safeMultiply,
  safeSum,
} from './exact.js';

describe('roundHalfUp', () => {
  it('rounds exact quotients half up (四舍五入)', () => {
    expect(roundHalfUp(5, 2)).toBe(3);
    expect(roundHalfUp(1, 2)).toBe(1);
    expect(roundHalfUp(7, 3)).toBe(2);
    expect(roundHalfUp(8, 3)).toBe(3);
    expect(roundHalfUp(149, 100)).toBe(1);
    expect(roundHalfUp(150, 100)).toBe(2);
    expect(roundHalfUp(0, 7)).toBe(0);
    // The SPEC example 0.2·9 + 0.3·25/3 + 0.5·8.5 = 8.55, as hundredths over 300.
    expect(roundHalfUp(256_500, 300)).toBe(855);
  });

  it('rounds negative ties away from zero', () => {
    expect(roundHalfUp(-5, 2)).toBe(-3);
    expect(roundHalfUp(-7, 3)).toBe(-2);
  });

  it('refuses a zero or negative denominator and non-integers', () => {
    expect(() => roundHalfUp(1, 0)).toThrow(RangeError);
    expect(() => roundHalfUp(1, -2)).toThrow(RangeError);
    expect(() => roundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(2 ** 53, 2)).toThrow(RangeError);
  });

  it('is the nearest integer, ties up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 100_000 }), (n, d) => {
        const r = roundHalfUp(n, d);
        // r·d − d/2 ≤ n < r·d + d/2, doubled to stay in integers.
        expect(2 * r * d - d).toBeLessThanOrEqual(2 * n);
        expect(2 * n).toBeLessThan(2 * r * d + d);
      }),
    );
  });

  it('matches an independent BigInt rounding (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 20 }), (n, d) => {
        const expected = (2n * BigInt(n) + BigInt(d)) / (2n * BigInt(d));
        expect(BigInt(roundHalfUp(n, d))).toBe(expected);
      }),
    );
  });
});

describe('fractions', () => {
  it('reduces and moves the sign to the numerator', () => {
    expect(fraction(6, -4)).toEqual({ numerator: -3, denominator: 2 });
    expect(fraction(2500, 3)).toEqual({ numerator: 2500, denominator: 3 });
    expect(fraction(256_500, 300)).toEqual({ numerator: 855, denominator: 1 });
    expect(fraction(0, 5)).toEqual({ numerator: 0, denominator: 1 });
    expect(fraction(0, -5)).toEqual({ numerator: 0, denominator: 1 });
  });

  it('refuses a zero denominator', () => {
    expect(() => fraction(1, 0)).toThrow(RangeError);
    expect(() => fraction(0.5, 1)).toThrow(RangeError);
  });

  it('compares exactly', () => {
    expect(compareFractions(fraction(1, 3), fraction(333, 1000))).toBe(1);
    expect(compareFractions(fraction(2, 4), fraction(1, 2))).toBe(0);
    expect(compareFractions(fraction(-1, 2), fraction(0, 1))).toBe(-1);
  });

  it('rounds a fraction half up', () => {
    expect(roundFraction(fraction(2500, 3))).toBe(833);
    expect(roundFraction(fraction(17_191, 2))).toBe(8596);
  });

  it('gcd', () => {
    expect(gcd(12, 18)).toBe(6);
    expect(gcd(-12, 18)).toBe(6);
    expect(gcd(0, 0)).toBe(0);
    expect(gcd(7, 0)).toBe(7);
  });
});

describe('safe integer helpers', () => {
  it('multiplies and sums exactly or throws', () => {
    expect(safeMultiply(300, 855)).toBe(256_500);
    expect(() => safeMultiply(2 ** 30, 2 ** 30)).toThrow(RangeError);
    expect(safeSum([1000, 950, 1500])).toBe(3450);
    expect(safeSum([])).toBe(0);
    expect(() => safeSum([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => safeSum([0.5])).toThrow(RangeError);
  });

  it('recognises hundredths', () => {
    expect(isHundredths(8595)).toBe(true);
    expect(isHundredths(85.95)).toBe(false);
    expect(isHundredths('8595')).toBe(false);
  });
});

describe('formatting', () => {
  it('prints points with two decimals', () => {
    expect(formatPoints(8595)).toBe('85.95');
    expect(formatPoints(9000)).toBe('90.00');
    expect(formatPoints(5)).toBe('0.05');
    expect(formatPoints(0)).toBe('0.00');
    expect(formatPoints(-150)).toBe('-1.50');
    expect(() => formatPoints(1.5)).toThrow(RangeError);
  });

  it('prints exact values truncated with an ellipsis when they go on', () => {
    expect(formatExactPoints(fraction(2500, 3))).toBe('8.3333…');
    expect(formatExactPoints(fraction(855, 1))).toBe('8.55');
    expect(formatExactPoints(fraction(17_191, 2))).toBe('85.955');
    expect(formatExactPoints(fraction(1, 1))).toBe('0.01');
    expect(formatExactPoints(fraction(1, 8))).toBe('0.0012…');
    expect(formatExactPoints(fraction(-2500, 3))).toBe('-8.3333…');
    expect(formatExactPoints(fraction(2500, 3), 2)).toBe('8.33…');
  });
});
