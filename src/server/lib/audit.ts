import { createHash } from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/kysely.js';
import type { AuditLogRow } from '../../db/types.js';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  orgId?: number | null;
  before?: unknown;
  after?: unknown;
}

export interface Actor {
  id: number | null;
  account: string | null;
}

/** A stable JSON text: keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string | null {
  if (value === undefined) return null;
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

type Hashable = Omit<AuditLogRow, 'hash'>;

/** The hash of a row: SHA-256 over the previous hash and every field of the row, in fixed order. */
export function hashAuditRow(row: Hashable): string {
  const parts = [
    row.prev_hash,
    String(row.seq),
    row.at,
    String(row.actor_user_id ?? ''),
    row.actor_account ?? '',
    row.action,
    row.entity_type,
    row.entity_id ?? '',
    String(row.org_id ?? ''),
    row.before_json ?? '',
    row.after_json ?? '',
  ];
  return createHash('sha256').update(parts.join('\u001f')).digest('hex');
}

/** An entry recording an edit whose state after equals its state before: nothing happened. */
function changesNothing(e: AuditInput): boolean {
  return (
    e.before !== undefined && e.after !== undefined && canonicalJson(e.before) === canonicalJson(e.after)
  );
}

/**
 * Appends entries to the audit log inside the caller's transaction, so that a change and its
 * audit rows commit or roll back together. Taking the next sequence number with an UPDATE on
 * the single `audit_head` row locks it until commit, which serialises appends across app
 * instances on PostgreSQL (SQLite serialises writers anyway). An entry whose `before` equals
 * its `after` (an empty or same-value edit) records no change and is left out, for every use
 * case at once.
 */
export async function appendAudit(
  trx: DbOrTrx,
  actor: Actor,
  at: string,
  allEntries: AuditInput[],
): Promise<void> {
  const entries = allEntries.filter((e) => !changesNothing(e));
  if (entries.length === 0) return;
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ last_seq: eb('last_seq', '+', entries.length) }))
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  let seq = head.last_seq - entries.length;
  let prev = head.last_hash;
  const rows: AuditLogRow[] = [];
  for (const e of entries) {
    seq += 1;
    const row: Hashable = {
      seq,
      at,
      actor_user_id: actor.id,
      actor_account: actor.account,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId == null ? null : String(e.entityId),
      org_id: e.orgId ?? null,
      before_json: canonicalJson(e.before),
      after_json: canonicalJson(e.after),
      prev_hash: prev,
    };
    const hash = hashAuditRow(row);
    rows.push({ ...row, hash });
    prev = hash;
  }
  // Chunked so that a 10,000-row import stays under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  await trx.updateTable('audit_head').set({ last_hash: prev }).where('id', '=', 1).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Walks the whole chain in order and names the first row whose hash, link or sequence is
 * wrong, and whether the head agrees with the last row (a deleted tail shows there).
 */
export async function verifyAuditChain(
  db: Db,
  onProgress?: (checked: number) => void,
): Promise<VerifyResult> {
  let prev = '0'.repeat(64);
  let expectedSeq = 1;
  let checked = 0;
  const batch = 2000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, firstBrokenSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
      }
      if (row.prev_hash !== prev) {
        return {
          ok: false,
          checked,
          firstBrokenSeq: row.seq,
          reason: 'prev_hash does not match the previous row',
        };
      }
      const { hash, ...rest } = row;
      if (hashAuditRow(rest) !== hash) {
        return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'row content does not match its hash' };
      }
      prev = hash;
      expectedSeq += 1;
      checked += 1;
    }
    onProgress?.(checked);
    if (rows.length < batch) break;
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  if (head.last_seq !== checked || head.last_hash !== prev) {
    return {
      ok: false,
      checked,
      firstBrokenSeq: checked + 1,
      reason: `the chain head expects ${head.last_seq} rows; rows after ${checked} are missing`,
    };
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
