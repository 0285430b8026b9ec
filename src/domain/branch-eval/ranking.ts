/**
 * Monthly rankings (SPEC §3: "Rankings per month by total and by every indicator, with change
 * against last month (指标动态排序). Rankings are competition rankings (equal totals share a
 * rank, the next rank is skipped: 1, 2, 2, 4); movement = last month's rank − this month's rank.")
 */
import type { Hundredths } from './exact.js';
import type { BranchId } from './plan.js';

/**
 * Competition ranks ("1, 2, 2, 4") of `scores`, aligned with the input: each rank is 1 + the
 * number of scores strictly greater, so equal scores share a rank and the next is skipped
 * (SPEC §3). Throws RangeError on a score that is not a finite number.
 */
export function competitionRanks(scores: readonly number[]): number[] {
  for (const s of scores) if (!Number.isFinite(s)) throw new RangeError(`Score is not a finite number: ${s}`);
  const descending = [...scores].sort((a, b) => b - a);
  // First position of each value in descending order = number of strictly greater values.
  const firstIndex = new Map<number, number>();
  descending.forEach((s, i) => {
    if (!firstIndex.has(s)) firstIndex.set(s, i);
  });
  return scores.map((s) => (firstIndex.get(s) ?? 0) + 1);
}

/**
 * Change of rank against last month (SPEC §3: "movement = last month's rank − this month's
 * rank"): from 5th to 2nd is +3 (up), 2nd to 5th is −3; null when there is no previous rank (a
 * new branch, the first month) so the board shows "new" rather than 0.
 */
export function movement(previousRank: number | null, rank: number): number | null {
  return previousRank === null ? null : previousRank - rank;
}

/** A branch's rank last month (in the same ranking: total, or one indicator). */
export interface PreviousRank {
  readonly branchId: BranchId;
  readonly rank: number;
}

/** One row of a ranking. */
export interface RankedBranch {
  readonly branchId: BranchId;
  readonly score: Hundredths;
  readonly rank: number;
  readonly previousRank: number | null;
  readonly movement: number | null;
}

/**
 * The month's ranking by total (SPEC §3): competition ranks, each with last month's rank and the
 * movement. Rows come back by rank, ties by branch id (the order is for display only; it never
 * changes a rank). Throws RangeError on a branch listed twice or a total that is not whole
 * hundredths.
 */
export function rankMonth(
  branchTotals: readonly { readonly branchId: BranchId; readonly total: Hundredths }[],
  prevRanks: readonly PreviousRank[] = [],
): RankedBranch[] {
  return rankRows(
    branchTotals.map((b) => ({ branchId: b.branchId, score: b.total })),
    prevRanks,
  );
}

/** A branch's indicator scores for one month (e.g. from scoreMonth's `indicators`). */
export interface BranchIndicatorScores {
  readonly branchId: BranchId;
  readonly indicators: readonly { readonly code: string; readonly score: Hundredths }[];
}

/** The ranking of one indicator. */
export interface IndicatorRanking {
  readonly code: string;
  readonly rows: RankedBranch[];
}

/**
 * Rankings by every indicator with movement (SPEC §3 指标动态排序). Plans are tailored per branch,
 * so an indicator is ranked among the branches whose plan has it; indicators come back in order
 * of first appearance. `prevRanks` holds last month's ranking per indicator code. Each ranking
 * ranks the indicator's rounded score (the printed one), as {@link rankMonth} ranks totals.
 */
export function rankByIndicator(
  months: readonly BranchIndicatorScores[],
  prevRanks: Readonly<Record<string, readonly PreviousRank[]>> = {},
): IndicatorRanking[] {
  const byCode = new Map<string, { branchId: BranchId; score: Hundredths }[]>();
  for (const m of months) {
    for (const i of m.indicators) {
      const rows = byCode.get(i.code) ?? [];
      rows.push({ branchId: m.branchId, score: i.score });
      byCode.set(i.code, rows);
    }
  }
  return [...byCode].map(([code, rows]) => ({
    code,
    rows: rankRows(rows, Object.hasOwn(prevRanks, code) ? (prevRanks[code] ?? []) : []),
  }));
}

function rankRows(
  rows: readonly { readonly branchId: BranchId; readonly score: Hundredths }[],
  prevRanks: readonly PreviousRank[],
): RankedBranch[] {
  const seen = new Set<BranchId>();
  for (const r of rows) {
    if (seen.has(r.branchId)) throw new RangeError(`Branch ranked twice: ${r.branchId}`);
    seen.add(r.branchId);
    if (!Number.isSafeInteger(r.score))
      throw new RangeError(`Score of ${r.branchId} is not whole hundredths: ${r.score}`);
  }
  const previous = new Map(prevRanks.map((p) => [p.branchId, p.rank]));
  const ranks = competitionRanks(rows.map((r) => r.score));
  return rows
    .map((r, i): RankedBranch => {
      const rank = ranks[i] ?? 1;
      const previousRank = previous.get(r.branchId) ?? null;
      return {
        branchId: r.branchId,
        score: r.score,
        rank,
        previousRank,
        movement: movement(previousRank, rank),
      };
    })
    .sort((a, b) => a.rank - b.rank || a.branchId - b.branchId);
}
