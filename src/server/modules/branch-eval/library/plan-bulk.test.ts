import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { type Json, login, type Res } from '../../../test/harness.js';
import { BASE, createFixture, type Fixture, type Who } from '../branch-eval.fixtures.js';

/**
 * The committee approves a whole quarter's plans in one call (SPEC §1 "approve plans", §3 "approved
 * before the quarter starts"): all of them or, when one breaks the rules, none — with every
 * refused plan named; other roles and other committees are refused; a late approval is flagged.
 */
let f: Fixture;
const Q1 = '2026-Q1';
const code = (r: Res) => r.body?.error?.code;
const approveAll = (who: Who, quarter = Q1, orgId = f.countyA.id) =>
  f.c(who).post(`${BASE}/plans/approve-quarter`, { orgId, quarter });
const plansOf = async (quarter = Q1, orgId = f.countyA.id) =>
  (await f.c('office').get(`${BASE}/plans?orgId=${orgId}&quarter=${quarter}&pageSize=200`)).body
    .items as Json[];
const states = async (quarter = Q1) => (await plansOf(quarter)).map((p) => p.state as string);
const approvals = async () =>
  f.t.db
    .selectFrom('audit_log')
    .select(['entity_id', 'org_id', 'before_json', 'after_json', 'actor_account'])
    .where('action', '=', 'branch_eval.plan.approve')
    .orderBy('seq')
    .execute();

beforeAll(async () => {
  f = await createFixture();
  const g = await f.c('office').post(`${BASE}/plans/generate`, { templateId: f.templateId, quarter: Q1 });
  expect(g.status, JSON.stringify(g.body)).toBe(200);
  expect(g.body.created).toHaveLength(6);
});
afterAll(() => f.t.close());

describe('approving a quarter’s plans at once (一次审定)', () => {
  it('is refused to the office and to a secretary, and changes nothing', async () => {
    for (const who of ['office', 'sec1', 'affairs', 'member'] as const) {
      const r = await approveAll(who);
      expect(r.status, who).toBe(403);
      expect(code(r)).toBe('forbidden');
    }
    expect(await states()).toEqual(Array(6).fill('draft'));
    expect(await approvals()).toEqual([]);
  });

  it('is refused to the committee of another county (outside its scope)', async () => {
    const r = await approveAll('committeeB');
    expect(r.status).toBe(403);
    expect(code(r)).toBe('forbidden');
    expect(await states()).toEqual(Array(6).fill('draft'));
  });

  it('checks its input: unknown org, malformed quarter', async () => {
    expect((await approveAll('committee', Q1, 999_999)).status).toBe(404);
    const bad = await approveAll('committee', '2026-Q5');
    expect(bad.status).toBe(400);
    expect(code(bad)).toBe('validation_failed');
  });

  it('approves none when one plan breaks the rules, naming each refused plan with its issues', async () => {
    const plans = await plansOf();
    const a2 = plans[1];
    const a5 = plans[4];
    // A2 drops B1 (30) for B2 (10): 80 of 100. A5 weights 20/30/40: 90%.
    const t2 = await f.c('office').patch(`${BASE}/plans/${a2.id}`, { remove: ['B1'], add: [{ code: 'B2' }] });
    expect(t2.body.errorCount).toBe(1);
    const t5 = await f.c('office').patch(`${BASE}/plans/${a5.id}`, {
      settings: {
        totalPoints: 10_000,
        innovationCap: 1_000,
        weights: { self: 20, peer: 30, verified: 40 },
        minPeerRaters: 5,
      },
    });
    expect(t5.body.errorCount).toBe(1);

    const refused = await approveAll('committee');
    expect(refused.status).toBe(422);
    expect(code(refused)).toBe('plan_invalid');
    const { details, message, messages } = refused.body.error;
    expect(details.plans).toEqual([
      {
        planId: a2.id,
        branchId: a2.branchId,
        branchCode: a2.branchCode,
        branchName: a2.branchName,
        issues: [
          expect.objectContaining({
            code: 'plan_total_mismatch',
            severity: 'error',
            details: { expected: 10_000, actual: 8_000 },
          }),
        ],
      },
      expect.objectContaining({
        planId: a5.id,
        branchName: a5.branchName,
        issues: [expect.objectContaining({ code: 'weights_sum_invalid' })],
      }),
    ]);
    expect(details.plans[0].issues[0].message.zh).toContain('应为 100.00 分');
    expect(message).toContain('2 个支部');
    expect(message).toContain(a2.branchName);
    expect(messages.en).toContain('none was approved');
    expect(await states()).toEqual(Array(6).fill('draft'));
    expect(await approvals()).toEqual([]);

    // Fixed, they all go through together.
    await f.c('office').patch(`${BASE}/plans/${a2.id}`, { points: { B2: 3000 } });
    await f.c('office').patch(`${BASE}/plans/${a5.id}`, {
      settings: {
        totalPoints: 10_000,
        innovationCap: 1_000,
        weights: { self: 20, peer: 30, verified: 50 },
        minPeerRaters: 5,
      },
    });
  });

  it('approves every draft in one transaction, each with its audit entry', async () => {
    const ok = await approveAll('committee');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ orgId: f.countyA.id, quarter: Q1, late: false });
    expect(ok.body.approved).toHaveLength(6);
    expect(
      ok.body.approved.every(
        (p: Json) => p.state === 'approved' && !p.approvedLate && p.approvedAt && p.errorCount === 0,
      ),
    ).toBe(true);
    expect(await states()).toEqual(Array(6).fill('approved'));
    const detail = await f.c('committee').get(`${BASE}/plans/${ok.body.approved[0].id}`);
    expect(detail.body).toMatchObject({ state: 'approved', actions: ['reopen'], canTailor: false });
    expect(detail.body.versions[0]).toMatchObject({ state: 'approved' });

    const audit = await approvals();
    expect(audit).toHaveLength(6);
    expect(audit.map((a) => Number(a.entity_id)).sort()).toEqual(
      ok.body.approved.map((p: Json) => p.id).sort(),
    );
    expect(audit.map((a) => a.org_id).sort()).toEqual(f.branches.map((b) => b.id).sort());
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toMatchObject({ state: 'draft' });
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({
      state: 'approved',
      late: false,
      bulk: true,
    });
    expect(audit[0]?.actor_account).toBe(f.accounts.get('committee'));
    expect((await f.c('admin').post('/api/v1/audit/verify', {})).body).toMatchObject({ ok: true });

    // Nothing is left to approve: a second call approves nothing and writes nothing.
    const again = await approveAll('committee');
    expect(again.status).toBe(200);
    expect(again.body.approved).toEqual([]);
    expect(await approvals()).toHaveLength(6);
  });

  it('after the quarter has started, approves late: flagged and frozen at once', async () => {
    await f.at('2026-01-05T02:00:00.000Z');
    const tpl = await f.c('officeB').post(`${BASE}/templates`, {
      orgId: f.countyB.id,
      name: 'B县模板',
      indicators: ['M1', 'B1', 'E1', 'E2'].map((c) => ({ code: c })),
    });
    const gen = await f.c('officeB').post(`${BASE}/plans/generate`, { templateId: tpl.body.id, quarter: Q1 });
    expect(gen.body.created).toHaveLength(5);
    const late = await approveAll('committeeB', Q1, f.countyB.id);
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body.late).toBe(true);
    expect(late.body.approved).toHaveLength(5);
    expect(late.body.approved.every((p: Json) => p.state === 'frozen' && p.approvedLate)).toBe(true);
    const reopen = await f.c('committeeB').post(`${BASE}/plans/${late.body.approved[0].id}/reopen`, {
      reason: '调整',
    });
    expect(code(reopen)).toBe('plan_frozen');
    const audit = await approvals();
    expect(JSON.parse(audit.at(-1)?.after_json ?? '{}')).toMatchObject({ late: true });
  });
  it('a committee inside the round approves only the plans of its own branches', async () => {
    await f.at('2026-03-05T02:00:00.000Z');
    const copied = await f.c('office').post(`${BASE}/plans/copy`, { orgId: f.countyA.id, fromQuarter: Q1 });
    expect(copied.body.created).toHaveLength(6);
    const a3 = f.branches[2];
    if (!a3) throw new Error('no A3');
    const user = await makeUser(f.t.db, [{ role: 'committee', orgId: a3.id }]);
    const own = await login(f.t.app, user.account, TEST_PASSWORD);
    const r = await own.post(`${BASE}/plans/approve-quarter`, { orgId: f.countyA.id, quarter: '2026-Q2' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.approved.map((p: Json) => p.branchId)).toEqual([a3.id]);
    expect((await states('2026-Q2')).filter((s) => s === 'approved')).toHaveLength(1);

    const rest = await approveAll('committee', '2026-Q2');
    expect(rest.body.approved).toHaveLength(5);
    expect(await states('2026-Q2')).toEqual(Array(6).fill('approved'));
  });
});

describe('a branch’s plan, and the indicators a plan can take', () => {
  it('a secretary opens their branch’s plan by quarter, not another branch’s', async () => {
    const [a1, a2] = f.branches;
    if (!a1 || !a2) throw new Error('no branches');
    const mine = await f.c('sec1').get(`${BASE}/branches/${a1.id}/plans/${Q1}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ branchId: a1.id, quarter: Q1, actions: [], canTailor: false });
    expect((await f.c('sec1').get(`${BASE}/branches/${a2.id}/plans/${Q1}`)).status).toBe(403);
    const none = await f.c('sec1').get(`${BASE}/branches/${a1.id}/plans/2027-Q1`);
    expect(none.status).toBe(404);
    expect(none.body.error.message).toContain('2027-Q1');
  });

  it('lists the active indicators of the org’s and its ancestors’ libraries, nearest first', async () => {
    // County A's own library redefines B2 and adds X1; the root's B2 is then hidden.
    for (const body of [
      { code: 'B2', name: '党员发展（A县）', category: 'basic', maxPoints: 1500 },
      { code: 'X1', name: '县级特色', category: 'basic', maxPoints: 500 },
    ]) {
      const r = await f.c('office').post(`${BASE}/indicators`, { orgId: f.countyA.id, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const opts = await f.c('office').get(`${BASE}/plan-indicators?orgId=${f.countyA.id}&pageSize=200`);
    expect(opts.status).toBe(200);
    expect(opts.body.items.map((i: Json) => i.code)).toEqual([
      'M1',
      'B1',
      'B2',
      'X1',
      'E1',
      'E2',
      'I1',
      'I2',
    ]);
    const b2 = opts.body.items.find((i: Json) => i.code === 'B2');
    expect(b2).toMatchObject({ orgId: f.countyA.id, maxPoints: 1500, orgName: f.countyA.name });
    expect(opts.body.items.find((i: Json) => i.code === 'M1')).toMatchObject({ orgName: f.root.name });

    const basic = await f
      .c('office')
      .get(`${BASE}/plan-indicators?orgId=${f.countyA.id}&category=basic&q=党员`);
    expect(basic.body.items.map((i: Json) => i.code)).toEqual(['B2']);
    const paged = await f.c('office').get(`${BASE}/plan-indicators?orgId=${f.countyA.id}&pageSize=3&page=2`);
    expect(paged.body).toMatchObject({ total: 8, page: 2 });
    expect(paged.body.items.map((i: Json) => i.code)).toEqual(['X1', 'E1', 'E2']);
    expect((await f.c('member').get(`${BASE}/plan-indicators?orgId=${f.countyA.id}`)).status).toBe(403);
  });
});

describe('generating or copying plans twice with one submission key (a double click)', () => {
  const keyed = (url: string, payload: object, key: string) =>
    f.c('office').inject({ method: 'POST', url, payload, headers: { 'idempotency-key': key } });
  const plansOfQuarter = async (quarter: string) =>
    f.t.db
      .selectFrom('be_plan')
      .select('id')
      .where('quarter', '=', quarter)
      .where(
        'branch_id',
        'in',
        f.branches.map((b) => b.id),
      )
      .execute();

  it('drafts a quarter’s plans once; the repeat gets the first answer', async () => {
    const body = { templateId: f.templateId, quarter: '2026-Q4' };
    const first = await keyed(`${BASE}/plans/generate`, body, 'generate-q4-key-1');
    const second = await keyed(`${BASE}/plans/generate`, body, 'generate-q4-key-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect((first.json() as { created: unknown[] }).created).toHaveLength(6);
    expect(await plansOfQuarter('2026-Q4')).toHaveLength(6);
  });

  it('copies a quarter’s plans once; the repeat gets the first answer', async () => {
    const body = { orgId: f.countyA.id, fromQuarter: '2026-Q4' };
    const first = await keyed(`${BASE}/plans/copy`, body, 'copy-q4-key-1');
    const second = await keyed(`${BASE}/plans/copy`, body, 'copy-q4-key-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const created = (first.json() as { created: unknown[] }).created.length;
    expect(await plansOfQuarter('2027-Q1')).toHaveLength(created);
  });
});
