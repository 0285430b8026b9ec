/**
 * Idempotent creating calls: a client sends `Idempotency-Key` with a write declared
 * `idempotent` in the endpoint table (one key per form submission); the first request with a
 * key runs, and every repeat by the same user on the same endpoint gets the first answer back
 * and creates nothing. The answers live in the `idempotency_key` table, so the rule holds across
 * app instances on one PostgreSQL database: the primary key (user, endpoint, key) lets exactly
 * one of several concurrent duplicates insert its `pending` row; the others wait for its answer.
 * A request that fails releases its row, so a retry of the same submission runs again. Rows
 * expire after a day.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/kysely.js';
import type { Clock } from './context.js';
import { AppError } from './errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key's answer is kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** How long a repeat waits for the first request's answer before saying it is still running. */
const WAIT_MS = 20_000;
const POLL_MS = 50;
const KEY_RE = /^[A-Za-z0-9_-]{8,128}$/;

export interface IdempotencyDeps {
  db: Db;
  clock: Clock;
}

/** The key a request carries, checked: absent → null; malformed → 400. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || v === '') return null;
  if (!KEY_RE.test(v))
    throw new AppError('validation_failed', {
      issues: [{ path: 'headers.idempotency-key', message: '8–128 letters, digits, - or _' }],
    });
  return v;
}

/** A digest of what a request asks, so a key reused for different content is refused. */
export function requestHash(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(input ?? null))
    .digest('hex');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `work` once per (user, endpoint, key): the first caller runs it and stores its JSON
 * answer; repeats (sequential or concurrent, on any instance) return that answer. `replayed`
 * says whether the answer is a stored one.
 */
export async function runOnce<T>(
  deps: IdempotencyDeps,
  scope: { userId: number; endpoint: string; key: string; hash: string },
  work: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const { db, clock } = deps;
  const lockToken = randomBytes(12).toString('hex');
  const started = Date.now();
  const where = () =>
    db
      .selectFrom('idempotency_key')
      .selectAll()
      .where('user_id', '=', scope.userId)
      .where('endpoint', '=', scope.endpoint)
      .where('key', '=', scope.key);
  for (;;) {
    const now = clock.now();
    const nowIso = now.toISOString();
    // Expired answers go first (indexed by expiry), so an old key starts afresh.
    await db.deleteFrom('idempotency_key').where('expires_at', '<=', nowIso).execute();
    const inserted = await db
      .insertInto('idempotency_key')
      .values({
        user_id: scope.userId,
        endpoint: scope.endpoint,
        key: scope.key,
        request_hash: scope.hash,
        state: 'pending',
        lock_token: lockToken,
        response: null,
        created_at: nowIso,
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'endpoint', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) break;
    const row = await where().executeTakeFirst();
    if (!row) continue; // released by a failed first request, or just expired: try again
    if (row.request_hash !== scope.hash) throw new AppError('idempotency_key_reused', { key: scope.key });
    if (row.state === 'done' && row.response != null)
      return { value: JSON.parse(row.response) as T, replayed: true };
    if (Date.now() - started > WAIT_MS) throw new AppError('request_in_progress', { key: scope.key });
    await sleep(POLL_MS);
  }
  const mine = () =>
    db
      .updateTable('idempotency_key')
      .where('user_id', '=', scope.userId)
      .where('endpoint', '=', scope.endpoint)
      .where('key', '=', scope.key)
      .where('lock_token', '=', lockToken);
  let value: T;
  try {
    value = await work();
  } catch (e) {
    await db
      .deleteFrom('idempotency_key')
      .where('user_id', '=', scope.userId)
      .where('endpoint', '=', scope.endpoint)
      .where('key', '=', scope.key)
      .where('lock_token', '=', lockToken)
      .execute();
    throw e;
  }
  await mine()
    .set({ state: 'done', response: JSON.stringify(value ?? null) })
    .execute();
  return { value, replayed: false };
}
