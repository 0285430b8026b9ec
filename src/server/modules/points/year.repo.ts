import { type Insertable, PostgresAdapter, type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { PointsActionTable, PointsYearResultTable, PointsYearTable } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/**
 * Queries of the year tiers (年度总评) and their rewards and penalties (奖惩): no rules here,
 * the services decide.
 */

export type YearRow = Selectable<PointsYearTable>;
export type YearResultRow = Selectable<PointsYearResultTable>;

const INSERT_BATCH = 500;

export function findYear(db: DbOrTrx, schemeId: number): Promise<YearRow | undefined> {
  return db.selectFrom('points_year').selectAll().where('scheme_id', '=', schemeId).executeTakeFirst();
}

/** The year row of a scheme, created in `draft` on first use. */
export async function ensureYear(db: DbOrTrx, schemeId: number, at: string): Promise<YearRow> {
  const found = await findYear(db, schemeId);
  if (found) return found;
  await bumpDataVersion(db, 'points');
  return db
    .insertInto('points_year')
    .values({
      scheme_id: schemeId,
      state: 'draft',
      version_id: null,
      computed_at: null,
      published_at: null,
      published_on: null,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Moves the year from `from` to another state; false when someone else moved it first (the
 * condition on the old state makes two concurrent publications publish once).
 */
export async function updateYearFrom(
  db: DbOrTrx,
  yearId: number,
  from: YearRow['state'],
  values: Partial<Omit<YearRow, 'id' | 'scheme_id'>>,
): Promise<boolean> {
  await bumpDataVersion(db, 'points');
  const r = await db
    .updateTable('points_year')
    .set(values)
    .where('id', '=', yearId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function quarterRowsOfScheme(db: DbOrTrx, schemeId: number) {
  return db.selectFrom('points_quarter').selectAll().where('scheme_id', '=', schemeId).execute();
}

/**
 * Every stored quarter score of a scheme, light columns only; the explanation (for its veto
 * entry ids) is read only where the score carries a veto.
 */
export function quarterScoresOfScheme(db: DbOrTrx, schemeId: number, memberIds?: readonly number[]) {
  let q = db
    .selectFrom('points_quarter_score as s')
    .innerJoin('points_quarter as q', 'q.id', 's.quarter_id')
    .select([
      'q.quarter',
      's.member_id',
      's.branch_id',
      's.scope_org_id',
      's.total',
      's.has_veto',
      's.version_id',
    ])
    .where('q.scheme_id', '=', schemeId);
  if (memberIds) q = q.where('s.member_id', 'in', memberIds.length ? [...memberIds] : [-1]);
  return q.execute();
}

/** One member's quarters of a year as the database pivots them (see `yearInputRowsOfScheme`). */
export interface YearInputRow {
  member_id: number;
  t1: number | null;
  t2: number | null;
  t3: number | null;
  t4: number | null;
  v1: number | null;
  v2: number | null;
  v3: number | null;
  v4: number | null;
  /** Branch and stored scope of the member's last scored quarter of the four. */
  branch_id: number;
  scope_org_id: number;
  /** The stored inputs (`explanation_json`) of the member's scores that carry a veto, one per line; null if none. */
  veto: string | null;
}

/** Member and org ids stay below 2^32: a quarter's ordinal times this, plus an id, orders by quarter first. */
const QUARTER_WEIGHT = 4_294_967_296;

/**
 * Every member's stored quarter scores of the year's four quarters (`quarterIds`, in order; null
 * for a quarter without a row), one row per member scored in one of them: the totals and version
 * ids per quarter side by side, the branch and scope of the last quarter the member was scored
 * in, and the stored inputs of the scheme's scores carrying a veto (for their entry ids), those
 * of the scheme's other quarters (`otherQuarterIds`) included. One pass of the four quarters'
 * scores by their `quarter_id` index, pivoted on whole numbers by the database: the server reads
 * a row per member, not one per member and quarter, and no second query looks for vetoes.
 */
export async function yearInputRowsOfScheme(
  db: DbOrTrx,
  quarterIds: readonly (number | null)[],
  otherQuarterIds: readonly number[],
  memberIds?: readonly number[],
): Promise<YearInputRow[]> {
  const ids = quarterIds.map((id) => id ?? -1);
  if (ids.every((id) => id === -1)) return [];
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const members = memberIds
    ? sql`and s.member_id in (${sql.join((memberIds.length ? memberIds : [-1]).map((id) => sql`${id}`))})`
    : sql``;
  const pivot = (column: 'total' | 'version_id') =>
    ids.map(
      (id, i) =>
        sql`max(case when s.quarter_id = ${id} then s.${sql.ref(column)} end) as ${sql.ref(`${column === 'total' ? 't' : 'v'}${i + 1}`)}`,
    );
  const ordinal = sql`(case s.quarter_id ${sql.join(
    ids.map((id, i) => sql`when ${id} then ${sql.lit(i + 1)}`),
    sql` `,
  )} end)`;
  // The last scored quarter's branch and scope ride on the largest `ordinal × 2^32 + id`.
  const last = (column: 'branch_id' | 'scope_org_id') =>
    sql`max(${ordinal} * ${sql.lit(QUARTER_WEIGHT)} + s.${sql.ref(column)})`;
  const vetoText = sql`case when s.has_veto = 1 then s.explanation_json end`;
  const veto = pg ? sql`string_agg(${vetoText}, chr(10))` : sql`group_concat(${vetoText}, char(10))`;
  const { rows } = await sql<
    Omit<YearInputRow, 'branch_id' | 'scope_org_id'> & {
      last_branch: number | string;
      last_scope: number | string;
    }
  >`
    select s.member_id, ${sql.join([...pivot('total'), ...pivot('version_id')])},
           ${last('branch_id')} as last_branch, ${last('scope_org_id')} as last_scope, ${veto} as veto
    from points_quarter_score s
    where s.quarter_id in (${sql.join([...ids, ...otherQuarterIds])}) ${members}
    group by s.member_id
    having max(${ordinal}) is not null`.execute(db);
  return rows.map(({ last_branch, last_scope, ...r }) => ({
    ...r,
    branch_id: Number(last_branch) % QUARTER_WEIGHT,
    scope_org_id: Number(last_scope) % QUARTER_WEIGHT,
  }));
}

/** The numbers of the scheme's tier rule and flags that the database grades with. */
export interface YearGradingRules {
  kind: 'quota' | 'threshold';
  /** Quota: percentages of the scope; threshold: minimum annual scores (hundredths). */
  benchmark: number;
  excellent: number;
  good: number;
  warningBelow: number;
  minQuartersForUnflagged: number;
}

/**
 * Grades the year in the database and stores the results (replacing the year's previous ones):
 * the same arithmetic as the domain's `annualScore`, `assignTiers` and `competitionRank`, over one
 * pass of the four quarters' scores (`quarterIds`; vetoes also from `otherQuarterIds`, the
 * scheme's other quarters):
 * - annual score: the mean of the present quarters rounded half-up, ⌊(2·Σ + k) / 2k⌋;
 * - scope: the ranking scope of the last scored quarter's branch (`scopes`, org → scope, from the
 *   scheme's tree), else the scope that quarter stored;
 * - warning for a veto, then for a score below the warning line; every other member's c is how
 *   many non-warning members of the scope score at least as much (`count(*)` over the scope in
 *   score order, ties included), its tier by the quota ⌊p·n/100⌋ or by the thresholds;
 * - rank in the scope: `rank()` by annual score.
 * Rows are written in primary-key order. Nothing per member comes back to the server.
 */
export async function gradeYearInDatabase(
  db: DbOrTrx,
  yearId: number,
  quarterIds: readonly (number | null)[],
  otherQuarterIds: readonly number[],
  scopes: readonly (readonly [number, number])[],
  rules: YearGradingRules,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  await db.deleteFrom('points_year_result').where('year_id', '=', yearId).execute();
  const ids = quarterIds.map((id) => id ?? -1);
  if (ids.every((id) => id === -1)) return;
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const W = sql.lit(QUARTER_WEIGHT);
  const ordinal = sql`(case s.quarter_id ${sql.join(
    ids.map((id, i) => sql`when ${sql.lit(id)} then ${sql.lit(i + 1)}`),
    sql` `,
  )} end)`;
  const four = sql.join(ids.map((id) => sql.lit(id)));
  const vetoIds = pg
    ? sql`json_array_length(cast(s.explanation_json as json) -> 'vetoEntryIds')`
    : sql`json_array_length(s.explanation_json, '$.vetoEntryIds')`;
  const scopeRows = pg
    ? sql`select cast(x ->> 0 as bigint) as org_id, cast(x ->> 1 as bigint) as scope
          from jsonb_array_elements(cast(${JSON.stringify(scopes)} as jsonb)) as x`
    : sql`select value ->> '$[0]' as org_id, value ->> '$[1]' as scope from json_each(${JSON.stringify(scopes)})`;
  const lit = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number: ${n}`);
    return sql.lit(n);
  };
  const limit = (percent: number) => sql`(${lit(percent)} * n) / 100`;
  const tier =
    rules.kind === 'quota'
      ? sql`case when c <= ${limit(rules.benchmark)} then 'benchmark'
                 when c <= ${limit(rules.excellent)} then 'excellent'
                 when c <= ${limit(rules.good)} then 'good' else 'qualified' end`
      : sql`case when annual >= ${lit(rules.benchmark)} then 'benchmark'
                 when annual >= ${lit(rules.excellent)} then 'excellent'
                 when annual >= ${lit(rules.good)} then 'good' else 'qualified' end`;
  await sql`with scope_of as materialized (${scopeRows}),
    inputs as (
      select s.member_id,
             count(case when s.quarter_id in (${four}) then 1 end) as present,
             sum(case when s.quarter_id in (${four}) then s.total else 0 end) as total_sum,
             max(${ordinal} * ${W} + s.branch_id) as last_branch,
             max(${ordinal} * ${W} + s.scope_org_id) as last_scope,
             max(case when s.has_veto = 1 then case when ${vetoIds} > 0 then 1 else 0 end else 0 end) as veto
      from points_quarter_score s
      where s.quarter_id in (${sql.join([...ids, ...otherQuarterIds].map((id) => sql.lit(id)))})
      group by s.member_id
      having max(${ordinal}) is not null),
    placed as (
      select i.member_id, i.present, i.veto, i.last_branch % ${W} as branch_id,
             coalesce(m.scope, i.last_scope % ${W}) as scope_org_id,
             (2 * i.total_sum + i.present) / (2 * i.present) as annual
      from inputs i left join scope_of m on m.org_id = i.last_branch % ${W}),
    warned as (
      select p.*, case when p.veto = 1 then 'veto' when p.annual < ${lit(rules.warningBelow)} then 'below_warning' end as warning
      from placed p),
    counted as (
      select w.*,
             count(*) over (partition by w.scope_org_id) as n,
             rank() over (partition by w.scope_org_id order by w.annual desc) as rank_in_scope,
             case when w.warning is null
                  then count(*) over (partition by w.scope_org_id, w.warning is null order by w.annual desc) end as c
      from warned w)
    insert into points_year_result (year_id, member_id, branch_id, scope_org_id, annual_score,
      quarters_present, flagged, has_veto, tier, reason, c, n, rank_in_scope)
    select ${lit(yearId)}, member_id, branch_id, scope_org_id, annual, present,
           case when present < ${lit(rules.minQuartersForUnflagged)} then 1 else 0 end, veto,
           case when warning is null then ${tier} else 'warning' end,
           coalesce(warning, ${sql.lit(rules.kind === 'quota' ? 'quota' : 'threshold')}), c, n, rank_in_scope
    from counted order by member_id`.execute(db);
}

/** How many results of the year hold each tier and flag. */
export async function yearResultCounts(db: DbOrTrx, yearId: number) {
  const rows = await db
    .selectFrom('points_year_result')
    .select((eb) => ['tier', 'flagged', eb.fn.countAll<number>().as('n')])
    .where('year_id', '=', yearId)
    .groupBy(['tier', 'flagged'])
    .execute();
  return rows.map((r) => ({ tier: r.tier, flagged: Number(r.flagged), n: Number(r.n) }));
}

export function vetoExplanationsOfScheme(db: DbOrTrx, schemeId: number) {
  return db
    .selectFrom('points_quarter_score as s')
    .innerJoin('points_quarter as q', 'q.id', 's.quarter_id')
    .select(['q.quarter', 's.member_id', 's.explanation_json'])
    .where('q.scheme_id', '=', schemeId)
    .where('s.has_veto', '=', 1)
    .execute();
}

export function yearResults(db: DbOrTrx, yearId: number): Promise<YearResultRow[]> {
  return db.selectFrom('points_year_result').selectAll().where('year_id', '=', yearId).execute();
}

/** What the staleness check compares of each stored result: its annual score and veto flag. */
export function yearResultStates(db: DbOrTrx, yearId: number) {
  return db
    .selectFrom('points_year_result')
    .select(['member_id', 'annual_score', 'has_veto'])
    .where('year_id', '=', yearId)
    .execute();
}

/** How many results of the year each tier holds, counted by the database. */
export async function yearTierCounts(db: DbOrTrx, yearId: number): Promise<{ tier: string; n: number }[]> {
  const rows = await db
    .selectFrom('points_year_result')
    .select((eb) => ['tier', eb.fn.countAll<number>().as('n')])
    .where('year_id', '=', yearId)
    .groupBy('tier')
    .execute();
  return rows.map((r) => ({ tier: r.tier, n: Number(r.n) }));
}

export interface YearResultFilter {
  yearId: number;
  subtree: OrgIdSubquery;
  tier?: string | undefined;
  flagged?: boolean | undefined;
  memberId?: number | undefined;
}

function filteredResults(db: DbOrTrx, f: YearResultFilter) {
  let q = db
    .selectFrom('points_year_result as r')
    .where('r.year_id', '=', f.yearId)
    .where('r.branch_id', 'in', f.subtree);
  if (f.tier) q = q.where('r.tier', '=', f.tier);
  if (f.flagged !== undefined) q = q.where('r.flagged', '=', f.flagged ? 1 : 0);
  if (f.memberId !== undefined) q = q.where('r.member_id', '=', f.memberId);
  return q;
}

/**
 * How many results of the subtree each (scope, tier) holds, with the scope's name and n: the
 * distribution and the scopes' quotas, counted by the database (one row per scope and tier, not
 * per member). Scopes come in the order of their lowest member id.
 */
export async function resultSummaries(db: DbOrTrx, f: YearResultFilter) {
  const rows = await filteredResults(db, f)
    .innerJoin('org as sc', 'sc.id', 'r.scope_org_id')
    .select((eb) => [
      'r.scope_org_id',
      'sc.name as scope_name',
      'r.tier',
      'r.n',
      eb.fn.countAll<number>().as('count'),
      eb.fn.min('r.member_id').as('first_member'),
    ])
    .groupBy(['r.scope_org_id', 'sc.name', 'r.tier', 'r.n'])
    .execute();
  const first = new Map<number, number>();
  for (const r of rows)
    first.set(r.scope_org_id, Math.min(first.get(r.scope_org_id) ?? Infinity, Number(r.first_member)));
  return rows
    .map((r) => ({ ...r, count: Number(r.count) }))
    .sort(
      (a, b) =>
        (first.get(a.scope_org_id) ?? 0) - (first.get(b.scope_org_id) ?? 0) ||
        Number(a.first_member) - Number(b.first_member),
    );
}

export async function countResults(db: DbOrTrx, f: YearResultFilter): Promise<number> {
  const r = await filteredResults(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Results with names, by scope, rank in it, then employee number; `limit` null = every row. */
export function listResults(db: DbOrTrx, f: YearResultFilter, limit: number | null, offset: number) {
  let q = filteredResults(db, f)
    .innerJoin('member as m', 'm.id', 'r.member_id')
    .innerJoin('org as b', 'b.id', 'r.branch_id')
    .innerJoin('org as sc', 'sc.id', 'r.scope_org_id')
    .selectAll('r')
    .select(['m.name', 'm.employee_no', 'b.name as branch_name', 'sc.name as scope_name'])
    .orderBy('sc.sort_order')
    .orderBy('r.scope_org_id')
    .orderBy('r.rank_in_scope')
    .orderBy('m.employee_no');
  if (limit !== null) q = q.limit(limit).offset(offset);
  return q.execute();
}

/**
 * The members of `listResults` without a limit, in its order, and nothing else: a whole list's
 * order, kept per data version and cut into pages (`resultsOfMembers` reads a page's rows).
 */
export async function listResultMembers(db: DbOrTrx, f: YearResultFilter): Promise<number[]> {
  const rows = await filteredResults(db, f)
    .innerJoin('member as m', 'm.id', 'r.member_id')
    .innerJoin('org as b', 'b.id', 'r.branch_id')
    .innerJoin('org as sc', 'sc.id', 'r.scope_org_id')
    .select('r.member_id')
    .orderBy('sc.sort_order')
    .orderBy('r.scope_org_id')
    .orderBy('r.rank_in_scope')
    .orderBy('m.employee_no')
    .execute();
  return rows.map((r) => r.member_id);
}

/** The rows `listResults` gives for some members of a year (its primary key), in the order of `memberIds`. */
export async function resultsOfMembers(db: DbOrTrx, yearId: number, memberIds: readonly number[]) {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom('points_year_result as r')
    .innerJoin('member as m', 'm.id', 'r.member_id')
    .innerJoin('org as b', 'b.id', 'r.branch_id')
    .innerJoin('org as sc', 'sc.id', 'r.scope_org_id')
    .selectAll('r')
    .select(['m.name', 'm.employee_no', 'b.name as branch_name', 'sc.name as scope_name'])
    .where('r.year_id', '=', yearId)
    .where('r.member_id', 'in', [...memberIds])
    .execute();
  const byMember = new Map(rows.map((r) => [r.member_id, r]));
  return memberIds.flatMap((id) => {
    const r = byMember.get(id);
    return r ? [r] : [];
  });
}

/** Users holding `secretary` exactly at each branch, lowest user id first: the default owners of 奖惩. */
export async function secretariesByBranch(db: DbOrTrx): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select(['g.org_id', 'g.user_id'])
    .where('g.role', '=', 'secretary')
    .where('u.active', '=', 1)
    .orderBy('g.user_id')
    .execute();
  const first = new Map<number, number>();
  for (const r of rows) if (!first.has(r.org_id)) first.set(r.org_id, r.user_id);
  return first;
}

export async function insertActions(db: DbOrTrx, rows: Insertable<PointsActionTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db
      .insertInto('points_action')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
  }
}

export interface ActionFilter {
  scope: OrgIdSubquery;
  subtree?: OrgIdSubquery | undefined;
  schemeId?: number | undefined;
  tier?: string | undefined;
  status?: 'open' | 'done' | 'overdue' | undefined;
  today: string;
}

function filteredActions(db: DbOrTrx, f: ActionFilter) {
  let q = db
    .selectFrom('points_action as a')
    .innerJoin('points_year as y', 'y.id', 'a.year_id')
    .where('a.branch_id', 'in', f.scope);
  if (f.subtree) q = q.where('a.branch_id', 'in', f.subtree);
  if (f.schemeId) q = q.where('y.scheme_id', '=', f.schemeId);
  if (f.tier) q = q.where('a.tier', '=', f.tier);
  if (f.status === 'done') q = q.where('a.done_at', 'is not', null);
  // The filters match the status each row shows: `open` is neither done nor past due.
  if (f.status === 'open')
    q = q
      .where('a.done_at', 'is', null)
      .where((eb) => eb.or([eb('a.due_on', 'is', null), eb('a.due_on', '>=', f.today)]));
  if (f.status === 'overdue') q = q.where('a.done_at', 'is', null).where('a.due_on', '<', f.today);
  return q;
}

export async function countActions(db: DbOrTrx, f: ActionFilter): Promise<number> {
  const r = await filteredActions(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const actionColumns = (db: DbOrTrx, f: ActionFilter) =>
  filteredActions(db, f)
    .innerJoin('points_scheme as s', 's.id', 'y.scheme_id')
    .innerJoin('member as m', 'm.id', 'a.member_id')
    .innerJoin('org as b', 'b.id', 'a.branch_id')
    .leftJoin('app_user as o', 'o.id', 'a.owner_user_id')
    .leftJoin('app_user as d', 'd.id', 'a.done_by')
    .selectAll('a')
    .select([
      's.id as scheme_id',
      's.year',
      'm.name as member_name',
      'm.employee_no',
      'b.name as branch_name',
      'o.display_name as owner_name',
      'd.account as done_by_account',
    ]);

/** Open actions first, by due date (no deadline last), then by branch and member. */
export function listActions(db: DbOrTrx, f: ActionFilter, limit: number, offset: number) {
  return actionColumns(db, f)
    .orderBy((eb) => eb.case().when('a.done_at', 'is', null).then(0).else(1).end())
    .orderBy((eb) => eb.case().when('a.due_on', 'is', null).then(1).else(0).end())
    .orderBy('a.due_on')
    .orderBy('b.name')
    .orderBy('m.employee_no')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export type ActionListRow = Awaited<ReturnType<typeof listActions>>[number];

export function findAction(db: DbOrTrx, id: number) {
  return db.selectFrom('points_action').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks an action done unless someone already did (false then). */
export async function completeAction(
  db: DbOrTrx,
  id: number,
  values: { done_at: string; done_by: number; done_note: string },
): Promise<boolean> {
  const r = await db
    .updateTable('points_action')
    .set(values)
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** One action with the names of the list, whatever the viewer's scope (the service checks it). */
export function actionById(db: DbOrTrx, id: number, scope: OrgIdSubquery, today: string) {
  return actionColumns(db, { scope, today }).where('a.id', '=', id).executeTakeFirst();
}
