import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trimmedPeerMean } from '../../../domain/branch-eval/peer.js';
import { type PreviousRank, rankByIndicator, rankMonth } from '../../../domain/branch-eval/ranking.js';
import { approvedPlans, BASE, createFixture, type Fixture, runMonth } from './branch-eval.fixtures.js';
import { explanationOfRow, type StoredMonthInputs } from './compute.js';

/**
 * The month approval reads peer scores as the database sums them up (bare lists per rated branch
 * and indicator, one text block per rated branch for the audit digest), not one row per score.
 * The oracle is the straightforward path: every peer row read one by one in (rated, rater, code)
 * order, the trimmed mean of each branch's scores per indicator, the ranks by total, and the
 * SHA-256 fed one score at a time. Scores, ranks, explanations and the sealed record must agree.
 * The rankings by indicator, ranked by the database as it writes them, must be the domain's
 * rankByIndicator over the same scores with last month's stored ranks (February is approved
 * first, with ties and a missed mandatory indicator, so that ranks, ties and movement all occur).
 */
const M = '2026-03';
const PREV = '2026-02';
let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
  await approvedPlans(f, '2026-Q1');
  await runMonth(
    f,
    PREV,
    f.branches.map((_, i) => ({
      B1: 2600 - 200 * Math.floor(i / 2),
      E1: 1500 + 150 * ((i * 5) % 6),
      E2: 1800,
      ...(i === 4 ? { missed: true } : {}),
    })),
    { verifyOn: '2026-03-02' },
  );
}, 60_000);

/** A month's stored rankings by indicator, by code then branch. */
async function indicatorRanks(monthKey: string) {
  return f.t.db
    .selectFrom('be_indicator_rank as r')
    .innerJoin('be_month as m', 'm.id', 'r.month_id')
    .select(['r.code', 'r.branch_id', 'r.score', 'r.rank', 'r.prev_rank', 'r.movement'])
    .where('m.org_id', '=', f.countyA.id)
    .where('m.month', '=', monthKey)
    .orderBy('r.code')
    .orderBy('r.branch_id')
    .execute();
}
afterAll(() => f.t.close());

describe('the month approval against the row-by-row oracle', () => {
  it('stores the scores, ranks, explanations and peer-sheet digest the row-by-row path gives', async () => {
    // B1 ties in pairs; E1 and E2 spread by their peer scores.
    const specs = f.branches.map((_, i) => ({
      B1: 2000 + 100 * Math.floor(i / 2),
      E1: 1500 + 150 * i,
      E2: 1000 + 90 * i,
    }));
    await runMonth(f, M, specs, {
      verifyOn: '2026-04-01',
      approve: false,
      peer: async () => {
        const month = await f.t.db
          .selectFrom('be_month')
          .select('id')
          .where('org_id', '=', f.countyA.id)
          .where('month', '=', M)
          .executeTakeFirstOrThrow();
        // Every branch of the round rates the five others, with scores spread so that trimming,
        // ties and uneven means all occur.
        const rows = f.branches.flatMap((rated, i) =>
          f.branches
            .filter((r) => r.id !== rated.id)
            .flatMap((rater, j) =>
              [
                { code: 'E1', score: 1000 + ((i * 7 + j * 13) % 11) * 175 },
                { code: 'E2', score: 500 + ((i * 5 + j * 3) % 7) * 205 },
              ].map((s) => ({
                month_id: month.id,
                rated_branch_id: rated.id,
                rater_branch_id: rater.id,
                ...s,
              })),
            ),
        );
        await f.t.db.insertInto('be_peer_score').values(rows).execute();
      },
    });
    const month = await f.t.db
      .selectFrom('be_month')
      .selectAll()
      .where('org_id', '=', f.countyA.id)
      .where('month', '=', M)
      .executeTakeFirstOrThrow();
    // The oracle's inputs, read before the approval: one row per score.
    const peerRows = await f.t.db
      .selectFrom('be_peer_score')
      .select(['rated_branch_id', 'rater_branch_id', 'code', 'score'])
      .where('month_id', '=', month.id)
      .orderBy('rated_branch_id')
      .orderBy('rater_branch_id')
      .orderBy('code')
      .execute();
    expect(peerRows.length).toBe(f.branches.length * (f.branches.length - 1) * 2);

    const approved = await f.c('committee').post(`${BASE}/months/${M}/approve`, { orgId: f.countyA.id });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // The approval answers with the month view from the rows it has in hand: what reading the
    // month afterwards gives.
    const view = await f.c('committee').get(`${BASE}/months/${M}?orgId=${f.countyA.id}`);
    expect(view.status).toBe(200);
    expect(approved.body).toEqual(view.body);
    expect(approved.body).toMatchObject({ state: 'approved', counts: { verified: f.branches.length } });

    const stored = await f.t.db
      .selectFrom('be_month_score')
      .selectAll()
      .where('month_id', '=', month.id)
      .orderBy('branch_id')
      .execute();
    expect(stored).toHaveLength(f.branches.length);
    let withPeers = 0;
    const indicatorScores: { branchId: number; indicators: { code: string; score: number }[] }[] = [];
    for (const s of stored) {
      // Stored compactly: the inputs scored, peer scores ascending (no rater order); the
      // explanation is derived from them under the score's plan version.
      const inputs = JSON.parse(s.explanation_json) as StoredMonthInputs;
      expect(Object.keys(inputs)).not.toContain('month');
      for (const i of Object.values(inputs.inputs)) {
        if (i.peers) expect(i.peers).toEqual([...i.peers].sort((a, b) => a - b));
      }
      const explanation = await explanationOfRow(f.t.db, s);
      indicatorScores.push({
        branchId: s.branch_id,
        indicators: explanation.month.indicators.map((i) => ({ code: i.code, score: i.score })),
      });
      for (const ind of explanation.month.indicators) {
        if (ind.code !== 'E1' && ind.code !== 'E2') continue;
        const scores = peerRows
          .filter((r) => r.rated_branch_id === s.branch_id && r.code === ind.code)
          .map((r) => r.score);
        // The explanation's peer part is exactly the trimmed mean of that branch's rows.
        expect(JSON.parse(JSON.stringify(ind.parts.peer))).toEqual(
          JSON.parse(JSON.stringify(trimmedPeerMean(scores))),
        );
        if ((ind.parts.peer?.count ?? 0) > 0) withPeers++;
      }
      expect(s.total).toBe(explanation.month.total);
    }
    expect(withPeers).toBe(f.branches.length * 2);
    // Ranks by total: the domain's ranking of the stored totals.
    const ranks = rankMonth(
      stored.map((s) => ({ branchId: s.branch_id, total: s.total })),
      [],
    );
    for (const s of stored) expect(s.rank).toBe(ranks.find((r) => r.branchId === s.branch_id)?.rank);

    // Ranks by indicator: the domain's ranking of the explained scores, against February's stored ranks.
    const prevRows = await indicatorRanks(PREV);
    expect(prevRows.length).toBe(f.branches.length * (indicatorScores[0]?.indicators.length ?? 0));
    const prevByCode: Record<string, PreviousRank[]> = {};
    for (const r of prevRows) {
      const list = prevByCode[r.code] ?? [];
      list.push({ branchId: r.branch_id, rank: r.rank });
      prevByCode[r.code] = list;
    }
    const expected = rankByIndicator(indicatorScores, prevByCode)
      .flatMap((ranking) =>
        ranking.rows.map((r) => ({
          code: ranking.code,
          branch_id: r.branchId,
          score: r.score,
          rank: r.rank,
          prev_rank: r.previousRank,
          movement: r.movement,
        })),
      )
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.branch_id - b.branch_id));
    const actual = await indicatorRanks(M);
    expect(actual).toEqual(expected);
    // The cases the ranking has to get right all occur: shared ranks, moves both ways, a new low.
    expect(
      actual.some(
        (r) => r.code === 'B1' && actual.some((o) => o !== r && o.code === 'B1' && o.rank === r.rank),
      ),
    ).toBe(true);
    expect(actual.some((r) => (r.movement ?? 0) > 0) && actual.some((r) => (r.movement ?? 0) < 0)).toBe(true);
    // February, the first approved month of the round, ranks without movement.
    expect(prevRows.every((r) => r.prev_rank === null && r.movement === null)).toBe(true);

    // The audit record of the sheets: the digest fed one score at a time, and the counts.
    const digest = createHash('sha256');
    const sheets = new Set<string>();
    for (const r of peerRows) {
      digest.update(`${r.rated_branch_id}\u001f${r.rater_branch_id}\u001f${r.code}\u001f${r.score}\n`);
      sheets.add(`${r.rated_branch_id}:${r.rater_branch_id}`);
    }
    const audit = await f.t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'branch_eval.peer.sheets')
      .where('entity_id', '=', String(month.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json ?? '{}')).toEqual({
      month: M,
      sheets: sheets.size,
      raterBranches: new Set(peerRows.map((r) => r.rater_branch_id)).size,
      ratedBranches: new Set(peerRows.map((r) => r.rated_branch_id)).size,
      scores: peerRows.length,
      sha256: digest.digest('hex'),
    });
  });
});
