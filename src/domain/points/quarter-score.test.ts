import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../calendar/index.js';
import {
  type ApprovedEntry,
  computeQuarterScore,
  indexItemsByCode,
  type QuarterScore,
  viewQuarterScore,
} from './quarter-score.js';
import { competitionRank } from './ranking.js';
import {
  type Dimension,
  defaultSchemeRules,
  dimensions,
  type ItemPoints,
  type QuarterCap,
  type SchemeItem,
  type SchemeRules,
} from './scheme.js';

const item = (code: string, over: Partial<SchemeItem> = {}): SchemeItem => ({
  code,
  name: code,
  dimension: 'political',
  direction: 'bonus',
  points: { kind: 'fixed', value: 200 },
  unit: '次',
  quarterCap: null,
  evidenceRequired: false,
  veto: false,
  ...over,
});

// Built in beforeAll, not at load: a broken indexItemsByCode must fail the tests, not the file's
// loading (which a mutation run would miss).
let items: ReadonlyMap<string, SchemeItem>;
beforeAll(() => {
  items = indexItemsByCode([
    item('P01', { quarterCap: { kind: 'count', value: 3 } }), // 2 points, at most 3 times
    item('P02', { points: { kind: 'range', min: 100, max: 500 } }),
    item('P03', { points: { kind: 'fixed', value: 500 }, quarterCap: { kind: 'points', value: 1200 } }),
    item('Z01', { dimension: 'professional', points: { kind: 'fixed', value: 500 } }),
    item('W01', {
      dimension: 'civility',
      points: { kind: 'fixed', value: 100 },
      unit: '小时',
      quarterCap: { kind: 'points', value: 1000 },
    }),
    item('D01', { direction: 'deduction', points: { kind: 'fixed', value: 500 } }),
    item('D02', {
      dimension: 'civility',
      direction: 'deduction',
      points: { kind: 'fixed', value: 1000 },
      veto: true,
    }),
    item('D03', {
      dimension: 'professional',
      direction: 'deduction',
      quarterCap: { kind: 'count', value: 2 },
    }),
  ]);
});

const rules = defaultSchemeRules();

let lastId = 0;
/**
 * An approved entry as the database gives it (`revokesEntryId` null, not absent); ids increase in
 * creation order unless given.
 */
const entry = (
  itemCode: string,
  occurredOn: string,
  points: number,
  over: Partial<ApprovedEntry> = {},
): ApprovedEntry => {
  lastId += 1;
  return {
    id: lastId,
    itemCode,
    occurredOn,
    quantity: 1,
    points,
    kind: 'normal',
    revokesEntryId: null,
    ...over,
  };
};
const times = (n: number, make: (i: number) => ApprovedEntry): ApprovedEntry[] =>
  Array.from({ length: n }, (_, i) => make(i));
const day = (i: number): string => addDays('2026-01-01', i);
const itemOf = (score: QuarterScore, code: string) => {
  const found = score.items.find((i) => i.itemCode === code);
  if (!found) throw new Error(`no item ${code} in the score`);
  return found;
};

describe('computeQuarterScore — SPEC §2 examples', () => {
  it('is the base score when nothing was approved', () => {
    const score = computeQuarterScore(rules, items, []);
    expect(score.total).toBe(6000);
    expect(score.base).toBe(6000);
    expect(score.items).toEqual([]);
    expect(score.flooredAtZero).toBe(false);
    for (const d of dimensions) {
      expect(score.perDimension[d]).toEqual({
        bonusCap: rules.bonusCaps[d],
        bonusRaw: 0,
        bonusAfterItemCaps: 0,
        bonusCapped: 0,
        deductionsRaw: 0,
        deductions: 0,
      });
    }
  });

  it('base 60, caps 15/15/10: 60 + 15 + 5 + 10 − 5 = 85', () => {
    const score = computeQuarterScore(rules, items, [
      ...times(4, (i) => entry('P02', day(i), 500)), // political 20 raw → dimension cap 15
      entry('Z01', '2026-02-01', 500), // professional 5
      entry('W01', '2026-03-01', 1200, { quantity: 12 }), // civility 12 hours → item cap 10
      entry('D01', '2026-03-02', 500), // −5
    ]);
    expect(score.perDimension.political).toMatchObject({
      bonusRaw: 2000,
      bonusAfterItemCaps: 2000,
      bonusCapped: 1500,
    });
    expect(score.perDimension.professional).toMatchObject({ bonusRaw: 500, bonusCapped: 500 });
    expect(score.perDimension.civility).toMatchObject({
      bonusRaw: 1200,
      bonusAfterItemCaps: 1000,
      bonusCapped: 1000,
    });
    expect(score.perDimension.political.deductions).toBe(500);
    expect(score.dimensionCapsApplied).toEqual(['political']); // civility was already down to 10 by its item cap
    expect(score.bonusTotal).toBe(3000);
    expect(score.deductionTotal).toBe(500);
    expect(score.total).toBe(8500);
  });

  it('applies the item cap before the dimension cap (the order changes the result)', () => {
    // P01 is worth 2 per time, at most 3 times a quarter. 10 times = 20 raw, 6 after its cap.
    // With P02's 5 the dimension holds 11, under the cap of 15: the member scores 71.
    // Capping the dimension on raw points instead (min(25, 15)) would wrongly give 75.
    const score = computeQuarterScore(rules, items, [
      ...times(10, (i) => entry('P01', day(i), 200)),
      entry('P02', '2026-03-01', 500),
    ]);
    expect(score.perDimension.political).toMatchObject({
      bonusRaw: 2500,
      bonusAfterItemCaps: 1100,
      bonusCapped: 1100,
    });
    expect(score.dimensionCapsApplied).toEqual([]);
    expect(score.total).toBe(7100);
    expect(itemOf(score, 'P01')).toMatchObject({ rawTotal: 2000, countedTotal: 600, capApplied: true });
  });

  it('then applies the dimension cap to what the item caps let through', () => {
    const score = computeQuarterScore(rules, items, [
      ...times(3, (i) => entry('P03', day(i), 500)), // 15 raw → item cap 12
      ...times(2, (i) => entry('P02', day(i + 10), 400)), // 8
    ]);
    expect(score.perDimension.political).toMatchObject({
      bonusRaw: 2300,
      bonusAfterItemCaps: 2000,
      bonusCapped: 1500,
    });
    expect(score.dimensionCapsApplied).toEqual(['political']);
    expect(score.total).toBe(7500);
  });

  it('does not cap deductions by dimension', () => {
    const score = computeQuarterScore(
      rules,
      items,
      times(5, (i) => entry('D01', day(i), 500)),
    );
    expect(score.perDimension.political.deductions).toBe(2500);
    expect(score.total).toBe(3500);
  });

  it('never goes below 0, and says so', () => {
    const score = computeQuarterScore(rules, items, [
      ...times(14, (i) => entry('D01', day(i), 500)),
      entry('Z01', '2026-03-01', 500),
    ]);
    expect(score.unflooredTotal).toBe(6000 + 500 - 7000);
    expect(score.total).toBe(0);
    expect(score.flooredAtZero).toBe(true);
  });
});

describe('computeQuarterScore — item caps', () => {
  it('counts only the first N occurrences in date order, ties by entry id', () => {
    const list = [
      entry('P01', '2026-03-05', 200, { id: 7 }),
      entry('P01', '2026-01-10', 200, { id: 9 }),
      entry('P01', '2026-03-05', 200, { id: 3 }),
      entry('P01', '2026-02-01', 200, { id: 4 }),
    ];
    const p01 = itemOf(computeQuarterScore(rules, items, list), 'P01');
    expect(p01.entries.map((e) => [e.entryId, e.counted, e.cappedBy])).toEqual([
      [9, 200, null],
      [4, 200, null],
      [3, 200, null],
      [7, 0, 'item_cap'],
    ]);
    expect(p01).toMatchObject({ rawTotal: 800, countedTotal: 600, capApplied: true });
  });

  it('counts units of quantity against a count cap; the crossing entry counts for the units still free', () => {
    const p01 = itemOf(
      computeQuarterScore(rules, items, [
        entry('P01', '2026-01-01', 400, { quantity: 2 }),
        entry('P01', '2026-02-01', 400, { quantity: 2 }),
        entry('P01', '2026-03-01', 200),
      ]),
      'P01',
    );
    expect(p01.entries.map((e) => [e.counted, e.cappedBy])).toEqual([
      [400, null],
      [200, 'item_cap'],
      [0, 'item_cap'],
    ]);
  });

  it('counts a points cap in date order; the entry crossing it counts in part', () => {
    const p03 = itemOf(
      computeQuarterScore(
        rules,
        items,
        times(4, (i) => entry('P03', day(i), 500)),
      ),
      'P03',
    );
    expect(p03.entries.map((e) => [e.points, e.counted, e.cappedBy])).toEqual([
      [500, 500, null],
      [500, 500, null],
      [500, 200, 'item_cap'],
      [500, 0, 'item_cap'],
    ]);
    expect(p03.countedTotal).toBe(1200);
  });

  it('leaves an entry that exactly fills the cap uncut', () => {
    const p01 = itemOf(
      computeQuarterScore(rules, items, [entry('P01', '2026-01-01', 600, { quantity: 3 })]),
      'P01',
    );
    expect(p01.entries[0]).toMatchObject({ counted: 600, cappedBy: null });
    expect(p01.capApplied).toBe(false);
  });

  it('applies an item cap to a deduction item too', () => {
    const score = computeQuarterScore(
      rules,
      items,
      times(3, (i) => entry('D03', day(i), 200)),
    );
    expect(itemOf(score, 'D03')).toMatchObject({ rawTotal: 600, countedTotal: 400, capApplied: true });
    expect(score.perDimension.professional).toMatchObject({ deductionsRaw: 600, deductions: 400 });
    expect(score.total).toBe(5600);
  });

  it('lets an earlier cheap occurrence displace a later valuable one under a count cap (the rule as written)', () => {
    // Why validateScheme warns about count caps on range items: "the first N occurrences" count.
    const ranged = indexItemsByCode([
      item('R', { points: { kind: 'range', min: 100, max: 500 }, quarterCap: { kind: 'count', value: 1 } }),
    ]);
    const later = entry('R', '2026-03-01', 500);
    const before = computeQuarterScore(rules, ranged, [later]).total;
    const after = computeQuarterScore(rules, ranged, [later, entry('R', '2026-01-01', 100)]).total;
    expect([before, after]).toEqual([6500, 6100]);
  });

  it('treats an adjustment dated in the quarter like any entry under the caps', () => {
    const p01 = itemOf(
      computeQuarterScore(rules, items, [
        ...times(3, (i) => entry('P01', day(i + 5), 200)),
        entry('P01', '2026-01-02', 200, { kind: 'adjustment' }),
      ]),
      'P01',
    );
    expect(p01.entries.map((e) => [e.kind, e.counted])).toEqual([
      ['adjustment', 200],
      ['normal', 200],
      ['normal', 200],
      ['normal', 0],
    ]);
  });

  it('lists items in the scheme order, not in the order entries arrive', () => {
    const score = computeQuarterScore(rules, items, [
      entry('D01', '2026-01-01', 500),
      entry('Z01', '2026-01-01', 500),
      entry('P02', '2026-01-01', 300),
    ]);
    expect(score.items.map((i) => i.itemCode)).toEqual(['P02', 'Z01', 'D01']);
    expect(itemOf(score, 'D01')).toMatchObject({
      dimension: 'political',
      direction: 'deduction',
      veto: false,
      cap: null,
    });
  });
});

describe('computeQuarterScore — vetoes and cancelling adjustments', () => {
  it('lists approved veto entries, which also count as deductions', () => {
    const veto = entry('D02', '2026-02-02', 1000);
    const score = computeQuarterScore(rules, items, [veto, entry('D01', '2026-01-01', 500)]);
    expect(score.vetoEntryIds).toEqual([veto.id]);
    expect(score.perDimension.civility.deductions).toBe(1000);
    expect(score.total).toBe(4500);
  });

  it('cancels an entry as if it had never been approved: it frees its cap slot', () => {
    const first = entry('P01', '2026-01-01', 200);
    const rest = times(3, (i) => entry('P01', day(i + 10), 200));
    const cancel = entry('P01', '2026-01-01', 200, { kind: 'adjustment', revokesEntryId: first.id });
    const p01 = itemOf(computeQuarterScore(rules, items, [first, ...rest, cancel]), 'P01');
    const lineOf = (id: number) => p01.entries.find((e) => e.entryId === id);
    expect(lineOf(first.id)).toMatchObject({
      counted: 0,
      cappedBy: null,
      revokedBy: cancel.id,
      revokes: null,
    });
    expect(lineOf(cancel.id)).toMatchObject({
      counted: 0,
      cappedBy: null,
      revokedBy: null,
      revokes: first.id,
    });
    expect(rest.map((e) => lineOf(e.id)?.counted)).toEqual([200, 200, 200]);
    expect(p01).toMatchObject({ rawTotal: 600, countedTotal: 600, capApplied: false });
  });

  it('lifts a veto whose entry was cancelled after an upheld appeal', () => {
    const veto = entry('D02', '2026-02-02', 1000);
    const cancel = entry('D02', '2026-02-02', 1000, { kind: 'adjustment', revokesEntryId: veto.id });
    const score = computeQuarterScore(rules, items, [veto, cancel]);
    expect(score.vetoEntryIds).toEqual([]);
    expect(score.total).toBe(6000);
  });

  it.each<[string, RegExp, (base: ApprovedEntry) => ApprovedEntry[]]>([
    ['an unknown item', /unknown item/, () => [entry('X99', '2026-01-01', 100)]],
    ['a duplicate id', /Duplicate entry id/, (b) => [b, { ...b }]],
    ['a fractional id', /Invalid entry id/, () => [entry('P01', '2026-01-01', 200, { id: 1.5 })]],
    ['an impossible date', /./, () => [entry('P01', '2026-02-30', 200)]],
    ['a zoneless or sloppy date', /./, () => [entry('P01', '2026-2-3', 200)]],
    ['negative points', /Invalid points of entry/, () => [entry('P01', '2026-01-01', -200)]],
    ['fractional points', /Invalid points of entry/, () => [entry('P01', '2026-01-01', 2.5)]],
    ['a zero quantity', /invalid quantity/, () => [entry('P01', '2026-01-01', 200, { quantity: 0 })]],
    ['a fractional quantity', /invalid quantity/, () => [entry('P01', '2026-01-01', 200, { quantity: 1.5 })]],
    [
      'a cancellation that is not an adjustment',
      /Only an adjustment/,
      (b) => [b, entry('P01', '2026-01-01', 0, { revokesEntryId: b.id })],
    ],
    [
      'a cancellation of a missing entry',
      /not among the entries/,
      () => [entry('P01', '2026-01-01', 0, { kind: 'adjustment', revokesEntryId: 999 })],
    ],
    [
      'a cancellation of another item',
      /of another item/,
      (b) => [b, entry('P02', '2026-01-01', 0, { kind: 'adjustment', revokesEntryId: b.id })],
    ],
    [
      'two cancellations of one entry',
      /cancelled twice/,
      (b) => [
        b,
        entry('P01', '2026-01-01', 0, { kind: 'adjustment', revokesEntryId: b.id }),
        entry('P01', '2026-01-01', 0, { kind: 'adjustment', revokesEntryId: b.id }),
      ],
    ],
    [
      'a cancellation of a cancellation',
      /cancels a cancellation/,
      (b) => {
        const c = entry('P01', '2026-01-01', 0, { kind: 'adjustment', revokesEntryId: b.id });
        return [b, c, entry('P01', '2026-01-01', 0, { kind: 'adjustment', revokesEntryId: c.id })];
      },
    ],
  ])('throws on %s', (_, message, make) => {
    const run = () => computeQuarterScore(rules, items, make(entry('P01', '2026-01-01', 200)));
    expect(run).toThrow(RangeError);
    expect(run).toThrow(message);
  });

  it('reads an entry without revokesEntryId (absent, not null) as cancelling nothing', () => {
    const { revokesEntryId: _, ...plain } = entry('P01', '2026-01-01', 200);
    const p01 = itemOf(computeQuarterScore(rules, items, [plain]), 'P01');
    expect(p01.entries).toMatchObject([{ counted: 200, revokes: null, revokedBy: null }]);
  });

  it('throws on rules that are not integer hundredths', () => {
    expect(() => computeQuarterScore({ ...rules, baseScore: 60.5 }, items, [])).toThrow(RangeError);
    expect(() =>
      computeQuarterScore(
        { ...rules, bonusCaps: { political: -1, professional: 1500, civility: 1000 } },
        items,
        [],
      ),
    ).toThrow(RangeError);
  });

  it('indexItemsByCode refuses duplicate codes', () => {
    expect(() => indexItemsByCode([item('A'), item('A')])).toThrow(/Duplicate item code: A/);
  });

  it('throws on rules that are not integer hundredths, naming the rule', () => {
    expect(() => computeQuarterScore({ ...rules, baseScore: 60.5 }, items, [])).toThrow(/base score/);
    expect(() =>
      computeQuarterScore({ ...rules, bonusCaps: { ...rules.bonusCaps, civility: -1 } }, items, []),
    ).toThrow(/bonus cap of civility/);
  });

  it('a total of exactly zero is not floored, and an uncapped item is never marked capped', () => {
    const score = computeQuarterScore(
      rules,
      items,
      times(rules.baseScore / 500, (i) => entry('D01', day(i), 500)),
    );
    expect(score).toMatchObject({ total: 0, unflooredTotal: 0, flooredAtZero: false });
    const d01 = itemOf(score, 'D01');
    expect(d01.capApplied).toBe(false);
    expect(d01.entries.every((e) => e.cappedBy === null)).toBe(true);
  });
});

describe('viewQuarterScore', () => {
  let score: QuarterScore;
  beforeAll(() => {
    score = computeQuarterScore(rules, items, [
      entry('Z01', '2026-01-01', 500),
      entry('D01', '2026-01-02', 500),
      entry('D02', '2026-01-03', 1000),
    ]);
  });

  it('shows a member their own score in full', () => {
    expect(viewQuarterScore(score, { isOwnScore: true, showOthersDeductions: false })).toEqual({
      ...score,
      deductionDetailHidden: false,
    });
  });

  it("shows others' deductions only as totals unless the scheme says otherwise", () => {
    const view = viewQuarterScore(score, { isOwnScore: false, showOthersDeductions: false });
    expect(view.deductionDetailHidden).toBe(true);
    expect(view.items.map((i) => i.itemCode)).toEqual(['Z01']);
    expect(view.vetoEntryIds).toEqual([]);
    expect(view.total).toBe(score.total);
    expect(view.deductionTotal).toBe(1500);
    expect(view.perDimension).toEqual(score.perDimension);
    expect(viewQuarterScore(score, { isOwnScore: false, showOthersDeductions: true }).items).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const arbPoints: fc.Arbitrary<ItemPoints> = fc.oneof(
  fc.integer({ min: 1, max: 2000 }).map((value) => ({ kind: 'fixed' as const, value })),
  fc
    .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1500 }))
    .map(([min, extra]) => ({ kind: 'range' as const, min, max: min + extra })),
);
const arbCap: fc.Arbitrary<QuarterCap | null> = fc.option(
  fc.oneof(
    fc.integer({ min: 1, max: 5 }).map((value) => ({ kind: 'count' as const, value })),
    fc.integer({ min: 1, max: 3000 }).map((value) => ({ kind: 'points' as const, value })),
  ),
  { nil: null },
);
const arbItem = (code: string): fc.Arbitrary<SchemeItem> =>
  fc
    .record({
      dimension: fc.constantFrom<Dimension>(...dimensions),
      direction: fc.constantFrom<'bonus' | 'deduction'>('bonus', 'deduction'),
      points: arbPoints,
      quarterCap: arbCap,
      veto: fc.boolean(),
    })
    .map((r) => item(code, { ...r, veto: r.direction === 'deduction' && r.veto }));
const arbItems = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbItem(`I${i}`))));
const arbRules: fc.Arbitrary<Pick<SchemeRules, 'baseScore' | 'bonusCaps'>> = fc.record({
  baseScore: fc.integer({ min: 0, max: 10000 }),
  bonusCaps: fc.record({
    political: fc.integer({ min: 0, max: 3000 }),
    professional: fc.integer({ min: 0, max: 3000 }),
    civility: fc.integer({ min: 0, max: 3000 }),
  }),
});

/** A valid entry for `it` (points as pointsForEntry would give), without id. */
const arbEntryFor = (list: readonly SchemeItem[]) =>
  fc
    .record({
      index: fc.nat({ max: list.length - 1 }),
      dayOfQuarter: fc.integer({ min: 0, max: 89 }),
      quantity: fc.integer({ min: 1, max: 4 }),
      pick: fc.nat(),
      kind: fc.constantFrom<'normal' | 'adjustment'>('normal', 'normal', 'adjustment'),
    })
    .map(({ index, dayOfQuarter, quantity, pick, kind }) => {
      const it = list[index] as SchemeItem;
      const per =
        it.points.kind === 'fixed'
          ? it.points.value
          : it.points.min + (pick % (it.points.max - it.points.min + 1));
      return { itemCode: it.code, occurredOn: day(dayOfQuarter), quantity, points: per * quantity, kind };
    });
const withIds = (list: readonly Omit<ApprovedEntry, 'id'>[], from = 1): ApprovedEntry[] =>
  list.map((e, i) => ({ ...e, id: from + i }));

const arbWorld = fc.tuple(arbRules, arbItems).chain(([r, list]) =>
  fc.record({
    rules: fc.constant(r),
    list: fc.constant(list),
    entries: fc.array(arbEntryFor(list), { maxLength: 25 }).map((e) => withIds(e)),
  }),
);

describe('computeQuarterScore — properties', () => {
  it('is never negative, and its explanation adds up to the total', () => {
    fc.assert(
      fc.property(arbWorld, ({ rules: r, list, entries }) => {
        const s = computeQuarterScore(r, indexItemsByCode(list), entries);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBe(Math.max(0, s.base + s.bonusTotal - s.deductionTotal));
        expect(s.flooredAtZero).toBe(s.base + s.bonusTotal - s.deductionTotal < 0);
        for (const it of s.items) {
          expect(it.entries.reduce((a, e) => a + e.counted, 0)).toBe(it.countedTotal);
          expect(it.countedTotal).toBeLessThanOrEqual(it.rawTotal);
          for (const e of it.entries) expect(e.counted).toBeLessThanOrEqual(e.points);
          expect(it.capApplied).toBe(it.entries.some((e) => e.cappedBy === 'item_cap'));
          if (it.cap?.kind === 'points') expect(it.countedTotal).toBeLessThanOrEqual(it.cap.value);
        }
        let bonusTotal = 0;
        let deductionTotal = 0;
        for (const d of dimensions) {
          const dim = s.perDimension[d];
          const of = (dir: string) => s.items.filter((i) => i.dimension === d && i.direction === dir);
          expect(dim.bonusAfterItemCaps).toBe(of('bonus').reduce((a, i) => a + i.countedTotal, 0));
          expect(dim.deductions).toBe(of('deduction').reduce((a, i) => a + i.countedTotal, 0));
          expect(dim.bonusCapped).toBe(Math.min(dim.bonusAfterItemCaps, dim.bonusCap));
          bonusTotal += dim.bonusCapped;
          deductionTotal += dim.deductions;
        }
        expect([s.bonusTotal, s.deductionTotal]).toEqual([bonusTotal, deductionTotal]);
        expect(s.items.flatMap((i) => i.entries.map((e) => e.entryId)).sort((a, b) => a - b)).toEqual(
          entries.map((e) => e.id).sort((a, b) => a - b),
        );
      }),
    );
  });

  it('never lets a dimension bonus exceed its cap', () => {
    fc.assert(
      fc.property(arbWorld, ({ rules: r, list, entries }) => {
        const s = computeQuarterScore(r, indexItemsByCode(list), entries);
        for (const d of dimensions) {
          const dim = s.perDimension[d];
          expect(dim.bonusCapped).toBeLessThanOrEqual(r.bonusCaps[d]);
          expect(dim.bonusCapped).toBeLessThanOrEqual(dim.bonusAfterItemCaps);
          expect(dim.bonusAfterItemCaps).toBeLessThanOrEqual(dim.bonusRaw);
          expect(s.dimensionCapsApplied.includes(d)).toBe(dim.bonusAfterItemCaps > r.bonusCaps[d]);
        }
      }),
    );
  });

  it('does not depend on the order the entries are loaded in', () => {
    fc.assert(
      fc.property(
        arbWorld.chain((w) =>
          fc.record({
            w: fc.constant(w),
            shuffled: fc.shuffledSubarray(w.entries, { minLength: w.entries.length }),
          }),
        ),
        ({ w, shuffled }) => {
          const map = indexItemsByCode(w.list);
          expect(computeQuarterScore(w.rules, map, shuffled)).toEqual(
            computeQuarterScore(w.rules, map, w.entries),
          );
        },
      ),
    );
  });

  it('never lowers the score when an approved bonus entry is raised', () => {
    fc.assert(
      fc.property(
        arbWorld,
        fc.nat(),
        fc.integer({ min: 1, max: 2000 }),
        ({ rules: r, list, entries }, pick, delta) => {
          const map = indexItemsByCode(list);
          const bonusIdx = entries.flatMap((e, i) => (map.get(e.itemCode)?.direction === 'bonus' ? [i] : []));
          fc.pre(bonusIdx.length > 0);
          const target = bonusIdx[pick % bonusIdx.length] as number;
          const raised = entries.map((e, i) => (i === target ? { ...e, points: e.points + delta } : e));
          expect(computeQuarterScore(r, map, raised).total).toBeGreaterThanOrEqual(
            computeQuarterScore(r, map, entries).total,
          );
        },
      ),
    );
  });

  it('never raises the score when a deduction is added', () => {
    fc.assert(
      fc.property(arbWorld, fc.nat(), ({ rules: r, list, entries }, pick) => {
        const deductions = list.filter((i) => i.direction === 'deduction');
        fc.pre(deductions.length > 0);
        const it = deductions[pick % deductions.length] as SchemeItem;
        const more = [
          ...entries,
          {
            id: 1000,
            itemCode: it.code,
            occurredOn: '2026-02-15',
            quantity: 1,
            points: it.points.kind === 'fixed' ? it.points.value : it.points.max,
            kind: 'normal' as const,
          },
        ];
        const map = indexItemsByCode(list);
        expect(computeQuarterScore(r, map, more).total).toBeLessThanOrEqual(
          computeQuarterScore(r, map, entries).total,
        );
      }),
    );
  });

  it('counts a cancelled entry exactly as if it had never been approved', () => {
    fc.assert(
      fc.property(arbWorld, fc.nat(), ({ rules: r, list, entries }, pick) => {
        fc.pre(entries.length > 0);
        const map = indexItemsByCode(list);
        const target = entries[pick % entries.length] as ApprovedEntry;
        const cancel: ApprovedEntry = {
          ...target,
          id: 10_000,
          kind: 'adjustment',
          revokesEntryId: target.id,
        };
        const withCancel = computeQuarterScore(r, map, [...entries, cancel]);
        const without = computeQuarterScore(
          r,
          map,
          entries.filter((e) => e.id !== target.id),
        );
        expect(withCancel.total).toBe(without.total);
        expect(withCancel.perDimension).toEqual(without.perDimension);
        expect(withCancel.vetoEntryIds).toEqual(without.vetoEntryIds);
      }),
    );
  });

  it('lists every approved entry of a veto item as a veto', () => {
    fc.assert(
      fc.property(arbWorld, ({ rules: r, list, entries }) => {
        const map = indexItemsByCode(list);
        const expected = entries.filter((e) => map.get(e.itemCode)?.veto).map((e) => e.id);
        expect(computeQuarterScore(r, map, entries).vetoEntryIds).toEqual(expected.sort((a, b) => a - b));
      }),
    );
  });

  it("never lowers a member's rank on the board when an approved bonus entry is added", () => {
    // Holds for every scheme without count caps on range items: under "the first N occurrences
    // count", an earlier cheap occurrence can displace a later valuable one (see the unit test above).
    const noCountCapOnRange = (it: SchemeItem): SchemeItem =>
      it.points.kind === 'range' && it.quarterCap?.kind === 'count' ? { ...it, quarterCap: null } : it;
    const arbBoard = fc
      .tuple(
        arbRules,
        arbItems.map((l) => l.map(noCountCapOnRange)),
      )
      .chain(([r, list]) =>
        fc.record({
          rules: fc.constant(r),
          list: fc.constant(list),
          members: fc.array(fc.array(arbEntryFor(list), { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
          extra: arbEntryFor(list),
          who: fc.nat(),
        }),
      );
    fc.assert(
      fc.property(arbBoard, ({ rules: r, list, members, extra, who }) => {
        const map = indexItemsByCode(list);
        fc.pre(map.get(extra.itemCode)?.direction === 'bonus');
        const k = who % members.length;
        const board = (lists: Omit<ApprovedEntry, 'id'>[][]) =>
          competitionRank(
            lists.map((l, m) => ({ m, total: computeQuarterScore(r, map, withIds(l)).total })),
            (row) => row.total,
          );
        const rankOf = (ranked: ReturnType<typeof board>) => ranked.find((x) => x.row.m === k)?.rank ?? 0;
        const before = rankOf(board(members));
        const after = rankOf(board(members.map((l, m) => (m === k ? [...l, extra] : l))));
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });
});
