import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * The seed a month's peer raters were drawn from (SPEC §3: "redrawn every month from a recorded
 * seed"), stored with the month when it opens. Months opened before keep null: their raters were
 * the whole committee and stay as stored, and their results keep the rule they were computed with.
 * Seeds are derived from the round, the month and a secret drawn here once per installation, so a
 * read before the month opens shows the raters it will open with, yet nobody outside the database
 * can work out from public facts who rates whom.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('be_month').addColumn('peer_seed', 'text').execute();
  await db.schema
    .createTable('be_peer_secret')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('be_peer_secret')
    .values({ id: 1, secret: randomBytes(16).toString('hex') })
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('be_peer_secret').execute();
  await db.schema.alterTable('be_month').dropColumn('peer_seed').execute();
}
