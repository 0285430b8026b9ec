import type { z } from 'zod';
import type {
  IndicatorView,
  indicatorCreateBody,
  indicatorListQuery,
  indicatorPick,
  indicatorUpdateBody,
  planSettings,
  templateCreateBody,
  templateUpdateBody,
  templateView,
} from '../../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../../db/kysely.js';
import {
  createPlanTemplate,
  defaultPlanSettings,
  type Indicator,
  isCategory,
  type PlanTemplate,
  planPointsByCategory,
  validatePlan,
} from '../../../../domain/branch-eval/index.js';
import { appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { type Page, paginate } from '../../../lib/pagination.js';
import { authorize, reachesInto } from '../../../lib/permissions.js';
import * as orgService from '../../org/org.service.js';
import { flag, issueDto, parsePlanJson, planJson, settingsOf } from '../branch-eval.common.js';
import * as libraryRepo from './library.repo.js';

type TemplateView = z.infer<typeof templateView>;
type Pick = z.infer<typeof indicatorPick>;

/** A library row as the domain's indicator. */
export function indicatorOf(r: libraryRepo.IndicatorRow): Indicator {
  if (!isCategory(r.category)) throw new AppError('internal', { indicator: r.id, category: r.category });
  return {
    code: r.code,
    name: r.name,
    category: r.category,
    maxPoints: r.max_points,
    criteria: r.criteria,
    evidenceRequired: r.evidence_required === 1,
  };
}

/** A library row as the API shows it. */
export function indicatorView(r: libraryRepo.IndicatorRow): IndicatorView {
  return { id: r.id, orgId: r.org_id, ...indicatorOf(r), active: r.active === 1, updatedAt: r.updated_at };
}

async function requireReadable(ctx: Ctx, orgId: number): Promise<void> {
  if (!(await orgService.findOrgRow(ctx.db, orgId)))
    throw new AppError('not_found', { entity: 'org', id: orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.read', orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.read', orgId });
  }
}

/** The indicator library of an org (SPEC §3 指标库), for anyone who evaluates within it. */
export async function listIndicators(
  ctx: Ctx,
  query: z.infer<typeof indicatorListQuery>,
): Promise<Page<IndicatorView>> {
  await requireReadable(ctx, query.orgId);
  const filter: libraryRepo.IndicatorFilter = {
    orgId: query.orgId,
    category: query.category,
    active: query.active === undefined ? undefined : query.active === 'true',
    q: query.q,
  };
  return paginate(
    query.page,
    query.pageSize,
    () => libraryRepo.countIndicators(ctx.db, filter),
    async (limit, offset) =>
      (await libraryRepo.listIndicators(ctx.db, filter, limit, offset)).map(indicatorView),
  );
}

/** Adds an indicator to an org's library (affairs or the office); codes are unique per library. */
export async function createIndicator(
  ctx: Ctx,
  input: z.infer<typeof indicatorCreateBody>,
): Promise<IndicatorView> {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.library.manage', input.orgId);
    const at = nowIso(ctx.clock);
    // A retired indicator keeps its code: old plans still name it.
    if (await libraryRepo.findIndicatorByCode(trx, input.orgId, input.code)) {
      throw new AppError('duplicate_code', { code: input.code });
    }
    const row = await libraryRepo.insertIndicator(trx, {
      org_id: input.orgId,
      code: input.code,
      name: input.name,
      category: input.category,
      max_points: input.maxPoints,
      criteria: input.criteria,
      evidence_required: flag(input.evidenceRequired),
      active: 1,
      created_by: ctx.user.id,
      created_at: at,
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.indicator.create',
        entityType: 'be_indicator',
        entityId: row.id,
        orgId: input.orgId,
        after: indicatorView(row),
      },
    ]);
    return indicatorView(row);
  });
}

/**
 * Edits or retires a library indicator. Plans and templates keep their own copies, so an edit
 * here never changes a plan in force (SPEC §7 "nothing silently changed").
 */
export async function updateIndicator(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof indicatorUpdateBody>,
): Promise<IndicatorView> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await libraryRepo.findIndicator(trx, id);
    if (!before) throw new AppError('not_found', { entity: 'be_indicator', id });
    await authorize(trx, ctx.user, 'branch_eval.library.manage', before.org_id);
    const at = nowIso(ctx.clock);
    await libraryRepo.updateIndicator(trx, id, {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.category === undefined ? {} : { category: input.category }),
      ...(input.maxPoints === undefined ? {} : { max_points: input.maxPoints }),
      ...(input.criteria === undefined ? {} : { criteria: input.criteria }),
      ...(input.evidenceRequired === undefined ? {} : { evidence_required: flag(input.evidenceRequired) }),
      ...(input.active === undefined ? {} : { active: flag(input.active) }),
      updated_at: at,
    });
    const after = await libraryRepo.findIndicator(trx, id);
    if (!after) throw new AppError('internal');
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.indicator.update',
        entityType: 'be_indicator',
        entityId: id,
        orgId: before.org_id,
        before: indicatorView(before),
        after: indicatorView(after),
      },
    ]);
    return indicatorView(after);
  });
}

/**
 * Indicators picked by code from the libraries an org can use: its own and its ancestors'; the
 * nearest library wins when two define the same code. Unknown or retired codes are refused.
 */
export async function pickIndicators(
  db: DbOrTrx,
  orgId: number,
  picks: readonly Pick[],
): Promise<Indicator[]> {
  const orgs = await orgService.ancestorIdsNearestFirst(db, orgId);
  const rows = await libraryRepo.indicatorsByCodes(
    db,
    orgs,
    picks.map((p) => p.code),
  );
  const missing: string[] = [];
  const out: Indicator[] = [];
  for (const p of picks) {
    const row = orgs
      .map((o) => rows.find((r) => r.org_id === o && r.code === p.code))
      .find((r) => r !== undefined);
    if (!row) {
      missing.push(p.code);
      continue;
    }
    const indicator = indicatorOf(row);
    out.push(p.maxPoints === undefined ? indicator : { ...indicator, maxPoints: p.maxPoints });
  }
  if (missing.length > 0) {
    throw new AppError(
      'unknown_indicator',
      { codes: missing },
      {
        zh: `指标库中没有这些指标（或已停用）：${missing.join('、')}`,
        en: `The library has no active indicator with these codes: ${missing.join(', ')}`,
      },
    );
  }
  return out;
}

function templateDto(row: libraryRepo.TemplateRow, orgName: string): TemplateView {
  const t = parsePlanJson(row.plan_json);
  return {
    id: row.id,
    orgId: row.org_id,
    orgName,
    name: row.name,
    settings: settingsOf(t),
    indicators: t.indicators.map((i) => ({ ...i })),
    pointsByCategory: planPointsByCategory(t),
    issues: validatePlan(t).map(issueDto),
    updatedAt: row.updated_at,
  };
}

const orgName = async (db: DbOrTrx, id: number) => (await orgService.findOrgRow(db, id))?.name ?? '';

/** Templates of an org (SPEC §3: plans are "built from a template"). */
export async function listTemplates(ctx: Ctx, orgId: number, page: number, pageSize: number) {
  await requireReadable(ctx, orgId);
  const name = await orgName(ctx.db, orgId);
  return paginate(
    page,
    pageSize,
    () => libraryRepo.countTemplates(ctx.db, orgId),
    async (limit, offset) =>
      (await libraryRepo.listTemplates(ctx.db, orgId, limit, offset)).map((r) => templateDto(r, name)),
  );
}

/** One template with its totals by category and its problems (readers of its org). */
export async function getTemplate(ctx: Ctx, id: number): Promise<TemplateView> {
  const row = await libraryRepo.findTemplate(ctx.db, id);
  if (!row) throw new AppError('not_found', { entity: 'be_template', id });
  await requireReadable(ctx, row.org_id);
  return templateDto(row, await orgName(ctx.db, row.org_id));
}

function buildTemplate(
  indicators: readonly Indicator[],
  settings: z.infer<typeof planSettings> | undefined,
): PlanTemplate {
  return createPlanTemplate(indicators, settings ?? defaultPlanSettings);
}

/**
 * Creates a plan template for an org from library indicators (the office). It may be saved with
 * problems — they are listed with it — since the totals usually balance only once complete;
 * plans built from it are checked again when the committee approves them.
 */
export async function createTemplate(
  ctx: Ctx,
  input: z.infer<typeof templateCreateBody>,
): Promise<TemplateView> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.plan.manage', input.orgId);
    const indicators = await pickIndicators(trx, input.orgId, input.indicators);
    const template = buildTemplate(indicators, input.settings);
    const at = nowIso(ctx.clock);
    const row = await libraryRepo.insertTemplate(trx, {
      org_id: input.orgId,
      name: input.name,
      plan_json: planJson(template),
      created_by: ctx.user.id,
      created_at: at,
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.template.create',
        entityType: 'be_template',
        entityId: row.id,
        orgId: input.orgId,
        after: { name: input.name, ...JSON.parse(row.plan_json) },
      },
    ]);
    return row.id;
  });
  return getTemplate(ctx, id);
}

/** Changes a template's name, settings or indicators. Plans already built from it keep their copy. */
export async function updateTemplate(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof templateUpdateBody>,
): Promise<TemplateView> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await libraryRepo.findTemplate(trx, id);
    if (!row) throw new AppError('not_found', { entity: 'be_template', id });
    await authorize(trx, ctx.user, 'branch_eval.plan.manage', row.org_id);
    const current = parsePlanJson(row.plan_json);
    const indicators = input.indicators
      ? await pickIndicators(trx, row.org_id, input.indicators)
      : current.indicators;
    const next = buildTemplate(indicators, input.settings ?? settingsOf(current));
    const at = nowIso(ctx.clock);
    await libraryRepo.updateTemplate(trx, id, {
      ...(input.name === undefined ? {} : { name: input.name }),
      plan_json: planJson(next),
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.template.update',
        entityType: 'be_template',
        entityId: id,
        orgId: row.org_id,
        before: { name: row.name, ...JSON.parse(row.plan_json) },
        after: { name: input.name ?? row.name, ...JSON.parse(planJson(next)) },
      },
    ]);
  });
  return getTemplate(ctx, id);
}
