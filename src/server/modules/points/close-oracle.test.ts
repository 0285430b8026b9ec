import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeQuarterScore, viewQuarterScore } from '../../../domain/points/quarter-score.js';
import { competitionRank } from '../../../domain/points/ranking.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';
import { closeAndPublish, createAdoptedScheme, seedApproved } from './points.fixtures.js';
import * as repo from './quarter.repo.js';
import { approvedEntries, computeQuarter, storedExplanation } from './quarter.service.js';
import { currentVersion } from './scheme.service.js';

/**
 * The close reads entries by ranges of member ids and ranks in the database; the oracle is the
 * per-member path (the member's own approved entries through `approvedEntries`, scored by the
 * domain) and the domain's competition ranks. A generated scope — capped items, ranges,
 * deductions, a veto, members without entries, ties — must store exactly the oracle's totals,
 * parts, ranks and explanation JSON for every member.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-04-02T02:00:00.000Z') });
});
afterAll(() => t.close());

describe('the quarter close against the per-member oracle', () => {
  it('stores every member’s score, ranks and explanation as the per-member path computes them', async () => {
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
    const items = [
      { code: 'P01', points: () => 200 },
      { code: 'J02', points: (k: number) => 10 + ((k * 97) % 1491) },
      { code: 'J01', points: () => 1000 },
      { code: 'C01', points: () => 100 },
      { code: 'D01', points: () => 300 },
    ] as const;
    for (let i = 0; i < 40; i++) {
      const branch = branches[i % 3] as (typeof branches)[number];
      const member = await makeMember(t.db, branch, { name: `样本${i}` });
      // Over the P01 and C01 caps for some, nothing at all for every seventh member.
      const count = i % 7 === 0 ? 0 : 1 + ((i * 5) % 13);
      for (let k = 0; k < count; k++) {
        const item = items[(i + k) % items.length] as (typeof items)[number];
        // Several units in one entry now and then, so a count cap can cut an entry in part.
        const quantity = (i + k) % 5 === 0 ? 2 + (k % 3) : 1;
        const occurredOn = `2026-0${1 + (k % 3)}-${String(3 + k).padStart(2, '0')}`;
        const id = await seedApproved(t.db, {
          schemeId,
          member,
          branchId: branch.id,
          itemCode: item.code,
          occurredOn,
          points: item.points(i + k) * quantity,
          quantity,
          createdBy: creator.id,
        });
        // Now and then an approved adjustment cancels the entry (an upheld appeal): it no longer
        // counts nor uses up its item's cap.
        if ((i + k) % 6 === 1) {
          await seedApproved(t.db, {
            schemeId,
            member,
            branchId: branch.id,
            itemCode: item.code,
            occurredOn,
            points: item.points(i + k) * quantity,
            quantity,
            createdBy: creator.id,
            kind: 'adjustment',
            revokesEntryId: id,
          });
        }
      }
      if (i === 11) {
        await seedApproved(t.db, {
          schemeId,
          member,
          branchId: branch.id,
          itemCode: 'V01',
          occurredOn: '2026-02-20',
          points: 500,
          createdBy: creator.id,
        });
      }
    }
    await closeAndPublish(affairs, committee, schemeId, '2026-Q1');
    const q = await repo.findQuarter(t.db, schemeId, '2026-Q1');
    if (!q) throw new Error('no quarter');
    const stored = await t.db
      .selectFrom('points_quarter_score')
      .selectAll()
      .where('quarter_id', '=', q.id)
      .orderBy('member_id')
      .execute();
    expect(stored).toHaveLength(40);
    expect(stored.some((r) => r.has_veto === 1)).toBe(true);
    // The generated scope reaches what it is meant to test: cut entries, cancellations, caps.
    const explained = await Promise.all(
      stored.map(async (r) => storedExplanation(t.db, r, q, (await currentVersion(t.db, schemeId)).scheme)),
    );
    const lines = explained.flatMap((e) => e.items.flatMap((i) => i.entries));
    expect(lines.some((l) => l.cappedBy === 'item_cap' && l.counted > 0)).toBe(true);
    expect(lines.some((l) => l.revokedBy !== null)).toBe(true);
    expect(explained.some((e) => e.dimensionCapsApplied.length > 0)).toBe(true);

    const { scheme } = await currentVersion(t.db, schemeId);
    const byCode = new Map(scheme.items.map((i) => [i.code, i]));
    for (const r of stored) {
      const entries =
        (await approvedEntries(t.db, schemeId, '2026-Q1', [r.member_id])).get(r.member_id) ?? [];
      const score = computeQuarterScore(scheme.rules, byCode, entries);
      // The stored inputs name the member's approved entries; the explanation derived from them
      // under the stored rule version is the per-member path's, field for field.
      expect(r.version_id).toBe(q.version_id);
      expect(JSON.parse(r.explanation_json)).toEqual({
        entries: entries.length,
        lastEntryId: Math.max(0, ...entries.map((e) => e.id)),
        vetoEntryIds: score.vetoEntryIds,
      });
      expect(JSON.stringify(await storedExplanation(t.db, r, q, scheme))).toBe(JSON.stringify(score));
      expect(r.total).toBe(score.total);
      expect(r.deductions).toBe(score.deductionTotal);
      expect(r.has_veto).toBe(score.vetoEntryIds.length > 0 ? 1 : 0);
      // The API answers with the same explanation as a score stored whole would give.
      if (r.member_id % 4 === 0 || r.has_veto === 1) {
        const res = await affairs.get(
          `/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/members/${r.member_id}/explain`,
        );
        expect(res.status).toBe(200);
        expect(res.body.explanation).toEqual(
          JSON.parse(
            JSON.stringify(viewQuarterScore(score, { isOwnScore: false, showOthersDeductions: true })),
          ),
        );
        expect(res.body.total).toBe(score.total);
      }
      const inBranch = stored.filter((x) => x.branch_id === r.branch_id);
      const inScope = stored.filter((x) => x.scope_org_id === r.scope_org_id);
      expect(r.rank_in_branch).toBe(
        competitionRank(inBranch, (x) => x.total).find((x) => x.row.member_id === r.member_id)?.rank,
      );
      expect(r.rank_in_scope).toBe(
        competitionRank(inScope, (x) => x.total).find((x) => x.row.member_id === r.member_id)?.rank,
      );
    }

    // A large scheme is read a range of member ids at a time and ranked once at the end: ranges
    // of three ids (members of one branch split across ranges, ranges with no member) store
    // exactly the same rows as one range holding everyone.
    const at = stored[0]?.computed_at ?? '';
    for (const chunk of [3, 1_000_000]) {
      expect(await computeQuarter(t.db, q.id, at, '2026-04-02', chunk)).toBe(40);
      const again = await t.db
        .selectFrom('points_quarter_score')
        .selectAll()
        .where('quarter_id', '=', q.id)
        .orderBy('member_id')
        .execute();
      expect(again).toEqual(stored);
    }
  });
});
