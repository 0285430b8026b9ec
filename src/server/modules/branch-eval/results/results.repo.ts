/**
 * Queries of the results: month scores, indicator ranks, rankings and boards, grade rules,
 * rectifications, corrections and result versions. Kysely only, no business rules;
 * every list query here is served by an index of migration 0004, 0005 or 0006 (named beside it).
 */
import { type Insertable, PostgresAdapter, type Selectable, sql, type Updateable } from 'kysely';
import { insertRowsAsJson } from '../../../../db/bulk.repo.js';
import type { DbOrTrx } from '../../../../db/kysely.js';
import type {
  BeCorrectionItemTable,
  BeCorrectionTable,
  BeGradeRuleTable,
  BeMonthScoreTable,
  BeResultVersionTable,
} from '../../../../db/types.js';
import { bumpDataVersion } from '../../../lib/data-version.js';
import type { OrgScopeFilter } from '../../../lib/permissions.js';
import { chunked, count, type SubtreeIds } from '../branch-eval.repo.js';

export type MonthScoreRow = Selectable<BeMonthScoreTable>;

// ── results (be_month_score_rank_idx / _branch_idx, be_indicator_rank_page_idx) ───────────

/** A score as the approval writes it; a correction's new version also gives its corrected mark. */
export type MonthScoreInsert = Insertable<BeMonthScoreTable>;

/** Score rows per INSERT: 19 columns × 500 = 9,500 bound parameters, within both databases' limits. */
const SCORES_PER_INSERT = 500;

/**
 * A month's scores in multi-row INSERTs of bound values, a dozen statements for a round of 6,000
 * branches. Not one JSON document as the other bulk writes: a score row carries its explanation's
 * inputs (≈ 1 KB of JSON text), and SQLite parses a document's row again for each of the 19
 * columns it extracts, which made the document three times slower than bound values here (and
 * no faster on PostgreSQL).
 */
export async function insertMonthScores(db: DbOrTrx, rows: readonly MonthScoreInsert[]) {
  await bumpDataVersion(db, 'branch_eval');
  for (let i = 0; i < rows.length; i += SCORES_PER_INSERT) {
    await db
      .insertInto('be_month_score')
      .values(
        rows.slice(i, i + SCORES_PER_INSERT).map((r) => ({
          ...r,
          correction_count: r.correction_count ?? 0,
          corrected_at: r.corrected_at ?? null,
        })),
      )
      .execute();
  }
}

export type IndicatorRankInsert = {
  readonly month_id: number;
  readonly code: string;
  readonly branch_id: number;
  readonly score: number;
  readonly rank: number;
  readonly prev_rank: number | null;
  readonly movement: number | null;
};

export async function insertIndicatorRanks(db: DbOrTrx, rows: readonly IndicatorRankInsert[]) {
  await bumpDataVersion(db, 'branch_eval');
  await insertRowsAsJson(
    db,
    'be_indicator_rank',
    {
      month_id: 'integer',
      code: 'text',
      branch_id: 'integer',
      score: 'integer',
      rank: 'integer',
      prev_rank: 'integer',
      movement: 'integer',
    },
    rows,
  );
}

/** One branch's rounded score of one indicator, as the approval ranks it; `ord`: the indicator's ranking order. */
export interface IndicatorScoreRow {
  readonly branchId: number;
  readonly code: string;
  readonly score: number;
  readonly ord: number;
}

/**
 * A month's rankings by indicator, ranked and written by the database in one statement: the
 * competition rank of each score among the month's scores of the same indicator (`rank()`: equal
 * scores share a rank, the next is skipped), last month's rank of the same branch and indicator
 * from `prevMonthId`'s stored ranks (be_indicator_rank_pk; null: none) and the movement (last
 * month's rank − this one, null without one) — what `rankByIndicator` gives over the same scores,
 * without reading last month's ranks into the server. Rows are written ranking by ranking in
 * `ord`, by rank, ties by branch, the order `rankByIndicator` lists them in. The scores travel as
 * one parameter (a JSON array of arrays on SQLite, four arrays on PostgreSQL).
 */
export async function insertIndicatorRanksRanked(
  db: DbOrTrx,
  monthId: number,
  prevMonthId: number | null,
  rows: readonly IndicatorScoreRow[],
) {
  if (rows.length === 0) return;
  await bumpDataVersion(db, 'branch_eval');
  const prev = prevMonthId ?? -1;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`insert into be_indicator_rank (month_id, code, branch_id, score, rank, prev_rank, movement)
      select ${monthId}, x.code, x.branch_id, x.score, x.rnk, p.rank, p.rank - x.rnk
      from (
        select u.branch_id, u.code, u.score, u.ord,
               rank() over (partition by u.code order by u.score desc) as rnk
        from unnest(cast(${rows.map((r) => r.branchId)} as integer[]), cast(${rows.map((r) => r.code)} as text[]),
                    cast(${rows.map((r) => r.score)} as integer[]), cast(${rows.map((r) => r.ord)} as integer[]))
             as u(branch_id, code, score, ord)
      ) x
      left join be_indicator_rank p on p.month_id = ${prev} and p.code = x.code and p.branch_id = x.branch_id
      order by x.ord, x.rnk, x.branch_id`.execute(db);
    return;
  }
  const doc = JSON.stringify(rows.map((r) => [r.branchId, r.code, r.score, r.ord]));
  await sql`insert into be_indicator_rank (month_id, code, branch_id, score, rank, prev_rank, movement)
    select ${monthId}, x.code, x.branch_id, x.score, x.rnk, p.rank, p.rank - x.rnk
    from (
      select value ->> 0 as branch_id, value ->> 1 as code, value ->> 2 as score, value ->> 3 as ord,
             rank() over (partition by value ->> 1 order by value ->> 2 desc) as rnk
      from json_each(${doc})
    ) x
    left join be_indicator_rank p on p.month_id = ${prev} and p.code = x.code and p.branch_id = x.branch_id
    order by x.ord, x.rnk, x.branch_id`.execute(db);
}

export async function countMonthScores(db: DbOrTrx, monthId: number): Promise<number> {
  return count(
    await db
      .selectFrom('be_month_score')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', monthId)
      .executeTakeFirst(),
  );
}

/** A month's scores by rank, with the branch's code and name. */
/** Each branch's rank by total in a month (the movement of the next month), without the explanations. */
export function monthRanks(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_month_score')
    .select(['branch_id', 'rank'])
    .where('month_id', '=', monthId)
    .orderBy('rank')
    .orderBy('branch_id')
    .execute();
}

export function monthScores(db: DbOrTrx, monthId: number, limit?: number, offset?: number) {
  let q = db
    .selectFrom('be_month_score as s')
    .innerJoin('org', 'org.id', 's.branch_id')
    .selectAll('s')
    .select(['org.code as branch_code', 'org.name as branch_name'])
    .where('s.month_id', '=', monthId)
    .orderBy('s.rank')
    .orderBy('s.branch_id');
  if (limit !== undefined) q = q.limit(limit).offset(offset ?? 0);
  return q.execute();
}

export function monthScoreOf(db: DbOrTrx, monthId: number, branchId: number) {
  return db
    .selectFrom('be_month_score')
    .selectAll()
    .where('month_id', '=', monthId)
    .where('branch_id', '=', branchId)
    .executeTakeFirst();
}

/** The columns of a stored month score (alias `s`) that boards and rankings read. */
const monthScoreColumns = [
  's.month_id',
  's.branch_id',
  's.plan_version_id',
  's.total',
  's.mandatory',
  's.basic',
  's.evaluative',
  's.innovation',
  's.mandatory_missed',
  's.rank',
] as const;

/** Scores of many months, for quarter and annual boards and charts (be_month_score_rank_idx). */
export function scoresOfMonths(db: DbOrTrx, monthIds: readonly number[]) {
  return chunked(monthIds, (chunk) =>
    db
      .selectFrom('be_month_score as s')
      .innerJoin('org', 'org.id', 's.branch_id')
      .select([...monthScoreColumns, 'org.code as branch_code', 'org.name as branch_name'])
      .where('s.month_id', 'in', chunk)
      .execute(),
  );
}

/** Each branch's rank by each indicator in a month (the next month's movement), without names. */
export function indicatorRanksOnly(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_indicator_rank')
    .select(['code', 'branch_id', 'rank'])
    .where('month_id', '=', monthId)
    .execute();
}

export function indicatorRanksOf(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_indicator_rank as r')
    .innerJoin('org', 'org.id', 'r.branch_id')
    .selectAll('r')
    .select(['org.code as branch_code', 'org.name as branch_name'])
    .where('r.month_id', '=', monthId)
    .orderBy('r.code')
    .orderBy('r.rank')
    .orderBy('r.branch_id')
    .execute();
}

export async function countIndicatorRank(
  db: DbOrTrx,
  monthId: number,
  code: string,
  within?: SubtreeIds,
): Promise<number> {
  return count(
    await db
      .selectFrom('be_indicator_rank')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', monthId)
      .where('code', '=', code)
      .$call((q) => (within ? q.where('branch_id', 'in', within) : q))
      .executeTakeFirst(),
  );
}

/** A page of one indicator's ranking (be_indicator_rank_page_idx: month, code, rank, branch). */
export function indicatorRank(
  db: DbOrTrx,
  monthId: number,
  code: string,
  limit: number,
  offset: number,
  within?: SubtreeIds,
) {
  return db
    .selectFrom('be_indicator_rank as r')
    .innerJoin('org', 'org.id', 'r.branch_id')
    .selectAll('r')
    .select(['org.code as branch_code', 'org.name as branch_name'])
    .where('r.month_id', '=', monthId)
    .where('r.code', '=', code)
    .$call((q) => (within ? q.where('r.branch_id', 'in', within) : q))
    .orderBy('r.rank')
    .orderBy('r.branch_id')
    .limit(limit)
    .offset(offset)
    .execute();
}

// ── rankings and boards one page at a time ────────────────────────────────────────────────
// Ranks by total and by indicator are stored when the month is approved, so a page of them is an
// ordered index range. Quarter and annual scores are aggregated here in SQL (exact integer
// half-up division, the same on SQLite and PostgreSQL) and ranked with RANK(), which is the
// competition ranking of the domain (1 + the number of strictly greater scores).

/**
 * `sum / n` rounded half-up (away from zero) in integer arithmetic, for integer (bigint) operands
 * and n > 0: both databases truncate integer division toward zero, so the magnitude is rounded.
 */
function halfUpDiv(sum: string, n: string) {
  const s = sql.ref(sum);
  const d = sql.ref(n);
  return sql<number>`case when ${s} >= 0 then (2 * ${s} + ${d}) / (2 * ${d}) else -((${d} - 2 * ${s}) / (2 * ${d})) end`;
}

export async function countRanking(db: DbOrTrx, monthId: number, within?: SubtreeIds): Promise<number> {
  return count(
    await db
      .selectFrom('be_month_score')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', monthId)
      .$call((q) => (within ? q.where('branch_id', 'in', within) : q))
      .executeTakeFirst(),
  );
}

/** What a ranking row shows of a stored month score (alias `s`) and its branch (`org`). */
export const rankingRowColumns = [
  ...monthScoreColumns,
  's.prev_rank',
  's.movement',
  's.evidence_total',
  's.evidence_late',
  's.signal_tenths',
  's.correction_count',
  's.corrected_at',
  'org.code as branch_code',
  'org.name as branch_name',
] as const;

/**
 * A page of the month's ranking by total (be_month_score_rank_idx: month, rank, branch), without
 * the stored explanations, which a ranking row does not show.
 */
export function rankingPage(
  db: DbOrTrx,
  monthId: number,
  limit: number,
  offset: number,
  within?: SubtreeIds,
) {
  return db
    .selectFrom('be_month_score as s')
    .innerJoin('org', 'org.id', 's.branch_id')
    .select([...rankingRowColumns])
    .where('s.month_id', '=', monthId)
    .$call((q) => (within ? q.where('s.branch_id', 'in', within) : q))
    .orderBy('s.rank')
    .orderBy('s.branch_id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Branches with their plan version in ranking order, a slice at a time (be_month_score_rank_idx). */
export function planVersionsInRankOrder(db: DbOrTrx, monthId: number, limit: number, offset: number) {
  return db
    .selectFrom('be_month_score')
    .select(['branch_id', 'plan_version_id'])
    .where('month_id', '=', monthId)
    .orderBy('rank')
    .orderBy('branch_id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * The indicator codes ranked in a month, by a loose index scan of be_indicator_rank_page_idx: one
 * seek per code instead of reading every branch's ranks. `order by … limit 1` rather than `min()`
 * so that PostgreSQL seeks even when its statistics predate the month.
 */
export async function indicatorCodesOfMonth(db: DbOrTrx, monthId: number): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    with recursive c(code) as (
      select (select code from be_indicator_rank where month_id = ${monthId} order by code limit 1)
      union all
      select (
        select r.code from be_indicator_rank r
        where r.month_id = ${monthId} and r.code > c.code
        order by r.code
        limit 1
      )
      from c
      where c.code is not null
    )
    select code from c where code is not null`.execute(db);
  return rows.map((r) => r.code);
}

/** Quarter scores of every branch with a total in `monthIds`, ranked (competition ranks). */
function quarterRanked(db: DbOrTrx, monthIds: readonly number[]) {
  return db
    .with('q', (qb) =>
      qb
        .selectFrom('be_month_score')
        .select([
          'branch_id',
          sql<number>`cast(sum(total) as bigint)`.as('sum_total'),
          sql<number>`count(*)`.as('n'),
        ])
        .where('month_id', 'in', [...monthIds])
        .groupBy('branch_id'),
    )
    .with('qs', (qb) =>
      qb.selectFrom('q').select(['q.branch_id', halfUpDiv('q.sum_total', 'q.n').as('score')]),
    )
    .with('qr', (qb) =>
      qb
        .selectFrom('qs')
        .select(['qs.branch_id', 'qs.score', sql<number>`rank() over (order by qs.score desc)`.as('rank')]),
    );
}

/** Branches with a total in `monthIds` (a board's length when its page comes back empty). */
export async function countBoard(
  db: DbOrTrx,
  monthIds: readonly number[],
  within?: SubtreeIds,
): Promise<number> {
  if (monthIds.length === 0) return 0;
  return count(
    await db
      .selectFrom('be_month_score')
      .select((eb) => eb.fn.count<number>('branch_id').distinct().as('n'))
      .where('month_id', 'in', [...monthIds])
      .$call((q) => (within ? q.where('branch_id', 'in', within) : q))
      .executeTakeFirst(),
  );
}

/**
 * A page of the quarter board (季考): branches by quarter score (the half-up mean of their month
 * totals in `monthIds`), ties by branch id, with the rank among ALL the round's branches and the
 * number of rows in scope (`total`, on every row: one aggregate instead of two). No `limit`: every
 * row in that order (a board's whole order, kept per data version and cut into pages).
 */
export function quarterBoardPage(
  db: DbOrTrx,
  monthIds: readonly number[],
  limit: number | undefined,
  offset: number,
  within?: SubtreeIds,
) {
  return quarterRanked(db, monthIds)
    .selectFrom('qr')
    .innerJoin('org', 'org.id', 'qr.branch_id')
    .select([
      'qr.branch_id',
      'qr.score',
      'qr.rank',
      'org.code as branch_code',
      'org.name as branch_name',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .$call((q) => (within ? q.where('qr.branch_id', 'in', within) : q))
    .orderBy('qr.rank')
    .orderBy('qr.branch_id')
    .$call((q) => (limit === undefined ? q : q.limit(limit).offset(offset)))
    .execute();
}

/**
 * A page of the annual board (年定级): branches by annual score — the half-up mean of their
 * half-up quarter means over `monthIds` (one year's months) — highest first, ties by branch id,
 * with the number of rows in scope (`total`, on every row). No `limit`: every row in that order.
 */
export function gradeBoardPage(
  db: DbOrTrx,
  monthIds: readonly number[],
  limit: number | undefined,
  offset: number,
  within?: SubtreeIds,
) {
  const quarterOf = sql<number>`(cast(substr(m.month, 6, 2) as integer) + 2) / 3`;
  return db
    .with('bq', (qb) =>
      qb
        .selectFrom('be_month_score as s')
        .innerJoin('be_month as m', 'm.id', 's.month_id')
        .select([
          's.branch_id',
          sql<number>`cast(sum(s.total) as bigint)`.as('sum_total'),
          sql<number>`count(*)`.as('n'),
        ])
        .where('s.month_id', 'in', [...monthIds])
        .groupBy(['s.branch_id', quarterOf]),
    )
    .with('bqs', (qb) =>
      qb.selectFrom('bq').select(['bq.branch_id', halfUpDiv('bq.sum_total', 'bq.n').as('qscore')]),
    )
    .with('ba', (qb) =>
      qb
        .selectFrom('bqs')
        .select([
          'bqs.branch_id',
          sql<number>`cast(sum(bqs.qscore) as bigint)`.as('sum_q'),
          sql<number>`count(*)`.as('nq'),
        ])
        .groupBy('bqs.branch_id'),
    )
    .with('bs', (qb) =>
      qb.selectFrom('ba').select(['ba.branch_id', halfUpDiv('ba.sum_q', 'ba.nq').as('annual')]),
    )
    .selectFrom('bs')
    .innerJoin('org', 'org.id', 'bs.branch_id')
    .select([
      'bs.branch_id',
      'bs.annual',
      'org.code as branch_code',
      'org.name as branch_name',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .$call((q) => (within ? q.where('bs.branch_id', 'in', within) : q))
    .orderBy('bs.annual', 'desc')
    .orderBy('bs.branch_id')
    .$call((q) => (limit === undefined ? q : q.limit(limit).offset(offset)))
    .execute();
}

/** Month totals and mandatory flags of some branches (a board page) in some months (be_month_score_board_idx). */
export function boardScoresOf(db: DbOrTrx, monthIds: readonly number[], branchIds: readonly number[]) {
  if (monthIds.length === 0 || branchIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('be_month_score')
    .select(['month_id', 'branch_id', 'total', 'mandatory_missed'])
    .where('month_id', 'in', [...monthIds])
    .where('branch_id', 'in', [...branchIds])
    .execute();
}

/** Accepted rectifications of some branches in some months (be_rectification_uq). */
export function rectificationsOfBranches(
  db: DbOrTrx,
  monthIds: readonly number[],
  branchIds: readonly number[],
) {
  if (monthIds.length === 0 || branchIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('be_rectification')
    .select(['month_id', 'branch_id'])
    .where('month_id', 'in', [...monthIds])
    .where('branch_id', 'in', [...branchIds])
    .execute();
}

// ── annual grade rules (be_grade_rule_uq) ─────────────────────────────────────────────────

export type GradeRuleRow = Selectable<BeGradeRuleTable> & { created_by_name: string | null };

/** Every saved version of a committee's grade rule for a year, newest first. */
export function gradeRuleVersions(db: DbOrTrx, orgId: number, year: number): Promise<GradeRuleRow[]> {
  return db
    .selectFrom('be_grade_rule as g')
    .leftJoin('app_user as u', 'u.id', 'g.created_by')
    .selectAll('g')
    .select('u.display_name as created_by_name')
    .where('g.org_id', '=', orgId)
    .where('g.year', '=', year)
    .orderBy('g.version', 'desc')
    .execute();
}

/** The version in force (the highest), if any was saved. */
export function currentGradeRule(db: DbOrTrx, orgId: number, year: number) {
  return db
    .selectFrom('be_grade_rule')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertGradeRule(db: DbOrTrx, row: Insertable<BeGradeRuleTable>): Promise<number> {
  await bumpDataVersion(db, 'branch_eval');
  const r = await db.insertInto('be_grade_rule').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function rectificationsOf(db: DbOrTrx, monthIds: readonly number[]) {
  return chunked(monthIds, (chunk) =>
    db.selectFrom('be_rectification').selectAll().where('month_id', 'in', chunk).execute(),
  );
}

export async function insertRectification(
  db: DbOrTrx,
  row: { month_id: number; branch_id: number; note: string; accepted_by: number; accepted_at: string },
) {
  await bumpDataVersion(db, 'branch_eval');
  await db.insertInto('be_rectification').values(row).execute();
}

// ── corrections after publication and result versions (migration 0006) ───────────────────

export type CorrectionRow = Selectable<BeCorrectionTable>;
export type CorrectionItemRow = Selectable<BeCorrectionItemTable>;
export const CORRECTION_EVIDENCE = 'be_correction';

export async function insertCorrection(db: DbOrTrx, row: Insertable<BeCorrectionTable>): Promise<number> {
  const r = await db.insertInto('be_correction').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertCorrectionItems(db: DbOrTrx, rows: readonly Insertable<BeCorrectionItemTable>[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('be_correction_item')
    .values([...rows])
    .execute();
}

/** A correction with its month, branch and the names of who filed and decided it. */
function correctionBase(db: DbOrTrx) {
  return db
    .selectFrom('be_correction as c')
    .innerJoin('be_month as m', 'm.id', 'c.month_id')
    .innerJoin('org as b', 'b.id', 'c.branch_id')
    .innerJoin('app_user as fu', 'fu.id', 'c.filed_by')
    .leftJoin('app_user as du', 'du.id', 'c.decided_by')
    .selectAll('c')
    .select([
      'm.org_id',
      'm.month',
      'b.code as branch_code',
      'b.name as branch_name',
      'fu.display_name as filed_by_name',
      'du.display_name as decided_by_name',
    ]);
}

export function findCorrection(db: DbOrTrx, id: number) {
  return correctionBase(db).where('c.id', '=', id).executeTakeFirst();
}
export type CorrectionFullRow = NonNullable<Awaited<ReturnType<typeof findCorrection>>>;

export interface CorrectionFilter {
  /** The round's org. */
  readonly orgId: number;
  readonly month?: string | undefined;
  readonly state?: CorrectionRow['state'] | undefined;
  readonly branchId?: number | undefined;
}

/** Corrections of a round (be_month_uq, then be_correction_month_idx). */
function correctionFiltered(db: DbOrTrx, f: CorrectionFilter) {
  return correctionBase(db)
    .where('m.org_id', '=', f.orgId)
    .$if(f.month !== undefined, (q) => q.where('m.month', '=', f.month ?? ''))
    .$if(f.state !== undefined, (q) => q.where('c.state', '=', f.state ?? 'pending'))
    .$if(f.branchId !== undefined, (q) => q.where('c.branch_id', '=', f.branchId ?? 0));
}

export async function countCorrections(db: DbOrTrx, f: CorrectionFilter): Promise<number> {
  return count(
    await correctionFiltered(db, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  );
}

/** Corrections, newest first. */
export function listCorrections(db: DbOrTrx, f: CorrectionFilter, limit: number, offset: number) {
  return correctionFiltered(db, f).orderBy('c.id', 'desc').limit(limit).offset(offset).execute();
}

export function correctionItemsOf(db: DbOrTrx, correctionIds: readonly number[]) {
  return chunked(correctionIds, (chunk) =>
    db.selectFrom('be_correction_item').selectAll().where('correction_id', 'in', chunk).execute(),
  );
}

/** The corrections of a month in a state, oldest first (be_correction_month_idx). */
export function correctionsOfMonth(db: DbOrTrx, monthId: number, state: CorrectionRow['state']) {
  return correctionBase(db)
    .where('c.month_id', '=', monthId)
    .where('c.state', '=', state)
    .orderBy('c.id')
    .execute();
}

/** Decides a pending correction; false when it is no longer pending (someone decided first). */
export async function decideCorrection(
  db: DbOrTrx,
  id: number,
  set: Updateable<BeCorrectionTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('be_correction')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending corrections by round org and month within a scope (the committee's to-do). */
export function pendingCorrectionsIn(db: DbOrTrx, scope: OrgScopeFilter) {
  return db
    .selectFrom('be_correction as c')
    .innerJoin('be_month as m', 'm.id', 'c.month_id')
    .select(['m.org_id', 'm.month', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.state', '=', 'pending')
    .where(scope('m.org_id'))
    .groupBy(['m.org_id', 'm.month'])
    .orderBy('m.month')
    .execute();
}

export async function linkCorrectionFiles(
  db: DbOrTrx,
  correctionId: number,
  fileIds: readonly number[],
  by: number,
  at: string,
) {
  if (fileIds.length === 0) return;
  await db
    .insertInto('evidence_link')
    .values(
      [...new Set(fileIds)].map((file_id) => ({
        file_id,
        entity_type: CORRECTION_EVIDENCE,
        entity_id: correctionId,
        created_by: by,
        created_at: at,
      })),
    )
    .execute();
}

export function correctionFilesOf(db: DbOrTrx, correctionIds: readonly number[]) {
  return chunked(correctionIds, (chunk) =>
    db
      .selectFrom('evidence_link as l')
      .innerJoin('file_upload as f', 'f.id', 'l.file_id')
      .innerJoin('file_blob as b', 'b.hash', 'f.hash')
      .select(['l.entity_id', 'f.id', 'f.original_name', 'f.uploaded_at', 'b.mime'])
      .where('l.entity_type', '=', CORRECTION_EVIDENCE)
      .where('l.entity_id', 'in', chunk)
      .orderBy('l.id')
      .execute(),
  );
}

/**
 * Moves a month to its next result version; false when the version is no longer `expected`
 * (a concurrent approval took it first). On PostgreSQL the row lock also makes a second
 * approval wait for the first to commit.
 */
export async function bumpResultVersion(
  db: DbOrTrx,
  monthId: number,
  expected: number,
  set: { corrected_at?: string; correction_count?: number },
): Promise<boolean> {
  await bumpDataVersion(db, 'branch_eval');
  const r = await db
    .updateTable('be_month')
    .set({ ...set, result_version: expected + 1 })
    .where('id', '=', monthId)
    .where('result_version', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function resultVersionsOf(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_result_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.created_by')
    .selectAll('v')
    .select('u.display_name as created_by_name')
    .where('v.month_id', '=', monthId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function insertResultVersion(db: DbOrTrx, row: Insertable<BeResultVersionTable>) {
  await db.insertInto('be_result_version').values(row).execute();
}

/** The columns a month score keeps in each result version (after `month_id` and `version`). */
const scoreVersionColumns = [
  'branch_id',
  'plan_version_id',
  'total',
  'mandatory',
  'basic',
  'evaluative',
  'innovation',
  'mandatory_missed',
  'rank',
  'prev_rank',
  'movement',
  'evidence_total',
  'evidence_late',
  'signal_tenths',
  'explanation_json',
  'computed_at',
] as const;

/** Keeps the results in force of a month as `version` (before they are first replaced). */
export async function snapshotResults(db: DbOrTrx, monthId: number, version: number) {
  const v = sql<number>`${version}`;
  await db
    .insertInto('be_month_score_version')
    .columns(['month_id', 'version', ...scoreVersionColumns])
    .expression(
      db
        .selectFrom('be_month_score')
        .select(['month_id', v.as('version'), ...scoreVersionColumns])
        .where('month_id', '=', monthId),
    )
    .execute();
  await db
    .insertInto('be_indicator_rank_version')
    .columns(['month_id', 'version', 'code', 'branch_id', 'score', 'rank', 'prev_rank', 'movement'])
    .expression(
      db
        .selectFrom('be_indicator_rank')
        .select(['month_id', v.as('version'), 'code', 'branch_id', 'score', 'rank', 'prev_rank', 'movement'])
        .where('month_id', '=', monthId),
    )
    .execute();
}

/** Replaces the results in force of a month (the previous ones are kept as a version first). */
export async function replaceResults(
  db: DbOrTrx,
  monthId: number,
  scores: readonly Insertable<BeMonthScoreTable>[],
  ranks: Parameters<typeof insertIndicatorRanks>[1],
) {
  await bumpDataVersion(db, 'branch_eval');
  await db.deleteFrom('be_indicator_rank').where('month_id', '=', monthId).execute();
  await db.deleteFrom('be_month_score').where('month_id', '=', monthId).execute();
  await insertMonthScores(db, scores);
  await insertIndicatorRanks(db, ranks);
}

/** The movement of one branch's row in force (a following month re-ranked against a corrected one). */
export async function setScoreMovement(
  db: DbOrTrx,
  monthId: number,
  branchId: number,
  prevRank: number | null,
  movement: number | null,
) {
  await bumpDataVersion(db, 'branch_eval');
  await db
    .updateTable('be_month_score')
    .set({ prev_rank: prevRank, movement })
    .where('month_id', '=', monthId)
    .where('branch_id', '=', branchId)
    .execute();
}

export async function setIndicatorMovement(
  db: DbOrTrx,
  monthId: number,
  code: string,
  branchId: number,
  prevRank: number | null,
  movement: number | null,
) {
  await bumpDataVersion(db, 'branch_eval');
  await db
    .updateTable('be_indicator_rank')
    .set({ prev_rank: prevRank, movement })
    .where('month_id', '=', monthId)
    .where('code', '=', code)
    .where('branch_id', '=', branchId)
    .execute();
}

export async function countVersionScores(db: DbOrTrx, monthId: number, version: number): Promise<number> {
  return count(
    await db
      .selectFrom('be_month_score_version')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', monthId)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

/** A page of a kept version's ranking by total (be_month_score_version_rank_idx). */
export function versionScores(db: DbOrTrx, monthId: number, version: number, limit: number, offset: number) {
  return db
    .selectFrom('be_month_score_version as s')
    .innerJoin('org', 'org.id', 's.branch_id')
    .selectAll('s')
    .select(['org.code as branch_code', 'org.name as branch_name'])
    .where('s.month_id', '=', monthId)
    .where('s.version', '=', version)
    .orderBy('s.rank')
    .orderBy('s.branch_id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** One branch's row of a kept version. */
export function versionScoreOf(db: DbOrTrx, monthId: number, version: number, branchId: number) {
  return db
    .selectFrom('be_month_score_version')
    .selectAll()
    .where('month_id', '=', monthId)
    .where('version', '=', version)
    .where('branch_id', '=', branchId)
    .executeTakeFirst();
}

/** The display name of a user (who approved a month). */
export function userDisplayName(db: DbOrTrx, userId: number) {
  return db.selectFrom('app_user').select('display_name').where('id', '=', userId).executeTakeFirst();
}
