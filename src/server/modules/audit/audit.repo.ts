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

/**
 * Display names of the records audit rows point at (orgs with their code, members, users,
 * schemes, entries, appeals, activities, branch months, months, indicators), keyed
 * `<entity type>:<id>`; `idsOf(type)` lists the ids of one type on the page.
 */
export async function entityNames(
  db: DbOrTrx,
  idsOf: (type: string) => number[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const put = (type: string, id: number, name: string) => names.set(`${type}:${id}`, name);
  const orgIds = idsOf('org');
  if (orgIds.length)
    for (const o of await db
      .selectFrom('org')
      .select(['id', 'name', 'code'])
      .where('id', 'in', orgIds)
      .execute())
      put('org', o.id, `${o.name}（${o.code}）`);
  const memberIds = idsOf('member');
  if (memberIds.length)
    for (const m of await db
      .selectFrom('member')
      .select(['id', 'name'])
      .where('id', 'in', memberIds)
      .execute())
      put('member', m.id, m.name);
  const userIds = idsOf('user');
  if (userIds.length)
    for (const u of await db
      .selectFrom('app_user')
      .select(['id', 'account', 'display_name'])
      .where('id', 'in', userIds)
      .execute())
      put('user', u.id, u.display_name === u.account ? u.account : `${u.display_name}（${u.account}）`);
  const schemeIds = idsOf('points_scheme');
  if (schemeIds.length)
    for (const s of await db
      .selectFrom('points_scheme')
      .select(['id', 'name'])
      .where('id', 'in', schemeIds)
      .execute())
      put('points_scheme', s.id, s.name);
  const entryIds = idsOf('points_entry');
  if (entryIds.length)
    for (const e of await db
      .selectFrom('points_entry')
      .innerJoin('member', 'member.id', 'points_entry.member_id')
      .select(['points_entry.id', 'member.name', 'points_entry.item_code', 'points_entry.quarter'])
      .where('points_entry.id', 'in', entryIds)
      .execute())
      put('points_entry', e.id, `${e.name} · ${e.item_code} · ${e.quarter}`);
  const appealIds = idsOf('points_appeal');
  if (appealIds.length)
    for (const e of await db
      .selectFrom('points_appeal')
      .innerJoin('member', 'member.id', 'points_appeal.member_id')
      .select(['points_appeal.id', 'member.name'])
      .where('points_appeal.id', 'in', appealIds)
      .execute())
      put('points_appeal', e.id, e.name);
  const activityIds = idsOf('points_activity');
  if (activityIds.length)
    for (const e of await db
      .selectFrom('points_activity')
      .select(['id', 'title'])
      .where('id', 'in', activityIds)
      .execute())
      put('points_activity', e.id, e.title);
  const branchMonthIds = idsOf('be_branch_month');
  if (branchMonthIds.length)
    for (const e of await db
      .selectFrom('be_branch_month')
      .innerJoin('org', 'org.id', 'be_branch_month.branch_id')
      .innerJoin('be_month', 'be_month.id', 'be_branch_month.month_id')
      .select(['be_branch_month.id', 'org.name', 'org.code', 'be_month.month'])
      .where('be_branch_month.id', 'in', branchMonthIds)
      .execute())
      put('be_branch_month', e.id, `${e.name}（${e.code}）· ${e.month}`);
  const monthIds = idsOf('be_month');
  if (monthIds.length)
    for (const e of await db
      .selectFrom('be_month')
      .innerJoin('org', 'org.id', 'be_month.org_id')
      .select(['be_month.id', 'org.name', 'be_month.month'])
      .where('be_month.id', 'in', monthIds)
      .execute())
      put('be_month', e.id, `${e.name} · ${e.month}`);
  const indicatorIds = idsOf('be_indicator');
  if (indicatorIds.length)
    for (const e of await db
      .selectFrom('be_indicator')
      .select(['id', 'code', 'name'])
      .where('id', 'in', indicatorIds)
      .execute())
      put('be_indicator', e.id, `${e.code} ${e.name}`);
  return names;
}
