import { allows, type Grant, type Permission } from '../../domain/access/roles.js';
import { type FlatNode, pathTo } from './tree.js';

interface OrgLike extends FlatNode {
  tree: 'party' | 'unit';
}

/**
 * Whether the user's grants allow `permission` on one node, judged from the org lists the
 * client already holds — the same rule as the server's `authorize`, so buttons appear only
 * where the action would be accepted. For a unit node the party tree's roots count as
 * ancestors too (a grant at the root committee reaches the whole enterprise).
 */
export function canAt(
  grants: readonly Grant[],
  permission: Permission,
  orgId: number,
  orgs: readonly OrgLike[],
  partyRootIds: readonly number[],
): boolean {
  const chain = pathTo(orgs, orgId);
  if (chain.length === 0) return false;
  const ancestors = chain.map((o) => o.id);
  if (chain[0]?.tree === 'unit') ancestors.push(...partyRootIds);
  return allows(grants, permission, ancestors);
}

/** Ids of true roots of the party tree (no parent at all, not merely outside the user's view). */
export function partyRoots(orgs: readonly OrgLike[]): number[] {
  return orgs.filter((o) => o.tree === 'party' && o.parentId === null).map((o) => o.id);
}
