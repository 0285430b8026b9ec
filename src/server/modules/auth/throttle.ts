import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../../../db/kysely.js';
import {
  loginThrottleRules,
  type ScopeFailures,
  type ThrottleVerdict,
  throttleVerdict,
  USUAL_ADDRESS_MS,
} from '../../../domain/access/login-throttle.js';
import { AppError } from '../../lib/errors.js';
import * as authRepo from './auth.repo.js';

/**
 * The database side of login throttling (the rules are in domain/access/login-throttle.ts).
 * Every instance reads the same `login_attempt` rows, so the throttle holds across instances.
 *
 * An attempt is written *before* the password is checked, as pending, and settled afterwards;
 * the counts only look at rows written before it (`id < own id`). The per-(account, address)
 * count takes pending rows as failures, so a parallel burst of guesses cannot slip past the
 * backoff in one instant; the wider counts take settled failures only, so many people logging
 * in at once behind one office address do not slow each other.
 */

/** Addresses of successful logins are kept as hashes: enough to recognise, not to list. */
export const addressHash = (userId: number, ip: string) =>
  createHash('sha256').update(`kaohe-login-address\n${userId}\n${ip}`).digest('hex');

const iso = (ms: number) => new Date(ms).toISOString();

async function failures(
  db: DbOrTrx,
  scope: ScopeFailures['scope'],
  where: { account?: string; ip?: string; since: string; afterId?: number; beforeId: number },
): Promise<ScopeFailures> {
  const row = await authRepo.countFailures(db, scope !== 'pair', where);
  const n = Number(row.n);
  return { scope, failures: n, lastFailureMs: n > 0 && row.last ? Date.parse(row.last) : null };
}

/** Whether `ip` is one of the account's usual addresses (a successful login there lately). */
export async function isUsualAddress(db: DbOrTrx, userId: number, ip: string, nowMs: number) {
  const row = await authRepo.findAddressSince(
    db,
    userId,
    addressHash(userId, ip),
    iso(nowMs - USUAL_ADDRESS_MS),
  );
  return row !== undefined;
}

/**
 * The verdict for the attempt recorded as row `attemptId`: which scope, if any, makes it wait.
 * `userId` is null for an unknown account (which is throttled the same way).
 */
export async function checkThrottle(
  db: DbOrTrx,
  input: { account: string; ip: string; userId: number | null; attemptId: number; nowMs: number },
): Promise<ThrottleVerdict | null> {
  const { account, ip, nowMs, attemptId: beforeId } = input;
  const since = (scope: ScopeFailures['scope']) => iso(nowMs - loginThrottleRules[scope].windowMs);
  // A success from this address ends the run of failures counted for the pair.
  const lastPairSuccess = await authRepo.lastPairSuccess(db, account, ip, beforeId);
  const usual = input.userId !== null && (await isUsualAddress(db, input.userId, ip, nowMs));
  const scopes = await Promise.all([
    failures(db, 'pair', { account, ip, since: since('pair'), afterId: lastPairSuccess?.id ?? 0, beforeId }),
    failures(db, 'address', { ip, since: since('address'), beforeId }),
    // The owner's usual addresses are exempt from the ceiling others can drive up.
    usual ? null : failures(db, 'account', { account, since: since('account'), beforeId }),
  ]);
  return throttleVerdict(
    scopes.filter((s): s is ScopeFailures => s !== null),
    nowMs,
  );
}

/** The 429 for a verdict, its message naming the wait; the error handler sets Retry-After from the details. */
export function throttledError(v: ThrottleVerdict): AppError {
  const s = v.retryAfterSeconds;
  const minutes = Math.ceil(s / 60);
  const zh = s < 60 ? `${s} 秒` : `${minutes} 分钟`;
  const en = s < 60 ? `${s} s` : `${minutes} min`;
  return new AppError(
    'too_many_attempts',
    { scope: v.scope, retryAfterSeconds: s, retryAt: iso(v.retryAtMs) },
    {
      zh: `登录失败次数过多，请 ${zh}后再试`,
      en: `Too many failed logins; try again in ${en}`,
    },
  );
}

/** Records a successful login's address as one of the account's usual ones. */
export async function rememberAddress(db: DbOrTrx, userId: number, ip: string, at: string) {
  await authRepo.upsertAddress(db, userId, addressHash(userId, ip), at);
}

/** Clears an account's failed logins (an admin's unlock); returns how many were cleared. */
export async function clearFailures(db: DbOrTrx, account: string): Promise<number> {
  return authRepo.deleteFailures(db, account);
}
