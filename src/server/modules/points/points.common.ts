import type { DbOrTrx } from '../../../db/kysely.js';
import type { Role } from '../../../domain/access/roles.js';
import { type IsoDate, periodOf, quarterKey } from '../../../domain/calendar/index.js';
import type { QuarterState } from '../../../domain/points/workflow.js';
import type { AuthUser } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { rolesAtOrg } from '../../lib/permissions.js';
import * as entryRepo from './entry.repo.js';
import * as quarterRepo from './quarter.repo.js';

/** The quarter key (`2026-Q1`) a date falls in. */
export function quarterOfDate(date: IsoDate): string {
  const p = periodOf(date);
  return quarterKey(p.year, p.quarter);
}

/** The state of a scheme's quarter; a quarter nobody has closed yet is open. */
export async function quarterState(db: DbOrTrx, schemeId: number, quarter: string): Promise<QuarterState> {
  const q = await quarterRepo.findQuarterState(db, schemeId, quarter);
  return q?.state ?? 'open';
}

/**
 * The roles a user acts in on a member's record at a branch: the roles granted at the branch
 * or above, where the `member` role counts only for the user's own record (a member acts on
 * their own declarations, never on another member's).
 */
export async function actingRoles(
  db: DbOrTrx,
  user: AuthUser,
  branchId: number,
  memberId: number,
): Promise<Role[]> {
  const roles: Role[] = (await rolesAtOrg(db, user, branchId)).filter((r) => r !== 'member');
  if (user.memberId === memberId) roles.push('member');
  return roles;
}

/** The branch an org belongs to: itself when it is a branch, else its nearest branch ancestor (a party group's branch). */
export async function branchOf(db: DbOrTrx, orgId: number): Promise<{ id: number; name: string }> {
  const r = await entryRepo.nearestBranch(db, orgId);
  if (!r) throw new AppError('not_a_branch', { id: orgId });
  return r;
}

export const transitionError = (
  error: 'invalid_transition' | 'role_not_allowed' | 'reason_required',
  details: unknown,
) => (error === 'role_not_allowed' ? new AppError('forbidden', details) : new AppError(error, details));

/**
 * A quarter's board or score asked before publication by someone who may only read published
 * results: not a missing permission (403) but "not yet" (`not_published`), naming the quarter.
 */
export function notPublished(quarter: string): AppError {
  return new AppError(
    'not_published',
    { quarter },
    {
      zh: `${quarter} 尚未公布，公布后可查看`,
      en: `${quarter} has not been published yet; it can be seen once published`,
    },
  );
}
