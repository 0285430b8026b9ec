import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../../db/types.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';
import {
  closeAndPublish,
  countRows,
  createAdoptedScheme,
  pointsFootprint,
  readXlsx,
  relogin,
  seedApproved,
  sheetValues,
} from './points.fixtures.js';

/**
 * The year's tiers (年度总评) through the API on a realistic set: 43 members in one county's
 * scope (⌊5%·43⌋ = 2 标杆, ⌊20%·43⌋ = 8, ⌊50%·43⌋ = 21, one veto, one below 60, one present a
 * single quarter) and 20 in another with ties at the quota boundaries; then the workflow
 * compute → submit → return/approve → publish, the 奖惩 actions it records, and who sees what.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let committee: Client;
let secA1: Client;
let secB1: Client;
let memberA1: Client;
let secA1Id = 0;
let secB1Id = 0;
let schemeId = 0;
const a: MemberRow[] = [];
const b: MemberRow[] = [];
const QUARTER_DAYS = ['2025-02-10', '2025-05-12', '2025-08-11', '2025-11-10'];

const base = () => `/api/v1/points/schemes/${schemeId}/year`;
/** J02 points of scope B: distinct, except two ties (b0 = b1 at the top, b9 = b10 at the 良好 line). */
const bPoints = (i: number) => 1500 - 30 * (i === 1 ? 0 : i === 10 ? 9 : i);

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2025-01-10T02:00:00.000Z') });
  tree = await makeTree(t.db);
  for (let i = 0; i < 43; i++)
    a.push(
      await makeMember(t.db, i < 22 ? tree.branchA1 : tree.branchA2, {
        name: `A党员${String(i).padStart(2, '0')}`,
        employee_no: `A${String(i).padStart(3, '0')}`,
      }),
    );
  for (let i = 0; i < 20; i++)
    b.push(
      await makeMember(t.db, tree.branchB1, {
        name: `B党员${String(i).padStart(2, '0')}`,
        employee_no: `B${String(i).padStart(3, '0')}`,
      }),
    );
  const u = async (
    role: 'affairs' | 'committee' | 'secretary' | 'member',
    orgId: number,
    memberId?: number,
  ) => {
    const user = await makeUser(t.db, [{ role, orgId }], memberId);
    return { id: user.id, client: await login(t.app, user.account, TEST_PASSWORD) };
  };
  affairs = (await u('affairs', tree.root.id)).client;
  committee = (await u('committee', tree.root.id)).client;
  const sa = await u('secretary', tree.branchA1.id);
  secA1 = sa.client;
  secA1Id = sa.id;
  const sb = await u('secretary', tree.branchB1.id);
  secB1 = sb.client;
  secB1Id = sb.id;
  memberA1 = (await u('member', tree.branchA1.id, a[1]?.id)).client;

  schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2025);
  const m = (list: MemberRow[], i: number) => list[i] as MemberRow;
  // a41 leaves the organisation on 1 April: present in Q1 only.
  await t.db
    .updateTable('member_branch_history')
    .set({ to_date: '2025-04-01' })
    .where('member_id', '=', m(a, 41).id)
    .execute();
  for (const [qi, day] of QUARTER_DAYS.entries()) {
    for (let i = 0; i < 43; i++) {
      if (i === 41 && qi > 0) continue;
      const branchId = i < 22 ? tree.branchA1.id : tree.branchA2.id;
      await seedApproved(t.db, {
        schemeId,
        member: m(a, i),
        branchId,
        itemCode: 'J02',
        occurredOn: day,
        points: 1500 - 30 * i,
        createdBy: secA1Id,
      });
      // a42 is docked 30 points a quarter: below the warning line of 60.
      if (i === 42)
        await seedApproved(t.db, {
          schemeId,
          member: m(a, i),
          branchId,
          itemCode: 'D01',
          occurredOn: day,
          points: 3000,
          quantity: 10,
          createdBy: secA1Id,
        });
    }
    for (let i = 0; i < 20; i++)
      await seedApproved(t.db, {
        schemeId,
        member: m(b, i),
        branchId: tree.branchB1.id,
        itemCode: 'J02',
        occurredOn: day,
        points: bPoints(i),
        createdBy: secB1Id,
      });
  }
  // a0 has the best score of all but one veto entry in Q2: 警示型 whatever the score.
  await seedApproved(t.db, {
    schemeId,
    member: m(a, 0),
    branchId: tree.branchA1.id,
    itemCode: 'V01',
    occurredOn: '2025-05-20',
    points: 500,
    createdBy: secA1Id,
  });
  t.clock.set('2026-01-05T02:00:00.000Z');
  affairs = await relogin(t, affairs);
  committee = await relogin(t, committee);
  secA1 = await relogin(t, secA1);
  secB1 = await relogin(t, secB1);
  memberA1 = await relogin(t, memberA1);
});
afterAll(() => t.close());

const byEmployee = (rows: Json[]) => new Map<string, Json>(rows.map((r: Json) => [r.employeeNo, r]));
const allResults = async (c: Client, query = '') =>
  (await c.get(`${base()}/results?pageSize=200${query}`)).body;

describe('computing the year', () => {
  it('refuses while quarters are unpublished, naming them, and writes nothing', async () => {
    await closeAndPublish(affairs, committee, schemeId, '2025-Q1');
    await closeAndPublish(affairs, committee, schemeId, '2025-Q2');
    const before = await pointsFootprint(t.db);
    const res = await affairs.post(`${base()}/compute`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('year_quarters_not_published');
    expect(res.body.error.details.notPublished).toEqual(['2025-Q3', '2025-Q4']);
    expect(res.body.error.message).toContain('2025-Q3');
    expect(await pointsFootprint(t.db)).toEqual(before);
    const view = await affairs.get(base());
    expect(view.body).toMatchObject({ state: 'draft', notPublished: ['2025-Q3', '2025-Q4'], members: 0 });
    expect(view.body.actions).toContain('compute');
    // The button is there, disabled with the same reason the refusal gives.
    expect(view.body.blocked).toEqual([
      {
        action: 'compute',
        code: 'year_quarters_not_published',
        messages: { 'zh-CN': res.body.error.messages['zh-CN'], en: res.body.error.messages.en },
      },
    ]);
  });

  it('is affairs’ job: the committee and secretaries cannot compute', async () => {
    await closeAndPublish(affairs, committee, schemeId, '2025-Q3');
    await closeAndPublish(affairs, committee, schemeId, '2025-Q4');
    const before = await pointsFootprint(t.db);
    expect((await committee.post(`${base()}/compute`)).status).toBe(403);
    expect((await secA1.post(`${base()}/compute`)).status).toBe(403);
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('grades 43 members: exactly ⌊5%·43⌋ = 2 标杆, veto → 警示型, below 60 → 警示型, one quarter → flagged', async () => {
    const res = await affairs.post(`${base()}/compute`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'draft', members: 63, stale: 0, notPublished: [] });
    expect(res.body.distribution).toEqual({
      benchmark: 2,
      excellent: 10,
      good: 18,
      qualified: 31,
      warning: 2,
    });

    const list = await allResults(affairs, `&orgId=${tree.countyA.id}`);
    expect(list.total).toBe(43);
    expect(list.distribution).toEqual({ benchmark: 2, excellent: 6, good: 13, qualified: 20, warning: 2 });
    expect(list.scopes).toEqual([
      {
        scopeOrgId: tree.countyA.id,
        scopeOrgName: 'A县党委',
        n: 43,
        limits: { benchmark: 2, excellent: 8, good: 21 },
        distribution: { benchmark: 2, excellent: 6, good: 13, qualified: 20, warning: 2 },
      },
    ]);
    const rows = byEmployee(list.items);
    const tierOf = (i: number) => rows.get(`A${String(i).padStart(3, '0')}`);
    expect([1, 2].map((i) => tierOf(i).tier)).toEqual(['benchmark', 'benchmark']);
    expect(tierOf(3)).toMatchObject({ tier: 'excellent', c: 3, n: 43 });
    expect(tierOf(8)).toMatchObject({ tier: 'excellent', c: 8 });
    expect(tierOf(9)).toMatchObject({ tier: 'good', c: 9 });
    expect(tierOf(21)).toMatchObject({ tier: 'good', c: 21 });
    expect(tierOf(22)).toMatchObject({ tier: 'qualified', c: 22 });
    // The veto outranks a high score; the reason says which entry.
    expect(tierOf(0)).toMatchObject({
      tier: 'warning',
      reason: 'veto',
      hasVeto: true,
      c: null,
      annualScore: 7375,
    });
    expect(tierOf(0).explanation.vetoEntryIds).toHaveLength(1);
    expect(tierOf(0).explanation.text.zh).toContain('一票否决');
    expect(tierOf(42)).toMatchObject({ tier: 'warning', reason: 'below_warning', annualScore: 3240 });
    // a41: only Q1 (75 − 12.3 = 62.70), graded but flagged for review.
    expect(tierOf(41)).toMatchObject({
      tier: 'qualified',
      flagged: true,
      quartersPresent: 1,
      annualScore: 6270,
    });
    expect(tierOf(41).explanation.quarters.map((q: Json) => q.total)).toEqual([6270, null, null, null]);
    expect(tierOf(41).explanation.text.zh).toContain('需复核');
    expect(tierOf(1)).toMatchObject({ rankInScope: 1, annualScore: 7470, branchName: 'A1支部' });
    expect(tierOf(1).explanation).toMatchObject({
      quarters: [
        { quarter: '2025-Q1', total: 7470 },
        { quarter: '2025-Q2', total: 7470 },
        { quarter: '2025-Q3', total: 7470 },
        { quarter: '2025-Q4', total: 7470 },
      ],
      sum: 29880,
      quartersPresent: 4,
      stale: false,
      limits: { benchmark: 2, excellent: 8, good: 21 },
      rule: { kind: 'quota', benchmark: 5 },
    });
    expect(tierOf(1).explanation.text.zh).toContain('⌊5% × 43⌋ = 2');
  });

  it('sends members tied at a quota boundary all to the lower tier', async () => {
    const list = await allResults(affairs, `&orgId=${tree.countyB.id}`);
    expect(list.scopes[0]).toMatchObject({ n: 20, limits: { benchmark: 1, excellent: 4, good: 10 } });
    expect(list.distribution).toEqual({ benchmark: 0, excellent: 4, good: 5, qualified: 11, warning: 0 });
    const rows = byEmployee(list.items);
    // b0 and b1 tie at the top: c = 2 > ⌊5%·20⌋ = 1, so neither is 标杆.
    expect(rows.get('B000')).toMatchObject({ tier: 'excellent', c: 2, rankInScope: 1 });
    expect(rows.get('B001')).toMatchObject({ tier: 'excellent', c: 2, rankInScope: 1 });
    expect(rows.get('B002')).toMatchObject({ rankInScope: 3 });
    // b9 and b10 tie at the 良好 line (10): c = 11, both 合格.
    expect(rows.get('B008')).toMatchObject({ tier: 'good', c: 9 });
    expect(rows.get('B009')).toMatchObject({ tier: 'qualified', c: 11 });
    expect(rows.get('B010')).toMatchObject({ tier: 'qualified', c: 11 });
  });

  it('filters by tier and flag and pages', async () => {
    const top = await allResults(affairs, '&tier=benchmark');
    expect(top.items.map((r: Json) => r.employeeNo)).toEqual(['A001', 'A002']);
    expect(top.distribution.qualified).toBe(31);
    const flagged = await allResults(affairs, '&flagged=true');
    expect(flagged.items.map((r: Json) => r.employeeNo)).toEqual(['A041']);
    const page = await affairs.get(`${base()}/results?pageSize=10&page=2`);
    expect(page.body).toMatchObject({ total: 63, page: 2, pageSize: 10 });
    expect(page.body.items).toHaveLength(10);
  });

  it('keeps results from secretaries and members before publication', async () => {
    // The secretary will read their branch's once published: "not yet", not "forbidden".
    const early = await secA1.get(`${base()}/results?orgId=${tree.branchA1.id}`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_published');
    expect((await secA1.get(`${base()}/results?orgId=${tree.branchB1.id}`)).status).toBe(403);
    expect((await memberA1.get(`${base()}/results?orgId=${tree.branchA1.id}`)).status).toBe(403);
    expect((await memberA1.get(`${base()}/me`)).body).toEqual({ schemeId, state: 'draft', result: null });
  });

  it('recomputing replaces the results instead of adding to them', async () => {
    const again = await affairs.post(`${base()}/compute`);
    expect(again.status).toBe(200);
    expect(await countRows(t.db, 'points_year_result')).toBe(63);
  });
});

describe('the year workflow', () => {
  it('submit needs affairs; then compute is closed; return needs a reason and reopens it', async () => {
    expect((await committee.post(`${base()}/submit`)).status).toBe(403);
    const submitted = await affairs.post(`${base()}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    expect(submitted.body.actions).toEqual([]);
    const committeeView = await committee.get(base());
    expect(committeeView.body.actions.sort()).toEqual(['approve', 'return']);
    const before = await pointsFootprint(t.db);
    const recompute = await affairs.post(`${base()}/compute`);
    expect(recompute.status).toBe(409);
    expect(recompute.body.error.code).toBe('invalid_transition');
    const noReason = await committee.post(`${base()}/return`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('reason_required');
    expect(await pointsFootprint(t.db)).toEqual(before);
    const returned = await committee.post(`${base()}/return`, { reason: '请核对B县数据' });
    expect(returned.body.state).toBe('draft');
    expect((await affairs.post(`${base()}/submit`)).body.state).toBe('submitted');
  });

  it('refuses to approve results that an approved adjustment has made stale', async () => {
    // A late correction in Q4 for b5: +2 points, approved by the committee.
    const adj = await secB1.post('/api/v1/points/entries', {
      schemeId,
      memberId: (b[5] as MemberRow).id,
      itemCode: 'P01',
      occurredOn: '2025-12-10',
      kind: 'adjustment',
      submit: true,
    });
    expect(adj.status).toBe(200);
    const ok = await committee.post(`/api/v1/points/entries/${adj.body.id}/actions`, {
      action: 'approve',
      rowVersion: adj.body.rowVersion,
    });
    expect(ok.body.state).toBe('approved');
    expect((await committee.get(base())).body.stale).toBe(1);
    const row = byEmployee((await allResults(committee, `&orgId=${tree.countyB.id}`)).items).get('B005');
    expect(row.explanation).toMatchObject({ stale: true, recomputed: 7400 });
    expect(row.annualScore).toBe(7350);
    const before = await pointsFootprint(t.db);
    const refused = await committee.post(`${base()}/approve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('year_stale');
    expect(await pointsFootprint(t.db)).toEqual(before);
    await committee.post(`${base()}/return`, { reason: '季度得分有调整，请重新测算' });
    const recomputed = await affairs.post(`${base()}/compute`);
    expect(recomputed.body.stale).toBe(0);
    const fresh = byEmployee((await allResults(affairs, `&orgId=${tree.countyB.id}`)).items).get('B005');
    expect(fresh).toMatchObject({ annualScore: 7400, rankInScope: 5 });
    expect((await affairs.post(`${base()}/submit`)).status).toBe(200);
  });

  it('the committee approves and publishes; publication records the 奖惩 actions with owners and due dates', async () => {
    expect((await affairs.post(`${base()}/approve`)).status).toBe(403);
    expect((await committee.post(`${base()}/publish`)).body.error.code).toBe('invalid_transition');
    expect((await committee.post(`${base()}/approve`)).body.state).toBe('approved');
    expect((await affairs.post(`${base()}/publish`)).status).toBe(403);
    expect(await countRows(t.db, 'points_action')).toBe(0);
    const published = await committee.post(`${base()}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'published', publishedOn: '2026-01-05', actions: [] });
    // 标杆 2 × 2 + 优秀 10 × 1 + 警示 2 × 2.
    const actions = await t.db.selectFrom('points_action').selectAll().orderBy('id').execute();
    expect(actions).toHaveLength(18);
    const ofMember = (m: MemberRow) => actions.filter((x) => x.member_id === m.id);
    expect(ofMember(a[1] as MemberRow)).toEqual([
      expect.objectContaining({
        tier: 'benchmark',
        code: 'public_commendation',
        name: '通报表扬',
        due_on: '2026-02-04',
        owner_user_id: secA1Id,
      }),
      expect.objectContaining({ code: 'award_priority', due_on: null, owner_user_id: secA1Id }),
    ]);
    // a42 is in A2, which has no secretary: the action has no owner yet.
    expect(ofMember(a[42] as MemberRow).map((x) => [x.code, x.due_on, x.owner_user_id])).toEqual([
      ['heart_to_heart_talk', '2026-02-04', null],
      ['rectification_plan', '2026-03-06', null],
    ]);
    expect(ofMember(b[0] as MemberRow)).toEqual([
      expect.objectContaining({ tier: 'excellent', code: 'commendation', owner_user_id: secB1Id }),
    ]);
    const again = await committee.post(`${base()}/publish`);
    expect(again.status).toBe(409);
    expect(await countRows(t.db, 'points_action')).toBe(18);
  });

  it('after publication a member sees their own tier, a secretary their branch', async () => {
    const mine = await memberA1.get(`${base()}/me`);
    expect(mine.body).toMatchObject({
      state: 'published',
      result: { employeeNo: 'A001', tier: 'benchmark' },
    });
    expect((await memberA1.get(`${base()}/results?orgId=${tree.branchA1.id}`)).status).toBe(403);
    const branch = await secA1.get(`${base()}/results?orgId=${tree.branchA1.id}&pageSize=100`);
    expect(branch.status).toBe(200);
    expect(branch.body.total).toBe(22);
    expect(branch.body.items.every((r: Json) => r.branchId === tree.branchA1.id)).toBe(true);
    expect((await secA1.get(`${base()}/results?orgId=${tree.branchB1.id}`)).status).toBe(403);
  });

  it('every step is in the audit log', async () => {
    const actions = (
      await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'points.year.%')
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual([
      'points.year.compute',
      'points.year.compute',
      'points.year.submit',
      'points.year.return',
      'points.year.submit',
      'points.year.return',
      'points.year.compute',
      'points.year.submit',
      'points.year.approve',
      'points.year.publish',
    ]);
  });

  it('exports the tier results as xlsx with two-decimal scores and the reasons', async () => {
    const res = await affairs.inject({
      method: 'GET',
      url: `${base()}/results/export.xlsx?orgId=${tree.countyA.id}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ws = (await readXlsx(res.rawPayload)).getWorksheet('年度等次');
    if (!ws) throw new Error('no sheet');
    const rows = sheetValues(ws);
    expect(rows[0]).toEqual([
      '考核范围',
      '范围内排名',
      '姓名',
      '工号',
      '支部',
      '一季度',
      '二季度',
      '三季度',
      '四季度',
      '年度得分',
      '等次',
      '评定方式',
      '一票否决',
      '需复核',
      '评定依据',
    ]);
    expect(rows).toHaveLength(44);
    const a1 = rows.find((r) => r[3] === 'A001');
    expect(a1?.slice(0, 14)).toEqual([
      'A县党委',
      1,
      'A党员01',
      'A001',
      'A1支部',
      74.7,
      74.7,
      74.7,
      74.7,
      74.7,
      '标杆型',
      '按比例评定',
      '否',
      '否',
    ]);
    expect(ws.getRow(2).getCell(10).numFmt).toBe('0.00');
    const a41 = rows.find((r) => r[3] === 'A041');
    expect(a41?.slice(5, 10)).toEqual([62.7, undefined, undefined, undefined, 62.7]);
    expect(a41?.[13]).toBe('是');
    expect((await memberA1.inject({ method: 'GET', url: `${base()}/results/export.xlsx` })).statusCode).toBe(
      403,
    );
  });
});

describe('奖惩 actions', () => {
  const list = (c: Client, query = '') =>
    c.get(`/api/v1/points/actions?schemeId=${schemeId}&pageSize=100${query}`);

  it('lists them within reach: a secretary their branch, affairs everything', async () => {
    const mine = await secA1.get(`/api/v1/points/actions?schemeId=${schemeId}&pageSize=100`);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(12);
    expect(mine.body.items.every((x: Json) => x.branchId === tree.branchA1.id)).toBe(true);
    expect(mine.body.items[0]).toMatchObject({ status: 'open', canComplete: true, year: 2025 });
    expect((await list(affairs)).body.total).toBe(18);
    expect((await list(affairs, '&status=overdue')).body.total).toBe(0);
    expect((await list(affairs, '&tier=warning')).body.total).toBe(4);
    expect((await memberA1.get('/api/v1/points/actions')).status).toBe(403);
  });

  it('shows what is overdue once the due dates pass', async () => {
    t.clock.set('2026-02-10T02:00:00.000Z');
    affairs = await relogin(t, affairs);
    secA1 = await relogin(t, secA1);
    secB1 = await relogin(t, secB1);
    memberA1 = await relogin(t, memberA1);
    // Due 2026-02-04: 通报表扬 ×2, 表扬 ×10, 谈心谈话 ×2; the rectification plans are due in March.
    expect((await list(affairs, '&status=overdue')).body.total).toBe(14);
    expect((await list(affairs, '&status=open')).body.total).toBe(4);
  });

  it('the owner or an officer of the branch marks one done with a note; nobody else, and only once', async () => {
    const target = (await list(secA1, '&tier=benchmark')).body.items.find(
      (x: Json) => x.memberId === (a[1] as MemberRow).id && x.code === 'public_commendation',
    );
    const before = await pointsFootprint(t.db);
    expect(
      (await memberA1.post(`/api/v1/points/actions/${target.id}/done`, { note: '自己完成' })).status,
    ).toBe(403);
    expect((await secB1.post(`/api/v1/points/actions/${target.id}/done`, { note: '代办' })).status).toBe(403);
    expect((await secA1.post(`/api/v1/points/actions/${target.id}/done`, { note: ' ' })).status).toBe(400);
    expect(await pointsFootprint(t.db)).toEqual(before);
    const done = await secA1.post(`/api/v1/points/actions/${target.id}/done`, {
      note: '已在支部党员大会上通报表扬',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      doneNote: '已在支部党员大会上通报表扬',
      doneByAccount: secA1.account,
      canComplete: false,
    });
    const twice = await secA1.post(`/api/v1/points/actions/${target.id}/done`, { note: '再次' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('invalid_transition');
    // An action without an owner (branch A2 has no secretary) is completed by affairs.
    const orphan = (await list(affairs, '&tier=warning')).body.items.find(
      (x: Json) => x.memberId === (a[42] as MemberRow).id && x.code === 'heart_to_heart_talk',
    );
    expect(orphan).toMatchObject({ ownerUserId: null, status: 'overdue', canComplete: true });
    expect((await affairs.post(`/api/v1/points/actions/${orphan.id}/done`, { note: '已谈话' })).status).toBe(
      200,
    );
    expect((await list(affairs, '&status=done')).body.total).toBe(2);
    expect(
      await t.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('action', '=', 'points.action.complete')
        .execute(),
    ).toHaveLength(2);
  });
});
