import type { DbOrTrx } from '../../../db/kysely.js';

/** Queries of the inspection campaign frame as the ballot and ledger parts read it. No rule lives here. */

export async function findCampaignRow(db: DbOrTrx, id: number) {
  return db
    .selectFrom('insp_campaign')
    .select(['id', 'org_id', 'year', 'title', 'state'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The campaign's target units in the campaign's order. */
export async function campaignUnitRows(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_unit')
    .innerJoin('org', 'org.id', 'insp_unit.org_id')
    .select(['org.id', 'org.code', 'org.name'])
    .where('insp_unit.campaign_id', '=', campaignId)
    .orderBy('insp_unit.sort_order')
    .orderBy('org.code')
    .execute();
}
