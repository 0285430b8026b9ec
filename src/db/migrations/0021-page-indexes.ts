import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * Indexes of the pages read most (SPEC §8 scale): the to-do counts of what waits for review,
 * confirmation or correction read the entries of one state and kind without visiting the table
 * (scheme and submission time are there for the overdue count); the annual results page counts
 * a subtree's results per scope and tier from the index alone; the member list orders and counts
 * a subtree's active members from the index, then reads only the page's rows.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('points_entry_waiting_idx')
    .on('points_entry')
    .columns(['state', 'kind', 'branch_id', 'scheme_id', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('pyr_branch_idx')
    .on('points_year_result')
    .columns(['year_id', 'branch_id', 'scope_org_id', 'tier', 'n', 'member_id'])
    .execute();
  await db.schema
    .createIndex('member_list_idx')
    .on('member')
    .columns(['branch_id', 'active', 'employee_no'])
    .execute();
  // Counting the whole organisation's active members. Deliberately not (active, employee_no): the
  // planner would then walk every member in employee-number order to fill a small subtree's page.
  await db.schema.createIndex('member_active_idx').on('member').columns(['active', 'branch_id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('member_active_idx').execute();
  await db.schema.dropIndex('member_list_idx').execute();
  await db.schema.dropIndex('pyr_branch_idx').execute();
  await db.schema.dropIndex('points_entry_waiting_idx').execute();
}
