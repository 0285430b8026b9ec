import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlans, BASE, createFixture, type Fixture, runMonth } from '../branch-eval.fixtures.js';

/**
 * The benchmarking information system (对标管理信息系统): an admin issues and revokes keys; the
 * read-only API answers published months only, by total and by indicator with movement, as JSON
 * (with an ETag for polling) and as xlsx; a revoked key is refused with a clear 401.
 */
let f: Fixture;
let key = '';
let keyId = 0;
const API = '/api/integration/v1/branch-eval';
const call = (url: string, headers: Record<string, string> = {}) =>
  f.t.app.inject({ method: 'GET', url, headers });
const bearer = () => ({ authorization: `Bearer ${key}` });
/** The key the API tests call with: the one issued in the first test, or one issued now (a test run alone). */
const ensureKey = async () => {
  if (key) return;
  const issued = await f
    .c('admin')
    .post(`${BASE}/integration-keys`, { orgId: f.countyA.id, name: '对标管理信息系统' });
  expect(issued.status).toBe(200);
  key = issued.body.key;
  keyId = issued.body.id;
};

beforeAll(async () => {
  f = await createFixture();
  await approvedPlans(f, '2026-Q1');
  await approvedPlans(f, '2026-Q2');
  const spec = (b: number) => ({ B1: b, E1: 2500, E2: 1500 });
  await runMonth(f, '2026-03', [spec(3000), spec(2900), spec(2800), spec(2700), spec(2600), spec(2500)], {
    verifyOn: '2026-04-01',
  });
  // April is approved but not yet published.
  await runMonth(f, '2026-04', [spec(2500), spec(2600), spec(2700), spec(2800), spec(2900), spec(3000)], {
    verifyOn: '2026-05-06',
    publish: false,
  });
});
afterAll(() => f.t.close());

describe('integration keys', () => {
  it('only an admin issues a key; it is shown once and only its hash is stored', async () => {
    expect(
      (await f.c('committee').post(`${BASE}/integration-keys`, { orgId: f.countyA.id, name: '对标系统' }))
        .status,
    ).toBe(403);
    const issued = await f
      .c('admin')
      .post(`${BASE}/integration-keys`, { orgId: f.countyA.id, name: '对标管理信息系统' });
    expect(issued.status).toBe(200);
    key = issued.body.key;
    keyId = issued.body.id;
    expect(key).toMatch(/^kh_[A-Za-z0-9_-]{32}$/);
    expect(issued.body).toMatchObject({ prefix: key.slice(0, 10), active: true, orgId: f.countyA.id });
    const list = await f.c('admin').get(`${BASE}/integration-keys`);
    expect(list.body.total).toBe(1);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const row = await f.t.db.selectFrom('be_integration_key').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(key);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await f.c('office').get(`${BASE}/integration-keys`)).status).toBe(403);
  });
});

describe('the benchmarking API', () => {
  it('refuses calls without a valid key', async () => {
    const none = await call(`${API}/months`);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('integration_key_missing');
    const wrong = await call(`${API}/months`, { authorization: 'Bearer kh_not-a-key' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('integration_key_invalid');
    // A logged-in session is not a key.
    expect((await f.c('admin').get(`${API}/months`)).status).toBe(401);
  });

  it('lists published months only, stable for polling with since and ETag', async () => {
    await ensureKey();
    const res = await call(`${API}/months`, bearer());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.org).toEqual({ id: f.countyA.id, code: f.countyA.code, name: f.countyA.name });
    expect(body.months).toEqual([
      {
        month: '2026-03',
        publishedAt: expect.any(String),
        publishedOn: '2026-04-01',
        branches: 6,
        version: 1,
        correctionCount: 0,
        correctedAt: null,
        href: `${API}/months/2026-03`,
        rankings: `${API}/months/2026-03/rankings`,
        xlsx: `${API}/months/2026-03/rankings.xlsx`,
      },
    ]);
    const etag = String(res.headers.etag);
    expect((await call(`${API}/months`, { ...bearer(), 'if-none-match': etag })).statusCode).toBe(304);
    expect((await call(`${API}/months?since=2026-04`, bearer())).json().months).toEqual([]);
    expect((await call(`${API}/months?since=2026-4`, bearer())).statusCode).toBe(400);
  });

  it('returns a month’s rankings by total and by every indicator', async () => {
    await ensureKey();
    const res = await call(`${API}/months/2026-03`, bearer());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(
      body.total.map(
        (r: {
          rank: number;
          branchId: number;
          total: number;
          totalText: string;
          movement: number | null;
        }) => [r.rank, r.branchId, r.total, r.totalText, r.movement],
      ),
    ).toEqual(f.branches.map((b, i) => [i + 1, b.id, 9000 - 100 * i, `${90 - i}.00`, null]));
    expect(body.total[0]).toMatchObject({
      byCategory: { mandatory: 2000, basic: 3000, evaluative: 4000, innovation: 0 },
      mandatoryMissed: false,
    });
    expect(body.indicators.map((i: { code: string }) => i.code)).toEqual([
      'M1',
      'B1',
      'E1',
      'E2',
      'I1',
      'I2',
    ]);
    const b1 = body.indicators.find((i: { code: string }) => i.code === 'B1');
    expect(b1.rows[0]).toMatchObject({
      rank: 1,
      branchId: f.branches[0]?.id,
      score: 3000,
      scoreText: '30.00',
    });
    const e1 = body.indicators.find((i: { code: string }) => i.code === 'E1');
    expect(e1.rows.every((r: { rank: number }) => r.rank === 1)).toBe(true);
    // An approved but unpublished month is not there yet.
    const april = await call(`${API}/months/2026-04`, bearer());
    expect(april.statusCode).toBe(404);
    expect(april.json().error.message).toContain('2026-04');
  });

  it('pages through each ranking by cursor, the same rows as the whole month', async () => {
    await ensureKey();
    const whole = (await call(`${API}/months/2026-03`, bearer())).json();
    const index = await call(`${API}/months/2026-03/rankings`, bearer());
    expect(index.statusCode).toBe(200);
    expect(index.json()).toMatchObject({ month: '2026-03', version: 1, branches: 6 });
    const rankings: { code: string; rows: number; href: string; category: string | null }[] =
      index.json().rankings;
    expect(rankings.map((r) => [r.code, r.rows])).toEqual([
      ['total', 6],
      ...whole.indicators.map((i: { code: string; rows: unknown[] }) => [i.code, i.rows.length]),
    ]);
    expect(rankings[0]?.href).toBe(`${API}/months/2026-03/rankings/total`);
    expect(rankings.find((r) => r.code === 'B1')).toMatchObject({
      category: 'basic',
      href: `${API}/months/2026-03/rankings/indicators/B1`,
    });

    /** Every row of a ranking, following `next` from its first page of `limit` rows. */
    const follow = async (href: string, limit: number) => {
      const rows: unknown[] = [];
      const pages: number[] = [];
      let url: string | null = `${href}?limit=${limit}`;
      while (url) {
        const page = await call(url, bearer());
        expect(page.statusCode).toBe(200);
        const body = page.json();
        expect(body).toMatchObject({ month: '2026-03', version: 1 });
        rows.push(...body.rows);
        pages.push(body.rows.length);
        url = body.next;
        if (url) expect(url).toContain(`after=${body.after}`);
      }
      return { rows, pages };
    };
    const total = await follow(`${API}/months/2026-03/rankings/total`, 4);
    expect(total.pages).toEqual([4, 2]);
    expect(total.rows).toEqual(whole.total);
    // E1 ranks every branch first: the pages break a tie by branch, nothing repeated or lost.
    for (const limit of [1, 2, 6]) {
      for (const code of ['B1', 'E1']) {
        const i = await follow(`${API}/months/2026-03/rankings/indicators/${code}`, limit);
        expect(i.rows).toEqual(whole.indicators.find((x: { code: string }) => x.code === code).rows);
      }
    }
    const b1 = (await call(`${API}/months/2026-03/rankings/indicators/B1`, bearer())).json();
    expect(b1).toMatchObject({ code: 'B1', category: 'basic', after: null, next: null });
    expect(b1.name).toBe(whole.indicators.find((x: { code: string }) => x.code === 'B1').name);

    // A page keeps its ETag while nothing changes.
    const first = await call(`${API}/months/2026-03/rankings/total?limit=2`, bearer());
    const again = await call(`${API}/months/2026-03/rankings/total?limit=2`, {
      ...bearer(),
      'if-none-match': String(first.headers.etag),
    });
    expect(again.statusCode).toBe(304);
  });

  it('refuses a cursor of another result version, an unknown indicator and bad paging', async () => {
    await ensureKey();
    const stale = await call(`${API}/months/2026-03/rankings/total?after=2.3.${f.branches[2]?.id}`, bearer());
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'cursor_stale' });
    expect(stale.json().error.messages['zh-CN']).toContain('第一页');
    const unknown = await call(`${API}/months/2026-03/rankings/indicators/X9`, bearer());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('X9');
    for (const q of ['limit=0', 'limit=5001', 'after=1.2', 'after=abc']) {
      expect((await call(`${API}/months/2026-03/rankings/total?${q}`, bearer())).statusCode).toBe(400);
    }
    expect((await call(`${API}/months/2026-04/rankings/total`, bearer())).statusCode).toBe(404);
    expect((await call(`${API}/months/2026-03/rankings/total`)).statusCode).toBe(401);
  });

  it('serves the same rankings as an xlsx', async () => {
    await ensureKey();
    const res = await call(`${API}/months/2026-03/rankings.xlsx`, bearer());
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('总排名');
    expect(ws?.rowCount).toBe(7);
    expect(ws?.getRow(2).getCell(4).value).toBe(f.branches[0]?.name);
    expect(ws?.getRow(2).getCell(5).value).toBe(90);
    expect(ws?.getRow(7).getCell(5).value).toBe(85);
  });

  it('shows movement once the next month is published', async () => {
    await ensureKey();
    await f.c('committee').post(`${BASE}/months/2026-04/publish`, { orgId: f.countyA.id });
    const months = (await call(`${API}/months`, bearer()))
      .json()
      .months.map((m: { month: string }) => m.month);
    expect(months).toEqual(['2026-03', '2026-04']);
    const april = (await call(`${API}/months/2026-04`, bearer())).json();
    expect(
      april.total.map((r: { branchId: number; rank: number; previousRank: number; movement: number }) => [
        r.branchId,
        r.rank,
        r.previousRank,
        r.movement,
      ]),
    ).toEqual([...f.branches].reverse().map((b, i) => [b.id, i + 1, 6 - i, 6 - i - (i + 1)]));
  });

  it('a revoked key is refused with a clear 401, and revoking needs an admin and a reason', async () => {
    await ensureKey();
    // The key is in use when it is revoked.
    expect((await call(`${API}/months`, bearer())).statusCode).toBe(200);
    expect(
      (await f.c('committee').post(`${BASE}/integration-keys/${keyId}/revoke`, { reason: '停用' })).status,
    ).toBe(403);
    expect((await f.c('admin').post(`${BASE}/integration-keys/${keyId}/revoke`, {})).status).toBe(400);
    const revoked = await f
      .c('admin')
      .post(`${BASE}/integration-keys/${keyId}/revoke`, { reason: '对标系统更换' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      active: false,
      revokeReason: '对标系统更换',
      lastUsedAt: expect.any(String),
    });
    const res = await call(`${API}/months`, bearer());
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'integration_key_revoked' });
    expect(res.json().error.messages['zh-CN']).toContain('吊销');
    expect((await call(`${API}/months/2026-03/rankings.xlsx`, bearer())).statusCode).toBe(401);
    const again = await f.c('admin').post(`${BASE}/integration-keys/${keyId}/revoke`, { reason: '再次' });
    expect(again.status).toBe(409);
    const audit = await f.t.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', 'like', 'branch_eval.integration_key.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'branch_eval.integration_key.issue',
      'branch_eval.integration_key.revoke',
    ]);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('is documented in the OpenAPI file with its key header', async () => {
    const doc = (await f.t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths[`${API}/months/{month}`].get;
    expect(op.description).toContain('Authorization: Bearer');
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['header:authorization', 'path:month']),
    );
    expect(op.responses['401']).toBeDefined();
  });
});
