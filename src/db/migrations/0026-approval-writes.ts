import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

const references = [
  ['month_id', 'be_month'],
  ['branch_id', 'org'],
] as const;

/**
 * What the month approval writes, on PostgreSQL only (SQLite: nothing changes).
 *
 * A month's rankings by indicator are written by the approval (and a correction) beside the month
 * scores of the same month and branches, in the same transaction: every `(month_id, branch_id)` of
 * a `be_indicator_rank` row is one of a `be_month_score` row, whose own foreign keys already hold
 * both (ARCHITECTURE.md, "The rankings by indicator hold no foreign keys of their own"). Checked
 * again per row, the two references cost PostgreSQL a locking lookup each through the trigger
 * machinery: 144,000 for a province month of 72,000 ranks, two thirds of the insert. There the
 * table keeps its key and indexes and drops the references; SQLite checks a reference by a plain
 * index lookup and would have to build the table again to drop one, so it keeps them (as 0025).
 *
 * The approval rewrites every peer row of the month (anonymity: their transaction id becomes the
 * approval's). Peer pages now keep half their space free, so that each row's new version fits
 * beside it: a HOT update, no index entry written (as 0024 does for the points scores). Pages
 * written before keep their fill until rewritten.
 */
export async function up(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [column] of references)
    await sql`alter table be_indicator_rank drop constraint ${sql.ref(`be_indicator_rank_${column}_fkey`)}`.execute(
      db,
    );
  await sql`alter table be_peer_score set (fillfactor = 50)`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table be_peer_score reset (fillfactor)`.execute(db);
  for (const [column, table] of references)
    await sql`alter table be_indicator_rank add constraint ${sql.ref(`be_indicator_rank_${column}_fkey`)}
      foreign key (${sql.ref(column)}) references ${sql.table(table)} (id)`.execute(db);
}
