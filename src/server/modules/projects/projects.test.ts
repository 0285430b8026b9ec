import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';
import { createAdoptedScheme } from '../points/points.fixtures.js';

/**
 * Party-building projects end to end through the API, on the database the suite runs on: the year
 * plan, a proposal, every lifecycle step with its role, milestone reports linking a recorded
 * activity, due-date changes, comments, the panel's independent scoring, promotion, the library
 * and adoption — and the refusals: wrong role, wrong state, wrong branch, wrong panel.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
const c: Record<string, Client> = {};
const ids: Record<string, number> = {};
const clock = fixedClock('2026-03-02T02:00:00.000Z');
const accounts: Record<string, string> = {};
/** Moves the server's clock and logs everyone in again (sessions expire over months). */
async function setDay(iso: string) {
  clock.set(iso);
  for (const [role, account] of Object.entries(accounts))
    c[role] = await login(t.app, account, TEST_PASSWORD);
}

async function as(
  role: string,
  grants: { role: Parameters<typeof makeUser>[1][number]['role']; orgId: number }[],
  memberId?: number,
) {
  const u = await makeUser(t.db, grants, memberId);
  ids[role] = u.id;
  accounts[role] = u.account;
  c[role] = await login(t.app, u.account, TEST_PASSWORD);
  return c[role];
}
const ok = (r: { status: number; body: Json }) => {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const err = (r: { status: number; body: Json }, status: number, code: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.messages['zh-CN']).toBeTruthy();
  expect(r.body.error.messages.en).toBeTruthy();
};
/** A logged-in client by role; fails loudly when the fixture has none. */
const cl = (who: string): Client => {
  const x = c[who];
  if (!x) throw new Error(`no client ${who}`);
  return x;
};
const idOf = (key: string): number => {
  const x = ids[key];
  if (x === undefined) throw new Error(`no id ${key}`);
  return x;
};
const get = async (id: number, who = 'committee') => ok(await cl(who).get(`/api/v1/projects/${id}`));
const act = (who: string, id: number, action: string, comment?: string) =>
  cl(who).post(`/api/v1/projects/${id}/actions`, { action, ...(comment ? { comment } : {}) });
const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp({ clock });
  tree = await makeTree(t.db);
  await as('committee', [{ role: 'committee', orgId: tree.root.id }]);
  await as('affairs', [{ role: 'affairs', orgId: tree.root.id }]);
  await as('sec1', [{ role: 'secretary', orgId: tree.branchA1.id }]);
  await as('sec2', [{ role: 'secretary', orgId: tree.branchA2.id }]);
  await as('secB', [{ role: 'secretary', orgId: tree.branchB1.id }]);
  await as('insp1', [{ role: 'inspector', orgId: tree.countyB.id }]);
  await as('insp2', [{ role: 'inspector', orgId: tree.branchB1.id }]);
  await as('insp3', [{ role: 'affairs', orgId: tree.countyB.id }]);
  // An inspector whose grant sits inside A1: from the owning org.
  await as('inspA1', [{ role: 'inspector', orgId: tree.branchA1.id }]);
  // A committee member who is a party member of A1.
  const m = await makeMember(t.db, tree.branchA1);
  ids.memberA1 = m.id;
  await as('commA1', [{ role: 'committee', orgId: tree.countyB.id }], m.id);
}, 60_000);
afterAll(async () => t?.close());

const content = (title: string, dues = ['2026-03-31', '2026-06-30']) => ({
  title,
  requirements: '总体要求',
  objectives: '目标',
  measures: '',
  expectedResults: '预期成果',
  tags: ['党建+安全生产'],
  milestones: dues.map((due, i) => ({ name: `节点${i + 1}`, deliverable: '材料', due })),
});

describe('year plan', () => {
  it('the committee drafts from a template, owners do not see drafts, issuing moves all to research', async () => {
    const drafted = ok(
      await cl('committee').post('/api/v1/projects/plan/draft', {
        orgId: tree.root.id,
        year: 2026,
        source: 'template',
        template: content('党员服务队'),
        ownerOrgIds: [tree.branchA1.id, tree.branchB1.id],
      }),
    );
    expect(drafted.count).toBe(2);
    const [p1, pB] = drafted.projectIds as [number, number];
    ids.assigned = p1;
    ids.assignedB = pB;
    expect((await get(p1)).state).toBe('draft');
    err(await cl('sec1').get(`/api/v1/projects/${p1}`), 403, 'forbidden');
    expect(ok(await cl('sec1').get('/api/v1/projects?year=2026')).total).toBe(0);
    // A secretary cannot draft or issue.
    err(
      await cl('sec1').post('/api/v1/projects/plan/issue', { orgId: tree.root.id, year: 2026 }),
      403,
      'forbidden',
    );
    const before = await auditCount();
    const issued = ok(
      await cl('committee').post('/api/v1/projects/plan/issue', { orgId: tree.root.id, year: 2026 }),
    );
    expect(issued.count).toBe(2);
    expect(await auditCount()).toBe(before + 2);
    const d = await get(p1, 'sec1');
    expect(d.state).toBe('research');
    expect(d.timeline[0]).toMatchObject({
      kind: 'decision',
      action: 'issue',
      toState: 'research',
      rule: 'projects.plan.issue',
    });
    // Nothing left to issue: a clear error.
    err(
      await cl('committee').post('/api/v1/projects/plan/issue', { orgId: tree.root.id, year: 2026 }),
      409,
      'invalid_transition',
    );
  });

  it('copies last year’s plan a year on', async () => {
    const r = ok(
      await cl('committee').post('/api/v1/projects/plan/draft', {
        orgId: tree.root.id,
        year: 2027,
        source: 'last_year',
      }),
    );
    expect(r.count).toBe(2);
    const d = await get(r.projectIds[0]);
    expect(d.milestones.map((m: Json) => m.baselineDue)).toEqual(['2027-03-31', '2027-06-30']);
    expect(d.state).toBe('draft');
  });
});

describe('scope', () => {
  it('a secretary cannot touch another branch’s project', async () => {
    err(await cl('sec2').get(`/api/v1/projects/${ids.assigned}`), 403, 'forbidden');
    err(await act('sec2', idOf('assigned'), 'submit'), 403, 'forbidden');
    err(await cl('sec2').patch(`/api/v1/projects/${ids.assigned}`, { measures: 'x' }), 403, 'forbidden');
    err(
      await cl('secB').post('/api/v1/projects', {
        ...content('跨支部'),
        orgId: tree.branchA1.id,
        year: 2026,
        origin: 'proposed',
      }),
      403,
      'forbidden',
    );
    const list = ok(await cl('sec2').get('/api/v1/projects?year=2026'));
    expect(list.items.map((p: Json) => p.id)).not.toContain(ids.assigned);
  });
});

describe('proposal, approval and implementation', () => {
  it('the owner details and submits; the committee returns with a reason, then approves', async () => {
    const id = idOf('assigned');
    const member = await makeMember(t.db, tree.branchA1);
    const outsider = await makeMember(t.db, tree.branchA2);
    err(
      await cl('sec1').patch(`/api/v1/projects/${id}`, { teamMemberIds: [outsider.id] }),
      422,
      'team_member_outside',
    );
    err(
      await cl('sec1').patch(`/api/v1/projects/${id}`, {
        milestones: [{ name: 'x', deliverable: '', due: '2027-01-05' }],
      }),
      422,
      'milestone_outside_year',
    );
    ok(await cl('sec1').patch(`/api/v1/projects/${id}`, { measures: '措施', teamMemberIds: [member.id] }));
    // The owner cannot approve its own proposal; the committee cannot submit for it.
    err(await act('committee', id, 'submit'), 403, 'forbidden');
    ok(await act('sec1', id, 'submit'));
    err(await act('sec1', id, 'approve'), 403, 'forbidden');
    err(await act('committee', id, 'return'), 400, 'reason_required');
    ok(await act('committee', id, 'return', '请补充措施'));
    let d = await get(id, 'sec1');
    expect(d.state).toBe('research');
    expect(d.timeline.at(-1)).toMatchObject({ action: 'return', text: '请补充措施', fromState: 'proposal' });
    ok(await act('sec1', id, 'submit'));
    d = await get(id, 'committee');
    expect(
      d.actions
        .filter((a: Json) => a.allowed)
        .map((a: Json) => a.action)
        .sort(),
    ).toEqual(['approve', 'cancel', 'reject', 'return', 'suspend']);
    ok(await act('committee', id, 'approve', '同意立项'));
    // After approval the content and timetable are locked.
    err(await cl('sec1').patch(`/api/v1/projects/${id}`, { milestones: [] }), 409, 'project_locked');
    ok(await act('sec1', id, 'start'));
    expect((await get(id, 'sec1')).team).toEqual([{ memberId: member.id, name: member.name }]);
  });

  it('a branch proposes its own project (申报) and the committee rejects it with a reason', async () => {
    const r = ok(
      await cl('sec2').post('/api/v1/projects', {
        ...content('红色课堂'),
        orgId: tree.branchA2.id,
        year: 2026,
        origin: 'proposed',
      }),
    );
    ids.proposedA2 = r.id;
    ok(await act('sec2', r.id, 'submit'));
    const intake = ok(await cl('committee').get('/api/v1/projects?state=proposal'));
    expect(intake.items.map((p: Json) => p.id)).toContain(r.id);
    err(await act('committee', r.id, 'reject'), 400, 'reason_required');
    ok(await act('committee', r.id, 'reject', '与年度重点不符'));
    expect((await get(r.id)).state).toBe('rejected');
    err(await act('committee', r.id, 'approve'), 409, 'invalid_transition');
  });

  it('suspension resumes where it was; cancel is final and stops reports', async () => {
    const id = idOf('assignedB');
    ok(await act('secB', id, 'submit'));
    ok(await act('committee', id, 'suspend', '暂缓'));
    let d = await get(id);
    expect(d).toMatchObject({ state: 'suspended', suspendedFrom: 'proposal' });
    err(await act('secB', id, 'resume'), 403, 'forbidden');
    ok(await act('committee', id, 'resume'));
    expect((await get(id)).state).toBe('proposal');
    ok(await act('committee', id, 'approve'));
    ok(await act('committee', id, 'cancel', '撤销'));
    d = await get(id);
    const before = await auditCount();
    err(
      await cl('secB').post(`/api/v1/projects/${id}/milestones/${d.milestones[0].id}/reports`, {
        progress: 'on_track',
        text: '报告',
      }),
      409,
      'project_not_reportable',
    );
    err(await act('committee', id, 'resume'), 409, 'invalid_transition');
    expect(await auditCount()).toBe(before);
  });
});

describe('milestones, reports and changes', () => {
  it('reports a milestone linking a recorded 主题党日, without uploading', async () => {
    const id = idOf('assigned');
    const schemeId = await createAdoptedScheme(cl('affairs'), cl('committee'), tree.root.id, 2026);
    const member = await makeMember(t.db, tree.branchA1);
    const act1 = ok(
      await cl('sec1').post('/api/v1/points/activities', {
        schemeId,
        branchId: tree.branchA1.id,
        title: '三月主题党日',
        kind: '主题党日',
        occurredOn: '2026-02-27',
        itemCode: 'P01',
        memberIds: [member.id],
      }),
    );
    const d = await get(id, 'sec1');
    const m1 = d.milestones[0];
    // Another branch's activity cannot be linked.
    const otherMember = await makeMember(t.db, tree.branchA2);
    const other = ok(
      await cl('sec2').post('/api/v1/points/activities', {
        schemeId,
        branchId: tree.branchA2.id,
        title: 'A2 主题党日',
        kind: '主题党日',
        occurredOn: '2026-02-27',
        itemCode: 'P01',
        memberIds: [otherMember.id],
      }),
    );
    err(
      await cl('sec1').post(`/api/v1/projects/${id}/milestones/${m1.id}/reports`, {
        progress: 'on_track',
        text: '报告',
        activityIds: [other.activityId],
      }),
      403,
      'forbidden',
    );
    err(
      await cl('committee').post(`/api/v1/projects/${id}/milestones/${m1.id}/reports`, {
        progress: 'on_track',
        text: '报告',
      }),
      403,
      'forbidden',
    );
    const uploadsBefore = Number(
      (
        await t.db
          .selectFrom('file_upload')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    ok(
      await cl('sec1').post(`/api/v1/projects/${id}/milestones/${m1.id}/reports`, {
        progress: 'on_track',
        text: '开展主题党日',
        activityIds: [act1.activityId],
      }),
    );
    const after = await get(id, 'sec1');
    expect(after.milestones[0]).toMatchObject({ phase: 'reported', reportedOn: '2026-03-02', onTime: true });
    const report = after.timeline.find((e: Json) => e.kind === 'report');
    expect(report.evidence).toEqual([
      { type: 'points_activity', id: act1.activityId, label: '三月主题党日', date: '2026-02-27' },
    ]);
    expect(
      Number(
        (
          await t.db
            .selectFrom('file_upload')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(uploadsBefore);
  });

  it('due dates change only by an approved change request; the baseline stays', async () => {
    const id = idOf('assigned');
    const m2 = (await get(id, 'sec1')).milestones[1];
    err(
      await cl('sec1').patch(`/api/v1/projects/${id}`, {
        milestones: [{ name: 'x', deliverable: '', due: '2026-07-31' }],
      }),
      409,
      'project_locked',
    );
    const req = ok(
      await cl('sec1').post(`/api/v1/projects/${id}/milestones/${m2.id}/changes`, {
        newDue: '2026-07-31',
        reason: '汛期',
      }),
    );
    err(
      await cl('sec1').post(`/api/v1/projects/${id}/milestones/${m2.id}/changes`, {
        newDue: '2026-08-31',
        reason: '再改',
      }),
      409,
      'change_pending',
    );
    // Not approved yet: the date in force is unchanged.
    expect((await get(id, 'sec1')).milestones[1].currentDue).toBe('2026-06-30');
    err(
      await cl('sec1').post(`/api/v1/projects/${id}/changes/${req.id}/decide`, { decision: 'approve' }),
      403,
      'forbidden',
    );
    ok(
      await cl('committee').post(`/api/v1/projects/${id}/changes/${req.id}/decide`, { decision: 'approve' }),
    );
    const m = (await get(id, 'sec1')).milestones[1];
    expect(m).toMatchObject({ baselineDue: '2026-06-30', currentDue: '2026-07-31', judgedDue: '2026-07-31' });
    err(
      await cl('committee').post(`/api/v1/projects/${id}/changes/${req.id}/decide`, {
        decision: 'reject',
        note: 'x',
      }),
      409,
      'change_decided',
    );
  });

  it('an unreported milestone is overdue in working days and escalates on the to-do lists', async () => {
    const id = idOf('assigned');
    // 2026-07-31 + 10 working days = 2026-08-14
    await setDay('2026-08-03T02:00:00.000Z');
    let d = await get(id, 'sec1');
    expect(d.milestones[1]).toMatchObject({ phase: 'overdue', overdueWorkingDays: 1, escalation: 'none' });
    const todo = ok(await cl('sec1').get('/api/v1/todo')).items.map((i: Json) => i.kind);
    expect(todo).toContain('projects.milestone.overdue');
    await setDay('2026-08-07T02:00:00.000Z');
    expect(ok(await cl('affairs').get('/api/v1/todo')).items.map((i: Json) => i.kind)).toContain(
      'projects.escalation.affairs',
    );
    expect(ok(await cl('committee').get('/api/v1/todo')).items.map((i: Json) => i.kind)).not.toContain(
      'projects.escalation.committee',
    );
    await setDay('2026-08-14T02:00:00.000Z');
    d = await get(id, 'committee');
    expect(d.milestones[1]).toMatchObject({ overdueWorkingDays: 10, escalation: 'committee' });
    expect(ok(await cl('committee').get('/api/v1/todo')).items.map((i: Json) => i.kind)).toContain(
      'projects.escalation.committee',
    );
    const overdue = ok(await cl('committee').get('/api/v1/projects?overdue=true&year=2026'));
    expect(overdue.items.map((p: Json) => p.id)).toEqual([id]);
    // A late report is judged late.
    ok(
      await cl('sec1').post(`/api/v1/projects/${id}/milestones/${d.milestones[1].id}/reports`, {
        progress: 'behind',
        text: '滞后完成',
      }),
    );
    expect((await get(id, 'sec1')).milestones[1]).toMatchObject({ onTime: false, phase: 'reported' });
  });

  it('the committee comments, the owner replies but cannot start a comment', async () => {
    const id = idOf('assigned');
    const report = (await get(id)).timeline.find((e: Json) => e.kind === 'report');
    const cm = ok(
      await cl('committee').post(`/api/v1/projects/${id}/comments`, {
        text: '做法扎实',
        target: 'report',
        targetId: report.id,
      }),
    );
    err(
      await cl('sec1').post(`/api/v1/projects/${id}/comments`, { text: '自评' }),
      403,
      'comment_reply_only',
    );
    ok(await cl('sec1').post(`/api/v1/projects/${id}/comments`, { text: '谢谢点评', parentId: cm.id }));
    const comment = (await get(id, 'sec1')).timeline.find((e: Json) => e.kind === 'comment');
    expect(comment).toMatchObject({
      text: '做法扎实',
      target: { type: 'report', id: report.id },
      replies: [{ text: '谢谢点评' }],
    });
  });
});

describe('panel evaluation', () => {
  it('the summary needs every milestone reported, then the committee names a panel from outside the owning org', async () => {
    const id = idOf('assigned');
    ok(await cl('sec1').patch(`/api/v1/projects/${id}`, { summary: '项目总结' }));
    ok(await act('sec1', id, 'submit_summary'));
    const cand = ok(await cl('committee').get(`/api/v1/projects/${id}/panel-candidates`)).items.map(
      (u: Json) => u.userId,
    );
    expect(cand).toEqual(expect.arrayContaining([ids.insp1, ids.insp2, ids.insp3]));
    expect(cand).not.toContain(ids.inspA1);
    expect(cand).not.toContain(ids.commA1);
    const put = async (who: string, userIds: number[]) => {
      const r = await cl(who).inject({
        method: 'PUT',
        url: `/api/v1/projects/${id}/panel`,
        payload: { userIds },
      });
      return { status: r.statusCode, body: r.json() };
    };
    err(await put('committee', [idOf('insp1'), idOf('insp2')]), 422, 'panel_too_small');
    err(await put('committee', [idOf('insp1'), idOf('insp2'), idOf('inspA1')]), 422, 'panel_member_of_owner');
    err(await put('committee', [idOf('insp1'), idOf('insp2'), idOf('commA1')]), 422, 'panel_member_of_owner');
    err(await put('committee', [idOf('insp1'), idOf('insp2'), idOf('sec2')]), 422, 'panel_not_eligible');
    err(await put('sec1', [idOf('insp1'), idOf('insp2'), idOf('insp3')]), 403, 'forbidden');
    ok(await put('committee', [idOf('insp1'), idOf('insp2'), idOf('insp3')]));
  });

  it('grade floors are a versioned setting of the committee', async () => {
    const rule = {
      orgId: tree.root.id,
      year: 2026,
      excellent: 9_000,
      good: 8_000,
      pass: 6_000,
      reminderDays: 3,
      affairsAfter: 5,
      committeeAfter: 10,
    };
    const put = async (who: string, body: unknown) => {
      const r = await cl(who).inject({
        method: 'PUT',
        url: '/api/v1/projects/rules',
        payload: body as object,
      });
      return { status: r.statusCode, body: r.json() };
    };
    err(await put('sec1', { ...rule, expectedVersion: 0 }), 403, 'forbidden');
    err(await put('committee', { ...rule, good: 9_500, expectedVersion: 0 }), 400, 'validation_failed');
    expect(ok(await put('committee', { ...rule, expectedVersion: 0 }))).toEqual({ version: 2 });
    err(await put('committee', { ...rule, expectedVersion: 0 }), 409, 'stale_record');
  });

  it('panel members score independently; nobody sees another score until all are in', async () => {
    const id = idOf('assigned');
    const sheet = (g: number, i: number, e: number, p: number) => ({
      scores: [
        { code: 'goal', points: g },
        { code: 'innovation', points: i },
        { code: 'effect', points: e },
        { code: 'promotion', points: p },
      ],
    });
    err(
      await cl('insp1').post(`/api/v1/projects/${id}/scores`, sheet(3100, 2500, 2500, 2000)),
      400,
      'score_above_max',
    );
    err(
      await cl('sec2').post(`/api/v1/projects/${id}/scores`, sheet(3000, 2500, 2500, 2000)),
      403,
      'not_on_panel',
    );
    ok(await cl('insp1').post(`/api/v1/projects/${id}/scores`, sheet(2900, 2400, 2300, 1900)));
    err(
      await cl('insp1').post(`/api/v1/projects/${id}/scores`, sheet(3000, 2500, 2500, 2000)),
      409,
      'score_already_submitted',
    );
    ok(await cl('insp2').post(`/api/v1/projects/${id}/scores`, sheet(2800, 2300, 2400, 1800)));
    // Before the last sheet: no totals for the other members, the committee or the owner.
    for (const who of ['insp2', 'committee', 'sec1']) {
      const d = await get(id, who);
      expect(d.panel.explanation).toBeNull();
      expect(JSON.stringify(d)).not.toContain('"total"');
      expect(JSON.stringify(d)).not.toContain('2900');
    }
    expect((await get(id, 'insp2')).panel.mine.scores).toHaveLength(4);
    ok(await cl('insp3').post(`/api/v1/projects/${id}/scores`, sheet(3000, 2500, 2400, 2000)));
    const d = await get(id, 'sec1');
    // totals 9500, 9300, 9900 → mean 9566.67 → 9567 → excellent
    expect(d).toMatchObject({ state: 'evaluated', score: 9567, grade: 'excellent' });
    expect(d.panel.explanation).toMatchObject({ counted: 3, dropped: [], sum: 28700, ruleVersion: 2 });
    expect(d.timeline.find((e: Json) => e.action === 'evaluate')).toMatchObject({
      kind: 'decision',
      toState: 'evaluated',
      rule: 'projects.panel.complete',
    });
  });

  it('promotion only for an excellent project, by the committee', async () => {
    err(await act('sec1', idOf('assigned'), 'promote'), 403, 'forbidden');
    ok(await act('committee', idOf('assigned'), 'promote', '推广'));
    expect((await get(idOf('assigned'))).state).toBe('promoted');
  });
});

describe('library and adoption', () => {
  it('every user of the organisation reads and searches the library; another branch adopts', async () => {
    const viewer = await as('member', [{ role: 'member', orgId: tree.branchB1.id }]);
    const lib = ok(await viewer.get('/api/v1/projects/library?q=服务队'));
    expect(lib.items.map((i: Json) => i.projectId)).toEqual([ids.assigned]);
    expect(ok(await viewer.get('/api/v1/projects/library?tag=党建%2B安全生产')).total).toBe(1);
    expect(ok(await viewer.get('/api/v1/projects/library?q=不存在的词')).total).toBe(0);
    // A secretary of another branch reads the promoted project's page.
    expect((await get(idOf('assigned'), 'secB')).title).toBe('党员服务队');
    err(
      await cl('sec1').post(`/api/v1/projects/${ids.assigned}/adopt`, {
        orgId: tree.branchA1.id,
        year: 2026,
      }),
      409,
      'adopt_own_project',
    );
    err(
      await cl('secB').post(`/api/v1/projects/${ids.assigned}/adopt`, {
        orgId: tree.branchA2.id,
        year: 2026,
      }),
      403,
      'forbidden',
    );
    const adopted = ok(
      await cl('secB').post(`/api/v1/projects/${ids.assigned}/adopt`, {
        orgId: tree.branchB1.id,
        year: 2026,
      }),
    );
    const d = await get(adopted.id, 'secB');
    expect(d).toMatchObject({
      state: 'research',
      origin: 'proposed',
      source: { id: ids.assigned },
      orgId: tree.branchB1.id,
    });
    expect((await get(idOf('assigned'))).adoptions).toEqual([
      { id: adopted.id, title: '党员服务队', orgName: 'B1支部', grade: null },
    ]);
    expect(ok(await viewer.get('/api/v1/projects/library')).items[0].adoptions).toBe(1);
    err(
      await cl('secB').post(`/api/v1/projects/${ids.proposedA2}/adopt`, {
        orgId: tree.branchB1.id,
        year: 2026,
      }),
      409,
      'project_not_in_library',
    );
  });
});

describe('views', () => {
  it('list filters, board, gantt, charts and the Excel export', async () => {
    const byTag = ok(
      await cl('committee').get(`/api/v1/projects?year=2026&tag=${encodeURIComponent('党建+安全生产')}`),
    );
    expect(byTag.total).toBeGreaterThanOrEqual(2);
    expect(
      ok(await cl('committee').get(`/api/v1/projects?year=2026&orgId=${tree.countyB.id}`)).items.every(
        (p: Json) => p.orgName === 'B1支部',
      ),
    ).toBe(true);
    expect(
      ok(await cl('committee').get('/api/v1/projects?origin=proposed&year=2026')).items.every(
        (p: Json) => p.origin === 'proposed',
      ),
    ).toBe(true);
    const board = ok(await cl('committee').get('/api/v1/projects/board?year=2026'));
    expect(board.columns.find((col: Json) => col.state === 'promoted').total).toBe(1);
    const gantt = ok(await cl('committee').get(`/api/v1/projects/gantt?year=2026&orgId=${tree.countyA.id}`));
    const row = gantt.rows.find((r: Json) => r.projectId === ids.assigned);
    expect(row.milestones.map((m: Json) => [m.start, m.due, m.baselineDue])).toEqual([
      ['2026-01-01', '2026-03-31', '2026-03-31'],
      ['2026-04-01', '2026-07-31', '2026-06-30'],
    ]);
    const charts = ok(await cl('committee').get('/api/v1/projects/charts?year=2026'));
    expect(charts.grades).toEqual({ excellent: 1 });
    expect(charts.onTimeByOrg.find((o: Json) => o.orgName === 'A1支部')).toMatchObject({
      due: 2,
      onTime: 1,
      rate: 5000,
    });
    const x = await cl('committee').inject({ method: 'GET', url: '/api/v1/projects/export.xlsx?year=2026' });
    expect(x.statusCode).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
  });
});

void makeOrg;
