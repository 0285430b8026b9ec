/**
 * Queries of the member-points to-do items (points.todo.ts): counts of what waits, ended
 * quarters, closed quarters and drafts. Kysely only, no business rules.
 */
import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgScopeFilter } from '../../lib/permissions.js';

/** Closed quarters of schemes rooted at the orgs. */
export function closedQuartersAt(db: DbOrTrx, roots: readonly number[]) {
  return db
    .selectFrom('points_quarter as q')
    .innerJoin('points_scheme as s', 's.id', 'q.scheme_id')
    .select(['q.quarter', 's.id', 's.root_org_id'])
    .where('q.state', '=', 'closed')
    .where('s.root_org_id', 'in', roots)
    .execute();
}

/** Draft versions of schemes rooted at the orgs. */
export function draftSchemesAt(db: DbOrTrx, roots: readonly number[]) {
  return db
    .selectFrom('points_scheme_version as v')
    .innerJoin('points_scheme as s', 's.id', 'v.scheme_id')
    .select(['s.id', 's.name', 's.root_org_id'])
    .where('v.state', '=', 'draft')
    .where('s.root_org_id', 'in', roots)
    .execute();
}

/** What `waitingCounts` counts, each only when asked (a scope for the roles the user holds). */
export interface WaitingAsks {
  /** Normal entries submitted for review, those of them overdue by `cutoffs`, and open appeals. */
  review?: { scope: OrgScopeFilter; cutoffs: readonly { schemeId: number; before: string }[] };
  /** Declarations to confirm and entries returned to the branch. */
  enter?: OrgScopeFilter;
  /** Adjustments waiting for the committee. */
  committee?: OrgScopeFilter;
  /** The member's own declarations returned to them. */
  memberId?: number;
}

/**
 * Every count of the to-do's member-points items in one statement (one scalar subquery each): `null` where not asked.
 */
export function waitingCounts(db: DbOrTrx, asks: WaitingAsks) {
  const entries = () => db.selectFrom('points_entry').select((eb) => eb.fn.countAll<number>().as('n'));
  const { review, enter, committee, memberId } = asks;
  return db
    .selectNoFrom((eb) => [
      (review
        ? entries()
            .where('state', '=', 'submitted')
            .where('kind', '=', 'normal')
            .where(review.scope('branch_id'))
        : eb.val(null)
      ).as('waiting'),
      (review
        ? entries()
            .where('state', '=', 'submitted')
            .where('kind', '=', 'normal')
            .where(review.scope('branch_id'))
            .where((w) =>
              w.or(
                review.cutoffs.map((c) =>
                  w.and([w('scheme_id', '=', c.schemeId), w('submitted_at', '<', c.before)]),
                ),
              ),
            )
        : eb.val(null)
      ).as('overdue'),
      (review
        ? db
            .selectFrom('points_appeal')
            .select((a) => a.fn.countAll<number>().as('n'))
            .where('state', '=', 'open')
            .where(review.scope('branch_id'))
        : eb.val(null)
      ).as('appeals'),
      (review
        ? db
            .selectFrom('points_appeal')
            .select((a) => a.fn.min('created_at').as('oldest'))
            .where('state', '=', 'open')
            .where(review.scope('branch_id'))
        : eb.val(null)
      ).as('oldest_appeal'),
      (enter ? entries().where('state', '=', 'declared').where(enter('branch_id')) : eb.val(null)).as(
        'declared',
      ),
      (enter ? entries().where('state', '=', 'returned').where(enter('branch_id')) : eb.val(null)).as(
        'returned',
      ),
      (committee
        ? entries()
            .where('state', '=', 'submitted')
            .where('kind', '=', 'adjustment')
            .where(committee('branch_id'))
        : eb.val(null)
      ).as('adjustments'),
      (memberId != null
        ? entries().where('member_id', '=', memberId).where('state', '=', 'returned_to_member')
        : eb.val(null)
      ).as('returned_to_member'),
    ])
    .executeTakeFirstOrThrow();
}

/** Schemes in force rooted at the orgs, each with its quarters' states (none: no row of quarter). */
export function schemesInForceWithQuarters(db: DbOrTrx, roots: readonly number[]) {
  return db
    .selectFrom('points_scheme as s')
    .leftJoin('points_quarter as q', 'q.scheme_id', 's.id')
    .select(['s.id', 's.year', 's.root_org_id', 'q.quarter', 'q.state'])
    .where('s.root_org_id', 'in', roots)
    .where('s.current_version_id', 'is not', null)
    .orderBy('s.id')
    .execute();
}
