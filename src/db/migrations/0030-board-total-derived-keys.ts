import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

const references = [
  ['quarter_id', 'points_quarter'],
  ['org_id', 'org'],
] as const;

/**
 * The board histograms are written by the close in one `INSERT … SELECT` from the quarter's score
 * rows joined to the org tree's closure, and moved by a re-score from the same closure: every id
 * in them is copied from a row whose own foreign key already holds it (ARCHITECTURE.md, "The board
 * histograms hold no foreign keys of their own"). Checked again per row, the two references cost
 * PostgreSQL a locking lookup each — 322,000 trigger calls for a province close's 161,000
 * histogram rows, about 40 % of that statement — so there the table keeps its key and drops the
 * references. SQLite keeps them, as for migration 0025.
 */
export async function up(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [column] of references)
    await sql`alter table points_board_total drop constraint ${sql.ref(`points_board_total_${column}_fkey`)}`.execute(
      db,
    );
}

export async function down(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [column, table] of references)
    await sql`alter table points_board_total add constraint ${sql.ref(`points_board_total_${column}_fkey`)}
      foreign key (${sql.ref(column)}) references ${sql.table(table)} (id)`.execute(db);
}
