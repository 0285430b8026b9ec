/**
 * Points as integer hundredths (SPEC §2: "Points are exact to two decimals (keep them as integer
 * hundredths)"): 85.95 points travel as 8595. Sums of integers are exact; the only division in
 * the module (the annual mean) goes through {@link roundHalfUp}, once, at the end.
 */
import { roundHalfUp } from '../shared/rounding.js';

/** A number of points in hundredths of a point (85.95 → 8595). Always a safe integer. */
export type Hundredths = number;

/** True when `value` is a safe integer, i.e. a valid amount of {@link Hundredths}. */
export function isHundredths(value: number): boolean {
  return Number.isSafeInteger(value);
}

export { roundHalfUp };

/** Floor of `percent · n / 100` for non-negative integers, without floats: the quota "⌊5%·n⌋". */
export function floorPercentOf(percent: number, n: number): number {
  if (!Number.isSafeInteger(percent) || !Number.isSafeInteger(n) || percent < 0 || n < 0) {
    throw new RangeError(`floorPercentOf needs non-negative safe integers: ${percent}% of ${n}`);
  }
  const product = percent * n;
  if (!Number.isSafeInteger(product)) throw new RangeError(`floorPercentOf overflows: ${percent}% of ${n}`);
  return (product - (product % 100)) / 100;
}

/** Points for people: 8595 → "85.95", 1500 → "15", 1550 → "15.5", −250 → "-2.5". */
export function formatHundredths(value: Hundredths): string {
  if (!isHundredths(value)) throw new RangeError(`Not an amount of hundredths: ${value}`);
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  const whole = Math.floor(magnitude / 100);
  const cents = magnitude % 100;
  if (cents === 0) return `${sign}${whole}`;
  const fraction = String(cents).padStart(2, '0').replace(/0$/, '');
  return `${sign}${whole}.${fraction}`;
}

const POINTS_TEXT = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Reads points typed by a person or found in a spreadsheet cell ("85.95", "15", "0.5", "-2")
 * into hundredths, without passing through a float. More than two decimals, exponents, spaces or
 * thousands separators are refused with a RangeError rather than silently rounded.
 */
export function parseHundredths(text: string): Hundredths {
  const match = POINTS_TEXT.exec(text);
  if (!match)
    throw new RangeError(`Not a number of points with at most two decimals: ${JSON.stringify(text)}`);
  const whole = Number(match[2]);
  const cents = Number((match[3] ?? '').padEnd(2, '0'));
  const magnitude = whole * 100 + cents;
  if (!Number.isSafeInteger(magnitude)) throw new RangeError(`Too many points: ${JSON.stringify(text)}`);
  return match[1] && magnitude !== 0 ? -magnitude : magnitude;
}
