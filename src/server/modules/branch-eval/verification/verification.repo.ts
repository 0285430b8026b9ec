/**
 * Queries of the office's verification of a branch's month (be_verification). Kysely only, no
 * business rules.
 */
import type { DbOrTrx } from '../../../../db/kysely.js';
import { chunked } from '../branch-eval.repo.js';

// ── verification ──────────────────────────────────────────────────────────────────────────

export function verificationsOf(db: DbOrTrx, branchMonthIds: readonly number[]) {
  return chunked(branchMonthIds, (chunk) =>
    db.selectFrom('be_verification').selectAll().where('branch_month_id', 'in', chunk).execute(),
  );
}

/** Every verification of a month, in one read by month (be_branch_month_uq). */
export function verificationsOfMonth(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_verification as v')
    .innerJoin('be_branch_month as bm', 'bm.id', 'v.branch_month_id')
    .selectAll('v')
    .where('bm.month_id', '=', monthId)
    .execute();
}

export async function upsertVerification(
  db: DbOrTrx,
  row: {
    branch_month_id: number;
    code: string;
    verified: number | null;
    done: 0 | 1 | null;
    innovation_award: number | null;
    reason: string | null;
    updated_by: number;
    updated_at: string;
  },
) {
  await db
    .insertInto('be_verification')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['branch_month_id', 'code']).doUpdateSet({
        verified: row.verified,
        done: row.done,
        innovation_award: row.innovation_award,
        reason: row.reason,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

// ── innovation points citing a project (SPEC §4 "Feeds branch evaluation") ─────────────────

const citationColumns = [
  'c.id',
  'c.branch_month_id',
  'c.code',
  'c.project_id',
  'c.points',
  'c.note',
  'p.title',
  'p.year',
] as const;

/** The projects cited for the branch months' innovation awards, oldest first. */
export function citationsOf(db: DbOrTrx, branchMonthIds: readonly number[]) {
  return chunked(branchMonthIds, (chunk) =>
    db
      .selectFrom('be_innovation_project as c')
      .innerJoin('pj_project as p', 'p.id', 'c.project_id')
      .select(citationColumns)
      .where('c.branch_month_id', 'in', chunk)
      .orderBy('c.id')
      .execute(),
  );
}

/** Every project cited in a month of a round, in one read by month. */
export function citationsOfMonth(db: DbOrTrx, monthId: number) {
  return db
    .selectFrom('be_innovation_project as c')
    .innerJoin('pj_project as p', 'p.id', 'c.project_id')
    .innerJoin('be_branch_month as bm', 'bm.id', 'c.branch_month_id')
    .select(citationColumns)
    .where('bm.month_id', '=', monthId)
    .orderBy('c.id')
    .execute();
}

/** Where projects were cited (a project is cited once), with the month's key. */
export function citationsOfProjects(db: DbOrTrx, projectIds: readonly number[]) {
  return chunked(projectIds, (chunk) =>
    db
      .selectFrom('be_innovation_project as c')
      .innerJoin('be_branch_month as bm', 'bm.id', 'c.branch_month_id')
      .innerJoin('be_month as m', 'm.id', 'bm.month_id')
      .select(['c.id', 'c.project_id', 'c.branch_month_id', 'c.code', 'c.points', 'm.month'])
      .where('c.project_id', 'in', chunk)
      .execute(),
  );
}

export async function insertCitation(
  db: DbOrTrx,
  row: {
    branch_month_id: number;
    code: string;
    project_id: number;
    points: number;
    note: string | null;
    created_by: number;
    created_at: string;
  },
) {
  await db.insertInto('be_innovation_project').values(row).execute();
}

export async function deleteCitation(db: DbOrTrx, id: number) {
  await db.deleteFrom('be_innovation_project').where('id', '=', id).execute();
}
