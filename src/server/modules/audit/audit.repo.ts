/** Queries of the audit log list. Kysely only, no business rules. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

export interface AuditFilter {
  /** An action never listed. */
  hiddenAction: string;
  /** Null: every org. */
  scope: OrgIdSubquery | null;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** A prefix of the action, taken literally. */
  action?: string | undefined;
  actor?: string | undefined;
  /** Instants (ISO-8601), inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

function filtered(db: DbOrTrx, f: AuditFilter) {
  let q = db.selectFrom('audit_log').where('action', '!=', f.hiddenAction);
  if (f.scope) q = q.where('org_id', 'in', f.scope);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  // A prefix of the action: `_` and `%` are taken literally (action names are full of `_`).
  if (f.action) {
    const prefix = `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`action like ${prefix} escape '\\'`);
  }
  if (f.actor) q = q.where('actor_account', '=', f.actor);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<=', f.to);
  return q;
}

export async function countAudit(db: DbOrTrx, f: AuditFilter): Promise<number> {
  return Number(
    (
      await filtered(db, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** One page of the rows, newest first. */
export function auditPage(db: DbOrTrx, f: AuditFilter, limit: number, offset: number) {
  return filtered(db, f).selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute();
}
