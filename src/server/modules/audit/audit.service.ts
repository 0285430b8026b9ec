import type { z } from 'zod';
import type { AuditEntry, auditListQuery } from '../../../contracts/audit.js';
import type { AuditLogRow } from '../../../db/types.js';
import { type VerifyResult, verifyAuditChain } from '../../lib/audit.js';
import type { Ctx } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { isSuperScope, requireSomewhere, scopeOrgIds } from '../../lib/permissions.js';
import * as auditRepo from './audit.repo.js';

const parse = (s: string | null): unknown => (s == null ? null : JSON.parse(s));

/**
 * Rows written before peer sheets were counted instead of logged one by one (migration 0007): a
 * peer sheet's row named the person with the rated branch and the scores, and an office's rater
 * edit listed the rater branches. They stay in the chain (verification walks them), but the list
 * never shows a sheet's row and shows an old rater list as a count — an admin may belong to the
 * rated branch.
 */
const LEGACY_PEER_SHEET = 'branch_eval.peer.submit';
const raterCounts = (v: unknown): unknown => {
  if (!v || typeof v !== 'object' || !('raters' in v) || !Array.isArray(v.raters)) return v;
  return { ...v, raters: v.raters.length };
};

export function toAuditEntry(r: AuditLogRow): AuditEntry {
  const peerEdit = r.action === 'branch_eval.peer.set_raters';
  return {
    seq: r.seq,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorAccount: r.actor_account,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityName: null,
    orgId: r.org_id,
    before: peerEdit ? raterCounts(parse(r.before_json)) : parse(r.before_json),
    after: peerEdit ? raterCounts(parse(r.after_json)) : parse(r.after_json),
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
  // A bare date means that day in Beijing; an instant is taken as given.
  const instant = (v: string, end: boolean) =>
    v.length === 10
      ? new Date(Date.parse(`${v}T${end ? '23:59:59.999' : '00:00:00'}+08:00`)).toISOString()
      : v;
  const filter: auditRepo.AuditFilter = {
    hiddenAction: LEGACY_PEER_SHEET,
    scope,
    entityType: query.entityType,
    entityId: query.entityId,
    action: query.action,
    actor: query.actor,
    from: query.from ? instant(query.from, false) : undefined,
    to: query.to ? instant(query.to, true) : undefined,
  };
  return paginate(
    query.page,
    query.pageSize,
    () => auditRepo.countAudit(ctx.db, filter),
    async (limit, offset) =>
      withEntityNames(ctx, (await auditRepo.auditPage(ctx.db, filter, limit, offset)).map(toAuditEntry)),
  );
}

/**
 * Names the entities of one page of rows, one query per entity type on the page: an org by its
 * name and code (names repeat: four branches are called 城关供电所党支部), a member, a user, a
 * scheme by name, an entry or appeal by its member, a branch month by its branch and month.
 */
async function withEntityNames(ctx: Ctx, rows: AuditEntry[]): Promise<AuditEntry[]> {
  const idsOf = (type: string) => [
    ...new Set(
      rows
        .filter((r) => r.entityType === type && r.entityId && /^\d+$/.test(r.entityId))
        .map((r) => Number(r.entityId)),
    ),
  ];
  const names = await auditRepo.entityNames(ctx.db, idsOf);
  return rows.map((r) => ({ ...r, entityName: names.get(`${r.entityType}:${r.entityId}`) ?? null }));
}

/** Verifies the whole chain; only for an admin of the whole organisation (it reads every row). */
export async function verifyAudit(ctx: Ctx): Promise<VerifyResult> {
  if (!(await isSuperScope(ctx.db, ctx.user, 'audit.read')))
    throw new AppError('forbidden', { permission: 'audit.read' });
  return verifyAuditChain(ctx.db);
}
