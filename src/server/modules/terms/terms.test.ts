import ExcelJS from 'exceljs';
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
import { multipart, png } from '../branch-eval/branch-eval.fixtures.js';
import { createAdoptedScheme } from '../points/points.fixtures.js';

// 2026-03-16 10:00 Beijing: the 惊蛰 window (03-05 21:59 → 03-20 22:46) is running; 雨水's
// (02-18 23:52 → 03-05 21:59) has passed but is in its late period; 立春's late period is over.
const clock = fixedClock('2026-03-16T02:00:00.000Z');
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let admin: Client;
let secA1: Client;
let secA2: Client;
let secB1: Client;
let committeeA: Client;
let stranger: Client;
let calendarId: number;
const taskOf = new Map<string, number>();

const count = async (table: 'terms_checkin' | 'terms_assignment' | 'evidence_link' | 'audit_log') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp({ clock });
  tree = await makeTree(t.db);
  const as = async (role: Parameters<typeof makeUser>[1][number]['role'], orgId: number) =>
    login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
  affairs = await as('affairs', tree.root.id);
  admin = await as('admin', tree.root.id);
  secA1 = await as('secretary', tree.branchA1.id);
  secA2 = await as('secretary', tree.branchA2.id);
  secB1 = await as('secretary', tree.branchB1.id);
  committeeA = await as('committee', tree.countyA.id);
  stranger = await as('affairs', (await makeOrg(t.db, 'committee', null, '另一党委')).id);
});
afterAll(() => t.close());

const ok = (res: { status: number; body: Json }, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};
const err = (res: { status: number; body: Json }, status: number, code: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.messages['zh-CN']).toBeTruthy();
  expect(res.body.error.messages.en).toBeTruthy();
};

describe('the year’s calendar', () => {
  it('lets the affairs department start 2026 with the default tasks; nobody else, and only once', async () => {
    err(await secA1.post('/api/v1/terms/calendars', { orgId: tree.root.id, year: 2026 }), 403, 'forbidden');
    err(
      await stranger.post('/api/v1/terms/calendars', { orgId: tree.root.id, year: 2026 }),
      403,
      'forbidden',
    );
    const cal = ok(await affairs.post('/api/v1/terms/calendars', { orgId: tree.root.id, year: 2026 }));
    calendarId = cal.id;
    expect(cal.state).toBe('draft');
    expect(cal.libraryVersion).toBeNull();
    expect(cal.terms).toHaveLength(24);
    expect(cal.terms[2]).toMatchObject({ name: '立春', startsAt: '2026-02-03T20:02:00.000Z' });
    expect(cal.terms[2].endsAt).toBe(cal.terms[3].startsAt);
    expect(cal.terms[23]).toMatchObject({ name: '冬至', startsAt: '2026-12-21T20:50:00.000Z' });
    const titles = (p: number) => cal.tasks.filter((x: Json) => x.position === p).map((x: Json) => x.title);
    expect(titles(2)).toContain('年度党建工作计划');
    expect(titles(6)).toContain('革命传统教育');
    expect(titles(10)).toContain('安全生产先锋行动');
    expect(titles(23)).toContain('年度述职评议准备');
    err(
      await affairs.post('/api/v1/terms/calendars', { orgId: tree.root.id, year: 2026 }),
      409,
      'terms_calendar_exists',
    );
  });

  it('edits the draft’s tasks; refuses bad input and other roles, changing nothing', async () => {
    const tasks = [
      { position: 2, title: '年度党建工作计划', description: '报备', evidenceRequired: true },
      { position: 3, title: '党员积分制启动', evidenceRequired: false },
      { position: 4, title: '春季安全生产党员先锋岗', evidenceRequired: false },
      { position: 4, title: '春检预试党员示范', evidenceRequired: true },
      { position: 5, title: '主题党日：学习贯彻全国两会精神', evidenceRequired: true },
    ];
    err(
      await secA1
        .inject({ method: 'PUT', url: `/api/v1/terms/calendars/${calendarId}/tasks`, payload: { tasks } })
        .then(wrapJson),
      403,
      'forbidden',
    );
    const bad = await affairs.inject({
      method: 'PUT',
      url: `/api/v1/terms/calendars/${calendarId}/tasks`,
      payload: { tasks: [{ position: 24, title: 'x', evidenceRequired: false }] },
    });
    expect(bad.statusCode).toBe(400);
    const res = wrapJson(
      await affairs.inject({
        method: 'PUT',
        url: `/api/v1/terms/calendars/${calendarId}/tasks`,
        payload: { tasks },
      }),
    );
    const cal = ok(res);
    expect(cal.tasks).toHaveLength(5);
    for (const x of cal.tasks) taskOf.set(x.title, x.id);
    expect(cal.tasks.filter((x: Json) => x.position === 4).map((x: Json) => x.sortOrder)).toEqual([1, 2]);
  });

  it('publishes: the 24 terms are frozen with the library’s version; tasks can no longer change', async () => {
    err(await secA1.post(`/api/v1/terms/calendars/${calendarId}/publish`), 403, 'forbidden');
    const cal = ok(await affairs.post(`/api/v1/terms/calendars/${calendarId}/publish`));
    expect(cal.state).toBe('published');
    expect(cal.libraryVersion).toBe('tyme4ts@1.5.2');
    expect(cal.closesAt.startsWith('2027-01-0')).toBe(true);
    const rows = await t.db
      .selectFrom('terms_term')
      .selectAll()
      .where('calendar_id', '=', calendarId)
      .execute();
    expect(rows).toHaveLength(24);
    err(await affairs.post(`/api/v1/terms/calendars/${calendarId}/publish`), 409, 'terms_calendar_published');
    const edit = wrapJson(
      await affairs.inject({
        method: 'PUT',
        url: `/api/v1/terms/calendars/${calendarId}/tasks`,
        payload: { tasks: [{ position: 1, title: 'x', evidenceRequired: false }] },
      }),
    );
    err(edit, 409, 'terms_calendar_published');
    expect(ok(await secB1.get(`/api/v1/terms/calendars/${calendarId}`)).tasks).toHaveLength(5);
    err(await stranger.get(`/api/v1/terms/calendars/${calendarId}`), 403, 'forbidden');
  });

  it('lets an admin correct a term, with an audit row; an impossible instant changes nothing', async () => {
    const url = `/api/v1/terms/calendars/${calendarId}/terms/5/correct`;
    err(
      await affairs.post(url, { startsAt: '2026-03-20 22:45', reason: '按紫金山天文台历书' }),
      403,
      'forbidden',
    );
    err(
      await admin.post(url, { startsAt: '2026-03-01 00:00', reason: '错误' }),
      409,
      'terms_invalid_sequence',
    );
    expect((await admin.post(url, { startsAt: '2026-02-31 00:00', reason: '错误' })).status).toBe(400);
    const cal = ok(await admin.post(url, { startsAt: '2026-03-20 22:45', reason: '按紫金山天文台历书' }));
    expect(cal.terms[5]).toMatchObject({
      startsAt: '2026-03-20T14:45:00.000Z',
      libraryStartsAt: '2026-03-20T14:46:00.000Z',
      correction: { reason: '按紫金山天文台历书' },
    });
    expect(cal.terms[4].endsAt).toBe('2026-03-20T14:45:00.000Z');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'terms.term.correct')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before_json).toContain('2026-03-20T14:46:00.000Z');
  });
});

describe('assignment', () => {
  it('assigns to every branch of a subtree, or chosen branches; refuses non-branches and other roles', async () => {
    const url = `/api/v1/terms/calendars/${calendarId}/assignments`;
    const jingzhe = [taskOf.get('春季安全生产党员先锋岗'), taskOf.get('春检预试党员示范')];
    err(
      await secA1.post(url, { taskIds: jingzhe, mode: 'subtree', orgIds: [tree.countyA.id] }),
      403,
      'forbidden',
    );
    const before = await count('terms_assignment');
    err(
      await affairs.post(url, {
        taskIds: jingzhe,
        mode: 'orgs',
        orgIds: [tree.countyA.id, tree.branchA1.id],
      }),
      409,
      'terms_not_a_branch',
    );
    err(
      await affairs.post(url, { taskIds: [999999], mode: 'orgs', orgIds: [tree.branchA1.id] }),
      404,
      'not_found',
    );
    expect(await count('terms_assignment')).toBe(before);
    const a = ok(await affairs.post(url, { taskIds: jingzhe, mode: 'subtree', orgIds: [tree.root.id] }));
    expect(a).toEqual({ created: 6, alreadyAssigned: 0, orgs: 3 });
    const again = ok(
      await affairs.post(url, { taskIds: jingzhe, mode: 'subtree', orgIds: [tree.countyA.id] }),
    );
    expect(again).toEqual({ created: 0, alreadyAssigned: 4, orgs: 2 });
    const others = ['年度党建工作计划', '党员积分制启动', '主题党日：学习贯彻全国两会精神'].map((x) =>
      taskOf.get(x),
    );
    ok(
      await affairs.post(url, {
        taskIds: others,
        mode: 'orgs',
        orgIds: [tree.branchA1.id, tree.branchA2.id],
      }),
    );
  });
});

describe('check-in', () => {
  const mine = async (c: Client, title: string) =>
    (ok(await c.get('/api/v1/terms/assignments')).items as Json[]).find((x) => x.title === title);

  it('checks in on time inside the window, with a note and no evidence where none is required', async () => {
    const a = await mine(secA1, '春季安全生产党员先锋岗');
    expect(a).toMatchObject({ termName: '惊蛰', status: 'open', canCheckIn: true, evidenceRequired: false });
    err(
      await secA1.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '  ' }),
      422,
      'terms_note_required',
    );
    err(await secB1.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '越权' }), 403, 'forbidden');
    err(
      await affairs.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '代打卡' }),
      403,
      'forbidden',
    );
    const done = ok(
      await secA1.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '设立党员责任区 3 个' }),
    );
    expect(done).toMatchObject({
      status: 'done',
      canCheckIn: false,
      checkin: { late: false, note: '设立党员责任区 3 个' },
    });
    err(
      await secA1.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '再次' }),
      409,
      'terms_already_checked_in',
    );
  });

  it('refuses a required-evidence check-in without evidence, then takes an upload by id', async () => {
    const a = await mine(secA1, '春检预试党员示范');
    const before = [await count('terms_checkin'), await count('evidence_link')];
    err(
      await secA1.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '已开展' }),
      422,
      'terms_evidence_required',
    );
    expect([await count('terms_checkin'), await count('evidence_link')]).toEqual(before);
    // A file uploaded for another branch is not this branch's evidence.
    const foreign = await secB1.inject({
      method: 'POST',
      url: '/api/v1/files',
      ...multipart({ orgId: String(tree.branchB1.id) }, { name: 'b.png', content: png, type: 'image/png' }),
    });
    expect(foreign.statusCode).toBe(200);
    err(
      await secA1.post(`/api/v1/terms/assignments/${a.id}/checkin`, {
        note: '已开展',
        fileIds: [foreign.json().id],
      }),
      403,
      'forbidden',
    );
    expect([await count('terms_checkin'), await count('evidence_link')]).toEqual(before);
    const up = await secA1.inject({
      method: 'POST',
      url: '/api/v1/files',
      ...multipart(
        { orgId: String(tree.branchA1.id) },
        { name: '示范.png', content: png, type: 'image/png' },
      ),
    });
    const done = ok(
      await secA1.post(`/api/v1/terms/assignments/${a.id}/checkin`, {
        note: '已开展',
        fileIds: [up.json().id],
      }),
    );
    expect(done.checkin.files).toEqual([{ id: up.json().id, name: '示范.png' }]);
  });

  it('records a check-in after the window as late, within one more window; refuses outside both', async () => {
    const late = await mine(secA1, '党员积分制启动');
    expect(late).toMatchObject({ termName: '雨水', status: 'missing', canCheckIn: true });
    const done = ok(
      await secA1.post(`/api/v1/terms/assignments/${late.id}/checkin`, { note: '补：已公布细则' }),
    );
    expect(done).toMatchObject({ status: 'late', checkin: { late: true } });
    const closed = await mine(secA1, '年度党建工作计划');
    expect(closed).toMatchObject({ termName: '立春', status: 'missing', canCheckIn: false });
    err(
      await secA1.post(`/api/v1/terms/assignments/${closed.id}/checkin`, { note: '补', fileIds: [1] }),
      409,
      'terms_window_closed',
    );
    const early = await mine(secA1, '主题党日：学习贯彻全国两会精神');
    expect(early).toMatchObject({ termName: '春分', status: 'open', canCheckIn: false });
    err(
      await secA1.post(`/api/v1/terms/assignments/${early.id}/checkin`, { note: '提前', fileIds: [1] }),
      409,
      'terms_window_not_open',
    );
  });
});

describe('matrix, export, current term, to-do', () => {
  it('shows each cell’s status with totals per org and per term, scoped to the viewer', async () => {
    const m = ok(await affairs.get(`/api/v1/terms/calendars/${calendarId}/matrix`));
    expect(m.total).toBe(3);
    const row = (id: number) => m.items.find((r: Json) => r.orgId === id);
    const a1 = row(tree.branchA1.id);
    expect(a1.cells.slice(2, 6).map((c: Json) => c.status)).toEqual(['missing', 'late', 'done', 'open']);
    expect(a1.cells[4]).toEqual({ status: 'done', assigned: 2, done: 2 });
    expect(a1.totals).toEqual({ done: 1, late: 1, missing: 1, open: 1, not_assigned: 20 });
    expect(row(tree.branchB1.id).cells[4].status).toBe('open');
    expect(row(tree.branchB1.id).cells[2].status).toBe('not_assigned');
    expect(m.termTotals[4]).toEqual({ done: 1, late: 0, missing: 0, open: 2, not_assigned: 0 });
    expect(m.termTotals[2]).toEqual({ done: 0, late: 0, missing: 2, open: 0, not_assigned: 1 });
    expect(m.termTotals[3]).toEqual({ done: 0, late: 1, missing: 1, open: 0, not_assigned: 1 });
    // Paged by branch; the totals still cover every branch.
    const p2 = ok(await affairs.get(`/api/v1/terms/calendars/${calendarId}/matrix?page=2&pageSize=2`));
    expect(p2.items).toHaveLength(1);
    expect(p2.termTotals).toEqual(m.termTotals);
    const county = ok(await committeeA.get(`/api/v1/terms/calendars/${calendarId}/matrix`));
    expect(county.items.map((r: Json) => r.orgId).sort()).toEqual(
      [tree.branchA1.id, tree.branchA2.id].sort(),
    );
    const b1 = ok(await secB1.get(`/api/v1/terms/calendars/${calendarId}/matrix`));
    expect(b1.items.map((r: Json) => r.orgId)).toEqual([tree.branchB1.id]);
    const filtered = ok(
      await affairs.get(`/api/v1/terms/calendars/${calendarId}/matrix?orgId=${tree.countyB.id}`),
    );
    expect(filtered.items.map((r: Json) => r.orgId)).toEqual([tree.branchB1.id]);
    err(await stranger.get(`/api/v1/terms/calendars/${calendarId}/matrix`), 403, 'forbidden');
  });

  it('exports the matrix to Excel', async () => {
    const res = await affairs.inject({
      method: 'GET',
      url: `/api/v1/terms/calendars/${calendarId}/matrix.xlsx`,
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const text = (ws?.getSheetValues() ?? []).map((r) => JSON.stringify(r)).join('\n');
    expect(text).toContain('A1支部');
    expect(text).toContain('补 逾期完成');
    expect(text).toContain('立春\\n2026-02-04 04:02');
  });

  it('shows the current term, its tasks for the user’s orgs and the days left', async () => {
    const cur = ok(await secA2.get('/api/v1/terms/current'));
    expect(cur).toMatchObject({ today: '2026-03-16', term: { name: '惊蛰' }, daysLeft: 4, calendarId });
    expect(cur.tasks.map((x: Json) => x.title).sort()).toEqual(
      ['春季安全生产党员先锋岗', '春检预试党员示范'].sort(),
    );
    const other = ok(await affairs.get('/api/v1/terms/current'));
    expect(other.term.name).toBe('惊蛰');
    expect(other.tasks).toEqual([]);
  });

  it('puts open tasks on the secretary’s to-do', async () => {
    const todo = ok(await secA2.get('/api/v1/todo'));
    const items = todo.items.filter((x: Json) => x.kind.startsWith('terms.'));
    expect(items).toContainEqual(
      expect.objectContaining({ kind: 'terms.checkin', count: 2, due: '2026-03-20' }),
    );
    expect(items).toContainEqual(expect.objectContaining({ kind: 'terms.late', count: 1, overdue: true }));
    const a1 = ok(await secA1.get('/api/v1/todo'));
    expect(a1.items.filter((x: Json) => x.kind.startsWith('terms.'))).toEqual([]);
  });
});

function wrapJson(raw: { statusCode: number; body: string }) {
  return { status: raw.statusCode, body: JSON.parse(raw.body) as Json };
}

describe('two check-ins at once', () => {
  it('records one and tells the other it is already checked in', async () => {
    const url = `/api/v1/terms/calendars/${calendarId}/assignments`;
    ok(
      await affairs.post(url, {
        taskIds: [taskOf.get('春季安全生产党员先锋岗')],
        mode: 'orgs',
        orgIds: [tree.branchB1.id],
      }),
    );
    const a = (ok(await secB1.get('/api/v1/terms/assignments')).items as Json[]).find(
      (x) => x.title === '春季安全生产党员先锋岗',
    );
    const [r1, r2] = await Promise.all([
      secB1.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '第一次' }),
      secB1.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '第二次' }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const rows = await t.db
      .selectFrom('terms_checkin')
      .selectAll()
      .where('assignment_id', '=', a.id)
      .execute();
    expect(rows).toHaveLength(1);
    const audits = await t.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'terms.checkin')
      .execute();
    expect(audits.filter((x) => x.entity_id === String(a.id))).toHaveLength(1);
  });
});

describe('evidence linked from what the branch recorded', () => {
  it('takes the branch’s own activity instead of an upload, and refuses another branch’s', async () => {
    const committee = await login(
      t.app,
      (await makeUser(t.db, [{ role: 'committee', orgId: tree.root.id }])).account,
      TEST_PASSWORD,
    );
    const schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
    const activity = async (c: Client, branchId: number) => {
      const member = await makeMember(t.db, branchId === tree.branchA1.id ? tree.branchA1 : tree.branchA2);
      const res = await c.post('/api/v1/points/activities', {
        schemeId,
        branchId,
        title: '春检预试党员示范岗活动',
        kind: '主题党日',
        occurredOn: '2026-03-10',
        itemCode: 'P01',
        memberIds: [member.id],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.activityId as number;
    };
    const own = await activity(secA2, tree.branchA2.id);
    const foreign = await activity(secA1, tree.branchA1.id);
    const a = (ok(await secA2.get('/api/v1/terms/assignments')).items as Json[]).find(
      (x) => x.title === '春检预试党员示范',
    );
    const before = await count('terms_checkin');
    err(
      await secA2.post(`/api/v1/terms/assignments/${a.id}/checkin`, {
        note: '已开展',
        activityIds: [foreign],
      }),
      403,
      'forbidden',
    );
    expect(await count('terms_checkin')).toBe(before);
    const done = ok(
      await secA2.post(`/api/v1/terms/assignments/${a.id}/checkin`, { note: '已开展', activityIds: [own] }),
    );
    expect(done.checkin).toMatchObject({ files: [], refs: [{ type: 'points_activity', id: own }] });
    expect(done.status).toBe('done');
  });
});
