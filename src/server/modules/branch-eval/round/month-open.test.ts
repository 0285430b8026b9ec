import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/harness.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  moduleGetPaths,
  moduleGetUrls,
  type Who,
} from '../branch-eval.fixtures.js';

/**
 * Reads do not write (SPEC §6 "every change of state … records who"): before anyone has acted in
 * March, every GET of the module by every role leaves every table as it was — no month, no
 * branch month, no default peer assignment is created by looking. The month is opened by the
 * first call that changes something (here a secretary's first save), as an audited action; until
 * then the office sees the default raters computed, and a peer sheet cannot be filed.
 */
let f: Fixture;
const M = '2026-03';
let planId = 0;

beforeAll(async () => {
  f = await createFixture();
  const ids = await approvedPlans(f, '2026-Q1');
  planId = ids[0] ?? 0;
  await f.at('2026-03-16T02:00:00.000Z');
});
afterAll(() => f.t.close());

async function tableNames(): Promise<string[]> {
  const r =
    testDialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(f.t.db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%'`.execute(f.t.db);
  return r.rows.map((x) => x.name).sort();
}

/** Every table's rows as text (the session's idle timer aside), and every table's row count. */
async function snapshot(): Promise<{ counts: Record<string, number>; rows: Record<string, string> }> {
  const counts: Record<string, number> = {};
  const rows: Record<string, string> = {};
  for (const name of await tableNames()) {
    const all = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(f.t.db)).rows;
    counts[name] = all.length;
    if (name !== 'session') rows[name] = JSON.stringify(all.map((r) => JSON.stringify(r)).sort());
  }
  return { counts, rows };
}

const put = (who: Who, url: string, payload: object) => f.c(who).inject({ method: 'PUT', url, payload });

describe('opening a month', () => {
  it('no GET of the module, by any role, writes anything', async () => {
    const before = await snapshot();
    expect(before.counts.be_month).toBe(0);
    const urls = moduleGetUrls(f, {
      month: M,
      branchId: f.branches[0]?.id ?? 0,
      planId,
      templateId: f.templateId,
      correctionId: 1,
    });
    const paths = await moduleGetPaths(f);
    expect(paths.filter((p) => urls[p] === undefined)).toEqual([]);
    let ok = 0;
    for (const who of [
      'sec1',
      'sec2',
      'member',
      'office',
      'committee',
      'admin',
      'affairs',
      'secB1',
    ] as const) {
      for (const p of paths) {
        for (const url of urls[p] ?? []) {
          const res = await f.c(who).inject({ method: 'GET', url });
          if (res.statusCode === 200) ok += 1;
        }
      }
      expect((await f.c(who).get('/api/v1/todo')).status).toBe(200);
    }
    expect(ok).toBeGreaterThan(100);
    const after = await snapshot();
    expect(after.counts).toEqual(before.counts);
    for (const [name, text] of Object.entries(before.rows)) expect(after.rows[name], name).toBe(text);
  });

  it('before it opens, the office sees the default raters and the secretary the sheets, which cannot be filed yet', async () => {
    const shown = await f
      .c('office')
      .get(`${BASE}/months/${M}/assignments?orgId=${f.countyA.id}&pageSize=200`);
    expect(shown.status).toBe(200);
    const a1 = f.branches[0]?.id ?? 0;
    const row = shown.body.items.find((r: { ratedBranchId: number }) => r.ratedBranchId === a1);
    expect(row.raters.map((r: { branchId: number; source: string }) => [r.branchId, r.source])).toEqual(
      f.branches.slice(1).map((b) => [b.id, 'default']),
    );
    const tasks = await f.c('sec2').get(`${BASE}/peer?month=${M}`);
    expect(tasks.status).toBe(200);
    expect(tasks.body.items.map((t: { ratedBranchId: number }) => t.ratedBranchId)).toContain(a1);
    expect(tasks.body.items[0]).toMatchObject({ opened: false, open: false, submitted: false });
    const early = await put('sec2', `${BASE}/peer/${M}/${a1}`, {
      raterBranchId: f.branches[1]?.id,
      scores: { E1: 2000, E2: 1000 },
    });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.code).toBe('month_not_opened');
    expect(await f.t.db.selectFrom('be_month').selectAll().execute()).toEqual([]);
  });

  it('the first change opens it, audited, with the default raters that were shown', async () => {
    const a1 = f.branches[0]?.id ?? 0;
    const shown = await f
      .c('office')
      .get(`${BASE}/months/${M}/assignments?orgId=${f.countyA.id}&pageSize=200`);
    const saved = await put('sec1', `${BASE}/branches/${a1}/months/${M}/self`, {
      entries: [{ code: 'B1', score: 2500 }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const opened = await f.t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'branch_eval.month.open')
      .execute();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actor_account: f.accounts.get('sec1'), org_id: f.countyA.id });
    expect(JSON.parse(opened[0]?.after_json ?? '{}')).toMatchObject({ month: M, assignments: 30 });
    const now = await f.c('office').get(`${BASE}/months/${M}/assignments?orgId=${f.countyA.id}&pageSize=200`);
    expect(now.body.items).toEqual(shown.body.items);
    const tasks = await f.c('sec2').get(`${BASE}/peer?month=${M}`);
    expect(tasks.body.items[0]).toMatchObject({ opened: true, open: true });
    const filed = await put('sec2', `${BASE}/peer/${M}/${a1}`, {
      raterBranchId: f.branches[1]?.id,
      scores: { E1: 2000, E2: 1000 },
    });
    expect(filed.statusCode, filed.body).toBe(200);
  });
});
