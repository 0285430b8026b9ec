import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * A third data set in `data_version` (migration 0027): `branch_eval`, the branch evaluation's
 * months, month scores, rankings by indicator, rectifications, grade rules and plan versions, from
 * which its rankings, quarter scores and annual grades are computed. Moved in the same transaction
 * as every write to those tables, as the other sets are.
 */
export async function up(db: Db): Promise<void> {
  await db.insertInto('data_version').values({ name: 'branch_eval', version: 1 }).execute();
}

export async function down(db: Db): Promise<void> {
  await db.deleteFrom('data_version').where('name', '=', 'branch_eval').execute();
}
