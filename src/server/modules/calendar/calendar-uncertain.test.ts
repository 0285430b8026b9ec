import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlans, BASE, createFixture, type Fixture } from '../branch-eval/branch-eval.fixtures.js';

/**
 * tyme4ts knows holidays up to 2026 only: a deadline counted into 2027 treats New Year's Day as a
 * working day. Such deadlines say so until an admin enters 2027, and from 1 November the admin's
 * to-do asks for next year's arrangement until it is entered.
 */
let f: Fixture;
const kinds = async (who: 'admin' | 'office' | 'sec1') =>
  ((await f.c(who).get('/api/v1/todo')).body.items as { kind: string }[]).map((i) => i.kind);

beforeAll(async () => {
  f = await createFixture();
  await approvedPlans(f, '2026-Q4');
});
afterAll(() => f.t.close());

describe('next year’s holiday arrangement on the admin’s to-do', () => {
  it('is not asked for on 31 October', async () => {
    await f.at('2026-10-31T02:00:00.000Z');
    expect(await kinds('admin')).not.toContain('calendar.next_year');
  });

  it('is asked for on 5 November, linking the holidays page, for the admin only', async () => {
    await f.at('2026-11-05T02:00:00.000Z');
    const items = (await f.c('admin').get('/api/v1/todo')).body.items as { kind: string; link: string }[];
    expect(items.find((i) => i.kind === 'calendar.next_year')).toMatchObject({ link: '/calendar' });
    expect(await kinds('office')).not.toContain('calendar.next_year');
  });
});

describe('deadlines counted into a year the calendar does not know', () => {
  it('December’s verification deadline (in January 2027) is flagged on the month, the to-do and the working-day answer', async () => {
    await f.at('2026-12-10T02:00:00.000Z');
    const b = f.branches[0];
    if (!b) throw new Error('no branch');
    const url = `${BASE}/branches/${b.id}/months/2026-12`;
    const saved = await f.c('sec1').inject({
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
    expect((await f.c('sec1').post(`${url}/actions`, { action: 'submit' })).status).toBe(200);

    const month = await f.c('office').get(`${BASE}/months/2026-12?orgId=${f.countyA.id}`);
    expect(month.body.deadlines).toMatchObject({ calendarUncertain: true, unknownYears: [2027] });
    const november = await f.c('office').get(`${BASE}/months/2026-11?orgId=${f.countyA.id}`);
    expect(november.body.deadlines).toMatchObject({ calendarUncertain: false, unknownYears: [] });

    const items = (await f.c('office').get('/api/v1/todo')).body.items as {
      kind: string;
      link: string;
      calendarUncertain?: boolean;
      unknownYears?: number[];
    }[];
    const verify = items.find((i) => i.kind === 'branch_eval.verify' && i.link.includes('2026-12'));
    expect(verify, JSON.stringify(items)).toMatchObject({ calendarUncertain: true, unknownYears: [2027] });

    const wd = await f.c('office').get('/api/v1/calendar/working-day?date=2026-12-30&add=3');
    expect(wd.body).toMatchObject({ result: '2027-01-04', calendarUncertain: true, unknownYears: [2027] });
  });

  it('once the admin enters 2027 the flags and the admin’s to-do item are gone', async () => {
    const put = await f.c('admin').inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      payload: {
        days: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-02', kind: 'holiday', name: '元旦' },
          { date: '2027-01-03', kind: 'holiday', name: '元旦' },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await kinds('admin')).not.toContain('calendar.next_year');
    const month = await f.c('office').get(`${BASE}/months/2026-12?orgId=${f.countyA.id}`);
    expect(month.body.deadlines).toMatchObject({ calendarUncertain: false, unknownYears: [] });
    const items = (await f.c('office').get('/api/v1/todo')).body.items as { kind: string }[];
    expect(items.find((i) => i.kind === 'branch_eval.verify')).not.toHaveProperty('calendarUncertain');
    const wd = await f.c('office').get('/api/v1/calendar/working-day?date=2026-12-30&add=3');
    expect(wd.body).toMatchObject({ result: '2027-01-05', calendarUncertain: false });
  });
});
