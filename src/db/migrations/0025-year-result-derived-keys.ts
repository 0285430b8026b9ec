import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

const references = [
  ['year_id', 'points_year'],
  ['member_id', 'member'],
  ['branch_id', 'org'],
  ['scope_org_id', 'org'],
] as const;

/**
 * The annual results are written by one `INSERT … SELECT` from the year's published quarter
 * scores and the org tree, every id in them copied from a row whose own foreign key already holds
 * it (ARCHITECTURE.md, "The annual results hold no foreign keys of their own"). Checked again per
 * row, the four references cost PostgreSQL a locking lookup each (≈ 2.6 s for 95,000 results, ten
 * times the grading's reading), so there the table keeps its key and indexes and drops the
 * references. SQLite checks a reference by a plain index lookup: there the grading took as long
 * with them as without, and a constraint cannot be dropped without building the table again, so
 * SQLite keeps them.
 */
export async function up(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [column] of references)
    await sql`alter table points_year_result drop constraint ${sql.ref(`points_year_result_${column}_fkey`)}`.execute(
      db,
    );
}

export async function down(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [column, table] of references)
    await sql`alter table points_year_result add constraint ${sql.ref(`points_year_result_${column}_fkey`)}
      foreign key (${sql.ref(column)}) references ${sql.table(table)} (id)`.execute(db);
}
