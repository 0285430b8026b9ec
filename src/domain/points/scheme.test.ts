import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultSchemeRules,
  entryPointsErrorMessages,
  entryPointsErrors,
  maxCountedPerQuarter,
  maxQuarterScore,
  pointsForEntry,
  type SchemeItem,
} from './scheme.js';

const item = (over: Partial<SchemeItem> = {}): SchemeItem => ({
  code: 'P01',
  name: '参加主题党日',
  dimension: 'political',
  direction: 'bonus',
  points: { kind: 'fixed', value: 200 },
  unit: '次',
  quarterCap: { kind: 'count', value: 3 },
  evidenceRequired: false,
  veto: false,
  ...over,
});

describe('defaultSchemeRules', () => {
  it('holds the SPEC §2 defaults in hundredths', () => {
    const rules = defaultSchemeRules();
    expect(rules.baseScore).toBe(6000);
    expect(rules.bonusCaps).toEqual({ political: 1500, professional: 1500, civility: 1000 });
    expect(rules.tierRule).toEqual({
      kind: 'quota',
      benchmark: 5,
      excellent: 20,
      good: 50,
      warningBelow: 6000,
    });
    expect(rules.annualFormula).toBe('mean_of_present_quarters');
    expect(rules.rankingScope).toBe('child_committee');
    expect(rules.boardPrivacy.showOthersDeductions).toBe(false);
    expect(rules.minQuartersForUnflagged).toBe(2);
    expect(rules.appealWindowDays).toBe(10);
    expect(rules.reviewOverdueDays).toBe(7);
    expect(maxQuarterScore(rules)).toBe(10000);
  });

  it('returns a fresh object each time', () => {
    expect(defaultSchemeRules()).not.toBe(defaultSchemeRules());
  });
});

describe('maxCountedPerQuarter', () => {
  it('is the cap for a points cap, count × largest occurrence for a count cap, null uncapped', () => {
    expect(maxCountedPerQuarter(item({ quarterCap: { kind: 'points', value: 700 } }))).toBe(700);
    expect(
      maxCountedPerQuarter(
        item({ points: { kind: 'range', min: 100, max: 300 }, quarterCap: { kind: 'count', value: 2 } }),
      ),
    ).toBe(600);
    expect(maxCountedPerQuarter(item({ quarterCap: null }))).toBeNull();
  });
});

describe('pointsForEntry', () => {
  const fixed = item({ points: { kind: 'fixed', value: 200 } });
  const range = item({ points: { kind: 'range', min: 100, max: 500 } });

  it('multiplies a fixed value by the quantity', () => {
    expect(pointsForEntry(fixed, 3)).toEqual({ ok: true, points: 600, perOccurrence: 200 });
    expect(pointsForEntry(fixed, 1, 200)).toEqual({ ok: true, points: 200, perOccurrence: 200 });
  });

  it('refuses a different value for a fixed item', () => {
    expect(pointsForEntry(fixed, 1, 300)).toEqual({ ok: false, error: 'points_out_of_range' });
  });

  it('takes the chosen per-occurrence value of a range item, both ends included', () => {
    expect(pointsForEntry(range, 2, 100)).toEqual({ ok: true, points: 200, perOccurrence: 100 });
    expect(pointsForEntry(range, 2, 500)).toEqual({ ok: true, points: 1000, perOccurrence: 500 });
    expect(pointsForEntry(range, 1, 350)).toEqual({ ok: true, points: 350, perOccurrence: 350 });
  });

  it.each([
    [99, 'points_out_of_range'],
    [501, 'points_out_of_range'],
    [150.5, 'points_not_integer'],
    [null, 'points_required'],
    [undefined, 'points_required'],
  ] as const)('range item with chosen %s → %s', (chosen, error) => {
    expect(pointsForEntry(range, 1, chosen)).toEqual({ ok: false, error });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses quantity %d', (q) => {
    expect(pointsForEntry(fixed, q)).toEqual({ ok: false, error: 'quantity_invalid' });
  });

  it('refuses a quantity whose points would overflow', () => {
    expect(pointsForEntry(fixed, Number.MAX_SAFE_INTEGER)).toEqual({ ok: false, error: 'quantity_invalid' });
  });

  it('always returns chosen × quantity within [min·q, max·q] when it succeeds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: -100, max: 6000 }),
        fc.integer({ min: 1, max: 50 }),
        (a, b, chosen, q) => {
          const min = Math.min(a, b);
          const max = Math.max(a, b);
          const r = pointsForEntry({ points: { kind: 'range', min, max } }, q, chosen);
          expect(r.ok).toBe(chosen >= min && chosen <= max);
          if (r.ok) expect(r.points).toBe(chosen * q);
        },
      ),
    );
  });

  it('has a message for every error', () => {
    for (const e of entryPointsErrors) expect(entryPointsErrorMessages[e].zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
