import type { Db, Dialect } from '../../db/kysely.js';
import type { Grant } from '../../domain/access/roles.js';
import type { HolidayCalendar } from '../../domain/calendar/index.js';
import type { Locale } from './errors.js';

/** The logged-in user as every use case sees them. */
export interface AuthUser {
  id: number;
  account: string;
  displayName: string;
  memberId: number | null;
  grants: Grant[];
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What a use case needs; plain data, passed explicitly (no DI container). */
export interface Deps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  dataDir: string;
}

export interface Ctx extends Deps {
  user: AuthUser;
  locale: Locale;
  ip?: string;
  /**
   * The party tree's roots, when the caller has read them already for this request: the to-do
   * reads them once for its five modules' scopes instead of once per scope.
   */
  partyRoots?: readonly number[];
  /** The holiday calendar in force, when the caller has read it for this request (the to-do). */
  holidays?: HolidayCalendar;
}

export const nowIso = (clock: Clock) => clock.now().toISOString();
/** Today's date in China (UTC+8, no daylight saving), as YYYY-MM-DD. */
export const todayInChina = (clock: Clock) =>
  new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
