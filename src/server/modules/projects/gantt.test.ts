import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeRoots } from '../../../domain/access/roles.js';
import { addDays } from '../../../domain/calendar/dates.js';
import { milestoneStatus } from '../../../domain/projects/index.js';
import type { AuthUser, Ctx } from '../../lib/context.js';
import { todayInChina } from '../../lib/context.js';
import { scopeOrgIds } from '../../lib/permissions.js';
import { makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import * as repo from './projects.repo.js';

/**
 * The Gantt data and the project list answer exactly as they did before they were made faster
 * (one query with the milestones joined, a subtree the user reads whole used as the scope, each
 * due date's phase judged once, no org list at all for grants over the whole organisation): the previous computation is kept here as the reference and both
 * are compared over projects in every state, milestones reported, overdue, due soon, open and
 * moved, a project without milestones, other committees' subtrees, and truncation.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
const clock = fixedClock('2026-06-10T02:00:00.000Z');
const users: Record<string, { client: Client; user: AuthUser }> = {};
let outsider: Awaited<ReturnType<typeof makeOrg>>;

type Grants = { role: Parameters<typeof makeUser>[1][number]['role']; orgId: number }[];
async function as(name: string, grants: Grants) {
  const u = await makeUser(t.db, grants);
  users[name] = {
    client: await login(t.app, u.account, TEST_PASSWORD),
    user: { id: u.id, account: u.account, displayName: u.account, memberId: null, grants },
  };
}
const who = (name: string) => {
  const u = users[name];
  if (!u) throw new Error(`no user ${name}`);
  return u;
};

/** The filter as it was built before: the user's whole scope, narrowed by the subtree asked for. */
async function previousFilter(ctx: Ctx, q: { year?: number; orgId?: number | undefined }) {
  const roots = scopeRoots(ctx.user.grants, 'projects.read');
  const planRoots = scopeRoots(ctx.user.grants, 'projects.plan');
  return {
    scope: await scopeOrgIds(ctx.db, roots),
    draftScope: planRoots.length > 0 ? await scopeOrgIds(ctx.db, planRoots) : null,
    year: q.year,
    subtree: q.orgId ? await scopeOrgIds(ctx.db, [q.orgId]) : undefined,
  } satisfies repo.ListFilter;
}

/** The Gantt data as it was computed before: projects, then their milestones by id list. */
async function previousGantt(ctx: Ctx, q: { year: number; orgId?: number | undefined; limit: number }) {
  const f = await previousFilter(ctx, q);
  const today = todayInChina(ctx.clock);
  const cal = await loadHolidayCalendar(ctx.db);
  const projects = await repo.ganttProjects(ctx.db, f, q.limit + 1);
  const shown = projects.slice(0, q.limit);
  const ms = await repo.milestonesOf(
    ctx.db,
    shown.map((p) => p.id),
  );
  return {
    truncated: projects.length > q.limit,
    rows: shown.map((p) => {
      let start = `${q.year}-01-01`;
      const active = p.state === 'approved' || p.state === 'implementing';
      return {
        projectId: p.id,
        title: p.title,
        orgName: p.org_name,
        state: p.state,
        milestones: ms
          .filter((m) => m.project_id === p.id)
          .map((m) => {
            const row = {
              id: m.id,
              name: m.name,
              start: start <= m.current_due ? start : m.current_due,
              due: m.current_due,
              baselineDue: m.baseline_due,
              phase: active
                ? milestoneStatus(cal, today, m.current_due, m.reported_on !== null).phase
                : m.reported_on
                  ? 'reported'
                  : 'open',
            };
            start = addDays(m.current_due, 1);
            return row;
          }),
      };
    }),
  };
}

/** The list's ids and total as they were computed before. */
async function previousList(ctx: Ctx, q: { year: number; orgId?: number | undefined }) {
  const f = await previousFilter(ctx, q);
  const today = todayInChina(ctx.clock);
  const [total, rows] = await Promise.all([
    repo.countProjects(ctx.db, f),
    repo.listProjects(ctx.db, f, today, 100, 0),
  ]);
  return { total, ids: rows.map((r) => r.id) };
}

const STATES = [
  'implementing',
  'approved',
  'draft',
  'summary',
  'cancelled',
  'rejected',
  'evaluated',
  'proposal',
  'research',
  'suspended',
] as const;
/** Due dates around 2026-06-10: reported or not, overdue, inside the 3-day reminder, open, moved. */
const DUES: { due: string; baseline: string; reported: string | null }[] = [
  { due: '2026-03-31', baseline: '2026-03-31', reported: '2026-03-30' },
  { due: '2026-05-29', baseline: '2026-04-30', reported: null },
  { due: '2026-02-15', baseline: '2026-02-15', reported: null },
  { due: '2026-06-12', baseline: '2026-06-12', reported: null },
  { due: '2026-06-30', baseline: '2026-06-30', reported: '2026-06-08' },
  { due: '2026-09-30', baseline: '2026-09-30', reported: null },
];

beforeAll(async () => {
  t = await createTestApp({ clock });
  tree = await makeTree(t.db);
  outsider = await makeOrg(t.db, 'committee', null, '另一党委');
  const outsiderBranch = await makeOrg(t.db, 'branch', outsider, '另一支部');
  await as('committee', [{ role: 'committee', orgId: tree.root.id }]);
  await as('everyone', [
    { role: 'committee', orgId: tree.root.id },
    { role: 'secretary', orgId: outsider.id },
  ]);
  await as('planner', [
    { role: 'committee', orgId: tree.root.id },
    { role: 'committee', orgId: outsider.id },
  ]);
  await as('countyA', [{ role: 'committee', orgId: tree.countyA.id }]);
  await as('secretaryA1', [{ role: 'secretary', orgId: tree.branchA1.id }]);
  await as('mixed', [
    { role: 'secretary', orgId: tree.branchB1.id },
    { role: 'committee', orgId: tree.countyA.id },
  ]);
  const creator = who('committee').user.id;
  const owners = [tree.branchA1, tree.branchA2, tree.branchB1, tree.countyA, outsiderBranch, tree.unitRoot];
  const at = '2026-01-05T00:00:00.000Z';
  let k = 0;
  for (const owner of owners) {
    for (const state of STATES) {
      k += 1;
      const title = `项目${k} ${owner.name} ${state}`;
      const p = await t.db
        .insertInto('pj_project')
        .values({
          plan_org_id: owner.id === outsiderBranch.id ? outsider.id : tree.root.id,
          org_id: owner.id,
          year: k % 9 === 0 ? 2025 : 2026,
          origin: k % 2 === 0 ? 'assigned' : 'proposed',
          state,
          suspended_from: state === 'suspended' ? 'implementing' : null,
          title,
          requirements: '要求',
          objectives: '',
          measures: '',
          expected_results: '',
          summary: '',
          search_text: title,
          tags_text: '',
          source_project_id: null,
          score: null,
          grade: null,
          explanation_json: null,
          rule_version: null,
          next_due: null,
          promoted_at: null,
          created_by: creator,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Every fourth project has no milestones; the others a rotating share of the dates.
      if (k % 4 === 0) continue;
      // Every fifth project has reported nothing: the same date is then reported in one project, not in another.
      const dues = DUES.slice(k % 3)
        .concat(DUES.slice(0, k % 3))
        .map((d) => (k % 5 === 1 ? { ...d, reported: null } : d));
      await t.db
        .insertInto('pj_milestone')
        .values(
          dues.map((d, i) => ({
            project_id: p.id,
            seq: i + 1,
            name: `节点${i + 1}`,
            deliverable: '',
            baseline_due: d.baseline,
            current_due: d.due,
            reported_on: d.reported,
            on_time: d.reported === null ? null : d.reported <= d.due ? 1 : 0,
          })),
        )
        .execute();
    }
  }
});
afterAll(async () => {
  await t?.close();
});

const ctxOf = (name: string): Ctx => ({
  db: t.db,
  dialect: t.deps.dialect,
  clock,
  dataDir: '',
  user: who(name).user,
  locale: 'zh-CN',
});

describe('the Gantt data and the list, against their previous computation', () => {
  it('answers as before for every user, subtree and limit', async () => {
    const cases: { user: string; orgId?: number; limit: number }[] = [];
    for (const user of ['committee', 'everyone', 'planner', 'countyA', 'secretaryA1', 'mixed'])
      for (const orgId of [
        undefined,
        tree.root.id,
        tree.countyA.id,
        tree.countyB.id,
        tree.branchA1.id,
        tree.branchB1.id,
        outsider.id,
        tree.unitRoot.id,
        999_999,
      ])
        for (const limit of [2000, 5, 1]) cases.push({ user, ...(orgId ? { orgId } : {}), limit });
    let rows = 0;
    let truncated = 0;
    const phases = new Set<string>();
    for (const c of cases) {
      const url = `/api/v1/projects/gantt?year=2026&limit=${c.limit}${c.orgId ? `&orgId=${c.orgId}` : ''}`;
      const res = await who(c.user).client.get(url);
      expect(res.status, `${c.user} ${url} ${JSON.stringify(res.body)}`).toBe(200);
      const expected = await previousGantt(ctxOf(c.user), { year: 2026, orgId: c.orgId, limit: c.limit });
      expect(res.body, `${c.user} ${url}`).toEqual(expected);
      rows += expected.rows.length;
      if (expected.truncated) truncated += 1;
      for (const r of res.body.rows as Json[]) for (const m of r.milestones as Json[]) phases.add(m.phase);
    }
    // The comparison covered real answers: rows, truncation, and every phase.
    expect(rows).toBeGreaterThan(100);
    expect(truncated).toBeGreaterThan(10);
    expect([...phases].sort()).toEqual(['due_soon', 'open', 'overdue', 'reported']);
  });

  it('gives the county committee nothing outside its subtree, and a project without milestones once', async () => {
    const mine = (
      await who('countyA').client.get(`/api/v1/projects/gantt?year=2026&orgId=${tree.countyB.id}`)
    ).body;
    expect(mine).toEqual({ truncated: false, rows: [] });
    const all = (await who('committee').client.get('/api/v1/projects/gantt?year=2026')).body;
    const bare = (all.rows as Json[]).filter((r) => r.milestones.length === 0);
    expect(bare.length).toBeGreaterThan(0);
    expect(new Set((all.rows as Json[]).map((r) => r.projectId)).size).toBe(all.rows.length);
  });

  it('lists the same projects as before', async () => {
    for (const user of ['committee', 'everyone', 'planner', 'countyA', 'secretaryA1', 'mixed'])
      for (const orgId of [
        undefined,
        tree.root.id,
        tree.countyA.id,
        tree.countyB.id,
        tree.branchA1.id,
        outsider.id,
        tree.unitRoot.id,
      ]) {
        const url = `/api/v1/projects?year=2026&pageSize=100${orgId ? `&orgId=${orgId}` : ''}`;
        const res = await who(user).client.get(url);
        expect(res.status, `${user} ${url}`).toBe(200);
        const expected = await previousList(ctxOf(user), { year: 2026, orgId });
        expect(
          { total: res.body.total, ids: (res.body.items as Json[]).map((p) => p.id) },
          `${user} ${url}`,
        ).toEqual(expected);
      }
  });
});
