import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../../db/kysely.js';
import { isAcceptablePassword } from '../../../domain/access/password-policy.js';
import {
  type Grant,
  isRole,
  type Permission,
  permissions,
  scopeRoots,
} from '../../../domain/access/roles.js';
import { appendAudit } from '../../lib/audit.js';
import type { AuthUser, Ctx, Deps } from '../../lib/context.js';
import { nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { forgetSession, forgetSessionsOfUser, sessionCacheOf } from '../../lib/session-cache.js';
import * as authRepo from './auth.repo.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import { checkThrottle, rememberAddress, throttledError } from './throttle.js';

/** Sessions end after 8 idle hours, and in any case 7 days after login. */
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

/** The user's role grants with their orgs' names, oldest first. */
export async function loadGrants(db: Db, userId: number) {
  return authRepo.loadGrants(db, userId);
}

async function loadUser(
  db: Db,
  userId: number,
): Promise<{ user: AuthUser; mustChangePassword: boolean } | null> {
  const u = await authRepo.findSessionUser(db, userId);
  if (!u?.active) return null;
  const grants: Grant[] = (await loadGrants(db, userId)).flatMap((g) =>
    isRole(g.role) ? [{ role: g.role, orgId: g.org_id }] : [],
  );
  return {
    user: { id: u.id, account: u.account, displayName: u.display_name, memberId: u.member_id, grants },
    mustChangePassword: u.must_change_password === 1,
  };
}

/**
 * Checks account and password and opens a session. Failed logins slow further attempts by
 * exponential backoff (see `throttle.ts`), shared by all app instances through the database; a
 * throttled attempt is answered 429 before any password is checked. Returns the raw token for
 * the cookie; only its hash is stored.
 */
export async function login(
  deps: Deps,
  input: { account: string; password: string; ip: string; userAgent?: string },
): Promise<{ token: string; user: AuthUser; csrfToken: string }> {
  const { db, clock } = deps;
  const now = clock.now();
  const at = now.toISOString();
  const account = input.account.trim();
  const row = await authRepo.findLoginAccount(db, account);
  // Written before the check, so that parallel attempts count each other (see throttle.ts).
  const attempt = await authRepo.insertAttempt(db, { account, ip: input.ip, at, success: 0, pending: 1 });
  const verdict = await checkThrottle(db, {
    account,
    ip: input.ip,
    userId: row?.id ?? null,
    attemptId: attempt.id,
    nowMs: now.getTime(),
  });
  if (verdict) {
    // Refused unchecked, so not counted: hammering does not lengthen the wait.
    await authRepo.deleteAttempt(db, attempt.id);
    throw throttledError(verdict);
  }
  // An unknown account costs the same argon2 verification as a known one.
  const ok = row
    ? await verifyPassword(row.password_hash, input.password)
    : await verifyPassword(await dummyHash(), input.password);
  await authRepo.settleAttempt(db, attempt.id, row && ok ? 1 : 0);
  if (!row || !ok) throw new AppError('invalid_credentials');
  if (!row.active) throw new AppError('account_disabled');
  const user = (await loadUser(db, row.id))?.user;
  if (!user) throw new AppError('account_disabled');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await rememberAddress(trx, row.id, input.ip, at);
    await authRepo.insertSession(trx, {
      id: sessionId(token),
      user_id: row.id,
      csrf_token: csrfToken,
      created_at: at,
      expires_at: new Date(now.getTime() + SESSION_MAX_MS).toISOString(),
      last_seen_at: at,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 200) ?? null,
    });
    await appendAudit(trx, { id: row.id, account }, at, [
      { action: 'auth.login', entityType: 'user', entityId: row.id, after: { ip: input.ip } },
    ]);
  });
  return { token, user, csrfToken };
}

export interface SessionInfo {
  user: AuthUser;
  csrfToken: string;
  sessionId: string;
  /** Set for a new or reset account: only the routes marked `beforePasswordChange` answer. */
  mustChangePassword: boolean;
}

/**
 * Resolves a session token to its user, or null when it is unknown, idle too long, or past its
 * end. A session read less than `SESSION_RECHECK_MS` ago is answered from memory (see
 * `lib/session-cache.ts`: what ends or narrows a session on this instance is forgotten at once).
 */
export async function resolveSession(deps: Deps, token: string): Promise<SessionInfo | null> {
  const { db, clock } = deps;
  const id = sessionId(token);
  const cache = sessionCacheOf<SessionInfo>(db, clock, SESSION_IDLE_MS);
  const kept = cache.get(id);
  if (kept) return kept;
  const mark = cache.mark();
  const s = await authRepo.findSession(db, id);
  if (!s) return null;
  const now = clock.now();
  if (s.expires_at <= now.toISOString() || now.getTime() - Date.parse(s.last_seen_at) > SESSION_IDLE_MS) {
    await authRepo.deleteSession(db, id);
    return null;
  }
  const loaded = await loadUser(db, s.user_id);
  if (!loaded) return null;
  let lastSeen = s.last_seen_at;
  // Refresh the idle timer at most every five minutes to keep reads cheap.
  if (now.getTime() - Date.parse(s.last_seen_at) > 5 * 60_000) {
    lastSeen = now.toISOString();
    await authRepo.touchSession(db, id, lastSeen);
  }
  const info: SessionInfo = { ...loaded, csrfToken: s.csrf_token, sessionId: id };
  cache.put(mark, id, s.user_id, info, {
    expiresAtMs: Date.parse(s.expires_at),
    lastSeenMs: Date.parse(lastSeen),
  });
  return info;
}

/**
 * Forgets the user's sessions kept in this instance's memory, after a change to what they may
 * do has committed (grants, password, account disabled, name): their next request reads them again.
 */
export function sessionsChanged(deps: Pick<Deps, 'db'>, userId: number): void {
  forgetSessionsOfUser(deps.db, userId);
}

export async function logout(ctx: Ctx, sessionIdHash: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await authRepo.deleteSession(trx, sessionIdHash);
    await appendAudit(trx, ctx.user, nowIso(ctx.clock), [
      { action: 'auth.logout', entityType: 'user', entityId: ctx.user.id },
    ]);
  });
  forgetSession(ctx.db, sessionIdHash);
}

/** The profile the client shows: user, grants with org names, and which permissions they hold somewhere. */
export async function describeMe(ctx: Ctx, csrfToken: string) {
  const u = await authRepo.profileOf(ctx.db, ctx.user.id);
  const grants = await loadGrants(ctx.db, ctx.user.id);
  const held = (Object.keys(permissions) as Permission[]).filter(
    (p) => scopeRoots(ctx.user.grants, p).length > 0,
  );
  return {
    id: ctx.user.id,
    account: ctx.user.account,
    displayName: ctx.user.displayName,
    memberId: ctx.user.memberId,
    mustChangePassword: u.must_change_password === 1,
    locale: u.locale,
    grants: grants.flatMap((g) =>
      isRole(g.role) ? [{ id: g.id, role: g.role, orgId: g.org_id, orgName: g.name, orgCode: g.code }] : [],
    ),
    permissions: held,
    csrfToken,
  };
}

/** Changes one's own password after checking the current one; other sessions are ended. */
export async function changeOwnPassword(
  ctx: Ctx,
  keepSessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const row = await authRepo.passwordHashOf(ctx.db, ctx.user.id);
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) throw new AppError('wrong_password');
  if (!isAcceptablePassword(input.newPassword)) throw new AppError('weak_password');
  const hashed = await hashPassword(input.newPassword);
  const at = nowIso(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await authRepo.updateUser(trx, ctx.user.id, {
      password_hash: hashed,
      must_change_password: 0,
      password_changed_at: at,
      updated_at: at,
    });
    await authRepo.deleteOtherSessions(trx, ctx.user.id, keepSessionId);
    await appendAudit(trx, ctx.user, at, [
      { action: 'user.change_password', entityType: 'user', entityId: ctx.user.id },
    ]);
  });
  forgetSessionsOfUser(ctx.db, ctx.user.id);
}
