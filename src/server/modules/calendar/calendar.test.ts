import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, login, type TestApp } from '../../test/harness.js';

let t: TestApp;
let admin: Client;
let countyAdmin: Client;
let secretary: Client;

beforeAll(async () => {
  t = await createTestApp();
  const tree = await makeTree(t.db);
  admin = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  countyAdmin = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'admin', orgId: tree.countyA.id }])).account,
    TEST_PASSWORD,
  );
  secretary = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }])).account,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

describe('holiday calendar', () => {
  it('shows 2026 from the library with its Spring Festival and make-up Saturdays', async () => {
    const res = await secretary.get('/api/v1/calendar/years/2026');
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('library');
    expect(res.body.workingDays).toBe(248);
    const byDate = new Map(res.body.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate.get('2026-02-16')).toMatchObject({ kind: 'holiday' });
    expect(byDate.get('2026-02-14')).toMatchObject({ kind: 'workday' });
    expect(byDate.get('2026-02-28')).toMatchObject({ kind: 'workday' });
  });

  it('computes deadlines in working days across the 2025 National Day break', async () => {
    const res = await secretary.get('/api/v1/calendar/working-day?date=2025-09-30&add=5');
    expect(res.status).toBe(200);
    // Oct 1–8 off; Oct 9, 10, 11 (make-up Saturday), 13, 14.
    expect(res.body.result).toBe('2025-10-14');
    const sunday = await secretary.get('/api/v1/calendar/working-day?date=2025-09-28');
    expect(sunday.body).toMatchObject({ working: true, reason: 'makeup_workday' });
  });

  it('lets a root admin enter a year the library does not know, and that arrangement wins', async () => {
    const before = await admin.get('/api/v1/calendar/years/2027');
    expect(before.body.libraryKnows).toBe(false);
    expect(before.body.source).toBe('none');
    const put = await admin.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      payload: {
        days: [
          { date: '2027-02-05', kind: 'holiday', name: '春节' },
          { date: '2027-02-08', kind: 'holiday', name: '春节' },
          { date: '2027-02-13', kind: 'workday', name: '春节' },
        ],
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().source).toBe('override');
    const friday = await secretary.get('/api/v1/calendar/working-day?date=2027-02-05');
    expect(friday.body).toMatchObject({ working: false, reason: 'holiday', holidayName: '春节' });
    const sat = await secretary.get('/api/v1/calendar/working-day?date=2027-02-13');
    expect(sat.body).toMatchObject({ working: true, reason: 'makeup_workday' });
    // Reverting with an empty list goes back to "none".
    const revert = await admin.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      payload: { days: [] },
    });
    expect(revert.json().source).toBe('none');
  });

  it('refuses dates outside the year or twice, and changes nothing', async () => {
    const bad = await admin.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2028',
      payload: { days: [{ date: '2029-01-01', kind: 'holiday' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const twice = await admin.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2028',
      payload: {
        days: [
          { date: '2028-01-03', kind: 'holiday' },
          { date: '2028-01-03', kind: 'workday' },
        ],
      },
    });
    expect(twice.statusCode).toBe(400);
    expect((await admin.get('/api/v1/calendar/years/2028')).body.source).not.toBe('override');
  });

  it('refuses the change to a county admin and a secretary', async () => {
    for (const c of [countyAdmin, secretary]) {
      const res = await c.inject({
        method: 'PUT',
        url: '/api/v1/calendar/years/2027',
        payload: { days: [] },
      });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('holiday calendar input checks', () => {
  it('refuses a make-up working day on a weekday', async () => {
    const res = await admin.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2029',
      payload: { days: [{ date: '2029-01-03', kind: 'workday' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.dates).toEqual(['2029-01-03']);
  });
});

describe("the server's day", () => {
  // Sessions expire when the clock jumps months: log in at each moment.
  const at = async (iso: string) => {
    t.clock.set(iso);
    const res = await (await login(t.app, secretary.account, TEST_PASSWORD)).get('/api/v1/calendar/today');
    expect(res.status).toBe(200);
    return res.body;
  };
  afterAll(() => t.clock.set('2026-03-16T02:00:00.000Z'));

  it("is the day in China on the server's clock, with its period and working status", async () => {
    expect(await at('2026-03-16T02:00:00.000Z')).toEqual({
      today: '2026-03-16',
      now: '2026-03-16T02:00:00.000Z',
      year: 2026,
      quarter: '2026-Q1',
      month: '2026-03',
      working: true,
      reason: 'weekday',
      holidayName: null,
      calendarKnows: { thisYear: true, nextYear: false },
    });
    // 00:30 on 2 October in Beijing is still 1 October in UTC: the day is China's, a 国庆 holiday.
    expect(await at('2026-10-01T16:30:00.000Z')).toMatchObject({
      today: '2026-10-02',
      quarter: '2026-Q4',
      month: '2026-10',
      working: false,
      reason: 'holiday',
    });
    // A make-up Saturday (调休) is a working day.
    expect(await at('2026-02-14T03:00:00.000Z')).toMatchObject({ working: true, reason: 'makeup_workday' });
  });

  it('says whether the holiday calendar knows this year and next, overrides included', async () => {
    const newYear = await at('2026-12-31T16:00:00.000Z');
    expect(newYear).toMatchObject({ today: '2027-01-01', year: 2027, quarter: '2027-Q1' });
    expect(newYear.calendarKnows).toEqual({ thisYear: false, nextYear: false });
    const rootAdmin = await login(t.app, admin.account, TEST_PASSWORD);
    const put = await rootAdmin.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      payload: { days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
    });
    expect(put.statusCode).toBe(200);
    try {
      expect((await at('2027-01-01T01:00:00.000Z')).calendarKnows).toEqual({
        thisYear: true,
        nextYear: false,
      });
      expect(await at('2027-01-01T01:00:00.000Z')).toMatchObject({ working: false, holidayName: '元旦' });
      expect((await at('2026-06-01T01:00:00.000Z')).calendarKnows).toEqual({
        thisYear: true,
        nextYear: true,
      });
    } finally {
      const again = await login(t.app, admin.account, TEST_PASSWORD);
      await again.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', payload: { days: [] } });
    }
  });

  it('needs a session and is part of the OpenAPI document', async () => {
    expect((await t.app.inject({ url: '/api/v1/calendar/today' })).statusCode).toBe(401);
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/calendar/today']?.get;
    expect(op?.responses?.['200']?.content?.['application/json']?.schema?.properties).toHaveProperty('today');
  });
});
