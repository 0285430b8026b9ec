import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import { precompiled } from '../../../db/precompiled.js';
import type { PointsSchemeVersionTable } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';

/** Queries of the points schemes (考核方案) and their versions: no rules here, the services decide. */

export type VersionRow = Selectable<PointsSchemeVersionTable>;

/** Each scheme with its version in force (optionally of some schemes only). */
export function adoptedRulesOfSchemes(db: DbOrTrx, schemeIds?: readonly number[]) {
  if (!schemeIds) return everyAdoptedRules(db);
  let q = db
    .selectFrom('points_scheme as s')
    .innerJoin('points_scheme_version as v', 'v.id', 's.current_version_id')
    .select(['s.id', 'v.rules_json']);
  if (schemeIds) q = q.where('s.id', 'in', schemeIds.length ? [...schemeIds] : [-1]);
  return q.orderBy('s.id').execute();
}

// Every scheme's: what the to-do's overdue counts read on every request, compiled once.
const everyAdoptedRules = precompiled(0, (db) =>
  db
    .selectFrom('points_scheme as s')
    .innerJoin('points_scheme_version as v', 'v.id', 's.current_version_id')
    .select(['s.id', 'v.rules_json'])
    .orderBy('s.id'),
);

export async function schemeWithRoot(db: DbOrTrx, id: number) {
  const [row] = await schemeWithRootRows(db, id);
  return row;
}

// Read by every points page: compiled once (db/precompiled.ts).
const schemeWithRootRows = precompiled(1, (db, id: number) =>
  db
    .selectFrom('points_scheme')
    .innerJoin('org', 'org.id', 'points_scheme.root_org_id')
    .selectAll('points_scheme')
    .select('org.name as root_org_name')
    .where('points_scheme.id', '=', id),
);

export function schemesWithRoot(db: DbOrTrx, year?: number) {
  let q = db
    .selectFrom('points_scheme')
    .innerJoin('org', 'org.id', 'points_scheme.root_org_id')
    .selectAll('points_scheme')
    .select('org.name as root_org_name');
  if (year) q = q.where('points_scheme.year', '=', year);
  return q.orderBy('points_scheme.year', 'desc').orderBy('points_scheme.id').execute();
}

export function versionRow(db: DbOrTrx, id: number): Promise<VersionRow> {
  return db.selectFrom('points_scheme_version').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Only a version's rules (its items, the larger part, left unread). */
export async function versionRulesJson(
  db: DbOrTrx,
  id: number,
): Promise<{ rules_json: string; state: string }> {
  const [row] = await versionRulesRows(db, id);
  if (!row) throw new Error(`points_scheme_version ${id} not found`);
  return row;
}

const versionRulesRows = precompiled(1, (db, id: number) =>
  db.selectFrom('points_scheme_version').select(['rules_json', 'state']).where('id', '=', id),
);

export function versionsOfScheme(db: DbOrTrx, schemeId: number): Promise<VersionRow[]> {
  return db.selectFrom('points_scheme_version').selectAll().where('scheme_id', '=', schemeId).execute();
}

export function latestVersion(db: DbOrTrx, schemeId: number): Promise<VersionRow | undefined> {
  return db
    .selectFrom('points_scheme_version')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

export function draftVersion(db: DbOrTrx, schemeId: number): Promise<VersionRow | undefined> {
  return db
    .selectFrom('points_scheme_version')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .where('state', '=', 'draft')
    .executeTakeFirst();
}

/** Of these schemes, the ones that have a draft version. */
/** The stored quarters (closed or published) of some schemes: scheme, quarter key and state. */
export function quarterStatesOf(db: DbOrTrx, schemeIds: readonly number[]) {
  if (schemeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points_quarter')
    .select(['scheme_id', 'quarter', 'state'])
    .where('scheme_id', 'in', [...schemeIds])
    .execute();
}

export async function schemeIdsWithDraft(db: DbOrTrx, schemeIds: readonly number[]): Promise<number[]> {
  if (schemeIds.length === 0) return [];
  const rows = await db
    .selectFrom('points_scheme_version')
    .select('scheme_id')
    .where('state', '=', 'draft')
    .where('scheme_id', 'in', [...schemeIds])
    .execute();
  return rows.map((r) => r.scheme_id);
}

/** The adopted versions (id and number) of these schemes. */
export function adoptedVersionNumbers(db: DbOrTrx, schemeIds: readonly number[]) {
  if (schemeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points_scheme_version')
    .select(['id', 'version'])
    .where('state', '=', 'adopted')
    .where('scheme_id', 'in', [...schemeIds])
    .execute();
}

export function orgRootInfo(db: DbOrTrx, orgId: number) {
  return db.selectFrom('org').select(['parent_id', 'tree']).where('id', '=', orgId).executeTakeFirstOrThrow();
}

export function schemeIdOf(db: DbOrTrx, rootOrgId: number, year: number) {
  return db
    .selectFrom('points_scheme')
    .select('id')
    .where('root_org_id', '=', rootOrgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

export async function insertScheme(
  db: DbOrTrx,
  v: { rootOrgId: number; year: number; name: string; byUserId: number; at: string },
): Promise<number> {
  await bumpDataVersion(db, 'points');
  const r = await db
    .insertInto('points_scheme')
    .values({
      root_org_id: v.rootOrgId,
      year: v.year,
      name: v.name,
      current_version_id: null,
      created_by: v.byUserId,
      created_at: v.at,
      updated_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertVersion(db: DbOrTrx, values: Omit<VersionRow, 'id'>): Promise<number> {
  await bumpDataVersion(db, 'points');
  const r = await db
    .insertInto('points_scheme_version')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function maxVersionNumber(db: DbOrTrx, schemeId: number): Promise<number> {
  const last = await db
    .selectFrom('points_scheme_version')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('scheme_id', '=', schemeId)
    .executeTakeFirstOrThrow();
  return Number(last.v ?? 0);
}

export async function updateVersion(
  db: DbOrTrx,
  id: number,
  values: Partial<Omit<VersionRow, 'id' | 'scheme_id'>>,
): Promise<void> {
  await bumpDataVersion(db, 'points');
  await db.updateTable('points_scheme_version').set(values).where('id', '=', id).execute();
}

export async function updateScheme(
  db: DbOrTrx,
  id: number,
  values: { updated_at?: string; current_version_id?: number | null },
): Promise<void> {
  await bumpDataVersion(db, 'points');
  await db.updateTable('points_scheme').set(values).where('id', '=', id).execute();
}

export function schemeOfYear(db: DbOrTrx, rootOrgId: number, year: number) {
  return db
    .selectFrom('points_scheme')
    .selectAll()
    .where('root_org_id', '=', rootOrgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** The root's latest adopted scheme of `year` or before. */
export function latestAdoptedSchemeIdUpTo(db: DbOrTrx, rootOrgId: number, year: number) {
  return db
    .selectFrom('points_scheme')
    .select('id')
    .where('root_org_id', '=', rootOrgId)
    .where('year', '<=', year)
    .where('current_version_id', 'is not', null)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every version of a scheme, the newest first. */
export function versionsNewestFirst(db: DbOrTrx, schemeId: number): Promise<VersionRow[]> {
  return db
    .selectFrom('points_scheme_version')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .orderBy('version', 'desc')
    .execute();
}
