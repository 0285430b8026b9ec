import type { z } from 'zod';
import type { AuditEntry, auditListQuery } from '../../../contracts/audit.js';
import type { AuditLogRow } from '../../../db/types.js';
import { type VerifyResult, verifyAuditChain } from '../../lib/audit.js';
import type { Ctx } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { isSuperScope, requireSomewhere, scopeOrgIds } from '../../lib/permissions.js';

const parse = (s: string | null): unknown => (s == null ? null : JSON.parse(s));

export function toAuditEntry(r: AuditLogRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorAccount: r.actor_account,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    orgId: r.org_id,
    before: parse(r.before_json),
    after: parse(r.after_json),
    hash: r.hash,
  };
}

/**
 * Lists the audit log, newest first. An admin of the whole organisation sees every row; an
 * admin of a subtree sees the rows about orgs inside it.
 */
export async function listAudit(ctx: Ctx, query: z.infer<typeof auditListQuery>): Promise<Page<AuditEntry>> {
  const roots = requireSomewhere(ctx.user, 'audit.read');
  const all = await isSuperScope(ctx.db, ctx.user, 'audit.read');
  const scope = all ? null : await scopeOrgIds(ctx.db, roots);
  const base = () => {
    let q = ctx.db.selectFrom('audit_log');
    if (scope) q = q.where('org_id', 'in', scope);
    if (query.entityType) q = q.where('entity_type', '=', query.entityType);
    if (query.entityId) q = q.where('entity_id', '=', query.entityId);
    if (query.action) q = q.where('action', 'like', `${query.action.replace(/[%_\\]/g, '')}%`);
    if (query.actor) q = q.where('actor_account', '=', query.actor);
    // A bare date means that day in Beijing; an instant is taken as given.
    const instant = (v: string, end: boolean) =>
      v.length === 10
        ? new Date(Date.parse(`${v}T${end ? '23:59:59.999' : '00:00:00'}+08:00`)).toISOString()
        : v;
    if (query.from) q = q.where('at', '>=', instant(query.from, false));
    if (query.to) q = q.where('at', '<=', instant(query.to, true));
    return q;
  };
  return paginate(
    query.page,
    query.pageSize,
    async () =>
      Number(
        (
          await base()
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    async (limit, offset) =>
      (await base().selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute()).map(
        toAuditEntry,
      ),
  );
}

/** Verifies the whole chain; only for an admin of the whole organisation (it reads every row). */
export async function verifyAudit(ctx: Ctx): Promise<VerifyResult> {
  if (!(await isSuperScope(ctx.db, ctx.user, 'audit.read')))
    throw new AppError('forbidden', { permission: 'audit.read' });
  return verifyAuditChain(ctx.db);
}
