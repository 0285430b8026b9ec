/**
 * Queries of the integration keys and of the published results they read. Kysely only, no business rules;
 * every list query here is served by an index of migration 0004, 0005 or 0006 (named beside it).
 */
import type { DbOrTrx } from '../../../../db/kysely.js';
import type { OrgIdSubquery } from '../../../lib/permissions.js';
import { count } from '../branch-eval.repo.js';
import { rankingRowColumns } from '../results/results.repo.js';

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

/** Where a page of a ranking starts: after this rank and branch (the order the index keeps). */
export interface RankCursor {
  readonly rank: number;
  readonly branchId: number;
}

/**
 * A page of a month's ranking by total after a cursor: a range of be_month_score_rank_idx
 * (month, rank, branch), however deep the page.
 */
export function totalPageAfter(db: DbOrTrx, monthId: number, after: RankCursor | null, limit: number) {
  return db
    .selectFrom('be_month_score as s')
    .innerJoin('org', 'org.id', 's.branch_id')
    .select([...rankingRowColumns])
    .where('s.month_id', '=', monthId)
    .$call((q) =>
      after
        ? q.where((eb) => eb(eb.refTuple('s.rank', 's.branch_id'), '>', eb.tuple(after.rank, after.branchId)))
        : q,
    )
    .orderBy('s.rank')
    .orderBy('s.branch_id')
    .limit(limit)
    .execute();
}

/** A page of a month's ranking by one indicator after a cursor (be_indicator_rank_page_idx). */
export function indicatorPageAfter(
  db: DbOrTrx,
  monthId: number,
  code: string,
  after: RankCursor | null,
  limit: number,
) {
  return db
    .selectFrom('be_indicator_rank as r')
    .innerJoin('org', 'org.id', 'r.branch_id')
    .select([
      'r.rank',
      'r.prev_rank',
      'r.movement',
      'r.branch_id',
      'r.score',
      'org.code as branch_code',
      'org.name as branch_name',
    ])
    .where('r.month_id', '=', monthId)
    .where('r.code', '=', code)
    .$call((q) =>
      after
        ? q.where((eb) => eb(eb.refTuple('r.rank', 'r.branch_id'), '>', eb.tuple(after.rank, after.branchId)))
        : q,
    )
    .orderBy('r.rank')
    .orderBy('r.branch_id')
    .limit(limit)
    .execute();
}

/** How many branches each indicator ranks in a month (one pass of be_indicator_rank_page_idx). */
export function indicatorRowCounts(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_indicator_rank')
    .select(['code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('month_id', '=', monthId)
    .groupBy('code')
    .execute();
}
