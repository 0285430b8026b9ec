import { sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';

/**
 * Queries of the board (亮分榜) page: it reads a histogram of the subtree's totals (what every
 * rank and the row count follow from) and only the rows of the page, never the whole subtree's
 * rows. No rules here: quarter.service.ts ranks and pages.
 */

/** The org's subtree, for `branch_id in (…)`: both planners then walk the (quarter, branch, total) index. */
function subtree(db: DbOrTrx, orgId: number) {
  return db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
}

/** How many of the subtree's scores have each total, highest total first. */
export async function totalsHistogram(
  db: DbOrTrx,
  quarterId: number,
  orgId: number,
): Promise<{ total: number; n: number }[]> {
  const rows = await db
    .selectFrom('points_quarter_score as s')
    .select((eb) => ['s.total', eb.fn.countAll<number>().as('n')])
    .where('s.quarter_id', '=', quarterId)
    .where('s.branch_id', 'in', subtree(db, orgId))
    .groupBy('s.total')
    .orderBy('s.total', 'desc')
    .execute();
  return rows.map((r) => ({ total: Number(r.total), n: Number(r.n) }));
}

function rowsUnder(db: DbOrTrx, quarterId: number, orgId: number) {
  return db
    .selectFrom('points_quarter_score as s')
    .innerJoin('member as m', 'm.id', 's.member_id')
    .innerJoin('org as b', 'b.id', 's.branch_id')
    .select([
      's.member_id',
      's.total',
      's.bonus_political',
      's.bonus_professional',
      's.bonus_civility',
      's.deductions',
      'm.name',
      'm.employee_no',
      's.branch_id',
      'b.name as branch_name',
    ])
    .where('s.quarter_id', '=', quarterId)
    .where('s.branch_id', 'in', subtree(db, orgId));
}

/** Every score of the subtree (the former whole-subtree board read; the board oracle test's reference). */
export function boardRows(db: DbOrTrx, quarterId: number, orgId: number) {
  return rowsUnder(db, quarterId, orgId).execute();
}

/** The subtree's scores whose total lies in [low, high], with the members' and branches' names. */
export function boardRowsBetween(db: DbOrTrx, quarterId: number, orgId: number, low: number, high: number) {
  return rowsUnder(db, quarterId, orgId).where('s.total', '>=', low).where('s.total', '<=', high).execute();
}

/** `q` as a literal inside a LIKE pattern escaped by a backslash. */
const literal = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The subtree's scores whose member's name contains `q` or whose employee number starts with
 * it, as a superset (SQLite's LIKE also matches other letter cases): the caller filters exactly.
 */
export function boardRowsLike(db: DbOrTrx, quarterId: number, orgId: number, q: string) {
  const contains = `%${literal(q)}%`;
  const starts = `${literal(q)}%`;
  return rowsUnder(db, quarterId, orgId)
    .where(sql<boolean>`(m.name like ${contains} escape '\\' or m.employee_no like ${starts} escape '\\')`)
    .execute();
}

/** The totals of some members in a quarter, for those scored inside the org's subtree. */
export function totalsOfMembersUnder(
  db: DbOrTrx,
  quarterId: number,
  orgId: number,
  memberIds: readonly number[],
) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points_quarter_score as s')
    .select(['s.member_id', 's.total'])
    .where('s.quarter_id', '=', quarterId)
    .where('s.member_id', 'in', memberIds)
    .where('s.branch_id', 'in', subtree(db, orgId))
    .execute();
}
