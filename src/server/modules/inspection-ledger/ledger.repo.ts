import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { InspLedgerDeductionTable, InspLedgerTable, InspLedgerTeamTable } from '../../../db/types.js';

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

export async function insertLedger(db: DbOrTrx, values: Insertable<InspLedgerTable>): Promise<void> {
  await db.insertInto('insp_ledger').values(values).execute();
}

/** The frozen manifest's teams, not yet drawn nor scored; inserted 200 rows at a time. */
export async function insertLedgerTeams(
  db: DbOrTrx,
  campaignId: number,
  teamRows: Pick<InspLedgerTeamTable, 'team_id' | 'unit_id' | 'team_code' | 'team_name'>[],
): Promise<void> {
  for (let i = 0; i < teamRows.length; i += 200) {
    await db
      .insertInto('insp_ledger_team')
      .values(
        teamRows.slice(i, i + 200).map((t) => ({
          ...t,
          campaign_id: campaignId,
          sort_key: null,
          draw_rank: null,
          sampled: 0,
          scored: 0,
          scored_by: null,
          scored_at: null,
        })),
      )
      .execute();
  }
}

export async function setSeed(
  db: DbOrTrx,
  campaignId: number,
  seed: string,
  at: string,
  userId: number,
): Promise<void> {
  await db
    .updateTable('insp_ledger')
    .set({ seed, seed_at: at, seed_by: userId })
    .where('campaign_id', '=', campaignId)
    .execute();
}

/** A team's place in the drawn sample. */
export async function setTeamDraw(
  db: DbOrTrx,
  campaignId: number,
  teamId: number,
  draw: Pick<InspLedgerTeamTable, 'sort_key' | 'draw_rank' | 'sampled'>,
): Promise<void> {
  await db
    .updateTable('insp_ledger_team')
    .set(draw)
    .where('campaign_id', '=', campaignId)
    .where('team_id', '=', teamId)
    .execute();
}

export async function markDrawn(db: DbOrTrx, campaignId: number, at: string): Promise<void> {
  await db.updateTable('insp_ledger').set({ drawn_at: at }).where('campaign_id', '=', campaignId).execute();
}

export async function deleteTeamDeductions(db: DbOrTrx, campaignId: number, teamId: number): Promise<void> {
  await db
    .deleteFrom('insp_ledger_deduction')
    .where('campaign_id', '=', campaignId)
    .where('team_id', '=', teamId)
    .execute();
}

export async function insertDeductions(
  db: DbOrTrx,
  rows: Insertable<InspLedgerDeductionTable>[],
): Promise<void> {
  await db.insertInto('insp_ledger_deduction').values(rows).execute();
}

export async function markTeamScored(
  db: DbOrTrx,
  campaignId: number,
  teamId: number,
  userId: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('insp_ledger_team')
    .set({ scored: 1, scored_by: userId, scored_at: at })
    .where('campaign_id', '=', campaignId)
    .where('team_id', '=', teamId)
    .execute();
}
