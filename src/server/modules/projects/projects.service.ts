import type { z } from 'zod';
import type {
  ganttResponse,
  ProjectDetail,
  ProjectSummary,
  planDraftBody,
  planTemplateBody,
  planTemplateList,
  projectCreateBody,
  projectListQuery,
  projectUpdateBody,
} from '../../../contracts/projects.js';
import { projectContent } from '../../../contracts/projects.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import {
  addDays,
  daysInMonth,
  type IsoDate,
  parseIsoDate,
  toIsoDate,
} from '../../../domain/calendar/index.js';
import {
  allowedActions,
  defaultCriteria,
  judgedDue,
  type MilestoneStatus,
  milestoneStatus,
  type PanelExplanation,
  type ProjectAction,
  type ProjectState,
  stateLabels,
} from '../../../domain/projects/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import type { Page } from '../../lib/pagination.js';
import { authorize, can, partyRootIds, requireSomewhere, scopeOrgIds } from '../../lib/permissions.js';
import { evalEvidenceByIds } from '../branch-eval/evidence.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import * as orgService from '../org/org.service.js';
import {
  actorsOf,
  loadProject,
  type Project,
  planOrgOf,
  readableProject,
  ruleInForce,
  searchTextOf,
  takeStep,
} from './projects.common.js';
import * as repo from './projects.repo.js';

type Content = z.infer<typeof projectContent>;

/** Checks a timetable against the project year and a team against the owning org. */
async function checkContent(
  db: DbOrTrx,
  orgId: number,
  year: number,
  c: { milestones?: Content['milestones'] | undefined; teamMemberIds?: number[] | undefined },
) {
  for (const m of c.milestones ?? []) {
    if (parseIsoDate(m.due).year !== year)
      throw new AppError('milestone_outside_year', { milestone: m.name, due: m.due, year });
  }
  const ids = c.teamMemberIds ?? [];
  if (ids.length > 0) {
    const rows = await repo.memberBranches(db, ids);
    for (const id of ids) {
      const m = rows.find((r) => r.id === id);
      if (m?.active !== 1 || m.branch_id === null || !(await orgService.isInSubtree(db, orgId, m.branch_id)))
        throw new AppError('team_member_outside', { memberId: id });
    }
  }
}

const blank = { requirements: '', objectives: '', measures: '', expectedResults: '' };

/** Inserts a project with its tags, team and milestones, audited. */
async function insertProject(
  ctx: Ctx,
  trx: Parameters<typeof repo.insertProject>[0],
  input: Content & {
    orgId: number;
    year: number;
    origin: 'assigned' | 'proposed';
    state: ProjectState;
    sourceId?: number;
    planOrgId?: number;
  },
): Promise<number> {
  const at = nowIso(ctx.clock);
  const planOrgId = input.planOrgId ?? (await planOrgOf(trx, input.orgId));
  const content = { ...blank, ...input };
  const id = await repo.insertProject(trx, {
    plan_org_id: planOrgId,
    org_id: input.orgId,
    year: input.year,
    origin: input.origin,
    state: input.state,
    suspended_from: null,
    title: content.title,
    requirements: content.requirements,
    objectives: content.objectives,
    measures: content.measures,
    expected_results: content.expectedResults,
    summary: '',
    search_text: searchTextOf({
      title: content.title,
      requirements: content.requirements,
      objectives: content.objectives,
      measures: content.measures,
      expected_results: content.expectedResults,
      summary: '',
      tags: content.tags,
    }),
    tags_text: content.tags.join(','),
    source_project_id: input.sourceId ?? null,
    score: null,
    grade: null,
    explanation_json: null,
    rule_version: null,
    next_due: null,
    promoted_at: null,
    created_by: ctx.user.id,
    created_at: at,
    updated_at: at,
  });
  await repo.replaceTags(trx, id, content.tags);
  await repo.replaceTeam(trx, id, content.teamMemberIds);
  await repo.replaceMilestones(
    trx,
    id,
    content.milestones.map((m) => ({
      name: m.name,
      deliverable: m.deliverable,
      baseline_due: m.due,
      current_due: m.due,
      reported_on: null,
      on_time: null,
    })),
  );
  await repo.refreshNextDue(trx, id);
  await appendAudit(trx, ctx.user, at, [
    {
      action: 'projects.create',
      entityType: 'pj_project',
      entityId: id,
      orgId: input.orgId,
      after: {
        title: content.title,
        year: input.year,
        origin: input.origin,
        state: input.state,
        source: input.sourceId ?? null,
      },
    },
  ]);
  return id;
}

/**
 * A new project: the committee's draft for its year plan (assigned; issued later with the plan), or
 * a branch's own proposal (申报), which starts in research for the branch to detail and submit.
 */
export async function createProject(
  ctx: Ctx,
  input: z.infer<typeof projectCreateBody>,
): Promise<{ id: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(
      trx,
      ctx.user,
      input.origin === 'assigned' ? 'projects.plan' : 'projects.run',
      input.orgId,
    );
    await checkContent(trx, input.orgId, input.year, input);
    const id = await insertProject(ctx, trx, {
      ...input,
      state: input.origin === 'assigned' ? 'draft' : 'research',
    });
    return { id };
  });
}

/**
 * Edits a project's content: the committee its drafts, the owner a project in research (the
 * proposal it details: measures, team, milestone dates). Anything later is locked — due dates then
 * change only by a change request the committee approves.
 */
export async function updateProject(ctx: Ctx, id: number, input: z.infer<typeof projectUpdateBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const p = await loadProject(trx, id);
    const actors = await actorsOf(trx, ctx.user, p);
    const may =
      (p.state === 'draft' && actors.includes('committee')) ||
      (p.state === 'research' && (actors.includes('owner') || actors.includes('committee'))) ||
      (p.state === 'implementing' &&
        actors.includes('owner') &&
        input.summary !== undefined &&
        !input.milestones);
    if (actors.length === 0 && p.state !== 'draft')
      throw new AppError('forbidden', { entity: 'project', id });
    if (!may) {
      if (!actors.includes('owner') && !actors.includes('committee'))
        throw new AppError('forbidden', { entity: 'project', id });
      throw new AppError('project_locked', { state: p.state });
    }
    await checkContent(trx, p.org_id, p.year, input);
    const before = { title: p.title, measures: p.measures, summary: p.summary };
    const next = {
      title: input.title ?? p.title,
      requirements: input.requirements ?? p.requirements,
      objectives: input.objectives ?? p.objectives,
      measures: input.measures ?? p.measures,
      expected_results: input.expectedResults ?? p.expected_results,
      summary: input.summary ?? p.summary,
    };
    const tags = input.tags ?? (p.tags_text === '' ? [] : p.tags_text.split(','));
    const at = nowIso(ctx.clock);
    await repo.updateProject(trx, id, {
      ...next,
      tags_text: tags.join(','),
      search_text: searchTextOf({ ...next, tags }),
      updated_at: at,
    });
    if (input.tags) await repo.replaceTags(trx, id, input.tags);
    if (input.teamMemberIds) await repo.replaceTeam(trx, id, input.teamMemberIds);
    if (input.milestones) {
      await repo.replaceMilestones(
        trx,
        id,
        input.milestones.map((m) => ({
          name: m.name,
          deliverable: m.deliverable,
          baseline_due: m.due,
          current_due: m.due,
          reported_on: null,
          on_time: null,
        })),
      );
      await repo.refreshNextDue(trx, id);
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'projects.update',
        entityType: 'pj_project',
        entityId: id,
        orgId: p.org_id,
        before,
        after: {
          title: next.title,
          measures: next.measures,
          summary: next.summary,
          ...(input.milestones ? { milestones: input.milestones } : {}),
          ...(input.teamMemberIds ? { team: input.teamMemberIds } : {}),
        },
      },
    ]);
    return { id };
  });
}

/** The same month and day a year later (29 February → 28). */
function nextYearDate(d: IsoDate, years: number): IsoDate {
  const { year, month, day } = parseIsoDate(d);
  return toIsoDate(year + years, month, Math.min(day, daysInMonth(year + years, month)));
}

/**
 * Drafts the committee's year plan: a copy of last year's assigned projects (owners, requirements,
 * tags, milestone skeleton moved a year on), or one project per chosen owner from a template.
 */
export async function draftPlan(ctx: Ctx, input: z.infer<typeof planDraftBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'projects.plan', input.orgId);
    const ids: number[] = [];
    if (input.source === 'last_year') {
      const last = await repo.assignedProjectsOf(trx, input.orgId, input.year - 1);
      if (last.length === 0)
        throw new AppError('not_found', { entity: 'last year plan', year: input.year - 1 });
      const ms = await repo.milestonesOf(
        trx,
        last.map((p) => p.id),
      );
      for (const p of last) {
        ids.push(
          await insertProject(ctx, trx, {
            orgId: p.org_id,
            year: input.year,
            origin: 'assigned',
            state: 'draft',
            planOrgId: input.orgId,
            title: p.title,
            requirements: p.requirements,
            objectives: p.objectives,
            measures: '',
            expectedResults: p.expected_results,
            tags: p.tags_text === '' ? [] : p.tags_text.split(','),
            teamMemberIds: [],
            milestones: ms
              .filter((m) => m.project_id === p.id)
              .map((m) => ({
                name: m.name,
                deliverable: m.deliverable,
                due: nextYearDate(m.baseline_due, 1),
              })),
          }),
        );
      }
    } else {
      let template = input.template;
      if (input.templateId !== undefined) {
        const stored = await repo.findPlanTemplate(trx, input.templateId);
        if (!stored || stored.org_id !== input.orgId)
          throw new AppError('not_found', { entity: 'pj_plan_template', id: input.templateId });
        template = templateForYear(projectContent.parse(JSON.parse(stored.items_json)), input.year);
      }
      if (!template) throw new AppError('validation_failed', { field: 'template' });
      if (input.ownerOrgIds.length === 0) throw new AppError('validation_failed', { field: 'ownerOrgIds' });
      for (const orgId of input.ownerOrgIds) {
        if (!(await orgService.isInSubtree(trx, input.orgId, orgId)))
          throw new AppError('forbidden', { orgId });
        await checkContent(trx, orgId, input.year, { milestones: template.milestones });
        ids.push(
          await insertProject(ctx, trx, {
            ...template,
            teamMemberIds: [],
            orgId,
            year: input.year,
            origin: 'assigned',
            state: 'draft',
            planOrgId: input.orgId,
          }),
        );
      }
    }
    return { count: ids.length, projectIds: ids };
  });
}

/** A stored template's content for a year: its milestone dates moved into that year. */
function templateForYear(c: Content, year: number): Content {
  return {
    ...c,
    teamMemberIds: [],
    milestones: c.milestones.map((m) => ({
      ...m,
      due: nextYearDate(m.due, year - parseIsoDate(m.due).year),
    })),
  };
}

/**
 * Stores a year-plan template of the committee (年度计划模板库): the content and milestone skeleton
 * of an assigned project, drafted again in later years with its dates moved into that year.
 */
export async function savePlanTemplate(ctx: Ctx, input: z.infer<typeof planTemplateBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'projects.plan', input.orgId);
    const at = nowIso(ctx.clock);
    const template = { ...input.template, teamMemberIds: [] };
    const id = await repo.insertPlanTemplate(trx, {
      org_id: input.orgId,
      name: input.name,
      items_json: JSON.stringify(template),
      created_by: ctx.user.id,
      created_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'projects.plan.template.save',
        entityType: 'pj_plan_template',
        entityId: id,
        orgId: input.orgId,
        after: { name: input.name, title: template.title, milestones: template.milestones.length },
      },
    ]);
    return { id };
  });
}

/** The committee's stored year-plan templates, newest first. */
export async function planTemplates(ctx: Ctx, orgId: number): Promise<z.infer<typeof planTemplateList>> {
  await authorize(ctx.db, ctx.user, 'projects.plan', orgId);
  const rows = await repo.planTemplatesOf(ctx.db, orgId);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdBy: r.by_name,
      createdAt: r.created_at,
      template: projectContent.parse(JSON.parse(r.items_json)),
    })),
  };
}

/** Issues every draft of the committee's year plan (下达) in one step, each a recorded decision. */
export async function issuePlan(ctx: Ctx, orgId: number, year: number) {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'projects.plan', orgId);
    const drafts = await repo.draftsOf(trx, orgId, year);
    if (drafts.length === 0) throw new AppError('invalid_transition', { reason: 'no drafts', orgId, year });
    for (const p of drafts) await takeStep(ctx, trx, p, 'issue', await actorsOf(trx, ctx.user, p), null);
    return { count: drafts.length, projectIds: drafts.map((p) => p.id) };
  });
}

/** One lifecycle step by a person (the panel's completion is taken by the last score). */
export async function actOnProject(ctx: Ctx, id: number, action: ProjectAction, comment: string | undefined) {
  return ctx.db.transaction().execute(async (trx) => {
    const { p, actors } = await readableProject(trx, ctx.user, id);
    await takeStep(ctx, trx, p, action, actors, comment ?? null);
    return { id };
  });
}

/** The list's filters turned into the repo's, within the user's reach. */
async function filterOf(ctx: Ctx, q: Partial<z.infer<typeof projectListQuery>>): Promise<repo.ListFilter> {
  const roots = requireSomewhere(ctx.user, 'projects.read');
  const planRoots = scopeRoots(ctx.user.grants, 'projects.plan');
  const subtree = q.orgId ? await scopeOrgIds(ctx.db, [q.orgId]) : undefined;
  // A subtree the user may read (plan) whole is the scope (drafts' scope) itself: the database
  // then walks the subtree's orgs only, not every org of a wider scope (a city of the province).
  const readsWhole = q.orgId !== undefined && (await can(ctx.db, ctx.user, 'projects.read', q.orgId));
  const plansWhole =
    q.orgId !== undefined && planRoots.length > 0 && (await can(ctx.db, ctx.user, 'projects.plan', q.orgId));
  // Grants at every party root reach every org (the unit tree too): then no list of orgs at all.
  const partyRoots = await partyRootIds(ctx.db);
  const everywhere = (rs: number[]) => partyRoots.length > 0 && partyRoots.every((r) => rs.includes(r));
  return {
    scope:
      readsWhole && subtree ? subtree : everywhere(roots) ? 'everywhere' : await scopeOrgIds(ctx.db, roots),
    draftScope:
      plansWhole && subtree
        ? subtree
        : planRoots.length === 0
          ? null
          : everywhere(planRoots)
            ? 'everywhere'
            : await scopeOrgIds(ctx.db, planRoots),
    year: q.year,
    subtree: readsWhole ? undefined : subtree,
    origin: q.origin,
    state: q.state,
    overdueBefore: q.overdue === 'true' ? todayInChina(ctx.clock) : undefined,
    tag: q.tag,
    q: q.q,
  };
}

async function summariesOf(
  ctx: Ctx,
  rows: Awaited<ReturnType<typeof repo.listProjects>>,
): Promise<ProjectSummary[]> {
  const tags = await repo.tagsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    year: r.year,
    origin: r.origin,
    state: r.state,
    orgId: r.org_id,
    orgName: r.org_name,
    planOrgId: r.plan_org_id,
    tags: tags.filter((t) => t.project_id === r.id).map((t) => t.tag),
    grade: r.grade,
    score: r.score,
    overdueMilestones: ['approved', 'implementing'].includes(r.state) ? Number(r.overdue ?? 0) : 0,
    nextDue: r.next_due,
    sourceProjectId: r.source_project_id,
  }));
}

/** The project list: filters, one indexed page. */
export async function listProjects(
  ctx: Ctx,
  q: z.infer<typeof projectListQuery>,
): Promise<Page<ProjectSummary>> {
  const f = await filterOf(ctx, q);
  const today = todayInChina(ctx.clock);
  const [total, rows] = await Promise.all([
    repo.countProjects(ctx.db, f),
    repo.listProjects(ctx.db, f, today, q.pageSize, (q.page - 1) * q.pageSize),
  ]);
  return { items: await summariesOf(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** The board by state: each state's count and its first 50 projects. */
export async function projectBoard(ctx: Ctx, q: z.infer<typeof projectListQuery>) {
  const f = await filterOf(ctx, q);
  const today = todayInChina(ctx.clock);
  const states: ProjectState[] = [
    'draft',
    'research',
    'proposal',
    'approved',
    'implementing',
    'summary',
    'evaluated',
    'promoted',
    'suspended',
    'rejected',
    'cancelled',
  ];
  const columns = [];
  for (const state of states) {
    if (q.state && q.state !== state) continue;
    const sf = { ...f, state };
    const total = await repo.countProjects(ctx.db, sf);
    if (state === 'draft' && total === 0) continue;
    columns.push({
      state,
      total,
      items: await summariesOf(ctx, await repo.listProjects(ctx.db, sf, today, 50, 0)),
    });
  }
  return { columns };
}

/** Readable names of users for the timeline. */
export async function getProject(ctx: Ctx, id: number): Promise<ProjectDetail> {
  const { p, actors } = await readableProject(ctx.db, ctx.user, id);
  const db = ctx.db;
  const today = todayInChina(ctx.clock);
  const cal = await loadHolidayCalendar(db);
  const rule = await ruleInForce(db, p.plan_org_id, p.year);
  const [org] = await orgService.orgsByIds(db, [p.org_id]);
  const tags = await repo.tagsOf(db, [p.id]);
  const team = await repo.teamOf(db, p.id);
  const ms = await repo.milestonesOf(db, [p.id]);
  const changes = await repo.changesOf(db, p.id);
  const decisions = await repo.decisionsOf(db, p.id);
  const reports = await repo.reportsOf(db, p.id);
  const comments = await repo.commentsOf(db, p.id);
  const ev = await repo.evidenceOfReports(
    db,
    reports.map((r) => r.id),
  );
  const selfScores = new Map(
    (
      await evalEvidenceByIds(
        db,
        ev.selfScores.map((r) => r.ref_id),
      )
    ).map((x) => [x.id, x]),
  );
  const facts = {
    state: p.state,
    suspendedFrom: p.suspended_from,
    grade: p.grade,
    milestones: ms.length,
    unreportedMilestones: ms.filter((m) => m.reported_on === null).length,
  };
  const active = p.state === 'approved' || p.state === 'implementing';
  const milestones = ms.map((m) => {
    const mine = changes.filter((c) => c.milestone_id === m.id);
    const approved = mine
      .filter((c) => c.state === 'approved' && c.decided_on)
      .map((c) => ({ approvedOn: c.decided_on ?? '', newDue: c.new_due }));
    const st = milestoneStatus(cal, today, m.current_due, m.reported_on !== null || !active, rule.milestones);
    return {
      id: m.id,
      seq: m.seq,
      name: m.name,
      deliverable: m.deliverable,
      baselineDue: m.baseline_due,
      currentDue: m.current_due,
      judgedDue: judgedDue(m.baseline_due, approved),
      phase: m.reported_on === null && !active ? ('open' as const) : st.phase,
      overdueWorkingDays: st.overdueWorkingDays,
      escalation: st.escalation,
      reportedOn: m.reported_on,
      onTime: m.on_time === null ? null : m.on_time === 1,
      changes: mine.map((c) => ({
        id: c.id,
        newDue: c.new_due,
        reason: c.reason,
        state: c.state,
        requestedBy: c.requester,
        requestedAt: c.requested_at,
        decidedBy: c.decider ?? null,
        decidedAt: c.decided_at,
        note: c.note,
      })),
    };
  });
  const evidenceOf = (reportId: number) => [
    ...ev.files
      .filter((f) => f.report_id === reportId)
      .map((f) => ({ type: 'file' as const, id: f.id, label: f.label, date: f.date.slice(0, 10) })),
    ...ev.activities
      .filter((a) => a.report_id === reportId)
      .map((a) => ({ type: 'points_activity' as const, id: a.id, label: a.label, date: a.date })),
    ...ev.entries
      .filter((e) => e.report_id === reportId)
      .map((e) => ({
        type: 'points_entry' as const,
        id: e.id,
        label: `${e.member} · ${e.item_code}`,
        date: e.date,
      })),
    ...ev.selfScores
      .filter((r) => r.report_id === reportId)
      .flatMap((r) => {
        const x = selfScores.get(r.ref_id);
        return x
          ? [
              {
                type: 'be_self_score' as const,
                id: x.id,
                label: `${x.month} · ${x.code} ${x.name}${x.note ? ` · ${x.note}` : ''}`,
                date: null,
              },
            ]
          : [];
      }),
  ];
  const repliesOf = (cid: number) =>
    comments
      .filter((c) => c.parent_id === cid)
      .map((c) => ({ id: c.id, at: c.at, actor: c.actor, text: c.body }));
  const none = {
    action: null,
    fromState: null,
    toState: null,
    rule: null,
    milestoneId: null,
    reportStatus: null,
    onTime: null,
  };
  const timeline = [
    ...decisions.map((d) => ({
      ...none,
      kind: 'decision' as const,
      id: d.id,
      at: d.at,
      actor: d.actor,
      action: d.action as ProjectAction,
      fromState: d.from_state,
      toState: d.to_state,
      rule: d.rule,
      text: d.comment ?? '',
      evidence: [],
      replies: [],
      target: null,
    })),
    ...reports.map((r) => ({
      ...none,
      kind: 'report' as const,
      id: r.id,
      at: r.created_at,
      actor: r.actor,
      text: r.body,
      milestoneId: r.milestone_id,
      reportStatus: r.status,
      onTime: r.on_time === 1,
      evidence: evidenceOf(r.id),
      replies: [],
      target: null,
    })),
    ...comments
      .filter((c) => c.parent_id === null)
      .map((c) => ({
        ...none,
        kind: 'comment' as const,
        id: c.id,
        at: c.at,
        actor: c.actor,
        text: c.body,
        evidence: [],
        replies: repliesOf(c.id),
        target: { type: c.target_type, id: c.target_id ?? p.id },
      })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const panel = await panelViewOf(ctx, p, actors);
  const source = p.source_project_id ? await repo.findProject(db, p.source_project_id) : undefined;
  const adoptions = await repo.adoptionsOf(db, [p.id]);
  return {
    id: p.id,
    title: p.title,
    year: p.year,
    origin: p.origin,
    state: p.state,
    orgId: p.org_id,
    orgName: org?.name ?? '',
    planOrgId: p.plan_org_id,
    tags: tags.map((t) => t.tag),
    grade: p.grade,
    score: p.score,
    overdueMilestones: milestones.filter((m) => m.phase === 'overdue').length,
    nextDue: p.next_due,
    sourceProjectId: p.source_project_id,
    requirements: p.requirements,
    objectives: p.objectives,
    measures: p.measures,
    expectedResults: p.expected_results,
    summary: p.summary,
    suspendedFrom: p.suspended_from,
    team: team.map((m) => ({ memberId: m.id, name: m.name })),
    milestones,
    timeline,
    actions: allowedActions(facts, actors),
    actors,
    canComment: await can(db, ctx.user, 'projects.comment', p.org_id),
    canEdit:
      (p.state === 'draft' && actors.includes('committee')) ||
      (p.state === 'research' && (actors.includes('owner') || actors.includes('committee'))),
    panel,
    source: source ? { id: source.id, title: source.title } : null,
    adoptions: adoptions.map((a) => ({ id: a.id, title: a.title, orgName: a.org_name, grade: a.grade })),
  };
}

/**
 * The panel as the caller may see it: who sits on it and who has submitted; the caller's own
 * sheet; every total and the aggregation only once all are in (SPEC: nobody sees another's score
 * until all are in — the committee included).
 */
async function panelViewOf(ctx: Ctx, p: Project, actors: readonly string[]): Promise<ProjectDetail['panel']> {
  const members = await repo.panelOf(ctx.db, p.id);
  if (members.length === 0) return null;
  const criteria = await repo.criteriaOf(ctx.db, p.id);
  const complete = members.every((m) => m.submitted_at !== null);
  const me = members.find((m) => m.user_id === ctx.user.id);
  const explanation =
    complete && p.explanation_json ? (JSON.parse(p.explanation_json) as PanelExplanation) : null;
  const seeWho = actors.includes('committee') || actors.includes('panel');
  return {
    members: seeWho
      ? members.map((m) => ({ userId: m.user_id, name: m.name, submitted: m.submitted_at !== null }))
      : [],
    criteria: criteria.length > 0 ? criteria : defaultCriteria.map((c) => ({ ...c })),
    mine: me
      ? {
          submitted: me.submitted_at !== null,
          scores: me.scores_json ? (JSON.parse(me.scores_json) as { code: string; points: number }[]) : [],
        }
      : null,
    complete,
    explanation: explanation
      ? {
          ...explanation,
          dropped: [...explanation.dropped],
          totals: explanation.totals.map((t) => ({
            ...t,
            name: members.find((m) => m.user_id === t.panelist)?.name ?? String(t.panelist),
          })),
        }
      : null,
  };
}

/** The timeline (Gantt) of every project's milestones of a year in a subtree. */
type GanttRow = z.infer<typeof ganttResponse>['rows'][number];

export async function projectGantt(ctx: Ctx, q: { year: number; orgId?: number | undefined; limit: number }) {
  const f = await filterOf(ctx, { year: q.year, orgId: q.orgId });
  const today = todayInChina(ctx.clock);
  const cal = await loadHolidayCalendar(ctx.db);
  const rows = await repo.ganttRows(ctx.db, f, q.limit + 1);
  // A milestone's phase depends only on its due date and whether it is reported (same calendar,
  // same day): plans share their dates, so each pair is judged once per answer.
  const phases = new Map<string, MilestoneStatus['phase']>();
  const phaseOf = (due: string, reported: boolean) => {
    const key = reported ? `r${due}` : due;
    let phase = phases.get(key);
    if (phase === undefined) {
      phase = milestoneStatus(cal, today, due, reported).phase;
      phases.set(key, phase);
    }
    return phase;
  };
  const out: GanttRow[] = [];
  let truncated = false;
  let row: GanttRow | undefined;
  let start = '';
  let active = false;
  for (const r of rows) {
    if (row?.projectId !== r.id) {
      if (out.length === q.limit) {
        truncated = true;
        break;
      }
      row = { projectId: r.id, title: r.title, orgName: r.org_name, state: r.state, milestones: [] };
      out.push(row);
      start = `${q.year}-01-01`;
      active = r.state === 'approved' || r.state === 'implementing';
    }
    if (
      r.milestone_id === null ||
      r.milestone_name === null ||
      r.current_due === null ||
      r.baseline_due === null
    )
      continue;
    const due = r.current_due;
    row.milestones.push({
      id: r.milestone_id,
      name: r.milestone_name,
      start: start <= due ? start : due,
      due,
      baselineDue: r.baseline_due,
      phase: active ? phaseOf(due, r.reported_on !== null) : r.reported_on ? 'reported' : 'open',
    });
    start = addDays(due, 1);
  }
  return { truncated, rows: out };
}

/** Chart data: projects per state per org, on-time milestone rate per org, grades. */
export async function projectCharts(ctx: Ctx, q: { year: number; orgId?: number | undefined }) {
  const f = await filterOf(ctx, { year: q.year, orgId: q.orgId });
  const today = todayInChina(ctx.clock);
  const counts = await repo.countsByOrgState(ctx.db, f);
  const byOrg = new Map<number, { orgId: number; orgName: string; counts: Record<string, number> }>();
  for (const c of counts) {
    const o = byOrg.get(c.org_id) ?? { orgId: c.org_id, orgName: c.org_name, counts: {} };
    o.counts[c.state] = Number(c.n);
    byOrg.set(c.org_id, o);
  }
  const onTime = await repo.onTimeByOrg(ctx.db, f, today);
  const grades: Record<string, number> = {};
  for (const g of await repo.gradeCounts(ctx.db, f)) if (g.grade) grades[g.grade] = Number(g.n);
  return {
    stateByOrg: [...byOrg.values()],
    onTimeByOrg: onTime.map((o) => {
      const due = Number(o.due);
      const ok = Number(o.on_time ?? 0);
      return {
        orgId: o.org_id,
        orgName: o.org_name,
        due,
        onTime: ok,
        rate: due === 0 ? null : Math.floor((ok * 10_000) / due),
      };
    }),
    grades,
  };
}

/** The label of a state in a language, for exports. */
export const stateName = (s: ProjectState, locale: 'zh-CN' | 'en') =>
  locale === 'en' ? stateLabels[s].en : stateLabels[s].zh;
