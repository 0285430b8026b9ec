import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * The quarter close scores in one pass over the quarter's approved entries and must tell, for
 * every entry, whether an approved adjustment cancels it: a partial index of the few cancelling
 * adjustments (`revokes_entry_id` set) answers that without reading the cancellations again.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('points_entry_revokes_idx')
    .on('points_entry')
    .columns(['revokes_entry_id'])
    .where(sql.ref('revokes_entry_id'), 'is not', null)
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('points_entry_revokes_idx').execute();
}
