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
