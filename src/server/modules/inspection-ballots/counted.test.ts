import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allGood, anonPost, type BallotFixture, createBallotFixture } from './ballots.fixtures.js';

/**
 * The public "was my code counted" list, on SQLite and PostgreSQL: nothing before the box
 * closes, then every unit's codes issued and used and the sorted hashes of the used codes, to
 * anyone without a session.
 */
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
let f: BallotFixture;
const base = () => `/api/v1/inspection/campaigns/${f.campaignId}/ballots`;
const anonGet = async (url: string) => {
  const res = await f.t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};

beforeAll(async () => {
  f = await createBallotFixture();
});
afterAll(async () => {
  await f.t.close();
});

describe('public list of counted codes', () => {
  it('answers nothing until the box closes, then lists each unit’s used-code hashes', async () => {
    const url = `/api/v1/ballot/counted/${f.campaignId}`;
    const issued = await f.affairs.post(`${base()}/batches`, {
      units: [
        { unitId: f.units[0]?.id, count: 3 },
        { unitId: f.units[1]?.id, count: 2 },
      ],
    });
    expect(issued.status).toBe(200);
    const slips: { code: string; unitId: number }[] = issued.body.slips;
    expect((await anonGet(url)).body.error.code).toBe('ballot_box_state');
    expect((await f.affairs.post(`${base()}/open`)).body.state).toBe('open');
    const a = slips.filter((s) => s.unitId === f.units[0]?.id).map((s) => s.code);
    for (const code of a.slice(0, 2))
      expect((await anonPost(f.t, '/api/v1/ballot/cast', { code, answers: allGood() })).status).toBe(200);
    // While voting goes on, nothing is listed (a used hash would say who has voted so far).
    const open = await anonGet(url);
    expect(open.status).toBe(409);
    expect(open.body.error.code).toBe('ballot_box_state');
    expect((await f.affairs.post(`${base()}/close`)).status).toBe(200);

    const res = await anonGet(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.units).toEqual([
      {
        unitId: f.units[0]?.id,
        name: f.units[0]?.name,
        issued: 3,
        used: 2,
        usedHashes: a.slice(0, 2).map(sha).sort(),
      },
      { unitId: f.units[1]?.id, name: f.units[1]?.name, issued: 2, used: 0, usedHashes: [] },
    ]);
    expect(res.body.title).toBeTruthy();
    expect(JSON.stringify(res.body)).not.toContain(a[0]);
    expect((await anonGet('/api/v1/ballot/counted/999999')).status).toBe(404);
  });

  it('is documented as public in the OpenAPI file', async () => {
    const doc = (await anonGet('/api/openapi.json')).body;
    expect(doc.paths['/api/v1/ballot/counted/{id}'].get.security).toEqual([]);
  });
});
