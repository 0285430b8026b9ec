/**
 * What a points page opens on when the URL does not say: the scheme, the quarter, and the board's
 * first page. Shared by the web pages and the server, which puts a page's first answers into the
 * page it sends (src/server/web-shell.ts): both must open on the same view.
 */
import { quarterKey } from '../calendar/periods.js';

/** Rows in a page of the board (the phone's list and the wide table). */
export const BOARD_PAGE_SIZE = 50;

/** The four quarter keys of a year: 2026-Q1 … 2026-Q4. */
export function quartersOfYear(year: number): string[] {
  return [1, 2, 3, 4].map((q) => quarterKey(year, q));
}

/** The quarter key of a date: 2026-11-24 → 2026-Q4. */
export function quarterOfDate(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return quarterKey(year, Math.ceil(month / 3));
}

/**
 * The scheme a page opens on: the one asked for in the URL if the user can see it, else this
 * year's, else the newest adopted one, else the newest.
 */
export function pickScheme<T extends { id: number; year: number; currentVersion: number | null }>(
  schemes: readonly T[],
  requested: number | null,
  thisYear: number,
): T | undefined {
  return (
    schemes.find((s) => s.id === requested) ??
    schemes.find((s) => s.year === thisYear && s.currentVersion != null) ??
    [...schemes].filter((s) => s.currentVersion != null).sort((a, b) => b.year - a.year)[0] ??
    [...schemes].sort((a, b) => b.year - a.year)[0]
  );
}

/**
 * The quarter a board or quarter page opens on: the asked one if it belongs to the year, else
 * the latest published, else the latest closed, else the running (or last) quarter of the year.
 */
export function pickQuarter(
  year: number,
  quarters: readonly { quarter: string; state: 'open' | 'closed' | 'published' }[],
  requested: string | null,
  today: string,
): string {
  const keys = quartersOfYear(year);
  if (requested && keys.includes(requested)) return requested;
  const latest = (state: string) =>
    [...quarters]
      .filter((q) => q.state === state)
      .map((q) => q.quarter)
      .sort()
      .pop();
  const running = quarterOfDate(today);
  return (
    latest('published') ??
    latest('closed') ??
    (keys.includes(running) ? running : today < (keys[0] ?? '') ? (keys[0] ?? running) : (keys[3] ?? running))
  );
}
