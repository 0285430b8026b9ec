import type { DbOrTrx } from '../../../db/kysely.js';

/** Queries of the ledger spot-check. No rule lives here. */

export async function findLedger(db: DbOrTrx, campaignId: number) {
  return db.selectFrom('insp_ledger').selectAll().where('campaign_id', '=', campaignId).executeTakeFirst();
}

/** The `team` nodes under a unit in the unit tree, active on `date`. */
export async function activeTeamsUnder(db: DbOrTrx, unitId: number, date: string) {
  return db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.descendant_id')
    .select(['org.id', 'org.code', 'org.name'])
    .where('org_closure.ancestor_id', '=', unitId)
    .where('org.tree', '=', 'unit')
    .where('org.kind', '=', 'team')
    .where('org.active_from', '<=', date)
    .where((eb) => eb.or([eb('org.active_to', 'is', null), eb('org.active_to', '>=', date)]))
    .orderBy('org.code')
    .execute();
}

export async function ledgerTeams(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_ledger_team')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('unit_id')
    .orderBy('draw_rank')
    .orderBy('team_code')
    .execute();
}

export async function deductions(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_ledger_deduction')
    .select(['team_id', 'points', 'note'])
    .where('campaign_id', '=', campaignId)
    .orderBy('id')
    .execute();
}
