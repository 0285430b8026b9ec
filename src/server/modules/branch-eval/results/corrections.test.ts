import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../../db/types.js';
import { makeOrg } from '../../../test/factories.js';
import type { Json } from '../../../test/harness.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  type QuickSpec,
  runMonth,
  uploadFile,
} from '../branch-eval.fixtures.js';

/**
 * Corrections after publication (SPEC §7 "Approved records are corrected by new records, never
 * edited in place; every change is in the audit log"). County A's March 2026 is published:
 *   A1 90.00 (1) · A2 89.00 (2) · A4 87.00 (3) · A5 86.00 (4) · A6 85.00 (5) · A3 68.00 (6, M1 missed)
 * and April is published with the order reversed, May approved but not published. The office
 * corrects A6's verified B1 (25 → 30) and A3's M1 (proven done); the committee approves, and the
 * whole month is ranked again as a new result version while the old one stays readable.
 */
let f: Fixture;
let A: number;
let a: OrgRow[];
const API = '/api/integration/v1/branch-eval';
let key = '';

const spec = (B1: number, missed = false): QuickSpec => ({ B1, E1: 2500, E2: 1500, missed });

beforeAll(async () => {
  f = await createFixture();
  A = f.countyA.id;
  a = f.branches;
  await approvedPlans(f, '2026-Q1');
  await approvedPlans(f, '2026-Q2');
  await runMonth(
    f,
    '2026-03',
    [spec(3000), spec(2900), spec(2800, true), spec(2700), spec(2600), spec(2500)],
    {
      verifyOn: '2026-04-01',
    },
  );
  await runMonth(f, '2026-04', [spec(2500), spec(2600), spec(2700), spec(2800), spec(2900), spec(3000)], {
    verifyOn: '2026-05-06',
  });
  await runMonth(f, '2026-05', [spec(2500), spec(2600), spec(2700), spec(2800), spec(2900), spec(3000)], {
    verifyOn: '2026-06-01',
    publish: false,
  });
  await f.at('2026-06-10T02:00:00.000Z');
  const issued = await f.c('admin').post(`${BASE}/integration-keys`, { orgId: A, name: '对标管理信息系统' });
  expect(issued.status).toBe(200);
  key = issued.body.key;
});
afterAll(() => f.t.close());

const id = (i: number) => (a[i] as OrgRow).id;
const march = () => f.c('committee').get(`${BASE}/months/2026-03/rankings?orgId=${A}&pageSize=200`);
const april = () => f.c('committee').get(`${BASE}/months/2026-04/rankings?orgId=${A}&pageSize=200`);
/** [branch index, total, rank] in ranking order. */
const table = (body: Json) =>
  body.items.map((r: Json) => [a.findIndex((b) => b.id === r.branchId) + 1, r.total, r.rank]);
const api = (url: string, headers: Record<string, string> = {}) =>
  f.t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers } });

/** What must not change when a correction is refused. */
async function snapshot() {
  const db = f.t.db;
  return {
    months: await db.selectFrom('be_month').selectAll().orderBy('id').execute(),
    scores: await db
      .selectFrom('be_month_score')
      .selectAll()
      .orderBy('month_id')
      .orderBy('branch_id')
      .execute(),
    corrections: await db.selectFrom('be_correction').selectAll().orderBy('id').execute(),
    versions: await db.selectFrom('be_month_score_version').selectAll().execute(),
    audit: (await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').executeTakeFirst())?.seq,
  };
}

const file = (body: object, who: Parameters<Fixture['c']>[0] = 'office') =>
  f.c(who).post(`${BASE}/corrections`, body);

let c1 = 0;
let c2 = 0;

describe('filing a correction', () => {
  it('is refused with a clear error, and nothing changes, when it should be', async () => {
    const newcomer = await makeOrg(f.t.db, 'branch', f.countyA, '新成立支部');
    const before = await snapshot();
    const ok = { branchId: id(5), month: '2026-03', items: [{ code: 'B1', verified: 3000 }], reason: '复核' };

    // A month that is approved but not published, and one not even approved.
    const may = await file({ ...ok, month: '2026-05' });
    expect(may.status).toBe(409);
    expect(may.body.error.code).toBe('results_not_available');
    expect(may.body.error.messages['zh-CN']).toContain('尚未发布');
    expect((await file({ ...ok, month: '2026-06' })).body.error.code).toBe('results_not_available');

    // A branch outside the office's reach, and a branch of county A that has no result that month.
    const foreign = await file({ ...ok, branchId: f.others[0]?.id });
    expect(foreign.status).toBe(403);
    const outside = await file({ ...ok, branchId: newcomer.id });
    expect(outside.status).toBe(404);
    expect(outside.body.error.messages['zh-CN']).toContain('不在');
    // County B's office has no result of its own branches either (no plan there).
    expect((await file({ ...ok, branchId: f.others[0]?.id }, 'officeB')).status).toBe(404);

    // Scores out of range or of the wrong kind, unknown indicators, nothing changed.
    const above = await file({ ...ok, items: [{ code: 'B1', verified: 3001 }] });
    expect(above.status).toBe(400);
    expect(above.body.error.code).toBe('score_above_max');
    expect(above.body.error.messages['zh-CN']).toContain('B1');
    const award = await file({ ...ok, items: [{ code: 'I1', innovationAward: 600 }] });
    expect(award.body.error.code).toBe('score_above_max');
    expect((await file({ ...ok, items: [{ code: 'B1', verified: -1 }] })).body.error.code).toBe(
      'score_invalid',
    );
    expect((await file({ ...ok, items: [{ code: 'B1', innovationAward: 100 }] })).body.error.code).toBe(
      'input_not_applicable',
    );
    expect((await file({ ...ok, items: [{ code: 'X9', verified: 100 }] })).body.error.code).toBe(
      'unknown_indicator',
    );
    expect(
      (await file({ ...ok, items: [{ code: 'B1', verified: 2500 }] })).body.error.messages['zh-CN'],
    ).toContain('相同');
    expect(
      (
        await file({
          ...ok,
          items: [
            { code: 'B1', verified: 3000 },
            { code: 'B1', verified: 2900 },
          ],
        })
      ).status,
    ).toBe(400);

    // A reason is required.
    expect((await file({ ...ok, reason: '  ' })).body.error.code).toBe('validation_failed');

    // Only the joint-evaluation office files: not the committee, the branch or a member.
    for (const who of ['committee', 'sec6', 'member', 'affairs'] as const) {
      expect((await file(ok, who)).status, who).toBe(403);
    }

    expect(await snapshot()).toEqual(before);
  });

  it('the office files a correction with its reason and evidence; it waits for the committee', async () => {
    const evidence = await uploadFile(f, 'office', id(5), '三会一课补充记录.png');
    const res = await file({
      branchId: id(5),
      month: '2026-03',
      items: [{ code: 'B1', verified: 3000 }],
      reason: '三会一课记录在验证时漏看，复核后应得满分',
      fileIds: [evidence],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    c1 = res.body.id;
    expect(res.body).toMatchObject({
      orgId: A,
      month: '2026-03',
      branchId: id(5),
      state: 'pending',
      items: [
        {
          code: 'B1',
          name: '三会一课',
          category: 'basic',
          maxPoints: 3000,
          before: { verified: 2500, done: null, innovationAward: null },
          after: { verified: 3000, done: null, innovationAward: null },
        },
      ],
      files: [{ id: evidence, name: '三会一课补充记录.png' }],
      decidedBy: null,
      resultVersion: null,
      // The office may not decide its own correction.
      actions: [],
    });

    // A second correction of the same indicator waits until this one is decided.
    const clash = await file({
      branchId: id(5),
      month: '2026-03',
      items: [{ code: 'B1', verified: 2900 }],
      reason: '再次',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.messages['zh-CN']).toContain('待审定');

    // Nothing published changes while it waits.
    expect(table((await march()).body)).toEqual([
      [1, 9000, 1],
      [2, 8900, 2],
      [4, 8700, 3],
      [5, 8600, 4],
      [6, 8500, 5],
      [3, 6800, 6],
    ]);
    expect((await march()).body).toMatchObject({ resultVersion: 1, correctionCount: 0, correctedAt: null });

    const audit = await f.t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'branch_eval.correction.file')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({
      month: '2026-03',
      branchId: id(5),
      reason: '三会一课记录在验证时漏看，复核后应得满分',
      items: [{ code: 'B1', before: { verified: 2500 }, after: { verified: 3000 } }],
    });
  });

  it('the committee sees pending corrections in its to-do list and in the list, with its buttons', async () => {
    const todo = await f.c('committee').get('/api/v1/todo');
    const item = todo.body.items.find((i: Json) => i.kind === 'branch_eval.correction.approve');
    expect(item).toMatchObject({ count: 1, link: `/branch-eval/approve?org=${A}&month=2026-03`, orgId: A });
    expect(item.title['zh-CN']).toContain('更正');
    expect(
      (await f.c('office').get('/api/v1/todo')).body.items.some(
        (i: Json) => i.kind === 'branch_eval.correction.approve',
      ),
    ).toBe(false);

    const list = await f.c('committee').get(`${BASE}/corrections?orgId=${A}&state=pending`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      id: c1,
      actions: ['approve', 'reject'],
      filedBy: { name: expect.any(String) },
    });
    // The branch's own users do not see the office's pending work.
    expect((await f.c('sec6').get(`${BASE}/corrections?orgId=${A}`)).status).toBe(403);
    expect((await f.c('sec6').get(`${BASE}/corrections/${c1}`)).status).toBe(403);
    expect((await f.c('committeeB').get(`${BASE}/corrections/${c1}`)).status).toBe(403);
  });
});

describe('approving a correction', () => {
  let etagList = '';
  let etagMarch = '';

  it('only the committee decides', async () => {
    etagList = String((await api(`${API}/months`)).headers.etag);
    etagMarch = String((await api(`${API}/months/2026-03`)).headers.etag);
    const before = await snapshot();
    expect((await f.c('office').post(`${BASE}/corrections/${c1}/approve`, {})).status).toBe(403);
    expect((await f.c('committeeB').post(`${BASE}/corrections/${c1}/approve`, {})).status).toBe(403);
    expect((await f.c('sec6').post(`${BASE}/corrections/${c1}/approve`, {})).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('computes a new result version of the whole month: totals, every rank, the following month’s movement', async () => {
    const res = await f.c('committee').post(`${BASE}/corrections/${c1}/approve`, { note: '同意更正' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      state: 'approved',
      decidedBy: { name: expect.any(String) },
      decidedAt: expect.any(String),
      decisionNote: '同意更正',
      resultVersion: 2,
      actions: [],
    });

    // A6 climbs from 85.00 (5th) to 90.00, tied first with A1; everyone behind moves down.
    const m = (await march()).body;
    expect(table(m)).toEqual([
      [1, 9000, 1],
      [6, 9000, 1],
      [2, 8900, 3],
      [4, 8700, 4],
      [5, 8600, 5],
      [3, 6800, 6],
    ]);
    expect(m).toMatchObject({ resultVersion: 2, correctionCount: 1, correctedAt: expect.any(String) });
    const a6 = m.items.find((r: Json) => r.branchId === id(5));
    expect(a6.correction).toEqual({ count: 1, correctedAt: m.correctedAt });
    expect(a6.byCategory.basic).toBe(3000);
    expect(m.items.find((r: Json) => r.branchId === id(0)).correction).toBeNull();

    // April was ranked against March: its previous ranks and movement follow.
    const apr = (await april()).body;
    const moves = Object.fromEntries(
      apr.items.map((r: Json) => [
        a.findIndex((b) => b.id === r.branchId) + 1,
        [r.previousRank, r.rank, r.movement],
      ]),
    );
    expect(moves).toEqual({
      6: [1, 1, 0],
      5: [5, 2, 3],
      4: [4, 3, 1],
      3: [6, 4, 2],
      2: [3, 5, -2],
      1: [1, 6, -5],
    });
    expect(apr).toMatchObject({ resultVersion: 2, correctionCount: 0 });

    // The month view shows the version and the correction.
    const view = await f.c('committee').get(`${BASE}/months/2026-03?orgId=${A}`);
    expect(view.body).toMatchObject({ state: 'published', resultVersion: 2, correctionCount: 1 });
  });

  it('keeps every version readable: the numbers as first approved are still there', async () => {
    const versions = await f.c('committee').get(`${BASE}/months/2026-03/result-versions?orgId=${A}`);
    expect(versions.status).toBe(200);
    expect(versions.body).toMatchObject({
      current: 2,
      versions: [
        { version: 2, cause: 'correction', correctionId: c1, current: true },
        { version: 1, cause: 'approval', correctionId: null, current: false },
      ],
    });
    const v1 = await f.c('committee').get(`${BASE}/months/2026-03/result-versions/1?orgId=${A}&pageSize=200`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, current: false, total: 6 });
    expect(table(v1.body)).toEqual([
      [1, 9000, 1],
      [2, 8900, 2],
      [4, 8700, 3],
      [5, 8600, 4],
      [6, 8500, 5],
      [3, 6800, 6],
    ]);
    const aprV1 = await f
      .c('committee')
      .get(`${BASE}/months/2026-04/result-versions/1?orgId=${A}&pageSize=200`);
    expect(aprV1.body.items.find((r: Json) => r.branchId === id(5)).movement).toBe(4);
    const aprVersions = await f.c('committee').get(`${BASE}/months/2026-04/result-versions?orgId=${A}`);
    expect(aprVersions.body.versions[0]).toMatchObject({ version: 2, cause: 'movement', correctionId: c1 });
    expect((await f.c('committee').get(`${BASE}/months/2026-03/result-versions/9?orgId=${A}`)).status).toBe(
      404,
    );
    // Published versions are for whoever reads the published board.
    expect((await f.c('member').get(`${BASE}/months/2026-03/result-versions/1?orgId=${A}`)).status).toBe(200);
  });

  it('the explanation shows the original verified score, the correction, who approved it and when', async () => {
    const ex = await f.c('sec6').get(`${BASE}/branches/${id(5)}/months/2026-03/score`);
    expect(ex.status).toBe(200);
    expect(ex.body).toMatchObject({ total: 9000, rank: 1, resultVersion: 2, correction: { count: 1 } });
    const b1 = ex.body.indicators.find((i: Json) => i.code === 'B1');
    expect(b1).toMatchObject({ score: 3000, verified: 3000, verifyReason: null });
    expect(b1.corrections).toEqual([
      {
        correctionId: c1,
        before: { verified: 2500, done: null, innovationAward: null },
        after: { verified: 3000, done: null, innovationAward: null },
        reason: '三会一课记录在验证时漏看，复核后应得满分',
        filedAt: expect.any(String),
        approvedBy: { id: expect.any(Number), name: expect.any(String) },
        approvedAt: ex.body.correction.correctedAt,
      },
    ]);
    expect(ex.body.indicators.find((i: Json) => i.code === 'E1').corrections).toEqual([]);
    // Peer scores stay bare numbers: no rater anywhere in what the branch reads.
    expect(JSON.stringify(ex.body)).not.toMatch(/raterBranch|"raters"/);

    // The branch's month keeps the office's verification as it was, with the corrected figure beside it.
    const sheet = await f.c('sec6').get(`${BASE}/branches/${id(5)}/months/2026-03`);
    const row = sheet.body.indicators.find((i: Json) => i.code === 'B1');
    expect(row.verification.verified).toBe(2500);
    expect(row.correction).toMatchObject({ verified: 3000, count: 1 });
    // In the database too: the verification is not edited, the correction is a record of its own.
    const bmId = (
      await f.t.db
        .selectFrom('be_correction')
        .select('branch_month_id')
        .where('id', '=', c1)
        .executeTakeFirstOrThrow()
    ).branch_month_id;
    const verification = await f.t.db
      .selectFrom('be_verification')
      .select('verified')
      .where('code', '=', 'B1')
      .where('branch_month_id', '=', bmId)
      .execute();
    expect(verification).toEqual([{ verified: 2500 }]);
  });

  it('the benchmarking API serves the corrected numbers with a new version, so pollers fetch again', async () => {
    const list = await api(`${API}/months`, { 'if-none-match': etagList });
    expect(list.statusCode).toBe(200);
    expect(String(list.headers.etag)).not.toBe(etagList);
    expect(list.json().months).toMatchObject([
      { month: '2026-03', version: 2, correctionCount: 1, correctedAt: expect.any(String) },
      { month: '2026-04', version: 2, correctionCount: 0, correctedAt: null },
    ]);
    const m = await api(`${API}/months/2026-03`, { 'if-none-match': etagMarch });
    expect(m.statusCode).toBe(200);
    const body = m.json();
    expect(body).toMatchObject({ version: 2, correctionCount: 1 });
    expect(body.total.find((r: Json) => r.branchId === id(5))).toMatchObject({
      rank: 1,
      total: 9000,
      totalText: '90.00',
      corrected: true,
    });
    expect(body.total.find((r: Json) => r.branchId === id(1))).toMatchObject({ rank: 3, corrected: false });
    const b1 = body.indicators.find((i: Json) => i.code === 'B1');
    expect(
      b1.rows
        .filter((r: Json) => r.rank === 1)
        .map((r: Json) => r.branchId)
        .sort(),
    ).toEqual([id(0), id(5)].sort());
  });

  it('quarter scores, the report and the export follow', async () => {
    const q = await f.c('committee').get(`${BASE}/quarters/2026-Q1/scores?orgId=${A}&pageSize=200`);
    const a6 = q.body.items.find((r: Json) => r.branchId === id(5));
    expect(a6).toMatchObject({ score: 9000, rank: 1 });
    const report = await f.c('committee').get(`${BASE}/months/2026-03/report?orgId=${A}`);
    expect(report.body.rows.find((r: Json) => r.branchId === id(5)).correction).toMatchObject({ count: 1 });
    const xlsx = await f
      .c('committee')
      .inject({ method: 'GET', url: `${BASE}/months/2026-03/rankings.xlsx?orgId=${A}` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('总排名')?.getSheetValues() ?? [];
    const a6Row = rows.find((r) => Array.isArray(r) && r[4] === a[5]?.name) as unknown[] | undefined;
    expect(String(a6Row?.[12])).toMatch(/^已更正 1 次/);
  });

  it('approving twice is refused and changes nothing', async () => {
    const before = await snapshot();
    const again = await f.c('committee').post(`${BASE}/corrections/${c1}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
    expect(again.body.error.messages['zh-CN']).toContain('已处理');
    expect((await f.c('committee').post(`${BASE}/corrections/${c1}/reject`, { reason: '撤回' })).status).toBe(
      409,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('a mandatory item later proven done lifts the month out of mandatory_missed and the grade follows', async () => {
    const grades = async () =>
      (await f.c('committee').get(`${BASE}/years/2026/grades?orgId=${A}&pageSize=200`)).body.items.find(
        (r: Json) => r.branchId === id(2),
      );
    expect((await grades()).unrectifiedMonths).toEqual(['2026-03']);
    // Done needs the verified score with it.
    const incomplete = await file({
      branchId: id(2),
      month: '2026-03',
      items: [{ code: 'M1', done: true }],
      reason: '补交会议记录',
    });
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.error.messages['zh-CN']).toContain('M1');
    const res = await file({
      branchId: id(2),
      month: '2026-03',
      items: [{ code: 'M1', done: true, verified: 2000 }],
      reason: '支部委员会会议记录已补交，确认本月已召开',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    c2 = res.body.id;
    expect(res.body.items[0]).toMatchObject({
      before: { done: false },
      after: { done: true, verified: 2000 },
    });
    const ok = await f.c('committee').post(`${BASE}/corrections/${c2}/approve`, {});
    expect(ok.status).toBe(200);
    expect(ok.body.resultVersion).toBe(3);

    expect(table((await march()).body)).toEqual([
      [1, 9000, 1],
      [6, 9000, 1],
      [2, 8900, 3],
      [3, 8800, 4],
      [4, 8700, 5],
      [5, 8600, 6],
    ]);
    const ex = await f.c('sec3').get(`${BASE}/branches/${id(2)}/months/2026-03/score`);
    expect(ex.body).toMatchObject({ mandatoryMissed: false, missedIndicators: [], resultVersion: 3 });
    const m1 = ex.body.indicators.find((i: Json) => i.code === 'M1');
    expect(m1).toMatchObject({ score: 2000, done: true, verifyReason: '本月未召开支部委员会' });
    expect(m1.corrections[0]).toMatchObject({
      before: { done: false },
      after: { done: true, verified: 2000 },
    });
    expect((await grades()).unrectifiedMonths).toEqual([]);
    // A6's correction is still in force in version 3.
    const a6 = await f.c('sec6').get(`${BASE}/branches/${id(5)}/months/2026-03/score`);
    expect(a6.body.indicators.find((i: Json) => i.code === 'B1').corrections).toHaveLength(1);
    expect((await april()).body.items.find((r: Json) => r.branchId === id(2))).toMatchObject({
      previousRank: 4,
      movement: 0,
    });
  });

  it('every decision is in the audit log, and the chain still verifies', async () => {
    const rows = await f.t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'before_json', 'after_json'])
      .where('action', 'in', [
        'branch_eval.correction.file',
        'branch_eval.correction.approve',
        'branch_eval.correction.reject',
        'branch_eval.month.movement_update',
      ])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => [r.action, Number(r.entity_id)])).toEqual([
      ['branch_eval.correction.file', c1],
      ['branch_eval.correction.approve', c1],
      ['branch_eval.month.movement_update', expect.any(Number)],
      ['branch_eval.correction.file', c2],
      ['branch_eval.correction.approve', c2],
      ['branch_eval.month.movement_update', expect.any(Number)],
    ]);
    expect(JSON.parse(rows[1]?.before_json ?? '{}')).toMatchObject({ version: 1, total: 8500, rank: 5 });
    expect(JSON.parse(rows[1]?.after_json ?? '{}')).toMatchObject({ version: 2, total: 9000, rank: 1 });
    const verified = await f.c('admin').post('/api/v1/audit/verify', {});
    expect(verified.status).toBe(200);
    expect(verified.body.ok).toBe(true);
  });
});

describe('rejecting a correction', () => {
  it('needs a reason, leaves the results as they are, and is audited', async () => {
    const res = await file({
      branchId: id(0),
      month: '2026-04',
      items: [{ code: 'I1', innovationAward: 300 }],
      reason: '申报创新案例',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const before = await snapshot();
    const noReason = await f.c('committee').post(`${BASE}/corrections/${res.body.id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(await snapshot()).toEqual(before);
    const rejected = await f.c('committee').post(`${BASE}/corrections/${res.body.id}/reject`, {
      reason: '案例未在本月实施，不予认定',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      state: 'rejected',
      decisionNote: '案例未在本月实施，不予认定',
      resultVersion: null,
      actions: [],
    });
    const after = await snapshot();
    expect(after.scores).toEqual(before.scores);
    expect(after.months).toEqual(before.months);
    expect(
      await f.t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'branch_eval.correction.reject')
        .execute(),
    ).toHaveLength(1);
    expect((await f.c('committee').get(`${BASE}/corrections?orgId=${A}&state=pending`)).body.total).toBe(0);
    expect(
      (await f.c('committee').get('/api/v1/todo')).body.items.some(
        (i: Json) => i.kind === 'branch_eval.correction.approve',
      ),
    ).toBe(false);
  });
});

describe('two approvals of one month at once', () => {
  it('never lose an update: each approval that succeeds has its own version', async () => {
    const one = await file({
      branchId: id(1),
      month: '2026-04',
      items: [{ code: 'B1', verified: 2700 }],
      reason: '复核一',
    });
    const two = await file({
      branchId: id(3),
      month: '2026-04',
      items: [{ code: 'B1', verified: 2900 }],
      reason: '复核二',
    });
    expect([one.status, two.status]).toEqual([200, 200]);
    // Version 1 (approval), then one for each change of March's ranks (movement).
    const base = (await april()).body.resultVersion;
    expect(base).toBe(3);
    const results = await Promise.all([
      f.c('committee').post(`${BASE}/corrections/${one.body.id}/approve`, {}),
      f.c('committee').post(`${BASE}/corrections/${two.body.id}/approve`, {}),
    ]);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe('stale_record');
    const versions = (await f.c('committee').get(`${BASE}/months/2026-04/result-versions?orgId=${A}`)).body;
    // One more version per approved correction, none lost or doubled.
    expect(versions.current).toBe(base + ok.length);
    expect(versions.versions.map((v: Json) => v.version)).toEqual(
      Array.from({ length: base + ok.length }, (_, i) => base + ok.length - i),
    );
    const apr = (await april()).body;
    expect(apr.correctionCount).toBe(ok.length);
    expect(apr.items.filter((r: Json) => r.correction !== null)).toHaveLength(ok.length);
    // May, approved, was ranked against April: its movement follows April's version in force.
    const may = await f.t.db
      .selectFrom('be_month_score as s')
      .innerJoin('be_month as m', 'm.id', 's.month_id')
      .select(['s.branch_id', 's.prev_rank'])
      .where('m.month', '=', '2026-05')
      .where('m.org_id', '=', A)
      .execute();
    const aprRank = new Map(apr.items.map((r: Json) => [r.branchId, r.rank]));
    for (const s of may) expect(s.prev_rank).toBe(aprRank.get(s.branch_id));
  });
});
