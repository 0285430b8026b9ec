import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlans, BASE, createFixture, type Fixture } from '../branch-eval.fixtures.js';

/**
 * A year whose fourth quarter holds only October: the quarter board says Q4 is incomplete, and so
 * must every annual grade computed from it — the page's board, its spreadsheet and the
 * benchmarking API.
 */
let f: Fixture;
const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => `2026-${m}`);

beforeAll(async () => {
  f = await createFixture();
  for (const q of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) await approvedPlans(f, q);
  const plans = await f.t.db
    .selectFrom('be_plan')
    .select(['branch_id', 'quarter', 'current_version_id'])
    .where('org_id', '=', f.countyA.id)
    .execute();
  const committee = await f.t.db
    .selectFrom('app_user')
    .select('id')
    .where('account', '=', f.accounts.get('committee') ?? '')
    .executeTakeFirstOrThrow();
  // Ten months stored as approval stores them (every branch the same 90.00, rank 1).
  for (const key of MONTHS) {
    const at = `${key}-28T02:00:00.000Z`;
    const quarter = `2026-Q${Math.ceil(Number(key.slice(5)) / 3)}`;
    const month = await f.t.db
      .insertInto('be_month')
      .values({
        org_id: f.countyA.id,
        month: key,
        state: 'published',
        approved_by: committee.id,
        approved_at: at,
        published_by: committee.id,
        published_on: at.slice(0, 10),
        published_at: at,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await f.t.db
      .insertInto('be_month_score')
      .values(
        f.branches.map((b) => ({
          month_id: month.id,
          branch_id: b.id,
          plan_version_id:
            plans.find((p) => p.branch_id === b.id && p.quarter === quarter)?.current_version_id ?? 0,
          total: 9000,
          mandatory: 2000,
          basic: 3000,
          evaluative: 4000,
          innovation: 0,
          mandatory_missed: 0 as const,
          rank: 1,
          prev_rank: null,
          movement: null,
          evidence_total: 0,
          evidence_late: 0,
          signal_tenths: null,
          explanation_json: '{}',
          computed_at: at,
        })),
      )
      .execute();
  }
  await f.at('2026-11-20T02:00:00.000Z');
});
afterAll(() => f.t.close());

describe('annual grades of a year whose quarters are not all complete', () => {
  it('the quarter board flags Q4 (October only) as incomplete', async () => {
    const q4 = await f.c('member').get(`${BASE}/quarters/2026-Q4/scores?orgId=${f.countyA.id}`);
    expect(q4.body.items).toHaveLength(6);
    for (const r of q4.body.items) expect(r).toMatchObject({ complete: false, missingMonths: [2, 3] });
  });

  it('every grade says it is not complete, and which months it lacks', async () => {
    const res = await f.c('member').get(`${BASE}/years/2026/grades?orgId=${f.countyA.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toHaveLength(6);
    for (const r of res.body.items) {
      expect(r).toMatchObject({
        annualScore: 9000,
        grade: 'advanced',
        complete: false,
        missingQuarters: [],
        incompleteQuarters: [{ quarter: 4, missingMonths: [2, 3] }],
      });
      expect(r.explanation.zh).toContain('全年成绩尚不完整：第4季度缺第2、3个月');
    }
  });

  it('the xlsx export says so in a column of its own', async () => {
    const res = await f.c('member').inject({
      method: 'GET',
      url: `${BASE}/years/2026/grades.xlsx?orgId=${f.countyA.id}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('年定级');
    if (!ws) throw new Error('no sheet');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(col('成绩完整')).toBeGreaterThan(0);
    expect(ws.rowCount).toBe(7);
    for (let i = 2; i <= 7; i++) {
      const row = ws.getRow(i);
      expect(row.getCell(col('成绩完整')).text).toBe('否');
      expect(row.getCell(col('尚缺（等级暂定）')).text).toBe('第4季度缺第2、3个月');
      expect(row.getCell(col('等级')).text).toBe('先进');
    }
  });

  it('the benchmarking API marks every grade, and the year, provisional', async () => {
    const issued = await f
      .c('admin')
      .post(`${BASE}/integration-keys`, { orgId: f.countyA.id, name: '对标管理信息系统' });
    expect(issued.status).toBe(200);
    const res = await f.t.app.inject({
      method: 'GET',
      url: '/api/integration/v1/branch-eval/years/2026/grades',
      headers: { authorization: `Bearer ${issued.body.key}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2026, complete: false });
    expect(body.grades).toHaveLength(6);
    for (const g of body.grades) {
      expect(g).toMatchObject({
        grade: 'advanced',
        annualScoreText: '90.00',
        complete: false,
        incompleteQuarters: [{ quarter: 4, missingMonths: [2, 3] }],
      });
    }
  });
});
