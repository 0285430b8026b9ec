/**
 * The org × term matrix (月例表完成情况): one cell per org and term, totals per org and per term.
 */

/** done = checked in on time; late = done after the window; missing = window passed, not done. */
export const cellStatuses = ['done', 'late', 'missing', 'open', 'not_assigned'] as const;
export type CellStatus = (typeof cellStatuses)[number];

/** What an org has for one term: tasks assigned, and how many were checked in on time or late. */
export interface CellCounts {
  assigned: number;
  onTime: number;
  late: number;
}

/**
 * The status of one cell at instant `now`. Every task of the term counts: the cell is done when
 * all are checked in on time, late when all are checked in and one was late, missing when the
 * window has passed with one not checked in, open otherwise (the window is running or to come).
 */
export function cellStatus(c: CellCounts, window: { endsAt: string }, now: string): CellStatus {
  if (c.assigned <= 0) return 'not_assigned';
  if (c.onTime + c.late >= c.assigned) return c.late > 0 ? 'late' : 'done';
  return Date.parse(now) >= Date.parse(window.endsAt) ? 'missing' : 'open';
}

export type StatusTotals = Record<CellStatus, number>;

export const emptyTotals = (): StatusTotals => ({ done: 0, late: 0, missing: 0, open: 0, not_assigned: 0 });

/** How many cells have each status. */
export function totalsOf(statuses: Iterable<CellStatus>): StatusTotals {
  const t = emptyTotals();
  for (const s of statuses) t[s] += 1;
  return t;
}

/**
 * A term's totals over every org of the matrix, from aggregate counts (so the database need not
 * return every cell): `orgs` rows in all, `complete` of the assigned cells fully checked in on
 * time, `completeLate` fully checked in with a late one, `incomplete` the rest of the assigned.
 */
export function termTotalsOf(
  counts: { orgs: number; complete: number; completeLate: number; incomplete: number },
  window: { endsAt: string },
  now: string,
): StatusTotals {
  const passed = Date.parse(now) >= Date.parse(window.endsAt);
  const assigned = counts.complete + counts.completeLate + counts.incomplete;
  return {
    done: counts.complete,
    late: counts.completeLate,
    missing: passed ? counts.incomplete : 0,
    open: passed ? 0 : counts.incomplete,
    not_assigned: counts.orgs - assigned,
  };
}

/** Share of assigned cells done on time or late, in whole percent (half up); null when none assigned. */
export function completionPercent(t: StatusTotals): number | null {
  const assigned = t.done + t.late + t.missing + t.open;
  if (assigned === 0) return null;
  return Math.floor(((t.done + t.late) * 200 + assigned) / (2 * assigned));
}
