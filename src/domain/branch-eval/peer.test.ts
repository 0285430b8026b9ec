import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareFractions, fraction } from './exact.js';
import {
  addPeerRaters,
  assignPeerRaters,
  type BranchNode,
  canPeerRate,
  checkPeerAssignment,
  type PeerAssignment,
  rateesOf,
  ratersOf,
  trimmedPeerMean,
} from './peer.js';

describe('trimmedPeerMean', () => {
  it('drops one highest and one lowest from 5 scores (SPEC example 7, 8, 8, 9, 10 → 8.333…)', () => {
    const mean = trimmedPeerMean([800, 1000, 700, 900, 800]);
    expect(mean).toEqual({
      used: [800, 800, 900],
      dropped: { high: 1000, low: 700 },
      sum: 2500,
      count: 3,
      mean: { numerator: 2500, denominator: 3 },
      meanRounded: 833,
    });
  });

  it('takes the plain mean below 5 scores', () => {
    expect(trimmedPeerMean([700, 1000, 800, 900])).toMatchObject({
      used: [700, 800, 900, 1000],
      dropped: { high: null, low: null },
      mean: { numerator: 850, denominator: 1 },
    });
    expect(trimmedPeerMean([1000]).mean).toEqual(fraction(1000, 1));
  });

  it('drops only one copy of a tied extreme', () => {
    expect(trimmedPeerMean([700, 700, 800, 900, 900]).used).toEqual([700, 800, 900]);
    expect(trimmedPeerMean([500, 500, 500, 500, 500]).mean).toEqual(fraction(500, 1));
  });

  it('has no mean without scores', () => {
    expect(trimmedPeerMean([])).toEqual({
      used: [],
      dropped: { high: null, low: null },
      sum: 0,
      count: 0,
      mean: null,
      meanRounded: null,
    });
  });

  it('trims from a configurable count, and refuses nonsense', () => {
    expect(trimmedPeerMean([100, 200, 300], 3).used).toEqual([200]);
    expect(trimmedPeerMean([100, 200, 300, 400, 500], 6).count).toBe(5);
    expect(() => trimmedPeerMean([100], 2)).toThrow(/trimFrom must be an integer ≥ 3/);
    expect(() => trimmedPeerMean([8.5])).toThrow(RangeError);
    expect(() => trimmedPeerMean([700, 800, 850.5])).toThrow(/Peer score is not whole hundredths: 850.5/);
  });

  it('lies between the lowest and highest score, and accounts for every score (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 60 }),
        (scores) => {
          const result = trimmedPeerMean(scores);
          if (result.mean === null) throw new Error('a mean was expected');
          expect(compareFractions(result.mean, fraction(Math.min(...scores), 1))).toBeGreaterThanOrEqual(0);
          expect(compareFractions(result.mean, fraction(Math.max(...scores), 1))).toBeLessThanOrEqual(0);
          expect(result.count).toBe(scores.length >= 5 ? scores.length - 2 : scores.length);
          const total = scores.reduce((a, b) => a + b, 0);
          expect(result.sum + (result.dropped.high ?? 0) + (result.dropped.low ?? 0)).toBe(total);
          expect(result.meanRounded).not.toBeNull();
        },
      ),
    );
  });

  it('does not depend on the order of the scores (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 20 }), (scores) => {
        expect(trimmedPeerMean([...scores].reverse())).toEqual(trimmedPeerMean(scores));
      }),
    );
  });
});

describe('assignPeerRaters', () => {
  // Committee 1 has six branches, committee 2 three, and branch 30 sits directly under the root.
  const branches: BranchNode[] = [
    { id: 16, parentId: 1 },
    { id: 11, parentId: 1 },
    { id: 12, parentId: 1 },
    { id: 13, parentId: 1 },
    { id: 14, parentId: 1 },
    { id: 15, parentId: 1 },
    { id: 21, parentId: 2 },
    { id: 22, parentId: 2 },
    { id: 23, parentId: 2 },
    { id: 30, parentId: null },
  ];

  it('has every branch rated by the other branches of its parent committee, never by itself', () => {
    const { assignment } = assignPeerRaters(branches, { minRaters: 5 });
    expect(assignment.map((r) => r.rated)).toEqual([11, 12, 13, 14, 15, 16, 21, 22, 23, 30]);
    expect(ratersOf(assignment, 11)).toEqual([12, 13, 14, 15, 16]);
    expect(ratersOf(assignment, 22)).toEqual([21, 23]);
    expect(ratersOf(assignment, 30)).toEqual([]);
    expect(ratersOf(assignment, 99)).toEqual([]);
    expect(rateesOf(assignment, 21)).toEqual([22, 23]);
  });

  it('warns about every group with fewer than the minimum possible raters', () => {
    const { warnings } = assignPeerRaters(branches, { minRaters: 5 });
    expect(warnings.map((w) => [w.code, w.severity, w.details])).toEqual([
      ['too_few_raters', 'warning', { parentId: null, branches: [30], available: 0, required: 5 }],
      ['too_few_raters', 'warning', { parentId: 2, branches: [21, 22, 23], available: 2, required: 5 }],
    ]);
    expect(warnings[1]?.message.zh).toContain('从其他党组织补充评价支部');
    expect(assignPeerRaters(branches, { minRaters: 2 }).warnings.map((w) => w.details.parentId)).toEqual([
      null,
    ]);
  });

  it('refuses a branch listed twice and a bad minimum', () => {
    expect(() => assignPeerRaters([...branches, { id: 11, parentId: 2 }], { minRaters: 5 })).toThrow(
      RangeError,
    );
    expect(() => assignPeerRaters(branches, { minRaters: 0 })).toThrow(RangeError);
    expect(() => assignPeerRaters(branches, { minRaters: 1.5 })).toThrow(/minRaters/);
    expect(() => assignPeerRaters([...branches, { id: 11, parentId: 2 }], { minRaters: 5 })).toThrow(
      /Branch listed twice: 11/,
    );
    // One rater is a valid minimum: only the lone branch 30 lacks one.
    expect(assignPeerRaters(branches, { minRaters: 1 }).warnings.map((w) => w.details.parentId)).toEqual([
      null,
    ]);
  });

  it('lists the warnings by committee: the root first, then committee ids ascending', () => {
    const pairs = (parentId: number, first: number): BranchNode[] => [
      { id: first, parentId },
      { id: first + 1, parentId },
    ];
    const { warnings } = assignPeerRaters([...pairs(30, 1), ...pairs(4, 3), { id: 9, parentId: null }], {
      minRaters: 5,
    });
    expect(warnings.map((w) => w.details.parentId)).toEqual([null, 4, 30]);
  });

  it('is deterministic whatever the input order (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(branches, { minLength: branches.length }), (shuffled) => {
        expect(assignPeerRaters(shuffled, { minRaters: 5 })).toEqual(
          assignPeerRaters(branches, { minRaters: 5 }),
        );
      }),
    );
  });

  it('assigns exactly the same-parent others and warns exactly for small groups (property)', () => {
    const arb = fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 1, max: 500 }),
        parentId: fc.option(fc.integer({ min: 1, max: 4 })),
      }),
      { selector: (b) => b.id, maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 8 }), (nodes, minRaters) => {
        const { assignment, warnings } = assignPeerRaters(nodes, { minRaters });
        expect(assignment).toHaveLength(nodes.length);
        for (const { rated, raters } of assignment) {
          const parent = nodes.find((n) => n.id === rated)?.parentId;
          const expected = nodes
            .filter((n) => n.parentId === parent && n.id !== rated)
            .map((n) => n.id)
            .sort((a, b) => a - b);
          expect(raters).toEqual(expected);
          expect(raters).not.toContain(rated);
        }
        const sizes = new Map<number | null, number>();
        for (const n of nodes) sizes.set(n.parentId, (sizes.get(n.parentId) ?? 0) + 1);
        expect(warnings).toHaveLength([...sizes.values()].filter((size) => size - 1 < minRaters).length);
      }),
    );
  });
});

// Fixtures that call the code under test are built in beforeAll, not while the file loads: a
// mutation that breaks them must fail these tests rather than the file's loading.
describe('topping up raters', () => {
  let small: PeerAssignment;
  beforeAll(() => {
    small = assignPeerRaters(
      [
        { id: 21, parentId: 2 },
        { id: 22, parentId: 2 },
        { id: 23, parentId: 2 },
      ],
      { minRaters: 5 },
    ).assignment;
  });

  it('adds raters from elsewhere and re-checks the minimum', () => {
    expect(checkPeerAssignment(small, 5).map((w) => w.details)).toEqual([
      { branch: 21, available: 2, required: 5 },
      { branch: 22, available: 2, required: 5 },
      { branch: 23, available: 2, required: 5 },
    ]);
    const added = addPeerRaters(small, 21, [14, 11, 12]);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(ratersOf(added.assignment, 21)).toEqual([11, 12, 14, 22, 23]);
    expect(checkPeerAssignment(added.assignment, 5).map((w) => w.details.branch)).toEqual([22, 23]);
    expect(added.assignment.map((r) => r.rated)).toEqual([21, 22, 23]);
  });

  it('adds a rated branch that was not in the assignment', () => {
    const added = addPeerRaters(small, 5, [21]);
    expect(added.ok && added.assignment.map((r) => r.rated)).toEqual([5, 21, 22, 23]);
  });

  it('refuses self-rating and duplicate raters', () => {
    const result = addPeerRaters(small, 21, [21, 22]);
    expect(!result.ok && result.issues.map((i) => [i.code, i.details])).toEqual([
      ['self_rating', { rater: 21, rated: 21 }],
      ['duplicate_rater', { rater: 22, rated: 21 }],
    ]);
  });

  it('re-checks with warnings, not errors', () => {
    expect(checkPeerAssignment(small, 5).map((w) => [w.code, w.severity])).toEqual([
      ['branch_too_few_raters', 'warning'],
      ['branch_too_few_raters', 'warning'],
      ['branch_too_few_raters', 'warning'],
    ]);
  });
});

describe('canPeerRate', () => {
  let assignment: PeerAssignment;
  beforeAll(() => {
    assignment = assignPeerRaters(
      [
        { id: 1, parentId: 9 },
        { id: 2, parentId: 9 },
        { id: 3, parentId: 8 },
      ],
      { minRaters: 1 },
    ).assignment;
  });

  it('allows an assigned rater', () => {
    expect(canPeerRate(1, 2, assignment)).toEqual({ ok: true });
  });

  it('refuses a branch rating itself', () => {
    const result = canPeerRate(1, 1, assignment);
    expect(!result.ok && result.error.code).toBe('self_rating');
    expect(!result.ok && result.error.details).toEqual({ rater: 1, rated: 1 });
    expect(!result.ok && result.error.message.zh).toBe('支部不能给自己互评');
  });

  it('refuses a branch not assigned to the rated one', () => {
    const result = canPeerRate(3, 1, assignment);
    expect(!result.ok && result.error.code).toBe('not_assigned');
    expect(!result.ok && result.error.details).toEqual({ rater: 3, rated: 1 });
  });
});
