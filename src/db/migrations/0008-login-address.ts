import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * The addresses from which each account logged in successfully, by a hash of the address and
 * the time of the latest success there. Login throttling lets the owner's usual addresses past
 * the per-account ceiling that slows everyone else. A login attempt is written before its
 * password is checked, as `pending`. An index on (account, ip) serves the
 * per-account-and-address count of failed logins.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('login_address')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_address_pk', ['user_id', 'address_hash'])
    .execute();
  await db.schema
    .alterTable('login_attempt')
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('login_attempt_account_ip_idx')
    .on('login_attempt')
    .columns(['account', 'ip', 'at'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('login_attempt_account_ip_idx').execute();
  await db.schema.alterTable('login_attempt').dropColumn('pending').execute();
  await db.schema.dropTable('login_address').execute();
}
