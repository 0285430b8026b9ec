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
    }
    const [q1, q2] = quarterIds as [number, number];
    let compared = 0;
    for (const org of [tree.root, tree.countyA, tree.countyB, tree.branchA1, branchA3, tree.groupA1]) {
      for (const q of [undefined, '王', '%', 'e', 'E%', 'e_0', '李1']) {
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
    // The cases are not empty: ranks, ties and movements were compared on many rows.
    expect(compared).toBeGreaterThan(800);
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
