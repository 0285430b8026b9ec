import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction } from './exact.js';
import {
  annualGrade,
  defaultGradeThresholds,
  type Grade,
  gradeForScore,
  gradeLabels,
  grades,
  quarterScore,
} from './periods.js';

describe('quarterScore', () => {
  it('is the mean of the three month totals, rounded half up', () => {
    expect(quarterScore([8595, 8000, 9001])).toMatchObject({
      score: 8532,
      exact: fraction(25_596, 3),
      complete: true,
    });
    // 25795 / 3 = 8598.33… → 85.98
    expect(quarterScore([8595, 8600, 8600]).score).toBe(8598);
    // 5 / 3 = 1.67 → 2; 4 / 3 = 1.33 → 1
    expect(quarterScore([1, 2, 2]).score).toBe(2);
    expect(quarterScore([1, 1, 2]).score).toBe(1);
  });

  it('takes the mean of the months present when one is missing, flagged', () => {
    // (8595 + 8596) / 2 = 8595.5 → 85.96
    expect(quarterScore([8595, null, 8596])).toEqual({
      score: 8596,
      exact: fraction(17_191, 2),
      monthsCounted: 2,
      missingMonths: [2],
      complete: false,
    });
    expect(quarterScore([undefined, undefined, 7000])).toMatchObject({ score: 7000, missingMonths: [1, 2] });
  });

  it('has no score without any month', () => {
    expect(quarterScore([null, null, null])).toEqual({
      score: null,
      exact: null,
      monthsCounted: 0,
      missingMonths: [1, 2, 3],
      complete: false,
    });
  });

  it('needs exactly three months of whole hundredths', () => {
    expect(() => quarterScore([8000, 8000])).toThrow(RangeError);
    expect(() => quarterScore([8000, 8000, 8000, 8000])).toThrow(RangeError);
    expect(() => quarterScore([8000, 80.5, 8000])).toThrow(RangeError);
  });

  it('lies between the lowest and highest month (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 11_000 })), { minLength: 3, maxLength: 3 }),
        (months) => {
          const present = months.filter((m): m is number => m !== null);
          const q = quarterScore(months);
          if (present.length === 0) expect(q.score).toBeNull();
          else {
            expect(q.score).toBeGreaterThanOrEqual(Math.min(...present));
            expect(q.score).toBeLessThanOrEqual(Math.max(...present));
            expect(q.complete).toBe(present.length === 3);
          }
        },
      ),
    );
  });
});

describe('gradeForScore', () => {
  it('uses the SPEC thresholds, inclusive', () => {
    expect(defaultGradeThresholds).toEqual({ advanced: 9000, good: 8000, average: 7000 });
    expect(gradeForScore(10_500)).toBe('advanced');
    expect(gradeForScore(9000)).toBe('advanced');
    expect(gradeForScore(8999)).toBe('good');
    expect(gradeForScore(8000)).toBe('good');
    expect(gradeForScore(7999)).toBe('average');
    expect(gradeForScore(7000)).toBe('average');
    expect(gradeForScore(6999)).toBe('lagging');
    expect(gradeForScore(0)).toBe('lagging');
  });

  it('takes other thresholds as a setting, and refuses inconsistent ones', () => {
    expect(gradeForScore(8600, { advanced: 8500, good: 7500, average: 6000 })).toBe('advanced');
    expect(() => gradeForScore(1, { advanced: 8000, good: 9000, average: 7000 })).toThrow(RangeError);
    expect(() => gradeForScore(1, { advanced: 9000, good: 8000, average: -1 })).toThrow(RangeError);
    expect(() => gradeForScore(1, { advanced: 90.5, good: 80, average: 70 })).toThrow(RangeError);
  });

  it('is monotone: a higher score never gets a lower grade (property)', () => {
    const order = (g: Grade) => grades.indexOf(g);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 0, max: 12_000 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(order(gradeForScore(high))).toBeLessThanOrEqual(order(gradeForScore(low)));
      }),
    );
  });
});

describe('annualGrade', () => {
  const clean = [{ month: '2025-01', mandatoryMissed: false, rectified: false }];

  it('grades the rounded mean of the four quarters', () => {
    const g = annualGrade([9200, 8900, 9100, 8850], clean);
    // 36050 / 4 = 9012.5 → 90.13
    expect(g).toMatchObject({ grade: 'advanced', annualScore: 9013, complete: true, quartersCounted: 4 });
    expect(g.reason).toEqual({
      code: 'score_threshold',
      zh: '年度得分 90.13 ≥ 90.00，定为先进',
      en: 'Annual score 90.13 ≥ 90.00: advanced',
    });
    expect(annualGrade([8000, 8000, 8000, 8000], []).grade).toBe('good');
    expect(annualGrade([7000, 7100, 6900, 7000], []).grade).toBe('average');
    const lagging = annualGrade([6000, 7000, 6500, 6999], []);
    expect(lagging.grade).toBe('lagging');
    expect(lagging.reason.code).toBe('below_threshold');
    expect(lagging.reason.zh).toBe('年度得分 66.25 低于 70.00，定为后进');
  });

  it('compares the printed (rounded) score: 89.995 prints as 90.00 and is advanced', () => {
    const g = annualGrade([9000, 9000, 9000, 8998], []);
    expect(g.exact).toEqual(fraction(35_998, 4));
    expect(g.annualScore).toBe(9000);
    expect(g.grade).toBe('advanced');
  });

  it('is lagging with any mandatory_missed month not rectified, whatever the score', () => {
    const g = annualGrade(
      [9800, 9800, 9800, 9800],
      [
        { month: '2025-03', mandatoryMissed: true, rectified: true },
        { month: '2025-07', mandatoryMissed: true, rectified: false },
        { month: '2025-08', mandatoryMissed: false, rectified: false },
        { mandatoryMissed: true, rectified: false },
      ],
    );
    expect(g.grade).toBe('lagging');
    expect(g.annualScore).toBe(9800);
    expect(g.unrectified).toEqual([
      { month: '2025-07', mandatoryMissed: true, rectified: false },
      { mandatoryMissed: true, rectified: false },
    ]);
    expect(g.reason.code).toBe('mandatory_missed_unrectified');
    expect(g.reason.zh).toBe('有必备项缺失且未整改的月份（2025-07、#4），定为后进');
  });

  it('does not hold a rectified miss against the branch', () => {
    const g = annualGrade(
      [9800, 9800, 9800, 9800],
      [{ month: '2025-03', mandatoryMissed: true, rectified: true }],
    );
    expect(g.grade).toBe('advanced');
    expect(g.unrectified).toEqual([]);
  });

  it('takes the mean of the quarters present, flagged', () => {
    const g = annualGrade([null, 8000, 9000, 9000], []);
    expect(g).toMatchObject({
      annualScore: 8667,
      grade: 'good',
      complete: false,
      missingQuarters: [1],
      quartersCounted: 3,
    });
  });

  it('is not complete while a quarter it counts lacks months (Q4 holding only October)', () => {
    const q4 = quarterScore([8800, null, null]);
    const g = annualGrade([quarterScore([9000, 9000, 9000]), 9100, 8900, q4], []);
    expect(g).toMatchObject({
      annualScore: 8950,
      grade: 'good',
      complete: false,
      missingQuarters: [],
      incompleteQuarters: [{ quarter: 4, missingMonths: [2, 3] }],
      quartersCounted: 4,
    });
    const full = annualGrade([9000, 9100, 8900, quarterScore([8800, 8800, 8800])], []);
    expect(full).toMatchObject({ complete: true, incompleteQuarters: [] });
  });

  it('has no grade without any quarter, unless a missed mandatory forces lagging', () => {
    expect(annualGrade([null, null, null, null], [])).toMatchObject({
      grade: null,
      annualScore: null,
      reason: { code: 'no_scores' },
    });
    expect(annualGrade([null, null, null, null], [{ mandatoryMissed: true, rectified: false }]).grade).toBe(
      'lagging',
    );
  });

  it('uses the thresholds given, and needs exactly four quarters', () => {
    expect(
      annualGrade([8600, 8600, 8600, 8600], [], { advanced: 8500, good: 8000, average: 7000 }).grade,
    ).toBe('advanced');
    expect(() => annualGrade([9000, 9000, 9000], [])).toThrow(RangeError);
  });

  it('labels the grades in Chinese', () => {
    expect(grades.map((g) => gradeLabels[g].zh)).toEqual(['先进', '良好', '一般', '后进']);
  });

  it('is monotone in the quarter scores when nothing mandatory was missed (property)', () => {
    const order = (g: Grade | null) => (g === null ? 99 : grades.indexOf(g));
    const quarters = fc.array(fc.integer({ min: 0, max: 11_000 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(quarters, fc.array(fc.nat({ max: 500 }), { minLength: 4, maxLength: 4 }), (base, raise) => {
        const higher = base.map((q, i) => q + (raise[i] ?? 0));
        const flags = [{ mandatoryMissed: true, rectified: true }];
        expect(order(annualGrade(higher, flags).grade)).toBeLessThanOrEqual(
          order(annualGrade(base, flags).grade),
        );
      }),
    );
  });

  it('is always lagging with an unrectified miss (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 11_000 })), { minLength: 4, maxLength: 4 }),
        (q) => {
          expect(annualGrade(q, [{ mandatoryMissed: true, rectified: false }]).grade).toBe('lagging');
        },
      ),
    );
  });
});
