import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregatePanel,
  defaultCriteria,
  defaultGradeBands,
  formatHundredths,
  gradeBandProblems,
  gradeOf,
  scoreSheetProblems,
  sheetTotal,
} from './panel.js';

const totals = (...xs: number[]) => xs.map((total, i) => ({ panelist: i + 1, total }));

describe('aggregatePanel', () => {
  it('averages three totals without dropping, half-up', () => {
    // (8550 + 9000 + 8701) / 3 = 8750.33… → 8750
    const e = aggregatePanel(totals(8550, 9000, 8701));
    expect(e.score).toBe(8750);
    expect(e.dropped).toEqual([]);
    expect(e.counted).toBe(3);
    expect(e.grade).toBe('good');
    expect(e.ruleVersion).toBe(1);
  });

  it('rounds a half up: 8000 + 8001 → 8000.5 → 8001', () => {
    expect(aggregatePanel(totals(8000, 8001)).score).toBe(8001);
  });

  it('drops one highest and one lowest from five', () => {
    const e = aggregatePanel(totals(9500, 8000, 9000, 6000, 8500));
    expect(e.dropped).toEqual([1, 4]);
    expect(e.totals.map((t) => t.dropped)).toEqual(['highest', null, null, 'lowest', null]);
    expect(e.score).toBe(8500);
  });

  it('drops two different members when all five agree', () => {
    const e = aggregatePanel(totals(9000, 9000, 9000, 9000, 9000));
    expect(new Set(e.dropped).size).toBe(2);
    expect(e.score).toBe(9000);
  });

  it('grades with the bands and names their version', () => {
    const bands = { version: 3, excellent: 9_500, good: 8_500, pass: 6_000 };
    const e = aggregatePanel(totals(9200, 9200, 9200), bands);
    expect(e.grade).toBe('good');
    expect(e.ruleVersion).toBe(3);
  });

  it('property: the score lies between the smallest and largest counted total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 15 }), (xs) => {
        const e = aggregatePanel(totals(...xs));
        const counted = e.totals.filter((t) => t.dropped === null).map((t) => t.total);
        expect(e.score).toBeGreaterThanOrEqual(Math.min(...counted));
        expect(e.score).toBeLessThanOrEqual(Math.max(...counted));
        expect(e.counted).toBe(xs.length >= 5 ? xs.length - 2 : xs.length);
        // exact half-up of the kept mean
        expect(Math.abs(e.score * e.counted - e.sum) * 2).toBeLessThanOrEqual(e.counted);
      }),
    );
  });

  it('property: the order of the panel does not change the score', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }), (xs) => {
        const a = aggregatePanel(totals(...xs)).score;
        const b = aggregatePanel(totals(...[...xs].reverse())).score;
        expect(a).toBe(b);
      }),
    );
  });
});

describe('grades', () => {
  it.each([
    [10_000, 'excellent'],
    [9_000, 'excellent'],
    [8_999, 'good'],
    [8_000, 'good'],
    [7_999, 'pass'],
    [6_000, 'pass'],
    [5_999, 'fail'],
    [0, 'fail'],
  ])('%i → %s', (score, grade) => {
    expect(gradeOf(score, defaultGradeBands)).toBe(grade);
  });

  it('refuses bands that are not descending or out of range', () => {
    expect(gradeBandProblems({ excellent: 9000, good: 9000, pass: 6000 })).toContain('floors_not_descending');
    expect(gradeBandProblems({ excellent: 10_001, good: 8000, pass: 6000 })).toContain(
      'excellent_out_of_range',
    );
    expect(gradeBandProblems(defaultGradeBands)).toEqual([]);
  });
});

describe('score sheets', () => {
  it('defaults add up to 100', () => {
    expect(defaultCriteria.reduce((s, c) => s + c.max, 0)).toBe(10_000);
    expect(defaultCriteria.map((c) => c.name)).toEqual(['目标达成', '创新性', '实效性', '推广价值']);
  });

  it('refuses a criterion above its max, an unknown one and a missing one', () => {
    const problems = scoreSheetProblems(defaultCriteria, [
      { code: 'goal', points: 3_001 },
      { code: 'innovation', points: 2_000 },
      { code: 'effect', points: 2_000 },
      { code: 'nope', points: 1 },
    ]);
    expect(problems).toEqual([
      { code: 'score_above_max', criterion: 'goal', max: 3_000 },
      { code: 'unknown_criterion', criterion: 'nope' },
      { code: 'missing_criterion', criterion: 'promotion' },
    ]);
  });

  it('totals a full sheet', () => {
    const sheet = defaultCriteria.map((c) => ({ code: c.code, points: c.max }));
    expect(scoreSheetProblems(defaultCriteria, sheet)).toEqual([]);
    expect(sheetTotal(sheet)).toBe(10_000);
    expect(formatHundredths(8550)).toBe('85.50');
  });
});
