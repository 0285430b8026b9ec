import type { z } from 'zod';
import type { UserSummary, userCreateBody, userListQuery, userUpdateBody } from '../../../contracts/user.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import { isAcceptablePassword } from '../../../domain/access/password-policy.js';
import { isRole, type Role } from '../../../domain/access/roles.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { type Page, paginate } from '../../lib/pagination.js';
import {
  authorize,
  isSuperScope,
  type OrgIdSubquery,
  requireSomewhere,
  scopeOrgIds,
} from '../../lib/permissions.js';
import { sessionsChanged } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { clearFailures } from '../auth/throttle.js';
import * as userRepo from './user.repo.js';

/**
 * Which users an admin sees: everyone for an admin of the whole organisation; otherwise users
 * holding a grant inside the admin's scope or linked to a member inside it.
 */
async function visibleUsers(ctx: Ctx, db: DbOrTrx): Promise<OrgIdSubquery | 'all'> {
  const roots = requireSomewhere(ctx.user, 'user.read');
  if (await isSuperScope(db, ctx.user, 'user.read')) return 'all';
  return scopeOrgIds(db, roots);
}

async function summaries(db: DbOrTrx, ids: number[]): Promise<UserSummary[]> {
  if (ids.length === 0) return [];
  const users = await userRepo.usersByIds(db, ids);
  const grants = await userRepo.grantsOf(db, ids);
  return users.map((u) => ({
    id: u.id,
    account: u.account,
    displayName: u.display_name,
    memberId: u.member_id,
    active: u.active === 1,
    grants: grants
      .filter((g) => g.user_id === u.id && isRole(g.role))
      .map((g) => ({ id: g.id, role: g.role as Role, orgId: g.org_id, orgName: g.name, orgCode: g.code })),
  }));
}

export async function listUsers(ctx: Ctx, query: z.infer<typeof userListQuery>): Promise<Page<UserSummary>> {
  const scope = await visibleUsers(ctx, ctx.db);
  return paginate(
    query.page,
    query.pageSize,
    () => userRepo.countUsers(ctx.db, scope, query.q),
    async (limit, offset) =>
      summaries(ctx.db, await userRepo.userIdsPage(ctx.db, scope, query.q, limit, offset)),
  );
}

async function requireVisible(ctx: Ctx, db: DbOrTrx, id: number): Promise<void> {
  const scope = await visibleUsers(ctx, db);
  const row = await userRepo.findVisibleUser(db, scope, id);
  if (!row) {
    const exists = await userRepo.findUserId(db, id);
    throw exists
      ? new AppError('forbidden', { permission: 'user.manage' })
      : new AppError('not_found', { entity: 'user', id });
  }
  requireSomewhere(ctx.user, 'user.manage');
}

export async function getUser(ctx: Ctx, id: number): Promise<UserSummary> {
  await requireVisible(ctx, ctx.db, id);
  const [u] = await summaries(ctx.db, [id]);
  if (!u) throw new AppError('not_found', { entity: 'user', id });
  return u;
}

/** Creates an account; linking it to a member needs the member to be inside the admin's scope. */
export async function createUser(ctx: Ctx, input: z.infer<typeof userCreateBody>): Promise<UserSummary> {
  requireSomewhere(ctx.user, 'user.manage');
  if (!isAcceptablePassword(input.password)) throw new AppError('weak_password');
  const hashed = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (await userRepo.findUserIdByAccount(trx, input.account)) {
      throw new AppError('duplicate_account', { account: input.account });
    }
    if (input.memberId != null) {
      const m = await userRepo.findMemberOrgs(trx, input.memberId);
      const org = m ? (m.branch_id ?? m.unit_id) : null;
      if (!m || org == null) throw new AppError('not_found', { entity: 'member', id: input.memberId });
      await authorize(trx, ctx.user, 'user.manage', org);
      if (await userRepo.findUserIdOfMember(trx, input.memberId)) {
        throw new AppError('member_has_account', { memberId: input.memberId });
      }
    } else if (!(await isSuperScope(trx, ctx.user, 'user.manage'))) {
      // An account tied to no member and no grant yet would be invisible to a subtree admin.
      throw new AppError('forbidden', { permission: 'user.manage', reason: 'unlinked account' });
    }
    const at = nowIso(ctx.clock);
    const row = await userRepo.insertUser(trx, {
      account: input.account,
      display_name: input.displayName,
      password_hash: hashed,
      member_id: input.memberId ?? null,
      active: 1,
      must_change_password: 1,
      locale: null,
      password_changed_at: null,
      created_at: at,
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        after: { account: input.account, displayName: input.displayName, memberId: input.memberId ?? null },
      },
    ]);
    return row.id;
  });
  return getUser(ctx, id);
}

export async function updateUser(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof userUpdateBody>,
): Promise<UserSummary> {
  await ctx.db.transaction().execute(async (trx) => {
    await requireVisible(ctx, trx, id);
    if (id === ctx.user.id && input.active === false)
      throw new AppError('cannot_change_self', { reason: 'disable' });
    const before = await userRepo.userNameAndActive(trx, id);
    const at = nowIso(ctx.clock);
    const after = await userRepo.updateUserReturning(trx, id, {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: at,
    });
    if (input.active === false) await userRepo.deleteSessionsOf(trx, id);
    await appendAudit(trx, ctx.user, at, [
      { action: 'user.update', entityType: 'user', entityId: id, before, after },
    ]);
  });
  sessionsChanged(ctx, id);
  return getUser(ctx, id);
}

/** An admin sets a new password; the user must change it at next login and their sessions end. */
export async function resetPassword(ctx: Ctx, id: number, newPassword: string): Promise<void> {
  if (!isAcceptablePassword(newPassword)) throw new AppError('weak_password');
  const hashed = await hashPassword(newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await requireVisible(ctx, trx, id);
    const at = nowIso(ctx.clock);
    await userRepo.updateUser(trx, id, {
      password_hash: hashed,
      must_change_password: 1,
      password_changed_at: at,
      updated_at: at,
    });
    await userRepo.deleteSessionsOf(trx, id);
    await userRepo.deleteLoginAttemptsOfUser(trx, id);
    await appendAudit(trx, ctx.user, at, [
      { action: 'user.reset_password', entityType: 'user', entityId: id },
    ]);
  });
  sessionsChanged(ctx, id);
}

/**
 * Clears the account's failed logins, so that no attempt at it waits any more (the owner was
 * slowed by someone else's guesses, or by their own typing). Returns how many were cleared.
 */
export async function unlockLogin(ctx: Ctx, id: number): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireVisible(ctx, trx, id);
    const { account } = await userRepo.accountOf(trx, id);
    const failuresCleared = await clearFailures(trx, account);
    await appendAudit(trx, ctx.user, nowIso(ctx.clock), [
      { action: 'user.unlock_login', entityType: 'user', entityId: id, after: { failuresCleared } },
    ]);
    return failuresCleared;
  });
}

/** Grants a role at an org node; the admin must manage that node. */
export async function addGrant(ctx: Ctx, userId: number, role: Role, orgId: number): Promise<UserSummary> {
  await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'user.manage', orgId);
    const user = await userRepo.findUserMember(trx, userId);
    if (!user) throw new AppError('not_found', { entity: 'user', id: userId });
    const dup = await userRepo.findGrant(trx, userId, role, orgId);
    if (dup) throw new AppError('grant_exists', { role, orgId });
    const at = nowIso(ctx.clock);
    const g = await userRepo.insertGrant(trx, {
      user_id: userId,
      role,
      org_id: orgId,
      granted_by: ctx.user.id,
      granted_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'grant.create',
        entityType: 'user',
        entityId: userId,
        orgId,
        after: { grantId: g.id, role, orgId },
      },
    ]);
  });
  sessionsChanged(ctx, userId);
  return getUser(ctx, userId);
}

export async function removeGrant(ctx: Ctx, userId: number, grantId: number): Promise<UserSummary> {
  await ctx.db.transaction().execute(async (trx) => {
    const g = await userRepo.findGrantOfUser(trx, grantId, userId);
    if (!g) throw new AppError('not_found', { entity: 'grant', id: grantId });
    await authorize(trx, ctx.user, 'user.manage', g.org_id);
    if (userId === ctx.user.id && g.role === 'admin') {
      throw new AppError('cannot_change_self', { reason: 'remove own admin grant' });
    }
    await userRepo.deleteGrant(trx, grantId);
    await appendAudit(trx, ctx.user, nowIso(ctx.clock), [
      {
        action: 'grant.remove',
        entityType: 'user',
        entityId: userId,
        orgId: g.org_id,
        before: { grantId, role: g.role, orgId: g.org_id },
      },
    ]);
  });
  sessionsChanged(ctx, userId);
  // Not through getUser: removing the last grant inside the admin's scope may take the user out of it.
  const [u] = await summaries(ctx.db, [userId]);
  if (!u) throw new AppError('not_found', { entity: 'user', id: userId });
  return u;
}
