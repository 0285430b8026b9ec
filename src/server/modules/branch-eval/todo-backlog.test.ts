import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlans, BASE, createFixture, type Fixture, type Who } from './branch-eval.fixtures.js';

/**
 * The to-do lists what is due and overdue however old it is: sheets of January left unverified
 * still wait for the office in March, a January every branch of which is verified still waits
 * for the committee in April.
 */
let f: Fixture;

interface Todo {
  kind: string;
  title: { 'zh-CN': string; en: string };
  due: string | null;
  overdue: boolean;
  link: string;
  count: number;
}
const todos = async (who: Who): Promise<Todo[]> => {
  const res = await f.c(who).get('/api/v1/todo');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
};

async function submitAll(month: string, count: number) {
  await f.at(`${month}-10T02:00:00.000Z`);
  for (const [i, b] of f.branches.entries()) {
    if (i >= count) continue;
    const who: Who = `sec${i + 1}`;
    const url = `${BASE}/branches/${b.id}/months/${month}`;
    const saved = await f.c(who).inject({
      method: 'PUT',
      url: `${url}/self`,
      payload: {
        entries: [
          { code: 'M1', score: 2000, fileIds: [f.fileOf.get(b.id)] },
          { code: 'B1', score: 1500 },
          { code: 'E1', score: 1500 },
          { code: 'E2', score: 1500 },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const sub = await f.c(who).post(`${url}/actions`, { action: 'submit' });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  }
}

beforeAll(async () => {
  f = await createFixture();
  await approvedPlans(f, '2026-Q1');
  await approvedPlans(f, '2026-Q2');
  await submitAll('2026-01', 6);
  await submitAll('2026-02', 5);
});
afterAll(() => f.t.close());

describe('to-do of months before last month', () => {
  it('on 2 March the office still sees January’s unverified sheets, overdue since 6 February', async () => {
    await f.at('2026-03-02T02:00:00.000Z');
    const verify = (await todos('office')).filter((x) => x.kind === 'branch_eval.verify');
    const jan = verify.find((x) => x.link.includes('month=2026-01'));
    expect(jan, JSON.stringify(verify)).toMatchObject({ due: '2026-02-06', overdue: true, count: 6 });
    expect(verify.find((x) => x.link.includes('month=2026-02'))).toMatchObject({ count: 6 });
  });

  it('the committee sees a fully verified January in April; the office still sees February', async () => {
    for (const b of f.branches) {
      const url = `${BASE}/branches/${b.id}/months/2026-01`;
      const v = await f.c('office').inject({
        method: 'PUT',
        url: `${url}/verification`,
        payload: {
          entries: [
            { code: 'M1', done: true, verified: 2000 },
            { code: 'B1', verified: 1500 },
            { code: 'E1', verified: 1500 },
            { code: 'E2', verified: 1500 },
          ],
        },
      });
      expect(v.statusCode, v.body).toBe(200);
      const ok = await f.c('office').post(`${url}/actions`, { action: 'verify' });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    }
    await f.at('2026-04-01T02:00:00.000Z');
    const committee = await todos('committee');
    expect(
      committee.find((x) => x.kind === 'branch_eval.month.approve' && x.link.includes('month=2026-01')),
      JSON.stringify(committee),
    ).toBeDefined();
    const office = await todos('office');
    expect(
      office.find((x) => x.kind === 'branch_eval.verify' && x.link.includes('month=2026-02')),
      JSON.stringify(office),
    ).toMatchObject({ overdue: true });
    // The branch that never sent February's sheet is still told so.
    const sec6 = await todos('sec6');
    expect(
      sec6.find((x) => x.kind === 'branch_eval.self.missed' && x.link.includes('month=2026-02')),
      JSON.stringify(sec6),
    ).toBeDefined();
    // Months done leave the list: nothing of January for the office any more.
    expect(office.some((x) => x.link.includes('month=2026-01'))).toBe(false);
  });
});
