/** Queries of the home page's own to-do items. Kysely only, no business rules. */
import type { DbOrTrx } from '../../../db/kysely.js';

/** Any holiday arrangement an admin entered for the year. */
export function anyOverrideOfYear(db: DbOrTrx, year: number) {
  return db
    .selectFrom('holiday_override')
    .select('date')
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .executeTakeFirst();
}
