import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * The board's histogram, stored: for every quarter and every org whose subtree holds scores, how
 * many of the subtree's scores have each total. Ranks, the dense rank and the row count of a board
 * follow from it, so a board request reads one org's few histogram rows by its key instead of
 * aggregating the whole subtree's scores. Filled here from the scores already stored. And the
 * scores by total, for the rows of a page of a big subtree (a few totals of the whole quarter).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('points_board_total')
    .addColumn('quarter_id', 'integer', (c) => c.notNull().references('points_quarter.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('org.id'))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_board_total_pk', ['quarter_id', 'org_id', 'total'])
    .execute();
  // A big subtree's page: its few totals' rows of the whole quarter, each checked against the subtree.
  await db.schema
    .createIndex('pqs_total_idx')
    .on('points_quarter_score')
    .columns(['quarter_id', 'total'])
    .execute();
  await sql`insert into points_board_total (quarter_id, org_id, total, n)
    select s.quarter_id, c.ancestor_id, s.total, count(*)
    from points_quarter_score s join org_closure c on c.descendant_id = s.branch_id
    group by s.quarter_id, c.ancestor_id, s.total`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('pqs_total_idx').execute();
  await db.schema.dropTable('points_board_total').execute();
}
