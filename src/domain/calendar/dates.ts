/**
 * Date-only values for deadlines and periods.
 *
 * A deadline such as "the last working day of the month" is a calendar date, not an instant:
 * it must not move when the server's time zone changes. So dates travel as ISO strings
 * `YYYY-MM-DD` (what JSON, SQL `date` columns and `<input type="date">` already use) and all
 * arithmetic is done on a day count with proleptic-Gregorian y/m/d math — never a local-time
 * `Date`, whose midnight shifts with the host's zone and daylight saving.
 */

/** A calendar date written `YYYY-MM-DD` (years 0001–9999). Validate with {@link parseIsoDate}. */
export type IsoDate = string;

/** The numeric parts of an {@link IsoDate}; month 1–12, day 1–31. */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO 8601 day of the week: 1 = Monday … 7 = Sunday. */
export type DayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Range of years an {@link IsoDate} can hold: four digits, no year zero. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Gregorian leap-year rule (every 4th year, except centuries not divisible by 400). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month of a year (28–31), honouring leap years; throws on a bad month. */
export function daysInMonth(year: number, month: number): number {
  assertYear(year);
  assertMonth(month);
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses and validates an ISO date string, so impossible dates (2025-02-30, 2025-13-01) and
 * sloppy forms (2025-2-3, a trailing time) are rejected at the boundary with a RangeError
 * instead of silently rolling over the way `new Date()` does.
 */
export function parseIsoDate(value: string): DateParts {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`No such date: ${value}`);
  }
  return { year, month, day };
}

/** True when `value` is a valid {@link IsoDate}; the non-throwing form of {@link parseIsoDate}. */
export function isIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Builds the canonical zero-padded `YYYY-MM-DD` string, throwing RangeError for an impossible date. */
export function toIsoDate(year: number, month: number, day: number): IsoDate {
  assertYear(year);
  assertMonth(month);
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`No such day ${day} in ${year}-${month}`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Days since 1970-01-01 (negative before). A plain integer day count is what makes adding days,
 * weekdays and ranges exact; algorithm: H. Hinnant, "chrono-compatible low-level date algorithms".
 */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return epochDayOf(year, month, day);
}

/** Inverse of {@link toEpochDay}; throws RangeError when the result leaves years 0001–9999. */
export function fromEpochDay(epochDay: number): IsoDate {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`Not a day count: ${epochDay}`);
  const { year, month, day } = civilOf(epochDay);
  return toIsoDate(year, month, day);
}

/** The date `n` days after `date` (before, for negative `n`). */
export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Day offset must be an integer: ${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/** Signed number of days from `from` to `to` (0 for the same day, 1 for the next day). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** ISO day of the week, 1 = Monday … 7 = Sunday (the numbering Chinese calendars use, 周一…周日). */
export function dayOfWeek(date: IsoDate): DayOfWeek {
  return dayOfWeekOfEpochDay(toEpochDay(date));
}

/**
 * Orders two dates (-1, 0, 1) for `Array.prototype.sort`. Both are validated, because a plain
 * string comparison of an unvalidated '2025-9-1' would sort wrongly without complaint.
 */
export function compareIsoDate(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  parseIsoDate(a);
  parseIsoDate(b);
  // Canonical zero-padded strings sort lexicographically in date order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Day of the week of an epoch day; 1970-01-01 was a Thursday. */
export function dayOfWeekOfEpochDay(epochDay: number): DayOfWeek {
  const mondayBased = (((epochDay + 3) % 7) + 7) % 7; // 0 = Monday … 6 = Sunday
  return (mondayBased + 1) as DayOfWeek; // 1–7 by construction
}

function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12; // March = 0 … February = 11
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilOf(epochDay: number): DateParts {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year out of range ${MIN_YEAR}–${MAX_YEAR}: ${year}`);
  }
}

function assertMonth(month: number): void {
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`Month out of range 1–12: ${month}`);
}
