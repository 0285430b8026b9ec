/** Queries of the admin's holiday arrangements (holiday_override). Kysely only, no business rules. */
import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import { precompiled } from '../../../db/precompiled.js';
import type { HolidayOverrideTable } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';

// Read by every to-do and every deadline: compiled once (db/precompiled.ts).
const overrides = precompiled(0, (db) =>
  db.selectFrom('holiday_override').select(['date', 'kind', 'name']).orderBy('date'),
);

export function allOverrides(db: DbOrTrx) {
  return overrides(db);
}

/** The overrides dated within the year, by date. */
export function overridesOfYear(db: DbOrTrx, year: number) {
  return db
    .selectFrom('holiday_override')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

/** The branch evaluation's months take their deadlines from these: a write moves its data version. */
export async function deleteOverridesOfYear(db: DbOrTrx, year: number): Promise<void> {
  await bumpDataVersion(db, 'branch_eval');
  await db
    .deleteFrom('holiday_override')
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .execute();
}

export async function insertOverrides(
  db: DbOrTrx,
  rows: readonly Insertable<HolidayOverrideTable>[],
): Promise<void> {
  await bumpDataVersion(db, 'branch_eval');
  await db.insertInto('holiday_override').values(rows).execute();
}
