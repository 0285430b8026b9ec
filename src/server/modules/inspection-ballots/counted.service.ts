/**
 * The public "was my code counted" list (SPEC §5): after the box closes, each unit's codes issued
 * and used and the sorted SHA-256 of the used codes, for voters with no account. It reads what the
 * organisers' used-codes view reads, and nothing that orders, times or ties a code to the counts.
 */
import type { z } from 'zod';
import type { countedCodesResponse } from '../../../contracts/inspection-ballots.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import * as repo from './ballots.repo.js';
import { campaignUnits, findCampaign } from './campaign.common.js';

export async function countedCodes(
  deps: Pick<Deps, 'db'>,
  campaignId: number,
): Promise<z.input<typeof countedCodesResponse>> {
  const c = await findCampaign(deps.db, campaignId);
  if (!c) throw new AppError('not_found', { entity: 'campaign', id: campaignId });
  const box = await repo.findBox(deps.db, c.id);
  if (box?.state !== 'closed') throw new AppError('ballot_box_state', { state: box?.state ?? 'setup' });
  const counts = await repo.codeCounts(deps.db, c.id);
  const units = [];
  for (const u of await campaignUnits(deps.db, c.id))
    units.push({
      unitId: u.unitId,
      name: u.name,
      ...(counts.get(u.unitId) ?? { issued: 0, used: 0 }),
      usedHashes: await repo.usedHashes(deps.db, c.id, u.unitId),
    });
  return { campaignId: c.id, title: c.title, closedOn: box.closed_on, units };
}
