/**
 * Queries of the indicator library and the plan templates. Kysely only, no business rules;
 * every list query here is served by an index of migration 0004, 0005 or 0006 (named beside it).
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../../../db/kysely.js';
import type { BeIndicatorTable, BeTemplateTable } from '../../../../db/types.js';
import { count } from '../branch-eval.repo.js';

export type IndicatorRow = Selectable<BeIndicatorTable>;
export type TemplateRow = Selectable<BeTemplateTable>;

// ── indicator library (be_indicator_list_idx) ─────────────────────────────────────────────

export interface IndicatorFilter {
  orgId: number;
  category?: string | undefined;
  active?: boolean | undefined;
  q?: string | undefined;
}

function indicatorBase(db: DbOrTrx, f: IndicatorFilter) {
  let q = db.selectFrom('be_indicator').where('org_id', '=', f.orgId);
  if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('code', 'like', like), eb('name', 'like', like)]));
  }
  return q;
}

export async function countIndicators(db: DbOrTrx, f: IndicatorFilter): Promise<number> {
  return count(
    await indicatorBase(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  );
}

export function listIndicators(db: DbOrTrx, f: IndicatorFilter, limit: number, offset: number) {
  return indicatorBase(db, f).selectAll().orderBy('code').limit(limit).offset(offset).execute();
}

export function findIndicator(db: DbOrTrx, id: number) {
  return db.selectFrom('be_indicator').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findIndicatorByCode(db: DbOrTrx, orgId: number, code: string) {
  return db
    .selectFrom('be_indicator')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export function indicatorsByCodes(db: DbOrTrx, orgIds: readonly number[], codes: readonly string[]) {
  if (orgIds.length === 0 || codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('be_indicator')
    .selectAll()
    .where('org_id', 'in', [...orgIds])
    .where('code', 'in', [...codes])
    .where('active', '=', 1)
    .execute();
}

export function allIndicatorsOf(db: DbOrTrx, orgId: number) {
  return db.selectFrom('be_indicator').selectAll().where('org_id', '=', orgId).orderBy('code').execute();
}

export function insertIndicator(db: DbOrTrx, row: Insertable<BeIndicatorTable>) {
  return db.insertInto('be_indicator').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateIndicator(db: DbOrTrx, id: number, set: Updateable<BeIndicatorTable>) {
  return db.updateTable('be_indicator').set(set).where('id', '=', id).execute();
}

// ── templates (be_template_org_idx) ───────────────────────────────────────────────────────

export async function countTemplates(db: DbOrTrx, orgId: number): Promise<number> {
  return count(
    await db
      .selectFrom('be_template')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
  );
}

export function listTemplates(db: DbOrTrx, orgId: number, limit: number, offset: number) {
  return db
    .selectFrom('be_template')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export function findTemplate(db: DbOrTrx, id: number) {
  return db.selectFrom('be_template').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertTemplate(db: DbOrTrx, row: Insertable<BeTemplateTable>) {
  return db.insertInto('be_template').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateTemplate(db: DbOrTrx, id: number, set: Updateable<BeTemplateTable>) {
  return db.updateTable('be_template').set(set).where('id', '=', id).execute();
}
