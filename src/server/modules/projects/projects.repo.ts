import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type {
  EvidenceLinkTable,
  PjCommentTable,
  PjCriterionTable,
  PjDecisionTable,
  PjDueChangeTable,
  PjMilestoneTable,
  PjProjectTable,
  PjReportRefTable,
  PjReportTable,
  PjRuleTable,
  PjScoreSheetTable,
} from '../../../db/types.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/** Queries of the projects module (pj_* tables); no rules here. */

export type ProjectRow = Awaited<ReturnType<typeof findProject>> & {};

export function findProject(db: DbOrTrx, id: number) {
  return db.selectFrom('pj_project').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProject(db: DbOrTrx, row: Insertable<PjProjectTable>): Promise<number> {
  const r = await db.insertInto('pj_project').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function updateProject(db: DbOrTrx, id: number, set: Partial<Insertable<PjProjectTable>>) {
  return db.updateTable('pj_project').set(set).where('id', '=', id).execute();
}

export function tagsOf(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pj_tag')
    .select(['project_id', 'tag'])
    .where('project_id', 'in', ids)
    .orderBy('tag')
    .execute();
}

export async function replaceTags(db: DbOrTrx, projectId: number, tags: readonly string[]) {
  await db.deleteFrom('pj_tag').where('project_id', '=', projectId).execute();
  const unique = [...new Set(tags)];
  if (unique.length > 0)
    await db
      .insertInto('pj_tag')
      .values(unique.map((tag) => ({ project_id: projectId, tag })))
      .execute();
}

export function teamOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_team')
    .innerJoin('member', 'member.id', 'pj_team.member_id')
    .select(['member.id', 'member.name'])
    .where('pj_team.project_id', '=', projectId)
    .orderBy('member.id')
    .execute();
}

export async function replaceTeam(db: DbOrTrx, projectId: number, memberIds: readonly number[]) {
  await db.deleteFrom('pj_team').where('project_id', '=', projectId).execute();
  const unique = [...new Set(memberIds)];
  if (unique.length > 0)
    await db
      .insertInto('pj_team')
      .values(unique.map((member_id) => ({ project_id: projectId, member_id })))
      .execute();
}

/** Members' branches, to check a team against the owning org. */
export function memberBranches(db: DbOrTrx, memberIds: readonly number[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('member')
    .select(['id', 'branch_id', 'active'])
    .where('id', 'in', [...memberIds])
    .execute();
}

export function milestonesOf(db: DbOrTrx, projectIds: readonly number[]) {
  if (projectIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pj_milestone')
    .selectAll()
    .where('project_id', 'in', [...projectIds])
    .orderBy('project_id')
    .orderBy('seq')
    .execute();
}

export async function replaceMilestones(
  db: DbOrTrx,
  projectId: number,
  ms: readonly Omit<Insertable<PjMilestoneTable>, 'project_id' | 'seq'>[],
) {
  await db.deleteFrom('pj_milestone').where('project_id', '=', projectId).execute();
  if (ms.length > 0)
    await db
      .insertInto('pj_milestone')
      .values(ms.map((m, i) => ({ ...m, project_id: projectId, seq: i + 1 })))
      .execute();
}

export function findMilestone(db: DbOrTrx, projectId: number, id: number) {
  return db
    .selectFrom('pj_milestone')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export function updateMilestone(db: DbOrTrx, id: number, set: Partial<Insertable<PjMilestoneTable>>) {
  return db.updateTable('pj_milestone').set(set).where('id', '=', id).execute();
}

/** The earliest current due date of the project's unreported milestones (the list's overdue filter). */
export async function refreshNextDue(db: DbOrTrx, projectId: number) {
  const r = await db
    .selectFrom('pj_milestone')
    .select((eb) => eb.fn.min('current_due').as('d'))
    .where('project_id', '=', projectId)
    .where('reported_on', 'is', null)
    .executeTakeFirst();
  await db
    .updateTable('pj_project')
    .set({ next_due: (r?.d as string | null | undefined) ?? null })
    .where('id', '=', projectId)
    .execute();
}

export function changesOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_due_change as c')
    .innerJoin('app_user as r', 'r.id', 'c.requested_by')
    .leftJoin('app_user as d', 'd.id', 'c.decided_by')
    .selectAll('c')
    .select(['r.display_name as requester', 'd.display_name as decider'])
    .where('c.project_id', '=', projectId)
    .orderBy('c.id')
    .execute();
}

export function findChange(db: DbOrTrx, projectId: number, id: number) {
  return db
    .selectFrom('pj_due_change')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export function decisionsOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_decision')
    .innerJoin('app_user', 'app_user.id', 'pj_decision.actor_id')
    .selectAll('pj_decision')
    .select('app_user.display_name as actor')
    .where('project_id', '=', projectId)
    .orderBy('pj_decision.id')
    .execute();
}

export function reportsOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_report')
    .innerJoin('app_user', 'app_user.id', 'pj_report.created_by')
    .selectAll('pj_report')
    .select('app_user.display_name as actor')
    .where('project_id', '=', projectId)
    .orderBy('pj_report.id')
    .execute();
}

export function commentsOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_comment')
    .innerJoin('app_user', 'app_user.id', 'pj_comment.author_id')
    .selectAll('pj_comment')
    .select('app_user.display_name as actor')
    .where('project_id', '=', projectId)
    .orderBy('pj_comment.id')
    .execute();
}

export function findComment(db: DbOrTrx, projectId: number, id: number) {
  return db
    .selectFrom('pj_comment')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

/** Linked records and files of reports, with a label each. */
export async function evidenceOfReports(db: DbOrTrx, reportIds: readonly number[]) {
  if (reportIds.length === 0) return { files: [], activities: [], entries: [], selfScores: [] };
  const ids = [...reportIds];
  const files = await db
    .selectFrom('evidence_link as l')
    .innerJoin('file_upload as f', 'f.id', 'l.file_id')
    .select(['l.entity_id as report_id', 'f.id', 'f.original_name as label', 'f.uploaded_at as date'])
    .where('l.entity_type', '=', 'pj_report')
    .where('l.entity_id', 'in', ids)
    .execute();
  const activities = await db
    .selectFrom('pj_report_ref as r')
    .innerJoin('points_activity as a', 'a.id', 'r.ref_id')
    .select(['r.report_id', 'a.id', 'a.title as label', 'a.occurred_on as date'])
    .where('r.ref_type', '=', 'points_activity')
    .where('r.report_id', 'in', ids)
    .execute();
  const entries = await db
    .selectFrom('pj_report_ref as r')
    .innerJoin('points_entry as e', 'e.id', 'r.ref_id')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .select(['r.report_id', 'e.id', 'm.name as member', 'e.item_code', 'e.occurred_on as date'])
    .where('r.ref_type', '=', 'points_entry')
    .where('r.report_id', 'in', ids)
    .execute();
  const selfScores = await db
    .selectFrom('pj_report_ref as r')
    .select(['r.report_id', 'r.ref_id'])
    .where('r.ref_type', '=', 'be_self_score')
    .where('r.report_id', 'in', ids)
    .execute();
  return { files, activities, entries, selfScores };
}

export function panelOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_panelist')
    .innerJoin('app_user', 'app_user.id', 'pj_panelist.user_id')
    .leftJoin('pj_score_sheet as s', (j) =>
      j.onRef('s.project_id', '=', 'pj_panelist.project_id').onRef('s.user_id', '=', 'pj_panelist.user_id'),
    )
    .select([
      'pj_panelist.user_id',
      'app_user.display_name as name',
      's.total',
      's.scores_json',
      's.submitted_at',
    ])
    .where('pj_panelist.project_id', '=', projectId)
    .orderBy('pj_panelist.user_id')
    .execute();
}

export function criteriaOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_criterion')
    .select(['code', 'name', 'max'])
    .where('project_id', '=', projectId)
    .orderBy('sort_order')
    .execute();
}

/** Users with their grants and member branch, for panel checks. */
export async function usersWithGrants(db: DbOrTrx, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  const users = await db
    .selectFrom('app_user')
    .leftJoin('member', 'member.id', 'app_user.member_id')
    .select(['app_user.id', 'app_user.display_name', 'member.branch_id'])
    .where('app_user.id', 'in', [...userIds])
    .execute();
  const grants = await db
    .selectFrom('role_grant')
    .select(['user_id', 'role', 'org_id'])
    .where('user_id', 'in', [...userIds])
    .execute();
  return users.map((u) => ({ ...u, grants: grants.filter((g) => g.user_id === u.id) }));
}

/** Users holding one of `roles` at a node of the scope subquery. */
export function usersWithRolesIn(db: DbOrTrx, roles: readonly string[], scope: OrgIdSubquery) {
  return db
    .selectFrom('role_grant')
    .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
    .select(['app_user.id', 'app_user.display_name', 'role_grant.role', 'role_grant.org_id'])
    .where('role_grant.role', 'in', [...roles])
    .where('role_grant.org_id', 'in', scope)
    .where('app_user.active', '=', 1)
    .orderBy('app_user.id')
    .limit(500)
    .execute();
}

export interface ListFilter {
  /** The orgs whose projects may be read; `everywhere` when that is every org (no filter to apply). */
  scope: OrgIdSubquery | 'everywhere';
  /** Drafts are shown only inside this scope (the committees that plan); none when null. */
  draftScope: OrgIdSubquery | 'everywhere' | null;
  year?: number | undefined;
  subtree?: OrgIdSubquery | undefined;
  origin?: 'assigned' | 'proposed' | undefined;
  state?: string | undefined;
  overdueBefore?: string | undefined;
  tag?: string | undefined;
  q?: string | undefined;
}

function listBase(db: DbOrTrx, f: ListFilter) {
  let q = db.selectFrom('pj_project as p');
  const scope = f.scope;
  if (scope !== 'everywhere') q = q.where('p.org_id', 'in', scope);
  if (f.year !== undefined) q = q.where('p.year', '=', f.year);
  if (f.subtree) q = q.where('p.org_id', 'in', f.subtree);
  if (f.origin) q = q.where('p.origin', '=', f.origin);
  if (f.state) q = q.where('p.state', '=', f.state as PjProjectTable['state']);
  const draftScope = f.draftScope;
  if (draftScope === null) q = q.where('p.state', '!=', 'draft');
  else if (draftScope !== 'everywhere')
    q = q.where((eb) => eb.or([eb('p.state', '!=', 'draft'), eb('p.org_id', 'in', draftScope)]));
  if (f.overdueBefore)
    q = q.where('p.next_due', '<', f.overdueBefore).where('p.state', 'in', ['approved', 'implementing']);
  if (f.tag) {
    const tag = f.tag;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pj_tag')
          .select('pj_tag.project_id')
          .whereRef('pj_tag.project_id', '=', 'p.id')
          .where('pj_tag.tag', '=', tag),
      ),
    );
  }
  if (f.q) q = q.where('p.search_text', 'like', `%${f.q.toLowerCase().replace(/[%_]/g, '')}%`);
  return q;
}

export async function countProjects(db: DbOrTrx, f: ListFilter): Promise<number> {
  const r = await listBase(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export function listProjects(db: DbOrTrx, f: ListFilter, today: string, limit: number, offset: number) {
  return listBase(db, f)
    .innerJoin('org', 'org.id', 'p.org_id')
    .select([
      'p.id',
      'p.title',
      'p.year',
      'p.origin',
      'p.state',
      'p.org_id',
      'org.name as org_name',
      'p.plan_org_id',
      'p.grade',
      'p.score',
      'p.next_due',
      'p.source_project_id',
    ])
    .select((eb) =>
      eb
        .selectFrom('pj_milestone as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.project_id', '=', 'p.id')
        .where('m.reported_on', 'is', null)
        .where('m.current_due', '<', today)
        .as('overdue'),
    )
    .orderBy('p.year', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Every project of a list filter, for the board, charts and the export (bounded). */
export function projectIdsOf(db: DbOrTrx, f: ListFilter, limit: number) {
  return listBase(db, f).select('p.id').orderBy('p.id').limit(limit).execute();
}

export function countsByOrgState(db: DbOrTrx, f: ListFilter) {
  return listBase(db, f)
    .innerJoin('org', 'org.id', 'p.org_id')
    .select(['p.org_id', 'org.name as org_name', 'p.state'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['p.org_id', 'org.name', 'p.state'])
    .execute();
}

export function gradeCounts(db: DbOrTrx, f: ListFilter) {
  return listBase(db, f)
    .select(['p.grade'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.grade', 'is not', null)
    .groupBy('p.grade')
    .execute();
}

/** Milestones due by `today` (or reported) per owning org, with how many were on time. */
export function onTimeByOrg(db: DbOrTrx, f: ListFilter, today: string) {
  return listBase(db, f)
    .innerJoin('pj_milestone as m', 'm.project_id', 'p.id')
    .innerJoin('org', 'org.id', 'p.org_id')
    .select(['p.org_id', 'org.name as org_name'])
    .select((eb) => [
      eb.fn.countAll<number>().as('due'),
      eb.fn.sum<number>(eb.case().when('m.on_time', '=', 1).then(1).else(0).end()).as('on_time'),
    ])
    .where((eb) => eb.or([eb('m.current_due', '<=', today), eb('m.reported_on', 'is not', null)]))
    .groupBy(['p.org_id', 'org.name'])
    .execute();
}

/**
 * Gantt rows in one query: the first `limit` projects of a filter (by owning org, then id), each
 * with its milestones in order (a project without milestones comes once, its milestone columns
 * null). The projects are chosen in a CTE, so the milestones are read by join instead of a list of
 * thousands of ids.
 */
export function ganttRows(db: DbOrTrx, f: ListFilter, limit: number) {
  return db
    .with('shown', () =>
      listBase(db, f)
        .innerJoin('org', 'org.id', 'p.org_id')
        .select(['p.id', 'p.title', 'p.state', 'p.org_id', 'org.name as org_name'])
        .where('p.state', 'not in', ['draft', 'cancelled', 'rejected'])
        .orderBy('p.org_id')
        .orderBy('p.id')
        .limit(limit),
    )
    .selectFrom('shown')
    .leftJoin('pj_milestone as m', 'm.project_id', 'shown.id')
    .select([
      'shown.id',
      'shown.title',
      'shown.state',
      'shown.org_name',
      'm.id as milestone_id',
      'm.name as milestone_name',
      'm.baseline_due',
      'm.current_due',
      'm.reported_on',
    ])
    .orderBy('shown.org_id')
    .orderBy('shown.id')
    .orderBy('m.seq')
    .execute();
}

/** The Gantt's projects alone, without milestones (the reference its tests compare `ganttRows` with). */
export function ganttProjects(db: DbOrTrx, f: ListFilter, limit: number) {
  return listBase(db, f)
    .innerJoin('org', 'org.id', 'p.org_id')
    .select(['p.id', 'p.title', 'p.state', 'org.name as org_name'])
    .where('p.state', 'not in', ['draft', 'cancelled', 'rejected'])
    .orderBy('p.org_id')
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

export function libraryBase(db: DbOrTrx, q: { q?: string | undefined; tag?: string | undefined }) {
  let b = db.selectFrom('pj_project as p').where('p.promoted_at', 'is not', null);
  if (q.tag) {
    const tag = q.tag;
    b = b.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pj_tag')
          .select('pj_tag.project_id')
          .whereRef('pj_tag.project_id', '=', 'p.id')
          .where('pj_tag.tag', '=', tag),
      ),
    );
  }
  if (q.q) b = b.where('p.search_text', 'like', `%${q.q.toLowerCase().replace(/[%_]/g, '')}%`);
  return b;
}

export function adoptionsOf(db: DbOrTrx, sourceIds: readonly number[]) {
  if (sourceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pj_project as p')
    .innerJoin('org', 'org.id', 'p.org_id')
    .select(['p.id', 'p.title', 'p.source_project_id', 'p.grade', 'org.name as org_name'])
    .where('p.source_project_id', 'in', [...sourceIds])
    .where('p.state', '!=', 'cancelled')
    .orderBy('p.id')
    .execute();
}

export function ruleOf(db: DbOrTrx, orgId: number, year: number) {
  return db
    .selectFrom('pj_rule')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Unreported milestones of active projects in a scope, due by `until` (to-do). */
export function openMilestonesIn(db: DbOrTrx, scope: OrgIdSubquery, until: string) {
  return db
    .selectFrom('pj_milestone as m')
    .innerJoin('pj_project as p', 'p.id', 'm.project_id')
    .select(['m.id', 'm.current_due', 'p.id as project_id', 'p.org_id', 'p.plan_org_id', 'p.year'])
    .where('p.org_id', 'in', scope)
    .where('p.state', 'in', ['approved', 'implementing'])
    .where('m.reported_on', 'is', null)
    .where('m.current_due', '<=', until)
    .orderBy('m.current_due')
    .limit(2000)
    .execute();
}

/**
 * The counts of the projects' to-do in one statement (one scalar subquery each, `null` where not
 * asked): projects in research in the run scope; in the plan scope proposals to decide, pending
 * due-date changes and summaries without a panel; the user's score sheets still to fill.
 */
export function todoCounts(
  db: DbOrTrx,
  asks: { run?: OrgIdSubquery | undefined; plan?: OrgIdSubquery | undefined; userId: number },
) {
  const projects = (scope: OrgIdSubquery, state: PjProjectTable['state']) =>
    db
      .selectFrom('pj_project')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', 'in', scope)
      .where('state', 'in', [state]);
  const { run, plan } = asks;
  return db
    .selectNoFrom((eb) => [
      (run ? projects(run, 'research') : eb.val(null)).as('research'),
      (plan ? projects(plan, 'proposal') : eb.val(null)).as('intake'),
      (plan
        ? db
            .selectFrom('pj_due_change as c')
            .innerJoin('pj_project as p', 'p.id', 'c.project_id')
            .select((c) => c.fn.countAll<number>().as('n'))
            .where('c.state', '=', 'pending')
            .where('p.org_id', 'in', plan)
        : eb.val(null)
      ).as('changes'),
      (plan
        ? db
            .selectFrom('pj_project as p')
            .select((c) => c.fn.countAll<number>().as('n'))
            .where('p.state', '=', 'summary')
            .where('p.org_id', 'in', plan)
            .where((c) =>
              c.not(
                c.exists(
                  c
                    .selectFrom('pj_panelist')
                    .select('user_id')
                    .whereRef('pj_panelist.project_id', '=', 'p.id'),
                ),
              ),
            )
        : eb.val(null)
      ).as('no_panel'),
      db
        .selectFrom('pj_panelist as pl')
        .innerJoin('pj_project as p', 'p.id', 'pl.project_id')
        .leftJoin('pj_score_sheet as s', (j) =>
          j.onRef('s.project_id', '=', 'pl.project_id').onRef('s.user_id', '=', 'pl.user_id'),
        )
        .select((c) => c.fn.countAll<number>().as('n'))
        .where('pl.user_id', '=', asks.userId)
        .where('p.state', '=', 'summary')
        .where('s.user_id', 'is', null)
        .as('sheets'),
    ])
    .executeTakeFirstOrThrow();
}

/** A panelist's seat on a project, if the user has one. */
export function panelSeat(db: DbOrTrx, projectId: number, userId: number) {
  return db
    .selectFrom('pj_panelist')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function insertDecision(db: DbOrTrx, row: Insertable<PjDecisionTable>) {
  return db.insertInto('pj_decision').values(row).execute();
}

/** A committee's assigned, not cancelled projects of a year (last year's plan, to copy). */
export function assignedProjectsOf(db: DbOrTrx, planOrgId: number, year: number) {
  return db
    .selectFrom('pj_project')
    .selectAll()
    .where('plan_org_id', '=', planOrgId)
    .where('year', '=', year)
    .where('origin', '=', 'assigned')
    .where('state', '!=', 'cancelled')
    .orderBy('id')
    .execute();
}

/** A committee's drafts of a year (its plan, to issue). */
export function draftsOf(db: DbOrTrx, planOrgId: number, year: number) {
  return db
    .selectFrom('pj_project')
    .selectAll()
    .where('plan_org_id', '=', planOrgId)
    .where('year', '=', year)
    .where('state', '=', 'draft')
    .orderBy('id')
    .execute();
}

export async function insertReport(db: DbOrTrx, row: Insertable<PjReportTable>): Promise<number> {
  const r = await db.insertInto('pj_report').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertEvidenceLinks(db: DbOrTrx, rows: readonly Insertable<EvidenceLinkTable>[]) {
  if (rows.length > 0)
    await db
      .insertInto('evidence_link')
      .values([...rows])
      .execute();
}

export async function insertReportRefs(db: DbOrTrx, rows: readonly Insertable<PjReportRefTable>[]) {
  if (rows.length > 0)
    await db
      .insertInto('pj_report_ref')
      .values([...rows])
      .execute();
}

/** The pending change of a milestone, if any. */
export function pendingChangeOf(db: DbOrTrx, milestoneId: number) {
  return db
    .selectFrom('pj_due_change')
    .select('id')
    .where('milestone_id', '=', milestoneId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

export async function insertChange(db: DbOrTrx, row: Insertable<PjDueChangeTable>): Promise<number> {
  const r = await db.insertInto('pj_due_change').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function updateChange(db: DbOrTrx, id: number, set: Partial<Insertable<PjDueChangeTable>>) {
  return db.updateTable('pj_due_change').set(set).where('id', '=', id).execute();
}

/** Whether a decision or a report belongs to the project (a comment's target). */
export function findTargetOf(db: DbOrTrx, table: 'pj_decision' | 'pj_report', projectId: number, id: number) {
  return db
    .selectFrom(table)
    .select('id')
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export async function insertComment(db: DbOrTrx, row: Insertable<PjCommentTable>): Promise<number> {
  const r = await db.insertInto('pj_comment').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Any score sheet of the project (scoring has started). */
export function anySheetOf(db: DbOrTrx, projectId: number) {
  return db
    .selectFrom('pj_score_sheet')
    .select('user_id')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

/** Replaces the panel and the criteria of a project. */
export async function replacePanel(
  db: DbOrTrx,
  projectId: number,
  userIds: readonly number[],
  criteria: readonly Insertable<PjCriterionTable>[],
) {
  await db.deleteFrom('pj_panelist').where('project_id', '=', projectId).execute();
  await db.deleteFrom('pj_criterion').where('project_id', '=', projectId).execute();
  await db
    .insertInto('pj_panelist')
    .values(userIds.map((user_id) => ({ project_id: projectId, user_id })))
    .execute();
  await db
    .insertInto('pj_criterion')
    .values([...criteria])
    .execute();
}

export function insertScoreSheet(db: DbOrTrx, row: Insertable<PjScoreSheetTable>) {
  return db.insertInto('pj_score_sheet').values(row).execute();
}

export function insertRule(db: DbOrTrx, row: Insertable<PjRuleTable>) {
  return db.insertInto('pj_rule').values(row).execute();
}

/** The excellent projects an org owns (graded excellent by their panel), newest year first. */
export function excellentProjectsOf(db: DbOrTrx, orgId: number) {
  return db
    .selectFrom('pj_project')
    .select(['id', 'title', 'year', 'score', 'grade', 'state', 'org_id'])
    .where('org_id', '=', orgId)
    .where('grade', '=', 'excellent')
    .orderBy('year', 'desc')
    .orderBy('id')
    .execute();
}

/** Every saved version of a committee's settings of a year, newest first, with who saved it. */
export function rulesOf(db: DbOrTrx, orgId: number, year: number) {
  return db
    .selectFrom('pj_rule as r')
    .innerJoin('app_user as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name as by_name')
    .where('r.org_id', '=', orgId)
    .where('r.year', '=', year)
    .orderBy('r.version', 'desc')
    .execute();
}

export async function insertPlanTemplate(
  db: DbOrTrx,
  row: { org_id: number; name: string; items_json: string; created_by: number; created_at: string },
): Promise<number> {
  const r = await db.insertInto('pj_plan_template').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** A committee's stored year-plan templates, newest first, with who stored them. */
export function planTemplatesOf(db: DbOrTrx, orgId: number) {
  return db
    .selectFrom('pj_plan_template as t')
    .innerJoin('app_user as u', 'u.id', 't.created_by')
    .selectAll('t')
    .select('u.display_name as by_name')
    .where('t.org_id', '=', orgId)
    .orderBy('t.id', 'desc')
    .execute();
}

export function findPlanTemplate(db: DbOrTrx, id: number) {
  return db.selectFrom('pj_plan_template').selectAll().where('id', '=', id).executeTakeFirst();
}
