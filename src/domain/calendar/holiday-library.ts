/**
 * The statutory holiday arrangement of each year from tyme4ts's `LegalHoliday` data, and the
 * calendar built on it. Kept apart from working-days.ts so that only the server loads the
 * library's tables; the web never imports this file (dependency-cruiser checks it).
 */
import { LegalHoliday } from 'tyme4ts';
import { type IsoDate, parseIsoDate, toIsoDate } from './dates.js';
import { monthRange } from './periods.js';
import {
  type ArrangementDay,
  type HolidayCalendar,
  type HolidayOverride,
  holidayCalendarOf,
  type YearArrangement,
} from './working-days.js';

/**
 * The calendar in force: tyme4ts's arrangement, except for the years the administrator's
 * overrides replace (the rules of {@link holidayCalendarOf}). Throws RangeError on an invalid
 * date, an unknown kind, or the same date entered twice.
 */
export function createHolidayCalendar(overrides: readonly HolidayOverride[] = []): HolidayCalendar {
  return holidayCalendarOf(overrides, libraryArrangement);
}

/**
 * True when tyme4ts has any legal-holiday data for the year, i.e. the year's State Council notice
 * has been published and the installed library includes it. A year it does not know would
 * otherwise silently count every Monday–Friday as working — prompt the administrator instead.
 */
export function libraryKnowsYear(year: number): boolean {
  return libraryArrangement(year).size > 0;
}

/**
 * The library's explicit days of a year, read once per year through the public
 * `LegalHoliday.fromYmd` lookup and memoised (the data is static for the process lifetime).
 */
const libraryYears = new Map<number, YearArrangement>();

function libraryArrangement(year: number): YearArrangement {
  const cached = libraryYears.get(year);
  if (cached) return cached;
  const days = new Map<IsoDate, ArrangementDay>();
  for (let month = 1; month <= 12; month += 1) {
    const { end } = monthRange(year, month);
    const lastDay = parseIsoDate(end).day;
    for (let day = 1; day <= lastDay; day += 1) {
      const holiday = LegalHoliday.fromYmd(year, month, day);
      if (holiday)
        days.set(toIsoDate(year, month, day), { working: holiday.isWork(), name: holiday.getName() });
    }
  }
  libraryYears.set(year, days);
  return days;
}
