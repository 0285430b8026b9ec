import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlans, BASE, createFixture, type Fixture } from '../branch-eval.fixtures.js';

/**
 * Saving a verification changes only the fields it names: an entry that sends just a reason
 * keeps the verified score already stored; an explicit null clears it.
 */
let f: Fixture;
const M = '2026-01';
let url: string;

beforeAll(async () => {
  f = await createFixture();
  await approvedPlans(f, '2026-Q1');
  await f.at(`${M}-10T02:00:00.000Z`);
  const a1 = f.branches[0];
  if (!a1) throw new Error('fixture');
  url = `${BASE}/branches/${a1.id}/months/${M}`;
  const saved = await f.c('sec1').inject({
    method: 'PUT',
    url: `${url}/self`,
    payload: {
      entries: [
        { code: 'M1', score: 2000, fileIds: [f.fileOf.get(a1.id)] },
        { code: 'B1', score: 2800 },
        { code: 'E1', score: 2500 },
        { code: 'E2', score: 1800 },
      ],
    },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  expect((await f.c('sec1').post(`${url}/actions`, { action: 'submit' })).status).toBe(200);
  // A4, last but two in the round's order, submits too.
  const a4 = f.branches[3];
  if (!a4) throw new Error('fixture');
  const url4 = `${BASE}/branches/${a4.id}/months/${M}`;
  const saved4 = await f.c('sec4').inject({
    method: 'PUT',
    url: `${url4}/self`,
    payload: {
      entries: [
        { code: 'M1', score: 2000, fileIds: [f.fileOf.get(a4.id)] },
        { code: 'B1', score: 2500 },
        { code: 'E1', score: 2500 },
        { code: 'E2', score: 1500 },
      ],
    },
  });
  expect(saved4.statusCode, saved4.body).toBe(200);
  expect((await f.c('sec4').post(`${url4}/actions`, { action: 'submit' })).status).toBe(200);
  await f.at('2026-02-02T02:00:00.000Z');
});
afterAll(() => f.t.close());

const b1 = async () => {
  const r = await f.c('office').get(url);
  return r.body.indicators.find((i: { code: string }) => i.code === 'B1').verification;
};

describe('the office’s list of branches', () => {
  it('puts the sheets waiting for verification first, each with its daily-work signal', async () => {
    const r = await f.c('office').get(`${BASE}/months/${M}/branches?orgId=${f.countyA.id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const items = r.body.items as { branchId: number; state: string; signal: { total: number } }[];
    expect(items.map((x) => x.state)).toEqual([
      'self_submitted',
      'self_submitted',
      'self_open',
      'self_open',
      'self_open',
      'self_open',
    ]);
    expect(items.slice(0, 2).map((x) => x.branchId)).toEqual([f.branches[0]?.id, f.branches[3]?.id]);
    expect(items[0]?.signal).toMatchObject({ total: 1, late: 0, percentText: '0.0' });
    expect(items[2]?.signal).toMatchObject({ total: 0, percentTenths: null });
  });
});

describe('saving a verification', () => {
  it('keeps the fields an entry leaves out, and clears one sent as null', async () => {
    const put = (entries: unknown[]) =>
      f.c('office').inject({ method: 'PUT', url: `${url}/verification`, payload: { entries } });
    expect((await put([{ code: 'B1', verified: 2600, reason: '台账缺 1 次' }])).statusCode).toBe(200);
    expect(await b1()).toMatchObject({ verified: 2600, reason: '台账缺 1 次' });
    expect((await put([{ code: 'B1', reason: '台账缺 1 次党小组会记录' }])).statusCode).toBe(200);
    expect(await b1()).toMatchObject({ verified: 2600, reason: '台账缺 1 次党小组会记录' });
    expect((await put([{ code: 'B1', verified: null }])).statusCode).toBe(200);
    expect(await b1()).toMatchObject({ verified: null, reason: '台账缺 1 次党小组会记录' });
  });

  it('records each step in the sheet’s history, with the return reason, for the branch to read', async () => {
    const r = await f.c('office').post(`${url}/actions`, { action: 'return', reason: '请补充党小组会记录' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const view = await f.c('sec1').get(url);
    expect(view.body.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'return']);
    expect(view.body.history[1]).toMatchObject({ reason: '请补充党小组会记录', late: false });
  });
});
