/**
 * What every inspection use case shares: loading a campaign, the caller's roles at its committee,
 * and which target units the caller belongs to.
 *
 * **Who belongs to a unit.** A person belongs to a target unit T when any of these lies in T's
 * subtree of the unit tree: the unit of the member linked to their account (`member.unit_id`), the
 * unit served by that member's branch (`org.linked_unit_id`), a unit node where they hold a role,
 * or the unit served by a branch (or a branch under a node) where they hold the secretary role.
 * Such a person may not score T as an inspector. The secretaries among them (a role carrying
 * `inspection.self` at a branch linked to T or below, or at a node of T itself) enter T's
 * self-check.
 */
import type { DbOrTrx } from '../../../db/kysely.js';
import { permissions, type Role } from '../../../domain/access/roles.js';
import type { AuthUser } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { rolesAtOrg } from '../../lib/permissions.js';
import * as repo from './inspection.repo.js';

export async function loadCampaign(db: DbOrTrx, id: number): Promise<repo.CampaignRow> {
  const c = await repo.findCampaign(db, id);
  if (!c) throw new AppError('not_found', { entity: 'insp_campaign', id });
  return c;
}

/** The roles the user holds at the campaign's committee (granted there or above). */
export const rolesAtCampaign = (db: DbOrTrx, user: AuthUser, c: repo.CampaignRow): Promise<Role[]> =>
  rolesAtOrg(db, user, c.org_id);

const selfRoles = permissions['inspection.self'] as readonly Role[];

/** Which of `targets` the user belongs to, and which of them the user may self-check. */
export async function unitsOfUser(
  db: DbOrTrx,
  user: AuthUser,
  targets: readonly number[],
): Promise<{ belongs: Set<number>; selfCheck: Set<number> }> {
  const belongs = new Set<number>();
  const selfCheck = new Set<number>();
  if (targets.length === 0) return { belongs, selfCheck };
  const points = new Set<number>();
  const selfPoints = new Set<number>();
  if (user.memberId !== null) {
    const m = await repo.memberPlaces(db, user.memberId);
    if (m?.unit_id) points.add(m.unit_id);
    if (m?.linked_unit_id) points.add(m.linked_unit_id);
  }
  const grantOrgs = new Map(
    (await repo.orgsByIds(db, [...new Set(user.grants.map((g) => g.orgId))])).map((o) => [o.id, o]),
  );
  const partySelfRoots: number[] = [];
  for (const g of user.grants) {
    const org = grantOrgs.get(g.orgId);
    if (!org) continue;
    const isSelf = selfRoles.includes(g.role);
    if (org.tree === 'unit') {
      points.add(org.id);
      if (isSelf) selfPoints.add(org.id);
    } else if (isSelf) partySelfRoots.push(org.id);
  }
  for (const r of await repo.linkedUnitsUnder(db, partySelfRoots)) {
    if (r.linked_unit_id !== null) {
      points.add(r.linked_unit_id);
      selfPoints.add(r.linked_unit_id);
    }
  }
  if (points.size === 0) return { belongs, selfCheck };
  for (const p of await repo.subtreePairs(db, targets)) {
    if (points.has(p.descendant_id)) belongs.add(p.ancestor_id);
    if (selfPoints.has(p.descendant_id)) selfCheck.add(p.ancestor_id);
  }
  return { belongs, selfCheck };
}

/** Throws not_found unless `unitId` is a target unit of the campaign. */
export async function requireTargetUnit(db: DbOrTrx, campaignId: number, unitId: number) {
  const units = await repo.campaignUnits(db, campaignId);
  const u = units.find((x) => x.org_id === unitId);
  if (!u) throw new AppError('not_found', { entity: 'insp_unit', campaignId, unitId });
  return u;
}

/** A refusal by the inspection rules, with its own message in both languages. */
export const ruleError = (zh: string, en: string, details?: unknown) =>
  new AppError('inspection_rule', details ?? null, { zh, en });
