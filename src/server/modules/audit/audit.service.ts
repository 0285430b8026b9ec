import { sql } from 'kysely';
import type { z } from 'zod';
import type { AuditEntry, auditListQuery } from '../../../contracts/audit.js';
import type { AuditLogRow } from '../../../db/types.js';
import { type VerifyResult, verifyAuditChain } from '../../lib/audit.js';
import type { Ctx } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { isSuperScope, requireSomewhere, scopeOrgIds } from '../../lib/permissions.js';

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
  const base = () => {
    let q = ctx.db.selectFrom('audit_log').where('action', '!=', LEGACY_PEER_SHEET);
    if (scope) q = q.where('org_id', 'in', scope);
    if (query.entityType) q = q.where('entity_type', '=', query.entityType);
    if (query.entityId) q = q.where('entity_id', '=', query.entityId);
    // A prefix of the action: `_` and `%` are taken literally (action names are full of `_`).
    if (query.action) {
      const prefix = `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<boolean>`action like ${prefix} escape '\\'`);
    }
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
      withEntityNames(
        ctx,
        (await base().selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute()).map(
          toAuditEntry,
        ),
      ),
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
  const names = new Map<string, string>();
  const put = (type: string, id: number, name: string) => names.set(`${type}:${id}`, name);
  const orgIds = idsOf('org');
  if (orgIds.length)
    for (const o of await ctx.db
      .selectFrom('org')
      .select(['id', 'name', 'code'])
      .where('id', 'in', orgIds)
      .execute())
      put('org', o.id, `${o.name}（${o.code}）`);
  const memberIds = idsOf('member');
  if (memberIds.length)
    for (const m of await ctx.db
      .selectFrom('member')
      .select(['id', 'name'])
      .where('id', 'in', memberIds)
      .execute())
      put('member', m.id, m.name);
  const userIds = idsOf('user');
  if (userIds.length)
    for (const u of await ctx.db
      .selectFrom('app_user')
      .select(['id', 'account', 'display_name'])
      .where('id', 'in', userIds)
      .execute())
      put('user', u.id, u.display_name === u.account ? u.account : `${u.display_name}（${u.account}）`);
  const schemeIds = idsOf('points_scheme');
  if (schemeIds.length)
    for (const s of await ctx.db
      .selectFrom('points_scheme')
      .select(['id', 'name'])
      .where('id', 'in', schemeIds)
      .execute())
      put('points_scheme', s.id, s.name);
  const entryIds = idsOf('points_entry');
  if (entryIds.length)
    for (const e of await ctx.db
      .selectFrom('points_entry')
      .innerJoin('member', 'member.id', 'points_entry.member_id')
      .select(['points_entry.id', 'member.name', 'points_entry.item_code', 'points_entry.quarter'])
      .where('points_entry.id', 'in', entryIds)
      .execute())
      put('points_entry', e.id, `${e.name} · ${e.item_code} · ${e.quarter}`);
  const appealIds = idsOf('points_appeal');
  if (appealIds.length)
    for (const e of await ctx.db
      .selectFrom('points_appeal')
      .innerJoin('member', 'member.id', 'points_appeal.member_id')
      .select(['points_appeal.id', 'member.name'])
      .where('points_appeal.id', 'in', appealIds)
      .execute())
      put('points_appeal', e.id, e.name);
  const activityIds = idsOf('points_activity');
  if (activityIds.length)
    for (const e of await ctx.db
      .selectFrom('points_activity')
      .select(['id', 'title'])
      .where('id', 'in', activityIds)
      .execute())
      put('points_activity', e.id, e.title);
  const branchMonthIds = idsOf('be_branch_month');
  if (branchMonthIds.length)
    for (const e of await ctx.db
      .selectFrom('be_branch_month')
      .innerJoin('org', 'org.id', 'be_branch_month.branch_id')
      .innerJoin('be_month', 'be_month.id', 'be_branch_month.month_id')
      .select(['be_branch_month.id', 'org.name', 'org.code', 'be_month.month'])
      .where('be_branch_month.id', 'in', branchMonthIds)
      .execute())
      put('be_branch_month', e.id, `${e.name}（${e.code}）· ${e.month}`);
  const monthIds = idsOf('be_month');
  if (monthIds.length)
    for (const e of await ctx.db
      .selectFrom('be_month')
      .innerJoin('org', 'org.id', 'be_month.org_id')
      .select(['be_month.id', 'org.name', 'be_month.month'])
      .where('be_month.id', 'in', monthIds)
      .execute())
      put('be_month', e.id, `${e.name} · ${e.month}`);
  const indicatorIds = idsOf('be_indicator');
  if (indicatorIds.length)
    for (const e of await ctx.db
      .selectFrom('be_indicator')
      .select(['id', 'code', 'name'])
      .where('id', 'in', indicatorIds)
      .execute())
      put('be_indicator', e.id, `${e.code} ${e.name}`);
  return rows.map((r) => ({ ...r, entityName: names.get(`${r.entityType}:${r.entityId}`) ?? null }));
}

/** Verifies the whole chain; only for an admin of the whole organisation (it reads every row). */
export async function verifyAudit(ctx: Ctx): Promise<VerifyResult> {
  if (!(await isSuperScope(ctx.db, ctx.user, 'audit.read')))
    throw new AppError('forbidden', { permission: 'audit.read' });
  return verifyAuditChain(ctx.db);
}
