/**
 * Helpers shared by the branch evaluation's repositories (library, plan, round, results,
 * integration): a row count reader and the chunked `IN (…)` runner; and the one query of the
 * module root's helpers (branch-eval.common.ts).
 */
import type { SelectQueryBuilder } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { Database } from '../../../db/types.js';

/**
 * The branches a query is narrowed to (a county inside the round, a branch with its groups): a
 * subquery of org ids the service gets from the org module, so the org tree is queried there.
 */
export type SubtreeIds = SelectQueryBuilder<Database, 'org_closure', { descendant_id: number }>;

export const count = (n: { n: number | string } | undefined) => Number(n?.n ?? 0);

/**
 * Runs an `IN (…)` query in chunks of 1000 ids: a province-size round (6,000 branches × 20
 * indicators) would pass SQLite's and PostgreSQL's bound-parameter limits in one list.
 */
export async function chunked<T>(
  ids: readonly number[],
  run: (chunk: number[]) => Promise<T[]>,
): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += 1000) {
    // One push per row: spreading a chunk's rows (150,000 peer scores at province scale) as
    // arguments would overflow the stack.
    for (const row of await run(unique.slice(i, i + 1000))) out.push(row);
  }
  return out;
}

/** The branch of a member record (branch-eval.common's isUserOfBranch). */
export function memberBranchOf(db: DbOrTrx, memberId: number) {
  return db.selectFrom('member').select('branch_id').where('id', '=', memberId).executeTakeFirst();
}
