import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

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
 * times the grading's reading), so the table keeps its key and indexes and drops the references.
 * SQLite cannot drop a constraint: the table is built again without them, rows in key order.
 */
export async function up(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const [column] of references)
      await sql`alter table points_year_result drop constraint ${sql.ref(`points_year_result_${column}_fkey`)}`.execute(
        db,
      );
    return;
  }
  await rebuild(db, false);
}

export async function down(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const [column, table] of references)
      await sql`alter table points_year_result add constraint ${sql.ref(`points_year_result_${column}_fkey`)}
        foreign key (${sql.ref(column)}) references ${sql.table(table)} (id)`.execute(db);
    return;
  }
  await rebuild(db, true);
}

async function rebuild(db: Db, withReferences: boolean): Promise<void> {
  const key = (column: (typeof references)[number][0]) => (c: ColumnDefinitionBuilder) => {
    const table = references.find(([name]) => name === column)?.[1];
    return withReferences && table ? c.notNull().references(`${table}.id`) : c.notNull();
  };
  await db.schema
    .createTable('points_year_result_new')
    .addColumn('year_id', 'integer', key('year_id'))
    .addColumn('member_id', 'integer', key('member_id'))
    .addColumn('branch_id', 'integer', key('branch_id'))
    .addColumn('scope_org_id', 'integer', key('scope_org_id'))
    .addColumn('annual_score', 'integer')
    .addColumn('quarters_present', 'integer', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('has_veto', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('c', 'integer')
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('rank_in_scope', 'integer')
    .addPrimaryKeyConstraint('points_year_result_pk', ['year_id', 'member_id'])
    .execute();
  await sql`insert into points_year_result_new select * from points_year_result order by year_id, member_id`.execute(
    db,
  );
  await db.schema.dropTable('points_year_result').execute();
  await db.schema.alterTable('points_year_result_new').renameTo('points_year_result').execute();
  await db.schema
    .createIndex('pyr_scope_idx')
    .on('points_year_result')
    .columns(['year_id', 'scope_org_id', 'tier'])
    .execute();
  await db.schema
    .createIndex('pyr_branch_idx')
    .on('points_year_result')
    .columns(['year_id', 'branch_id', 'scope_org_id', 'tier', 'n', 'member_id'])
    .execute();
}
