import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * Indexes of the pages read most (SPEC §8 scale): the to-do counts of what waits for review,
 * confirmation or correction read the entries of one state and kind without visiting the table
 * (scheme and submission time are there for the overdue count).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('points_entry_waiting_idx')
    .on('points_entry')
    .columns(['state', 'kind', 'branch_id', 'scheme_id', 'submitted_at'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('points_entry_waiting_idx').execute();
}
