import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarterKey } from '../../../domain/calendar/index.js';
import type { QuarterScore } from '../../../domain/points/quarter-score.js';
import type { SchemeRules } from '../../../domain/points/scheme.js';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';
import { createAdoptedScheme } from './points.fixtures.js';
import { orgPaths } from './quarter.service.js';
import { currentVersion } from './scheme.service.js';
import {
  findYear,
  gradeYearInDatabase,
  quarterScoresOfScheme,
  vetoExplanationsOfScheme,
  yearResults,
} from './year.repo.js';
import { gradeYear, loadYearInputs, rankingScopes, type YearInput } from './year.service.js';

/**
 * The annual tiers read each member's four quarters as one row the database pivots. The oracle is
 * the row-by-row path it replaced: every stored quarter score read one by one, the member's
 * totals and versions placed by quarter, the branch and scope of the last scored quarter, the veto
 * entries from the explanations — then the same grading. On a generated scope (several branches
 * and scopes, ties at the quota lines, vetoes, members absent some quarters, members who moved,
 * a branch outside the root's tree, scores of another year in the same scheme) the stored tiers,
 * ranks, quotas and the inputs behind every result must be the same.
 */
const YEAR = 2025;
let t: TestApp;
let schemeId = 0;
let rootId = 0;

/** The loader as it was: one row per member and quarter, folded in the server. */
async function rowByRowInputs(schemeId: number, year: number, memberIds?: readonly number[]) {
  const keys = [1, 2, 3, 4].map((q) => quarterKey(year, q as 1 | 2 | 3 | 4));
  const rows = await quarterScoresOfScheme(t.db, schemeId, memberIds);
  const inputs = new Map<number, YearInput>();
  const lastIndex = new Map<number, number>();
  for (const r of rows) {
    const i = keys.indexOf(r.quarter);
    if (i < 0) continue;
    let input = inputs.get(r.member_id);
    if (!input) {
      input = {
        memberId: r.member_id,
        totals: [null, null, null, null],
        versionIds: [null, null, null, null],
        branchId: r.branch_id,
        lastScopeOrgId: r.scope_org_id,
        vetoEntryIds: [],
      };
      inputs.set(r.member_id, input);
    }
    input.totals[i] = r.total;
    input.versionIds[i] = r.version_id;
    if (i >= (lastIndex.get(r.member_id) ?? -1)) {
      lastIndex.set(r.member_id, i);
      input.branchId = r.branch_id;
      input.lastScopeOrgId = r.scope_org_id;
    }
  }
  for (const r of await vetoExplanationsOfScheme(t.db, schemeId)) {
    if (!inputs.has(r.member_id)) continue;
    const ids = (JSON.parse(r.explanation_json) as Pick<QuarterScore, 'vetoEntryIds'>).vetoEntryIds;
    inputs.get(r.member_id)?.vetoEntryIds.push(...ids);
  }
  for (const input of inputs.values()) input.vetoEntryIds.sort((a, b) => a - b);
  return inputs;
}

/** The year's four quarters, then one of the year before kept in the same scheme. */
const quarterIds: number[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2025-01-10T02:00:00.000Z') });
  const tree = await makeTree(t.db);
  rootId = tree.root.id;
  const branchA3 = await makeOrg(t.db, 'branch', tree.countyA, 'A3支部');
  const branchB2 = await makeOrg(t.db, 'branch', tree.countyB, 'B2支部');
  // A branch outside the root's tree: its members keep the scope their last quarter recorded.
  const elsewhere = await makeOrg(
    t.db,
    'branch',
    await makeOrg(t.db, 'committee', null, '外部党委'),
    '外部支部',
  );
  const branches = [
    { b: tree.branchA1, scope: tree.countyA.id },
    { b: tree.branchA2, scope: tree.countyA.id },
    { b: branchA3, scope: tree.countyA.id },
    { b: tree.branchB1, scope: tree.countyB.id },
    { b: branchB2, scope: tree.countyB.id },
    { b: elsewhere, scope: tree.countyB.id },
  ];
  const affairsUser = await makeUser(t.db, [{ role: 'affairs', orgId: rootId }]);
  const committeeUser = await makeUser(t.db, [{ role: 'committee', orgId: rootId }]);
  const affairs = await login(t.app, affairsUser.account, TEST_PASSWORD);
  const committee = await login(t.app, committeeUser.account, TEST_PASSWORD);
  schemeId = await createAdoptedScheme(affairs, committee, rootId, YEAR);
  const { row: version } = await currentVersion(t.db, schemeId);
  const at = '2025-12-31T02:00:00.000Z';
  // The year's four quarters and one of the year before, kept in the same scheme.
  for (const quarter of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2024-Q4']) {
    const q = await t.db
      .insertInto('points_quarter')
      .values({
        scheme_id: schemeId,
        quarter,
        state: 'published',
        version_id: version.id,
        closed_by: affairsUser.id,
        closed_at: at,
        published_by: committeeUser.id,
        published_at: at,
        published_on: '2025-12-31',
        computed_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    quarterIds.push(q.id);
  }
  const rows = [];
  for (let i = 0; i < 240; i++) {
    const home = branches[i % branches.length];
    if (!home) throw new Error('no branch');
    const m = await makeMember(t.db, home.b, { name: `成员${i}` });
    for (let qi = 0; qi < quarterIds.length; qi++) {
      // Absent some quarters: every 11th misses Q3, every 17th has Q4 only.
      if (qi === 2 && i % 11 === 0) continue;
      if (qi < 3 && i % 17 === 0) continue;
      // Every 13th moved to the next branch in Q3 (a scope of its own there).
      const moved = qi >= 2 && qi < 4 && i % 13 === 0 ? branches[(i + 1) % branches.length] : home;
      if (!moved) throw new Error('no branch');
      // A veto in Q2 and, for some, in the other year's quarter of the scheme too.
      const veto = i % 23 === 0 && (qi === 1 || (qi === 4 && i % 2 === 0));
      rows.push({
        quarter_id: quarterIds[qi] as number,
        member_id: m.id,
        branch_id: moved.b.id,
        scope_org_id: moved.scope,
        // Totals on a coarse grid: many ties, some at the quota lines.
        total: 5_000 + ((i * 37 + qi * 11) % 25) * 200,
        bonus_political: 0,
        bonus_professional: 0,
        bonus_civility: 0,
        deductions: 0,
        rank_in_branch: 1,
        rank_in_scope: 1,
        has_veto: veto ? (1 as const) : (0 as const),
        version_id: version.id,
        explanation_json: JSON.stringify(veto ? { vetoEntryIds: [i * 10 + 3, i * 10 + 1] } : {}),
        computed_at: at,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    await t.db
      .insertInto('points_quarter_score')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  const computed = await affairs.post(`/api/v1/points/schemes/${schemeId}/year/compute`);
  expect(computed.status, JSON.stringify(computed.body)).toBe(200);
}, 120_000);
afterAll(() => t.close());

describe('the annual tiers against the row-by-row oracle', () => {
  it('reads the same inputs, whole scheme and a page of members', async () => {
    const expected = await rowByRowInputs(schemeId, YEAR);
    const actual = await loadYearInputs(t.db, schemeId, YEAR);
    expect(actual.size).toBe(expected.size);
    for (const [id, input] of expected) expect(actual.get(id), `member ${id}`).toEqual(input);
    const some = [...expected.keys()].filter((_, i) => i % 7 === 0);
    const page = await loadYearInputs(t.db, schemeId, YEAR, some);
    expect([...page.keys()].sort((a, b) => a - b)).toEqual([...some].sort((a, b) => a - b));
    for (const id of some) expect(page.get(id)).toEqual(expected.get(id));
  });

  it('stores the tiers, ranks, quotas and flags the row-by-row path grades', async () => {
    const y = await findYear(t.db, schemeId);
    if (!y) throw new Error('no year');
    const { scheme } = await currentVersion(t.db, schemeId);
    const expected = gradeYear(
      scheme.rules,
      await rowByRowInputs(schemeId, YEAR),
      await orgPaths(t.db, rootId),
      y.id,
    );
    const stored = await yearResults(t.db, y.id);
    const byMember = <R extends { member_id: number }>(rs: readonly R[]) =>
      [...rs].sort((a, b) => a.member_id - b.member_id);
    expect(stored).toHaveLength(expected.length);
    expect(byMember(stored)).toEqual(byMember(expected));
    // The generated scope exercises what it is meant to.
    expect(new Set(stored.map((r) => r.tier)).size).toBeGreaterThanOrEqual(4);
    expect(stored.some((r) => r.has_veto === 1 && r.reason === 'veto')).toBe(true);
    expect(stored.some((r) => r.flagged === 1)).toBe(true);
  });

  it('grades by thresholds, per branch and for the whole root as the row-by-row path does', async () => {
    const y = await findYear(t.db, schemeId);
    if (!y) throw new Error('no year');
    const { scheme } = await currentVersion(t.db, schemeId);
    const paths = await orgPaths(t.db, rootId);
    const variants: SchemeRules[] = [
      {
        ...scheme.rules,
        tierRule: { kind: 'threshold', benchmark: 9400, excellent: 8600, good: 7000, warningBelow: 6000 },
        rankingScope: 'branch',
      },
      { ...scheme.rules, rankingScope: 'root', minQuartersForUnflagged: 4 },
      scheme.rules,
    ];
    for (const rules of variants) {
      const { tierRule } = rules;
      await gradeYearInDatabase(
        t.db,
        y.id,
        quarterIds.slice(0, 4),
        quarterIds.slice(4),
        rankingScopes(rules, paths),
        { ...tierRule, minQuartersForUnflagged: rules.minQuartersForUnflagged },
      );
      const expected = gradeYear(rules, await rowByRowInputs(schemeId, YEAR), paths, y.id);
      const stored = await yearResults(t.db, y.id);
      const byMember = <R extends { member_id: number }>(rs: readonly R[]) =>
        [...rs].sort((a, b) => a.member_id - b.member_id);
      expect(byMember(stored), `${rules.tierRule.kind}, ${rules.rankingScope}`).toEqual(byMember(expected));
    }
  });
});
