/**
 * Campaign use cases (SPEC §5): the affairs department opens a year's campaign with its target
 * units, team, criteria, weights and timetable, and takes it through its stages; the committee
 * reviews and publishes. Every change is authorised at the campaign's committee and audited in
 * the same transaction.
 */
import type { z } from 'zod';
import type {
  CampaignDetail,
  campaignCreateBody,
  campaignUpdateBody,
  inspectorCandidates,
  weightsBody,
} from '../../../contracts/inspection.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import { addWorkingDays, isWorkingDay, unknownYearsBetween } from '../../../domain/calendar/index.js';
import {
  type CampaignAction,
  defaultCriteria,
  allowedActions as machineActions,
  stateRules,
  stepCampaign,
  weightProblems,
} from '../../../domain/inspection/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { ancestorsOf, authorize, can, reachesInto } from '../../lib/permissions.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import { loadCampaign, rolesAtCampaign, ruleError, unitsOfUser } from './inspection.common.js';
import * as repo from './inspection.repo.js';
import { computeResults, storeResults } from './results.service.js';
import { weightsInForce, weightView } from './weights.js';

/** Whether the user may see the campaign at all: a role reaching its committee, or one inside it. */
async function canSee(ctx: Ctx, db: DbOrTrx, c: repo.CampaignRow): Promise<boolean> {
  return (
    (await reachesInto(db, ctx.user, 'inspection.read', c.org_id)) ||
    (await reachesInto(db, ctx.user, 'inspection.results.read', c.org_id))
  );
}

/** The campaign as the caller sees it, with what the caller may do. */
export async function campaignDetailOf(ctx: Ctx, db: DbOrTrx, c: repo.CampaignRow): Promise<CampaignDetail> {
  const org = (await repo.orgsByIds(db, [c.org_id]))[0];
  const roles = await rolesAtCampaign(db, ctx.user, c);
  const units = await repo.campaignUnits(db, c.id);
  const team = await repo.inspectors(db, c.id);
  const crit = await repo.criteria(db, c.id);
  const versions = await repo.weightVersions(db, c.id);
  const hearing = await repo.hearingScores(db, c.id);
  const finds = await repo.findings(db, c.id);
  const mine = await unitsOfUser(
    db,
    ctx.user,
    units.map((u) => u.org_id),
  );
  const onTeam = team.some((t) => t.id === ctx.user.id);
  const manage = roles.includes('affairs');
  const review = roles.includes('committee');
  const cal = await loadHolidayCalendar(db);
  const today = todayInChina(ctx.clock);
  const dates = [c.self_check_due, c.onsite_from, c.onsite_to, c.publish_on].filter(
    (d): d is string => d !== null,
  );
  const uncertain = dates.some(
    (d) => unknownYearsBetween(cal, ...([today, d].sort() as [string, string])).length > 0,
  );
  const last = await repo.campaignOfYear(db, c.org_id, c.year - 1);
  const lastRect = last ? await repo.rectifications(db, { campaignId: last.id }) : [];
  return {
    id: c.id,
    orgId: c.org_id,
    orgName: org?.name ?? '',
    year: c.year,
    title: c.title,
    state: c.state,
    units: units.length,
    publishedAt: c.published_at,
    timetable: {
      selfCheckDue: c.self_check_due,
      onsiteFrom: c.onsite_from,
      onsiteTo: c.onsite_to,
      publishOn: c.publish_on,
    },
    calendarUncertain: uncertain,
    unitList: units.map((u) => ({
      orgId: u.org_id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      selfSubmitted: u.self_submitted_at !== null,
      reviewDone: u.review_done_at !== null,
      hearingScores: hearing.filter((h) => h.org_id === u.org_id).length,
      findings: finds.filter((f) => f.org_id === u.org_id).length,
      mine: mine.belongs.has(u.org_id),
    })),
    inspectors: team.map((t) => ({ userId: t.id, name: t.display_name, account: t.account })),
    criteria: crit.map((k) => ({
      id: k.id,
      code: k.code,
      name: k.name,
      max: k.max_points,
      whatToCheck: k.what_to_check,
    })),
    criteriaTotal: crit.reduce((s, k) => s + k.max_points, 0),
    weights: weightView(versions[0] ?? null),
    weightVersions: versions.map(weightView),
    allowedActions: machineActions(c.state, roles),
    can: {
      manage,
      review,
      score: onTeam && roles.includes('inspector'),
      selfCheckUnits: [...mine.selfCheck],
      readResults: c.state === 'published' ? await canSee(ctx, db, c) : manage || review,
      ballots: await can(db, ctx.user, 'inspection.ballots.read', c.org_id),
      ledger: await can(db, ctx.user, 'inspection.ledger.read', c.org_id),
    },
    unitCandidates:
      manage && c.state === 'draft'
        ? (await repo.targetUnitCandidates(db, today)).map((u) => ({
            orgId: u.id,
            code: u.code,
            name: u.name,
            kind: u.kind,
          }))
        : [],
    lastYearRectifications: {
      open: lastRect.filter((r) => r.state === 'open').length,
      closed: lastRect.filter((r) => r.state === 'closed').length,
    },
  };
}

/** Campaigns of the committees the caller reaches. */
export async function listCampaigns(ctx: Ctx, orgId?: number) {
  const all = await repo.listCampaigns(ctx.db, orgId === undefined ? null : [orgId]);
  const items = [];
  for (const r of all) {
    const c = { org_id: r.org_id } as repo.CampaignRow;
    if (await canSee(ctx, ctx.db, c))
      items.push({
        id: r.id,
        orgId: r.org_id,
        orgName: r.org_name,
        year: r.year,
        title: r.title,
        state: r.state,
        units: Number(r.units ?? 0),
        publishedAt: r.published_at,
      });
  }
  return { items };
}

/** One campaign, for anyone its committee's roles reach. */
export async function getCampaign(ctx: Ctx, id: number): Promise<CampaignDetail> {
  const c = await loadCampaign(ctx.db, id);
  if (!(await canSee(ctx, ctx.db, c)))
    throw new AppError('forbidden', { permission: 'inspection.read', orgId: c.org_id });
  return campaignDetailOf(ctx, ctx.db, c);
}

/** Checks target units: unit-tree departments or grassroots units, listed once. */
async function checkUnits(db: DbOrTrx, ids: readonly number[]) {
  if (new Set(ids).size !== ids.length) throw ruleError('目标单位重复', 'A target unit is listed twice');
  const orgs = await repo.orgsByIds(db, ids);
  for (const id of ids) {
    const o = orgs.find((x) => x.id === id);
    if (!o) throw new AppError('not_found', { entity: 'org', id });
    if (o.tree !== 'unit' || (o.kind !== 'department' && o.kind !== 'grassroots'))
      throw ruleError(`${o.name} 不是部门或基层单位`, `${o.name} is not a department or grassroots unit`, {
        orgId: id,
      });
  }
}

/** Checks the team: users holding the inspector role at the campaign's committee or above. */
async function checkInspectors(db: DbOrTrx, orgId: number, ids: readonly number[]) {
  if (new Set(ids).size !== ids.length) throw ruleError('检查组成员重复', 'A team member is listed twice');
  const allowed = new Set(
    (await repo.usersWithRoleAt(db, 'inspector', await ancestorsOf(db, orgId))).map((u) => u.id),
  );
  for (const id of ids)
    if (!allowed.has(id))
      throw ruleError('该用户没有检查考核组成员角色', 'This user does not hold the inspector role here', {
        userId: id,
      });
}

/**
 * Opens a year's campaign (affairs): default target units are the top-level departments and
 * grassroots units of the unit tree; criteria come from the template or from the committee's
 * campaign of the year before. One campaign per committee and year.
 */
export async function createCampaign(
  ctx: Ctx,
  body: z.infer<typeof campaignCreateBody>,
): Promise<CampaignDetail> {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'inspection.manage', body.orgId);
    const org = (await repo.orgsByIds(trx, [body.orgId]))[0];
    if (org?.tree !== 'party' || org.kind !== 'committee')
      throw ruleError('检查考核须由党委组织', 'A campaign is run by a party committee', {
        orgId: body.orgId,
      });
    if (await repo.campaignOfYear(trx, body.orgId, body.year))
      throw new AppError(
        'conflict',
        { orgId: body.orgId, year: body.year },
        { zh: `${body.year} 年的检查考核已存在`, en: `The ${body.year} campaign already exists` },
      );
    const today = todayInChina(ctx.clock);
    const unitIds = body.unitIds ?? (await repo.defaultTargetUnits(trx, today)).map((u) => u.id);
    await checkUnits(trx, unitIds);
    await checkInspectors(trx, body.orgId, body.inspectorIds);
    let criteria = defaultCriteria.map((c) => ({
      code: c.code,
      name: c.name,
      max_points: c.max,
      what_to_check: c.whatToCheck,
    }));
    let copiedFrom: number | null = null;
    if (body.criteriaFrom === 'last_year') {
      const last = await repo.campaignOfYear(trx, body.orgId, body.year - 1);
      if (!last)
        throw ruleError(
          `没有 ${body.year - 1} 年的检查考核可复制`,
          `There is no ${body.year - 1} campaign to copy`,
        );
      criteria = (await repo.criteria(trx, last.id)).map((c) => ({
        code: c.code,
        name: c.name,
        max_points: c.max_points,
        what_to_check: c.what_to_check,
      }));
      copiedFrom = last.id;
    }
    const at = nowIso(ctx.clock);
    const id = await repo.insertCampaign(trx, {
      org_id: body.orgId,
      year: body.year,
      title: body.title,
      state: 'draft',
      created_by: ctx.user.id,
      created_at: at,
      updated_at: at,
    });
    await repo.replaceUnits(trx, id, unitIds);
    await repo.replaceInspectors(trx, id, body.inspectorIds);
    await repo.replaceCriteria(trx, id, criteria);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.campaign.create',
        entityType: 'insp_campaign',
        entityId: id,
        orgId: body.orgId,
        after: {
          year: body.year,
          title: body.title,
          unitIds,
          inspectorIds: body.inspectorIds,
          criteriaFrom: body.criteriaFrom,
          copiedFrom,
          criteria: criteria.length,
        },
      },
    ]);
    return campaignDetailOf(ctx, trx, await loadCampaign(trx, id));
  });
}

/** Runs a change of the campaign's setup as affairs, in one audited transaction. */
async function manageChange(
  ctx: Ctx,
  id: number,
  change: (trx: DbOrTrx, c: repo.CampaignRow, at: string) => Promise<void>,
): Promise<CampaignDetail> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, id);
    await authorize(trx, ctx.user, 'inspection.manage', c.org_id);
    const at = nowIso(ctx.clock);
    await change(trx, c, at);
    return campaignDetailOf(ctx, trx, await loadCampaign(trx, id));
  });
}

const notEditable = () =>
  ruleError(
    '检查考核已进入现场检查，不能再修改此项',
    'The campaign is past set-up; this can no longer change',
  );

/** Title and timetable (affairs); every date must be a working day. */
export function updateCampaign(ctx: Ctx, id: number, body: z.infer<typeof campaignUpdateBody>) {
  return manageChange(ctx, id, async (trx, c, at) => {
    if (c.state === 'published') throw notEditable();
    const cal = await loadHolidayCalendar(trx);
    const t = body.timetable ?? {};
    for (const d of [t.selfCheckDue, t.onsiteFrom, t.onsiteTo, t.publishOn])
      if (d && !isWorkingDay(cal, d)) throw new AppError('not_working_day', { date: d });
    const next = {
      title: body.title ?? c.title,
      self_check_due: t.selfCheckDue === undefined ? c.self_check_due : t.selfCheckDue,
      onsite_from: t.onsiteFrom === undefined ? c.onsite_from : t.onsiteFrom,
      onsite_to: t.onsiteTo === undefined ? c.onsite_to : t.onsiteTo,
      publish_on: t.publishOn === undefined ? c.publish_on : t.publishOn,
    };
    if (next.onsite_from && next.onsite_to && next.onsite_from > next.onsite_to)
      throw ruleError('现场检查结束日期早于开始日期', 'The on-site end is before its start');
    await repo.updateCampaign(trx, id, { ...next, updated_at: at });
    const pick = (x: typeof next) => x;
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.campaign.update',
        entityType: 'insp_campaign',
        entityId: id,
        orgId: c.org_id,
        before: pick({
          title: c.title,
          self_check_due: c.self_check_due,
          onsite_from: c.onsite_from,
          onsite_to: c.onsite_to,
          publish_on: c.publish_on,
        }),
        after: next,
      },
    ]);
  });
}

/** Replaces the target units while the campaign is a draft. */
export function setUnits(ctx: Ctx, id: number, orgIds: number[]) {
  return manageChange(ctx, id, async (trx, c, at) => {
    if (c.state !== 'draft') throw notEditable();
    await checkUnits(trx, orgIds);
    const before = (await repo.campaignUnits(trx, id)).map((u) => u.org_id);
    await repo.replaceUnits(trx, id, orgIds);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.campaign.units',
        entityType: 'insp_campaign',
        entityId: id,
        orgId: c.org_id,
        before,
        after: orgIds,
      },
    ]);
  });
}

/** Replaces the team until the committee reviews (removing someone who scored keeps their scores). */
export function setInspectors(ctx: Ctx, id: number, userIds: number[]) {
  return manageChange(ctx, id, async (trx, c, at) => {
    if (c.state === 'review' || c.state === 'published') throw notEditable();
    await checkInspectors(trx, c.org_id, userIds);
    const before = (await repo.inspectors(trx, id)).map((u) => u.id);
    await repo.replaceInspectors(trx, id, userIds);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.campaign.inspectors',
        entityType: 'insp_campaign',
        entityId: id,
        orgId: c.org_id,
        before,
        after: userIds,
      },
    ]);
  });
}

/** Users who may join the team. */
export async function inspectorCandidatesOf(
  ctx: Ctx,
  id: number,
): Promise<z.infer<typeof inspectorCandidates>> {
  const c = await loadCampaign(ctx.db, id);
  await authorize(ctx.db, ctx.user, 'inspection.manage', c.org_id);
  const users = await repo.usersWithRoleAt(ctx.db, 'inspector', await ancestorsOf(ctx.db, c.org_id));
  return { items: users.map((u) => ({ userId: u.id, name: u.display_name, account: u.account })) };
}

/** Replaces the criteria (affairs) while set-up is open and nothing has been scored. */
export function setCriteria(
  ctx: Ctx,
  id: number,
  list: readonly { code: string; name: string; max: number; whatToCheck: string }[],
) {
  return manageChange(ctx, id, async (trx, c, at) => {
    await replaceCriteriaChecked(trx, ctx, c, list, at, 'inspection.criteria.replace');
  });
}

/** The shared part of replacing criteria by the editor or an import. */
export async function replaceCriteriaChecked(
  trx: DbOrTrx,
  ctx: Ctx,
  c: repo.CampaignRow,
  list: readonly { code: string; name: string; max: number; whatToCheck: string }[],
  at: string,
  action: string,
  extra?: Record<string, unknown>,
) {
  if (!stateRules.setupEditable(c.state)) throw notEditable();
  if (await repo.hasScores(trx, c.id))
    throw ruleError(
      '已有自查评分或检查问题，不能再修改考核细则',
      'Scores or findings exist; the criteria can no longer change',
    );
  const codes = new Set<string>();
  for (const k of list) {
    if (codes.has(k.code))
      throw ruleError(`细则编码 ${k.code} 重复`, `Criterion code ${k.code} is listed twice`, {
        code: k.code,
      });
    codes.add(k.code);
  }
  const before = (await repo.criteria(trx, c.id)).map((k) => ({
    code: k.code,
    name: k.name,
    max: k.max_points,
    whatToCheck: k.what_to_check,
  }));
  await repo.replaceCriteria(
    trx,
    c.id,
    list.map((k) => ({ code: k.code, name: k.name, max_points: k.max, what_to_check: k.whatToCheck })),
  );
  await appendAudit(trx, ctx.user, at, [
    {
      action,
      entityType: 'insp_campaign',
      entityId: c.id,
      orgId: c.org_id,
      before,
      after: { criteria: list, ...extra },
    },
  ]);
}

/** A new version of the weights (affairs) until publication; `expectedVersion` guards lost updates. */
export function saveWeights(ctx: Ctx, id: number, body: z.infer<typeof weightsBody>) {
  return manageChange(ctx, id, async (trx, c, at) => {
    if (!stateRules.weightsEditable(c.state)) throw notEditable();
    const problems = weightProblems(body.weights);
    if (problems.length > 0)
      throw ruleError(
        '各部分权重须为整数百分比且合计 100',
        'Weights must be whole percents adding up to 100',
        { problems },
      );
    const current = await weightsInForce(trx, id);
    if (current.version !== body.expectedVersion)
      throw new AppError('stale_record', {
        expectedVersion: body.expectedVersion,
        currentVersion: current.version,
      });
    const w = body.weights;
    await repo.insertWeight(trx, {
      campaign_id: id,
      version: current.version + 1,
      self_check: w.selfCheck,
      report: w.report,
      document: w.document,
      democratic: w.democratic,
      ledger: w.ledger,
      note: body.note?.length ? body.note : null,
      created_by: ctx.user.id,
      created_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.weights.save',
        entityType: 'insp_campaign',
        entityId: id,
        orgId: c.org_id,
        before: { version: current.version, ...current.weights },
        after: { version: current.version + 1, ...w },
      },
    ]);
  });
}

/** Self-check due this many working days after it opens, when the organiser set no date. */
export const SELF_CHECK_WORKING_DAYS = 10;

/**
 * A step of the campaign's state machine: affairs opens the self-check (criteria and units
 * needed; the due date defaults to 10 working days), starts the inspection (a team needed) and
 * hands it to the committee; the committee returns it or publishes — refused while a unit is
 * unscored (no hearing score, or its document review not marked done). Publication stores the
 * results with their explanation and rule version.
 */
export async function transitionCampaign(
  ctx: Ctx,
  id: number,
  action: CampaignAction,
): Promise<CampaignDetail> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, id);
    const roles = await rolesAtCampaign(trx, ctx.user, c);
    // Someone who takes no step of any campaign learns nothing of this one's state.
    if (!roles.includes('affairs') && !roles.includes('committee'))
      throw new AppError('forbidden', { action, orgId: c.org_id });
    const step = stepCampaign(c.state, action, roles);
    if (!step.ok) {
      if (step.reason === 'forbidden') throw new AppError('forbidden', { action, orgId: c.org_id });
      throw new AppError('invalid_transition', { from: c.state, action });
    }
    const at = nowIso(ctx.clock);
    const set: Parameters<typeof repo.updateCampaign>[2] = { state: step.to, updated_at: at };
    const after: Record<string, unknown> = { state: step.to };
    if (action === 'open_self_check') {
      if ((await repo.criteria(trx, id)).length === 0)
        throw ruleError('请先设置考核细则', 'Set the criteria first');
      if ((await repo.campaignUnits(trx, id)).length === 0)
        throw ruleError('请先选择目标单位', 'Choose the target units first');
      if (!c.self_check_due) {
        const cal = await loadHolidayCalendar(trx);
        set.self_check_due = addWorkingDays(cal, todayInChina(ctx.clock), SELF_CHECK_WORKING_DAYS);
        after.selfCheckDue = set.self_check_due;
      }
    }
    if (action === 'start_inspection' && (await repo.inspectors(trx, id)).length === 0)
      throw ruleError('请先组建检查考核组', 'Form the inspection team first');
    if (action === 'publish') {
      const results = await computeResults(trx, c);
      const unscored = results.rows.filter((r) => r.unscored.length > 0);
      if (unscored.length > 0)
        throw new AppError('unit_unscored', {
          units: unscored.map((r) => ({ unitId: r.unitId, name: r.unitName, missing: r.unscored })),
        });
      await storeResults(trx, c, results, at);
      set.published_at = at;
      after.ranking = results.rows.map((r) => ({ unitId: r.unitId, composite: r.composite, rank: r.rank }));
      after.weightVersion = results.weightVersion;
    }
    await repo.updateCampaign(trx, id, set);
    await appendAudit(trx, ctx.user, at, [
      {
        action: `inspection.campaign.${action}`,
        entityType: 'insp_campaign',
        entityId: id,
        orgId: c.org_id,
        before: { state: c.state },
        after,
      },
    ]);
    return campaignDetailOf(ctx, trx, await loadCampaign(trx, id));
  });
}
