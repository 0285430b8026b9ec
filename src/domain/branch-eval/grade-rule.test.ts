import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGradeRule, gradeFloorLimit, gradeRuleProblems, gradeWithRule } from './grade-rule.js';
import { annualGrade, defaultGradeThresholds, quarterScore } from './periods.js';

const none = [] as const;

describe('gradeRuleProblems', () => {
  it('accepts the defaults and any strictly descending floors within 0–110', () => {
    expect(gradeRuleProblems(defaultGradeRule)).toEqual([]);
    expect(gradeRuleProblems({ advanced: 11_000, good: 1, average: 0 })).toEqual([]);
    expect(gradeFloorLimit).toBe(11_000);
  });

  it('refuses equal or rising floors, naming both in both languages', () => {
    const equal = gradeRuleProblems({ advanced: 9_000, good: 9_000, average: 7_000 });
    expect(equal).toHaveLength(1);
    expect(equal[0]).toMatchObject({ code: 'floors_not_descending', field: 'good' });
    expect(equal[0]?.message.zh).toBe('先进线（90.00）须高于良好线（90.00）');
    expect(equal[0]?.message.en).toContain('advanced floor (90.00) must be above the good floor (90.00)');
    const rising = gradeRuleProblems({ advanced: 9_000, good: 8_000, average: 8_500 });
    expect(rising.map((p) => [p.code, p.field])).toEqual([['floors_not_descending', 'average']]);
  });

  it('refuses floors outside 0–110 or not whole hundredths', () => {
    expect(gradeRuleProblems({ advanced: 11_001, good: 8_000, average: 7_000 })[0]).toMatchObject({
      code: 'floor_out_of_range',
      field: 'advanced',
    });
    expect(gradeRuleProblems({ advanced: 9_000, good: 8_000, average: -1 })[0]).toMatchObject({
      code: 'floor_out_of_range',
      field: 'average',
    });
    expect(gradeRuleProblems({ advanced: 9_000, good: 80.5, average: 7_000 })[0]).toMatchObject({
      code: 'floor_not_integer',
      field: 'good',
    });
  });

  it('finds a problem exactly when the floors are not strictly descending inside the range', () => {
    const floor = fc.integer({ min: -100, max: 11_100 });
    fc.assert(
      fc.property(floor, floor, floor, (advanced, good, average) => {
        const ok =
          [advanced, good, average].every((v) => v >= 0 && v <= 11_000) && advanced > good && good > average;
        expect(gradeRuleProblems({ advanced, good, average }).length === 0).toBe(ok);
      }),
    );
  });
});

describe('gradeWithRule', () => {
  it('grades as annualGrade does under the defaults, naming the floor and "the default rule"', () => {
    const g = gradeWithRule([9000, 9100, 8900, 9165], none, defaultGradeRule, 0);
    const plain = annualGrade([9000, 9100, 8900, 9165], none, defaultGradeThresholds);
    expect(g).toMatchObject({ grade: plain.grade, annualScore: plain.annualScore, reason: plain.reason });
    expect(g.floor).toEqual({ grade: 'advanced', points: 9000, reached: true });
    expect(g.ruleVersion).toBe(0);
    expect(g.explanation.zh).toBe('年度得分 90.41 ≥ 先进线 90.00（默认定级规则），定为先进');
    expect(g.explanation.en).toBe(
      'Annual score 90.41 ≥ the advanced floor 90.00 (the default grade rule): advanced',
    );
  });

  it('uses the saved floors and names their version', () => {
    const rule = { advanced: 9_500, good: 8_500, average: 6_000, unrectifiedMandatoryLagging: true };
    const g = gradeWithRule([9000, 9100, 8900, 9165], none, rule, 3);
    expect(g.grade).toBe('good');
    expect(g.floor).toEqual({ grade: 'good', points: 8500, reached: true });
    expect(g.explanation.zh).toBe('年度得分 90.41 ≥ 良好线 85.00（定级规则第 3 版），定为良好');
    const low = gradeWithRule([5000, 5000, 5000, 5000], none, rule, 3);
    expect(low).toMatchObject({
      grade: 'lagging',
      floor: { grade: 'average', points: 6000, reached: false },
    });
    expect(low.explanation.en).toBe(
      'Annual score 50.00 is below the average floor 60.00 (grade rule version 3): lagging',
    );
  });

  it('an unrectified missed mandatory month forces lagging only when the rule says so', () => {
    const months = [
      { month: '2026-03', mandatoryMissed: true, rectified: false },
      { month: '2026-04', mandatoryMissed: true, rectified: true },
    ];
    const on = gradeWithRule([9500, 9500, 9500, 9500], months, defaultGradeRule, 1);
    expect(on).toMatchObject({ grade: 'lagging', floor: null, unrectifiedMonths: ['2026-03'] });
    expect(on.reason.code).toBe('mandatory_missed_unrectified');
    expect(on.explanation.zh).toBe('有必备项缺失且未整改的月份（2026-03），按定级规则第 1 版定为后进');
    const off = gradeWithRule(
      [9500, 9500, 9500, 9500],
      months,
      { ...defaultGradeRule, unrectifiedMandatoryLagging: false },
      2,
    );
    expect(off).toMatchObject({ grade: 'advanced', unrectifiedMonths: ['2026-03'] });
    expect(off.explanation.zh).toContain('本规则下必备项缺失未整改不强制定为后进（2026-03）');
  });

  it('says in its explanation that the year is not complete, naming the quarters and months', () => {
    const g = gradeWithRule([9000, 9000, 9000, quarterScore([9000, null, null])], none, defaultGradeRule, 0);
    expect(g.complete).toBe(false);
    expect(g.explanation.zh).toContain('全年成绩尚不完整：第4季度缺第2、3个月');
    expect(g.explanation.en).toContain('the year is incomplete: Q4 lacks months 2, 3');
    const gap = gradeWithRule([9000, null, 9000, 9000], none, defaultGradeRule, 0);
    expect(gap.explanation.zh).toContain('第2季度无成绩');
  });

  it('has no grade without a quarter score', () => {
    const g = gradeWithRule([null, null, null, null], none, defaultGradeRule, 0);
    expect(g).toMatchObject({ grade: null, floor: null, annualScore: null });
    expect(g.explanation.en).toBe('No quarter score this year (the default grade rule)');
  });
});
