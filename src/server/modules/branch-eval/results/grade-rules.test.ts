import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../../db/types.js';
import type { Json } from '../../../test/harness.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  runMonth,
  type Who,
} from '../branch-eval.fixtures.js';

/**
 * The annual grade rule (年定级) as the round committee's versioned setting: the defaults of SPEC §3
 * until a version is saved; each save a new version that the grade board then grades with and
 * names on every row; bad floors, stale versions and anyone but the round's committee refused with
 * nothing changed. One published month (March 2026) of county A's six branches:
 *   A1 100.00 · A2 85.00 · A3 80.00 · A4 75.00 · A5 60.00 · A6 80.00 with its mandatory item missed.
 */
let f: Fixture;
let A: OrgRow[];
const RULE = `${BASE}/years/2026/grade-rule`;
/** What every grade of this file adds: only March 2026 is published. */
const INCOMPLETE = {
  zh: '；全年成绩尚不完整：第1季度缺第1、2个月；第2季度无成绩；第3季度无成绩；第4季度无成绩',
  en: '; the year is incomplete: Q1 lacks months 1, 2; Q2 has no score; Q3 has no score; Q4 has no score',
};
const grades = async (who: Who = 'member') => {
  const res = await f.c(who).get(`${BASE}/years/2026/grades?orgId=${f.countyA.id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const gradeOf = (board: Json, i: number) => {
  const row = board.items.find((r: Json) => r.branchId === A[i - 1]?.id);
  if (!row) throw new Error(`no row for A${i}`);
  return row;
};
const save = (who: Who, body: Record<string, unknown>) =>
  f.c(who).post(RULE, {
    orgId: f.countyA.id,
    advanced: 9000,
    good: 8000,
    average: 7000,
    unrectifiedMandatoryLagging: true,
    ...body,
  });
const ruleAudits = async () =>
  (
    await f.t.db
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json', 'org_id'])
      .where('action', '=', 'branch_eval.grade_rule.save')
      .orderBy('seq')
      .execute()
  ).map((r) => ({
    ...r,
    before: JSON.parse(r.before_json ?? 'null'),
    after: JSON.parse(r.after_json ?? 'null'),
  }));
const savedRows = async () => (await f.t.db.selectFrom('be_grade_rule').selectAll().execute()).length;

beforeAll(async () => {
  f = await createFixture();
  A = f.branches;
  await approvedPlans(f, '2026-Q1');
  await runMonth(
    f,
    '2026-03',
    [
      { B1: 3000, E1: 3000, E2: 2000 },
      { B1: 2500, E1: 2500, E2: 1500 },
      { B1: 2000, E1: 2500, E2: 1500 },
      { B1: 2000, E1: 2000, E2: 1500 },
      { B1: 1500, E1: 1500, E2: 1000 },
      { B1: 3000, E1: 3000, E2: 2000, missed: true },
    ],
    { verifyOn: '2026-04-01' },
  );
});
afterAll(() => f.t.close());

describe('the annual grade rule (年定级规则)', () => {
  it('with nothing saved the defaults grade the board, and every row says so', async () => {
    const rule = await f.c('member').get(`${RULE}?orgId=${f.countyA.id}`);
    expect(rule.status).toBe(200);
    expect(rule.body).toMatchObject({
      orgId: f.countyA.id,
      year: 2026,
      current: {
        version: 0,
        isDefault: true,
        advanced: 9000,
        good: 8000,
        average: 7000,
        unrectifiedMandatoryLagging: true,
      },
      versions: [],
      maxFloor: 11000,
      canEdit: false,
    });
    expect((await f.c('committee').get(`${RULE}?orgId=${f.countyA.id}`)).body.canEdit).toBe(true);
    expect((await f.c('office').get(`${RULE}?orgId=${f.countyA.id}`)).body.canEdit).toBe(false);

    const board = await grades();
    expect(board.rule).toMatchObject({ version: 0, isDefault: true });
    expect(board.thresholds).toEqual({ advanced: 9000, good: 8000, average: 7000 });
    expect([1, 2, 3, 4, 5, 6].map((i) => [gradeOf(board, i).annualScore, gradeOf(board, i).grade])).toEqual([
      [10000, 'advanced'],
      [8500, 'good'],
      [8000, 'good'],
      [7500, 'average'],
      [6000, 'lagging'],
      [8000, 'lagging'],
    ]);
    expect(board.items.every((r: Json) => r.ruleVersion === 0)).toBe(true);
    expect(gradeOf(board, 3)).toMatchObject({
      floor: { grade: 'good', points: 8000, reached: true },
      explanation: {
        // Only March is published: the grade says the year is not complete.
        zh: `年度得分 80.00 ≥ 良好线 80.00（默认定级规则），定为良好${INCOMPLETE.zh}`,
        en: `Annual score 80.00 ≥ the good floor 80.00 (the default grade rule): good${INCOMPLETE.en}`,
      },
    });
    expect(gradeOf(board, 5)).toMatchObject({ floor: { grade: 'average', points: 7000, reached: false } });
    expect(gradeOf(board, 6)).toMatchObject({
      floor: null,
      unrectifiedMonths: ['2026-03'],
      reason: { code: 'mandatory_missed_unrectified' },
    });
  });

  it('the committee saves a new version; the board grades with it and names it', async () => {
    const saved = await save('committee', {
      advanced: 9500,
      good: 8500,
      average: 7500,
      unrectifiedMandatoryLagging: false,
      note: '2026年起提高定级标准',
      expectedVersion: 0,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.current).toMatchObject({
      version: 1,
      isDefault: false,
      advanced: 9500,
      good: 8500,
      average: 7500,
      unrectifiedMandatoryLagging: false,
      note: '2026年起提高定级标准',
    });
    expect(saved.body.current.createdBy.name).toBeTruthy();
    expect(saved.body.versions.map((v: Json) => v.version)).toEqual([1]);

    const board = await grades();
    expect(board.rule).toMatchObject({ version: 1, advanced: 9500 });
    expect(board.thresholds).toEqual({ advanced: 9500, good: 8500, average: 7500 });
    expect([1, 2, 3, 4, 5, 6].map((i) => gradeOf(board, i).grade)).toEqual([
      'advanced',
      'good',
      'average',
      'average',
      'lagging',
      'average',
    ]);
    expect(board.items.every((r: Json) => r.ruleVersion === 1)).toBe(true);
    expect(gradeOf(board, 2).explanation.zh).toBe(
      `年度得分 85.00 ≥ 良好线 85.00（定级规则第 1 版），定为良好${INCOMPLETE.zh}`,
    );
    // The missed month is still listed, but under this version it does not force 后进.
    expect(gradeOf(board, 6)).toMatchObject({ unrectifiedMonths: ['2026-03'], grade: 'average' });
    expect(gradeOf(board, 6).explanation.zh).toContain('本规则下必备项缺失未整改不强制定为后进（2026-03）');

    const again = await save('committee', { advanced: 9200, expectedVersion: 1 });
    expect(again.status).toBe(200);
    expect(again.body.versions.map((v: Json) => [v.version, v.advanced])).toEqual([
      [2, 9200],
      [1, 9500],
    ]);
    const later = await grades();
    expect(gradeOf(later, 6)).toMatchObject({ grade: 'lagging', ruleVersion: 2 });
    expect(gradeOf(later, 6).explanation.zh).toBe(
      `有必备项缺失且未整改的月份（2026-03），按定级规则第 2 版定为后进${INCOMPLETE.zh}`,
    );
    // Anyone who reads the board reads the history that graded it.
    const history = await f.c('sec4').get(`${RULE}?orgId=${f.countyA.id}`);
    expect(history.body.versions.map((v: Json) => v.version)).toEqual([2, 1]);

    const audits = await ruleAudits();
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      org_id: f.countyA.id,
      before: { version: 0, advanced: 9000, good: 8000, average: 7000, unrectifiedMandatoryLagging: true },
      after: { version: 1, advanced: 9500, good: 8500, average: 7500, unrectifiedMandatoryLagging: false },
    });
    expect(audits[1]).toMatchObject({ before: { version: 1 }, after: { version: 2, advanced: 9200 } });
    expect((await f.c('admin').post('/api/v1/audit/verify', {})).body).toMatchObject({ ok: true });
  });

  it('bad floors and stale versions are refused, and nothing changes', async () => {
    const rows = await savedRows();
    const audits = (await ruleAudits()).length;
    const cases: [Record<string, unknown>, number, string, string | null][] = [
      [{ good: 9000, expectedVersion: 2 }, 400, 'validation_failed', '先进线（90.00）须高于良好线（90.00）'],
      [
        { average: 8500, expectedVersion: 2 },
        400,
        'validation_failed',
        '良好线（80.00）须高于一般线（85.00）',
      ],
      [
        { advanced: 11001, expectedVersion: 2 },
        400,
        'validation_failed',
        '先进线 110.01 须在 0.00 至 110.00 分之间',
      ],
      [{ average: -100, expectedVersion: 2 }, 400, 'validation_failed', null],
      [{ good: 80.5, expectedVersion: 2 }, 400, 'validation_failed', null],
      [{ advanced: undefined, expectedVersion: 2 }, 400, 'validation_failed', null],
      [{ expectedVersion: 1 }, 409, 'stale_record', null],
      [{ expectedVersion: 0 }, 409, 'stale_record', null],
    ];
    for (const [body, status, code, zh] of cases) {
      const res = await save('committee', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (zh) {
        expect(res.body.error.messages['zh-CN']).toBe(zh);
        expect(res.body.error.details.issues[0].message.zh).toBe(zh);
      }
    }
    // English messages too.
    const en = await f.c('committee').inject({
      method: 'POST',
      url: `${RULE}?lang=en`,
      payload: {
        orgId: f.countyA.id,
        advanced: 9000,
        good: 9000,
        average: 7000,
        unrectifiedMandatoryLagging: true,
        expectedVersion: 2,
      },
    });
    expect(en.json().error.message).toBe('The advanced floor (90.00) must be above the good floor (90.00)');
    expect(await savedRows()).toBe(rows);
    expect((await ruleAudits()).length).toBe(audits);
    expect((await f.c('member').get(`${RULE}?orgId=${f.countyA.id}`)).body.current.version).toBe(2);
  });

  it('two committee members saving the same version at once: one wins, the other is told to reload', async () => {
    const [a, b] = await Promise.all([
      save('committee', { advanced: 9300, expectedVersion: 2 }),
      save('committee', { advanced: 9400, expectedVersion: 2 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.error.code).toBe('stale_record');
    const rule = await f.c('member').get(`${RULE}?orgId=${f.countyA.id}`);
    expect(rule.body.versions.map((v: Json) => v.version)).toEqual([3, 2, 1]);
  });

  it('only the round’s committee may save; other roles and other committees are refused, nothing changes', async () => {
    const rows = await savedRows();
    for (const who of ['office', 'affairs', 'admin', 'sec1', 'member', 'committeeB'] as Who[]) {
      const res = await save(who, { expectedVersion: 3 });
      expect(res.status, who).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    // Outside county A: neither its rule nor its board.
    for (const who of ['committeeB', 'secB1', 'officeB'] as Who[]) {
      expect((await f.c(who).get(`${RULE}?orgId=${f.countyA.id}`)).status, who).toBe(403);
    }
    expect((await f.c('committee').get(`${RULE}?orgId=999999`)).status).toBe(404);
    expect((await save('committee', { orgId: 999999, expectedVersion: 0 })).status).toBe(404);
    expect(await savedRows()).toBe(rows);
  });

  it('a rule belongs to one committee and one year', async () => {
    const b = await save('committeeB', { orgId: f.countyB.id, advanced: 9900, expectedVersion: 0 });
    expect(b.status).toBe(200);
    expect(b.body.current).toMatchObject({ version: 1, advanced: 9900 });
    expect((await f.c('member').get(`${RULE}?orgId=${f.countyA.id}`)).body.current.version).toBe(3);
    const nextYear = await f.c('member').get(`${BASE}/years/2027/grade-rule?orgId=${f.countyA.id}`);
    expect(nextYear.body).toMatchObject({
      year: 2027,
      current: { version: 0, isDefault: true },
      versions: [],
    });
    const board2027 = await f.c('member').get(`${BASE}/years/2027/grades?orgId=${f.countyA.id}`);
    expect(board2027.body).toMatchObject({ items: [], total: 0, rule: { version: 0 } });
  });
});
