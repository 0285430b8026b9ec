import { sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import { precompiled } from '../../../db/precompiled.js';
import { bumpDataVersion } from '../../lib/data-version.js';

/**
 * Queries of the board (亮分榜) page: it reads a histogram of the subtree's totals (what every
 * rank and the row count follow from) and only the rows of the page, never the whole subtree's
 * rows. No rules here: quarter.service.ts ranks and pages.
 */

/** The org's subtree, for `branch_id in (…)`: both planners then walk the (quarter, branch, total) index. */
function subtree(db: DbOrTrx, orgId: number) {
  return db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
}

/**
 * Whether the score row `s` was scored in the org's subtree, checked row by row by the closure
 * key (a page's few rows are found by their own index, whatever the subtree's size).
 */
const scoredUnder = (orgId: number) =>
  sql<boolean>`exists (select 1 from org_closure c where c.ancestor_id = ${orgId} and c.descendant_id = s.branch_id)`;

/**
 * How many of the subtree's scores have each total, highest total first: the stored histogram
 * (`points_board_total`, kept by `storeBoardTotals`, `moveBoardTotal` and `rebuildBoardTotals`),
 * one org's rows read by their key.
 */
export async function totalsHistogram(
  db: DbOrTrx,
  quarterId: number,
  orgId: number,
): Promise<{ total: number; n: number }[]> {
  const rows = await histogramRows(db, quarterId, orgId);
  return rows.map((r) => ({ total: Number(r.total), n: Number(r.n) }));
}

// The board's statements run on every board request: compiled once (db/precompiled.ts).
const histogramRows = precompiled(2, (db, quarterId: number, orgId: number) =>
  db
    .selectFrom('points_board_total')
    .select(['total', 'n'])
    .where('quarter_id', '=', quarterId)
    .where('org_id', '=', orgId)
    .orderBy('total', 'desc'),
);

/**
 * A scheme's quarter and the one before it (the board's movement) in one read: the rows found
 * among the two keys (the same key twice when there is no quarter before).
 */
export const quarterPair = precompiled(3, (db, schemeId: number, quarter: string, previous: string) =>
  db
    .selectFrom('points_quarter')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .where('quarter', 'in', [quarter, previous]),
);

/** An org's id and name. */
export const orgNamed = precompiled(1, (db, orgId: number) =>
  db.selectFrom('org').select(['id', 'name']).where('id', '=', orgId),
);

/** The same histogram aggregated from the subtree's scores (what the stored one must equal). */
export async function totalsHistogramOfScores(
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

/**
 * The histograms of every org over a quarter's stored scores: one pass, each score counted once per
 * ancestor, written in key order (the key's index grows at its end, not page by page at random).
 */
export async function storeBoardTotals(db: DbOrTrx, quarterId: number): Promise<void> {
  await bumpDataVersion(db, 'points');
  await dropBoardTotals(db, quarterId);
  await sql`insert into points_board_total (quarter_id, org_id, total, n)
    select s.quarter_id, c.ancestor_id, s.total, count(*)
    from points_quarter_score s join org_closure c on c.descendant_id = s.branch_id
    where s.quarter_id = ${quarterId}
    group by s.quarter_id, c.ancestor_id, s.total
    order by c.ancestor_id, s.total`.execute(db);
}

export async function dropBoardTotals(db: DbOrTrx, quarterId: number): Promise<void> {
  await bumpDataVersion(db, 'points');
  await db.deleteFrom('points_board_total').where('quarter_id', '=', quarterId).execute();
}

/**
 * One score of a branch moved from total `from` to total `to` (a re-scored member): one less
 * at `from` and one more at `to` in the histogram of the branch and of each org above it.
 */
export async function moveBoardTotal(
  db: DbOrTrx,
  quarterId: number,
  branchId: number,
  from: number,
  to: number,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  if (from === to) return;
  const above = db.selectFrom('org_closure').select('ancestor_id').where('descendant_id', '=', branchId);
  await db
    .updateTable('points_board_total')
    .set((eb) => ({ n: eb('n', '-', 1) }))
    .where('quarter_id', '=', quarterId)
    .where('total', '=', from)
    .where('org_id', 'in', above)
    .execute();
  await db
    .deleteFrom('points_board_total')
    .where('quarter_id', '=', quarterId)
    .where('total', '=', from)
    .where('n', '<=', 0)
    .execute();
  await sql`insert into points_board_total (quarter_id, org_id, total, n)
    select ${quarterId}, c.ancestor_id, ${to}, 1 from org_closure c where c.descendant_id = ${branchId}
    on conflict (quarter_id, org_id, total) do update set n = points_board_total.n + 1`.execute(db);
}

/**
 * The histograms of some orgs, for every quarter, counted again from the scores (their subtrees
 * changed: a node moved from under them or to under them).
 */
export async function rebuildBoardTotals(db: DbOrTrx, orgIds: readonly number[]): Promise<void> {
  await bumpDataVersion(db, 'points');
  if (orgIds.length === 0) return;
  await db
    .deleteFrom('points_board_total')
    .where('org_id', 'in', [...orgIds])
    .execute();
  await sql`insert into points_board_total (quarter_id, org_id, total, n)
    select s.quarter_id, c.ancestor_id, s.total, count(*)
    from org_closure c join points_quarter_score s on s.branch_id = c.descendant_id
    where c.ancestor_id in (${sql.join([...orgIds])})
    group by s.quarter_id, c.ancestor_id, s.total`.execute(db);
}

const rowColumns = [
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
] as const;

function rowsUnder(db: DbOrTrx, quarterId: number, orgId: number) {
  return db
    .selectFrom('points_quarter_score as s')
    .innerJoin('member as m', 'm.id', 's.member_id')
    .innerJoin('org as b', 'b.id', 's.branch_id')
    .select(rowColumns)
    .where('s.quarter_id', '=', quarterId)
    .where('s.branch_id', 'in', subtree(db, orgId));
}

/** Every score of the subtree (the former whole-subtree board read; the board oracle test's reference). */
export function boardRows(db: DbOrTrx, quarterId: number, orgId: number) {
  return rowsUnder(db, quarterId, orgId).execute();
}

/**
 * The subtree's scores whose total lies in [low, high], with the members' and branches' names.
 * `byTotal`: read the whole quarter's scores of those totals by the (quarter, total) index and
 * keep the subtree's (one closure lookup each) — for a subtree holding a good part of those rows;
 * otherwise walk the subtree's orgs in the (quarter, branch, total) index.
 */
export function boardRowsBetween(
  db: DbOrTrx,
  quarterId: number,
  orgId: number,
  low: number,
  high: number,
  byTotal = false,
) {
  return (byTotal ? rowsByTotal : rowsOfSubtreeBetween)(db, quarterId, orgId, low, high);
}

const rowsOfSubtreeBetween = precompiled(
  4,
  (db, quarterId: number, orgId: number, low: number, high: number) =>
    rowsUnder(db, quarterId, orgId).where('s.total', '>=', low).where('s.total', '<=', high),
);

const rowsByTotal = precompiled(4, (db, quarterId: number, orgId: number, low: number, high: number) =>
  db
    .selectFrom('points_quarter_score as s')
    .innerJoin('member as m', 'm.id', 's.member_id')
    .innerJoin('org as b', 'b.id', 's.branch_id')
    .select(rowColumns)
    .where('s.quarter_id', '=', quarterId)
    .where('s.total', '>=', low)
    .where('s.total', '<=', high)
    .where(scoredUnder(orgId)),
);

/** How many of the quarter's scores in an org's subtree have a total in [low, high] (its stored histogram). */
export async function countBetween(db: DbOrTrx, quarterId: number, orgId: number, low: number, high: number) {
  const [r] = await countRows(db, quarterId, orgId, low, high);
  return Number(r?.n ?? 0);
}

const countRows = precompiled(4, (db, quarterId: number, orgId: number, low: number, high: number) =>
  db
    .selectFrom('points_board_total')
    .select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('quarter_id', '=', quarterId)
    .where('org_id', '=', orgId)
    .where('total', '>=', low)
    .where('total', '<=', high),
);

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
  return (
    db
      .selectFrom('points_quarter_score as s')
      .select(['s.member_id', 's.total'])
      .where('s.quarter_id', '=', quarterId)
      .where('s.member_id', 'in', memberIds)
      // Checked row by row: a page's few members are found by the key, whatever the subtree's size.
      .where(scoredUnder(orgId))
      .execute()
  );
}
