import { weekdayOf } from './format.js';

/** One row of a year's holiday arrangement as edited on the calendar page. */
export interface ArrangementRow {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export type RowProblem = 'missing_date' | 'wrong_year' | 'duplicate' | 'workday_not_weekend';

/**
 * Checks the rows before saving; every problem blocks the save. A make-up working day (调休上班)
 * is by definition a weekend day that is worked: on a weekday it would change nothing, and the
 * server leaves it out of the arrangement it returns, so the row would silently vanish.
 */
export function checkArrangement(year: number, rows: readonly ArrangementRow[]): Map<number, RowProblem[]> {
  const problems = new Map<number, RowProblem[]>();
  const add = (i: number, p: RowProblem) => problems.set(i, [...(problems.get(i) ?? []), p]);
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!row.date) {
      add(i, 'missing_date');
      return;
    }
    if (!row.date.startsWith(`${year}-`)) add(i, 'wrong_year');
    const first = seen.get(row.date);
    if (first !== undefined) add(i, 'duplicate');
    else seen.set(row.date, i);
    const wd = weekdayOf(row.date);
    const weekend = wd === 0 || wd === 6;
    if (row.kind === 'workday' && !weekend) add(i, 'workday_not_weekend');
  });
  return problems;
}

export const blockingProblems: readonly RowProblem[] = [
  'missing_date',
  'wrong_year',
  'duplicate',
  'workday_not_weekend',
];

export interface HolidayGroup {
  name: string;
  /** Consecutive days off as [from, to] pairs. */
  off: [string, string][];
  offCount: number;
  /** Make-up working days (调休上班) of this holiday. */
  workdays: string[];
}

const nextDay = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};

/**
 * Groups an arrangement by holiday name for the summary view (e.g. 春节: 2-15 – 2-23, make-up
 * days 2-14 and 2-28), in date order of each group's first day. Rows without a name group
 * under ''.
 */
export function summarizeArrangement(days: readonly ArrangementRow[]): HolidayGroup[] {
  const sorted = [...days].filter((d) => d.date).sort((a, b) => a.date.localeCompare(b.date));
  const groups = new Map<string, HolidayGroup & { first: string }>();
  for (const d of sorted) {
    const name = d.name?.trim() ?? '';
    let g = groups.get(name);
    if (!g) {
      g = { name, off: [], offCount: 0, workdays: [], first: d.date };
      groups.set(name, g);
    }
    if (d.kind === 'workday') {
      g.workdays.push(d.date);
      continue;
    }
    // Order groups by their first day off: 国庆's make-up Sunday in September must not put it before 中秋.
    if (g.offCount === 0) g.first = d.date;
    g.offCount += 1;
    const last = g.off[g.off.length - 1];
    if (last && nextDay(last[1]) === d.date) last[1] = d.date;
    else g.off.push([d.date, d.date]);
  }
  return [...groups.values()]
    .sort((a, b) => a.first.localeCompare(b.first))
    .map(({ first: _first, ...g }) => g);
}

/** Sorts rows by date (empty dates last) so the saved list reads in calendar order. */
export function sortRows<T extends { date: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.date || '9999').localeCompare(b.date || '9999'));
}
