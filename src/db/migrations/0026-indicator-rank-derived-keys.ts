import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

const references = [
  ['month_id', 'be_month'],
  ['branch_id', 'org'],
] as const;

/**
 * A month's rankings by indicator are written by the approval (and a correction) beside the month
 * scores of the same month and branches, in the same transaction: every `(month_id, branch_id)` of
 * a `be_indicator_rank` row is one of a `be_month_score` row, whose own foreign keys already hold
 * both (ARCHITECTURE.md, "The rankings by indicator hold no foreign keys of their own"). Checked
 * again per row, the two references cost PostgreSQL a locking lookup each through the trigger
 * machinery: 144,000 for a province month of 72,000 ranks. There the table keeps its key and
 * indexes and drops the references; SQLite checks a reference by a plain index lookup and would
 * have to build the table again to drop one, so SQLite keeps them (as migration 0025 does).
 */
export async function up(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [column] of references)
    await sql`alter table be_indicator_rank drop constraint ${sql.ref(`be_indicator_rank_${column}_fkey`)}`.execute(
      db,
    );
}

export async function down(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [column, table] of references)
    await sql`alter table be_indicator_rank add constraint ${sql.ref(`be_indicator_rank_${column}_fkey`)}
      foreign key (${sql.ref(column)}) references ${sql.table(table)} (id)`.execute(db);
}
