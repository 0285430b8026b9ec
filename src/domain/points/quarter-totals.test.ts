import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApprovedEntry, computeQuarterScore, indexItemsByCode } from './quarter-score.js';
import { countedOfItem, type ItemSums, needsEntries, quarterTotals } from './quarter-totals.js';
import { defaultSchemeRules, dimensions, type SchemeItem } from './scheme.js';

/**
 * The close's totals from per-item sums must be the explained score's numbers (computeQuarterScore,
 * the oracle) for any entries: caps of both kinds, several units per entry, cancellations.
 */
const arbItem = (code: string) =>
  fc
    .record({
      dimension: fc.constantFrom(...dimensions),
      direction: fc.constantFrom('bonus' as const, 'deduction' as const),
      quarterCap: fc.oneof(
        fc.constant(null),
        fc.record({ kind: fc.constant('count' as const), value: fc.integer({ min: 0, max: 6 }) }),
        fc.record({ kind: fc.constant('points' as const), value: fc.integer({ min: 0, max: 2000 }) }),
      ),
      veto: fc.boolean(),
    })
    .map(
      (o): SchemeItem => ({
        code,
        name: code,
        points: { kind: 'range', min: 0, max: 100_000 },
        unit: '次',
        evidenceRequired: false,
        ...o,
        veto: o.veto && o.direction === 'deduction',
      }),
    );

/** Sums in force per item, as the database hands them to the close. */
function sumsOf(items: ReadonlyMap<string, SchemeItem>, entries: readonly ApprovedEntry[]): ItemSums[] {
  const cancelled = new Set(entries.flatMap((e) => (e.revokesEntryId ? [e.revokesEntryId] : [])));
  const inForce = entries.filter((e) => !e.revokesEntryId && !cancelled.has(e.id));
  const out: ItemSums[] = [];
  for (const code of new Set(entries.map((e) => e.itemCode))) {
    const mine = inForce.filter((e) => e.itemCode === code);
    const units = mine.reduce((a, e) => a + e.quantity, 0);
    const item = items.get(code);
    out.push({
      itemCode: code,
      raw: mine.reduce((a, e) => a + e.points, 0),
      units,
      ...(item && needsEntries(item, units) ? { entries: mine } : {}),
    });
  }
  return out;
}

describe('quarterTotals', () => {
  it('gives the explained score’s total, capped bonuses and deductions for any entries', () => {
    fc.assert(
      fc.property(
        fc.tuple(arbItem('A'), arbItem('B'), arbItem('C')),
        fc.array(
          fc.record({
            item: fc.constantFrom('A', 'B', 'C'),
            day: fc.integer({ min: 1, max: 28 }),
            quantity: fc.integer({ min: 1, max: 4 }),
            points: fc.integer({ min: 0, max: 1500 }),
            cancelled: fc.boolean(),
          }),
          { maxLength: 14 },
        ),
        fc.integer({ min: 0, max: 9000 }),
        (list, raw, base) => {
          const items = indexItemsByCode(list);
          const rules = { ...defaultSchemeRules(), baseScore: base };
          const entries: ApprovedEntry[] = [];
          raw.forEach((r, k) => {
            const id = 10 + k * 2;
            const occurredOn = `2026-01-${String(r.day).padStart(2, '0')}`;
            entries.push({
              id,
              itemCode: r.item,
              occurredOn,
              quantity: r.quantity,
              points: r.points,
              kind: 'normal',
            });
            if (r.cancelled) {
              entries.push({
                id: id + 1,
                itemCode: r.item,
                occurredOn,
                quantity: r.quantity,
                points: r.points,
                kind: 'adjustment',
                revokesEntryId: id,
              });
            }
          });
          const score = computeQuarterScore(rules, items, entries);
          const t = quarterTotals(rules, items, sumsOf(items, entries));
          expect(t.total).toBe(score.total);
          expect(t.deductionTotal).toBe(score.deductionTotal);
          for (const d of dimensions) expect(t.bonusCapped[d]).toBe(score.perDimension[d].bonusCapped);
          for (const s of sumsOf(items, entries)) {
            const item = items.get(s.itemCode);
            if (item)
              expect(countedOfItem(item, s)).toBe(
                score.items.find((i) => i.itemCode === s.itemCode)?.countedTotal,
              );
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses an item the scheme does not have, and a passed count cap without its entries', () => {
    const items = indexItemsByCode([]);
    expect(() => quarterTotals(defaultSchemeRules(), items, [{ itemCode: 'X', raw: 1, units: 1 }])).toThrow(
      RangeError,
    );
    const capped: SchemeItem = {
      code: 'A',
      name: 'A',
      dimension: 'political',
      direction: 'bonus',
      points: { kind: 'fixed', value: 200 },
      unit: '次',
      quarterCap: { kind: 'count', value: 1 },
      evidenceRequired: false,
      veto: false,
    };
    expect(() => countedOfItem(capped, { itemCode: 'A', raw: 400, units: 2 })).toThrow(RangeError);
  });
});
