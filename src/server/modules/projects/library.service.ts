import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { exportQuery, libraryQuery } from '../../../contracts/projects.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import { daysInMonth, parseIsoDate, toIsoDate } from '../../../domain/calendar/index.js';
import { gradeLabels, stateLabels } from '../../../domain/projects/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { authorize, requireSomewhere, scopeOrgIds } from '../../lib/permissions.js';
import * as orgService from '../org/org.service.js';
import { loadProject, planOrgOf, searchTextOf } from './projects.common.js';
import * as repo from './projects.repo.js';

/**
 * The best-practice library (经验亮点库): promoted projects, readable by every user of the
 * organisation, searched by text and tag, each with its adoptions and their grades.
 */
export async function library(ctx: Ctx, q: z.infer<typeof libraryQuery>) {
  requireSomewhere(ctx.user, 'projects.library.read');
  const base = repo.libraryBase(ctx.db, q);
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0,
  );
  const rows = await base
    .innerJoin('org', 'org.id', 'p.org_id')
    .select([
      'p.id',
      'p.title',
      'p.year',
      'p.summary',
      'p.measures',
      'p.expected_results',
      'p.score',
      'p.promoted_at',
      'org.name as org_name',
    ])
    .orderBy('p.promoted_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const ids = rows.map((r) => r.id);
  const tags = await repo.tagsOf(ctx.db, ids);
  const adoptions = await repo.adoptionsOf(ctx.db, ids);
  return {
    items: rows.map((r) => {
      const mine = adoptions.filter((a) => a.source_project_id === r.id);
      const grades: Record<string, number> = {};
      for (const a of mine) if (a.grade) grades[a.grade] = (grades[a.grade] ?? 0) + 1;
      return {
        projectId: r.id,
        title: r.title,
        orgName: r.org_name,
        year: r.year,
        tags: tags.filter((t) => t.project_id === r.id).map((t) => t.tag),
        summary: r.summary,
        measures: r.measures,
        results: r.expected_results,
        score: r.score,
        promotedAt: r.promoted_at ?? '',
        adoptions: mine.length,
        adoptionGrades: grades,
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Adopts a library project (复制推广) for another branch: a new proposal of that branch in research,
 * prefilled from the source (requirements, objectives, measures, tags, the timetable moved to the
 * chosen year) and linked to it, so the library counts it.
 */
export async function adoptProject(ctx: Ctx, sourceId: number, orgId: number, year: number) {
  return ctx.db.transaction().execute(async (trx) => {
    // The adopting branch first: nothing about the source is told to someone who cannot adopt.
    await authorize(trx, ctx.user, 'projects.run', orgId);
    const src = await loadProject(trx, sourceId);
    if (src.promoted_at === null) throw new AppError('project_not_in_library', { id: sourceId });
    if (await orgService.isInSubtree(trx, src.org_id, orgId))
      throw new AppError('adopt_own_project', { orgId });
    const ms = await repo.milestonesOf(trx, [src.id]);
    const at = nowIso(ctx.clock);
    const tags = src.tags_text === '' ? [] : src.tags_text.split(',');
    const content = {
      title: src.title,
      requirements: src.requirements,
      objectives: src.objectives,
      measures: src.measures,
      expected_results: src.expected_results,
      summary: '',
      tags,
    };
    const id = await repo.insertProject(trx, {
      plan_org_id: await planOrgOf(trx, orgId),
      org_id: orgId,
      year,
      origin: 'proposed',
      state: 'research',
      suspended_from: null,
      title: content.title,
      requirements: content.requirements,
      objectives: content.objectives,
      measures: content.measures,
      expected_results: content.expected_results,
      summary: '',
      search_text: searchTextOf(content),
      tags_text: tags.join(','),
      source_project_id: src.id,
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
    await repo.replaceTags(trx, id, tags);
    await repo.replaceMilestones(
      trx,
      id,
      ms.map((m) => {
        const { month, day } = parseIsoDate(m.baseline_due);
        const due = toIsoDate(year, month, Math.min(day, daysInMonth(year, month)));
        return {
          name: m.name,
          deliverable: m.deliverable,
          baseline_due: due,
          current_due: due,
          reported_on: null,
          on_time: null,
        };
      }),
    );
    await repo.refreshNextDue(trx, id);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'projects.adopt',
        entityType: 'pj_project',
        entityId: id,
        orgId,
        after: { source: src.id, year, title: src.title },
      },
    ]);
    return { id };
  });
}

/** The filtered list with every milestone, as a workbook (two sheets). */
export async function exportProjects(ctx: Ctx, q: z.infer<typeof exportQuery>) {
  const roots = requireSomewhere(ctx.user, 'projects.read');
  const planRoots = scopeRoots(ctx.user.grants, 'projects.plan');
  const f: repo.ListFilter = {
    scope: await scopeOrgIds(ctx.db, roots),
    draftScope: planRoots.length > 0 ? await scopeOrgIds(ctx.db, planRoots) : null,
    year: q.year,
    subtree: q.orgId ? await scopeOrgIds(ctx.db, [q.orgId]) : undefined,
    origin: q.origin,
    state: q.state,
    overdueBefore: q.overdue === 'true' ? todayInChina(ctx.clock) : undefined,
    tag: q.tag,
    q: q.q,
  };
  const today = todayInChina(ctx.clock);
  const rows = await repo.listProjects(ctx.db, f, today, 20_000, 0);
  const tags = await repo.tagsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const ms = await repo.milestonesOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const en = ctx.locale === 'en';
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(en ? 'Projects' : '项目');
  ws.addRow(
    en
      ? ['ID', 'Year', 'Title', 'Owner', 'Origin', 'State', 'Tags', 'Score', 'Grade', 'Overdue milestones']
      : ['编号', '年度', '项目名称', '承担单位', '来源', '状态', '标签', '评审得分', '等次', '逾期节点'],
  );
  for (const r of rows) {
    ws.addRow([
      r.id,
      r.year,
      r.title,
      r.org_name,
      r.origin === 'assigned' ? (en ? 'Assigned' : '下达') : en ? 'Proposed' : '申报',
      en ? stateLabels[r.state].en : stateLabels[r.state].zh,
      tags
        .filter((t) => t.project_id === r.id)
        .map((t) => t.tag)
        .join('、'),
      r.score === null ? null : r.score / 100,
      r.grade ? (en ? gradeLabels[r.grade].en : gradeLabels[r.grade].zh) : null,
      Number(r.overdue ?? 0),
    ]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 2 ? 40 : 14;
  });
  const wm = wb.addWorksheet(en ? 'Milestones' : '时间节点');
  wm.addRow(
    en
      ? [
          'Project ID',
          'No.',
          'Milestone',
          'Deliverable',
          'Baseline due',
          'Current due',
          'Reported on',
          'On time',
        ]
      : ['项目编号', '序号', '节点', '成果', '原定日期', '现行日期', '报告日期', '是否按期'],
  );
  for (const m of ms) {
    wm.addRow([
      m.project_id,
      m.seq,
      m.name,
      m.deliverable,
      m.baseline_due,
      m.current_due,
      m.reported_on,
      m.on_time === null ? null : m.on_time === 1 ? (en ? 'yes' : '是') : en ? 'no' : '否',
    ]);
  }
  const buffer = await wb.xlsx.writeBuffer();
  return { fileName: `${en ? 'projects' : '党建项目'}-${q.year ?? 'all'}.xlsx`, buffer: Buffer.from(buffer) };
}
