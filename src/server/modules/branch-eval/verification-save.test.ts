import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlans, BASE, createFixture, type Fixture } from './branch-eval.fixtures.js';

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
  await f.at('2026-02-02T02:00:00.000Z');
});
afterAll(() => f.t.close());

const b1 = async () => {
  const r = await f.c('office').get(url);
  return r.body.indicators.find((i: { code: string }) => i.code === 'B1').verification;
};

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
