import type { z } from 'zod';
import type { AppealView, appealCreateBody, appealListQuery } from '../../../contracts/points.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { Role } from '../../../domain/access/roles.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import type { SchemeItem, SchemeRules } from '../../../domain/points/scheme.js';
import {
  type AppealAction,
  type AppealState,
  appealDeadline,
  appealTransitions,
  availableActions,
  canAppeal,
  type EntryState,
  nextAppealState,
} from '../../../domain/points/workflow.js';
import { type AuditInput, appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { scopeOrgIds } from '../../lib/permissions.js';
import {
  type AppealFilter,
  type AppealListRow,
  countAppeals,
  decideAppeal,
  findAppeal,
  insertAppeal,
  listAppeals,
  lockEntry,
  openAppealOf,
  setEntryAppeal,
} from './appeal.repo.js';
import { entryById, findEntry } from './entry.repo.js';
import { insertEntry, pendingOrApprovedRevocation, schemeContext } from './entry.service.js';
import { actingRoles, transitionError } from './points.common.js';
import { findQuarter } from './quarter.repo.js';
import { currentVersion, versionById } from './scheme.service.js';

/**
 * Appeals (申诉, SPEC §2): "within 10 days of publication a member may appeal an entry; the
 * reviewer decides; an upheld appeal creates an adjustment and recomputes the board".
 *
 * An upheld appeal creates an adjustment that cancels the appealed entry (`revokes_entry_id`),
 * dated like it, already `submitted`: like every adjustment of a closed quarter it takes effect
 * only once the committee approves it, and that approval recomputes the member's score and the
 * ranks (`recomputeMemberIfClosed`). The appealed entry stays approved and the appeal stays
 * `upheld`: the history reads entry → appeal → adjustment.
 */

/** The rules of the version a quarter was computed with (its appeal window), else the version in force. */
async function rulesOfQuarter(db: DbOrTrx, schemeId: number, versionId: number | null): Promise<SchemeRules> {
  return (versionId ? await versionById(db, versionId) : await currentVersion(db, schemeId)).scheme.rules;
}

/**
 * A member appeals one of their own approved entries of a published quarter, from the day of
 * publication to `appealWindowDays` calendar days after it (`appeal_window_closed` after, with
 * nothing written); one open appeal per entry (`appeal_exists`).
 */
export async function createAppeal(ctx: Ctx, input: z.infer<typeof appealCreateBody>): Promise<AppealView> {
  const memberId = ctx.user.memberId;
  if (memberId == null) throw new AppError('forbidden', { reason: 'not linked to a member' });
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockEntry(trx, input.entryId);
    const e = await findEntry(trx, input.entryId);
    if (!e) throw new AppError('not_found', { entity: 'points_entry', id: input.entryId });
    if (e.member_id !== memberId) throw new AppError('forbidden', { reason: 'not your entry' });
    if (e.state !== 'approved' || e.revokes_entry_id != null)
      throw new AppError('entry_not_appealable', { entryId: e.id, state: e.state, kind: e.kind });
    const revocation = await pendingOrApprovedRevocation(trx, e.id);
    if (revocation) throw new AppError('entry_already_revoked', { entryId: e.id, adjustmentId: revocation });
    const q = await findQuarter(trx, e.scheme_id, e.quarter);
    if (q?.state !== 'published' || q.published_on == null)
      throw new AppError('quarter_not_published', { quarter: e.quarter });
    const rules = await rulesOfQuarter(trx, e.scheme_id, q.version_id);
    const today = todayInChina(ctx.clock);
    if (!canAppeal(q.published_on, today, rules.appealWindowDays)) {
      const deadline = appealDeadline(q.published_on, rules.appealWindowDays);
      throw new AppError(
        'appeal_window_closed',
        { publishedOn: q.published_on, deadline, windowDays: rules.appealWindowDays },
        {
          zh: `已超过申诉期限：${e.quarter} 于 ${q.published_on} 公布，申诉截止 ${deadline}（公布后 ${rules.appealWindowDays} 日内）`,
          en: `The appeal window has passed: ${e.quarter} was published on ${q.published_on}; appeals closed on ${deadline} (${rules.appealWindowDays} days after publication)`,
        },
      );
    }
    const open = await openAppealOf(trx, e.id);
    if (open) throw new AppError('appeal_exists', { appealId: open.id });
    const at = nowIso(ctx.clock);
    const a = await insertAppeal(trx, {
      entry_id: e.id,
      quarter_id: q.id,
      member_id: e.member_id,
      branch_id: e.branch_id,
      reason: input.reason,
      state: 'open',
      created_by: ctx.user.id,
      created_at: at,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      adjustment_entry_id: null,
    });
    await setEntryAppeal(trx, e.id, a.id);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.appeal.create',
        entityType: 'points_appeal',
        entityId: a.id,
        orgId: e.branch_id,
        after: { entryId: e.id, quarter: e.quarter, reason: input.reason, state: 'open' },
      },
    ]);
    return a.id;
  });
  return getAppeal(ctx, id);
}

/**
 * Decides an appeal: affairs upholds or dismisses it with a reason for the member; the member
 * may withdraw it while open. Upholding creates the cancelling adjustment, submitted to the
 * committee (see the module comment). A second decision is `invalid_transition` or, in a race,
 * `stale_record`.
 */
export async function actOnAppeal(
  ctx: Ctx,
  id: number,
  action: AppealAction,
  reason: string | undefined,
): Promise<AppealView> {
  await ctx.db.transaction().execute(async (trx) => {
    const a = await findAppeal(trx, id);
    if (!a) throw new AppError('not_found', { entity: 'points_appeal', id });
    const roles = await actingRoles(trx, ctx.user, a.branch_id, a.member_id);
    if (roles.length === 0) throw new AppError('forbidden', { id });
    const next = nextAppealState(a.state as AppealState, action, roles, reason);
    if (!next.ok) throw transitionError(next.error, { id, state: a.state, action });
    const at = nowIso(ctx.clock);
    const audits: AuditInput[] = [];
    let adjustmentId: number | null = null;
    if (action === 'uphold') {
      const e = await entryById(trx, a.entry_id);
      const sc = await schemeContext(trx, e.scheme_id);
      const { row, audit } = await insertEntry(
        ctx,
        trx,
        {
          schemeId: e.scheme_id,
          memberId: e.member_id,
          itemCode: e.item_code,
          occurredOn: e.occurred_on,
          quantity: e.quantity,
          note: `申诉成立：${reason ?? ''}`.slice(0, 500),
          fileIds: [],
          kind: 'adjustment',
          revokesEntryId: e.id,
          submit: true,
        },
        at,
        sc.items,
        sc.year,
        sc.rootOrgId,
      );
      await setEntryAppeal(trx, row.id, a.id);
      adjustmentId = row.id;
      audits.push({ ...audit, after: { ...(audit.after as object), appealId: a.id } });
    }
    const decided = await decideAppeal(trx, id, {
      state: next.state,
      decided_by: ctx.user.id,
      decided_at: at,
      decision_reason: action === 'withdraw' ? null : (reason ?? null),
      adjustment_entry_id: adjustmentId,
    });
    if (!decided) throw new AppError('stale_record', { id });
    audits.push({
      action: `points.appeal.${action}`,
      entityType: 'points_appeal',
      entityId: id,
      orgId: a.branch_id,
      before: { state: a.state },
      after: { state: next.state, reason: reason ?? null, adjustmentEntryId: adjustmentId },
    });
    await appendAudit(trx, ctx.user, at, audits);
  });
  return getAppeal(ctx, id);
}

/**
 * What the viewer may see: appeals of the branches their officer roles reach (a secretary
 * their branch, affairs and the committee their subtree), and always their own.
 */
async function visibility(ctx: Ctx): Promise<Pick<AppealFilter, 'scope' | 'ownMemberId'>> {
  const roots = scopeRoots(ctx.user.grants, 'points.entry.read');
  if (roots.length === 0 && ctx.user.memberId == null) throw new AppError('forbidden', { entity: 'appeal' });
  return {
    scope: roots.length ? await scopeOrgIds(ctx.db, roots) : null,
    ownMemberId: ctx.user.memberId,
  };
}

async function toViews(ctx: Ctx, rows: AppealListRow[]): Promise<AppealView[]> {
  const items = new Map<number, Map<string, SchemeItem>>();
  const rulesByVersion = new Map<string, SchemeRules>();
  const rolesByBranch = new Map<number, Role[]>();
  const out: AppealView[] = [];
  for (const r of rows) {
    let schemeItems = items.get(r.scheme_id);
    if (!schemeItems) {
      schemeItems = new Map((await currentVersion(ctx.db, r.scheme_id)).scheme.items.map((i) => [i.code, i]));
      items.set(r.scheme_id, schemeItems);
    }
    const key = `${r.scheme_id}:${r.quarter_version_id ?? ''}`;
    let rules = rulesByVersion.get(key);
    if (!rules) {
      rules = await rulesOfQuarter(ctx.db, r.scheme_id, r.quarter_version_id);
      rulesByVersion.set(key, rules);
    }
    let roles = rolesByBranch.get(r.branch_id);
    if (!roles) {
      roles = await actingRoles(ctx.db, ctx.user, r.branch_id, -1);
      rolesByBranch.set(r.branch_id, roles);
    }
    const viewerRoles: Role[] = ctx.user.memberId === r.member_id ? [...roles, 'member'] : roles;
    const item = schemeItems.get(r.item_code);
    out.push({
      id: r.id,
      schemeId: r.scheme_id,
      quarter: r.quarter,
      entryId: r.entry_id,
      itemCode: r.item_code,
      itemName: item?.name ?? r.item_code,
      occurredOn: r.occurred_on,
      points: r.points,
      direction: item?.direction ?? 'bonus',
      memberId: r.member_id,
      memberName: r.member_name,
      branchId: r.branch_id,
      branchName: r.branch_name,
      reason: r.reason,
      state: r.state as AppealState,
      createdAt: r.created_at,
      deadline: r.published_on ? appealDeadline(r.published_on, rules.appealWindowDays) : null,
      decidedAt: r.decided_at,
      decidedByAccount: r.decided_by_account,
      decisionReason: r.decision_reason,
      adjustmentEntryId: r.adjustment_entry_id,
      adjustmentState: (r.adjustment_state as EntryState | null) ?? null,
      actions: availableActions(appealTransitions, r.state as AppealState, viewerRoles).map((t) => t.action),
    });
  }
  return out;
}

/** Lists the appeals the viewer may see, filtered by scheme, org subtree, member and state. */
export async function listAppealsFor(
  ctx: Ctx,
  q: z.infer<typeof appealListQuery>,
): Promise<Page<AppealView>> {
  const filter: AppealFilter = {
    ...(await visibility(ctx)),
    subtree: q.orgId ? await scopeOrgIds(ctx.db, [q.orgId]) : undefined,
    schemeId: q.schemeId,
    memberId: q.memberId,
    state: q.state,
  };
  return paginate(
    q.page,
    q.pageSize,
    () => countAppeals(ctx.db, filter),
    async (limit, offset) => toViews(ctx, await listAppeals(ctx.db, filter, limit, offset)),
  );
}

/** One appeal, for its member, the secretary of its branch, and affairs and the committee above. */
export async function getAppeal(ctx: Ctx, id: number): Promise<AppealView> {
  const exists = await findAppeal(ctx.db, id);
  if (!exists) throw new AppError('not_found', { entity: 'points_appeal', id });
  const rows = await listAppeals(ctx.db, { ...(await visibility(ctx)), ids: [id] }, 1, 0);
  const [view] = await toViews(ctx, rows);
  if (!view) throw new AppError('forbidden', { entity: 'points_appeal', id });
  return view;
}
