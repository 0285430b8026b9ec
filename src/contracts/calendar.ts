import { z } from 'zod';
import { isoDate } from './common.js';
import { endpoint } from './endpoint.js';

export const calendarDay = z.object({
  date: z.string(),
  /** `holiday`: a day off that would otherwise be worked; `workday`: a make-up working day (调休). */
  kind: z.enum(['holiday', 'workday']),
  name: z.string().nullable(),
});

export const calendarYearResponse = z.object({
  year: z.number().int(),
  /** Where this year's arrangement comes from: the admin's override, the library, or neither. */
  source: z.enum(['override', 'library', 'none']),
  libraryKnows: z.boolean(),
  days: z.array(calendarDay),
  /** The library's arrangement, for comparison while an override is in force. */
  libraryDays: z.array(calendarDay),
  workingDays: z.number().int(),
});
export type CalendarYear = z.infer<typeof calendarYearResponse>;

export const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const calendarYearBody = z.object({
  /** Replaces the year's overrides; an empty list returns the year to the library. */
  days: z
    .array(
      z.object({
        date: isoDate,
        kind: z.enum(['holiday', 'workday']),
        name: z.string().trim().max(30).nullable().optional(),
      }),
    )
    .max(120),
});

export const workingDayQuery = z.object({
  date: isoDate,
  /** Working days to add (negative counts back); 0 gives the date itself or the next working day. */
  add: z.coerce.number().int().min(-400).max(400).default(0),
});
export const workingDayResponse = z.object({
  date: z.string(),
  result: z.string(),
  working: z.boolean(),
  reason: z.enum(['weekday', 'weekend', 'holiday', 'makeup_workday']),
  holidayName: z.string().nullable(),
  /** `result` was counted across a year whose holidays are not entered yet (`unknownYears`): it may be wrong. */
  calendarUncertain: z.boolean(),
  unknownYears: z.array(z.number().int()),
});

/** The server's day: the business date every page works from, whatever the browser's clock says. */
export const serverDayResponse = z.object({
  /** Today in China (UTC+8) on the server's clock, `YYYY-MM-DD`. */
  today: z.string(),
  /** The server's current instant (ISO 8601, UTC). */
  now: z.string(),
  year: z.number().int(),
  /** `2026-Q4` */
  quarter: z.string(),
  /** `2026-12` */
  month: z.string(),
  working: z.boolean(),
  reason: z.enum(['weekday', 'weekend', 'holiday', 'makeup_workday']),
  holidayName: z.string().nullable(),
  /** Whether the holiday calendar (library or an admin's entry) has this year's and next year's arrangement. */
  calendarKnows: z.object({ thisYear: z.boolean(), nextYear: z.boolean() }),
});
export type ServerDay = z.infer<typeof serverDayResponse>;

const tags = ['calendar'] as const;

/** The holiday calendar, working-day arithmetic and the server's day. */
export const calendarApi = {
  getYear: endpoint({
    method: 'GET',
    path: '/calendar/years/:year',
    summary: "One year's holidays and make-up workdays, with the built-in library's for comparison",
    tags,
    params: yearParam,
    response: calendarYearResponse,
  }),
  setYear: endpoint({
    method: 'PUT',
    path: '/calendar/years/:year',
    summary: "Replace one year's holidays and make-up workdays",
    tags,
    params: yearParam,
    body: calendarYearBody,
    response: calendarYearResponse,
    errors: [403],
  }),
  today: endpoint({
    method: 'GET',
    path: '/calendar/today',
    summary: "The server's day: date, period and whether it is a working day",
    tags,
    response: serverDayResponse,
  }),
  workingDay: endpoint({
    method: 'GET',
    path: '/calendar/working-day',
    summary: 'Whether a date is a working day, and the date a number of working days away',
    tags,
    query: workingDayQuery,
    response: workingDayResponse,
  }),
};
