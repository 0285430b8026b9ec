import type { z } from 'zod';
import type { OrgNode, orgCreateBody, orgUpdateBody } from '../../../contracts/org.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgRow } from '../../../db/types.js';
import { canSitUnder, type OrgKind, treeOfKind } from '../../../domain/org/tree.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import {
  ancestorsOf,
  authorize,
  isSuperScope,
  requireSomewhere,
  scopeOrgIds,
} from '../../lib/permissions.js';
import { recountBoardTotals } from '../points/board-totals.service.js';
import * as repo from './org.repo.js';

export function toOrgNode(r: OrgRow & { member_count?: number }): OrgNode {
  return {
    id: r.id,
    tree: r.tree,
    kind: r.kind as OrgKind,
    code: r.code,
    name: r.name,
    parentId: r.parent_id,
    sortOrder: r.sort_order,
    activeFrom: r.active_from,
    activeTo: r.active_to,
    linkedUnitId: r.linked_unit_id,
    memberCount: Number(r.member_count ?? 0),
  };
}

/** The fields of an org that its audit entries record. */
export const orgAuditView = (r: OrgRow) => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  parentId: r.parent_id,
  sortOrder: r.sort_order,
  activeTo: r.active_to,
  linkedUnitId: r.linked_unit_id,
});

/** One org's row, or undefined: for other modules, which check access themselves. */
export function findOrgRow(db: DbOrTrx, id: number): Promise<OrgRow | undefined> {
  return repo.findOrg(db, id);
}

/** Several nodes by id (any number of ids). */
export function orgsByIds(db: DbOrTrx, ids: readonly number[]) {
  return repo.orgsByIds(db, ids);
}

/** Branches (党支部) under an org that are active at some point of [from, to]. */
export function branchesUnder(db: DbOrTrx, orgId: number, from: string, to: string) {
  return repo.branchesUnder(db, orgId, from, to);
}

/** The ids of a node and its ancestors, nearest first. */
export function ancestorIdsNearestFirst(db: DbOrTrx, orgId: number): Promise<number[]> {
  return repo.ancestorIdsNearestFirst(db, orgId);
}

/** Every node id under the given roots (the roots included). */
export function orgIdsUnder(db: DbOrTrx, roots: readonly number[]): Promise<number[]> {
  return repo.idsUnder(db, roots);
}

/** Branches under the given roots (the roots included). */
export function branchIdsUnder(db: DbOrTrx, roots: readonly number[]): Promise<number[]> {
  return repo.branchIdsUnder(db, roots);
}

/** The ids of a node and everything under it, as a subquery for `IN (…)` filters. */
export function subtreeIdsQuery(db: DbOrTrx, orgId: number) {
  return repo.subtreeIdsQuery(db, orgId);
}

/** Whether a node lies in the subtree of another (itself included). */
export function isInSubtree(db: DbOrTrx, ancestorId: number, nodeId: number): Promise<boolean> {
  return repo.isDescendant(db, ancestorId, nodeId);
}

/** The nodes of one tree that the user's `org.read` grants reach. */
export async function listOrgs(
  ctx: Ctx,
  tree: 'party' | 'unit',
  includeInactive: boolean,
): Promise<OrgNode[]> {
  const roots = requireSomewhere(ctx.user, 'org.read');
  const rows = await repo.listOrgsInScope(ctx.db, tree, await scopeOrgIds(ctx.db, roots), includeInactive);
  return rows.map(toOrgNode);
}

export async function getOrg(ctx: Ctx, id: number): Promise<OrgNode> {
  await authorize(ctx.db, ctx.user, 'org.read', id);
  const row = await repo.findOrg(ctx.db, id);
  if (!row) throw new AppError('not_found', { entity: 'org', id });
  return toOrgNode(row);
}

/**
 * Why a node of `kind` cannot be placed under `parent` (null: as a root), or null when it can:
 * the parent must be active, in the same tree, and of a kind the node may sit under. Shared by
 * createOrg and the Excel import, whose parents may be rows of the same sheet.
 */
export function placementProblem(
  kind: OrgKind,
  parent: Pick<OrgRow, 'id' | 'tree' | 'kind' | 'active_to'> | null,
): AppError | null {
  if (parent?.active_to) return new AppError('org_inactive', { id: parent.id });
  if (parent && parent.tree !== treeOfKind(kind))
    return new AppError('invalid_parent', { kind, parentKind: parent.kind });
  if (!canSitUnder(kind, (parent?.kind as OrgKind | undefined) ?? null)) {
    return new AppError('invalid_parent', { kind, parentKind: parent?.kind ?? null });
  }
  return null;
}

async function requireUnit(db: DbOrTrx, id: number | null | undefined): Promise<void> {
  if (id == null) return;
  const u = await repo.findOrg(db, id);
  if (u?.tree !== 'unit') throw new AppError('not_found', { entity: 'unit', id });
}

/**
 * Creates a node under `parentId` (or a new root, which only a user whose grants reach a whole
 * tree may do). The kind must fit under the parent's kind and the code must be new in its tree.
 */
export async function createOrg(
  ctx: Ctx,
  input: z.infer<typeof orgCreateBody>,
  trx?: DbOrTrx,
): Promise<OrgNode> {
  const run = async (db: DbOrTrx) => {
    const tree = treeOfKind(input.kind);
    let parent: OrgRow | undefined;
    if (input.parentId != null) {
      await authorize(db, ctx.user, 'org.manage', input.parentId);
      parent = await repo.findOrg(db, input.parentId);
      if (!parent) throw new AppError('not_found', { entity: 'org', id: input.parentId });
    } else if (!(await isSuperScope(db, ctx.user, 'org.manage'))) {
      throw new AppError('forbidden', { permission: 'org.manage', reason: 'root' });
    }
    const problem = placementProblem(input.kind, parent ?? null);
    if (problem) throw problem;
    if (await repo.findOrgByCode(db, tree, input.code))
      throw new AppError('duplicate_code', { code: input.code });
    if (tree === 'party') await requireUnit(db, input.linkedUnitId);
    const at = nowIso(ctx.clock);
    const row = await repo.insertOrg(db, {
      tree,
      kind: input.kind,
      code: input.code,
      name: input.name,
      parent_id: input.parentId,
      sort_order: input.sortOrder ?? 0,
      active_from: input.activeFrom ?? todayInChina(ctx.clock),
      active_to: null,
      linked_unit_id: tree === 'party' ? (input.linkedUnitId ?? null) : null,
      created_at: at,
      updated_at: at,
    });
    await appendAudit(db, ctx.user, at, [
      { action: 'org.create', entityType: 'org', entityId: row.id, orgId: row.id, after: orgAuditView(row) },
    ]);
    return toOrgNode(row);
  };
  return trx ? run(trx) : ctx.db.transaction().execute(run);
}

export async function updateOrg(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof orgUpdateBody>,
): Promise<OrgNode> {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'org.manage', id);
    const before = await repo.findOrg(trx, id);
    if (!before) throw new AppError('not_found', { entity: 'org', id });
    if (
      input.code &&
      input.code !== before.code &&
      (await repo.findOrgByCode(trx, before.tree, input.code))
    ) {
      throw new AppError('duplicate_code', { code: input.code });
    }
    if (input.linkedUnitId !== undefined) {
      if (before.tree !== 'party') throw new AppError('validation_failed', { field: 'linkedUnitId' });
      await requireUnit(trx, input.linkedUnitId);
    }
    const at = nowIso(ctx.clock);
    const after = await repo.updateOrgReturning(trx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
      ...(input.linkedUnitId !== undefined ? { linked_unit_id: input.linkedUnitId } : {}),
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'org.update',
        entityType: 'org',
        entityId: id,
        orgId: id,
        before: orgAuditView(before),
        after: orgAuditView(after),
      },
    ]);
    return toOrgNode(after);
  });
}

/** Moves a node (with its subtree and members) under another parent of the same tree. */
export async function moveOrg(ctx: Ctx, id: number, parentId: number): Promise<OrgNode> {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'org.manage', id);
    await authorize(trx, ctx.user, 'org.manage', parentId);
    const node = await repo.findOrg(trx, id);
    const parent = await repo.findOrg(trx, parentId);
    if (!node || !parent) throw new AppError('not_found', { entity: 'org', id: node ? parentId : id });
    if (await repo.isDescendant(trx, id, parentId)) throw new AppError('invalid_move', { id, parentId });
    if (parent.tree !== node.tree || !canSitUnder(node.kind as OrgKind, parent.kind as OrgKind)) {
      throw new AppError('invalid_parent', { kind: node.kind, parentKind: parent.kind });
    }
    if (parent.active_to) throw new AppError('org_inactive', { id: parentId });
    // The orgs whose subtree loses or gains the node: their stored board histograms change.
    const above = (await ancestorsOf(trx, id)).filter((o) => o !== id);
    await repo.moveSubtree(trx, id, parentId);
    const abovePlace = (await ancestorsOf(trx, id)).filter((o) => o !== id);
    await recountBoardTotals(trx, [...new Set([...above, ...abovePlace])]);
    const at = nowIso(ctx.clock);
    await repo.updateOrg(trx, id, { updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'org.move',
        entityType: 'org',
        entityId: id,
        orgId: id,
        before: { parentId: node.parent_id },
        after: { parentId },
      },
    ]);
    return toOrgNode({ ...node, parent_id: parentId, updated_at: at });
  });
}

/**
 * Ends a node's active period. History stays: nothing is deleted, and a node that still has
 * active children or members cannot be deactivated (they must be moved first).
 */
export async function deactivateOrg(ctx: Ctx, id: number, activeTo?: string): Promise<OrgNode> {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'org.manage', id);
    const before = await repo.findOrg(trx, id);
    if (!before) throw new AppError('not_found', { entity: 'org', id });
    if (before.active_to) throw new AppError('org_inactive', { id });
    const children = await repo.countActiveChildren(trx, id);
    const members = await repo.countActiveMembersIn(trx, id);
    if (children > 0 || members > 0) throw new AppError('org_has_active_children', { children, members });
    const at = nowIso(ctx.clock);
    const end = activeTo ?? todayInChina(ctx.clock);
    if (end < before.active_from)
      throw new AppError('validation_failed', { field: 'activeTo', min: before.active_from });
    const after = await repo.updateOrgReturning(trx, id, { active_to: end, updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'org.deactivate',
        entityType: 'org',
        entityId: id,
        orgId: id,
        before: orgAuditView(before),
        after: orgAuditView(after),
      },
    ]);
    return toOrgNode(after);
  });
}
