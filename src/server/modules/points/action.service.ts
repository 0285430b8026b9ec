import type { z } from 'zod';
import type { actionListQuery, TierActionView } from '../../../contracts/points.js';
import type { Role } from '../../../domain/access/roles.js';
import type { Tier } from '../../../domain/points/tiers.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { requireSomewhere, rolesAtOrg, scopeOrgIds } from '../../lib/permissions.js';
import {
  type ActionListRow,
  actionById,
  completeAction,
  countActions,
  findAction,
  listActions,
} from './year.repo.js';

/**
 * Rewards and penalties (奖惩) of the published tiers, tracked to completion: each has an owner
 * (by default the branch secretary), a due date and, once done, who did it and a note.
 */

/** Who may mark an action done: its owner, or a secretary or affairs officer of the member's branch. */
function mayComplete(userId: number, ownerUserId: number | null, roles: readonly Role[]): boolean {
  return ownerUserId === userId || roles.includes('secretary') || roles.includes('affairs');
}

function statusOf(r: Pick<ActionListRow, 'done_at' | 'due_on'>, today: string): TierActionView['status'] {
  if (r.done_at != null) return 'done';
  return r.due_on != null && r.due_on < today ? 'overdue' : 'open';
}

async function toViews(ctx: Ctx, rows: ActionListRow[], today: string): Promise<TierActionView[]> {
  const rolesByBranch = new Map<number, Role[]>();
  const out: TierActionView[] = [];
  for (const r of rows) {
    let roles = rolesByBranch.get(r.branch_id);
    if (!roles) {
      roles = await rolesAtOrg(ctx.db, ctx.user, r.branch_id);
      rolesByBranch.set(r.branch_id, roles);
    }
    out.push({
      id: r.id,
      schemeId: r.scheme_id,
      year: r.year,
      memberId: r.member_id,
      memberName: r.member_name,
      employeeNo: r.employee_no,
      branchId: r.branch_id,
      branchName: r.branch_name,
      tier: r.tier as Tier,
      code: r.code,
      name: r.name,
      ownerUserId: r.owner_user_id,
      ownerName: r.owner_name,
      dueOn: r.due_on,
      status: statusOf(r, today),
      doneAt: r.done_at,
      doneByAccount: r.done_by_account,
      doneNote: r.done_note,
      canComplete: r.done_at == null && mayComplete(ctx.user.id, r.owner_user_id, roles),
    });
  }
  return out;
}

/**
 * Lists tracked actions within the viewer's reach — a secretary their branch, affairs and the
 * committee their subtree — filtered by scheme, org, tier and status (`overdue` = not done
 * and past its due date). Open actions come first, soonest due first.
 */
export async function listTierActions(
  ctx: Ctx,
  q: z.infer<typeof actionListQuery>,
): Promise<Page<TierActionView>> {
  const roots = requireSomewhere(ctx.user, 'points.entry.read');
  const today = todayInChina(ctx.clock);
  const filter = {
    scope: await scopeOrgIds(ctx.db, roots),
    subtree: q.orgId ? await scopeOrgIds(ctx.db, [q.orgId]) : undefined,
    schemeId: q.schemeId,
    tier: q.tier,
    status: q.status,
    today,
  };
  return paginate(
    q.page,
    q.pageSize,
    () => countActions(ctx.db, filter),
    async (limit, offset) => toViews(ctx, await listActions(ctx.db, filter, limit, offset), today),
  );
}

/**
 * Marks an action done with a note (the owner, or a secretary or affairs officer of the
 * member's branch). Done is final: a second completion is `invalid_transition`.
 */
export async function completeTierAction(ctx: Ctx, id: number, note: string): Promise<TierActionView> {
  const branchId = await ctx.db.transaction().execute(async (trx) => {
    const a = await findAction(trx, id);
    if (!a) throw new AppError('not_found', { entity: 'points_action', id });
    const roles = await rolesAtOrg(trx, ctx.user, a.branch_id);
    if (!mayComplete(ctx.user.id, a.owner_user_id, roles)) throw new AppError('forbidden', { id });
    if (a.done_at != null)
      throw new AppError('invalid_transition', { id, state: 'done', action: 'complete' });
    const at = nowIso(ctx.clock);
    if (!(await completeAction(trx, id, { done_at: at, done_by: ctx.user.id, done_note: note })))
      throw new AppError('stale_record', { id });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.action.complete',
        entityType: 'points_action',
        entityId: id,
        orgId: a.branch_id,
        before: { doneAt: null },
        after: { doneAt: at, note, memberId: a.member_id, code: a.code },
      },
    ]);
    return a.branch_id;
  });
  const today = todayInChina(ctx.clock);
  const row = await actionById(ctx.db, id, await scopeOrgIds(ctx.db, [branchId]), today);
  if (!row) throw new AppError('not_found', { entity: 'points_action', id });
  const [view] = await toViews(ctx, [row], today);
  if (!view) throw new AppError('not_found', { entity: 'points_action', id });
  return view;
}
