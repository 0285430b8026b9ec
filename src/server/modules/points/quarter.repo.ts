import { PostgresAdapter, type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { PointsQuarterScoreTable, PointsQuarterTable } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';

/**
 * Queries of the quarters (季度), their stored scores, and who a quarter scores (the orgs of a
 * scheme's tree and the members' branch history): no rules here, the services decide.
 */

export type QuarterRow = Selectable<PointsQuarterTable>;
export type QuarterScoreRow = Selectable<PointsQuarterScoreTable>;

export function quarterById(db: DbOrTrx, id: number): Promise<QuarterRow> {
  return db.selectFrom('points_quarter').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function findQuarter(db: DbOrTrx, schemeId: number, quarter: string): Promise<QuarterRow | undefined> {
  return db
    .selectFrom('points_quarter')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .where('quarter', '=', quarter)
    .executeTakeFirst();
}

/** The quarter row, created `open` on first use. */
export async function ensureQuarter(db: DbOrTrx, schemeId: number, quarter: string): Promise<QuarterRow> {
  const found = await findQuarter(db, schemeId, quarter);
  if (found) return found;
  await bumpDataVersion(db, 'points');
  return db
    .insertInto('points_quarter')
    .values({
      scheme_id: schemeId,
      quarter,
      state: 'open',
      version_id: null,
      closed_by: null,
      closed_at: null,
      published_by: null,
      published_at: null,
      published_on: null,
      computed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateQuarter(
  db: DbOrTrx,
  id: number,
  values: Partial<Omit<QuarterRow, 'id' | 'scheme_id' | 'quarter'>>,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  await db.updateTable('points_quarter').set(values).where('id', '=', id).execute();
}

export async function deleteScores(db: DbOrTrx, quarterId: number): Promise<void> {
  await bumpDataVersion(db, 'points');
  await db.deleteFrom('points_quarter_score').where('quarter_id', '=', quarterId).execute();
}

/**
 * The columns of a quarter score that differ between members, in the order of a {@link StagedScore};
 * the quarter, rule version and time are the same for all, the ranks come from the database.
 */
const stagedColumns = [
  ['member_id', 'bigint'],
  ['branch_id', 'bigint'],
  ['scope_org_id', 'bigint'],
  ['total', 'bigint'],
  ['bonus_political', 'bigint'],
  ['bonus_professional', 'bigint'],
  ['bonus_civility', 'bigint'],
  ['deductions', 'bigint'],
  ['has_veto', 'bigint'],
  ['explanation_json', 'text'],
] as const satisfies readonly (readonly [keyof PointsQuarterScoreTable, string])[];

/** One member's computed score as staged: the values of `stagedColumns`, in order. */
export type StagedScore = readonly [
  memberId: number,
  branchId: number,
  scopeOrgId: number,
  total: number,
  bonusPolitical: number,
  bonusProfessional: number,
  bonusCivility: number,
  deductions: number,
  hasVeto: 0 | 1,
  explanationJson: string,
];

/** Rows per JSON document handed to the database (a few megabytes at most). */
const STAGE_ROWS_PER_STATEMENT = 10_000;

const isPostgres = (db: DbOrTrx) => db.getExecutor().adapter instanceof PostgresAdapter;
const stageTable = (db: DbOrTrx) => (isPostgres(db) ? sql`close_score_stage` : sql`temp.close_score_stage`);

/**
 * The close's staging table: a quarter's scores as they are computed, a chunk of members at a
 * time, before they are ranked. Temporary (this connection's, inside the close's transaction),
 * without indexes, dropped by `storeStagedScores`.
 */
export async function createScoreStage(db: DbOrTrx): Promise<void> {
  const columns = sql.join(stagedColumns.map(([n, type]) => sql`${sql.ref(n)} ${sql.raw(type)} not null`));
  if (isPostgres(db)) {
    await sql`drop table if exists pg_temp.close_score_stage`.execute(db);
    await sql`create temporary table close_score_stage (${columns}) on commit drop`.execute(db);
  } else {
    await sql`drop table if exists temp.close_score_stage`.execute(db);
    await sql`create temp table close_score_stage (${columns})`.execute(db);
  }
}

/**
 * Adds scores to the staging table as JSON documents of arrays (one per row, no keys) that the
 * database unpacks by position: `json_each` on SQLite, `jsonb_array_elements` on PostgreSQL.
 */
export async function stageScores(db: DbOrTrx, rows: readonly StagedScore[]): Promise<void> {
  const pg = isPostgres(db);
  const target = sql.join(stagedColumns.map(([n]) => sql.ref(n)));
  for (let i = 0; i < rows.length; i += STAGE_ROWS_PER_STATEMENT) {
    const doc = JSON.stringify(rows.slice(i, i + STAGE_ROWS_PER_STATEMENT));
    if (pg) {
      const values = sql.join(
        stagedColumns.map(([, type], k) => sql`cast(x ->> ${sql.lit(k)} as ${sql.raw(type)})`),
      );
      await sql`insert into close_score_stage (${target})
        select ${values} from jsonb_array_elements(cast(${doc} as jsonb)) as x`.execute(db);
    } else {
      const values = sql.join(stagedColumns.map((_, k) => sql`value ->> ${sql.lit(k)}`));
      await sql`insert into temp.close_score_stage (${target})
        select ${values} from json_each(${doc})`.execute(db);
    }
  }
}

/**
 * Stores the staged scores of a quarter with their ranks in one `INSERT … SELECT`: competition
 * ranks (1, 2, 2, 4) by total, highest first, within the branch and within the ranking scope —
 * SQL's `rank()`, the domain's `competitionRank` — so every score row is written once, ranked,
 * in primary-key order. Drops the staging table.
 */
export async function storeStagedScores(
  db: DbOrTrx,
  quarterId: number,
  versionId: number,
  computedAt: string,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  const staged = sql.join(stagedColumns.map(([n]) => sql.ref(n)));
  await sql`insert into points_quarter_score (${staged}, quarter_id, version_id, computed_at,
      rank_in_branch, rank_in_scope)
    select ${staged}, ${quarterId}, ${versionId}, ${computedAt},
           rank() over (partition by branch_id order by total desc),
           rank() over (partition by scope_org_id order by total desc)
    from ${stageTable(db)} order by member_id`.execute(db);
  await sql`drop table ${stageTable(db)}`.execute(db);
}

export async function countScores(db: DbOrTrx, quarterId: number): Promise<number> {
  const r = await db
    .selectFrom('points_quarter_score')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('quarter_id', '=', quarterId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findScore(
  db: DbOrTrx,
  quarterId: number,
  memberId: number,
): Promise<QuarterScoreRow | undefined> {
  return db
    .selectFrom('points_quarter_score')
    .selectAll()
    .where('quarter_id', '=', quarterId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

export async function updateScore(
  db: DbOrTrx,
  quarterId: number,
  memberId: number,
  values: Partial<Omit<QuarterScoreRow, 'quarter_id' | 'member_id'>>,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  await db
    .updateTable('points_quarter_score')
    .set(values)
    .where('quarter_id', '=', quarterId)
    .where('member_id', '=', memberId)
    .execute();
}

/**
 * Re-ranks one branch or one ranking scope of a quarter in the database: competition ranks
 * (1, 2, 2, 4) by total, highest first — SQL's `rank()` — written only where a rank moved.
 */
export async function rerankIn(
  db: DbOrTrx,
  quarterId: number,
  column: 'branch_id' | 'scope_org_id',
  groupId: number,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  const rankCol = column === 'branch_id' ? 'rank_in_branch' : 'rank_in_scope';
  await sql`update points_quarter_score set ${sql.ref(rankCol)} = r.rk
    from (select member_id, rank() over (order by total desc) as rk from points_quarter_score
          where quarter_id = ${quarterId} and ${sql.ref(column)} = ${groupId}) as r
    where points_quarter_score.quarter_id = ${quarterId}
      and points_quarter_score.member_id = r.member_id
      and points_quarter_score.${sql.ref(rankCol)} <> r.rk`.execute(db);
}

/**
 * Moves the competition ranks of one branch or ranking scope after one member's total went from
 * `from` to `to`, touching only the rows whose rank changes. A rank is 1 + how many score more;
 * the member passing over (or falling below) the totals in [min(from, to), max(from, to)) is the
 * only change to those counts: each of those rows moves one rank down (the member rose) or up
 * (it fell), found by the (quarter, branch / scope, total) index; every other row keeps its rank.
 * The member's own rank is counted anew. Ranks stored as `rerankIn` would compute them before the
 * move stay so after it (rerank.test.ts holds the two to each other).
 */
export async function moveRank(
  db: DbOrTrx,
  quarterId: number,
  column: 'branch_id' | 'scope_org_id',
  groupId: number,
  memberId: number,
  from: number,
  to: number,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  if (from === to) return;
  const rankCol = column === 'branch_id' ? 'rank_in_branch' : 'rank_in_scope';
  await sql`update points_quarter_score set ${sql.ref(rankCol)} = ${sql.ref(rankCol)} + ${to > from ? 1 : -1}
    where quarter_id = ${quarterId} and ${sql.ref(column)} = ${groupId}
      and total >= ${Math.min(from, to)} and total < ${Math.max(from, to)} and member_id <> ${memberId}`.execute(
    db,
  );
  await sql`update points_quarter_score set ${sql.ref(rankCol)} = 1 + (
      select count(*) from points_quarter_score o
      where o.quarter_id = ${quarterId} and o.${sql.ref(column)} = ${groupId} and o.total > ${to})
    where quarter_id = ${quarterId} and member_id = ${memberId}`.execute(db);
}

/** The totals of a quarter's scores in an org's subtree. */
export function totalsUnder(db: DbOrTrx, quarterId: number, orgId: number) {
  return (
    db
      .selectFrom('points_quarter_score as s')
      .select(['s.member_id', 's.total'])
      .where('s.quarter_id', '=', quarterId)
      // IN (subtree) rather than a join: both planners then walk the (quarter, branch) index.
      .where(
        's.branch_id',
        'in',
        db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId),
      )
      .execute()
  );
}

/** Every (org, ancestor) pair of the root's tree, with the ancestor's kind and distance. */
export function orgAncestorsUnder(db: DbOrTrx, rootOrgId: number) {
  return db
    .selectFrom('org_closure as c')
    .innerJoin('org_closure as r', (j) =>
      j.onRef('r.descendant_id', '=', 'c.descendant_id').on('r.ancestor_id', '=', rootOrgId),
    )
    .innerJoin('org as a', 'a.id', 'c.ancestor_id')
    .innerJoin('org_closure as ra', (j) =>
      j.onRef('ra.descendant_id', '=', 'c.ancestor_id').on('ra.ancestor_id', '=', rootOrgId),
    )
    .select(['c.descendant_id', 'c.ancestor_id', 'c.depth', 'a.kind'])
    .execute();
}

/** A half-open range of member ids [from, to): the close reads a large scheme a range at a time. */
export interface MemberIdRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The branch history of the party members in branches of the root's tree, by member then date
 * (only the members of `range`, when given). With a range the history is walked by member id
 * (mbh_member_idx) and each row's branch checked in the closure: SQLite keeps the order of a
 * CROSS JOIN. Joined from the root's branches, it read every member's history for each range (a
 * province close read the 100,000 rows ten times).
 */
export function partyBranchHistoryUnder(db: DbOrTrx, rootOrgId: number, range?: MemberIdRange) {
  const columns = ['h.member_id', 'h.branch_id', 'h.from_date', 'h.to_date', 'h.id', 'm.join_date'] as const;
  if (range) {
    return db
      .selectFrom('member_branch_history as h')
      .crossJoin('member as m')
      .crossJoin('org_closure as c')
      .whereRef('m.id', '=', 'h.member_id')
      .whereRef('c.descendant_id', '=', 'h.branch_id')
      .where('c.ancestor_id', '=', rootOrgId)
      .select(columns)
      .where('m.is_party_member', '=', 1)
      .where('h.member_id', '>=', range.from)
      .where('h.member_id', '<', range.to)
      .orderBy('h.member_id')
      .orderBy('h.from_date')
      .orderBy('h.id')
      .execute();
  }
  return db
    .selectFrom('member_branch_history as h')
    .innerJoin('member as m', 'm.id', 'h.member_id')
    .innerJoin('org_closure as c', (j) =>
      j.onRef('c.descendant_id', '=', 'h.branch_id').on('c.ancestor_id', '=', rootOrgId),
    )
    .select(columns)
    .where('m.is_party_member', '=', 1)
    .orderBy('h.member_id')
    .orderBy('h.from_date')
    .orderBy('h.id')
    .execute();
}

/** The lowest and highest member id (0 and -1 when there is none). */
export async function memberIdBounds(db: DbOrTrx): Promise<{ lo: number; hi: number }> {
  const r = await db
    .selectFrom('member')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirst();
  return r?.lo == null ? { lo: 0, hi: -1 } : { lo: Number(r.lo), hi: Number(r.hi) };
}

/** The nearest org above (or equal to) both `a` and `b`, by the closure table's depth from `a`. */
export async function nearestCommonAncestor(db: DbOrTrx, a: number, b: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('org_closure as t')
    .innerJoin('org_closure as v', 'v.ancestor_id', 't.ancestor_id')
    .select('t.ancestor_id')
    .where('t.descendant_id', '=', a)
    .where('v.descendant_id', '=', b)
    .orderBy('t.depth')
    .limit(1)
    .executeTakeFirst();
  return row?.ancestor_id;
}

export async function memberBranch(db: DbOrTrx, memberId: number): Promise<number | null | undefined> {
  const m = await db.selectFrom('member').select('branch_id').where('id', '=', memberId).executeTakeFirst();
  return m?.branch_id;
}

export function memberName(db: DbOrTrx, memberId: number) {
  return db.selectFrom('member').select('name').where('id', '=', memberId).executeTakeFirstOrThrow();
}

export function orgName(db: DbOrTrx, orgId: number) {
  return db.selectFrom('org').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
}

export function memberWithBranch(db: DbOrTrx, memberId: number) {
  return db
    .selectFrom('member')
    .leftJoin('org as b', 'b.id', 'member.branch_id')
    .select(['member.id', 'member.name', 'member.branch_id', 'b.name as branch_name'])
    .where('member.id', '=', memberId)
    .executeTakeFirstOrThrow();
}

/** A member's scores in the published quarters of a scheme, by quarter. */
export function publishedScoresOf(db: DbOrTrx, schemeId: number, memberId: number) {
  return db
    .selectFrom('points_quarter as q')
    .innerJoin('points_quarter_score as s', 's.quarter_id', 'q.id')
    .select([
      'q.quarter',
      'q.state',
      'q.published_on',
      's.total',
      's.bonus_political',
      's.bonus_professional',
      's.bonus_civility',
      's.deductions',
      's.rank_in_branch',
      's.branch_id',
      'q.id as quarter_id',
    ])
    .where('q.scheme_id', '=', schemeId)
    .where('s.member_id', '=', memberId)
    .where('q.state', '=', 'published')
    .orderBy('q.quarter')
    .execute();
}

export async function countScoresInBranch(db: DbOrTrx, quarterId: number, branchId: number): Promise<number> {
  const r = await db
    .selectFrom('points_quarter_score')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('quarter_id', '=', quarterId)
    .where('branch_id', '=', branchId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function memberNames(db: DbOrTrx, memberIds: readonly number[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('member as m')
    .select(['m.id', 'm.name', 'm.employee_no'])
    .where('m.id', 'in', [...memberIds])
    .execute();
}

export function orgNames(db: DbOrTrx, orgIds: readonly number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('id', 'in', [...orgIds])
    .execute();
}

export function findQuarterState(db: DbOrTrx, schemeId: number, quarter: string) {
  return db
    .selectFrom('points_quarter')
    .select('state')
    .where('scheme_id', '=', schemeId)
    .where('quarter', '=', quarter)
    .executeTakeFirst();
}

/** A branch and the party orgs above it, nearest first: the orgs a member of the branch belongs to. */
export function orgsAbove(db: DbOrTrx, branchId: number) {
  return db
    .selectFrom('org_closure as c')
    .innerJoin('org', 'org.id', 'c.ancestor_id')
    .select(['org.id', 'org.name', 'org.code'])
    .where('c.descendant_id', '=', branchId)
    .where('org.tree', '=', 'party')
    .orderBy('c.depth')
    .execute();
}

/** An item of the scheme as the close's statement counts it (see {@link memberTotalsOfQuarter}). */
export interface CountedItem {
  readonly code: string;
  readonly dimension: string;
  readonly direction: 'bonus' | 'deduction';
  readonly quarterCap: { readonly kind: 'count' | 'points'; readonly value: number } | null;
}

/** One member's approved entries of a quarter, counted by the database for the close. */
export interface MemberTotalsRow {
  member_id: number;
  /** Approved entries, cancelled ones and cancellations included (the score's inputs). */
  n: number | string;
  last_id: number | string;
  /** Counted points (after each item's cap) of the bonus items per dimension, and of the deductions. */
  political: number | string;
  professional: number | string;
  civility: number | string;
  deductions: number | string;
  /**
   * The items whose count cap the units in force pass (their counted points depend on the order
   * of their entries, left to the server), `|`-separated, each `k raw units=date id quantity points;…`
   * with `k` the item's position in the list given; null if none.
   */
  passed: string | null;
  /** Ids of in-force entries of veto items, comma-separated; null if none. */
  veto_ids: string | null;
  /** Codes of entries' items the list does not hold, comma-separated; null if none. */
  unknown: string | null;
}

/**
 * A quarter's approved entries counted per member in one pass over the quarter's index range:
 * each member's entries summed per item (counts and last id of every approved entry; points and
 * units of those in force), each item's sum counted under its quarter cap — none: all of it;
 * points cap C: min(Σ, C); count cap N: all of it while the units in force are at most N — and
 * the counted points summed per bonus dimension and for the deductions, so the server reads one
 * row per member. Only an item whose count cap is passed brings its in-force entries back
 * (`passed`: a count cap consumes them in date order, see `countedOfItem`), and only veto items
 * their ids (`vetoItems`).
 *
 * An entry is in force unless it is a cancellation or an approved adjustment cancels it. With
 * `members`, those members only, each entry checked for a cancelling adjustment (through the
 * partial index of cancellations); without, every member of the quarter (or of `range`) with
 * no such check: the caller passes the few members owning a cancelled entry
 * ({@link membersWithCancelledEntries}) separately, so the pass over millions of entries joins
 * nothing.
 */
export async function memberTotalsOfQuarter(
  db: DbOrTrx,
  schemeId: number,
  quarter: string,
  items: readonly CountedItem[],
  vetoItems: readonly string[],
  range?: MemberIdRange,
  members?: readonly number[],
): Promise<MemberTotalsRow[]> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const agg = (x: ReturnType<typeof sql>, sep: string) =>
    pg ? sql`string_agg(${x}, ${sql.lit(sep)})` : sql`group_concat(${x}, ${sql.lit(sep)})`;
  const codes = (list: readonly string[]) => sql.join([...list]);
  const whole = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number: ${n}`);
    return sql.lit(n);
  };
  const countCapped = items.filter((i) => i.quarterCap?.kind === 'count').map((i) => i.code);
  const ordered = countCapped.length
    ? agg(
        sql`case when f = 1 and item_code in (${codes(countCapped)}) then occurred_on || ' ' || cast(id as text) || ' ' || cast(quantity as text) || ' ' || cast(points as text) end`,
        ';',
      )
    : sql`null`;
  const veto = vetoItems.length
    ? agg(sql`case when f = 1 and item_code in (${codes(vetoItems)}) then cast(id as text) end`, ',')
    : sql`null`;
  const inForce = members
    ? sql`case when e.revokes_entry_id is null and a.id is null then 1 else 0 end`
    : sql`case when e.revokes_entry_id is null then 1 else 0 end`;
  // The approved adjustment cancelling the entry, if any (at most one: the domain refuses a
  // second), found through the partial index of cancellations.
  const cancelling = members
    ? sql`left join points_entry a on a.revokes_entry_id = e.id and a.state = 'approved'`
    : sql``;
  const least = pg ? sql`least` : sql`min`;
  // An item's counted points from its sums (null when its count cap is passed: the server
  // counts those), by item code — no join, so the member's rows stay in the order of the pass.
  const countedBy = (of: (item: CountedItem) => boolean) => {
    const whens = items.flatMap((item) => {
      if (!of(item)) return [];
      const cap = item.quarterCap;
      const counted =
        cap === null
          ? sql`x.raw`
          : cap.kind === 'points'
            ? sql`${least}(x.raw, ${whole(cap.value)})`
            : sql`case when x.units > ${whole(cap.value)} then 0 else x.raw end`;
      return [sql`when ${item.code} then ${counted}`];
    });
    return whens.length ? sql`sum(case x.item_code ${sql.join(whens, sql` `)} else 0 end)` : sql`0`;
  };
  const passedWhens = items.flatMap((item, k) =>
    item.quarterCap?.kind === 'count'
      ? [
          sql`when ${item.code} then case when x.units > ${whole(item.quarterCap.value)}
              then cast(${whole(k)} as text) || ' ' || cast(x.raw as text) || ' ' || cast(x.units as text) || '=' || x.ordered end`,
        ]
      : [],
  );
  const passed = passedWhens.length
    ? agg(sql`case x.item_code ${sql.join(passedWhens, sql` `)} end`, '|')
    : sql`null`;
  const unknown = items.length
    ? agg(sql`case when x.item_code not in (${codes(items.map((i) => i.code))}) then x.item_code end`, ',')
    : agg(sql`x.item_code`, ',');
  const { rows } = await sql<MemberTotalsRow>`
    select x.member_id, sum(x.n) as n, max(x.last_id) as last_id,
           ${countedBy((i) => i.direction === 'bonus' && i.dimension === 'political')} as political,
           ${countedBy((i) => i.direction === 'bonus' && i.dimension === 'professional')} as professional,
           ${countedBy((i) => i.direction === 'bonus' && i.dimension === 'civility')} as civility,
           ${countedBy((i) => i.direction === 'deduction')} as deductions,
           ${passed} as passed, ${agg(sql`x.veto_ids`, ',')} as veto_ids, ${unknown} as unknown
    from (select member_id, item_code, count(*) as n, max(id) as last_id,
                 sum(case when f = 1 then points else 0 end) as raw,
                 sum(case when f = 1 then quantity else 0 end) as units,
                 ${ordered} as ordered, ${veto} as veto_ids
          from (select e.id, e.member_id, e.item_code, e.occurred_on, e.quantity, e.points, ${inForce} as f
                from points_entry e
                ${cancelling}
                where e.scheme_id = ${schemeId} and e.quarter = ${quarter} and e.state = 'approved'
                  ${range ? sql`and e.member_id >= ${range.from} and e.member_id < ${range.to}` : sql``}
                  ${members ? sql`and e.member_id in (${sql.join(members.length ? [...members] : [-1])})` : sql``}) as y
          group by member_id, item_code) as x
    group by x.member_id`.execute(db);
  return rows;
}

/**
 * The members (of `range`, if given) owning an approved entry of the quarter that an approved
 * adjustment cancels: read from the partial index of cancellations, which holds only the few
 * cancelling adjustments of every scheme, each cancelled entry then found by its id. SQLite keeps
 * the order of a CROSS JOIN, and the adjustment's state is compared as an expression so that it
 * does not choose the state index over the partial one. Joined the other way, it walked the
 * range's 250,000 entries at province scale and looked each one up: 0.6 s for the ten ranges of a
 * province close under load, now a few milliseconds.
 */
export async function membersWithCancelledEntries(
  db: DbOrTrx,
  schemeId: number,
  quarter: string,
  range?: MemberIdRange,
): Promise<number[]> {
  let q = db
    .selectFrom('points_entry as a')
    .crossJoin('points_entry as e')
    .whereRef('e.id', '=', 'a.revokes_entry_id')
    .select('e.member_id')
    .distinct()
    .where('a.revokes_entry_id', 'is not', null)
    .where(sql`a.state || ''`, '=', 'approved')
    .where('e.scheme_id', '=', schemeId)
    .where('e.quarter', '=', quarter)
    .where('e.state', '=', 'approved');
  if (range) q = q.where('e.member_id', '>=', range.from).where('e.member_id', '<', range.to);
  return (await q.execute()).map((r) => Number(r.member_id));
}
