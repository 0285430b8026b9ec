import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../../db/types.js';
import type { Json } from '../../../test/harness.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  type QuickSpec,
  runMonth,
} from '../branch-eval.fixtures.js';

/**
 * Projects feed the branch evaluation (SPEC §4): the joint-evaluation office awards innovation
 * points to an excellent project's owning branch in its month, citing the project, within the
 * innovation cap (I1 max 5, I2 max 8, cap 10) and once per project; the branch's sheet shows the
 * project as evidence and the published score explains the points with the project behind them.
 */
let f: Fixture;
let a1: OrgRow;
let a2: OrgRow;
const M = '2026-03';
const P: Record<string, number> = {};
const spec = (B1: number): QuickSpec => ({ B1, E1: 2500, E2: 1500 });
const url = () => `${BASE}/branches/${a1.id}/months/${M}`;
const err = (r: { status: number; body: Json }, status: number, code: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.messages['zh-CN']).toBeTruthy();
  expect(r.body.error.messages.en).toBeTruthy();
};

/** A graded project of an org, as its panel left it (the lifecycle is tested in the projects module). */
async function gradedProject(org: OrgRow, title: string, grade: 'excellent' | 'good', score: number) {
  const user = await f.t.db.selectFrom('app_user').select('id').orderBy('id').executeTakeFirstOrThrow();
  const at = '2025-12-01T00:00:00.000Z';
  const row = await f.t.db
    .insertInto('pj_project')
    .values({
      plan_org_id: f.countyA.id,
      org_id: org.id,
      year: 2025,
      origin: 'proposed',
      state: 'evaluated',
      title,
      requirements: '',
      objectives: '',
      measures: '',
      expected_results: '',
      summary: '',
      search_text: title,
      tags_text: '',
      score,
      grade,
      created_by: user.id,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const indicator = (view: Json, code: string) => view.indicators.find((i: Json) => i.code === code);
const auditOf = async () =>
  (
    await f.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'branch_eval.innovation%')
      .execute()
  ).length;

beforeAll(async () => {
  f = await createFixture();
  a1 = f.branches[0] as OrgRow;
  a2 = f.branches[1] as OrgRow;
  P.excellent = await gradedProject(a1, '党建+安全生产 “党员身边无违章”', 'excellent', 9350);
  P.second = await gradedProject(a1, '党员服务队进社区', 'excellent', 9100);
  P.good = await gradedProject(a1, '支部标准化建设', 'good', 8500);
  P.otherBranch = await gradedProject(a2, 'A2 优秀项目', 'excellent', 9500);
  await approvedPlans(f, '2026-Q1');
});
afterAll(() => f.t.close());

describe('innovation points citing an excellent project', () => {
  const checks: Record<string, Json> = {};

  beforeAll(async () => {
    // Self-evaluations are submitted on the 10th; the office awards while verifying, then the month runs on.
    await runMonth(f, M, [spec(3000), spec(2900), spec(2800), spec(2700), spec(2600), spec(2500)], {
      verifyOn: '2026-04-01',
      peer: async (f) => {
        const before = await auditOf();
        const award = (who: 'office' | 'sec1' | 'officeB', body: Json) =>
          f.c(who).post(`${url()}/innovation-projects`, body);
        checks.bySecretary = await award('sec1', { code: 'I1', projectId: P.excellent, points: 300 });
        checks.byOtherOffice = await award('officeB', { code: 'I1', projectId: P.excellent, points: 300 });
        checks.otherBranch = await award('office', { code: 'I1', projectId: P.otherBranch, points: 300 });
        checks.notExcellent = await award('office', { code: 'I1', projectId: P.good, points: 300 });
        checks.notInnovation = await award('office', { code: 'B1', projectId: P.excellent, points: 300 });
        checks.aboveMax = await award('office', { code: 'I1', projectId: P.excellent, points: 600 });
        checks.unknown = await award('office', { code: 'I1', projectId: 999_999, points: 300 });
        checks.refusedLeftNothing = (await auditOf()) - before;
        checks.ok = await award('office', {
          code: 'I1',
          projectId: P.excellent,
          points: 300,
          note: '获评优秀',
        });
        checks.again = await award('office', { code: 'I2', projectId: P.excellent, points: 100 });
        // I1 300 + I2 800 would pass I2's max (8) but not the month's cap (10).
        checks.aboveCap = await award('office', { code: 'I2', projectId: P.second, points: 800 });
        checks.second = await award('office', { code: 'I2', projectId: P.second, points: 200 });
        checks.candidates = await f.c('office').get(`${BASE}/branches/${a1.id}/innovation-projects`);
        checks.candidatesOther = await f.c('officeB').get(`${BASE}/branches/${a1.id}/innovation-projects`);
        checks.candidatesSecretary = await f.c('sec1').get(`${BASE}/branches/${a1.id}/innovation-projects`);
        const lower = await f.c('office').inject({
          method: 'PUT',
          url: `${url()}/verification`,
          payload: { entries: [{ code: 'I1', innovationAward: 100 }] },
        });
        checks.lower = { status: lower.statusCode, body: lower.json() };
        checks.withdrawOther = await f.c('officeB').delete(`${url()}/innovation-projects/${P.second}`);
        checks.withdraw = await f.c('office').delete(`${url()}/innovation-projects/${P.second}`);
        checks.branchView = await f.c('sec1').get(url());
        checks.audits = (await auditOf()) - before;
      },
    });
  });

  it('refuses the wrong role, another office, another branch’s or a non-excellent project, and changes nothing', () => {
    err(checks.bySecretary, 403, 'forbidden');
    err(checks.byOtherOffice, 403, 'forbidden');
    err(checks.otherBranch, 422, 'project_not_of_branch');
    err(checks.notExcellent, 409, 'project_award_not_excellent');
    err(checks.notInnovation, 422, 'innovation_not_indicator');
    err(checks.aboveMax, 422, 'innovation_cap_exceeded');
    err(checks.unknown, 404, 'not_found');
    expect(checks.refusedLeftNothing).toBe(0);
  });

  it('adds the points to the innovation award and shows the project as the indicator’s evidence', () => {
    expect(checks.ok.status, JSON.stringify(checks.ok.body)).toBe(200);
    const i1 = indicator(checks.ok.body, 'I1');
    expect(i1.verification.innovationAward).toBe(300);
    expect(i1.projects).toEqual([
      {
        projectId: P.excellent,
        title: '党建+安全生产 “党员身边无违章”',
        year: 2025,
        points: 300,
        note: '获评优秀',
      },
    ]);
    expect(indicator(checks.ok.body, 'B1').projects).toEqual([]);
  });

  it('cites a project once, keeps the month within the innovation cap, and keeps cited points in the award', () => {
    err(checks.again, 409, 'project_already_cited');
    expect(checks.again.body.error.details.month).toBe(M);
    err(checks.aboveCap, 422, 'innovation_cap_exceeded');
    expect(checks.second.status, JSON.stringify(checks.second.body)).toBe(200);
    expect(indicator(checks.second.body, 'I2').verification.innovationAward).toBe(200);
    err(checks.lower, 422, 'innovation_below_citations');
  });

  it('lists the branch’s excellent projects for the office only, with where each was cited', () => {
    expect(checks.candidates.status).toBe(200);
    const items = checks.candidates.body.items as Json[];
    expect(items.map((p) => p.projectId).sort()).toEqual([P.excellent, P.second].sort());
    expect(items.find((p) => p.projectId === P.excellent)?.cited).toEqual({
      month: M,
      code: 'I1',
      points: 300,
    });
    err(checks.candidatesOther, 403, 'forbidden');
    err(checks.candidatesSecretary, 403, 'forbidden');
  });

  it('withdraws a citation before verification (the office of the branch only)', () => {
    err(checks.withdrawOther, 403, 'forbidden');
    expect(checks.withdraw.status, JSON.stringify(checks.withdraw.body)).toBe(200);
    const i2 = indicator(checks.withdraw.body, 'I2');
    expect(i2.verification.innovationAward).toBeNull();
    expect(i2.projects).toEqual([]);
    // Two awards and one withdrawal are in the audit log; the refusals are not.
    expect(checks.audits).toBe(3);
  });

  it('hides the award from the branch until the month is published', () => {
    expect(checks.branchView.status).toBe(200);
    expect(indicator(checks.branchView.body, 'I1').projects).toEqual([]);
    expect(indicator(checks.branchView.body, 'I1').verification).toBeNull();
  });

  it('the published score counts the points and traces them to the project', async () => {
    const score = await f.c('sec1').get(`${url()}/score`);
    expect(score.status, JSON.stringify(score.body)).toBe(200);
    const i1 = indicator(score.body, 'I1');
    expect(i1.innovationAward).toBe(300);
    expect(i1.counted).toBe(300);
    expect(i1.projects).toEqual([
      {
        projectId: P.excellent,
        title: '党建+安全生产 “党员身边无违章”',
        year: 2025,
        points: 300,
        note: '获评优秀',
      },
    ]);
    expect(score.body.byCategory.innovation).toBe(300);
    // A1: M1 20 + B1 30 + E1 25 + E2 15 (no peers) + 3 innovation.
    expect(score.body.total).toBe(9300);
    const a2score = await f.c('sec2').get(`${BASE}/branches/${a2.id}/months/${M}/score`);
    expect(a2score.body.byCategory.innovation).toBe(0);
    // After publication a citation can no longer be withdrawn.
    err(await f.c('office').delete(`${url()}/innovation-projects/${P.excellent}`), 409, 'month_closed');
  });
});
