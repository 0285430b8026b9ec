import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../db/types.js';
import { makeMember, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, login } from '../../test/harness.js';
import { insertOrg } from '../org/org.repo.js';
import { approvedPlans, BASE, createFixture, type Fixture, runMonth } from './branch-eval.fixtures.js';

/**
 * Anonymity (SPEC §3 "raters are anonymous to the rated"; §7 "no rater identity shown to the
 * rated"). Branch A1 of county A is rated by five branches of county B that appear nowhere else
 * in county A's round, so any trace of them in what A1's users can fetch is a leak. Their ids are
 * made distinctive (97000x) so that even a bare number in a response would be caught. As A1's
 * secretary, an A1 member, a committee member who is also A1's secretary, and an office user who
 * is a party member of A1, every GET endpoint of the module (the exports too) is called and the
 * raw bodies (and headers) are scanned for the raters' ids, names, codes and user accounts.
 */
let f: Fixture;
let a1: OrgRow;
const raters: OrgRow[] = [];
const raterAccounts: string[] = [];
let dual: Client;
let officeMember: Client;
let templateId = 0;
let a1PlanId = 0;
let correctionId = 0;
const M = '2026-03';

beforeAll(async () => {
  f = await createFixture();
  a1 = f.branches[0] as OrgRow;
  const at = new Date().toISOString();
  for (let i = 0; i < 5; i++) {
    const id = 970_001 + i;
    raters.push(
      await insertOrg(f.t.db, {
        id,
        tree: 'party',
        kind: 'branch',
        code: `RATER${uniq('')}`.toUpperCase(),
        name: `评价方${i}支部${uniq('')}`,
        parent_id: f.countyB.id,
        sort_order: 0,
        active_from: '2020-01-01',
        active_to: null,
        linked_unit_id: null,
        created_at: at,
        updated_at: at,
      }),
    );
    raterAccounts.push((await makeUser(f.t.db, [{ role: 'secretary', orgId: id }])).account);
  }
  const dualAccount = (
    await makeUser(f.t.db, [
      { role: 'committee', orgId: f.countyA.id },
      { role: 'secretary', orgId: a1.id },
    ])
  ).account;
  const m = await makeMember(f.t.db, a1, { name: `兼职党员${uniq('')}` });
  const officeMemberAccount = (await makeUser(f.t.db, [{ role: 'eval_office', orgId: f.countyA.id }], m.id))
    .account;
  templateId = f.templateId;

  await approvedPlans(f, '2026-Q1');
  a1PlanId = (await f.c('office').get(`${BASE}/plans?orgId=${f.countyA.id}&quarter=2026-Q1`)).body.items[0]
    .id;
  const spec = { B1: 2500, E1: 2500, E2: 1500 };
  await runMonth(f, M, [spec, spec, spec, spec, spec, spec], {
    verifyOn: '2026-04-01',
    peer: async () => {
      const set = await f.c('office').inject({
        method: 'PUT',
        url: `${BASE}/months/${M}/assignments/${a1.id}`,
        payload: { orgId: f.countyA.id, raterBranchIds: raters.map((r) => r.id) },
      });
      expect(set.statusCode, set.body).toBe(200);
      for (const [i, r] of raters.entries()) {
        const c = await login(f.t.app, raterAccounts[i] ?? '', TEST_PASSWORD);
        const res = await c.inject({
          method: 'PUT',
          url: `${BASE}/peer/${M}/${a1.id}`,
          payload: { raterBranchId: r.id, scores: { E1: 2000 + 200 * i, E2: 1000 + 200 * i } },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
    },
  });
  // A1's month is corrected after publication: the correction, its explanation trail and the
  // result versions are scanned too.
  const filed = await f.c('office').post(`${BASE}/corrections`, {
    branchId: a1.id,
    month: M,
    items: [{ code: 'E1', verified: 2800 }],
    reason: '复核后调整验证分',
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(200);
  correctionId = filed.body.id;
  expect((await f.c('committee').post(`${BASE}/corrections/${correctionId}/approve`, {})).status).toBe(200);
  dual = await login(f.t.app, dualAccount, TEST_PASSWORD);
  officeMember = await login(f.t.app, officeMemberAccount, TEST_PASSWORD);
});
afterAll(() => f.t.close());

/** Every GET route of the module, with the concrete URLs to call for the rated branch A1. */
function urlsFor(path: string): string[] | undefined {
  const A = f.countyA.id;
  const table: Record<string, string[]> = {
    '/api/v1/branch-eval/indicators': [`${BASE}/indicators?orgId=${f.root.id}`],
    '/api/v1/branch-eval/indicators/template.xlsx': [`${BASE}/indicators/template.xlsx`],
    '/api/v1/branch-eval/indicators/export.xlsx': [`${BASE}/indicators/export.xlsx?orgId=${f.root.id}`],
    '/api/v1/branch-eval/templates': [`${BASE}/templates?orgId=${A}`],
    '/api/v1/branch-eval/templates/{id}': [`${BASE}/templates/${templateId}`],
    '/api/v1/branch-eval/plans': [`${BASE}/plans?orgId=${A}&quarter=2026-Q1`],
    '/api/v1/branch-eval/plans/{id}': [`${BASE}/plans/${a1PlanId}`],
    '/api/v1/branch-eval/months': [`${BASE}/months?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}': [`${BASE}/months/${M}?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/branches': [`${BASE}/months/${M}/branches?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/assignments': [
      `${BASE}/months/${M}/assignments?orgId=${A}&pageSize=200`,
    ],
    '/api/v1/branch-eval/months/{month}/peer-scores/{ratedBranchId}': [
      `${BASE}/months/${M}/peer-scores/${a1.id}`,
    ],
    '/api/v1/branch-eval/peer': [`${BASE}/peer?month=${M}`],
    '/api/v1/branch-eval/branches/{branchId}/months/{month}': [`${BASE}/branches/${a1.id}/months/${M}`],
    '/api/v1/branch-eval/branches/{branchId}/months/{month}/score': [
      `${BASE}/branches/${a1.id}/months/${M}/score`,
    ],
    '/api/v1/branch-eval/months/{month}/rankings': [`${BASE}/months/${M}/rankings?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/rankings/indicators/{code}': ['M1', 'B1', 'E1', 'E2', 'I1', 'I2'].map(
      (c) => `${BASE}/months/${M}/rankings/indicators/${c}?orgId=${A}`,
    ),
    '/api/v1/branch-eval/months/{month}/rankings.xlsx': [`${BASE}/months/${M}/rankings.xlsx?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/report': [`${BASE}/months/${M}/report?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/charts/categories': [
      `${BASE}/months/${M}/charts/categories?orgId=${A}`,
    ],
    '/api/v1/branch-eval/charts/movement': [`${BASE}/charts/movement?orgId=${A}&from=2026-01&to=2026-12`],
    '/api/v1/branch-eval/quarters/{quarter}/scores': [`${BASE}/quarters/2026-Q1/scores?orgId=${A}`],
    '/api/v1/branch-eval/years/{year}/grades': [`${BASE}/years/2026/grades?orgId=${A}`],
    '/api/v1/branch-eval/years/{year}/grades.xlsx': [`${BASE}/years/2026/grades.xlsx?orgId=${A}`],
    '/api/v1/branch-eval/years/{year}/grade-rule': [`${BASE}/years/2026/grade-rule?orgId=${A}`],
    '/api/v1/branch-eval/integration-keys': [`${BASE}/integration-keys`],
    '/api/v1/branch-eval/corrections': [`${BASE}/corrections?orgId=${A}`],
    '/api/v1/branch-eval/corrections/{id}': [`${BASE}/corrections/${correctionId}`],
    '/api/v1/branch-eval/months/{month}/result-versions': [`${BASE}/months/${M}/result-versions?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/result-versions/{version}': [1, 2].map(
      (v) => `${BASE}/months/${M}/result-versions/${v}?orgId=${A}`,
    ),
    '/api/v1/branch-eval/branches/{branchId}/plans/{quarter}': [`${BASE}/branches/${a1.id}/plans/2026-Q1`],
    '/api/v1/branch-eval/plan-indicators': [`${BASE}/plan-indicators?orgId=${A}`],
    '/api/v1/branch-eval/rounds/mine': [`${BASE}/rounds/mine`],
    '/api/v1/branch-eval/branches/{branchId}/months/{month}/linkable': [
      `${BASE}/branches/${a1.id}/months/${M}/linkable`,
    ],
    '/api/integration/v1/branch-eval/months': ['/api/integration/v1/branch-eval/months'],
    '/api/integration/v1/branch-eval/months/{month}': [`/api/integration/v1/branch-eval/months/${M}`],
    '/api/integration/v1/branch-eval/years/{year}/grades': [
      '/api/integration/v1/branch-eval/years/2026/grades',
    ],
    '/api/integration/v1/branch-eval/months/{month}/rankings.xlsx': [
      `/api/integration/v1/branch-eval/months/${M}/rankings.xlsx`,
    ],
  };
  return table[path];
}

async function moduleGetPaths(): Promise<string[]> {
  const doc = (await f.t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .filter(
      ([p, ops]) =>
        (p.startsWith('/api/v1/branch-eval') || p.startsWith('/api/integration/v1/branch-eval')) && ops.get,
    )
    .map(([p]) => p);
}

/** A response as text: JSON as sent, a workbook as every cell of every sheet; headers too. */
async function textOf(res: LightMyRequestResponse): Promise<string> {
  const headers = JSON.stringify(res.headers);
  if (String(res.headers['content-type'] ?? '').includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => {
      cells.push(ws.name);
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          cells.push(String(cell.text));
          if (cell.note) cells.push(JSON.stringify(cell.note));
        });
      });
    });
    return `${headers}\n${cells.join('\n')}`;
  }
  return `${headers}\n${res.body}`;
}

/** Every trace of a rater in a text: branch ids, names, codes, secretaries' accounts. */
function leaks(text: string): string[] {
  const needles = [...raters.flatMap((r) => [String(r.id), r.name, r.code]), ...raterAccounts];
  return needles.filter((n) => text.includes(n));
}

describe('anonymity of peer raters', () => {
  it('the office and the committee do see A1’s raters (the scan below would catch them)', async () => {
    const assignments = await f.c('office').get(`${BASE}/months/${M}/assignments?orgId=${f.countyA.id}`);
    expect(assignments.status).toBe(200);
    expect(leaks(await textOf(assignments.raw)).length).toBeGreaterThan(0);
    const scores = await f.c('committee').get(`${BASE}/months/${M}/peer-scores/${a1.id}`);
    expect(scores.body.raters.map((r: { branchId: number }) => r.branchId)).toEqual(raters.map((r) => r.id));
  });

  it('covers every GET endpoint of the module', async () => {
    const paths = await moduleGetPaths();
    expect(paths.length).toBeGreaterThanOrEqual(27);
    expect(paths.filter((p) => urlsFor(p) === undefined)).toEqual([]);
  });

  it('a member reads their own branch’s explanation (raters anonymous), not another branch’s', async () => {
    const own = await f.c('member').get(`${BASE}/branches/${a1.id}/months/${M}/score`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(leaks(JSON.stringify(own.body))).toEqual([]);
    const other = f.branches[1]?.id ?? 0;
    expect((await f.c('member').get(`${BASE}/branches/${other}/months/${M}/score`)).status).toBe(403);
  });

  it('no response a rated branch’s users can get names a rater — secretary, member, dual-role users', async () => {
    const paths = await moduleGetPaths();
    const who: [string, Client][] = [
      ['A1 secretary', f.c('sec1')],
      ['A1 member', f.c('member')],
      ['committee + A1 secretary', dual],
      ['office + A1 party member', officeMember],
    ];
    for (const [name, client] of who) {
      let ok = 0;
      for (const p of paths) {
        for (const url of urlsFor(p) ?? []) {
          const res = await client.inject({ method: 'GET', url });
          if (res.statusCode === 200) ok += 1;
          expect(leaks(await textOf(res)), `${name}: GET ${url} (${res.statusCode})`).toEqual([]);
        }
      }
      // Not a vacuous scan: most endpoints answered.
      expect(ok, name).toBeGreaterThanOrEqual(name === 'A1 member' ? 14 : 20);
    }
    const todo = await f.c('sec1').get('/api/v1/todo');
    expect(leaks(await textOf(todo.raw))).toEqual([]);
  });

  it('the rated branch still sees each anonymous peer score, and which were dropped', async () => {
    const ex = await f.c('sec1').get(`${BASE}/branches/${a1.id}/months/${M}/score`);
    expect(ex.status).toBe(200);
    expect(ex.body.indicators.find((i: { code: string }) => i.code === 'E1').peer).toEqual({
      used: [2200, 2400, 2600],
      droppedHigh: 2800,
      droppedLow: 2000,
      count: 3,
      meanRounded: 2400,
    });
  });

  it('a user who belongs to the rated branch can neither see nor set its raters, whatever other roles they hold', async () => {
    const rows = await dual.get(`${BASE}/months/${M}/assignments?orgId=${f.countyA.id}&pageSize=200`);
    expect(rows.status).toBe(200);
    const own = rows.body.items.find((r: { ratedBranchId: number }) => r.ratedBranchId === a1.id);
    expect(own).toMatchObject({ hidden: true, raters: [], raterCount: 5 });
    expect(
      rows.body.items.find((r: { ratedBranchId: number }) => r.ratedBranchId !== a1.id).raters.length,
    ).toBeGreaterThan(0);
    expect((await dual.get(`${BASE}/months/${M}/peer-scores/${a1.id}`)).status).toBe(403);
    expect((await officeMember.get(`${BASE}/months/${M}/peer-scores/${a1.id}`)).status).toBe(403);
    const set = await officeMember.inject({
      method: 'PUT',
      url: `${BASE}/months/2026-04/assignments/${a1.id}`,
      payload: { orgId: f.countyA.id, raterBranchIds: [] },
    });
    expect(set.statusCode).toBe(403);
  });

  it('stores no person with a peer score, and files the audit of a peer sheet under the rater', async () => {
    const rows = await f.t.db
      .selectFrom('be_peer_score')
      .selectAll()
      .where('rated_branch_id', '=', a1.id)
      .execute();
    expect(rows).toHaveLength(10);
    expect(Object.keys(rows[0] ?? {})).not.toContain('created_by');
    const audit = await f.t.db
      .selectFrom('audit_log')
      .select(['org_id'])
      .where('action', '=', 'branch_eval.peer.submit')
      .execute();
    expect(audit.map((a) => a.org_id).sort()).toEqual(raters.map((r) => r.id));
  });
});
