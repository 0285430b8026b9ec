import { type Insertable, PostgresAdapter, sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { InspBallotBoxTable, InspPaperEntryTable } from '../../../db/types.js';
import { type Rating, ratings } from '../../../domain/inspection/ballots.js';
import { type RatingCounts, zeroCounts } from '../../../domain/inspection/tally.js';

/** Queries of the democratic evaluation. No rule lives here. */

export async function findBox(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_ballot_box')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
}

export async function upsertBox(
  db: DbOrTrx,
  campaignId: number,
  values: Omit<InspBallotBoxTable, 'campaign_id'>,
): Promise<void> {
  const existing = await findBox(db, campaignId);
  if (existing)
    await db.updateTable('insp_ballot_box').set(values).where('campaign_id', '=', campaignId).execute();
  else
    await db
      .insertInto('insp_ballot_box')
      .values({ campaign_id: campaignId, ...values })
      .execute();
}

export async function listItems(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_ballot_item')
    .select(['item_no', 'name_zh', 'name_en'])
    .where('campaign_id', '=', campaignId)
    .orderBy('item_no')
    .execute();
}

export async function replaceItems(
  db: DbOrTrx,
  campaignId: number,
  items: readonly { zh: string; en: string }[],
): Promise<void> {
  await db.deleteFrom('insp_ballot_item').where('campaign_id', '=', campaignId).execute();
  await db
    .insertInto('insp_ballot_item')
    .values(
      items.map((it, i) => ({ campaign_id: campaignId, item_no: i + 1, name_zh: it.zh, name_en: it.en })),
    )
    .execute();
}

/** Codes issued and used per unit. */
export async function codeCounts(db: DbOrTrx, campaignId: number) {
  const rows = await db
    .selectFrom('insp_ballot_code')
    .select(['unit_id', 'used', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy(['unit_id', 'used'])
    .execute();
  const out = new Map<number, { issued: number; used: number }>();
  for (const r of rows) {
    const c = out.get(r.unit_id) ?? { issued: 0, used: 0 };
    c.issued += Number(r.n);
    if (r.used === 1) c.used += Number(r.n);
    out.set(r.unit_id, c);
  }
  return out;
}

/** Inserts code hashes in hash order (never in the order they were printed). */
export async function insertCodes(
  db: DbOrTrx,
  campaignId: number,
  codes: readonly { hash: string; unitId: number; used?: boolean }[],
): Promise<void> {
  const sorted = [...codes].sort((a, b) => (a.hash < b.hash ? -1 : 1));
  for (let i = 0; i < sorted.length; i += 500) {
    await db
      .insertInto('insp_ballot_code')
      .values(
        sorted.slice(i, i + 500).map((c) => ({
          code_hash: c.hash,
          campaign_id: campaignId,
          unit_id: c.unitId,
          used: c.used ? 1 : 0,
        })),
      )
      .execute();
  }
}

/**
 * Rewrites all codes of a campaign in hash order (at close): on PostgreSQL the used marks then
 * carry the closing transaction's row version and sit in hash order in the table, so neither the
 * version nor the position of a used code says when it was used or which counts it changed.
 */
export async function rewriteCodes(db: DbOrTrx, campaignId: number): Promise<number> {
  const rows = await db
    .selectFrom('insp_ballot_code')
    .select(['code_hash', 'unit_id', 'used'])
    .where('campaign_id', '=', campaignId)
    .execute();
  await db.deleteFrom('insp_ballot_code').where('campaign_id', '=', campaignId).execute();
  await insertCodes(
    db,
    campaignId,
    rows.map((r) => ({ hash: r.code_hash, unitId: r.unit_id, used: r.used === 1 })),
  );
  return rows.length;
}

/**
 * At close, on PostgreSQL: the codes and the counts are written again in key order (`CLUSTER`),
 * so where a row lies in the table no longer depends on what happened while the box was open.
 * During voting a count row's new versions land wherever the page has room, which follows when
 * PostgreSQL happened to prune or vacuum — the machine's timing, never the votes, but a dump
 * would still differ from one run to another. SQLite keeps both tables (`WITHOUT ROWID`) as
 * B-trees in key order already. The lock is brief: both tables hold a few rows per unit and item.
 */
export async function storeBallotTablesInKeyOrder(db: DbOrTrx): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`cluster insp_ballot_code using insp_ballot_code_pkey`.execute(db);
  await sql`cluster insp_ballot_count using insp_ballot_count_pk`.execute(db);
}

export async function findCode(db: DbOrTrx, hash: string) {
  return db
    .selectFrom('insp_ballot_code')
    .select(['campaign_id', 'unit_id', 'used'])
    .where('code_hash', '=', hash)
    .executeTakeFirst();
}

/** A code's campaign, unit and used flag with its box's state (null before the box exists). */
export async function findCodeWithBox(db: DbOrTrx, hash: string) {
  return db
    .selectFrom('insp_ballot_code as c')
    .leftJoin('insp_ballot_box as b', 'b.campaign_id', 'c.campaign_id')
    .select(['c.campaign_id', 'c.unit_id', 'c.used', 'b.state'])
    .where('c.code_hash', '=', hash)
    .executeTakeFirst();
}

/**
 * Marks an unused code used while its campaign's box is open, in one statement; false when it
 * was used already (a concurrent ballot won) or the box is not open.
 */
export async function markCodeUsedWhileOpen(db: DbOrTrx, hash: string, campaignId: number): Promise<boolean> {
  const res = await db
    .updateTable('insp_ballot_code')
    .set({ used: 1 })
    .where('code_hash', '=', hash)
    .where('used', '=', 0)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('insp_ballot_box')
          .select(sql`1`.as('one'))
          .where('insp_ballot_box.campaign_id', '=', campaignId)
          .where('insp_ballot_box.state', '=', 'open'),
      ),
    )
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function usedHashes(db: DbOrTrx, campaignId: number, unitId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('insp_ballot_code')
    .select('code_hash')
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .where('used', '=', 1)
    .orderBy('code_hash')
    .execute();
  return rows.map((r) => r.code_hash);
}

/** Zero counts for every unit × item × rating, made when the box opens. */
export async function createZeroCounts(
  db: DbOrTrx,
  campaignId: number,
  unitIds: readonly number[],
  itemNos: readonly number[],
): Promise<void> {
  const rows = unitIds.flatMap((unit_id) =>
    itemNos.flatMap((item_no) =>
      ratings.map((rating) => ({ campaign_id: campaignId, unit_id, item_no, rating, n: 0 })),
    ),
  );
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('insp_ballot_count')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/**
 * Adds to a unit's counts, rewriting EVERY count row of the unit (most by + 0) in one
 * statement: on PostgreSQL all of a unit's count rows then carry the same row version, so the
 * transaction that marked a code used is not tied to the particular ratings it added (see
 * ARCHITECTURE.md). Returns the number of rows rewritten.
 */
export async function addToUnitCounts(
  db: DbOrTrx,
  campaignId: number,
  unitId: number,
  add: ReadonlyMap<string, number>,
): Promise<number> {
  const whens = [...add]
    .filter(([, n]) => n !== 0)
    .map(([key, n]) => {
      const [item, rating] = key.split('|') as [string, string];
      return sql`when item_no = ${Number(item)} and rating = ${rating} then cast(${n} as integer)`;
    });
  const delta = whens.length > 0 ? sql<number>`case ${sql.join(whens, sql` `)} else 0 end` : sql<number>`0`;
  const res = await db
    .updateTable('insp_ballot_count')
    .set({ n: sql<number>`n + ${delta}` })
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const countKey = (itemNo: number, rating: Rating) => `${itemNo}|${rating}`;

/** The counts of every unit of a campaign: unit → item → counts. */
export async function readCounts(db: DbOrTrx, campaignId: number) {
  const rows = await db
    .selectFrom('insp_ballot_count')
    .select(['unit_id', 'item_no', 'rating', 'n'])
    .where('campaign_id', '=', campaignId)
    .execute();
  const out = new Map<number, Map<number, RatingCounts>>();
  for (const r of rows) {
    const unit = out.get(r.unit_id) ?? new Map<number, RatingCounts>();
    const counts = unit.get(r.item_no) ?? zeroCounts();
    counts[r.rating as Rating] = Number(r.n);
    unit.set(r.item_no, counts);
    out.set(r.unit_id, unit);
  }
  return out;
}

/** The campaign's target unit ids, in the campaign's order. */
export async function campaignUnitIds(db: DbOrTrx, campaignId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('insp_unit')
    .select('org_id')
    .where('campaign_id', '=', campaignId)
    .orderBy('sort_order')
    .orderBy('org_id')
    .execute();
  return rows.map((r) => r.org_id);
}

/**
 * Per unit, sums over its counts: all counts (`ratingsGiven`) and the counts times the value of
 * their rating (`weightedSum`; `values` given by the domain). Units without counts are absent.
 */
export async function countSumsPerUnit(
  db: DbOrTrx,
  campaignId: number,
  values: Readonly<Record<Rating, number>>,
): Promise<Map<number, { ratingsGiven: number; weightedSum: number }>> {
  const value = sql<number>`case rating ${sql.join(
    ratings.map((r) => sql`when ${r} then cast(${values[r]} as integer)`),
    sql` `,
  )} else 0 end`;
  const rows = await db
    .selectFrom('insp_ballot_count')
    .select(['unit_id', sql<number>`sum(n)`.as('given'), sql<number>`sum(n * ${value})`.as('weighted')])
    .where('campaign_id', '=', campaignId)
    .groupBy('unit_id')
    .execute();
  return new Map(
    rows.map((r) => [r.unit_id, { ratingsGiven: Number(r.given), weightedSum: Number(r.weighted) }]),
  );
}

/** Per unit, its largest item total (the count rows summed per item). Units without counts are absent. */
export async function largestItemTotalPerUnit(db: DbOrTrx, campaignId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('insp_ballot_count')
        .select(['unit_id', sql<number>`sum(n)`.as('t')])
        .where('campaign_id', '=', campaignId)
        .groupBy(['unit_id', 'item_no'])
        .as('per_item'),
    )
    .select(['unit_id', sql<number>`max(t)`.as('largest')])
    .groupBy('unit_id')
    .execute();
  return new Map(rows.map((r) => [r.unit_id, Number(r.largest)]));
}

export async function paperEntries(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_paper_entry')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('unit_id')
    .orderBy('sheet_no')
    .orderBy('entry_no')
    .execute();
}

export async function sheetEntries(db: DbOrTrx, campaignId: number, unitId: number, sheetNo: number) {
  return db
    .selectFrom('insp_paper_entry')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .where('sheet_no', '=', sheetNo)
    .orderBy('entry_no')
    .execute();
}

/** The fields of a tally sheet entry its author may enter again. */
export type PaperEntryValues = Pick<
  InspPaperEntryTable,
  'entered_by' | 'entered_at' | 'ballots' | 'counts_json' | 'applied'
>;

export async function updatePaperEntry(
  db: DbOrTrx,
  campaignId: number,
  unitId: number,
  sheetNo: number,
  entryNo: number,
  values: PaperEntryValues,
): Promise<void> {
  await db
    .updateTable('insp_paper_entry')
    .set(values)
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .where('sheet_no', '=', sheetNo)
    .where('entry_no', '=', entryNo)
    .execute();
}

export async function insertPaperEntry(db: DbOrTrx, values: Insertable<InspPaperEntryTable>): Promise<void> {
  await db.insertInto('insp_paper_entry').values(values).execute();
}

/** Marks every entry of a tally sheet as applied to the counts. */
export async function markSheetApplied(
  db: DbOrTrx,
  campaignId: number,
  unitId: number,
  sheetNo: number,
): Promise<void> {
  await db
    .updateTable('insp_paper_entry')
    .set({ applied: 1 })
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .where('sheet_no', '=', sheetNo)
    .execute();
}
