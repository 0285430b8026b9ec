import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DbOrTrx } from '../../db/kysely.js';
import { precompiled } from '../../db/precompiled.js';
import { allows, type Permission, type Role, rolesAt, scopeRoots } from '../../domain/access/roles.js';
import type { AuthUser } from './context.js';
import { AppError } from './errors.js';

/**
 * The ids of a node and all its ancestors, from the closure table. Administrative units have
 * no party ancestors, yet a grant at a root committee reaches the whole enterprise: for a unit
 * node the party tree's roots count as ancestors too.
 */
export async function ancestorsOf(db: DbOrTrx, orgId: number): Promise<number[]> {
  const rows = await ancestorRows(db, orgId);
  const ids = rows.map((r) => r.ancestor_id);
  if (rows[0]?.tree === 'unit') ids.push(...(await partyRootIds(db)));
  return ids;
}

// Both run on nearly every request (several times for a to-do): compiled once, not per call.
const ancestorRows = precompiled(1, (db, orgId: number) =>
  db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.descendant_id')
    .select(['org_closure.ancestor_id', 'org.tree'])
    .where('org_closure.descendant_id', '=', orgId),
);
const treeRoots = precompiled(0, (db) =>
  db.selectFrom('org').select(['id', 'tree']).where('parent_id', 'is', null),
);

export async function partyRootIds(db: DbOrTrx): Promise<number[]> {
  // The roots of both trees by the parent index, then the party's: filtering on `tree` in SQL
  // made SQLite walk the whole tree by its (tree, code) index instead (every request asks this).
  const roots = await treeRoots(db);
  return roots.filter((r) => r.tree === 'party').map((r) => r.id);
}

/**
 * Everything a set of scope roots reaches, as a subquery of org ids for `IN (…)` filters: the
 * subtrees of the roots, plus the whole unit tree when a root is a party root.
 */
export async function scopeOrgIds(db: DbOrTrx, roots: number[], knownPartyRoots?: readonly number[]) {
  const partyRoots = new Set(knownPartyRoots ?? (await partyRootIds(db)));
  const reachesUnits = roots.some((r) => partyRoots.has(r));
  const sub = db.selectFrom('org_closure').select('descendant_id as id').where('ancestor_id', 'in', roots);
  // UNION ALL: `IN (…)` does not care about duplicates, and the planner then skips sorting them out.
  return reachesUnits ? sub.unionAll(db.selectFrom('org').select('id').where('tree', '=', 'unit')) : sub;
}

/** A condition on one row's org column: whether that org lies in a scope (see `scopeFilter`). */
export type OrgScopeFilter = (column: string) => RawBuilder<SqlBool>;

/**
 * The orgs of `scopeOrgIds`, as a condition checked row by row (`EXISTS` on the closure table)
 * rather than a list of every org in the scope: for counts of what waits (few rows, a scope
 * that may hold the whole organisation's 20,000 orgs), the database then reads only the
 * waiting rows instead of probing once per org of the scope.
 */
export async function scopeFilter(
  db: DbOrTrx,
  roots: readonly number[],
  knownPartyRoots?: readonly number[],
): Promise<OrgScopeFilter> {
  if (roots.length === 0) return () => sql<SqlBool>`1 = 0`;
  const partyRoots = new Set(knownPartyRoots ?? (await partyRootIds(db)));
  const reachesUnits = roots.some((r) => partyRoots.has(r));
  // Every party root and so the unit tree too: every org there is. Nothing to check row by row.
  if (partyRoots.size > 0 && [...partyRoots].every((r) => roots.includes(r)))
    return (column) => sql<SqlBool>`${sql.ref(column)} is not null`;
  const ids = sql.join(roots.map((r) => sql.lit(r)));
  return (column) => {
    const inTree = sql<SqlBool>`exists (select 1 from org_closure sc where sc.descendant_id = ${sql.ref(column)} and sc.ancestor_id in (${ids}))`;
    return reachesUnits
      ? sql<SqlBool>`(${inTree} or exists (select 1 from org su where su.id = ${sql.ref(column)} and su.tree = 'unit'))`
      : inTree;
  };
}

/**
 * The one permission check of the server: throws `forbidden` unless the user holds a role
 * carrying `permission` at `orgId` or one of its ancestors; an unknown org is `not_found`.
 */
export async function authorize(
  db: DbOrTrx,
  user: AuthUser,
  permission: Permission,
  orgId: number,
): Promise<void> {
  authorizeOn(await ancestorsOf(db, orgId), user, permission, orgId);
}

/** `authorize` on the org's ancestors already read (`ancestorsOf`), e.g. kept per data version. */
export function authorizeOn(
  ancestors: readonly number[],
  user: AuthUser,
  permission: Permission,
  orgId: number,
): void {
  if (ancestors.length === 0) {
    throw new AppError('not_found', { entity: 'org', id: orgId });
  }
  if (!allows(user.grants, permission, ancestors)) throw new AppError('forbidden', { permission, orgId });
}

/** Whether the user may use `permission` at `orgId` (no throw). */
export async function can(
  db: DbOrTrx,
  user: AuthUser,
  permission: Permission,
  orgId: number,
): Promise<boolean> {
  return allows(user.grants, permission, await ancestorsOf(db, orgId));
}

/** Throws `forbidden` unless the permission is held somewhere (for lists that are then scoped). */
export function requireSomewhere(user: AuthUser, permission: Permission): number[] {
  const roots = scopeRoots(user.grants, permission);
  if (roots.length === 0) throw new AppError('forbidden', { permission });
  return roots;
}

/** Whether the user's grants for `permission` include a root of the party tree (the whole organisation). */
export async function isSuperScope(
  db: DbOrTrx,
  user: AuthUser,
  permission: Permission,
  knownPartyRoots?: readonly number[],
): Promise<boolean> {
  const roots = scopeRoots(user.grants, permission);
  if (roots.length === 0) return false;
  const partyRoots = knownPartyRoots ?? (await partyRootIds(db));
  return roots.some((r) => partyRoots.includes(r));
}

/** The subquery type of `scopeOrgIds`, for repos that filter by it. */
export type OrgIdSubquery = Awaited<ReturnType<typeof scopeOrgIds>>;

/**
 * Whether the user holds `permission` at `orgId` or anywhere inside its subtree: e.g. a branch
 * secretary reads the scheme of the root committee their branch belongs to.
 */
export async function reachesInto(
  db: DbOrTrx,
  user: AuthUser,
  permission: Permission,
  orgId: number,
): Promise<boolean> {
  const roots = scopeRoots(user.grants, permission);
  if (roots.length === 0) return false;
  if (allows(user.grants, permission, await ancestorsOf(db, orgId))) return true;
  const inside = await db
    .selectFrom('org_closure')
    .select('descendant_id')
    .where('ancestor_id', '=', orgId)
    .where('descendant_id', 'in', roots)
    .executeTakeFirst();
  return inside !== undefined;
}

/**
 * `rolesAtOrg` for several nodes in one read of the closure table (a page of entries from many
 * branches): the same roles per node, a node unknown to the tree holding none.
 */
export async function rolesAtEach(
  db: DbOrTrx,
  user: AuthUser,
  orgIds: readonly number[],
): Promise<Map<number, Role[]>> {
  const ancestors = new Map<number, number[]>(orgIds.map((id) => [id, []]));
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.descendant_id')
    .select(['org_closure.descendant_id', 'org_closure.ancestor_id', 'org.tree'])
    .where('org_closure.descendant_id', 'in', [...new Set(orgIds)])
    .execute();
  const units = new Set<number>();
  for (const r of rows) {
    ancestors.get(r.descendant_id)?.push(r.ancestor_id);
    if (r.tree === 'unit') units.add(r.descendant_id);
  }
  // As `ancestorsOf`: a unit's ancestors include the party tree's roots.
  if (units.size > 0) {
    const roots = await partyRootIds(db);
    for (const id of units) ancestors.get(id)?.push(...roots);
  }
  return new Map([...ancestors].map(([id, ids]) => [id, rolesAt(user.grants, ids)]));
}

/** The roles the user holds at a node (granted there or at an ancestor). */
export async function rolesAtOrg(db: DbOrTrx, user: AuthUser, orgId: number): Promise<Role[]> {
  return rolesAt(user.grants, await ancestorsOf(db, orgId));
}
