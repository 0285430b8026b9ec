import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * A version number per data set, moved in the same transaction as every write that changes the
 * set's answers: `points` (schemes, quarters, scores and the board's stored histograms) and
 * `directory` (orgs, the org tree, members). An app instance keeps answers computed from those
 * sets and serves them again for as long as the versions it reads are the ones it computed them
 * under: the number comes from the database, so every instance sharing it sees a write at once.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('data_version')
    .values([
      { name: 'directory', version: 1 },
      { name: 'points', version: 1 },
    ])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('data_version').execute();
}
