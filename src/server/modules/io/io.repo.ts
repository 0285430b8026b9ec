import type { DbOrTrx } from '../../../db/kysely.js';
import type { NewOrg, OrgRow } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';
import { inChunks } from './import-common.js';

/**
 * Set-at-a-time queries of the imports and exports: one query per chunk of codes or rows
 * instead of one per spreadsheet row. No rules here.
 */

/** Orgs of either tree whose code is one of `codes` (chunked: SQLite allows a limited number of parameters). */
export async function findOrgsByCodes(db: DbOrTrx, codes: readonly string[]): Promise<OrgRow[]> {
  const out: OrgRow[] = [];
  for (const part of inChunks([...new Set(codes)], 500)) {
    out.push(...(await db.selectFrom('org').selectAll().where('code', 'in', part).execute()));
  }
  return out;
}

/** Code and name of each org in `ids`. */
export async function orgLabelsByIds(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, { code: string; name: string }>> {
  const out = new Map<number, { code: string; name: string }>();
  for (const part of inChunks([...new Set(ids)], 500)) {
    const rows = await db.selectFrom('org').select(['id', 'code', 'name']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, { code: r.code, name: r.name });
  }
  return out;
}

/** The closure rows (ancestor, depth) of each node in `ids`, the node itself at depth 0. */
export async function ancestorRows(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, { ancestorId: number; depth: number }[]>> {
  const out = new Map<number, { ancestorId: number; depth: number }[]>();
  for (const part of inChunks([...new Set(ids)], 500)) {
    const rows = await db
      .selectFrom('org_closure')
      .select(['ancestor_id', 'descendant_id', 'depth'])
      .where('descendant_id', 'in', part)
      .execute();
    for (const r of rows) {
      const list = out.get(r.descendant_id) ?? [];
      list.push({ ancestorId: r.ancestor_id, depth: r.depth });
      out.set(r.descendant_id, list);
    }
  }
  return out;
}

/** Inserts org rows with one multi-row insert per chunk (12 columns × 300 rows of parameters). */
export async function insertOrgRows(db: DbOrTrx, rows: readonly NewOrg[]): Promise<OrgRow[]> {
  await bumpDataVersion(db, 'directory');
  const out: OrgRow[] = [];
  for (const part of inChunks(rows, 300))
    out.push(...(await db.insertInto('org').values(part).returningAll().execute()));
  return out;
}

export async function insertClosureRows(
  db: DbOrTrx,
  rows: readonly { ancestor_id: number; descendant_id: number; depth: number }[],
): Promise<void> {
  await bumpDataVersion(db, 'directory');
  for (const part of inChunks(rows, 1000)) await db.insertInto('org_closure').values(part).execute();
}
