import { describe, expect, it } from 'vitest';
import { quarterScoreExplanation } from '../../contracts/points-explanation.js';
import {
  computeQuarterScore,
  indexItemsByCode,
  viewQuarterScore,
} from '../../domain/points/quarter-score.js';
import { defaultSchemeRules, type SchemeItem } from '../../domain/points/scheme.js';
import { buildExplain } from './explain.js';

const items: SchemeItem[] = [
  {
    code: 'Z01',
    name: '参加主题党日',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 200 },
    unit: '次',
    quarterCap: { kind: 'count', value: 2 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'Z02',
    name: '理论学习',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'range', min: 100, max: 1500 },
    unit: '项',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'W09',
    name: '违反纪律',
    dimension: 'civility',
    direction: 'deduction',
    points: { kind: 'fixed', value: 500 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: true,
    veto: true,
  },
];

const entries = [
  { id: 1, itemCode: 'Z01', occurredOn: '2026-01-10', quantity: 1, points: 200, kind: 'normal' as const },
  { id: 2, itemCode: 'Z01', occurredOn: '2026-02-10', quantity: 1, points: 200, kind: 'normal' as const },
  { id: 3, itemCode: 'Z01', occurredOn: '2026-03-10', quantity: 1, points: 200, kind: 'normal' as const },
  { id: 4, itemCode: 'Z02', occurredOn: '2026-03-11', quantity: 1, points: 1400, kind: 'normal' as const },
  { id: 5, itemCode: 'W09', occurredOn: '2026-03-12', quantity: 1, points: 500, kind: 'normal' as const },
];
const info = [
  ...entries.map((e) => ({ id: e.id, itemCode: e.itemCode, itemName: e.itemCode, note: null, kind: e.kind })),
].map((e) => ({ ...e, itemName: items.find((i) => i.code === e.itemCode)?.name ?? e.itemCode }));
const score = computeQuarterScore(defaultSchemeRules(), indexItemsByCode(items), entries);

describe('buildExplain', () => {
  it('shows each cap where it applied and adds up to the total', () => {
    const m = buildExplain(viewQuarterScore(score, { isOwnScore: true, showOthersDeductions: false }), info);
    expect(m).not.toBeNull();
    if (!m) return;
    // 60 + min(4 + 14, 15) − 5 = 70
    expect(m.total).toBe(7000);
    expect(m.addsUp).toBe(true);
    const political = m.dimensions.find((d) => d.dimension === 'political');
    expect(political?.bonusRaw).toBe(2000);
    expect(political?.bonusAfterItemCaps).toBe(1800);
    expect(political?.bonusCapped).toBe(1500);
    expect(political?.dimensionCapApplied).toBe(true);
    const z01 = political?.items.find((i) => i.code === 'Z01');
    expect(z01?.name).toBe('参加主题党日');
    expect(z01?.capApplied).toBe(true);
    expect(z01?.entries.map((e) => [e.entryId, e.counted, e.capped])).toEqual([
      [1, 200, false],
      [2, 200, false],
      [3, 0, true],
    ]);
    expect(m.vetoEntryIds).toEqual([5]);
    expect(m.deductionDetailHidden).toBe(false);
  });

  it("keeps only totals of someone else's deductions when the privacy rule hides them", () => {
    const m = buildExplain(viewQuarterScore(score, { isOwnScore: false, showOthersDeductions: false }), info);
    expect(m?.deductionDetailHidden).toBe(true);
    const civility = m?.dimensions.find((d) => d.dimension === 'civility');
    expect(civility?.deductions).toBe(500);
    expect(civility?.items).toEqual([]);
    expect(m?.vetoEntryIds).toEqual([]);
    expect(m?.addsUp).toBe(true);
  });

  it('the contract reads back every field of the explanation the server sends, and refuses what is not one', () => {
    for (const own of [true, false]) {
      const view = viewQuarterScore(score, { isOwnScore: own, showOthersDeductions: false });
      const wire = JSON.parse(JSON.stringify(view));
      expect(quarterScoreExplanation.parse(wire)).toEqual(wire);
    }
    expect(quarterScoreExplanation.safeParse(null).success).toBe(false);
    expect(quarterScoreExplanation.safeParse({ total: 1 }).success).toBe(false);
    expect(quarterScoreExplanation.safeParse('x').success).toBe(false);
  });
});
