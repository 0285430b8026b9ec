/**
 * Queries of the monthly round: the round's branches, months, branch months, self entries
 * with their evidence, verification, peer assignments and scores. Kysely only, no business rules;
 * every list query here is served by an index of migration 0004, 0005 or 0006 (named beside it).
 */
import { type Insertable, PostgresAdapter, type Selectable, sql, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../../../db/kysely.js';
import type { BeBranchMonthTable, BeMonthTable } from '../../../../db/types.js';
import { bumpDataVersion } from '../../../lib/data-version.js';
import type { OrgScopeFilter } from '../../../lib/permissions.js';
import { chunked, count, type SubtreeIds } from '../branch-eval.repo.js';

export type MonthRow = Selectable<BeMonthTable>;
export type BranchMonthRow = Selectable<BeBranchMonthTable>;

// ── the round's branches (be_plan_round_idx) ──────────────────────────────────────────────

/** Plan ids of the round's quarter with their branch and parent (the default peer groups). */
export function roundBranches(db: DbOrTrx, orgId: number, quarter: string) {
  return db
    .selectFrom('be_plan')
    .innerJoin('org', 'org.id', 'be_plan.branch_id')
    .select([
      'be_plan.id as plan_id',
      'be_plan.branch_id',
      'be_plan.state',
      'be_plan.current_version_id',
      'be_plan.approved_on',
      'be_plan.quarter',
      'org.code',
      'org.name',
      'org.parent_id',
    ])
    .where('be_plan.org_id', '=', orgId)
    .where('be_plan.quarter', '=', quarter)
    .orderBy('org.sort_order')
    .orderBy('be_plan.branch_id')
    .execute();
}

/**
 * The nearest committee (党委) above each branch of a round: the peer group of SPEC §3 ("all
 * branches of the same parent committee"), so branches under a general branch (党总支) rate
 * alongside the other branches of their committee.
 */
export async function parentCommitteesOfRound(
  db: DbOrTrx,
  orgId: number,
  quarter: string,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.ancestor_id')
    .select(['org_closure.descendant_id as branch_id', 'org_closure.ancestor_id', 'org_closure.depth'])
    .where('org.kind', '=', 'committee')
    .where('org_closure.depth', '>', 0)
    .where('org_closure.descendant_id', 'in', (eb) =>
      eb
        .selectFrom('be_plan')
        .select('be_plan.branch_id')
        .where('be_plan.org_id', '=', orgId)
        .where('be_plan.quarter', '=', quarter),
    )
    .execute();
  const nearest = new Map<number, { id: number; depth: number }>();
  for (const r of rows) {
    const seen = nearest.get(r.branch_id);
    if (!seen || r.depth < seen.depth) nearest.set(r.branch_id, { id: r.ancestor_id, depth: r.depth });
  }
  return new Map([...nearest].map(([branch, c]) => [branch, c.id]));
}

/**
 * The committees above each branch of a round's quarter, the nearest first (for the peer draw:
 * its nearest committee, then the ones above).
 */
export async function committeePathsOfRound(
  db: DbOrTrx,
  orgId: number,
  quarter: string,
): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.ancestor_id')
    .select(['org_closure.descendant_id as branch_id', 'org_closure.ancestor_id', 'org_closure.depth'])
    .where('org.kind', '=', 'committee')
    .where('org_closure.depth', '>', 0)
    .where('org_closure.descendant_id', 'in', (eb) =>
      eb
        .selectFrom('be_plan')
        .select('be_plan.branch_id')
        .where('be_plan.org_id', '=', orgId)
        .where('be_plan.quarter', '=', quarter),
    )
    .orderBy('org_closure.depth')
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.branch_id, [...(out.get(r.branch_id) ?? []), r.ancestor_id]);
  return out;
}

/** The installation's peer-draw secret ('' if the row is missing). */
export async function peerSecret(db: DbOrTrx): Promise<string> {
  const row = await db.selectFrom('be_peer_secret').select('secret').where('id', '=', 1).executeTakeFirst();
  return row?.secret ?? '';
}

// ── months (be_month_uq, be_month_state_idx) ──────────────────────────────────────────────

export function findMonth(db: DbOrTrx, orgId: number, month: string) {
  return db
    .selectFrom('be_month')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('month', '=', month)
    .executeTakeFirst();
}

export function findMonthById(db: DbOrTrx, id: number) {
  return db.selectFrom('be_month').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts the month if missing; true when this call created it. */
export async function insertMonthIfMissing(
  db: DbOrTrx,
  orgId: number,
  month: string,
  at: string,
  peerSeed: string | null = null,
) {
  const r = await db
    .insertInto('be_month')
    .values({
      org_id: orgId,
      month,
      state: 'open',
      approved_by: null,
      approved_at: null,
      published_by: null,
      published_at: null,
      published_on: null,
      created_at: at,
      peer_seed: peerSeed,
    })
    .onConflict((oc) => oc.columns(['org_id', 'month']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (r !== undefined) await bumpDataVersion(db, 'branch_eval');
  return r !== undefined;
}

export function monthsOfKey(db: DbOrTrx, month: string) {
  return db.selectFrom('be_month').selectAll().where('month', '=', month).execute();
}

export function monthsByIds(db: DbOrTrx, ids: readonly number[]) {
  return chunked(ids, (chunk) => db.selectFrom('be_month').selectAll().where('id', 'in', chunk).execute());
}

export async function countMonthsOfOrg(db: DbOrTrx, orgId: number, year?: number): Promise<number> {
  let q = db.selectFrom('be_month').where('org_id', '=', orgId);
  if (year) q = q.where('month', '>=', `${year}-01`).where('month', '<=', `${year}-12`);
  return count(await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst());
}

export function listMonthsOfOrg(
  db: DbOrTrx,
  orgId: number,
  year: number | undefined,
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('be_month').selectAll().where('org_id', '=', orgId);
  if (year) q = q.where('month', '>=', `${year}-01`).where('month', '<=', `${year}-12`);
  return q.orderBy('month', 'desc').limit(limit).offset(offset).execute();
}

/** Published months of a round in a range of month keys, oldest first. */
export function publishedMonths(db: DbOrTrx, orgId: number, from: string, to: string) {
  return db
    .selectFrom('be_month')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('state', '=', 'published')
    .where('month', '>=', from)
    .where('month', '<=', to)
    .orderBy('month')
    .execute();
}

export async function updateMonth(
  db: DbOrTrx,
  id: number,
  fromStates: readonly BeMonthTable['state'][],
  set: Updateable<BeMonthTable>,
) {
  await bumpDataVersion(db, 'branch_eval');
  return db
    .updateTable('be_month')
    .set(set)
    .where('id', '=', id)
    .where('state', 'in', [...fromStates])
    .executeTakeFirst();
}

// ── branch months (be_branch_month_uq, be_branch_month_state_idx) ─────────────────────────

export function findBranchMonth(db: DbOrTrx, monthId: number, branchId: number) {
  return db
    .selectFrom('be_branch_month')
    .selectAll()
    .where('month_id', '=', monthId)
    .where('branch_id', '=', branchId)
    .executeTakeFirst();
}

/**
 * A month's branch sheets in branch order (the unique index's order). Unordered, PostgreSQL gave
 * them in the table's physical order, which moves with every update and with when page pruning
 * ran: the month approval's audit row listed its totals in that order.
 */
export function branchMonthsOf(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_branch_month')
    .selectAll()
    .where('month_id', '=', monthId)
    .orderBy('branch_id')
    .execute();
}

export async function insertBranchMonthIfMissing(db: DbOrTrx, row: Insertable<BeBranchMonthTable>) {
  await db
    .insertInto('be_branch_month')
    .values(row)
    .onConflict((oc) => oc.columns(['month_id', 'branch_id']).doNothing())
    .execute();
}

/** Updates a branch month only if it is still in `fromState`: two people cannot both move it. */
export async function updateBranchMonth(
  db: DbOrTrx,
  id: number,
  fromState: BeBranchMonthTable['state'],
  set: Updateable<BeBranchMonthTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('be_branch_month')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', fromState)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── self scores and evidence ──────────────────────────────────────────────────────────────

export function selfScoresOf(db: DbOrTrx, branchMonthIds: readonly number[]) {
  return chunked(branchMonthIds, (chunk) =>
    db.selectFrom('be_self_score').selectAll().where('branch_month_id', 'in', chunk).execute(),
  );
}

/** Every self score of a month, in one read by month (be_branch_month_uq, be_self_score_uq). */
export function selfScoresOfMonth(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_self_score as s')
    .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
    .selectAll('s')
    .where('bm.month_id', '=', monthId)
    .execute();
}

/** One indicator of one branch month as the approval scores it: the self score and the office's figures. */
export interface SheetRow {
  branch_month_id: number;
  code: string;
  score: number | null;
  note: string | null;
  verified: number | null;
  done: number | null;
  innovation_award: number | null;
  reason: string | null;
}

/**
 * Every self score of a month with the office's verification of the same indicator, and the
 * verifications without a self score, in one read by month (be_branch_month_uq, be_self_score_uq,
 * be_verification_uq): one row per indicator instead of a row per self score and another per
 * verification, with only the columns scoring reads.
 */
export async function sheetRowsOfMonth(db: DbOrTrx, monthId: number): Promise<SheetRow[]> {
  const { rows } = await sql<SheetRow>`
    select s.branch_month_id, s.code, s.score, s.note, v.verified, v.done, v.innovation_award, v.reason
    from be_branch_month bm
    join be_self_score s on s.branch_month_id = bm.id
    left join be_verification v on v.branch_month_id = s.branch_month_id and v.code = s.code
    where bm.month_id = ${monthId}
    union all
    select v.branch_month_id, v.code, null, null, v.verified, v.done, v.innovation_award, v.reason
    from be_branch_month bm
    join be_verification v on v.branch_month_id = bm.id
    where bm.month_id = ${monthId}
      and not exists (select 1 from be_self_score s where s.branch_month_id = v.branch_month_id and s.code = v.code)`.execute(
    db,
  );
  return rows;
}

/**
 * When each piece of a month's self-evaluation evidence was recorded, by branch month: files
 * linked to a self score (their upload time), and linked points activities and entries (their
 * own creation time) — the rows `evidenceOf` assembles, read by month in three statements.
 */
export async function evidenceTimesOfMonth(
  db: DbOrTrx,
  monthId: number,
): Promise<{ branch_month_id: number; at: string }[]> {
  // From the month's branch months to their self scores and to each score's links by
  // (entity_type, entity_id). SQLite (no statistics) preferred to walk every month's self-score
  // links by entity_type alone, a year's links for one approval: CROSS JOIN keeps its tables in
  // this order. PostgreSQL plans it as the inner joins it is. (Driving the links by
  // `entity_id IN (the month's self scores)` served SQLite too, but made PostgreSQL hash the self
  // scores twice.)
  const files = await db
    .selectFrom('be_branch_month as bm')
    .crossJoin('be_self_score as s')
    .crossJoin('evidence_link as l')
    .innerJoin('file_upload as f', 'f.id', 'l.file_id')
    .innerJoin('file_blob as b', 'b.hash', 'f.hash')
    .select(['s.branch_month_id', 'f.uploaded_at as at'])
    .where('bm.month_id', '=', monthId)
    .whereRef('s.branch_month_id', '=', 'bm.id')
    .where('l.entity_type', '=', SELF_EVIDENCE)
    .whereRef('l.entity_id', '=', 's.id')
    .execute();
  const activities = await db
    .selectFrom('be_evidence_ref as r')
    .innerJoin('be_self_score as s', 's.id', 'r.self_score_id')
    .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
    .innerJoin('points_activity as a', 'a.id', 'r.ref_id')
    .select(['s.branch_month_id', 'a.created_at as at'])
    .where('r.ref_type', '=', 'points_activity')
    .where('bm.month_id', '=', monthId)
    .execute();
  const entries = await db
    .selectFrom('be_evidence_ref as r')
    .innerJoin('be_self_score as s', 's.id', 'r.self_score_id')
    .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
    .innerJoin('points_entry as e', 'e.id', 'r.ref_id')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .select(['s.branch_month_id', 'e.created_at as at'])
    .where('r.ref_type', '=', 'points_entry')
    .where('bm.month_id', '=', monthId)
    .execute();
  return [...files, ...activities, ...entries];
}

export async function upsertSelfScore(
  db: DbOrTrx,
  row: {
    branch_month_id: number;
    code: string;
    score: number | null;
    note: string | null;
    updated_by: number;
    updated_at: string;
  },
): Promise<number> {
  const r = await db
    .insertInto('be_self_score')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['branch_month_id', 'code']).doUpdateSet({
        score: row.score,
        note: row.note,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export const SELF_EVIDENCE = 'be_self_score';

/** Files linked to self scores, with their upload time. */
/** Whether a file backs a self score of a branch that one of `raterIds` is assigned to rate. */
export async function fileSeenByRaters(db: DbOrTrx, fileId: number, raterIds: readonly number[]) {
  if (raterIds.length === 0) return false;
  const hits = await chunked(raterIds, (chunk) =>
    db
      .selectFrom('evidence_link as l')
      .innerJoin('be_self_score as s', 's.id', 'l.entity_id')
      .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
      .innerJoin('be_peer_assignment as a', (j) =>
        j.onRef('a.month_id', '=', 'bm.month_id').onRef('a.rated_branch_id', '=', 'bm.branch_id'),
      )
      .select('l.file_id')
      .where('l.entity_type', '=', SELF_EVIDENCE)
      .where('l.file_id', '=', fileId)
      .where('a.rater_branch_id', 'in', chunk)
      .limit(1)
      .execute(),
  );
  return hits.length > 0;
}

export function evidenceFilesOf(db: DbOrTrx, selfScoreIds: readonly number[]) {
  return chunked(selfScoreIds, (chunk) =>
    db
      .selectFrom('evidence_link as l')
      .innerJoin('file_upload as f', 'f.id', 'l.file_id')
      .innerJoin('file_blob as b', 'b.hash', 'f.hash')
      .select([
        'l.id as link_id',
        'l.entity_id',
        'l.created_at as linked_at',
        'f.id',
        'f.original_name',
        'f.uploaded_at',
        'b.mime',
      ])
      .where('l.entity_type', '=', SELF_EVIDENCE)
      .where('l.entity_id', 'in', chunk)
      .orderBy('l.id')
      .execute(),
  );
}

export function evidenceRefsOf(db: DbOrTrx, selfScoreIds: readonly number[]) {
  return chunked(selfScoreIds, (chunk) =>
    db.selectFrom('be_evidence_ref').selectAll().where('self_score_id', 'in', chunk).orderBy('id').execute(),
  );
}

export function activitiesByIds(db: DbOrTrx, ids: readonly number[]) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('points_activity')
      .select(['id', 'branch_id', 'title', 'kind', 'occurred_on', 'created_at'])
      .where('id', 'in', chunk)
      .execute(),
  );
}

export function entriesByIds(db: DbOrTrx, ids: readonly number[]) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('points_entry as e')
      .innerJoin('member as m', 'm.id', 'e.member_id')
      .select([
        'e.id',
        'e.branch_id',
        'e.item_code',
        'e.occurred_on',
        'e.created_at',
        'm.name as member_name',
      ])
      .where('e.id', 'in', chunk)
      .execute(),
  );
}

/** Files linked to points activities or entries (evidence_link of the points module). */
export function filesOfRecords(
  db: DbOrTrx,
  entityType: 'points_activity' | 'points_entry',
  ids: readonly number[],
) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('evidence_link as l')
      .innerJoin('file_upload as f', 'f.id', 'l.file_id')
      .innerJoin('file_blob as b', 'b.hash', 'f.hash')
      .select(['l.entity_id', 'f.id', 'f.original_name', 'f.uploaded_at', 'b.mime'])
      .where('l.entity_type', '=', entityType)
      .where('l.entity_id', 'in', chunk)
      .execute(),
  );
}

export function filesByIds(db: DbOrTrx, ids: readonly number[]) {
  return chunked(ids, (chunk) =>
    db.selectFrom('file_upload').select(['id', 'org_id', 'uploaded_by']).where('id', 'in', chunk).execute(),
  );
}

export async function linkFiles(
  db: DbOrTrx,
  selfScoreId: number,
  fileIds: readonly number[],
  by: number,
  at: string,
) {
  if (fileIds.length === 0) return;
  await db
    .insertInto('evidence_link')
    .values(
      fileIds.map((file_id) => ({
        file_id,
        entity_type: SELF_EVIDENCE,
        entity_id: selfScoreId,
        created_by: by,
        created_at: at,
      })),
    )
    .execute();
}

export async function unlinkFiles(db: DbOrTrx, selfScoreId: number, fileIds: readonly number[]) {
  if (fileIds.length === 0) return;
  await db
    .deleteFrom('evidence_link')
    .where('entity_type', '=', SELF_EVIDENCE)
    .where('entity_id', '=', selfScoreId)
    .where('file_id', 'in', [...fileIds])
    .execute();
}

export async function linkRefs(
  db: DbOrTrx,
  selfScoreId: number,
  refType: 'points_activity' | 'points_entry',
  ids: readonly number[],
  by: number,
  at: string,
) {
  if (ids.length === 0) return;
  await db
    .insertInto('be_evidence_ref')
    .values(
      ids.map((ref_id) => ({
        self_score_id: selfScoreId,
        ref_type: refType,
        ref_id,
        created_by: by,
        created_at: at,
      })),
    )
    .execute();
}

export async function unlinkRefs(
  db: DbOrTrx,
  selfScoreId: number,
  refType: 'points_activity' | 'points_entry',
  ids: readonly number[],
) {
  if (ids.length === 0) return;
  await db
    .deleteFrom('be_evidence_ref')
    .where('self_score_id', '=', selfScoreId)
    .where('ref_type', '=', refType)
    .where('ref_id', 'in', [...ids])
    .execute();
}

// ── peer assignments and scores (be_peer_assignment_pk / _rater_idx, be_peer_score_uq / _rater_idx)

export function assignmentsOfMonth(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_peer_assignment')
    .selectAll()
    .where('month_id', '=', monthId)
    .orderBy('rated_branch_id')
    .orderBy('rater_branch_id')
    .execute();
}

/** How many raters each rated branch of a month has (counted by the database, not one row per pair). */
export function raterCountsOfMonth(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_peer_assignment')
    .select((eb) => ['rated_branch_id', eb.fn.countAll<number | string>().as('n')])
    .where('month_id', '=', monthId)
    .groupBy('rated_branch_id')
    .execute();
}

export function assignmentsOfRaters(db: DbOrTrx, raterIds: readonly number[], monthIds: readonly number[]) {
  if (raterIds.length === 0 || monthIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('be_peer_assignment')
    .selectAll()
    .where('rater_branch_id', 'in', [...raterIds])
    .where('month_id', 'in', [...monthIds])
    .orderBy('month_id')
    .orderBy('rated_branch_id')
    .execute();
}

export async function insertAssignments(
  db: DbOrTrx,
  rows: readonly {
    month_id: number;
    rated_branch_id: number;
    rater_branch_id: number;
    source: 'default' | 'office';
    created_at: string;
  }[],
) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('be_peer_assignment')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['month_id', 'rated_branch_id', 'rater_branch_id']).doNothing())
      .execute();
  }
}

export async function deleteAssignments(
  db: DbOrTrx,
  monthId: number,
  ratedId: number,
  raterIds: readonly number[],
) {
  if (raterIds.length === 0) return;
  await db
    .deleteFrom('be_peer_assignment')
    .where('month_id', '=', monthId)
    .where('rated_branch_id', '=', ratedId)
    .where('rater_branch_id', 'in', [...raterIds])
    .execute();
}

export function peerScoresOfRated(db: DbOrTrx, monthId: number, ratedIds: readonly number[]) {
  return chunked(ratedIds, (chunk) =>
    db
      .selectFrom('be_peer_score')
      .selectAll()
      .where('month_id', '=', monthId)
      .where('rated_branch_id', 'in', chunk)
      .execute(),
  );
}

/**
 * Rewrites a month's peer rows in the caller's transaction (the approval): on PostgreSQL every
 * row then carries that transaction's id, so a dump no longer tells when each sheet came in.
 */
export async function resealPeerScores(db: DbOrTrx, monthId: number) {
  // SQLite keeps no transaction id per row: rewriting 1.7 M rows there would change nothing.
  if (!isPostgres(db)) return;
  await db
    .updateTable('be_peer_score')
    .set((eb) => ({ score: eb.ref('score') }))
    .where('month_id', '=', monthId)
    .execute();
}

export function peerScoresOfRaters(db: DbOrTrx, raterIds: readonly number[], monthIds: readonly number[]) {
  if (raterIds.length === 0 || monthIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('be_peer_score')
    .selectAll()
    .where('rater_branch_id', 'in', [...raterIds])
    .where('month_id', 'in', [...monthIds])
    .execute();
}

/** A rater branch's sheet for a rated branch, replaced whole; no time and no person is kept. */
export async function replacePeerSheet(
  db: DbOrTrx,
  monthId: number,
  ratedId: number,
  raterId: number,
  scores: Readonly<Record<string, number>>,
) {
  await db
    .deleteFrom('be_peer_score')
    .where('month_id', '=', monthId)
    .where('rated_branch_id', '=', ratedId)
    .where('rater_branch_id', '=', raterId)
    .execute();
  const rows = Object.entries(scores).map(([code, score]) => ({
    month_id: monthId,
    rated_branch_id: ratedId,
    rater_branch_id: raterId,
    code,
    score,
  }));
  if (rows.length > 0) await db.insertInto('be_peer_score').values(rows).execute();
}

// ── round duties (the to-do lists) ────────────────────────────────────────────────────────

/** Rounds (plan orgs) of a quarter whose org lies in a scope: where a user's round duties are. */
export async function roundOrgsIn(db: DbOrTrx, scope: OrgScopeFilter, quarter: string): Promise<number[]> {
  const rows = await db
    .selectFrom('be_plan')
    .select('org_id')
    .where(scope('org_id'))
    .where('quarter', '=', quarter)
    .distinct()
    .execute();
  return rows.map((r) => r.org_id);
}

/**
 * The rounds and months where duties may still wait, however old: every month up to `upTo`
 * (YYYY-MM) of the quarters a scope has plans in — by the plans' branch or by their round org —
 * except months the round has already taken to one of the `done` states. Oldest first.
 */
export async function openRoundMonths(
  db: DbOrTrx,
  by: 'branch_id' | 'org_id',
  scope: OrgScopeFilter,
  upTo: string,
  done: readonly ('approved' | 'published')[],
): Promise<{ orgId: number; month: string }[]> {
  const year = Number(upTo.slice(0, 4));
  const lastQuarter = `${year}-Q${Math.ceil(Number(upTo.slice(5, 7)) / 3)}`;
  const rounds = await db
    .selectFrom('be_plan')
    .select(['org_id', 'quarter'])
    .where(scope(by))
    .where('quarter', '<=', lastQuarter)
    .distinct()
    .execute();
  if (rounds.length === 0) return [];
  const orgIds = [...new Set(rounds.map((r) => r.org_id))];
  const finished = new Set(
    (
      await db
        .selectFrom('be_month')
        .select(['org_id', 'month'])
        .where('org_id', 'in', orgIds)
        .where('month', '<=', upTo)
        .where('state', 'in', [...done])
        .execute()
    ).map((m) => `${m.org_id}:${m.month}`),
  );
  const out: { orgId: number; month: string }[] = [];
  for (const r of rounds) {
    const q = Number(r.quarter.slice(6));
    for (let i = 1; i <= 3; i++) {
      const month = `${r.quarter.slice(0, 4)}-${String((q - 1) * 3 + i).padStart(2, '0')}`;
      if (month <= upTo && !finished.has(`${r.org_id}:${month}`)) out.push({ orgId: r.org_id, month });
    }
  }
  return out.sort((a, b) => a.month.localeCompare(b.month) || a.orgId - b.orgId);
}

// ── a branch month's steps (audit_entity_idx) ─────────────────────────────────────────────

/** The audit rows of a branch month whose action starts with the prefix, oldest first. */
export function branchMonthAuditRows(db: DbOrTrx, branchMonthId: number, actionPrefix: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'at', 'after_json'])
    .where('entity_type', '=', 'be_branch_month')
    .where('entity_id', '=', String(branchMonthId))
    .where('action', 'like', `${actionPrefix}%`)
    .orderBy('seq')
    .limit(200)
    .execute();
}

// ── a user's rounds (rounds.ts) ───────────────────────────────────────────────────────────

/** The rounds with a plan of a branch under the roots, latest quarter first (50 at most). */
export function roundsUnder(db: DbOrTrx, roots: readonly number[]) {
  return db
    .selectFrom('be_plan')
    .innerJoin('org_closure', 'org_closure.descendant_id', 'be_plan.branch_id')
    .innerJoin('org', 'org.id', 'be_plan.org_id')
    .select(['be_plan.org_id as orgId', 'org.name as orgName'])
    .select((eb) => eb.fn.max('be_plan.quarter').as('latestQuarter'))
    .where('org_closure.ancestor_id', 'in', roots)
    .groupBy(['be_plan.org_id', 'org.name'])
    .orderBy('latestQuarter', 'desc')
    .orderBy('be_plan.org_id')
    .limit(50)
    .execute();
}

/** The roots that are branches. */
export function branchesAmong(db: DbOrTrx, ids: readonly number[]) {
  return db
    .selectFrom('org')
    .select(['org.id as branchId', 'org.name as branchName'])
    .where('org.kind', '=', 'branch')
    .where('org.id', 'in', ids)
    .orderBy('org.id')
    .execute();
}

// ── records a self-evaluation can link (linkable.ts) ──────────────────────────────────────

/** The branches' points activities in the dates, with their live attendees and files (200 at most). */
export function linkableActivities(
  db: DbOrTrx,
  branchIds: SubtreeIds,
  live: readonly string[],
  start: string,
  end: string,
) {
  return db
    .selectFrom('points_activity')
    .select(['id', 'scheme_id', 'title', 'kind', 'occurred_on', 'item_code', 'created_at'])
    .select((eb) => [
      eb
        .selectFrom('points_entry')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('points_entry.activity_id', '=', 'points_activity.id')
        .where('points_entry.state', 'in', live)
        .as('attendees'),
      eb
        .selectFrom('evidence_link')
        .select(eb.fn.countAll<number>().as('n'))
        .where('evidence_link.entity_type', '=', 'points_activity')
        .whereRef('evidence_link.entity_id', '=', 'points_activity.id')
        .as('files'),
    ])
    .where('branch_id', 'in', branchIds)
    .where('occurred_on', '>=', start)
    .where('occurred_on', '<=', end)
    .orderBy('occurred_on')
    .orderBy('id')
    .limit(200)
    .execute();
}

/** Live single entries of the branches' members in the dates. */
function linkableEntryQuery(
  db: DbOrTrx,
  branchIds: SubtreeIds,
  live: readonly string[],
  start: string,
  end: string,
) {
  return db
    .selectFrom('points_entry')
    .innerJoin('member', 'member.id', 'points_entry.member_id')
    .where('points_entry.branch_id', 'in', branchIds)
    .where('points_entry.activity_id', 'is', null)
    .where('points_entry.kind', '=', 'normal')
    .where('points_entry.state', 'in', live)
    .where('points_entry.occurred_on', '>=', start)
    .where('points_entry.occurred_on', '<=', end);
}

export function countLinkableEntries(
  db: DbOrTrx,
  branchIds: SubtreeIds,
  live: readonly string[],
  start: string,
  end: string,
) {
  return linkableEntryQuery(db, branchIds, live, start, end)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
}

/** One page of those entries with their member's name and files, by date. */
export function linkableEntriesPage(
  db: DbOrTrx,
  branchIds: SubtreeIds,
  live: readonly string[],
  start: string,
  end: string,
  limit: number,
  offset: number,
) {
  return linkableEntryQuery(db, branchIds, live, start, end)
    .select([
      'points_entry.id',
      'points_entry.scheme_id',
      'points_entry.item_code',
      'points_entry.occurred_on',
      'points_entry.points',
      'points_entry.state',
      'points_entry.note',
      'member.name as member_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('evidence_link')
        .select(eb.fn.countAll<number>().as('n'))
        .where('evidence_link.entity_type', '=', 'points_entry')
        .whereRef('evidence_link.entity_id', '=', 'points_entry.id')
        .as('files'),
    )
    .orderBy('points_entry.occurred_on')
    .orderBy('points_entry.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * The self scores of the branches in `branchIds` for a month, with their branch month's plan
 * version: the monthly evaluation's evidence items another record can link (SPEC §7 一次留痕).
 */
export function selfScoresOfBranchesInMonth(db: DbOrTrx, branchIds: SubtreeIds, monthKey: string) {
  return db
    .selectFrom('be_self_score as s')
    .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
    .innerJoin('be_month as m', 'm.id', 'bm.month_id')
    .select(['s.id', 's.code', 's.score', 's.note', 'bm.branch_id', 'bm.plan_version_id', 'm.month'])
    .where('bm.branch_id', 'in', branchIds)
    .where('m.month', '=', monthKey)
    .orderBy('bm.branch_id')
    .orderBy('s.code')
    .execute();
}

/** Self scores by id with their branch and month, to check and label links to them. */
export function selfScoresWithMonth(db: DbOrTrx, ids: readonly number[]) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('be_self_score as s')
      .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
      .innerJoin('be_month as m', 'm.id', 'bm.month_id')
      .select(['s.id', 's.code', 's.score', 's.note', 'bm.branch_id', 'bm.plan_version_id', 'm.month'])
      .where('s.id', 'in', chunk)
      .execute(),
  );
}

const isPostgres = (db: DbOrTrx) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * A month's peer scores as bare numbers per rated branch and indicator (`scores`: comma-separated,
 * ascending, no rater named nor their order): what scoring needs, summed up by the database instead of
 * shipping one row per score. Served by be_peer_score_uq (month, rated, rater, code).
 */
export async function peerScoreListsOfMonth(db: DbOrTrx, monthId: number) {
  const list = isPostgres(db)
    ? sql<string>`string_agg(cast(score as text), ',' order by score)`
    : sql<string>`group_concat(cast(score as text), ',' order by score)`;
  const { rows } = await sql<{ rated_branch_id: number; code: string; scores: string }>`
    select rated_branch_id, code, ${list} as scores
    from be_peer_score where month_id = ${monthId}
    group by rated_branch_id, code`.execute(db);
  return rows;
}

/**
 * A month's peer sheets for the audit log's digest, one text block per rated branch (ascending):
 * every score as `rated␟rater␟code␟score\n`, in (rater, code) order — the bytes of the rows in
 * (rated, rater, code) order — with the block's score and sheet (rater) counts. The raters of
 * the month are counted from the blocks' lines.
 */
export async function peerDigestBlocksOfMonth(db: DbOrTrx, monthId: number) {
  const block = isPostgres(db)
    ? sql<string>`string_agg(cast(rated_branch_id as text) || chr(31) || cast(rater_branch_id as text) || chr(31) || code || chr(31) || cast(score as text) || chr(10), '' order by rater_branch_id, code)`
    : sql<string>`group_concat(cast(rated_branch_id as text) || char(31) || cast(rater_branch_id as text) || char(31) || code || char(31) || cast(score as text) || char(10), '' order by rater_branch_id, code)`;
  const { rows } = await sql<{
    rated_branch_id: number;
    block: string;
    scores: number | string;
    sheets: number | string;
  }>`
    select rated_branch_id, ${block} as block, count(*) as scores, count(distinct rater_branch_id) as sheets
    from be_peer_score where month_id = ${monthId}
    group by rated_branch_id
    order by rated_branch_id`.execute(db);
  return rows;
}
