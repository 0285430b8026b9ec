import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { competitionRank } from '../../../domain/points/ranking.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';
import { closeAndPublish, createAdoptedScheme, seedApproved } from './points.fixtures.js';
import * as repo from './quarter.repo.js';

/**
 * An approved adjustment or an upheld appeal re-ranks the member's branch and ranking scope in
 * the database (`rerankIn`, SQL `rank()`); the close ranks in memory (`competitionRank`). Both
 * must give every member the same ranks: a closed quarter with many ties is re-ranked from
 * scrambled ranks and must come back to exactly what the close stored. A re-scored member moves
 * only the ranks it passes (`moveRank`): after each of a series of moves every rank must still be
 * the domain's competition rank of the totals.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-04-02T02:00:00.000Z') });
});
afterAll(() => t.close());

describe('re-ranking in the database', () => {
  it('gives the same competition ranks as the close, ties included, in every branch and scope', async () => {
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
    const creator = await makeUser(t.db, [{ role: 'secretary', orgId: tree.root.id }]);
    const branches = [tree.branchA1, tree.branchA2, tree.branchB1];
    // 0–3 主题党日 of 200 points each: four distinct totals among 45 members, so ties everywhere.
    for (let i = 0; i < 45; i++) {
      const branch = branches[i % 3] as (typeof branches)[number];
      const member = await makeMember(t.db, branch, { name: `成员${i}` });
      for (let k = 0; k < (i * 7) % 4; k++) {
        await seedApproved(t.db, {
          schemeId,
          member,
          branchId: branch.id,
          itemCode: 'P01',
          occurredOn: `2026-01-${String(5 + k).padStart(2, '0')}`,
          points: 200,
          createdBy: creator.id,
        });
      }
    }
    await closeAndPublish(affairs, committee, schemeId, '2026-Q1');
    const q = await repo.findQuarter(t.db, schemeId, '2026-Q1');
    if (!q) throw new Error('no quarter');
    const stored = () =>
      t.db
        .selectFrom('points_quarter_score')
        .select(['member_id', 'branch_id', 'scope_org_id', 'total', 'rank_in_branch', 'rank_in_scope'])
        .where('quarter_id', '=', q.id)
        .orderBy('member_id')
        .execute();
    const closed = await stored();
    expect(closed).toHaveLength(45);
    expect(new Set(closed.map((r) => r.total)).size).toBe(4);
    // The close's ranks are the domain's competition ranks.
    for (const r of closed) {
      const branchRows = closed.filter((x) => x.branch_id === r.branch_id);
      const rank = competitionRank(branchRows, (x) => x.total).find(
        (x) => x.row.member_id === r.member_id,
      )?.rank;
      expect(r.rank_in_branch).toBe(rank);
    }
    await t.db.updateTable('points_quarter_score').set({ rank_in_branch: 99, rank_in_scope: 99 }).execute();
    for (const b of new Set(closed.map((r) => r.branch_id))) await repo.rerankIn(t.db, q.id, 'branch_id', b);
    for (const s of new Set(closed.map((r) => r.scope_org_id)))
      await repo.rerankIn(t.db, q.id, 'scope_org_id', s);
    expect(await stored()).toEqual(closed);

    // Members re-scored one after another (up, down, onto a tie, off it, to a new top and
    // bottom): moving only the passed ranks keeps every rank the competition rank of the totals.
    const moves = [
      [0, 800],
      [5, 0],
      [11, 400],
      [11, 1000],
      [20, 200],
      [33, 600],
      [0, 0],
      [44, 1200],
      [5, 600],
    ] as const;
    for (const [k, to] of moves) {
      const before = (await stored())[k];
      if (!before) throw new Error('no member');
      await t.db
        .updateTable('points_quarter_score')
        .set({ total: 6000 + to })
        .where('quarter_id', '=', q.id)
        .where('member_id', '=', before.member_id)
        .execute();
      for (const column of ['branch_id', 'scope_org_id'] as const)
        await repo.moveRank(t.db, q.id, column, before[column], before.member_id, before.total, 6000 + to);
      const now = await stored();
      for (const r of now) {
        const rankIn = (column: 'branch_id' | 'scope_org_id') =>
          competitionRank(
            now.filter((x) => x[column] === r[column]),
            (x) => x.total,
          ).find((x) => x.row.member_id === r.member_id)?.rank;
        expect([r.rank_in_branch, r.rank_in_scope], `member ${r.member_id} after moving ${k}`).toEqual([
          rankIn('branch_id'),
          rankIn('scope_org_id'),
        ]);
      }
    }
  });
});
