/**
 * Display helpers of the member-points pages. Points travel as integer hundredths (8595 is
 * 85.95 points); nothing here turns them into floats, so what is printed is exactly what the
 * server computed.
 */
import { addDays } from '../../domain/calendar/dates.js';
import { isoWeekKey, isoWeekOf, isoWeekRange, quarterRange } from '../../domain/calendar/periods.js';
import { parseHundredths } from '../../domain/points/hundredths.js';

export {
  pickQuarter,
  pickScheme,
  quarterOfDate,
  quartersOfYear,
} from '../../domain/points/opening-view.js';

/**
 * Points with exactly two decimals, the way boards print them: 8595 → "85.95",
 * 8500 → "85.00", −250 → "-2.50". `null` (a value the viewer may not see) → "—".
 */
export function points2(h: number | null | undefined): string {
  if (h === null || h === undefined) return '—';
  if (!Number.isSafeInteger(h)) return String(h);
  const sign = h < 0 ? '-' : '';
  const m = Math.abs(h);
  return `${sign}${Math.floor(m / 100)}.${String(m % 100).padStart(2, '0')}`;
}

/** An entry's points with the sign its item's direction gives: "+2.00", "-1.50". */
export function signedPoints(h: number, direction: 'bonus' | 'deduction'): string {
  return `${direction === 'deduction' ? '-' : '+'}${points2(Math.abs(h))}`;
}

/**
 * Reads points typed into a form ("1.5", "2", " 0.25 ") into hundredths; null when the text is
 * not a number with at most two decimals (the form shows its own message then).
 */
export function parsePointsText(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim();
  if (s === '') return null;
  try {
    return parseHundredths(s);
  } catch {
    return null;
  }
}

/**
 * The dates an entry of the scheme's year may carry: within the year and not after `today`
 * (the server's day). For a year still ahead `max` falls before `min`, so no date is offered.
 */
export function entryDateBounds(year: number, today: string): { min: string; max: string } {
  const last = `${year}-12-31`;
  return { min: `${year}-01-01`, max: today < last ? today : last };
}

/** First and last day of a quarter key. */
export function quarterBounds(key: string): { start: string; end: string } {
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (!m) throw new RangeError(`Not a quarter key: ${key}`);
  return quarterRange(Number(m[1]), Number(m[2]));
}

export interface WeekOption {
  key: string;
  start: string;
  end: string;
}

/**
 * The ISO weeks from `today`'s back `count` weeks, newest first (the review queue's week
 * filter: the weekly cadence of review is by the week an entry was submitted).
 */
export function recentWeeks(today: string, count: number): WeekOption[] {
  const out: WeekOption[] = [];
  for (let i = 0; i < count; i++) {
    const w = isoWeekOf(addDays(today, -7 * i));
    out.push({ key: isoWeekKey(w.year, w.week), ...isoWeekRange(w.year, w.week) });
  }
  return out;
}

/**
 * Rank movement against last quarter as the board shows it: movement = last rank − this rank,
 * so a positive number moved up. `null` (no previous rank) is a newcomer.
 */
export function movementOf(m: number | null): { dir: 'up' | 'down' | 'same' | 'new'; n: number } {
  if (m === null) return { dir: 'new', n: 0 };
  if (m > 0) return { dir: 'up', n: m };
  if (m < 0) return { dir: 'down', n: -m };
  return { dir: 'same', n: 0 };
}

/** Whole days between two ISO dates (to − from). */
export function daysFromTo(from: string, to: string): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}
