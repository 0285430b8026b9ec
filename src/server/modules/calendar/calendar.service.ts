import type { z } from 'zod';
import type { CalendarYear, calendarYearBody, ServerDay } from '../../../contracts/calendar.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import {
  addWorkingDays,
  calendarKnowsYear,
  createHolidayCalendar,
  dayInfo,
  dayOfWeek,
  type HolidayCalendar,
  holidaysOfYear,
  libraryKnowsYear,
  monthKey,
  periodOf,
  quarterKey,
  unknownYearsBetween,
  workingDaysBetween,
} from '../../../domain/calendar/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { isSuperScope } from '../../lib/permissions.js';
import * as calendarRepo from './calendar.repo.js';

/**
 * The holiday calendar in force: the library's arrangement, replaced year by year by what an
 * admin entered. Read per use (the table is tiny), so every app instance sees a change at once.
 */
export async function loadHolidayCalendar(db: DbOrTrx): Promise<HolidayCalendar> {
  const rows = await calendarRepo.allOverrides(db);
  return createHolidayCalendar(
    rows.map((r) => (r.name ? { date: r.date, kind: r.kind, name: r.name } : { date: r.date, kind: r.kind })),
  );
}

const toDays = (cal: HolidayCalendar, year: number) =>
  holidaysOfYear(cal, year).map((d) => ({
    date: d.date,
    kind: d.working ? ('workday' as const) : ('holiday' as const),
    name: d.holidayName ?? null,
  }));

/** A year's arrangement, its source, and the library's own version for comparison. Any user may read it. */
export async function getCalendarYear(ctx: Ctx, year: number): Promise<CalendarYear> {
  const cal = await loadHolidayCalendar(ctx.db);
  const libraryOnly = createHolidayCalendar([]);
  const overridden = cal.overridesByYear.has(year);
  const knows = libraryKnowsYear(year);
  return {
    year,
    source: overridden ? 'override' : knows ? 'library' : 'none',
    libraryKnows: knows,
    days: toDays(cal, year),
    libraryDays: toDays(libraryOnly, year),
    workingDays: workingDaysBetween(cal, `${year}-01-01`, `${year}-12-31`),
  };
}

/**
 * Replaces a year's arrangement with the admin's list (an empty list returns the year to the
 * library). Only an admin of the whole organisation may do it: the calendar is shared by all.
 */
export async function setCalendarYear(
  ctx: Ctx,
  year: number,
  input: z.infer<typeof calendarYearBody>,
): Promise<CalendarYear> {
  if (!(await isSuperScope(ctx.db, ctx.user, 'calendar.manage'))) {
    throw new AppError('forbidden', { permission: 'calendar.manage' });
  }
  const outside = input.days.filter((d) => !d.date.startsWith(`${year}-`));
  if (outside.length > 0) {
    throw new AppError('validation_failed', {
      reason: 'dates outside the year',
      dates: outside.map((d) => d.date),
    });
  }
  // A make-up working day (调休上班) is a weekend day worked; on a weekday it would mean nothing.
  const weekdayWorkdays = input.days.filter((d) => d.kind === 'workday' && dayOfWeek(d.date) <= 5);
  if (weekdayWorkdays.length > 0) {
    throw new AppError('validation_failed', {
      reason: 'a make-up working day must be a Saturday or Sunday',
      dates: weekdayWorkdays.map((d) => d.date),
    });
  }
  const seen = new Set<string>();
  const dup = input.days.filter((d) => {
    if (seen.has(d.date)) return true;
    seen.add(d.date);
    return false;
  });
  if (dup.length > 0)
    throw new AppError('validation_failed', { reason: 'date entered twice', dates: dup.map((d) => d.date) });
  await ctx.db.transaction().execute(async (trx) => {
    const before = await calendarRepo.overridesOfYear(trx, year);
    await calendarRepo.deleteOverridesOfYear(trx, year);
    const at = nowIso(ctx.clock);
    if (input.days.length > 0) {
      await calendarRepo.insertOverrides(
        trx,
        input.days.map((d) => ({
          date: d.date,
          kind: d.kind,
          name: d.name ?? null,
          created_by: ctx.user.id,
          created_at: at,
        })),
      );
    }
    await appendAudit(trx, ctx.user, at, [
      { action: 'calendar.set_year', entityType: 'calendar', entityId: year, before, after: input.days },
    ]);
  });
  return getCalendarYear(ctx, year);
}

/** A date's working status and the date `add` working days from it, under the calendar in force. */
export async function workingDayInfo(ctx: Ctx, date: string, add: number) {
  const cal = await loadHolidayCalendar(ctx.db);
  const info = dayInfo(cal, date);
  const result = addWorkingDays(cal, date, add);
  const unknownYears = unknownYearsBetween(cal, date, result);
  return {
    date,
    result,
    working: info.working,
    reason: info.reason,
    holidayName: info.holidayName ?? null,
    calendarUncertain: unknownYears.length > 0,
    unknownYears,
  };
}

/**
 * The server's day: today in China on the server's clock, its quarter and month, whether it is
 * worked, and whether the calendar knows this year and next. The web takes every business date
 * (default quarter, month, scheme year, "printed on", the latest date an input accepts) from
 * here, never from the browser's clock.
 */
export async function serverDay(ctx: Ctx): Promise<ServerDay> {
  const now = ctx.clock.now();
  const today = todayInChina({ now: () => now });
  const cal = await loadHolidayCalendar(ctx.db);
  const p = periodOf(today);
  const info = dayInfo(cal, today);
  return {
    today,
    now: now.toISOString(),
    year: p.year,
    quarter: quarterKey(p.year, p.quarter),
    month: monthKey(p.year, p.month),
    working: info.working,
    reason: info.reason,
    holidayName: info.holidayName ?? null,
    calendarKnows: { thisYear: calendarKnowsYear(cal, p.year), nextYear: calendarKnowsYear(cal, p.year + 1) },
  };
}
