import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../../db/types.js';
import { makeOrg } from '../../../test/factories.js';
import { approvedPlans, BASE, createFixture, type Fixture } from '../branch-eval.fixtures.js';

/**
 * The default peer group is the branch's parent COMMITTEE (SPEC §3), not its direct parent: two
 * branches under a general branch (党总支) of county A rate, and are rated by, the branches of
 * county A — so nobody's group is short of raters for sitting under a 党总支. The draw gives each
 * branch 6 raters of the 7 others, balanced.
 */
let f: Fixture;
let g1: OrgRow;
let g2: OrgRow;

beforeAll(async () => {
  f = await createFixture();
  const general = await makeOrg(f.t.db, 'general_branch', f.countyA, '变电党总支');
  g1 = await makeOrg(f.t.db, 'branch', general, '总支第一支部');
  g2 = await makeOrg(f.t.db, 'branch', general, '总支第二支部');
  await approvedPlans(f, '2026-Q1');
  await f.at('2026-01-10T02:00:00.000Z');
});
afterAll(() => f.t.close());

describe('default peer groups', () => {
  it('put branches under a general branch with the rest of their committee', async () => {
    const r = await f
      .c('office')
      .get(`${BASE}/months/2026-01/assignments?orgId=${f.countyA.id}&pageSize=200`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = r.body.items as { ratedBranchId: number; raters: { branchId: number }[] }[];
    const all = [...f.branches.map((b) => b.id), g1.id, g2.id].sort((a, b) => a - b);
    expect(rows.map((x) => x.ratedBranchId).sort((a, b) => a - b)).toEqual(all);
    const rates = new Map<number, number>();
    for (const row of rows) {
      expect(row.raters).toHaveLength(6);
      for (const x of row.raters) {
        expect(all).toContain(x.branchId);
        expect(x.branchId).not.toBe(row.ratedBranchId);
        rates.set(x.branchId, (rates.get(x.branchId) ?? 0) + 1);
      }
    }
    for (const id of all) expect(rates.get(id)).toBe(6);
    expect(r.body.warnings).toEqual([]);
  });
});
