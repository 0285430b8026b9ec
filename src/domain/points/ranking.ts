/**
 * Boards and rankings (SPEC §2: "Boards rank by score with competition ranking (1, 2, 2, 4)";
 * "members are ranked within the scheme's ranking scope").
 */
import type { PartyKind } from '../org/tree.js';
import type { RankingScope } from './scheme.js';

/** A row with its competition rank. */
export interface Ranked<T> {
  readonly row: T;
  readonly rank: number;
}

/**
 * Competition ranking ("1, 2, 2, 4"): a row's rank is 1 + the number of rows with a strictly
 * greater score, so equal scores share a rank and the next rank is skipped. Rows come back in
 * display order: score descending, then `displayOrder` (e.g. by employee number), then input
 * order. The tiebreak orders the display only; it never changes a rank. Throws RangeError on a
 * score that is not a finite number (NaN would silently scramble the order).
 */
export function competitionRank<T>(
  rows: readonly T[],
  score: (row: T) => number,
  displayOrder?: (a: T, b: T) => number,
): Ranked<T>[] {
  const scored = rows.map((row, index) => {
    const s = score(row);
    if (!Number.isFinite(s)) throw new RangeError(`Score of row ${index} is not a finite number: ${s}`);
    return { row, s, index };
  });
  scored.sort((a, b) => b.s - a.s || (displayOrder ? displayOrder(a.row, b.row) : 0) || a.index - b.index);
  const ranked: Ranked<T>[] = [];
  scored.forEach((item, position) => {
    const previous = scored[position - 1];
    const rank =
      previous !== undefined && previous.s === item.s ? (ranked[position - 1]?.rank ?? 1) : position + 1;
    ranked.push({ row: item.row, rank });
  });
  return ranked;
}

/**
 * Change of rank against the previous period: previous rank − current rank, so moving from 5th
 * to 2nd is +3 (up) and from 2nd to 5th is −3. `null` when there was no previous rank (a new
 * member, the first quarter) — the board shows "new" rather than 0.
 */
export function movement(previousRank: number | null, rank: number): number | null {
  return previousRank === null ? null : previousRank - rank;
}

/**
 * Competition ranks (1, 2, 2, 4) turned into positions among distinct scores (1, 2, 2, 3), for
 * movement: in a board where 500 members share 60.00, a member who leaves that group upward
 * passes one score, not 500 people — "↑587" among tied members is noise, "↑3" is what happened.
 */
export function denseRanks<K>(ranks: ReadonlyMap<K, number>): Map<K, number> {
  const distinct = [...new Set(ranks.values())].sort((a, b) => a - b);
  const position = new Map(distinct.map((r, i) => [r, i + 1]));
  return new Map([...ranks].map(([k, r]) => [k, position.get(r) ?? r]));
}

/** One node on the path from the scheme's root committee down to a member's branch or group. */
export interface OrgPathNode {
  readonly orgId: number;
  readonly kind: PartyKind;
}

/**
 * The org whose members a member is ranked and graded with, from the path root → … → the
 * member's branch (or party group), per the scheme's `rankingScope`:
 * - `root`: the root committee (the whole scheme);
 * - `child_committee` (SPEC default, "each county bureau / direct department committee"): the
 *   committee directly under the root; a member whose branch sits directly under the root (no
 *   such committee on the path) is ranked in the root's own scope;
 * - `branch`: the member's branch (the branch above a party group).
 * Throws RangeError on an empty path or, for `branch`, a path without a branch.
 */
export function rankingScopeKey(scope: RankingScope, path: readonly OrgPathNode[]): number {
  const root = path[0];
  if (!root) throw new RangeError('Empty org path');
  switch (scope) {
    case 'root':
      return root.orgId;
    case 'child_committee': {
      const child = path[1];
      return child && child.kind === 'committee' ? child.orgId : root.orgId;
    }
    case 'branch': {
      const branch = [...path].reverse().find((node) => node.kind === 'branch');
      if (!branch) throw new RangeError('The org path holds no branch');
      return branch.orgId;
    }
  }
}
