/**
 * Assessment periods: year, quarter (季考), month (月评) and ISO week.
 *
 * Every period has an inclusive date range and a stable text key (`2026`, `2026-Q3`, `2026-07`,
 * `2026-W05`) used in URLs, database columns and exports; keys of one kind sort chronologically
 * as plain strings. Weeks are ISO 8601 weeks (Monday first; week 1 holds the year's first
 * Thursday), so a week's year can differ from the calendar year of its days at a year boundary.
 */
import {
  addDays,
  dayOfWeek,
  daysInMonth,
  type IsoDate,
  MAX_YEAR,
  MIN_YEAR,
  parseIsoDate,
  toEpochDay,
  toIsoDate,
} from './dates.js';

export type Quarter = 1 | 2 | 3 | 4;

/** An ISO week: `year` is the ISO week-numbering year, which may differ from the dates' year. */
export interface IsoWeek {
  readonly year: number;
  readonly week: number;
}

/** Inclusive range of dates: `start` and `end` both belong to the period. */
export interface DateRange {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** The periods a date belongs to; `year` is the calendar year (the ISO week carries its own). */
export interface PeriodOfDate {
  readonly year: number;
  readonly quarter: Quarter;
  readonly month: number;
  readonly isoWeek: IsoWeek;
}

export interface YearPeriod {
  readonly kind: 'year';
  readonly year: number;
}
export interface QuarterPeriod {
  readonly kind: 'quarter';
  readonly year: number;
  readonly quarter: Quarter;
}
export interface MonthPeriod {
  readonly kind: 'month';
  readonly year: number;
  readonly month: number;
}
/** An ISO week; `year` is the ISO week-numbering year. */
export interface WeekPeriod {
  readonly kind: 'week';
  readonly year: number;
  readonly week: number;
}
/** Any assessment period, discriminated by `kind`; what {@link parsePeriodKey} returns. */
export type Period = YearPeriod | QuarterPeriod | MonthPeriod | WeekPeriod;

/** The quarter a month (1–12) falls in: Jan–Mar → 1 … Oct–Dec → 4. */
export function quarterOfMonth(month: number): Quarter {
  assertMonth(month);
  return asQuarter(Math.ceil(month / 3));
}

/**
 * ISO 8601 week of a date: the week (Monday–Sunday) is numbered in the year that holds its
 * Thursday, so 2027-01-01 (a Friday) is in 2026-W53 and 2024-12-30 (a Monday) in 2025-W01.
 */
export function isoWeekOf(date: IsoDate): IsoWeek {
  const thursday = addDays(date, 4 - dayOfWeek(date));
  const { year } = parseIsoDate(thursday);
  const dayOfYear = toEpochDay(thursday) - toEpochDay(toIsoDate(year, 1, 1));
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** Year, quarter, month and ISO week a date belongs to — the keys a record filed on it is counted under. */
export function periodOf(date: IsoDate): PeriodOfDate {
  const { year, month } = parseIsoDate(date);
  return { year, quarter: quarterOfMonth(month), month, isoWeek: isoWeekOf(date) };
}

/** 52 or 53: an ISO year has 53 weeks when Dec 28 (always in its last week) falls in week 53. */
export function isoWeeksInYear(year: number): 52 | 53 {
  assertYear(year);
  return isoWeekOf(toIsoDate(year, 12, 28)).week === 53 ? 53 : 52;
}

/** 1 January to 31 December of a year. */
export function yearRange(year: number): DateRange {
  return { start: toIsoDate(year, 1, 1), end: toIsoDate(year, 12, 31) };
}

/** First day of the quarter's first month to last day of its third month (Q1 = Jan 1 – Mar 31). */
export function quarterRange(year: number, quarter: number): DateRange {
  const q = asQuarter(quarter);
  const lastMonth = q * 3;
  return {
    start: toIsoDate(year, lastMonth - 2, 1),
    end: toIsoDate(year, lastMonth, daysInMonth(year, lastMonth)),
  };
}

/** First to last day of a calendar month. */
export function monthRange(year: number, month: number): DateRange {
  return { start: toIsoDate(year, month, 1), end: toIsoDate(year, month, daysInMonth(year, month)) };
}

/**
 * Monday to Sunday of an ISO week. Week 1 is the week holding 4 January; throws RangeError for a
 * week the ISO year does not have (week 53 of a 52-week year).
 */
export function isoWeekRange(year: number, week: number): DateRange {
  assertIsoWeek(year, week);
  const jan4 = toIsoDate(year, 1, 4);
  const start = addDays(jan4, 1 - dayOfWeek(jan4) + (week - 1) * 7);
  return { start, end: addDays(start, 6) };
}

/** Inclusive date range of any period. */
export function periodRange(period: Period): DateRange {
  switch (period.kind) {
    case 'year':
      return yearRange(period.year);
    case 'quarter':
      return quarterRange(period.year, period.quarter);
    case 'month':
      return monthRange(period.year, period.month);
    case 'week':
      return isoWeekRange(period.year, period.week);
  }
}

/** The three months of a quarter, in order — the months whose totals a quarter score averages. */
export function monthsOfQuarter(year: number, quarter: number): readonly MonthPeriod[] {
  const first = asQuarter(quarter) * 3 - 2;
  assertYear(year);
  return [0, 1, 2].map((i): MonthPeriod => ({ kind: 'month', year, month: first + i }));
}

/** Key of a year: `2026`. */
export function yearKey(year: number): string {
  assertYear(year);
  return String(year).padStart(4, '0');
}

/** Key of a quarter: `2026-Q3`. */
export function quarterKey(year: number, quarter: number): string {
  return `${yearKey(year)}-Q${asQuarter(quarter)}`;
}

/** Key of a month: `2026-07` (the same text as the month part of an ISO date). */
export function monthKey(year: number, month: number): string {
  assertMonth(month);
  return `${yearKey(year)}-${String(month).padStart(2, '0')}`;
}

/** Key of an ISO week: `2026-W05` (ISO 8601 week notation, with the ISO week-numbering year). */
export function isoWeekKey(year: number, week: number): string {
  assertIsoWeek(year, week);
  return `${yearKey(year)}-W${String(week).padStart(2, '0')}`;
}

/** Stable key of any period; the inverse of {@link parsePeriodKey}. */
export function periodKey(period: Period): string {
  switch (period.kind) {
    case 'year':
      return yearKey(period.year);
    case 'quarter':
      return quarterKey(period.year, period.quarter);
    case 'month':
      return monthKey(period.year, period.month);
    case 'week':
      return isoWeekKey(period.year, period.week);
  }
}

const YEAR_KEY = /^(\d{4})$/;
const QUARTER_KEY = /^(\d{4})-Q(\d)$/;
const MONTH_KEY = /^(\d{4})-(\d{2})$/;
const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

/**
 * Reads a key written by {@link periodKey}. Only the canonical spelling is accepted (no `2026-q3`,
 * `2026-7`, `2026-W5`), so each period has exactly one key; anything else, including a quarter,
 * month or week that does not exist, throws RangeError.
 */
export function parsePeriodKey(key: string): Period {
  let m = YEAR_KEY.exec(key);
  if (m) {
    const year = Number(m[1]);
    assertYear(year);
    return { kind: 'year', year };
  }
  m = QUARTER_KEY.exec(key);
  if (m) {
    const year = Number(m[1]);
    assertYear(year);
    const quarter = Number(m[2]);
    if (!isQuarter(quarter)) throw new RangeError(`No such quarter in period key: ${JSON.stringify(key)}`);
    return { kind: 'quarter', year, quarter };
  }
  m = MONTH_KEY.exec(key);
  if (m) {
    const year = Number(m[1]);
    assertYear(year);
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new RangeError(`No such month in period key: ${JSON.stringify(key)}`);
    return { kind: 'month', year, month };
  }
  m = WEEK_KEY.exec(key);
  if (m) {
    const year = Number(m[1]);
    assertYear(year);
    const week = Number(m[2]);
    if (week < 1 || week > isoWeeksInYear(year)) {
      throw new RangeError(`No such ISO week in period key: ${JSON.stringify(key)}`);
    }
    return { kind: 'week', year, week };
  }
  throw new RangeError(`Not a period key (2026, 2026-Q3, 2026-07, 2026-W05): ${JSON.stringify(key)}`);
}

/** The period `n` steps later (earlier for negative `n`), of the same kind: used for "last month" comparisons. */
export function shiftPeriod(period: YearPeriod, n: number): YearPeriod;
export function shiftPeriod(period: QuarterPeriod, n: number): QuarterPeriod;
export function shiftPeriod(period: MonthPeriod, n: number): MonthPeriod;
export function shiftPeriod(period: WeekPeriod, n: number): WeekPeriod;
export function shiftPeriod(period: Period, n: number): Period;
export function shiftPeriod(period: Period, n: number): Period {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Period offset must be an integer: ${n}`);
  assertYear(period.year);
  switch (period.kind) {
    case 'year':
      assertYear(period.year + n);
      return { kind: 'year', year: period.year + n };
    case 'quarter': {
      const index = period.year * 4 + (asQuarter(period.quarter) - 1) + n;
      const year = Math.floor(index / 4);
      assertYear(year);
      return { kind: 'quarter', year, quarter: asQuarter(index - year * 4 + 1) };
    }
    case 'month': {
      assertMonth(period.month);
      const index = period.year * 12 + (period.month - 1) + n;
      const year = Math.floor(index / 12);
      assertYear(year);
      return { kind: 'month', year, month: index - year * 12 + 1 };
    }
    case 'week': {
      const { start } = isoWeekRange(period.year, period.week);
      const { year, week } = isoWeekOf(addDays(start, n * 7));
      return { kind: 'week', year, week };
    }
  }
}

/** The quarter before, crossing into Q4 of the previous year from Q1 (the plan for a quarter is set in the one before). */
export function previousQuarter(q: { readonly year: number; readonly quarter: Quarter }): QuarterPeriod {
  return shiftPeriod({ kind: 'quarter', year: q.year, quarter: q.quarter }, -1);
}

/** The quarter after, crossing into Q1 of the next year from Q4. */
export function nextQuarter(q: { readonly year: number; readonly quarter: Quarter }): QuarterPeriod {
  return shiftPeriod({ kind: 'quarter', year: q.year, quarter: q.quarter }, 1);
}

/** The month before (rankings show movement against last month); January → December of the year before. */
export function previousMonth(m: { readonly year: number; readonly month: number }): MonthPeriod {
  return shiftPeriod({ kind: 'month', year: m.year, month: m.month }, -1);
}

/** The month after (verification happens in the first working days of the next month); December → January. */
export function nextMonth(m: { readonly year: number; readonly month: number }): MonthPeriod {
  return shiftPeriod({ kind: 'month', year: m.year, month: m.month }, 1);
}

function isQuarter(value: number): value is Quarter {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

function asQuarter(value: number): Quarter {
  if (!isQuarter(value)) throw new RangeError(`Quarter out of range 1–4: ${value}`);
  return value;
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

function assertIsoWeek(year: number, week: number): void {
  if (!Number.isInteger(week) || week < 1 || week > isoWeeksInYear(year)) {
    throw new RangeError(`No ISO week ${week} in ${year}`);
  }
}
