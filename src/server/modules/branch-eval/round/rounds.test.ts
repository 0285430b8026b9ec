import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedPlans, BASE, createFixture, type Fixture, type Who } from '../branch-eval.fixtures.js';

/**
 * `GET /rounds/mine`: which round a page shows a member or a secretary (who cannot browse the
 * org tree), and the rounds a committee or the office reaches — nothing outside their grants.
 */
let f: Fixture;
const mine = async (who: Who) => {
  const r = await f.c(who).get(`${BASE}/rounds/mine`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { rounds: { orgId: number; latestQuarter: string }[]; branches: { branchId: number }[] };
};

beforeAll(async () => {
  f = await createFixture();
});
afterAll(() => f.t.close());

describe('the caller’s rounds', () => {
  it('is empty before any plan exists, and names the member’s and secretary’s own branch', async () => {
    const m = await mine('member');
    expect(m.rounds).toEqual([]);
    expect(m.branches.map((b) => b.branchId)).toEqual([f.branches[0]?.id]);
    expect((await mine('sec2')).branches.map((b) => b.branchId)).toEqual([f.branches[1]?.id]);
  });

  it('finds the round of the branch once plans exist, newest quarter first', async () => {
    await approvedPlans(f, '2026-Q1');
    for (const who of ['member', 'sec1', 'sec6', 'committee', 'office', 'admin', 'affairs'] as const) {
      const r = await mine(who);
      expect(
        r.rounds.map((x) => x.orgId),
        who,
      ).toEqual([f.countyA.id]);
      expect(r.rounds[0]?.latestQuarter).toBe('2026-Q1');
    }
  });

  it('shows nothing of a round outside the caller’s grants', async () => {
    for (const who of ['secB1', 'committeeB', 'officeB'] as const) {
      expect((await mine(who)).rounds, who).toEqual([]);
    }
  });

  it('refuses an anonymous caller', async () => {
    const r = await f.t.app.inject({ method: 'GET', url: `${BASE}/rounds/mine` });
    expect(r.statusCode).toBe(401);
  });
});
