import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * The seed a month's peer raters were drawn from (SPEC §3: "redrawn every month from a recorded
 * seed"), stored with the month when it opens. Months opened before keep null: their raters were
 * the whole committee and stay as stored, and their results keep the rule they were computed with.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('be_month').addColumn('peer_seed', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('be_month').dropColumn('peer_seed').execute();
}
