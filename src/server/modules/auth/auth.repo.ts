/**
 * Queries of logging in: accounts, sessions, login attempts and usual addresses. Kysely only, no
 * business rules (the throttle's rules are in domain/access/login-throttle.ts).
 */
import type { Insertable, Updateable } from 'kysely';
import type { Db, DbOrTrx } from '../../../db/kysely.js';
import type { AppUserTable, LoginAttemptTable, SessionTable } from '../../../db/types.js';

// ── accounts and grants ───────────────────────────────────────────────────────────────────

export async function loadGrants(db: Db, userId: number) {
  return db
    .selectFrom('role_grant')
    .innerJoin('org', 'org.id', 'role_grant.org_id')
    .select(['role_grant.id', 'role_grant.role', 'role_grant.org_id', 'org.name', 'org.code'])
    .where('role_grant.user_id', '=', userId)
    .orderBy('role_grant.id')
    .execute();
}

export function findSessionUser(db: Db, userId: number) {
  return db
    .selectFrom('app_user')
    .select(['id', 'account', 'display_name', 'member_id', 'active', 'must_change_password'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function findLoginAccount(db: Db, account: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'active'])
    .where('account', '=', account)
    .executeTakeFirst();
}

export function profileOf(db: Db, userId: number) {
  return db
    .selectFrom('app_user')
    .select(['must_change_password', 'locale'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export function passwordHashOf(db: Db, userId: number) {
  return db
    .selectFrom('app_user')
    .select(['password_hash'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function updateUser(db: DbOrTrx, userId: number, set: Updateable<AppUserTable>): Promise<void> {
  await db.updateTable('app_user').set(set).where('id', '=', userId).execute();
}

// ── sessions ──────────────────────────────────────────────────────────────────────────────

export async function insertSession(db: DbOrTrx, values: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('session').values(values).execute();
}

export function findSession(db: Db, id: string) {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteSession(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function touchSession(db: Db, id: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
}

/** Ends every session of the user but one. */
export async function deleteOtherSessions(db: DbOrTrx, userId: number, keepSessionId: string): Promise<void> {
  await db.deleteFrom('session').where('user_id', '=', userId).where('id', '!=', keepSessionId).execute();
}

// ── login attempts and usual addresses (throttle.ts) ──────────────────────────────────────

export function insertAttempt(db: DbOrTrx, values: Insertable<LoginAttemptTable>) {
  return db.insertInto('login_attempt').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function deleteAttempt(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('login_attempt').where('id', '=', id).execute();
}

export async function settleAttempt(db: DbOrTrx, id: number, success: 0 | 1): Promise<void> {
  await db.updateTable('login_attempt').set({ success, pending: 0 }).where('id', '=', id).execute();
}

/** Failed attempts (count and latest time) written before `beforeId`; pending ones count unless `settledOnly`. */
export async function countFailures(
  db: DbOrTrx,
  settledOnly: boolean,
  where: { account?: string; ip?: string; since: string; afterId?: number; beforeId: number },
) {
  let q = db
    .selectFrom('login_attempt')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
    .where('success', '=', 0)
    .where('at', '>', where.since)
    .where('id', '<', where.beforeId)
    .where('id', '>', where.afterId ?? 0);
  if (settledOnly) q = q.where('pending', '=', 0);
  if (where.account !== undefined) q = q.where('account', '=', where.account);
  if (where.ip !== undefined) q = q.where('ip', '=', where.ip);
  return q.executeTakeFirstOrThrow();
}

/** The latest successful attempt at the account from the address, written before `beforeId`. */
export function lastPairSuccess(db: DbOrTrx, account: string, ip: string, beforeId: number) {
  return db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('account', '=', account)
    .where('ip', '=', ip)
    .where('success', '=', 1)
    .where('id', '<', beforeId)
    .executeTakeFirst();
}

export function findAddressSince(db: DbOrTrx, userId: number, addressHash: string, since: string) {
  return db
    .selectFrom('login_address')
    .select('last_success_at')
    .where('user_id', '=', userId)
    .where('address_hash', '=', addressHash)
    .where('last_success_at', '>', since)
    .executeTakeFirst();
}

export async function upsertAddress(db: DbOrTrx, userId: number, addressHash: string, at: string) {
  await db
    .insertInto('login_address')
    .values({ user_id: userId, address_hash: addressHash, last_success_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'address_hash']).doUpdateSet({ last_success_at: at }))
    .execute();
}

/** Deletes an account's failed attempts; returns how many. */
export async function deleteFailures(db: DbOrTrx, account: string): Promise<number> {
  const r = await db
    .deleteFrom('login_attempt')
    .where('account', '=', account)
    .where('success', '=', 0)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
