import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../../db/kysely.js';
import { competitionRank, denseRanks, movement } from '../../../domain/points/ranking.js';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, login, type TestApp } from '../../test/harness.js';
import * as boardRepo from './board.repo.js';
import { createAdoptedScheme } from './points.fixtures.js';
import * as repo from './quarter.repo.js';
import { rankTable } from './quarter.service.js';

/**
 * The board reads a histogram of totals and only the page's rows; the oracle is the former
 * computation: every row of the subtree ranked by the domain's `competitionRank` (ties by
 * employee number, collator order), the previous quarter's ranks in the same org through
 * `denseRanks`, then filtered and sliced. A generated tree (many ties, employee numbers in mixed
 * letter case and with LIKE's wildcards, members who changed branch or were absent last quarter)
 * must give exactly the oracle's rows, ranks, movements and totals for every org, page and search.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const byEmployeeNo = new Intl.Collator();

async function oracle(
  db: DbOrTrx,
  quarterId: number,
  prevId: number,
  orgId: number,
  page: number,
  pageSize: number,
  q: string | undefined,
) {
  const ranked = competitionRank(
    await boardRepo.boardRows(db, quarterId, orgId),
    (r) => r.total,
    (a, b) => byEmployeeNo.compare(a.employee_no, b.employee_no),
  );
  const ranks = new Map(ranked.map(({ row, rank }) => [row.member_id, rank]));
  const prevRanks = new Map(
    competitionRank(await repo.totalsUnder(db, prevId, orgId), (r) => r.total).map(({ row, rank }) => [
      row.member_id,
      rank,
    ]),
  );
  let rows = ranked.map(({ row }) => row);
  if (q) rows = rows.filter((r) => r.name.includes(q) || r.employee_no.startsWith(q));
  const denseNow = denseRanks(ranks);
  const denseBefore = denseRanks(prevRanks);
  return {
    total: rows.length,
    items: rows.slice((page - 1) * pageSize, page * pageSize).map((r) => {
      const rank = ranks.get(r.member_id) ?? 0;
      return {
        rank,
        movement: movement(denseBefore.get(r.member_id) ?? null, denseNow.get(r.member_id) ?? rank),
        memberId: r.member_id,
        name: r.name,
        employeeNo: r.employee_no,
        branchId: r.branch_id,
        branchName: r.branch_name,
        total: r.total,
        political: r.bonus_political,
        professional: r.bonus_professional,
        civility: r.bonus_civility,
        deductions: r.deductions,
      };
    }),
  };
}

/** Every org's stored histogram is what its subtree's scores give, in every quarter. */
async function expectStoredHistograms(db: DbOrTrx, quarterIds: readonly number[]) {
  const orgs = await db.selectFrom('org').select('id').execute();
  for (const quarterId of quarterIds) {
    for (const { id } of orgs) {
      expect(await boardRepo.totalsHistogram(db, quarterId, id)).toEqual(
        await boardRepo.totalsHistogramOfScores(db, quarterId, id),
      );
    }
  }
}

describe('the board against the whole-subtree computation', () => {
  it('gives the same rows, ranks and movements for every org, page and search', async () => {
    const tree = await makeTree(t.db);
    const affairs = await login(
      t.app,
      (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
      TEST_PASSWORD,
    );
    const committee = await login(
      t.app,
      (await makeUser(t.db, [{ role: 'committee', orgId: tree.root.id }])).account,
      TEST_PASSWORD,
    );
    const schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
    const scheme = await t.db
      .selectFrom('points_scheme')
      .select('current_version_id')
      .where('id', '=', schemeId)
      .executeTakeFirstOrThrow();
    const versionId = scheme.current_version_id ?? 0;
    const branchA3 = await makeOrg(t.db, 'branch', tree.countyA, 'A3支部');
    const branches = [tree.branchA1, tree.branchA2, tree.branchB1, branchA3];
    const prefixes = ['e', 'E', 'e_', 'E%', 'a-', 'Z'];
    const members = [];
    for (let i = 0; i < 90; i++) {
      const branch = branches[i % branches.length] as (typeof branches)[number];
      const m = await makeMember(t.db, branch, {
        name: i % 4 === 0 ? `王${i}` : `李${i}%`,
        employee_no: `${prefixes[i % prefixes.length]}${String((i * 53) % 97).padStart(3, '0')}x${i}`,
      });
      members.push({ m, branch });
    }
    const at = new Date().toISOString();
    const quarterIds: number[] = [];
    for (const quarter of ['2026-Q1', '2026-Q2']) {
      const q = await t.db
        .insertInto('points_quarter')
        .values({ scheme_id: schemeId, quarter, state: 'published', version_id: versionId, computed_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      quarterIds.push(q.id);
      const second = quarter === '2026-Q2';
      const rows = members.flatMap(({ m, branch }, i) => {
        // Last quarter: every ninth member absent, every seventh in another branch.
        if (!second && i % 9 === 0) return [];
        const b = !second && i % 7 === 0 ? (branches[(i + 1) % branches.length] ?? branch) : branch;
        const total = ((i * (second ? 37 : 11)) % 9) * 150 - (i % 13 === 0 ? 300 : 0);
        return [
          {
            quarter_id: q.id,
            member_id: m.id,
            branch_id: b.id,
            scope_org_id: tree.root.id,
            total,
            bonus_political: total,
            bonus_professional: i,
            bonus_civility: 0,
            deductions: i % 13 === 0 ? 300 : 0,
            rank_in_branch: 0,
            rank_in_scope: 0,
            has_veto: 0 as const,
            version_id: versionId,
            explanation_json: '{}',
            computed_at: at,
          },
        ];
      });
      await t.db.insertInto('points_quarter_score').values(rows).execute();
      // What the close stores beside the scores: every org's histogram.
      await boardRepo.storeBoardTotals(t.db, q.id);
    }
    const [q1, q2] = quarterIds as [number, number];
    const orgs = [tree.root, tree.countyA, tree.countyB, tree.branchA1, branchA3, tree.groupA1];
    const compare = async (queries: readonly (string | undefined)[]) => {
      let compared = 0;
      for (const org of orgs) {
        for (const q of queries) {
          for (const [page, pageSize] of [
            [1, 50],
            [1, 7],
            [3, 7],
            [2, 13],
            [40, 7],
          ] as const) {
            const res = await committee.get(
              `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q2&orgId=${org.id}&page=${page}&pageSize=${pageSize}${q ? `&q=${encodeURIComponent(q)}` : ''}`,
            );
            expect(res.status).toBe(200);
            const want = await oracle(t.db, q2, q1, org.id, page, pageSize, q);
            expect({ total: res.body.total, items: res.body.items }).toEqual(want);
            compared += want.items.length;
          }
        }
      }
      return compared;
    };
    await expectStoredHistograms(t.db, quarterIds);
    // The page's rows read by total (a big subtree) or by the subtree's orgs (a small one) are the same rows.
    const byMember = (rows: { member_id: number }[]) => [...rows].sort((a, b) => a.member_id - b.member_id);
    for (const org of orgs) {
      for (const [low, high] of [
        [-300, 1200],
        [150, 150],
        [0, 600],
        [900, 900],
      ] as const) {
        const walked = await boardRepo.boardRowsBetween(t.db, q2, org.id, low, high, false);
        expect(byMember(await boardRepo.boardRowsBetween(t.db, q2, org.id, low, high, true))).toEqual(
          byMember(walked),
        );
        expect(await boardRepo.countBetween(t.db, q2, org.id, low, high)).toBe(walked.length);
      }
    }
    // The cases are not empty: ranks, ties and movements were compared on many rows.
    expect(await compare([undefined, '王', '%', 'e', 'E%', 'e_0', '李1'])).toBeGreaterThan(800);

    // A branch moves to the other county: both counties' (and the root's) stored histograms follow.
    const admin = await login(
      t.app,
      (await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }])).account,
      TEST_PASSWORD,
    );
    const moved = await admin.post(`/api/v1/orgs/${branchA3.id}/move`, { parentId: tree.countyB.id });
    expect(moved.status).toBe(200);
    await expectStoredHistograms(t.db, quarterIds);
    expect(await compare([undefined, 'e'])).toBeGreaterThan(200);

    // One member re-scored (as an approved adjustment does): one less at the old total, one more at the new.
    const m = members[5]?.m.id ?? 0;
    const before = await t.db
      .selectFrom('points_quarter_score')
      .select(['total', 'branch_id'])
      .where('quarter_id', '=', q2)
      .where('member_id', '=', m)
      .executeTakeFirstOrThrow();
    for (const to of [before.total + 150, 10_000, before.total]) {
      const now = await t.db
        .selectFrom('points_quarter_score')
        .select('total')
        .where('quarter_id', '=', q2)
        .where('member_id', '=', m)
        .executeTakeFirstOrThrow();
      await repo.updateScore(t.db, q2, m, { total: to });
      await boardRepo.moveBoardTotal(t.db, q2, before.branch_id, now.total, to);
      await expectStoredHistograms(t.db, quarterIds);
    }
    expect(await compare([undefined])).toBeGreaterThan(100);
  }, 180_000);

  it('reads ranks, dense ranks and page windows off a histogram as the rows would give them', () => {
    const totals = [900, 900, 700, 700, 700, 500, 100, 100, -300];
    const histogram = [...new Set(totals)].map((total) => ({
      total,
      n: totals.filter((x) => x === total).length,
    }));
    const table = rankTable(histogram);
    const ranked = competitionRank(totals, (x) => x);
    const dense = denseRanks(new Map(ranked.map(({ rank }, i) => [i, rank])));
    expect(table.count).toBe(totals.length);
    ranked.forEach(({ row, rank }, i) => {
      expect(table.rank(row)).toBe(rank);
      expect(table.dense(row)).toBe(dense.get(i));
    });
    // Rows 3..6 (0-based) are 700, 700, 500, 100: totals 700..100, four rows above 700 start at 2.
    expect(table.window(3, 4)).toEqual({ high: 700, low: 100, before: 2 });
    expect(table.window(0, 1)).toEqual({ high: 900, low: 900, before: 0 });
    expect(table.window(8, 5)).toEqual({ high: -300, low: -300, before: 8 });
    expect(table.window(9, 5)).toBeNull();
    expect(rankTable([]).window(0, 5)).toBeNull();
  });
});
