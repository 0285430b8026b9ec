import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * A re-scored member (an approved adjustment, an upheld appeal) moves by one the stored rank of
 * every member it passes: on PostgreSQL each of those rows gets a new version. Written packed by
 * the close, a page has no room for it, so the new version goes to another page and every one of
 * the table's five indexes gets an entry for it. Pages kept half empty (fillfactor 50) take a new
 * version of each of their rows in place — a HOT update, no index touched, since no index holds a
 * rank — and a later page visit prunes the old versions, making room for the next re-score. The
 * rows already stored are rewritten so (in key order, the order the close writes them). SQLite
 * updates rows in place: nothing to do there.
 */
export async function up(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table points_quarter_score set (fillfactor = 50)`.execute(db);
  await sql`cluster points_quarter_score using points_quarter_score_pk`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table points_quarter_score reset (fillfactor)`.execute(db);
}
