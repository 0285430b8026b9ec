import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * Indexes that hold everything the inspection's results read of the three scored inputs (self
 * scores, hearing scores, findings' deductions): computing the ranking of 400 units reads them
 * from the index alone, without visiting the table row by row. The self-score index replaces
 * the narrower one it extends. Nothing about ballots: their tables are untouched.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.dropIndex('insp_self_score_unit_idx').execute();
  await db.schema
    .createIndex('insp_self_score_unit_idx')
    .on('insp_self_score')
    .columns(['campaign_id', 'org_id', 'criterion_id', 'score'])
    .execute();
  await db.schema
    .createIndex('insp_hearing_score_result_idx')
    .on('insp_hearing_score')
    .columns(['campaign_id', 'org_id', 'inspector_id', 'score'])
    .execute();
  await db.schema
    .createIndex('insp_finding_result_idx')
    .on('insp_finding')
    .columns(['campaign_id', 'id', 'org_id', 'criterion_id', 'deduction'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('insp_finding_result_idx').execute();
  await db.schema.dropIndex('insp_hearing_score_result_idx').execute();
  await db.schema.dropIndex('insp_self_score_unit_idx').execute();
  await db.schema
    .createIndex('insp_self_score_unit_idx')
    .on('insp_self_score')
    .columns(['campaign_id', 'org_id'])
    .execute();
}
