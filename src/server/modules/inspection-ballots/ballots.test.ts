import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBallotAnonymity } from './anonymity-check.js';
import { allGood, anonPost, type BallotFixture, createBallotFixture } from './ballots.fixtures.js';
import { democraticComponent } from './ballots.service.js';
import { createRateLimiter } from './rate-limit.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
let f: BallotFixture;
const base = () => `/api/v1/inspection/campaigns/${f.campaignId}/ballots`;

beforeAll(async () => {
  f = await createBallotFixture();
});
afterAll(async () => {
  await f.t.close();
});

async function issue(unitIdx: number, count: number): Promise<string[]> {
  const res = await f.affairs.post(`${base()}/batches`, { units: [{ unitId: f.units[unitIdx]?.id, count }] });
  expect(res.status).toBe(200);
  return res.body.slips.map((s: { code: string }) => s.code);
}
const countRows = async () =>
  (
    await f.t.db.selectFrom('insp_ballot_count').select('n').where('campaign_id', '=', f.campaignId).execute()
  ).reduce((s, r) => s + r.n, 0);

describe('democratic evaluation', () => {
  let codesA: string[] = [];
  let codesB: string[] = [];

  it('refuses a user outside the campaign committee and an inspector issuing codes', async () => {
    expect((await f.outsider.get(base())).status).toBe(403);
    expect(
      (await f.inspector.post(`${base()}/batches`, { units: [{ unitId: f.units[0]?.id, count: 1 }] })).status,
    ).toBe(403);
    expect((await f.inspector.get(base())).status).toBe(200);
  });

  it('issues random codes kept only as hashes, in no order tied to the slips', async () => {
    codesA = await issue(0, 8);
    codesB = await issue(1, 3);
    expect(new Set(codesA).size).toBe(8);
    for (const c of codesA) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const rows = await f.t.db
      .selectFrom('insp_ballot_code')
      .selectAll()
      .where('campaign_id', '=', f.campaignId)
      .execute();
    expect(rows).toHaveLength(11);
    expect(rows.map((r) => r.code_hash).sort()).toEqual([...codesA, ...codesB].map(sha).sort());
    const dump = JSON.stringify(rows);
    for (const c of codesA) expect(dump).not.toContain(c);
    const overview = (await f.affairs.get(base())).body;
    expect(overview.units.map((u: { issued: number }) => u.issued)).toEqual([8, 3]);
    expect(overview.items.map((i: { zh: string }) => i.zh)).toEqual([
      '班子建设',
      '作风建设',
      '党风廉政',
      '工作实绩',
      '群众满意度',
    ]);
    // No plain code in the audit log either: only how many each unit got.
    const audit = await f.t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'inspection.ballots.codes.issue')
      .execute();
    for (const a of audit) for (const c of codesA) expect(a.after_json).not.toContain(c);
  });

  it('refuses ballots before the box opens', async () => {
    const res = await anonPost(f.t, '/api/v1/ballot/cast', { code: codesA[0], answers: allGood() });
    expect(res.body.error.code).toBe('ballot_box_closed');
    expect((await f.affairs.post(`${base()}/open`)).body.state).toBe('open');
    expect((await f.affairs.post(`${base()}/items`, {})).status).toBe(404);
    const items = await f.affairs.inject({
      method: 'PUT',
      url: `${base()}/items`,
      payload: { items: [{ zh: '新' }] },
    });
    expect(items.statusCode).toBe(409);
  });

  it('shows a code its unit and items, with no login', async () => {
    const res = await anonPost(f.t, '/api/v1/ballot/check', { code: codesA[0]?.toLowerCase() });
    expect(res.status).toBe(200);
    expect(res.body.unitName).toBe('运维检修部');
    expect(res.body.items).toHaveLength(5);
    // The campaign id, for the ballot page's link to the public "was my code counted" page.
    expect(res.body.campaignId).toBe(f.campaignId);
    expect(Object.keys(res.body).sort()).toEqual(['campaignId', 'campaignTitle', 'items', 'unitName']);
  });

  it('answers every code of a unit alike: nothing in the answer is particular to the code', async () => {
    const a0 = await anonPost(f.t, '/api/v1/ballot/check', { code: codesA[0] });
    const a1 = await anonPost(f.t, '/api/v1/ballot/check', { code: codesA[1] });
    const b0 = await anonPost(f.t, '/api/v1/ballot/check', { code: codesB[0] });
    expect(a0.status).toBe(200);
    expect(a1.body).toEqual(a0.body);
    expect(b0.body).toEqual({ ...a0.body, unitName: b0.body.unitName });
    expect(b0.body.unitName).not.toBe(a0.body.unitName);
  });

  it('answers used, unknown and malformed codes with one indistinguishable error', async () => {
    const unknown = await anonPost(f.t, '/api/v1/ballot/cast', {
      code: 'ZZZZZZZZZZZZZZZZ',
      answers: allGood(),
    });
    const malformed = await anonPost(f.t, '/api/v1/ballot/cast', { code: '12', answers: allGood() });
    expect(unknown.status).toBe(422);
    expect(malformed.body).toEqual(unknown.body);
    expect((await anonPost(f.t, '/api/v1/ballot/check', { code: 'nope' })).body).toEqual(unknown.body);
    // A code used once answers exactly like an unknown one afterwards.
    expect((await anonPost(f.t, '/api/v1/ballot/cast', { code: codesA[7], answers: allGood() })).status).toBe(
      200,
    );
    expect(
      (await anonPost(f.t, '/api/v1/ballot/cast', { code: codesA[7], answers: allGood() })).body,
    ).toEqual(unknown.body);
    expect((await anonPost(f.t, '/api/v1/ballot/check', { code: codesA[7] })).body).toEqual(unknown.body);
  });

  it('refuses a rating outside the four values or a missing item, and changes nothing', async () => {
    const before = await countRows();
    for (const answers of [{ ...allGood(), 3: 'excellent' }, { 1: 'good' }, { ...allGood(), 9: 'good' }]) {
      const res = await anonPost(f.t, '/api/v1/ballot/cast', { code: codesA[0], answers });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('ballot_invalid');
    }
    expect(await countRows()).toBe(before);
    expect((await anonPost(f.t, '/api/v1/ballot/check', { code: codesA[0] })).status).toBe(200);
  });

  it('counts one vote per code even under 50 concurrent submissions of it', async () => {
    const before = await countRows();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        anonPost(f.t, '/api/v1/ballot/cast', { code: codesA[6], answers: allGood() }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 422 && r.body.error.code === 'invalid_ballot_code'),
    ).toHaveLength(49);
    expect(await countRows()).toBe(before + 5);
  });

  it('keeps tallies hidden while open, then shows units with at least 5 ballots after close', async () => {
    // Unit A: codes 7 and 6 voted all 好; five more: item 1 gets 好,较好,一般,差,好.
    const mix = ['good', 'fair_good', 'average', 'poor', 'good'];
    for (const [i, r] of mix.entries()) {
      const res = await anonPost(f.t, '/api/v1/ballot/cast', {
        code: codesA[i],
        answers: { ...allGood(), 1: r },
      });
      expect(res.status).toBe(200);
    }
    for (const c of codesB.slice(0, 2))
      await anonPost(f.t, '/api/v1/ballot/cast', { code: c, answers: allGood() });
    const open = (await f.affairs.get(base())).body;
    expect(open.units.map((u: { tally: unknown }) => u.tally)).toEqual([null, null]);
    expect(open.units.map((u: { used: number }) => u.used)).toEqual([7, 2]);
    expect((await f.affairs.get(`${base()}/units/${f.units[0]?.id}/used-codes`)).status).toBe(409);
    expect((await democraticComponent(f.t.db, f.campaignId)).get(f.units[0]?.id ?? 0)?.score).toBeNull();
    // While the box is open too (PostgreSQL: one row version per unit's counts).
    expect((await checkBallotAnonymity(f.t.db, f.t.deps.dialect)).filter((x) => !x.ok)).toEqual([]);

    const closed = (await f.affairs.post(`${base()}/close`)).body;
    const [a, b] = closed.units;
    expect(a.tally.visible).toBe(true);
    expect(a.tally.ballots).toBe(7);
    // item 1: 4×好 + 较好 + 一般 + 差 = 400 + 80 + 60 + 40 = 580 / 7 = 82.857… → 82.86; 好+较好 5/7 = 71.43 %
    expect(a.tally.items[0]).toMatchObject({
      mean: 82.86,
      goodRate: 71.43,
      counts: { good: 4, fair_good: 1, average: 1, poor: 1 },
    });
    expect(a.tally.items[1]).toMatchObject({ mean: 100, goodRate: 100 });
    // overall: (580 + 4 × 700) / 35 = 96.571… → 96.57
    expect(a.tally.mean).toBe(96.57);
    expect(b.tally).toEqual({ visible: false, ballots: null, mean: null, goodRate: null, items: [] });
    const comp = await democraticComponent(f.t.db, f.campaignId);
    expect(comp.get(f.units[0]?.id ?? 0)).toEqual({ score: 96.57, ballots: 7 });
    expect(comp.get(f.units[1]?.id ?? 0)).toEqual({ score: null, ballots: 2 });
  });

  it('refuses votes after close and changes nothing', async () => {
    const before = await countRows();
    const res = await anonPost(f.t, '/api/v1/ballot/cast', { code: codesA[5], answers: allGood() });
    expect(res.body.error.code).toBe('ballot_box_closed');
    expect(await countRows()).toBe(before);
  });

  it('lists, after close, the codes issued and used and the sorted hashes of the used ones', async () => {
    const res = await f.inspector.get(`${base()}/units/${f.units[0]?.id}/used-codes`);
    expect(res.status).toBe(200);
    const used = [codesA[0], codesA[1], codesA[2], codesA[3], codesA[4], codesA[6], codesA[7]] as string[];
    expect(res.body).toEqual({
      unitId: f.units[0]?.id,
      issued: 8,
      used: 7,
      usedHashes: used.map(sha).sort(),
    });
  });

  it('writes audit rows about ballots as counts only, and none for a cast ballot', async () => {
    const rows = await f.t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'like', 'inspection.ballots%')
      .execute();
    expect(rows.map((r) => r.action).sort()).toEqual([
      'inspection.ballots.close',
      'inspection.ballots.codes.issue',
      'inspection.ballots.codes.issue',
      'inspection.ballots.open',
    ]);
    for (const r of rows) expect(r.after_json ?? '').not.toMatch(/good|poor|average|[0-9a-f]{64}/);
  });
});

describe('paper ballots by double entry', () => {
  let g: BallotFixture;
  const counts = (good: number) =>
    Object.fromEntries(
      [1, 2, 3, 4, 5].map((i) => [String(i), { good, fair_good: 6 - good, average: 0, poor: 0 }]),
    );
  beforeAll(async () => {
    g = await createBallotFixture();
    await g.affairs.post(`/api/v1/inspection/campaigns/${g.campaignId}/ballots/open`);
  });
  afterAll(async () => g.t.close());
  const url = () => `/api/v1/inspection/campaigns/${g.campaignId}/ballots/paper`;

  it('applies a sheet only when two people enter the same counts; shows mismatches', async () => {
    const unitId = g.units[0]?.id;
    const first = await g.affairs.post(url(), { unitId, sheetNo: 1, ballots: 6, counts: counts(4) });
    expect(first.body).toMatchObject({ status: 'waiting', entries: 1 });
    // The same person again replaces their own entry, never counts as the second.
    expect(
      (await g.affairs.post(url(), { unitId, sheetNo: 1, ballots: 6, counts: counts(3) })).body,
    ).toMatchObject({
      status: 'waiting',
      entries: 1,
    });
    const second = await g.inspector.post(url(), { unitId, sheetNo: 1, ballots: 6, counts: counts(4) });
    expect(second.body.status).toBe('mismatch');
    expect(second.body.differences).toContain('item 1 good: 3 ≠ 4');
    expect(await sumCounts(g)).toBe(0);
    const fixed = await g.affairs.post(url(), { unitId, sheetNo: 1, ballots: 6, counts: counts(4) });
    expect(fixed.body.status).toBe('applied');
    expect(await sumCounts(g)).toBe(30);
    expect(
      (await g.affairs2.post(url(), { unitId, sheetNo: 1, ballots: 6, counts: counts(4) })).body.error.code,
    ).toBe('paper_entry_rule');
    const list = await g.affairs.get(url());
    expect(list.body.items).toEqual([
      {
        unitId,
        unitName: '运维检修部',
        sheetNo: 1,
        entries: 2,
        ballots: 6,
        status: 'applied',
        differences: [],
      },
    ]);
  });

  it('refuses counts that do not add up to the ballots, and a unit outside the campaign', async () => {
    const bad = await g.affairs.post(url(), {
      unitId: g.units[0]?.id,
      sheetNo: 2,
      ballots: 7,
      counts: counts(4),
    });
    expect(bad.body.error.code).toBe('paper_counts_invalid');
    const outside = await g.affairs.post(url(), {
      unitId: g.root.id,
      sheetNo: 2,
      ballots: 6,
      counts: counts(4),
    });
    expect(outside.body.error.code).toBe('unit_not_in_campaign');
    expect(
      (await g.outsider.post(url(), { unitId: g.units[0]?.id, sheetNo: 3, ballots: 6, counts: counts(4) }))
        .status,
    ).toBe(403);
  });
});

async function sumCounts(g: BallotFixture) {
  const rows = await g.t.db
    .selectFrom('insp_ballot_count')
    .select('n')
    .where('campaign_id', '=', g.campaignId)
    .execute();
  return rows.reduce((s, r) => s + r.n, 0);
}

describe('the API document', () => {
  it('documents the public ballot endpoints as unauthenticated and rate-limited', async () => {
    const doc = (await f.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/v1/ballot/check', '/api/v1/ballot/cast']) {
      const op = doc.paths[p].post;
      expect(op.security).toEqual([]);
      expect(op.description).toMatch(/Unauthenticated/);
      expect(op.description).toMatch(/rate-limited/);
      expect(Object.keys(op.responses)).toContain('429');
    }
    expect(doc.paths['/api/v1/ledger-draw/{id}'].get.security).toEqual([]);
  });
});

describe('the per-address rate limit', () => {
  it('answers 429 with Retry-After past the limit, per address, and forgets after a minute', () => {
    let now = 0;
    const limiter = createRateLimiter(3, () => now);
    for (let i = 0; i < 3; i++) limiter.hit('a');
    expect(() => limiter.hit('a')).toThrow(/Too many/);
    limiter.hit('b');
    now = 60_000;
    limiter.hit('a');
  });

  it('limits the public ballot endpoints of a running app', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++)
      statuses.push((await anonPost(f.t, '/api/v1/ballot/check', { code: 'x' }, '10.200.0.1')).status);
    expect(statuses.slice(0, 120).every((s) => s === 422)).toBe(true);
    expect(statuses.slice(120)).toEqual([429, 429, 429, 429, 429]);
  });
});
