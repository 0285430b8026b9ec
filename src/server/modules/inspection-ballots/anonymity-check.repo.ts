import { sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';

/** Queries of the ballot anonymity self-check. No rule lives here. */

/** Reads one row id of `table`; throws when the table has none (SQLite WITHOUT ROWID). */
export async function selectRowid(db: DbOrTrx, table: string): Promise<void> {
  await sql.raw(`select rowid from ${table} limit 1`).execute(db);
}

/** The audit rows about ballots: ballot actions or ballot tables. */
export async function ballotAuditRows(db: DbOrTrx) {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'action', 'before_json', 'after_json'])
    .where((eb) =>
      eb.or([eb('action', 'like', 'inspection.ballots%'), eb('entity_type', 'like', 'insp_ballot%')]),
    )
    .execute();
}

/** PostgreSQL: the units whose count rows carry more than one row version (xmin). */
export async function unitsWithSplitCountVersions(db: DbOrTrx) {
  const split = await sql<{ campaign_id: number; unit_id: number; versions: number }>`
      select campaign_id, unit_id, count(distinct xmin::text)::int as versions
      from insp_ballot_count group by campaign_id, unit_id
      having count(distinct xmin::text) > 1`.execute(db);
  return split.rows;
}

/** PostgreSQL: used codes whose row version matches a count row of another unit or campaign. */
export async function usedCodesSharingVersionElsewhere(db: DbOrTrx) {
  const linked = await sql<{ unit_id: number; other_units: number }>`
      select c.unit_id, count(*)::int as other_units
      from insp_ballot_code c join insp_ballot_count n on n.xmin::text = c.xmin::text
      where c.used = 1 and (n.unit_id <> c.unit_id or n.campaign_id <> c.campaign_id)
      group by c.unit_id`.execute(db);
  return linked.rows;
}

/** PostgreSQL: how many used codes of closed boxes share their row version with a count row. */
export async function closedCodesSharingVersion(db: DbOrTrx): Promise<number> {
  const closedLinked = await sql<{ n: number }>`
      select count(*)::int as n
      from insp_ballot_code c
      join insp_ballot_box b on b.campaign_id = c.campaign_id and b.state = 'closed'
      join insp_ballot_count n on n.xmin::text = c.xmin::text
      where c.used = 1`.execute(db);
  return closedLinked.rows[0]?.n ?? 0;
}
