/**
 * The weekly review (逐条审核, SPEC §2): "the party-affairs department works a queue of submitted
 * entries of its subtree, filters by branch/week/item … Entries waiting longer than 7 days are
 * flagged." — 7 is the scheme's `reviewOverdueDays` setting.
 */
// From the calendar's date and period files, not its index: the index brings the holiday
// library, which the web app (which uses these rules too) should not download.
import { fromEpochDay, type IsoDate } from '../calendar/dates.js';
import { type DateRange, isoWeekKey, isoWeekOf, isoWeekRange } from '../calendar/periods.js';
import { DEFAULT_REVIEW_OVERDUE_DAYS } from './scheme.js';

const MS_PER_DAY = 86_400_000;
/** Beijing time is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** An ISO-8601 instant with an explicit zone; a zoneless one would be read in the host's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an ISO-8601 instant with a zone (`2026-04-01T08:00:00Z`). */
export function parseInstant(instant: string): number {
  const ms = INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms))
    throw new RangeError(`Not an ISO-8601 instant with a time zone: ${JSON.stringify(instant)}`);
  return ms;
}

/** Whole days an entry has been waiting (rounded down; 0 until 24 hours have passed). */
export function waitingDays(submittedAt: string, now: string): number {
  return Math.max(0, Math.floor((parseInstant(now) - parseInstant(submittedAt)) / MS_PER_DAY));
}

/**
 * "Entries waiting longer than 7 days are flagged", 7 being the scheme's `reviewOverdueDays`:
 * true once strictly more than `days` × 24 hours have passed since submission (submitted Monday
 * 09:00, overdue from the next Monday 09:00 plus a moment with 7). Elapsed time, not calendar
 * dates, so the server's time zone cannot move it.
 */
export function isOverdue(submittedAt: string, now: string, days = DEFAULT_REVIEW_OVERDUE_DAYS): boolean {
  return parseInstant(submittedAt) < parseInstant(overdueBefore(now, days));
}

/**
 * The same rule as a cutoff for queries: an entry still waiting is overdue exactly when it was
 * submitted before this instant (UTC ISO-8601, comparable as text with stored submission times).
 */
export function overdueBefore(now: string, days: number): string {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`Invalid number of days: ${days}`);
  return new Date(parseInstant(now) - days * MS_PER_DAY).toISOString();
}

/**
 * `waitingDays` and `isOverdue` at one instant, for a page of entries: `now` parsed once and each
 * number of days' cutoff computed once (the same answers as the two functions, which parse both
 * instants and format the cutoff again for every entry).
 */
export function reviewAt(now: string): {
  waitingDays(submittedAt: string): number;
  isOverdue(submittedAt: string, days?: number): boolean;
} {
  const nowMs = parseInstant(now);
  const cutoffs = new Map<number, number>();
  return {
    waitingDays: (submittedAt) => Math.max(0, Math.floor((nowMs - parseInstant(submittedAt)) / MS_PER_DAY)),
    isOverdue: (submittedAt, days = DEFAULT_REVIEW_OVERDUE_DAYS) => {
      let cutoff = cutoffs.get(days);
      if (cutoff === undefined) {
        cutoff = parseInstant(overdueBefore(now, days));
        cutoffs.set(days, cutoff);
      }
      return parseInstant(submittedAt) < cutoff;
    },
  };
}

/** The calendar date in Beijing of an instant: what "the week an entry was submitted" means to users. */
export function beijingDateOf(instant: string): IsoDate {
  return fromEpochDay(Math.floor((parseInstant(instant) + BEIJING_OFFSET_MS) / MS_PER_DAY));
}

/** The review week of a date, as the calendar's ISO week key (`2026-W05`). */
export function reviewWeekKey(date: IsoDate): string {
  const { year, week } = isoWeekOf(date);
  return isoWeekKey(year, week);
}

/** One week of the queue. */
export interface WeekBucket<T> {
  readonly weekKey: string;
  readonly range: DateRange;
  readonly rows: readonly T[];
}

/**
 * Groups rows by the ISO week of a date of each (the date the activity happened, or
 * {@link beijingDateOf} the submission): weeks in chronological order, rows in input order within a week.
 */
export function bucketByWeek<T>(rows: readonly T[], dateOf: (row: T) => IsoDate): WeekBucket<T>[] {
  const buckets = new Map<string, { range: DateRange; rows: T[] }>();
  for (const row of rows) {
    const { year, week } = isoWeekOf(dateOf(row));
    const key = isoWeekKey(year, week);
    const bucket = buckets.get(key);
    if (bucket) bucket.rows.push(row);
    else buckets.set(key, { range: isoWeekRange(year, week), rows: [row] });
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([weekKey, b]) => ({ weekKey, range: b.range, rows: b.rows }));
}
