import type { DbOrTrx } from '../../../db/kysely.js';
import type { Permission } from '../../../domain/access/roles.js';
import type { AuthUser } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { authorize } from '../../lib/permissions.js';
import * as campaignRepo from './campaign.repo.js';

/**
 * The inspection campaign frame (migration 0012) as the ballot and ledger parts read it: the
 * campaign row and its target units in order. Shared by both parts; the campaign itself is
 * managed by the inspection module.
 */
export interface CampaignFrame {
  id: number;
  orgId: number;
  year: number;
  title: string;
  state: string;
}

export interface CampaignUnit {
  unitId: number;
  code: string;
  name: string;
}

export async function findCampaign(db: DbOrTrx, id: number): Promise<CampaignFrame | undefined> {
  const row = await campaignRepo.findCampaignRow(db, id);
  return row && { id: row.id, orgId: row.org_id, year: row.year, title: row.title, state: row.state };
}

/** The campaign, after checking the user holds `permission` at its committee's subtree. */
export async function authorizedCampaign(
  db: DbOrTrx,
  user: AuthUser,
  permission: Permission,
  id: number,
): Promise<CampaignFrame> {
  const c = await findCampaign(db, id);
  if (!c) throw new AppError('not_found', { entity: 'campaign', id });
  await authorize(db, user, permission, c.orgId);
  return c;
}

/** The campaign's target units in the campaign's order. */
export async function campaignUnits(db: DbOrTrx, campaignId: number): Promise<CampaignUnit[]> {
  const rows = await campaignRepo.campaignUnitRows(db, campaignId);
  return rows.map((r) => ({ unitId: r.id, code: r.code, name: r.name }));
}
