import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawPeerRaters, type PeerCandidate, peerSeedOf } from './peer-draw.js';

/** Committees 1..c under the bureau 100, branches spread over them; ids from 1000. */
const round = fc
  .array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 })
  .map((committeeOf) =>
    committeeOf.map((c, i): PeerCandidate => ({ id: 1000 + i, committees: [c + 1, 100] })),
  );
const opts = fc.record({
  perBranch: fc.integer({ min: 1, max: 9 }),
  minRaters: fc.integer({ min: 1, max: 7 }),
  seed: fc.string({ maxLength: 12 }),
});

const countRated = (a: readonly { raters: readonly number[] }[]) => {
  const rates = new Map<number, number>();
  for (const r of a) for (const x of r.raters) rates.set(x, (rates.get(x) ?? 0) + 1);
  return rates;
};

describe('drawPeerRaters', () => {
  it('never has a branch rate itself, and lists every branch once', () => {
    fc.assert(
      fc.property(round, opts, (branches, o) => {
        const d = drawPeerRaters(branches, o);
        expect(d.assignment.map((a) => a.rated)).toEqual(branches.map((b) => b.id).sort((a, b) => a - b));
        for (const a of d.assignment) {
          expect(a.raters).not.toContain(a.rated);
          expect(new Set(a.raters).size).toBe(a.raters.length);
        }
      }),
    );
  });

  it('is balanced: each branch rates exactly as many branches as rate it', () => {
    fc.assert(
      fc.property(round, opts, (branches, o) => {
        const d = drawPeerRaters(branches, o);
        const rates = countRated(d.assignment);
        for (const a of d.assignment) expect(rates.get(a.rated) ?? 0).toBe(a.raters.length);
      }),
    );
  });

  it('gives the set number of raters, never fewer than the minimum unless the branch is listed as short', () => {
    fc.assert(
      fc.property(round, opts, (branches, o) => {
        const d = drawPeerRaters(branches, o);
        for (const a of d.assignment) {
          expect(a.raters.length).toBeLessThanOrEqual(o.perBranch);
          if (a.raters.length < o.minRaters) expect(d.short).toContain(a.rated);
          else expect(d.short).not.toContain(a.rated);
        }
        // With enough branches in the round and a target at least the minimum, nobody is short.
        if (branches.length > o.minRaters && o.perBranch >= o.minRaters) expect(d.short).toEqual([]);
        expect(d.warnings.length > 0).toBe(d.short.length > 0);
      }),
    );
  });

  it('is reproducible from its seed', () => {
    fc.assert(
      fc.property(round, opts, (branches, o) => {
        const shuffled = [...branches].reverse();
        expect(drawPeerRaters(shuffled, o)).toEqual(drawPeerRaters(branches, o));
      }),
    );
  });

  it('keeps raters inside the nearest committee when it has enough branches', () => {
    const branches: PeerCandidate[] = [
      ...Array.from({ length: 10 }, (_, i) => ({ id: 1 + i, committees: [50, 100] })),
      ...Array.from({ length: 8 }, (_, i) => ({ id: 21 + i, committees: [60, 100] })),
    ];
    const d = drawPeerRaters(branches, { perBranch: 6, minRaters: 5, seed: 's' });
    for (const a of d.assignment) {
      expect(a.raters).toHaveLength(6);
      for (const r of a.raters) expect(r < 20).toBe(a.rated < 20);
    }
  });

  it('takes raters from the committee above for a committee with too few branches (2 branches, 18 times)', () => {
    const small = Array.from({ length: 18 }, (_, c) => [
      { id: 100 + c * 2, committees: [10 + c, 1] },
      { id: 101 + c * 2, committees: [10 + c, 1] },
    ]).flat();
    const d = drawPeerRaters(small, { perBranch: 6, minRaters: 5, seed: '2026-11' });
    expect(d.short).toEqual([]);
    for (const a of d.assignment) expect(a.raters).toHaveLength(6);
    // A small committee alone at the top has nobody to borrow from: no peer component.
    const alone = drawPeerRaters(
      [
        { id: 1, committees: [7] },
        { id: 2, committees: [7] },
        { id: 3, committees: [7] },
      ],
      { perBranch: 6, minRaters: 5, seed: 'x' },
    );
    expect(alone.short).toEqual([1, 2, 3]);
    expect(alone.warnings.map((w) => w.code)).toEqual(['too_few_raters']);
  });

  it('rotates the pairs month to month: a year of draws for 23 branches are all different and cover most pairs', () => {
    const branches = Array.from({ length: 23 }, (_, i) => ({ id: 1 + i, committees: [5] }));
    const months = Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}`);
    const draws = months.map((m) =>
      drawPeerRaters(branches, { perBranch: 6, minRaters: 5, seed: peerSeedOf(9, m) }),
    );
    const texts = new Set(draws.map((d) => JSON.stringify(d.assignment)));
    expect(texts.size).toBe(12);
    const pairs = new Set(
      draws.flatMap((d) => d.assignment.flatMap((a) => a.raters.map((r) => `${r}>${a.rated}`))),
    );
    // 23 × 22 ordered pairs; 12 months × 23 × 6 sheets: a fixed group would give 138 pairs.
    expect(pairs.size).toBeGreaterThan(300);
    // A secretary fills 6 sheets a month, not 22.
    for (const d of draws) for (const [, n] of countRated(d.assignment)) expect(n).toBe(6);
  });

  it('derives a month’s seed from the round, the month and a secret: without the secret it cannot be told', () => {
    expect(peerSeedOf(9, '2026-01', 's1')).toBe(peerSeedOf(9, '2026-01', 's1'));
    expect(peerSeedOf(9, '2026-01', 's1')).not.toBe(peerSeedOf(9, '2026-01', 's2'));
    expect(peerSeedOf(9, '2026-01', 's1')).not.toBe(peerSeedOf(9, '2026-02', 's1'));
  });

  it('refuses a branch listed twice and settings that are not positive integers', () => {
    const b = [{ id: 1, committees: [] }];
    expect(() => drawPeerRaters([...b, ...b], { perBranch: 6, minRaters: 5, seed: '' })).toThrow(RangeError);
    expect(() => drawPeerRaters(b, { perBranch: 0, minRaters: 5, seed: '' })).toThrow(RangeError);
    expect(() => drawPeerRaters(b, { perBranch: 6, minRaters: 1.5, seed: '' })).toThrow(RangeError);
  });
});
