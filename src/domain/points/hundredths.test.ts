import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorPercentOf, formatHundredths, parseHundredths, roundHalfUp } from './hundredths.js';

describe('roundHalfUp', () => {
  it.each([
    [0, 1, 0],
    [1, 3, 0], // 0.333…
    [2, 3, 1], // 0.666…
    [3, 2, 2], // 1.5 → 2 (half up)
    [5, 2, 3], // 2.5 → 3, not banker's 2
    [7, 2, 4],
    [22550, 3, 7517], // (8000 + 7000 + 7550) / 3 = 7516.67 → 75.17 points
    [30001, 4, 7500], // 7500.25
    [30002, 4, 7501], // 7500.5 → up
    [30003, 4, 7501],
    [-5, 2, -3], // ties away from zero
    [-4, 3, -1],
  ])('%i / %i → %i', (n, d, expected) => {
    expect(roundHalfUp(n, d)).toBe(expected);
  });

  it.each([
    [1, 0],
    [1, -2],
    [1.5, 2],
    [1, 2.5],
    [Number.MAX_SAFE_INTEGER + 2, 3],
  ])('refuses %d / %d', (n, d) => {
    expect(() => roundHalfUp(n, d)).toThrow(RangeError);
  });

  it('equals the exact half-up of the rational n/d (BigInt oracle)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
        const bn = BigInt(n);
        const bd = BigInt(d);
        const sign = bn < 0n ? -1n : 1n;
        const mag = bn < 0n ? -bn : bn;
        const expected = sign * ((2n * mag + bd) / (2n * bd)); // ⌊|n|/d + 1/2⌋, sign restored
        expect(BigInt(roundHalfUp(n, d))).toBe(expected);
      }),
    );
  });
});

describe('floorPercentOf', () => {
  it('takes the SPEC example: 5% of 43 is 2', () => {
    expect(floorPercentOf(5, 43)).toBe(2);
    expect(floorPercentOf(20, 43)).toBe(8);
    expect(floorPercentOf(50, 43)).toBe(21);
  });

  it('rounds down exactly at and below a whole number', () => {
    expect(floorPercentOf(5, 20)).toBe(1);
    expect(floorPercentOf(5, 19)).toBe(0);
    expect(floorPercentOf(50, 1)).toBe(0);
    expect(floorPercentOf(100, 7)).toBe(7);
    expect(floorPercentOf(0, 1000)).toBe(0);
  });

  it('matches ⌊p·n/100⌋ computed with BigInt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000_000 }), (pct, n) => {
        expect(BigInt(floorPercentOf(pct, n))).toBe((BigInt(pct) * BigInt(n)) / 100n);
      }),
    );
  });

  it('refuses negative or fractional input', () => {
    expect(() => floorPercentOf(-1, 10)).toThrow(RangeError);
    expect(() => floorPercentOf(5, -1)).toThrow(RangeError);
    expect(() => floorPercentOf(2.5, 10)).toThrow(RangeError);
  });
});

describe('formatHundredths / parseHundredths', () => {
  it.each([
    [8595, '85.95'],
    [1500, '15'],
    [1550, '15.5'],
    [1505, '15.05'],
    [5, '0.05'],
    [0, '0'],
    [-250, '-2.5'],
  ])('%i ↔ %s', (value, text) => {
    expect(formatHundredths(value)).toBe(text);
    expect(parseHundredths(text)).toBe(value);
  });

  it('parses the spellings people type', () => {
    expect(parseHundredths('85.9')).toBe(8590);
    expect(parseHundredths('060')).toBe(6000);
    expect(parseHundredths('-0')).toBe(0);
  });

  it.each(['1.234', '1e2', ' 1', '1 ', '1,000', '', '.5', '5.', '+1', '１', 'NaN'])('refuses %j', (text) => {
    expect(() => parseHundredths(text)).toThrow(RangeError);
  });

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (v) => {
        expect(parseHundredths(formatHundredths(v))).toBe(v);
      }),
    );
  });

  it('refuses to format a fraction of a hundredth', () => {
    expect(() => formatHundredths(0.5)).toThrow(RangeError);
  });
});
