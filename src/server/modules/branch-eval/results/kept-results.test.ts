import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrgRow } from '../../../../db/types.js';
import { keptAnswersOf } from '../../../lib/kept-answers.js';
import { openInstance, sessionClient } from '../../../test/harness.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  type QuickSpec,
  runMonth,
  uploadFile,
  type Who,
} from '../branch-eval.fixtures.js';

/**
 * The rankings, the quarter scores and the annual grades are served from answers kept per data
 * version. The oracle is a fresh computation: a second app instance opened on the same database
 * after each write (nothing kept there yet). After every kind of write that changes those pages —
 * a month approved, then published, a rectification accepted, a grade rule saved, a correction
 * approved (a new result version, the following month re-ranked), a branch renamed on another
 * instance, the holiday calendar saved — every viewer's answer to every request is the same status
 * and the same bytes on both instances; and the kept answers were served (the test would see a
 * write that did not move the version).
 */
let f: Fixture;
let A: number;
let a: OrgRow[];
const spec = (B1: number, missed = false): QuickSpec => ({ B1, E1: 2500, E2: 1500, missed });

beforeAll(async () => {
  f = await createFixture();
  A = f.countyA.id;
  a = f.branches;
  await approvedPlans(f, '2026-Q1');
  await approvedPlans(f, '2026-Q2');
});
afterAll(() => f.t.close());

const id = (i: number) => (a[i] as OrgRow).id;

describe('kept results answers', () => {
  it('equal a fresh computation after every kind of write, for every viewer', async () => {
    const viewers: Who[] = [
      'committee',
      'office',
      'affairs',
      'admin',
      'member',
      'sec3',
      'committeeB',
      'secB1',
    ];
    const urls = [
      ...['2026-03', '2026-04'].flatMap((m) => [
        `${BASE}/months/${m}/rankings?orgId=${A}`,
        `${BASE}/months/${m}/rankings?orgId=${A}&page=2&pageSize=4`,
        `${BASE}/months/${m}/rankings?orgId=${A}&within=${id(2)}`,
        `${BASE}/months/${m}/rankings/indicators/B1?orgId=${A}`,
        `${BASE}/months/${m}/rankings/indicators/E1?orgId=${A}&pageSize=2&page=3`,
        `${BASE}/months/${m}/rankings/indicators/ZZ?orgId=${A}`,
      ]),
      `${BASE}/months/2026-03/rankings?orgId=${A}&within=${f.others[0]?.id}`,
      `${BASE}/months/2026-03/rankings?orgId=999999`,
      ...['2026-Q1', '2026-Q2'].flatMap((q) => [
        `${BASE}/quarters/${q}/scores?orgId=${A}`,
        `${BASE}/quarters/${q}/scores?orgId=${A}&page=2&pageSize=4&within=${A}`,
      ]),
      `${BASE}/quarters/2026-Q1/scores?orgId=${f.countyB.id}`,
      `${BASE}/years/2026/grades?orgId=${A}`,
      `${BASE}/years/2026/grades?orgId=${A}&pageSize=3&page=2`,
      `${BASE}/years/2026/grades?orgId=${A}&within=${id(0)}`,
      `${BASE}/years/2026/grades?orgId=${f.root.id}`,
    ];
    const kept = keptAnswersOf(f.t.db);
    /** Every viewer's answer to every request, twice on this instance (the second kept), and on a fresh one. */
    const expectFresh = async (step: string) => {
      for (const who of viewers) for (const url of urls) await f.c(who).get(url);
      const fresh = await openInstance(f.t);
      let ok = 0;
      try {
        for (const who of viewers) {
          const viewer = f.c(who);
          const other = sessionClient(fresh.app, viewer.account, viewer.sid, viewer.csrf);
          for (const url of urls) {
            const served = await viewer.get(url);
            const computed = await other.get(url);
            expect(`${step}, ${who}, ${url}: ${served.status} ${served.raw.body}`).toBe(
              `${step}, ${who}, ${url}: ${computed.status} ${computed.raw.body}`,
            );
            if (served.status === 200) ok++;
          }
        }
      } finally {
        await fresh.close();
      }
      expect(kept.size().entries).toBeGreaterThan(0);
      return ok;
    };

    await expectFresh('nothing approved');
    await runMonth(
      f,
      '2026-03',
      [spec(3000), spec(2900), spec(2800, true), spec(2700), spec(2600), spec(2500)],
      {
        verifyOn: '2026-04-01',
        publish: false,
      },
    );
    await expectFresh('March approved');
    const published = await f.c('committee').post(`${BASE}/months/2026-03/publish`, { orgId: A });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await expectFresh('March published');
    await runMonth(f, '2026-04', [spec(2500), spec(2600), spec(2700), spec(2800), spec(2900), spec(3000)], {
      verifyOn: '2026-05-06',
    });
    expect(await expectFresh('April published')).toBeGreaterThan(100);

    const rectified = await f
      .c('committee')
      .post(`${BASE}/branches/${id(2)}/months/2026-03/rectify`, { note: '4月2日补开支委会并整改' });
    expect(rectified.status, JSON.stringify(rectified.body)).toBe(200);
    await expectFresh('rectified');

    const rule = await f.c('committee').post(`${BASE}/years/2026/grade-rule`, {
      orgId: A,
      advanced: 8800,
      good: 8000,
      average: 7000,
      unrectifiedMandatoryLagging: true,
      note: '按县委要求调整',
      expectedVersion: 0,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(200);
    await expectFresh('grade rule saved');

    // A correction of March: a new result version of the month, April's movement re-ranked.
    const evidence = await uploadFile(f, 'office', id(5), '三会一课补充记录.png');
    const filed = await f.c('office').post(`${BASE}/corrections`, {
      branchId: id(5),
      month: '2026-03',
      items: [{ code: 'B1', verified: 3000 }],
      reason: '三会一课记录在验证时漏看，复核后应得满分',
      fileIds: [evidence],
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    await expectFresh('correction filed');
    const approved = await f.c('committee').post(`${BASE}/corrections/${filed.body.id}/approve`, {
      note: '同意更正',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await expectFresh('correction approved');

    // The directory: a branch renamed through another instance (another server on the same
    // database): this one reads the new version and stops serving what it kept.
    const second = await openInstance(f.t);
    try {
      const admin = f.c('admin');
      const elsewhere = sessionClient(second.app, admin.account, admin.sid, admin.csrf);
      expect((await elsewhere.patch(`/api/v1/orgs/${id(0)}`, { name: 'A1支部（新）' })).status).toBe(200);
    } finally {
      await second.close();
    }
    expect(await expectFresh('branch renamed on another instance')).toBeGreaterThan(100);

    // The holiday calendar, from which the months' deadlines and so their state in force come.
    const calendar = await f.c('admin').inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2026',
      payload: { days: [{ date: '2026-04-01', kind: 'holiday', name: '调休' }] },
    });
    expect(calendar.statusCode, calendar.body).toBe(200);
    await expectFresh('holiday calendar saved');

    // The test sees a write that does not move the version: a total changed behind the repos'
    // back leaves the kept answers as they were while a fresh instance shows the new total.
    const shown = [
      `${BASE}/months/2026-04/rankings?orgId=${A}`,
      `${BASE}/quarters/2026-Q2/scores?orgId=${A}`,
      `${BASE}/years/2026/grades?orgId=${A}`,
    ];
    const before = await Promise.all(shown.map(async (url) => (await f.c('committee').get(url)).raw.body));
    await f.t.db.updateTable('be_month_score').set({ total: 100 }).where('branch_id', '=', id(3)).execute();
    const fresh = await openInstance(f.t);
    try {
      const c = f.c('committee');
      const other = sessionClient(fresh.app, c.account, c.sid, c.csrf);
      for (const [i, url] of shown.entries()) {
        expect((await c.get(url)).raw.body).toBe(before[i]);
        expect((await other.get(url)).raw.body).not.toBe(before[i]);
      }
    } finally {
      await fresh.close();
    }
  }, 240_000);

  it('are computed once for the requests that miss them together, and never across a write', async () => {
    const kept = keptAnswersOf(f.t.db);
    const url = `${BASE}/quarters/2026-Q2/scores?orgId=${A}`;
    const admin = f.c('admin');
    const rename = async (name: string) =>
      expect((await admin.patch(`/api/v1/orgs/${id(1)}`, { name })).status).toBe(200);
    await rename('A2支部（一）');
    // Every computation of an answer is counted; the first one waits until the gate opens.
    const original = kept.once.bind(kept);
    let asked = 0;
    let runs = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    kept.once = <T>(stamp: string, key: string, run: () => Promise<T>): Promise<T> => {
      if (!key.startsWith('["quarter board"')) return original(stamp, key, run);
      asked++;
      return original(stamp, key, async () => {
        if (++runs === 1) await gate;
        return run();
      });
    };
    try {
      const c = f.c('committee');
      const together = Array.from({ length: 6 }, () => c.get(url));
      await vi.waitFor(() => expect(asked).toBe(6));
      expect(runs).toBe(1);
      // A write commits while that computation is still under way: the requests that read the new
      // versions compute the page again (once) and see the new name.
      await rename('A2支部（二）');
      const after = await Promise.all(Array.from({ length: 3 }, () => c.get(url)));
      expect(runs).toBe(2);
      const fresh = await openInstance(f.t);
      let expected = '';
      try {
        expected = (await sessionClient(fresh.app, c.account, c.sid, c.csrf).get(url)).raw.body;
      } finally {
        await fresh.close();
      }
      expect(expected).toContain('A2支部（二）');
      for (const r of after) expect(r.raw.body).toBe(expected);
      open();
      const before = await Promise.all(together);
      expect(new Set(before.map((r) => `${r.status} ${r.raw.body}`)).size).toBe(1);
      expect(before[0]?.status).toBe(200);
      // What the computation begun before the write found is not kept over the newer answer.
      expect((await c.get(url)).raw.body).toBe(expected);
      expect(runs).toBe(2);
    } finally {
      kept.once = original;
      open();
    }
  });

  it('answers 304 to the entity tag it gave, and gives it only after the permission check', async () => {
    const url = `${BASE}/years/2026/grades?orgId=${A}`;
    const first = await f.c('committee').get(url);
    expect(first.status).toBe(200);
    const etag = String(first.raw.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await f.c('committee').inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Someone who may not read the board gets the refusal, tag or not.
    const refused = await f.c('secB1').inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(refused.statusCode).toBe(403);
  });
});
