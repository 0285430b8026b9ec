import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { competitionRanks, movement, rankByIndicator, rankMonth } from './ranking.js';

describe('competitionRanks', () => {
  it('shares a rank between equal scores and skips the next (1, 2, 2, 4)', () => {
    expect(competitionRanks([9000, 8595, 8595, 8000])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([8000, 8595, 9000, 8595])).toEqual([4, 2, 1, 2]);
    expect(competitionRanks([7000, 7000, 7000])).toEqual([1, 1, 1]);
    expect(competitionRanks([])).toEqual([]);
  });

  it('refuses NaN and infinities', () => {
    expect(() => competitionRanks([1, Number.NaN])).toThrow(RangeError);
    expect(() => competitionRanks([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  it('is 1 + the number of strictly greater scores (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), (scores) => {
        const ranks = competitionRanks(scores);
        scores.forEach((s, i) => {
          expect(ranks[i]).toBe(1 + scores.filter((t) => t > s).length);
        });
      }),
    );
  });

  it('gives equal scores equal ranks and higher scores better ranks (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1 }), (scores) => {
        const ranks = competitionRanks(scores);
        for (let i = 0; i < scores.length; i += 1) {
          for (let j = 0; j < scores.length; j += 1) {
            const [si, sj, ri, rj] = [scores[i] ?? 0, scores[j] ?? 0, ranks[i] ?? 0, ranks[j] ?? 0];
            if (si === sj) expect(ri).toBe(rj);
            if (si > sj) expect(ri).toBeLessThan(rj);
          }
        }
        expect(Math.min(...ranks)).toBe(1);
        expect(Math.max(...ranks)).toBeLessThanOrEqual(scores.length);
      }),
    );
  });
});

describe('movement', () => {
  it('is last month’s rank − this month’s rank, null without a previous rank', () => {
    expect(movement(5, 2)).toBe(3);
    expect(movement(2, 5)).toBe(-3);
    expect(movement(3, 3)).toBe(0);
    expect(movement(null, 1)).toBeNull();
  });
});

describe('rankMonth', () => {
  it('ranks totals with movement against last month', () => {
    const rows = rankMonth(
      [
        { branchId: 11, total: 8595 },
        { branchId: 12, total: 9100 },
        { branchId: 13, total: 8595 },
        { branchId: 14, total: 7020 },
        { branchId: 15, total: 8800 },
      ],
      [
        { branchId: 11, rank: 1 },
        { branchId: 12, rank: 4 },
        { branchId: 13, rank: 2 },
        { branchId: 14, rank: 3 },
      ],
    );
    expect(rows).toEqual([
      { branchId: 12, score: 9100, rank: 1, previousRank: 4, movement: 3 },
      { branchId: 15, score: 8800, rank: 2, previousRank: null, movement: null },
      { branchId: 11, score: 8595, rank: 3, previousRank: 1, movement: -2 },
      { branchId: 13, score: 8595, rank: 3, previousRank: 2, movement: -1 },
      { branchId: 14, score: 7020, rank: 5, previousRank: 3, movement: -2 },
    ]);
  });

  it('has no movement in the first month', () => {
    expect(rankMonth([{ branchId: 1, total: 100 }]).map((r) => r.movement)).toEqual([null]);
  });

  it('refuses a branch ranked twice and a total that is not whole hundredths', () => {
    expect(() =>
      rankMonth([
        { branchId: 1, total: 100 },
        { branchId: 1, total: 90 },
      ]),
    ).toThrow(RangeError);
    expect(() => rankMonth([{ branchId: 1, total: 85.95 }])).toThrow(RangeError);
  });

  const monthArb = fc
    .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 30 })
    .chain((ids) =>
      fc.record({
        ids: fc.constant(ids),
        now: fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), {
          minLength: ids.length,
          maxLength: ids.length,
        }),
        before: fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), {
          minLength: ids.length,
          maxLength: ids.length,
        }),
      }),
    );

  it('has movements that sum to 0 when the same branches are ranked without ties (property)', () => {
    fc.assert(
      fc.property(monthArb, ({ ids, now, before }) => {
        const previous = rankMonth(ids.map((branchId, i) => ({ branchId, total: before[i] ?? 0 })));
        const current = rankMonth(
          ids.map((branchId, i) => ({ branchId, total: now[i] ?? 0 })),
          previous.map((r) => ({ branchId: r.branchId, rank: r.rank })),
        );
        expect(current.reduce((sum, r) => sum + (r.movement ?? 0), 0)).toBe(0);
        expect(current.map((r) => r.rank)).toEqual(ids.map((_, i) => i + 1));
      }),
    );
  });

  it('returns rows ordered by rank then branch id, whatever the input order (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ branchId: fc.integer({ min: 1, max: 99 }), total: fc.integer({ min: 0, max: 5 }) }),
          {
            selector: (r) => r.branchId,
          },
        ),
        (totals) => {
          const rows = rankMonth(totals);
          expect(rankMonth([...totals].reverse())).toEqual(rows);
          for (let i = 1; i < rows.length; i += 1) {
            const [a, b] = [rows[i - 1], rows[i]];
            if (a && b) expect(a.rank < b.rank || (a.rank === b.rank && a.branchId < b.branchId)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('rankByIndicator', () => {
  it('ranks each indicator among the branches whose plan has it, with movement', () => {
    const rankings = rankByIndicator(
      [
        {
          branchId: 1,
          indicators: [
            { code: 'E1', score: 1740 },
            { code: 'B1', score: 1500 },
          ],
        },
        {
          branchId: 2,
          indicators: [
            { code: 'E1', score: 1800 },
            { code: 'X9', score: 300 },
          ],
        },
        {
          branchId: 3,
          indicators: [
            { code: 'E1', score: 1740 },
            { code: 'B1', score: 1600 },
          ],
        },
      ],
      {
        E1: [
          { branchId: 1, rank: 3 },
          { branchId: 2, rank: 2 },
          { branchId: 3, rank: 1 },
        ],
      },
    );
    expect(rankings.map((r) => r.code)).toEqual(['E1', 'B1', 'X9']);
    expect(rankings[0]?.rows).toEqual([
      { branchId: 2, score: 1800, rank: 1, previousRank: 2, movement: 1 },
      { branchId: 1, score: 1740, rank: 2, previousRank: 3, movement: 1 },
      { branchId: 3, score: 1740, rank: 2, previousRank: 1, movement: -1 },
    ]);
    expect(rankings[1]?.rows.map((r) => [r.branchId, r.rank, r.movement])).toEqual([
      [3, 1, null],
      [1, 2, null],
    ]);
    expect(rankings[2]?.rows.map((r) => r.branchId)).toEqual([2]);
  });

  it('is empty without months', () => {
    expect(rankByIndicator([])).toEqual([]);
  });

  it('ignores inherited keys of the previous ranks', () => {
    const rankings = rankByIndicator([{ branchId: 1, indicators: [{ code: 'toString', score: 1 }] }]);
    expect(rankings[0]?.rows[0]?.previousRank).toBeNull();
  });
});
