/**
 * Rectification items (整改, SPEC §5): a finding becomes an item with an owner and a due date
 * counted in working days; the owner, the unit's people or the organiser close it with what was
 * done. Items stay with their campaign and are shown to the next year's campaign.
 */
import type { z } from 'zod';
import type {
  rectificationCloseBody,
  rectificationCreateBody,
  rectificationListQuery,
} from '../../../contracts/inspection.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import { addWorkingDays } from '../../../domain/calendar/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { scopeOrgIds } from '../../lib/permissions.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import { loadCampaign, rolesAtCampaign, ruleError, unitsOfUser } from './inspection.common.js';
import * as repo from './inspection.repo.js';
import { rectificationViewOf } from './views.js';

/** Turns a finding into a rectification item (affairs or a member of the team). */
export async function createRectification(
  ctx: Ctx,
  findingId: number,
  body: z.infer<typeof rectificationCreateBody>,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const f = await repo.findFinding(trx, findingId);
    if (!f) throw new AppError('not_found', { entity: 'insp_finding', id: findingId });
    const c = await loadCampaign(trx, f.campaign_id);
    const roles = await rolesAtCampaign(trx, ctx.user, c);
    const onTeam = roles.includes('inspector') && (await repo.isInspector(trx, c.id, ctx.user.id));
    if (!roles.includes('affairs') && !onTeam)
      throw new AppError('forbidden', { permission: 'inspection.manage', orgId: c.org_id });
    if (c.state === 'draft' || c.state === 'self_check')
      throw ruleError('现场检查开始后才能下达整改', 'Rectification starts with the inspection');
    const owner = await repo.userById(trx, body.ownerUserId);
    if (owner?.active !== 1) throw new AppError('not_found', { entity: 'user', id: body.ownerUserId });
    if ((await repo.rectifications(trx, { campaignId: c.id })).some((r) => r.finding_id === findingId))
      throw new AppError(
        'conflict',
        { findingId },
        { zh: '该问题已列入整改', en: 'This finding already has a rectification item' },
      );
    const cal = await loadHolidayCalendar(trx);
    const dueOn = addWorkingDays(cal, todayInChina(ctx.clock), body.workingDays);
    const at = nowIso(ctx.clock);
    const id = await repo.insertRectification(trx, {
      campaign_id: c.id,
      finding_id: findingId,
      org_id: f.org_id,
      title: body.title,
      owner_user_id: owner.id,
      due_on: dueOn,
      state: 'open',
      created_by: ctx.user.id,
      created_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.rectification.create',
        entityType: 'insp_rectification',
        entityId: id,
        orgId: f.org_id,
        after: { findingId, title: body.title, ownerUserId: owner.id, dueOn, workingDays: body.workingDays },
      },
    ]);
    const [row] = await repo.rectifications(trx, { ids: [id] });
    if (!row) throw new AppError('internal');
    return rectificationViewOf(row, todayInChina(ctx.clock));
  });
}

/** Closes an item: its owner, the unit's people, or the organiser. */
export async function closeRectification(ctx: Ctx, id: number, body: z.infer<typeof rectificationCloseBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const [r] = await repo.rectifications(trx, { ids: [id] });
    if (!r) throw new AppError('not_found', { entity: 'insp_rectification', id });
    const c = await loadCampaign(trx, r.campaign_id);
    const roles = await rolesAtCampaign(trx, ctx.user, c);
    const mine = await unitsOfUser(trx, ctx.user, [r.org_id]);
    if (r.owner_user_id !== ctx.user.id && !mine.selfCheck.has(r.org_id) && !roles.includes('affairs'))
      throw new AppError('forbidden', { permission: 'inspection.rectification.close', id });
    if (r.state === 'closed')
      throw ruleError('该整改事项已关闭', 'This rectification item is already closed');
    const at = nowIso(ctx.clock);
    await repo.updateRectification(trx, id, {
      state: 'closed',
      closing_note: body.note,
      closed_by: ctx.user.id,
      closed_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.rectification.close',
        entityType: 'insp_rectification',
        entityId: id,
        orgId: r.org_id,
        before: { state: 'open' },
        after: { state: 'closed', note: body.note },
      },
    ]);
    const [row] = await repo.rectifications(trx, { ids: [id] });
    if (!row) throw new AppError('internal');
    return rectificationViewOf(row, todayInChina(ctx.clock));
  });
}

/**
 * Items within reach: every item of campaigns whose committee the caller reads as organiser,
 * committee or inspector; a unit's people see their units' items; an owner sees their own.
 */
export async function listRectifications(ctx: Ctx, q: z.infer<typeof rectificationListQuery>) {
  const roots = scopeRoots(ctx.user.grants, 'inspection.read');
  const orgIds = roots.length ? (await (await scopeOrgIds(ctx.db, roots)).execute()).map((r) => r.id) : [];
  const all = await repo.rectifications(ctx.db, { campaignId: q.campaignId, state: q.state });
  const unitIds = [...new Set(all.map((r) => r.org_id))];
  const mine = await unitsOfUser(ctx.db, ctx.user, unitIds);
  const org = new Set(orgIds);
  const today = todayInChina(ctx.clock);
  const items = all
    .filter(
      (r) => org.has(r.campaign_org_id) || mine.belongs.has(r.org_id) || r.owner_user_id === ctx.user.id,
    )
    .filter((r) => q.unitId === undefined || r.org_id === q.unitId)
    .map((r) => rectificationViewOf(r, today));
  return { items };
}
