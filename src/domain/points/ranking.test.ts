import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { competitionRank, denseRanks, movement, type OrgPathNode, rankingScopeKey } from './ranking.js';

interface Row {
  name: string;
  score: number;
}
const rows = (...pairs: [string, number][]): Row[] => pairs.map(([name, score]) => ({ name, score }));
const byScore = (r: Row) => r.score;

describe('competitionRank', () => {
  it('shares a rank between equal scores and skips the next (1, 2, 2, 4)', () => {
    const ranked = competitionRank(rows(['b', 8000], ['a', 9000], ['c', 8000], ['d', 7000]), byScore);
    expect(ranked.map((r) => [r.row.name, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('orders ties for display by the tiebreak, without changing their rank', () => {
    const ranked = competitionRank(rows(['张三', 8000], ['李四', 8000], ['王五', 8000]), byScore, (a, b) =>
      a.name.localeCompare(b.name, 'zh-Hans-CN'),
    );
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1]);
    expect(ranked.map((r) => r.row.name)).toEqual(['李四', '王五', '张三']); // pinyin order
  });

  it('keeps input order among ties when no tiebreak is given', () => {
    const ranked = competitionRank(rows(['x', 5], ['y', 5], ['z', 5]), byScore);
    expect(ranked.map((r) => r.row.name)).toEqual(['x', 'y', 'z']);
  });

  it('ranks an empty board and a single row', () => {
    expect(competitionRank([], byScore)).toEqual([]);
    expect(competitionRank(rows(['a', 0]), byScore).map((r) => r.rank)).toEqual([1]);
  });

  it('refuses a score that is not a finite number', () => {
    expect(() => competitionRank(rows(['a', Number.NaN]), byScore)).toThrow(RangeError);
    expect(() => competitionRank(rows(['a', Number.POSITIVE_INFINITY]), byScore)).toThrow(RangeError);
  });

  const arbRows = fc.array(
    fc.record({ name: fc.string({ maxLength: 3 }), score: fc.integer({ min: 0, max: 30 }) }),
    { maxLength: 40 },
  );

  it('gives every row rank = 1 + the number of strictly greater scores', () => {
    fc.assert(
      fc.property(arbRows, (input) => {
        const ranked = competitionRank(input, byScore, (a, b) =>
          a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
        );
        expect(ranked).toHaveLength(input.length);
        for (const { row, rank } of ranked) {
          expect(rank).toBe(1 + input.filter((o) => o.score > row.score).length);
        }
      }),
    );
  });

  it('returns the same rows, by score descending, with ranks non-decreasing', () => {
    fc.assert(
      fc.property(arbRows, (input) => {
        const ranked = competitionRank(input, byScore);
        expect(new Set(ranked.map((r) => r.row))).toEqual(new Set(input));
        for (let i = 1; i < ranked.length; i++) {
          const prev = ranked[i - 1];
          const cur = ranked[i];
          if (!prev || !cur) throw new Error('unreachable');
          expect(prev.row.score).toBeGreaterThanOrEqual(cur.row.score);
          expect(prev.rank).toBeLessThanOrEqual(cur.rank);
        }
      }),
    );
  });

  it('never lets the tiebreak change a rank', () => {
    fc.assert(
      fc.property(arbRows, (input) => {
        const plain = new Map(competitionRank(input, byScore).map((r) => [r.row, r.rank]));
        const reversed = competitionRank(input, byScore, (a, b) =>
          a.name < b.name ? 1 : a.name > b.name ? -1 : 0,
        );
        for (const r of reversed) expect(r.rank).toBe(plain.get(r.row));
      }),
    );
  });
});

describe('movement', () => {
  it('is last rank − this rank: up is positive', () => {
    expect(movement(5, 2)).toBe(3);
    expect(movement(2, 5)).toBe(-3);
    expect(movement(4, 4)).toBe(0);
  });

  it('is null without a previous rank', () => {
    expect(movement(null, 1)).toBeNull();
  });
});

describe('rankingScopeKey', () => {
  const root: OrgPathNode = { orgId: 1, kind: 'committee' };
  const county: OrgPathNode = { orgId: 10, kind: 'committee' };
  const general: OrgPathNode = { orgId: 20, kind: 'general_branch' };
  const branch: OrgPathNode = { orgId: 100, kind: 'branch' };
  const group: OrgPathNode = { orgId: 1000, kind: 'group' };

  it('root: the whole scheme', () => {
    expect(rankingScopeKey('root', [root, county, branch])).toBe(1);
  });

  it('child_committee: the county / department committee under the root', () => {
    expect(rankingScopeKey('child_committee', [root, county, general, branch, group])).toBe(10);
  });

  it("child_committee: branches directly under the root share the root's scope", () => {
    expect(rankingScopeKey('child_committee', [root, branch])).toBe(1);
    expect(rankingScopeKey('child_committee', [root, general, branch])).toBe(1);
  });

  it('branch: the branch, also for a member of a party group', () => {
    expect(rankingScopeKey('branch', [root, county, branch, group])).toBe(100);
    expect(() => rankingScopeKey('branch', [root, county])).toThrow(RangeError);
  });

  it('refuses an empty path', () => {
    expect(() => rankingScopeKey('root', [])).toThrow(RangeError);
  });
});

describe('denseRanks', () => {
  it('counts distinct scores above, so leaving a large tie moves a member by one place, not by its size', () => {
    const before = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 2],
      ['e', 5],
    ]);
    expect([...denseRanks(before)]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 2],
      ['e', 3],
    ]);
    // e rose above the tied three: competition ranks say ↑4, positions among scores say ↑1.
    const after = new Map([
      ['a', 1],
      ['e', 2],
      ['b', 3],
      ['c', 3],
      ['d', 3],
    ]);
    expect(movement(denseRanks(before).get('e') ?? null, denseRanks(after).get('e') ?? 0)).toBe(1);
    expect(denseRanks(new Map())).toEqual(new Map());
  });
});
