/**
 * Queries of the member-points to-do items (points.todo.ts): counts of what waits, ended
 * quarters, closed quarters and drafts. Kysely only, no business rules.
 */
import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgScopeFilter } from '../../lib/permissions.js';

/** Counted by the caller: `{ n }`, or undefined. */
type Count = Promise<{ n: number | string } | undefined>;

/** Normal entries submitted for review inside the scope. */
export function countSubmittedNormal(db: DbOrTrx, scope: OrgScopeFilter): Count {
  return db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'submitted')
    .where('kind', '=', 'normal')
    .where(scope('branch_id'))
    .executeTakeFirst();
}

/** Of those, the ones submitted before their scheme's cutoff. */
export function countOverdueNormal(
  db: DbOrTrx,
  scope: OrgScopeFilter,
  cutoffs: readonly { schemeId: number; before: string }[],
): Count {
  return db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'submitted')
    .where('kind', '=', 'normal')
    .where(scope('branch_id'))
    .where((eb) =>
      eb.or(
        cutoffs.map((c) => eb.and([eb('scheme_id', '=', c.schemeId), eb('submitted_at', '<', c.before)])),
      ),
    )
    .executeTakeFirst();
}

/** Open appeals in the scope: how many, and when the oldest was lodged. */
export function openAppeals(db: DbOrTrx, scope: OrgScopeFilter) {
  return db
    .selectFrom('points_appeal')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('state', '=', 'open')
    .where(scope('branch_id'))
    .executeTakeFirst();
}

/** Schemes in force rooted at the orgs. */
export function schemesInForceAt(db: DbOrTrx, roots: readonly number[]) {
  return db
    .selectFrom('points_scheme')
    .select(['id', 'year', 'root_org_id'])
    .where('root_org_id', 'in', roots)
    .where('current_version_id', 'is not', null)
    .execute();
}

export function quarterStatesOf(db: DbOrTrx, schemeId: number) {
  return db
    .selectFrom('points_quarter')
    .select(['quarter', 'state'])
    .where('scheme_id', '=', schemeId)
    .execute();
}

/** Entries of any kind in the state inside the scope. */
export function countInState(db: DbOrTrx, scope: OrgScopeFilter, state: 'declared' | 'returned'): Count {
  return db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', state)
    .where(scope('branch_id'))
    .executeTakeFirst();
}

export function countSubmittedAdjustments(db: DbOrTrx, scope: OrgScopeFilter): Count {
  return db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'submitted')
    .where('kind', '=', 'adjustment')
    .where(scope('branch_id'))
    .executeTakeFirst();
}

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

export function countReturnedToMember(db: DbOrTrx, memberId: number): Count {
  return db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .where('state', '=', 'returned_to_member')
    .executeTakeFirst();
}
