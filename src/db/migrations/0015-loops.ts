import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * Dead ends and duplicates of the weekly and monthly loops.
 *
 * `idempotency_key`: the first answer to a creating call per (user, endpoint, key), so a double
 * click or a retried request returns that answer instead of creating twice. The primary key makes
 * concurrent duplicates (on several app instances too) race for one row: one runs, the others wait
 * for its answer. `state` is `pending` while the first request runs, `done` with its answer;
 * rows expire after a day (`expires_at`, indexed for the purge).
 *
 * `points_entry_revision`: what a returned entry held when it was returned, and what changed
 * when it was resubmitted, so the reviewer and the entry's history show the correction.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('idempotency_key')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // Which request holds a pending row: only it may finish or release it.
    .addColumn('lock_token', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pk', ['user_id', 'endpoint', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_key_expires_idx')
    .on('idempotency_key')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('points_entry_revision')
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('points_entry.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // `returned` (snapshot of what was returned) or `resubmitted` (the changes made since).
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('changes', 'text')
    .addColumn('reason', 'text')
    .addColumn('by_user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_entry_revision_pk', ['entry_id', 'seq'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('points_entry_revision').execute();
  await db.schema.dropIndex('idempotency_key_expires_idx').execute();
  await db.schema.dropTable('idempotency_key').execute();
}
