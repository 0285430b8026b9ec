import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * A fourth data set in `data_version` (migration 0027): `entries`, the points entries' workflow —
 * entries, their revisions and evidence links, appeals — moved by every submission, decision,
 * withdrawal, correction and appeal. The review queue and the entry lists are kept under it (with
 * the other sets); the boards' stamp leaves it out, so a decision does not forget them.
 */
export async function up(db: Db): Promise<void> {
  await db.insertInto('data_version').values({ name: 'entries', version: 1 }).execute();
}

export async function down(db: Db): Promise<void> {
  await db.deleteFrom('data_version').where('name', '=', 'entries').execute();
}
