/**
 * Chinese working days (工作日): Monday–Friday, minus the statutory holidays the State Council
 * announces each year, plus the weekend make-up working days (调休上班) it moves them with.
 *
 * The yearly arrangement comes from tyme4ts's `LegalHoliday` data (a maintained library, updated
 * each November when the notice for the next year appears), read in holiday-library.ts and
 * carried by the {@link HolidayCalendar}; this file does not import the library, so the web can
 * use these rules without downloading its tables. An administrator can override a whole year:
 * to enter next year's notice before the library has it, or to correct a year.
 */
import {
  dayOfWeek,
  dayOfWeekOfEpochDay,
  fromEpochDay,
  type IsoDate,
  parseIsoDate,
  toEpochDay,
} from './dates.js';
import { monthRange } from './periods.js';

/** `holiday`: a day off (放假); `workday`: a working day, typically a weekend make-up day (调休上班). */
export type HolidayOverrideKind = 'holiday' | 'workday';

/** One day of an administrator-entered arrangement; `name` is the festival, e.g. 春节. */
export interface HolidayOverride {
  readonly date: IsoDate;
  readonly kind: HolidayOverrideKind;
  readonly name?: string;
}

/**
 * Why a day is or is not a working day: an ordinary `weekday` or `weekend`, a statutory
 * `holiday` (including weekend days inside a holiday block), or a weekend `makeup_workday`.
 */
export type DayReason = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday';

/** Whose arrangement decided the day: the tyme4ts data, or the administrator's override year. */
export type ArrangementSource = 'library' | 'override';

/** A day's working status with its reason, for deadlines and for showing the calendar. */
export interface DayInfo {
  readonly date: IsoDate;
  readonly working: boolean;
  readonly reason: DayReason;
  /** The festival a holiday or make-up day belongs to (春节, 国庆中秋 …), when known. */
  readonly holidayName?: string;
  readonly source: ArrangementSource;
}

/** One explicit day of a year's arrangement. */
export interface ArrangementDay {
  readonly working: boolean;
  readonly name: string | undefined;
}

/** The explicit days of one year's arrangement; every other day follows the Monday–Friday rule. */
export type YearArrangement = ReadonlyMap<IsoDate, ArrangementDay>;

/**
 * The holiday arrangement in force: the library's, except for the years the administrator has
 * overridden. Build it with `createHolidayCalendar` (holiday-library.ts); treat it as opaque and
 * immutable.
 */
export interface HolidayCalendar {
  /** The validated overrides, sorted by date. */
  readonly overrides: readonly HolidayOverride[];
  /** Years whose whole arrangement comes from the overrides, ascending. */
  readonly overrideYears: readonly number[];
  /** Index of the overrides by year, for lookups. */
  readonly overridesByYear: ReadonlyMap<number, YearArrangement>;
  /** The library's explicit days of a year (empty for a year it does not know). */
  readonly library: (year: number) => YearArrangement;
}

/**
 * Builds the calendar from the administrator's overrides (none: the library alone) and the
 * library's arrangement of a year; `createHolidayCalendar` (holiday-library.ts) passes tyme4ts's.
 *
 * Rule: overrides replace the library a whole calendar year at a time. If ANY override is dated
 * in a year, the library's data for that year is ignored and the year's holidays and make-up
 * days are exactly the overrides of that year; a year with no override uses the library. This
 * way a notice entered before the library knows the year, or a correction of a year, never mixes
 * with half of another source. Weekends stay days off and Monday–Friday stay working days unless
 * an override says otherwise (`workday` on a Saturday = 调休上班, `holiday` on a Tuesday = 放假).
 *
 * The year is the calendar year of each date, not the year the notice is about: a notice that
 * moves a day in late December of the year before (as the 2008 元旦 arrangement did with
 * 2007-12-29) makes that earlier year an override year too, so enter that year's full arrangement
 * as well (copy it with {@link overridesForYear}).
 *
 * Throws RangeError on an invalid date, an unknown kind, or the same date entered twice.
 */
export function holidayCalendarOf(
  overrides: readonly HolidayOverride[],
  library: (year: number) => YearArrangement,
): HolidayCalendar {
  const byDate = new Map<IsoDate, HolidayOverride>();
  for (const override of overrides) {
    parseIsoDate(override.date);
    if (override.kind !== 'holiday' && override.kind !== 'workday') {
      throw new RangeError(`Unknown override kind for ${override.date}: ${JSON.stringify(override.kind)}`);
    }
    if (byDate.has(override.date)) throw new RangeError(`Date overridden twice: ${override.date}`);
    // Copy only the known fields (rows from a database may carry more); a blank name is no name.
    const name = override.name?.trim();
    byDate.set(
      override.date,
      name
        ? { date: override.date, kind: override.kind, name }
        : { date: override.date, kind: override.kind },
    );
  }
  const sorted = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const byYear = new Map<number, Map<IsoDate, ArrangementDay>>();
  for (const { date, kind, name } of sorted) {
    const { year } = parseIsoDate(date);
    let days = byYear.get(year);
    if (!days) {
      days = new Map();
      byYear.set(year, days);
    }
    days.set(date, { working: kind === 'workday', name });
  }
  return { overrides: sorted, overrideYears: [...byYear.keys()], overridesByYear: byYear, library };
}

/** True when the calendar has an arrangement for the year, from the library or from overrides. */
export function calendarKnowsYear(cal: HolidayCalendar, year: number): boolean {
  return cal.overridesByYear.has(year) || cal.library(year).size > 0;
}

/**
 * The years from `a` to `b` (either order, both included) that the calendar does not know
 * ({@link calendarKnowsYear}), ascending. A deadline counted in working days across such a year
 * treats every Monday–Friday as worked (New Year's Day 2027 included while nobody has entered
 * 2027), so it may be wrong: whatever shows that deadline should say so. Empty when all known.
 */
export function unknownYearsBetween(cal: HolidayCalendar, a: IsoDate, b: IsoDate): number[] {
  const [from, to] = a <= b ? [a, b] : [b, a];
  const out: number[] = [];
  for (let y = parseIsoDate(from).year, last = parseIsoDate(to).year; y <= last; y += 1) {
    if (!calendarKnowsYear(cal, y)) out.push(y);
  }
  return out;
}

/** Whether people work on the date (the rule of {@link dayInfo}). */
export function isWorkingDay(cal: HolidayCalendar, date: IsoDate): boolean {
  return dayInfo(cal, date).working;
}

/**
 * The working status of a date and why. An explicit arrangement day wins over the weekday:
 * a holiday is off even on a weekday, a make-up workday is worked even on a weekend. An explicit
 * `workday` on Monday–Friday is reported as an ordinary `weekday` (it changes nothing).
 * `source` is `override` for every day of an override year, `library` otherwise.
 */
export function dayInfo(cal: HolidayCalendar, date: IsoDate): DayInfo {
  const { year } = parseIsoDate(date);
  return classify(cal, date, year, dayOfWeek(date) >= 6);
}

/**
 * Counts `n` working days from `date`, for deadlines such as "within 5 working days":
 * n ≥ 1 gives the n-th working day strictly after `date`; n ≤ -1 the |n|-th strictly before;
 * n = 0 gives `date` itself when it is a working day, else the next working day (a deadline
 * falling on a day off rolls forward).
 */
export function addWorkingDays(cal: HolidayCalendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Working-day count must be an integer: ${n}`);
  let day = toEpochDay(date);
  if (n === 0) {
    while (!isWorkingEpochDay(cal, day)) day += 1;
    return fromEpochDay(day);
  }
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    day += step;
    if (isWorkingEpochDay(cal, day)) remaining -= 1;
  }
  return fromEpochDay(day);
}

/** Number of working days from `start` to `end`, both included; 0 when `end` is before `start`. */
export function workingDaysBetween(cal: HolidayCalendar, start: IsoDate, end: IsoDate): number {
  const last = toEpochDay(end);
  let count = 0;
  for (let day = toEpochDay(start); day <= last; day += 1) {
    if (isWorkingEpochDay(cal, day)) count += 1;
  }
  return count;
}

/** The month's working days in order. */
export function workingDaysOfMonth(cal: HolidayCalendar, year: number, month: number): IsoDate[] {
  const { start, end } = monthRange(year, month);
  const days: IsoDate[] = [];
  for (let day = toEpochDay(start), last = toEpochDay(end); day <= last; day += 1) {
    if (isWorkingEpochDay(cal, day)) days.push(fromEpochDay(day));
  }
  return days;
}

/**
 * Last working day of a month — the self-assessment deadline of a monthly round (月评自评).
 * A weekend make-up day counts (Sep 2025 ends on Tue 30th; Sun 28th is worked too). Throws
 * RangeError if an override leaves the month without any working day.
 */
export function lastWorkingDayOfMonth(cal: HolidayCalendar, year: number, month: number): IsoDate {
  const days = workingDaysOfMonth(cal, year, month);
  const last = days[days.length - 1];
  if (last === undefined) throw new RangeError(`No working day in ${year}-${month}`);
  return last;
}

/**
 * The n-th working day of a month (n ≥ 1) — the deadline of "within the first 5 working days of
 * the next month" (验证). Counted inside the month only: throws RangeError when the month has
 * fewer than n working days rather than spilling silently into the next month.
 */
export function nthWorkingDayOfMonth(cal: HolidayCalendar, year: number, month: number, n: number): IsoDate {
  const days = firstWorkingDaysOfMonth(cal, year, month, n);
  const nth = days[n - 1];
  if (nth === undefined) throw new RangeError(`No working day ${n} in ${year}-${month}`);
  return nth;
}

/**
 * The first n working days of a month (n ≥ 1), e.g. the verification window of a monthly round.
 * Throws RangeError when the month has fewer than n working days.
 */
export function firstWorkingDaysOfMonth(
  cal: HolidayCalendar,
  year: number,
  month: number,
  n: number,
): IsoDate[] {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n must be a positive integer: ${n}`);
  const days = workingDaysOfMonth(cal, year, month);
  if (days.length < n)
    throw new RangeError(`Only ${days.length} working days in ${year}-${month}, asked for ${n}`);
  return days.slice(0, n);
}

/**
 * A year's arrangement as the admin page shows it: every holiday (including the weekend days of
 * a holiday block) and every weekend make-up workday, by date, from the overrides when the year
 * is overridden, else from the library. Empty when neither knows the year.
 */
export function holidaysOfYear(cal: HolidayCalendar, year: number): DayInfo[] {
  const { days } = arrangementOf(cal, year);
  const result: DayInfo[] = [];
  for (const date of [...days.keys()].sort()) {
    const info = classify(cal, date, year, dayOfWeek(date) >= 6);
    if (info.reason === 'holiday' || info.reason === 'makeup_workday') result.push(info);
  }
  return result;
}

/**
 * A year's arrangement as overrides, so an administrator can copy a year (e.g. the library's)
 * and correct it; feeding the result back to {@link createHolidayCalendar} yields the same
 * working days for that year.
 */
export function overridesForYear(cal: HolidayCalendar, year: number): HolidayOverride[] {
  return holidaysOfYear(cal, year).map((info) => {
    const kind: HolidayOverrideKind = info.working ? 'workday' : 'holiday';
    return info.holidayName === undefined
      ? { date: info.date, kind }
      : { date: info.date, kind, name: info.holidayName };
  });
}

function isWorkingEpochDay(cal: HolidayCalendar, epochDay: number): boolean {
  const date = fromEpochDay(epochDay);
  return classify(cal, date, parseIsoDate(date).year, dayOfWeekOfEpochDay(epochDay) >= 6).working;
}

function classify(cal: HolidayCalendar, date: IsoDate, year: number, weekend: boolean): DayInfo {
  const { days, source } = arrangementOf(cal, year);
  const explicit = days.get(date);
  const named = explicit?.name === undefined ? {} : { holidayName: explicit.name };
  if (explicit && !explicit.working) return { date, working: false, reason: 'holiday', ...named, source };
  if (explicit && weekend) return { date, working: true, reason: 'makeup_workday', ...named, source };
  return weekend
    ? { date, working: false, reason: 'weekend', source }
    : { date, working: true, reason: 'weekday', source };
}

function arrangementOf(
  cal: HolidayCalendar,
  year: number,
): { days: YearArrangement; source: ArrangementSource } {
  const overridden = cal.overridesByYear.get(year);
  return overridden
    ? { days: overridden, source: 'override' }
    : { days: cal.library(year), source: 'library' };
}
