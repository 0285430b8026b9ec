/**
 * Queries of the quarter plans and their versions (the indicators a branch is scored on). Kysely only, no business rules;
 * every list query here is served by an index of migration 0004, 0005 or 0006 (named beside it).
 */
import { type Insertable, PostgresAdapter, type Selectable, sql, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../../../db/kysely.js';
import type { BePlanTable, BePlanVersionTable } from '../../../../db/types.js';
import { bumpDataVersion } from '../../../lib/data-version.js';
import type { OrgIdSubquery, OrgScopeFilter } from '../../../lib/permissions.js';
import { chunked, count } from '../branch-eval.repo.js';

export type PlanRow = Selectable<BePlanTable>;
export type PlanVersionRow = Selectable<BePlanVersionTable>;

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

/**
 * The distinct plan texts of a month's branch months, each with the ids of the versions holding
 * it (comma-separated): a round of 6,000 branches has a version per branch but a few distinct
 * plans, so the database groups them instead of sending 6,000 copies of the same text.
 */
export async function planTextsOfMonth(db: DbOrTrx, monthId: number) {
  const ids =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql<string>`string_agg(cast(v.id as text), ',')`
      : sql<string>`group_concat(v.id, ',')`;
  const { rows } = await sql<{ plan_json: string; ids: string }>`
    select v.plan_json, ${ids} as ids
    from be_plan_version v
    where v.id in (select bm.plan_version_id from be_branch_month bm where bm.month_id = ${monthId})
    group by v.plan_json`.execute(db);
  return rows;
}

export function versionsOfPlan(db: DbOrTrx, planId: number) {
  return db
    .selectFrom('be_plan_version')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('version', 'desc')
    .execute();
}

export async function insertVersion(db: DbOrTrx, row: Insertable<BePlanVersionTable>) {
  await bumpDataVersion(db, 'branch_eval');
  return db.insertInto('be_plan_version').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateVersion(db: DbOrTrx, id: number, set: Updateable<BePlanVersionTable>) {
  await bumpDataVersion(db, 'branch_eval');
  return db.updateTable('be_plan_version').set(set).where('id', '=', id).execute();
}

/** Draft plans of branches in a scope up to a quarter, however old (the committee's approvals waiting). */
export function draftPlansIn(db: DbOrTrx, scope: OrgScopeFilter, upToQuarter: string) {
  return db
    .selectFrom('be_plan')
    .select(['id', 'org_id', 'branch_id', 'quarter'])
    .where(scope('branch_id'))
    .where('quarter', '<=', upToQuarter)
    .where('state', '=', 'draft')
    .orderBy('quarter')
    .execute();
}
