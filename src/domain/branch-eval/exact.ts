/**
 * Exact arithmetic for branch-evaluation scores. SPEC §3: "Each indicator score is rounded
 * half-up to two decimals; the month total is the sum of those rounded scores"; STYLE: "store
 * points as integers of hundredths (85.95 → 8595) … never accumulate floats. Round once, at the
 * end, half up". Scores travel as integer hundredths; anything that divides (a peer mean, a
 * weighted score, a quarter mean) stays an exact {@link Fraction} until its one rounding.
 */
import { roundHalfUp } from '../shared/rounding.js';

/** Points in hundredths of a point (85.95 → 8595). Always a safe integer. */
export type Hundredths = number;

/** An exact rational `numerator / denominator`, reduced, with a positive denominator. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

/** True when `value` is a safe integer, i.e. a valid amount of {@link Hundredths}. */
export function isHundredths(value: unknown): value is Hundredths {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export { roundHalfUp };

/** Greatest common divisor of two safe integers (non-negative result; gcd(0, 0) = 0). */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/**
 * The reduced fraction `numerator / denominator`; a negative denominator moves its sign up.
 * Throws RangeError on a zero denominator or a value that is not a safe integer.
 */
export function fraction(numerator: number, denominator: number): Fraction {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(`Not an exact fraction: ${numerator}/${denominator}`);
  }
  const divisor = gcd(numerator, denominator);
  const sign = denominator < 0 ? -1 : 1;
  // `+ 0` turns a −0 numerator into 0, so equal fractions are deep-equal.
  return { numerator: (sign * numerator) / divisor + 0, denominator: (sign * denominator) / divisor };
}

/** A fraction rounded half-up to an integer (see {@link roundHalfUp}). */
export function roundFraction(value: Fraction): number {
  return roundHalfUp(value.numerator, value.denominator);
}

/** Orders two fractions exactly (-1, 0, 1) by cross-multiplication; throws RangeError on overflow. */
export function compareFractions(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const left = safeMultiply(a.numerator, b.denominator);
  const right = safeMultiply(b.numerator, a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** `a × b`, throwing RangeError when the product is not a safe integer (it would be inexact). */
export function safeMultiply(a: number, b: number): number {
  const product = a * b;
  if (!Number.isSafeInteger(product)) throw new RangeError(`Product overflows exact integers: ${a} × ${b}`);
  return product;
}

/** Σ values, throwing RangeError when an addend or a partial sum is not a safe integer. */
export function safeSum(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) {
    sum += value;
    if (!Number.isSafeInteger(value) || !Number.isSafeInteger(sum)) {
      throw new RangeError(`Sum is not an exact integer: ${values.join(' + ')}`);
    }
  }
  return sum;
}

/**
 * Hundredths as printed points with exactly two decimals, the way reports show scores
 * (SPEC §3's "85.95"): 8595 → "85.95", 9000 → "90.00", −150 → "-1.50".
 */
export function formatPoints(value: Hundredths): string {
  if (!isHundredths(value)) throw new RangeError(`Not an amount of hundredths: ${value}`);
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  const cents = magnitude % 100;
  return `${sign}${(magnitude - cents) / 100}.${String(cents).padStart(2, '0')}`;
}

/**
 * An exact amount of hundredths (e.g. a peer mean of 2500/3) as points for an explanation, with
 * up to `places` decimals and a trailing "…" when it does not end there: 2500/3 → "8.3333…",
 * 855/1 → "8.55". Truncates (never rounds) so the "…" is honest.
 */
export function formatExactPoints(value: Fraction, places = 4): string {
  if (!Number.isSafeInteger(places) || places < 2) throw new RangeError(`places must be ≥ 2: ${places}`);
  const denominator = safeMultiply(value.denominator, 100);
  const sign = value.numerator < 0 ? '-' : '';
  let remainder = Math.abs(value.numerator);
  const whole = Math.floor(remainder / denominator);
  remainder -= whole * denominator;
  let digits = '';
  for (let i = 0; i < places && remainder !== 0; i += 1) {
    remainder = safeMultiply(remainder, 10);
    const digit = Math.floor(remainder / denominator);
    digits += String(digit);
    remainder -= digit * denominator;
  }
  const padded = digits.padEnd(2, '0');
  return `${sign}${whole}.${padded}${remainder === 0 ? '' : '…'}`;
}
