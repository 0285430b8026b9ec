import { type Insertable, sql, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { AppUserTable, NewOrg, OrgRow, OrgTable, RoleGrantTable } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/** Kysely queries of the org trees; no rules here (those are in org.service and domain/org). */

export function findOrg(db: DbOrTrx, id: number): Promise<OrgRow | undefined> {
  return db.selectFrom('org').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgByCode(
  db: DbOrTrx,
  tree: 'party' | 'unit',
  code: string,
): Promise<OrgRow | undefined> {
  return db
    .selectFrom('org')
    .selectAll()
    .where('tree', '=', tree)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Inserts a node and its closure rows (its parent's ancestors one level deeper, and itself). */
export async function insertOrg(db: DbOrTrx, row: NewOrg): Promise<OrgRow> {
  await bumpDataVersion(db, 'directory');
  const org = await db.insertInto('org').values(row).returningAll().executeTakeFirstOrThrow();
  await db
    .insertInto('org_closure')
    .values({ ancestor_id: org.id, descendant_id: org.id, depth: 0 })
    .execute();
  if (org.parent_id != null) {
    await db
      .insertInto('org_closure')
      .columns(['ancestor_id', 'descendant_id', 'depth'])
      .expression(
        db
          .selectFrom('org_closure')
          .select([
            'ancestor_id',
            sql<number>`${org.id}`.as('descendant_id'),
            sql<number>`depth + 1`.as('depth'),
          ])
          .where('descendant_id', '=', org.parent_id),
      )
      .execute();
  }
  return org;
}

/**
 * Re-hangs a subtree under a new parent in the closure table: drops the links from the node's
 * old ancestors to every node of its subtree, then links every ancestor of the new parent to
 * every node of the subtree.
 */
export async function moveSubtree(db: DbOrTrx, nodeId: number, newParentId: number): Promise<void> {
  await bumpDataVersion(db, 'directory');
  await db
    .deleteFrom('org_closure')
    .where(
      'descendant_id',
      'in',
      db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', nodeId),
    )
    .where(
      'ancestor_id',
      'in',
      db
        .selectFrom('org_closure')
        .select('ancestor_id')
        .where('descendant_id', '=', nodeId)
        .where('ancestor_id', '!=', nodeId),
    )
    .execute();
  await db
    .insertInto('org_closure')
    .columns(['ancestor_id', 'descendant_id', 'depth'])
    .expression(
      db
        .selectFrom('org_closure as p')
        .innerJoin('org_closure as s', (j) => j.on('s.ancestor_id', '=', nodeId))
        .select(['p.ancestor_id', 's.descendant_id', sql<number>`p.depth + s.depth + 1`.as('depth')])
        .where('p.descendant_id', '=', newParentId),
    )
    .execute();
  await db.updateTable('org').set({ parent_id: newParentId }).where('id', '=', nodeId).execute();
}

/** Nodes of a tree within the given scope, with their count of active members. */
export async function listOrgsInScope(
  db: DbOrTrx,
  tree: 'party' | 'unit',
  scope: OrgIdSubquery,
  includeInactive: boolean,
) {
  let q = db
    .selectFrom('org')
    .leftJoin(
      db
        .selectFrom('member')
        .select(['branch_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('active', '=', 1)
        .groupBy('branch_id')
        .as('mc'),
      'mc.branch_id',
      'org.id',
    )
    .selectAll('org')
    .select((eb) => eb.fn.coalesce('mc.n', sql<number>`0`).as('member_count'))
    .where('org.tree', '=', tree)
    .where('org.id', 'in', scope);
  if (!includeInactive) q = q.where('org.active_to', 'is', null);
  return q.orderBy('org.parent_id').orderBy('org.sort_order').orderBy('org.code').execute();
}

export async function countActiveChildren(db: DbOrTrx, id: number): Promise<number> {
  const r = await db
    .selectFrom('org')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .where('active_to', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countActiveMembersIn(db: DbOrTrx, id: number): Promise<number> {
  const r = await db
    .selectFrom('member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('branch_id', '=', id), eb('unit_id', '=', id)]))
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function isDescendant(db: DbOrTrx, ancestorId: number, nodeId: number): Promise<boolean> {
  const r = await db
    .selectFrom('org_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', nodeId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Several nodes by id, in chunks of 1000 ids (the bound-parameter limits of both databases). */
export async function orgsByIds(db: DbOrTrx, ids: readonly number[]) {
  const unique = [...new Set(ids)];
  const out: Pick<OrgRow, 'id' | 'code' | 'name' | 'kind' | 'parent_id' | 'active_to'>[] = [];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('org')
      .select(['id', 'code', 'name', 'kind', 'parent_id', 'active_to'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const row of rows) out.push(row);
  }
  return out;
}

/** Branches (党支部) under an org that are active at some point of [from, to]. */
export function branchesUnder(db: DbOrTrx, orgId: number, from: string, to: string) {
  return db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.descendant_id')
    .select(['org.id', 'org.code', 'org.name', 'org.parent_id'])
    .where('org_closure.ancestor_id', '=', orgId)
    .where('org.kind', '=', 'branch')
    .where('org.active_from', '<=', to)
    .where((eb) => eb.or([eb('org.active_to', 'is', null), eb('org.active_to', '>=', from)]))
    .orderBy('org.sort_order')
    .orderBy('org.id')
    .execute();
}

/** The ids of a node and its ancestors, nearest first. */
export async function ancestorIdsNearestFirst(db: DbOrTrx, orgId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('org_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', orgId)
    .orderBy('depth')
    .execute();
  return rows.map((r) => r.ancestor_id);
}

/** Every node id under the given roots (the roots included). */
export async function idsUnder(db: DbOrTrx, roots: readonly number[]): Promise<number[]> {
  if (roots.length === 0) return [];
  const rows = await db
    .selectFrom('org_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', [...roots])
    .execute();
  return rows.map((r) => r.descendant_id);
}

/** Branches under the given roots (the roots included). */
export async function branchIdsUnder(db: DbOrTrx, roots: readonly number[]): Promise<number[]> {
  if (roots.length === 0) return [];
  const rows = await db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.descendant_id')
    .select('org.id')
    .where('org_closure.ancestor_id', 'in', [...roots])
    .where('org.kind', '=', 'branch')
    .distinct()
    .execute();
  return rows.map((r) => r.id);
}

/** The ids of a node and everything under it, as a subquery for `IN (…)` filters (org_closure_pk). */
export function subtreeIdsQuery(db: DbOrTrx, orgId: number) {
  return db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
}

export async function updateOrgReturning(
  db: DbOrTrx,
  id: number,
  set: Updateable<OrgTable>,
): Promise<OrgRow> {
  await bumpDataVersion(db, 'directory');
  return db.updateTable('org').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrg(db: DbOrTrx, id: number, set: Updateable<OrgTable>): Promise<void> {
  await bumpDataVersion(db, 'directory');
  await db.updateTable('org').set(set).where('id', '=', id).execute();
}

// ── the first accounts (bootstrap.ts) ─────────────────────────────────────────────────────

export function insertUser(db: DbOrTrx, values: Insertable<AppUserTable>): Promise<{ id: number }> {
  return db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertGrant(db: DbOrTrx, values: Insertable<RoleGrantTable>): Promise<void> {
  await db.insertInto('role_grant').values(values).execute();
}
