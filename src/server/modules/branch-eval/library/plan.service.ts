import type { z } from 'zod';
import type {
  IndicatorView,
  PlanDetail,
  PlanRefusal,
  planApproveQuarterBody,
  planApproveQuarterResponse,
  planBatchResponse,
  planCopyBody,
  planGenerateBody,
  planIndicatorOptionsQuery,
  planListQuery,
  planSummary,
  planTailorBody,
} from '../../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../../db/kysely.js';
import {
  availablePlanActions,
  type Category,
  canEditPlan,
  categories,
  copyPlanToNextQuarter,
  createQuarterPlan,
  effectivePlanState,
  errorsOf,
  nextPlanState,
  type PlanAction,
  planPointsByCategory,
  type QuarterPlan,
  tailorPlan,
  validatePlan,
} from '../../../../domain/branch-eval/index.js';
import { nextQuarter, quarterKey, quarterRange } from '../../../../domain/calendar/index.js';
import { appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { type Page, paginate } from '../../../lib/pagination.js';
import {
  authorize,
  can,
  reachesInto,
  requireSomewhere,
  rolesAtOrg,
  scopeOrgIds,
} from '../../../lib/permissions.js';
import * as orgService from '../../org/org.service.js';
import {
  issueDto,
  issueError,
  issuesError,
  parsePlanJson,
  planJson,
  quarterParts,
  settingsOf,
  toQuarterPlan,
} from '../branch-eval.common.js';
import * as libraryRepo from './library.repo.js';
import { indicatorView, pickIndicators } from './library.service.js';
import * as planRepo from './plan.repo.js';

type PlanSummary = z.infer<typeof planSummary>;
type PlanWithBranch = planRepo.PlanRow & { branch_code: string; branch_name: string };

/** The plan row with its version in force as the domain's quarter plan. */
export async function loadPlan(
  db: DbOrTrx,
  id: number,
): Promise<{ row: planRepo.PlanRow; version: planRepo.PlanVersionRow; plan: QuarterPlan }> {
  const row = await planRepo.findPlan(db, id);
  if (!row || row.current_version_id == null) throw new AppError('not_found', { entity: 'be_plan', id });
  const version = await planRepo.findVersion(db, row.current_version_id);
  if (!version) throw new AppError('not_found', { entity: 'be_plan_version', id: row.current_version_id });
  return { row, version, plan: toQuarterPlan(row, version.plan_json) };
}

function summaryOf(row: PlanWithBranch, version: planRepo.PlanVersionRow, today: string): PlanSummary {
  const plan = toQuarterPlan(row, version.plan_json);
  return {
    id: row.id,
    orgId: row.org_id,
    branchId: row.branch_id,
    branchCode: row.branch_code,
    branchName: row.branch_name,
    quarter: row.quarter,
    state: effectivePlanState(plan, today),
    version: version.version,
    versionId: version.id,
    approvedAt: row.approved_at,
    approvedLate: row.approved_late === 1,
    pointsByCategory: planPointsByCategory(plan),
    errorCount: errorsOf(validatePlan(plan)).length,
  };
}

async function withBranch(db: DbOrTrx, row: planRepo.PlanRow): Promise<PlanWithBranch> {
  const org = await orgService.findOrgRow(db, row.branch_id);
  return { ...row, branch_code: org?.code ?? '', branch_name: org?.name ?? '' };
}

/** One branch's plan with its problems, versions and the steps the viewer may take now. */
export async function getPlan(ctx: Ctx, id: number): Promise<PlanDetail> {
  const { row, version, plan } = await loadPlan(ctx.db, id);
  if (!(await can(ctx.db, ctx.user, 'branch_eval.read', row.branch_id))) {
    throw new AppError('forbidden', { permission: 'branch_eval.read' });
  }
  const today = todayInChina(ctx.clock);
  const roles = await rolesAtOrg(ctx.db, ctx.user, row.branch_id);
  const mayManage = await can(ctx.db, ctx.user, 'branch_eval.plan.manage', row.branch_id);
  const versions = await planRepo.versionsOfPlan(ctx.db, id);
  return {
    ...summaryOf(await withBranch(ctx.db, row), version, today),
    templateId: row.template_id,
    settings: settingsOf(plan),
    indicators: plan.indicators.map((i) => ({ ...i })),
    issues: validatePlan(plan).map(issueDto),
    actions: availablePlanActions(plan, roles, today)
      .map((t) => t.action)
      .filter((a): a is 'approve' | 'reopen' => a === 'approve' || a === 'reopen'),
    canTailor: mayManage && canEditPlan(plan, today),
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      state: v.state,
      note: v.note,
      createdAt: v.created_at,
      approvedAt: v.approved_at,
    })),
  };
}

/**
 * The plans of a round's quarter: all of them for those who read the round's org, the viewer's
 * own branches for a secretary.
 */
export async function listPlans(ctx: Ctx, query: z.infer<typeof planListQuery>): Promise<Page<PlanSummary>> {
  const roots = requireSomewhere(ctx.user, 'branch_eval.read');
  const whole = await can(ctx.db, ctx.user, 'branch_eval.read', query.orgId);
  const today = todayInChina(ctx.clock);
  const { year, quarter } = quarterParts(query.quarter);
  // All plans of a quarter freeze on the same day, so "approved" and "frozen" (one stored state)
  // split by the date alone, and the count stays right.
  const started = today >= quarterRange(year, quarter).start;
  if ((query.state === 'frozen' && !started) || (query.state === 'approved' && started)) {
    return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  }
  const filter: planRepo.PlanFilter = {
    orgId: query.orgId,
    quarter: query.quarter,
    // The stored state: `frozen` is derived from the date, so it filters approved plans.
    state: query.state === undefined ? undefined : query.state === 'draft' ? 'draft' : 'approved',
    scope: whole ? undefined : await scopeOrgIds(ctx.db, roots),
  };
  return paginate(
    query.page,
    query.pageSize,
    () => planRepo.countPlans(ctx.db, filter),
    async (limit, offset) => {
      const rows = await planRepo.listPlans(ctx.db, filter, limit, offset);
      const versions = await planRepo.versionsByIds(
        ctx.db,
        rows.flatMap((r) => (r.current_version_id == null ? [] : [r.current_version_id])),
      );
      return rows.flatMap((r) => {
        const v = versions.find((x) => x.id === r.current_version_id);
        return v ? [summaryOf(r, v, today)] : [];
      });
    },
  );
}

async function insertDraftPlan(
  ctx: Ctx,
  trx: DbOrTrx,
  input: {
    orgId: number;
    branchId: number;
    quarter: string;
    templateId: number | null;
    plan: QuarterPlan;
    note: string | null;
  },
  at: string,
): Promise<planRepo.PlanRow> {
  const row = await planRepo.insertPlan(trx, {
    org_id: input.orgId,
    branch_id: input.branchId,
    quarter: input.quarter,
    template_id: input.templateId,
    state: 'draft',
    current_version_id: null,
    approved_by: null,
    approved_at: null,
    approved_on: null,
    created_at: at,
    updated_at: at,
  });
  const version = await planRepo.insertVersion(trx, {
    plan_id: row.id,
    version: 1,
    state: 'draft',
    plan_json: planJson(input.plan),
    note: input.note,
    created_by: ctx.user.id,
    created_at: at,
    approved_by: null,
    approved_at: null,
  });
  await planRepo.updatePlan(trx, row.id, { current_version_id: version.id });
  return { ...row, current_version_id: version.id };
}

/**
 * Builds draft plans for a quarter from a template (SPEC §3 量身定制, step one): one per active
 * branch under the template's org (or the listed ones); a branch that already has a plan for the
 * quarter is skipped and reported, never overwritten.
 */
export async function generatePlans(
  ctx: Ctx,
  input: z.infer<typeof planGenerateBody>,
): Promise<z.infer<typeof planBatchResponse>> {
  const created = await ctx.db.transaction().execute(async (trx) => {
    const template = await libraryRepo.findTemplate(trx, input.templateId);
    if (!template) throw new AppError('not_found', { entity: 'be_template', id: input.templateId });
    await authorize(trx, ctx.user, 'branch_eval.plan.manage', template.org_id);
    const { year, quarter } = quarterParts(input.quarter);
    const range = quarterRange(year, quarter);
    let branches = await orgService.branchesUnder(trx, template.org_id, range.start, range.end);
    if (input.branchIds) {
      const wanted = new Set(input.branchIds);
      const outside = input.branchIds.filter((id) => !branches.some((b) => b.id === id));
      if (outside.length > 0) {
        throw new AppError('validation_failed', {
          field: 'branchIds',
          reason: 'not active branches of the org',
          ids: outside,
        });
      }
      branches = branches.filter((b) => wanted.has(b.id));
    }
    const existing = await planRepo.plansOfBranches(
      trx,
      branches.map((b) => b.id),
      input.quarter,
    );
    const source = parsePlanJson(template.plan_json);
    const at = nowIso(ctx.clock);
    const made: planRepo.PlanRow[] = [];
    const skipped: { branchId: number; branchName: string; reason: string }[] = [];
    for (const b of branches) {
      if (existing.some((p) => p.branch_id === b.id)) {
        skipped.push({ branchId: b.id, branchName: b.name, reason: 'plan_exists' });
        continue;
      }
      const plan = createQuarterPlan(source, { branchId: b.id, year, quarter });
      made.push(
        await insertDraftPlan(
          ctx,
          trx,
          {
            orgId: template.org_id,
            branchId: b.id,
            quarter: input.quarter,
            templateId: template.id,
            plan,
            note: null,
          },
          at,
        ),
      );
    }
    await appendAudit(
      trx,
      ctx.user,
      at,
      made.map((p) => ({
        action: 'branch_eval.plan.create',
        entityType: 'be_plan',
        entityId: p.id,
        orgId: p.branch_id,
        after: { quarter: p.quarter, templateId: template.id, versionId: p.current_version_id },
      })),
    );
    return { made, skipped };
  });
  return { created: await summaries(ctx, created.made), skipped: created.skipped };
}

async function summaries(ctx: Ctx, rows: readonly planRepo.PlanRow[]): Promise<PlanSummary[]> {
  const today = todayInChina(ctx.clock);
  const out: PlanSummary[] = [];
  for (const r of rows) {
    const { row, version } = await loadPlan(ctx.db, r.id);
    out.push(summaryOf(await withBranch(ctx.db, row), version, today));
  }
  return out;
}

/**
 * Tailors a draft plan to its branch (SPEC §3 "indicators added/removed, points changed"):
 * additions come from the libraries the round's org may use; settings may change too. Refused
 * once the plan is approved (`plan_not_draft`: the committee reopens it first) or frozen.
 */
export async function tailorPlanOf(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof planTailorBody>,
): Promise<PlanDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const { row, version, plan } = await loadPlan(trx, id);
    await authorize(trx, ctx.user, 'branch_eval.plan.manage', row.branch_id);
    const today = todayInChina(ctx.clock);
    if (!canEditPlan(plan, today)) {
      throw new AppError(effectivePlanState(plan, today) === 'frozen' ? 'plan_frozen' : 'plan_not_draft', {
        planId: id,
      });
    }
    const add = input.add ? await pickIndicators(trx, row.org_id, input.add) : [];
    const tailored = tailorPlan(plan, {
      add,
      ...(input.remove ? { remove: input.remove } : {}),
      ...(input.points ? { points: input.points } : {}),
    });
    if (!tailored.ok) throw issuesError(tailored.issues);
    const next: QuarterPlan = input.settings
      ? { ...tailored.plan, ...input.settings, weights: { ...input.settings.weights } }
      : tailored.plan;
    const at = nowIso(ctx.clock);
    await planRepo.updateVersion(trx, version.id, {
      plan_json: planJson(next),
      ...(input.note === undefined ? {} : { note: input.note }),
    });
    await planRepo.updatePlan(trx, id, { updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.plan.tailor',
        entityType: 'be_plan',
        entityId: id,
        orgId: row.branch_id,
        before: JSON.parse(version.plan_json),
        after: JSON.parse(planJson(next)),
      },
    ]);
  });
  return getPlan(ctx, id);
}

/**
 * The committee approves a plan (before its quarter starts; later is allowed and flagged late)
 * or reopens an approved one for changes with a reason (SPEC §3 "approved before the quarter
 * starts and frozen after"). An approved version is never edited: reopening starts a new draft
 * version and keeps the approved one, superseded.
 */
export async function planStep(
  ctx: Ctx,
  id: number,
  action: PlanAction,
  reason: string | undefined,
): Promise<PlanDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const { row, version, plan } = await loadPlan(trx, id);
    await authorize(trx, ctx.user, 'branch_eval.plan.approve', row.branch_id);
    const today = todayInChina(ctx.clock);
    const roles = await rolesAtOrg(trx, ctx.user, row.branch_id);
    const step = nextPlanState(plan, action, roles, { today, reason: reason ?? null });
    if (!step.ok) {
      if (step.error.code === 'plan_invalid') throw issuesError(errorsOf(validatePlan(plan)), 'plan_invalid');
      throw issueError(step.error);
    }
    const at = nowIso(ctx.clock);
    const moved = await planRepo.updatePlanFrom(trx, id, row.state, { updated_at: at });
    if (!moved) throw new AppError('stale_record', { planId: id });
    if (action === 'approve') {
      await planRepo.updateVersion(trx, version.id, {
        state: 'approved',
        approved_by: ctx.user.id,
        approved_at: at,
      });
      await planRepo.updatePlan(trx, id, {
        state: 'approved',
        approved_by: ctx.user.id,
        approved_at: at,
        approved_on: today,
        approved_late: step.late ? 1 : 0,
        updated_at: at,
      });
    } else {
      await planRepo.updateVersion(trx, version.id, { state: 'superseded' });
      const draft = await planRepo.insertVersion(trx, {
        plan_id: id,
        version: version.version + 1,
        state: 'draft',
        plan_json: version.plan_json,
        note: reason ?? null,
        created_by: ctx.user.id,
        created_at: at,
        approved_by: null,
        approved_at: null,
      });
      await planRepo.updatePlan(trx, id, {
        state: 'draft',
        current_version_id: draft.id,
        approved_by: null,
        approved_at: null,
        approved_on: null,
        approved_late: 0,
        updated_at: at,
      });
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: `branch_eval.plan.${action}`,
        entityType: 'be_plan',
        entityId: id,
        orgId: row.branch_id,
        before: { state: row.state, versionId: version.id },
        after: { state: step.state, late: step.late, reason: reason ?? null },
      },
    ]);
  });
  return getPlan(ctx, id);
}

/**
 * Copies a quarter's plans of a round to the next quarter as drafts (SPEC §1: the office "copy
 * and tailor next quarter's plans"): each from its approved version when there is one, else from
 * its draft; branches that already have next quarter's plan are skipped.
 */
export async function copyPlans(
  ctx: Ctx,
  input: z.infer<typeof planCopyBody>,
): Promise<z.infer<typeof planBatchResponse>> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.plan.manage', input.orgId);
    const from = quarterParts(input.fromQuarter);
    const to = nextQuarter(from);
    const toKey = quarterKey(to.year, to.quarter);
    const sources = await planRepo.listPlans(trx, { orgId: input.orgId, quarter: input.fromQuarter });
    const existing = await planRepo.plansOfBranches(
      trx,
      sources.map((s) => s.branch_id),
      toKey,
    );
    const at = nowIso(ctx.clock);
    const made: planRepo.PlanRow[] = [];
    const skipped: { branchId: number; branchName: string; reason: string }[] = [];
    for (const s of sources) {
      if (existing.some((p) => p.branch_id === s.branch_id)) {
        skipped.push({ branchId: s.branch_id, branchName: s.branch_name, reason: 'plan_exists' });
        continue;
      }
      const versions = await planRepo.versionsOfPlan(trx, s.id);
      const source = versions.find((v) => v.state === 'approved') ?? versions[0];
      if (!source) continue;
      const copy = copyPlanToNextQuarter(toQuarterPlan(s, source.plan_json));
      made.push(
        await insertDraftPlan(
          ctx,
          trx,
          {
            orgId: input.orgId,
            branchId: s.branch_id,
            quarter: toKey,
            templateId: s.template_id,
            plan: copy,
            note: `复制自 ${input.fromQuarter} 第 ${source.version} 版 / copied from ${input.fromQuarter} v${source.version}`,
          },
          at,
        ),
      );
    }
    await appendAudit(
      trx,
      ctx.user,
      at,
      made.map((p) => ({
        action: 'branch_eval.plan.copy',
        entityType: 'be_plan',
        entityId: p.id,
        orgId: p.branch_id,
        after: { quarter: toKey, from: input.fromQuarter },
      })),
    );
    return { made, skipped };
  });
  return { created: await summaries(ctx, result.made), skipped: result.skipped };
}

/** Branch names in a refusal message: the first few, then how many more. */
function namesOf(refusals: readonly PlanRefusal[], sep: string, more: (n: number) => string): string {
  const shown = refusals.slice(0, 5).map((r) => r.branchName);
  const rest = refusals.length - shown.length;
  return rest > 0 ? `${shown.join(sep)}${more(rest)}` : shown.join(sep);
}

/**
 * The committee approves every draft plan of a round's quarter that it may approve, at once
 * (SPEC §1 "approve plans"; §3 "the plan is approved before the quarter starts"): the round
 * org's whole quarter for a committee over that org, the plans of its own branches for a
 * committee inside it. All or nothing: when any of those drafts breaks the plan rules or the
 * approval rules of {@link planStep}, the call answers `plan_invalid` with every refused plan
 * (branch, issues) in `details.plans` and approves none. Like a single approval, one given on or
 * after the quarter's first day is allowed, flagged late, and the plan is frozen at once.
 */
export async function approveQuarterPlans(
  ctx: Ctx,
  input: z.infer<typeof planApproveQuarterBody>,
): Promise<z.infer<typeof planApproveQuarterResponse>> {
  const roots = requireSomewhere(ctx.user, 'branch_eval.plan.approve');
  quarterParts(input.quarter);
  const today = todayInChina(ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await orgService.findOrgRow(trx, input.orgId))) {
      throw new AppError('not_found', { entity: 'org', id: input.orgId });
    }
    const whole = await can(trx, ctx.user, 'branch_eval.plan.approve', input.orgId);
    const scope = whole ? undefined : await scopeOrgIds(trx, roots);
    const inReach: planRepo.PlanFilter = { orgId: input.orgId, quarter: input.quarter, scope };
    const drafts = await planRepo.listPlans(trx, { ...inReach, state: 'draft' });
    // A committee with no branch of this round's quarter in its reach has nothing to approve here.
    if (!whole && drafts.length === 0 && (await planRepo.countPlans(trx, inReach)) === 0) {
      throw new AppError('forbidden', { permission: 'branch_eval.plan.approve', orgId: input.orgId });
    }
    const versions = await planRepo.versionsByIds(
      trx,
      drafts.flatMap((d) => (d.current_version_id == null ? [] : [d.current_version_id])),
    );
    const refusals: PlanRefusal[] = [];
    const ready: { row: PlanWithBranch; version: planRepo.PlanVersionRow; late: boolean }[] = [];
    for (const row of drafts) {
      const version = versions.find((v) => v.id === row.current_version_id);
      if (!version)
        throw new AppError('not_found', { entity: 'be_plan_version', id: row.current_version_id });
      const plan = toQuarterPlan(row, version.plan_json);
      const roles = await rolesAtOrg(trx, ctx.user, row.branch_id);
      const step = nextPlanState(plan, 'approve', roles, { today });
      if (step.ok) {
        ready.push({ row, version, late: step.late });
        continue;
      }
      refusals.push({
        planId: row.id,
        branchId: row.branch_id,
        branchCode: row.branch_code,
        branchName: row.branch_name,
        issues:
          step.error.code === 'plan_invalid'
            ? errorsOf(validatePlan(plan)).map(issueDto)
            : [issueDto(step.error)],
      });
    }
    if (refusals.length > 0) {
      throw new AppError(
        'plan_invalid',
        { orgId: input.orgId, quarter: input.quarter, plans: refusals },
        {
          zh: `${refusals.length} 个支部的指标方案有问题，本次未审定任何方案：${namesOf(refusals, '、', (n) => ` 等（另有 ${n} 个）`)}`,
          en: `${refusals.length} branch plan(s) have problems, so none was approved: ${namesOf(refusals, ', ', (n) => ` and ${n} more`)}`,
        },
      );
    }
    const at = nowIso(ctx.clock);
    for (const { row, version, late } of ready) {
      const moved = await planRepo.updatePlanFrom(trx, row.id, 'draft', {
        state: 'approved',
        approved_by: ctx.user.id,
        approved_at: at,
        approved_on: today,
        approved_late: late ? 1 : 0,
        updated_at: at,
      });
      if (!moved) throw new AppError('stale_record', { planId: row.id });
      await planRepo.updateVersion(trx, version.id, {
        state: 'approved',
        approved_by: ctx.user.id,
        approved_at: at,
      });
    }
    await appendAudit(
      trx,
      ctx.user,
      at,
      ready.map(({ row, version, late }) => ({
        action: 'branch_eval.plan.approve',
        entityType: 'be_plan',
        entityId: row.id,
        orgId: row.branch_id,
        before: { state: row.state, versionId: version.id },
        after: { state: 'approved', late, reason: null, quarter: input.quarter, bulk: true },
      })),
    );
    return {
      orgId: input.orgId,
      quarter: input.quarter,
      approved: ready.map(({ row, version, late }) =>
        summaryOf(
          {
            ...row,
            state: 'approved',
            approved_by: ctx.user.id,
            approved_at: at,
            approved_on: today,
            approved_late: late ? 1 : 0,
          },
          version,
          today,
        ),
      ),
      late: ready.some((r) => r.late),
    };
  });
}

/** A branch's plan for a quarter (how a secretary finds theirs without knowing the round). */
export async function getBranchPlan(ctx: Ctx, branchId: number, quarter: string): Promise<PlanDetail> {
  quarterParts(quarter);
  if (!(await orgService.findOrgRow(ctx.db, branchId)))
    throw new AppError('not_found', { entity: 'org', id: branchId });
  await authorize(ctx.db, ctx.user, 'branch_eval.read', branchId);
  const row = await planRepo.findPlanOfBranch(ctx.db, branchId, quarter);
  if (!row) {
    throw new AppError(
      'not_found',
      { entity: 'be_plan', branchId, quarter },
      {
        zh: `该支部还没有 ${quarter} 的指标方案`,
        en: `The branch has no plan for ${quarter} yet`,
      },
    );
  }
  return getPlan(ctx, row.id);
}

const categoryOrder = (c: Category) => categories.indexOf(c);

/**
 * The library indicators a plan or template of an org can take (SPEC §3 量身定制 "indicators
 * added"): the active indicators of the org's own library and its ancestors', the nearest
 * library winning when two define one code — exactly what {@link pickIndicators} accepts.
 * Libraries are small (tens of indicators each), so they are merged and filtered here.
 */
export async function planIndicatorOptions(
  ctx: Ctx,
  query: z.infer<typeof planIndicatorOptionsQuery>,
): Promise<Page<IndicatorView & { orgName: string }>> {
  const org = await orgService.findOrgRow(ctx.db, query.orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: query.orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.read', query.orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.read', orgId: query.orgId });
  }
  const libraries = await orgService.ancestorIdsNearestFirst(ctx.db, query.orgId);
  const names = new Map((await orgService.orgsByIds(ctx.db, libraries)).map((o) => [o.id, o.name]));
  const byCode = new Map<string, IndicatorView & { orgName: string }>();
  for (const orgId of libraries) {
    for (const row of await libraryRepo.allIndicatorsOf(ctx.db, orgId)) {
      if (row.active !== 1 || byCode.has(row.code)) continue;
      byCode.set(row.code, { ...indicatorView(row), orgName: names.get(orgId) ?? '' });
    }
  }
  const needle = query.q?.toLowerCase();
  const matching = [...byCode.values()]
    .filter((i) => query.category === undefined || i.category === query.category)
    .filter((i) => !needle || i.code.toLowerCase().includes(needle) || i.name.toLowerCase().includes(needle))
    .sort((a, b) => categoryOrder(a.category) - categoryOrder(b.category) || a.code.localeCompare(b.code));
  const start = (query.page - 1) * query.pageSize;
  return {
    items: matching.slice(start, start + query.pageSize),
    total: matching.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}
