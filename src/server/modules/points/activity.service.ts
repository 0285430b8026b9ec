/**
 * Recorded activities (SPEC §7 "record once": a 主题党日 with its attendees and evidence): the list
 * of a scope's activities and one activity with who attended, who did not and its photos.
 */
import type { z } from 'zod';
import type { activityDetail, activityListQuery, activityView } from '../../../contracts/points.js';
import type { EntryState } from '../../../domain/points/workflow.js';
import type { Ctx } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import type { Page } from '../../lib/pagination.js';
import { can, isSuperScope, requireSomewhere, scopeOrgIds } from '../../lib/permissions.js';
import * as repo from './activity.repo.js';
import { currentVersion } from './scheme.service.js';

type ActivityView = z.infer<typeof activityView>;
type ActivityRow = NonNullable<Awaited<ReturnType<typeof repo.activityById>>>;

async function views(ctx: Ctx, rows: readonly ActivityRow[]): Promise<ActivityView[]> {
  const ids = rows.map((r) => r.id);
  const attendance = await repo.attendanceOf(ctx.db, ids);
  const links = await repo.activityEvidence(ctx.db, ids);
  const names = new Map<string, string>();
  for (const schemeId of new Set(rows.map((r) => r.scheme_id))) {
    const v = await currentVersion(ctx.db, schemeId);
    for (const i of v.scheme.items) names.set(`${schemeId}:${i.code}`, i.name);
  }
  return rows.map((r) => {
    const mine = attendance.filter((a) => a.activity_id === r.id);
    return {
      id: r.id,
      schemeId: r.scheme_id,
      branchId: r.branch_id,
      branchName: r.branch_name,
      title: r.title,
      kind: r.kind,
      occurredOn: r.occurred_on,
      itemCode: r.item_code,
      itemName: names.get(`${r.scheme_id}:${r.item_code}`) ?? r.item_code,
      quantity: r.quantity,
      points: r.points,
      note: r.note,
      attendees: mine.length,
      entryIds: mine.map((a) => a.id),
      evidence: links
        .filter((l) => l.entity_id === r.id)
        .map((l) => ({
          id: l.id,
          name: l.original_name,
          mime: l.mime,
          previewable: l.mime.startsWith('image/') || l.mime === 'application/pdf',
        })),
      createdAt: r.created_at,
    };
  });
}

/** The activities of the caller's scope (optionally of one org's subtree), the latest first. */
export async function listActivities(
  ctx: Ctx,
  q: z.infer<typeof activityListQuery>,
): Promise<Page<ActivityView>> {
  const roots = requireSomewhere(ctx.user, 'points.entry.read');
  const branchIn = (await isSuperScope(ctx.db, ctx.user, 'points.entry.read'))
    ? null
    : await scopeOrgIds(ctx.db, roots);
  const subtreeIn = q.branchId ? await scopeOrgIds(ctx.db, [q.branchId]) : null;
  const { total, rows } = await repo.activitiesPage(
    ctx.db,
    { branchIn, subtreeIn, waiting: q.waiting === 'true' },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: await views(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** One activity: its record, photos, the members who attended (with their entries' states) and those who did not. */
export async function getActivity(ctx: Ctx, id: number): Promise<z.infer<typeof activityDetail>> {
  const row = await repo.activityById(ctx.db, id);
  if (!row) throw new AppError('not_found', { entity: 'points_activity', id });
  if (!(await can(ctx.db, ctx.user, 'points.entry.read', row.branch_id)))
    throw new AppError('forbidden', { permission: 'points.entry.read' });
  const [view] = await views(ctx, [row]);
  if (!view) throw new AppError('internal');
  const attendance = await repo.attendanceOf(ctx.db, [id]);
  const present = new Set(attendance.map((a) => a.member_id));
  const members = await repo.activeMembersOf(ctx.db, row.branch_id);
  return {
    ...view,
    present: attendance.map((a) => ({
      memberId: a.member_id,
      memberName: a.member_name,
      employeeNo: a.employee_no,
      entryId: a.id,
      state: a.state as EntryState,
    })),
    absent: members
      .filter((m) => !present.has(m.id))
      .map((m) => ({ memberId: m.id, memberName: m.name, employeeNo: m.employee_no })),
  };
}
