/**
 * Queries of the branch joint evaluation: Kysely only, no business rules. Every list query here
 * is served by an index of migration 0004, 0005 or 0006 (named beside it).
 */
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type {
  BeBranchMonthTable,
  BeCorrectionItemTable,
  BeCorrectionTable,
  BeGradeRuleTable,
  BeIndicatorTable,
  BeMonthScoreTable,
  BeMonthTable,
  BePlanTable,
  BePlanVersionTable,
  BeResultVersionTable,
  BeTemplateTable,
} from '../../../db/types.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

export type IndicatorRow = Selectable<BeIndicatorTable>;
export type TemplateRow = Selectable<BeTemplateTable>;
export type PlanRow = Selectable<BePlanTable>;
export type PlanVersionRow = Selectable<BePlanVersionTable>;
export type MonthRow = Selectable<BeMonthTable>;
export type BranchMonthRow = Selectable<BeBranchMonthTable>;
export type MonthScoreRow = Selectable<BeMonthScoreTable>;

const count = (n: { n: number | string } | undefined) => Number(n?.n ?? 0);

/**
 * Runs an `IN (…)` query in chunks of 1000 ids: a province-size round (6,000 branches × 20
 * indicators) would pass SQLite's and PostgreSQL's bound-parameter limits in one list.
 */
async function chunked<T>(ids: readonly number[], run: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += 1000) {
    // One push per row: spreading a chunk's rows (150,000 peer scores at province scale) as
    // arguments would overflow the stack.
    for (const row of await run(unique.slice(i, i + 1000))) out.push(row);
  }
  return out;
}

// ── indicator library (be_indicator_list_idx) ─────────────────────────────────────────────

export interface IndicatorFilter {
  orgId: number;
  category?: string | undefined;
  active?: boolean | undefined;
  q?: string | undefined;
}

function indicatorBase(db: DbOrTrx, f: IndicatorFilter) {
  let q = db.selectFrom('be_indicator').where('org_id', '=', f.orgId);
  if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('code', 'like', like), eb('name', 'like', like)]));
  }
  return q;
}

export async function countIndicators(db: DbOrTrx, f: IndicatorFilter): Promise<number> {
  return count(
    await indicatorBase(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  );
}

export function listIndicators(db: DbOrTrx, f: IndicatorFilter, limit: number, offset: number) {
  return indicatorBase(db, f).selectAll().orderBy('code').limit(limit).offset(offset).execute();
}

export function findIndicator(db: DbOrTrx, id: number) {
  return db.selectFrom('be_indicator').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findIndicatorByCode(db: DbOrTrx, orgId: number, code: string) {
  return db
    .selectFrom('be_indicator')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export function indicatorsByCodes(db: DbOrTrx, orgIds: readonly number[], codes: readonly string[]) {
  if (orgIds.length === 0 || codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('be_indicator')
    .selectAll()
    .where('org_id', 'in', [...orgIds])
    .where('code', 'in', [...codes])
    .where('active', '=', 1)
    .execute();
}

export function allIndicatorsOf(db: DbOrTrx, orgId: number) {
  return db.selectFrom('be_indicator').selectAll().where('org_id', '=', orgId).orderBy('code').execute();
}

export function insertIndicator(db: DbOrTrx, row: Insertable<BeIndicatorTable>) {
  return db.insertInto('be_indicator').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateIndicator(db: DbOrTrx, id: number, set: Updateable<BeIndicatorTable>) {
  return db.updateTable('be_indicator').set(set).where('id', '=', id).execute();
}

// ── templates (be_template_org_idx) ───────────────────────────────────────────────────────

export async function countTemplates(db: DbOrTrx, orgId: number): Promise<number> {
  return count(
    await db
      .selectFrom('be_template')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
  );
}

export function listTemplates(db: DbOrTrx, orgId: number, limit: number, offset: number) {
  return db
    .selectFrom('be_template')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export function findTemplate(db: DbOrTrx, id: number) {
  return db.selectFrom('be_template').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertTemplate(db: DbOrTrx, row: Insertable<BeTemplateTable>) {
  return db.insertInto('be_template').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateTemplate(db: DbOrTrx, id: number, set: Updateable<BeTemplateTable>) {
  return db.updateTable('be_template').set(set).where('id', '=', id).execute();
}

// ── plans (be_plan_round_idx, be_plan_uq) ─────────────────────────────────────────────────

export function findPlan(db: DbOrTrx, id: number) {
  return db.selectFrom('be_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPlanOfBranch(db: DbOrTrx, branchId: number, quarter: string) {
  return db
    .selectFrom('be_plan')
    .selectAll()
    .where('branch_id', '=', branchId)
    .where('quarter', '=', quarter)
    .executeTakeFirst();
}

export function plansOfBranches(db: DbOrTrx, branchIds: readonly number[], quarter: string) {
  return chunked(branchIds, (chunk) =>
    db
      .selectFrom('be_plan')
      .selectAll()
      .where('branch_id', 'in', chunk)
      .where('quarter', '=', quarter)
      .execute(),
  );
}

export interface PlanFilter {
  orgId: number;
  quarter: string;
  state?: 'draft' | 'approved' | undefined;
  /** Only plans of branches inside this subquery (the viewer's scope). */
  scope?: OrgIdSubquery | undefined;
}

function planBase(db: DbOrTrx, f: PlanFilter) {
  let q = db
    .selectFrom('be_plan')
    .innerJoin('org', 'org.id', 'be_plan.branch_id')
    .where('be_plan.org_id', '=', f.orgId)
    .where('be_plan.quarter', '=', f.quarter);
  if (f.state) q = q.where('be_plan.state', '=', f.state);
  if (f.scope) q = q.where('be_plan.branch_id', 'in', f.scope);
  return q;
}

export async function countPlans(db: DbOrTrx, f: PlanFilter): Promise<number> {
  return count(
    await planBase(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  );
}

export function listPlans(db: DbOrTrx, f: PlanFilter, limit?: number, offset?: number) {
  let q = planBase(db, f)
    .selectAll('be_plan')
    .select(['org.code as branch_code', 'org.name as branch_name'])
    .orderBy('org.sort_order')
    .orderBy('be_plan.branch_id');
  if (limit !== undefined) q = q.limit(limit).offset(offset ?? 0);
  return q.execute();
}

export function insertPlan(db: DbOrTrx, row: Insertable<BePlanTable>) {
  return db.insertInto('be_plan').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updatePlan(db: DbOrTrx, id: number, set: Updateable<BePlanTable>) {
  return db.updateTable('be_plan').set(set).where('id', '=', id).execute();
}

/** Updates a plan only if it is still in `fromState`: two committee members cannot both act on it. */
export async function updatePlanFrom(
  db: DbOrTrx,
  id: number,
  fromState: BePlanTable['state'],
  set: Updateable<BePlanTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('be_plan')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', fromState)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findVersion(db: DbOrTrx, id: number) {
  return db.selectFrom('be_plan_version').selectAll().where('id', '=', id).executeTakeFirst();
}

export function versionsByIds(db: DbOrTrx, ids: readonly number[]) {
  return chunked(ids, (chunk) =>
    db.selectFrom('be_plan_version').selectAll().where('id', 'in', chunk).execute(),
  );
}

export function versionsOfPlan(db: DbOrTrx, planId: number) {
  return db
    .selectFrom('be_plan_version')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('version', 'desc')
    .execute();
}

export function insertVersion(db: DbOrTrx, row: Insertable<BePlanVersionTable>) {
  return db.insertInto('be_plan_version').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateVersion(db: DbOrTrx, id: number, set: Updateable<BePlanVersionTable>) {
  return db.updateTable('be_plan_version').set(set).where('id', '=', id).execute();
}

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
export async function insertMonthIfMissing(db: DbOrTrx, orgId: number, month: string, at: string) {
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
    })
    .onConflict((oc) => oc.columns(['org_id', 'month']).doNothing())
    .returning('id')
    .executeTakeFirst();
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

export function updateMonth(
  db: DbOrTrx,
  id: number,
  fromStates: readonly BeMonthTable['state'][],
  set: Updateable<BeMonthTable>,
) {
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

export function branchMonthsOf(db: DbOrTrx, monthId: number) {
  return db.selectFrom('be_branch_month').selectAll().where('month_id', '=', monthId).execute();
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

// ── verification ──────────────────────────────────────────────────────────────────────────

export function verificationsOf(db: DbOrTrx, branchMonthIds: readonly number[]) {
  return chunked(branchMonthIds, (chunk) =>
    db.selectFrom('be_verification').selectAll().where('branch_month_id', 'in', chunk).execute(),
  );
}

export async function upsertVerification(
  db: DbOrTrx,
  row: {
    branch_month_id: number;
    code: string;
    verified: number | null;
    done: 0 | 1 | null;
    innovation_award: number | null;
    reason: string | null;
    updated_by: number;
    updated_at: string;
  },
) {
  await db
    .insertInto('be_verification')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['branch_month_id', 'code']).doUpdateSet({
        verified: row.verified,
        done: row.done,
        innovation_award: row.innovation_award,
        reason: row.reason,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
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
  await db
    .updateTable('be_peer_score')
    .set((eb) => ({ score: eb.ref('score') }))
    .where('month_id', '=', monthId)
    .execute();
}

export function peerScoresOfMonth(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_peer_score')
    .select(['rated_branch_id', 'rater_branch_id', 'code', 'score'])
    .where('month_id', '=', monthId)
    .orderBy('rated_branch_id')
    .orderBy('rater_branch_id')
    .orderBy('code')
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

// ── results (be_month_score_rank_idx / _branch_idx, be_indicator_rank_page_idx) ───────────

export async function insertMonthScores(db: DbOrTrx, rows: readonly Insertable<BeMonthScoreTable>[]) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('be_month_score')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function insertIndicatorRanks(
  db: DbOrTrx,
  rows: readonly {
    month_id: number;
    code: string;
    branch_id: number;
    score: number;
    rank: number;
    prev_rank: number | null;
    movement: number | null;
  }[],
) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('be_indicator_rank')
      .values(rows.slice(i, i + 500))
      .execute();
  }
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
  within?: number,
): Promise<number> {
  return count(
    await db
      .selectFrom('be_indicator_rank')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', monthId)
      .where('code', '=', code)
      .$if(within !== undefined, (q) => q.where('branch_id', 'in', subtreeOf(db, within ?? 0)))
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
  within?: number,
) {
  return db
    .selectFrom('be_indicator_rank as r')
    .innerJoin('org', 'org.id', 'r.branch_id')
    .selectAll('r')
    .select(['org.code as branch_code', 'org.name as branch_name'])
    .where('r.month_id', '=', monthId)
    .where('r.code', '=', code)
    .$if(within !== undefined, (q) => q.where('r.branch_id', 'in', subtreeOf(db, within ?? 0)))
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

/** The ids of an org and everything under it (org_closure_pk). */
function subtreeOf(db: DbOrTrx, orgId: number) {
  return db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
}

/**
 * `sum / n` rounded half-up (away from zero) in integer arithmetic, for integer (bigint) operands
 * and n > 0: both databases truncate integer division toward zero, so the magnitude is rounded.
 */
function halfUpDiv(sum: string, n: string) {
  const s = sql.ref(sum);
  const d = sql.ref(n);
  return sql<number>`case when ${s} >= 0 then (2 * ${s} + ${d}) / (2 * ${d}) else -((${d} - 2 * ${s}) / (2 * ${d})) end`;
}

export async function countRanking(db: DbOrTrx, monthId: number, within?: number): Promise<number> {
  return count(
    await db
      .selectFrom('be_month_score')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', monthId)
      .$if(within !== undefined, (q) => q.where('branch_id', 'in', subtreeOf(db, within ?? 0)))
      .executeTakeFirst(),
  );
}

/**
 * A page of the month's ranking by total (be_month_score_rank_idx: month, rank, branch), without
 * the stored explanations, which a ranking row does not show.
 */
export function rankingPage(db: DbOrTrx, monthId: number, limit: number, offset: number, within?: number) {
  return db
    .selectFrom('be_month_score as s')
    .innerJoin('org', 'org.id', 's.branch_id')
    .select([
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
    ])
    .where('s.month_id', '=', monthId)
    .$if(within !== undefined, (q) => q.where('s.branch_id', 'in', subtreeOf(db, within ?? 0)))
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
export async function countBoard(db: DbOrTrx, monthIds: readonly number[], within?: number): Promise<number> {
  if (monthIds.length === 0) return 0;
  return count(
    await db
      .selectFrom('be_month_score')
      .select((eb) => eb.fn.count<number>('branch_id').distinct().as('n'))
      .where('month_id', 'in', [...monthIds])
      .$if(within !== undefined, (q) => q.where('branch_id', 'in', subtreeOf(db, within ?? 0)))
      .executeTakeFirst(),
  );
}

/**
 * A page of the quarter board (季考): branches by quarter score (the half-up mean of their month
 * totals in `monthIds`), ties by branch id, with the rank among ALL the round's branches and the
 * number of rows in scope (`total`, on every row: one aggregate instead of two).
 */
export function quarterBoardPage(
  db: DbOrTrx,
  monthIds: readonly number[],
  limit: number,
  offset: number,
  within?: number,
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
    .$if(within !== undefined, (q) => q.where('qr.branch_id', 'in', subtreeOf(db, within ?? 0)))
    .orderBy('qr.rank')
    .orderBy('qr.branch_id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * A page of the annual board (年定级): branches by annual score — the half-up mean of their
 * half-up quarter means over `monthIds` (one year's months) — highest first, ties by branch id,
 * with the number of rows in scope (`total`, on every row).
 */
export function gradeBoardPage(
  db: DbOrTrx,
  monthIds: readonly number[],
  limit: number,
  offset: number,
  within?: number,
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
    .$if(within !== undefined, (q) => q.where('bs.branch_id', 'in', subtreeOf(db, within ?? 0)))
    .orderBy('bs.annual', 'desc')
    .orderBy('bs.branch_id')
    .limit(limit)
    .offset(offset)
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
  await db.insertInto('be_rectification').values(row).execute();
}

// ── integration keys (be_integration_key_org_idx, key_hash unique) ────────────────────────

export async function countKeys(db: DbOrTrx, scope: OrgIdSubquery, orgId?: number): Promise<number> {
  let q = db.selectFrom('be_integration_key').where('org_id', 'in', scope);
  if (orgId) q = q.where('org_id', '=', orgId);
  return count(await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst());
}

export function listKeys(
  db: DbOrTrx,
  scope: OrgIdSubquery,
  orgId: number | undefined,
  limit: number,
  offset: number,
) {
  let q = db
    .selectFrom('be_integration_key as k')
    .innerJoin('org', 'org.id', 'k.org_id')
    .selectAll('k')
    .select('org.name as org_name')
    .where('k.org_id', 'in', scope);
  if (orgId) q = q.where('k.org_id', '=', orgId);
  return q.orderBy('k.id', 'desc').limit(limit).offset(offset).execute();
}

export function findKey(db: DbOrTrx, id: number) {
  return db
    .selectFrom('be_integration_key as k')
    .innerJoin('org', 'org.id', 'k.org_id')
    .selectAll('k')
    .select('org.name as org_name')
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export function findKeyByHash(db: DbOrTrx, hash: string) {
  return db.selectFrom('be_integration_key').selectAll().where('key_hash', '=', hash).executeTakeFirst();
}

export async function insertKey(
  db: DbOrTrx,
  row: {
    org_id: number;
    name: string;
    key_hash: string;
    key_prefix: string;
    created_by: number;
    created_at: string;
  },
) {
  const r = await db
    .insertInto('be_integration_key')
    .values({ ...row, revoked_by: null, revoked_at: null, revoke_reason: null, last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function revokeKey(
  db: DbOrTrx,
  id: number,
  by: number,
  at: string,
  reason: string,
): Promise<boolean> {
  const r = await db
    .updateTable('be_integration_key')
    .set({ revoked_by: by, revoked_at: at, revoke_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function touchKey(db: DbOrTrx, id: number, at: string) {
  await db.updateTable('be_integration_key').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Published months of a round from a month key on, oldest first (the benchmarking API's list). */
export function publishedMonthsSince(db: DbOrTrx, orgId: number, since: string) {
  return db
    .selectFrom('be_month')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('state', '=', 'published')
    .where('month', '>=', since)
    .orderBy('month')
    .execute();
}

export async function scoreCounts(db: DbOrTrx, monthIds: readonly number[]) {
  if (monthIds.length === 0) return [];
  return db
    .selectFrom('be_month_score')
    .select(['month_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('month_id', 'in', [...monthIds])
    .groupBy('month_id')
    .execute();
}

/** Rounds (plan orgs) of a quarter whose org lies in a scope: where a user's round duties are. */
export async function roundOrgsIn(db: DbOrTrx, scope: OrgIdSubquery, quarter: string): Promise<number[]> {
  const rows = await db
    .selectFrom('be_plan')
    .select('org_id')
    .where('org_id', 'in', scope)
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
  scope: OrgIdSubquery,
  upTo: string,
  done: readonly ('approved' | 'published')[],
): Promise<{ orgId: number; month: string }[]> {
  const year = Number(upTo.slice(0, 4));
  const lastQuarter = `${year}-Q${Math.ceil(Number(upTo.slice(5, 7)) / 3)}`;
  const rounds = await db
    .selectFrom('be_plan')
    .select(['org_id', 'quarter'])
    .where(by, 'in', scope)
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

/** Draft plans of branches in a scope up to a quarter, however old (the committee's approvals waiting). */
export function draftPlansIn(db: DbOrTrx, scope: OrgIdSubquery, upToQuarter: string) {
  return db
    .selectFrom('be_plan')
    .select(['id', 'org_id', 'branch_id', 'quarter'])
    .where('branch_id', 'in', scope)
    .where('quarter', '<=', upToQuarter)
    .where('state', '=', 'draft')
    .orderBy('quarter')
    .execute();
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
export function pendingCorrectionsIn(db: DbOrTrx, scope: OrgIdSubquery) {
  return db
    .selectFrom('be_correction as c')
    .innerJoin('be_month as m', 'm.id', 'c.month_id')
    .select(['m.org_id', 'm.month', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.state', '=', 'pending')
    .where('m.org_id', 'in', scope)
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
