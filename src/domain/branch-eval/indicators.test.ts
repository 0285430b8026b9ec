import { describe, expect, it } from 'vitest';
import {
  baseCategories,
  type Category,
  categories,
  categoryLabels,
  type Indicator,
  isBaseCategory,
  isCategory,
  validateIndicator,
} from './indicators.js';
import { indicator } from './test-fixtures.js';

describe('categories', () => {
  it('are the four of SPEC §3 with Chinese and English labels', () => {
    expect(categories).toEqual(['mandatory', 'basic', 'evaluative', 'innovation']);
    expect(categoryLabels.mandatory.zh).toBe('必备类');
    expect(categoryLabels.basic.zh).toBe('基本类');
    expect(categoryLabels.evaluative.zh).toBe('评价类');
    expect(categoryLabels.innovation.zh).toBe('创新类');
    for (const c of categories) expect(categoryLabels[c].en).not.toBe('');
  });

  it('count mandatory, basic and evaluative toward the plan total, innovation apart', () => {
    expect(baseCategories).toEqual(['mandatory', 'basic', 'evaluative']);
    expect(categories.filter(isBaseCategory)).toEqual(baseCategories);
    expect(isCategory('innovation')).toBe(true);
    expect(isCategory('bonus')).toBe(false);
  });
});

describe('validateIndicator', () => {
  it('accepts a complete indicator, criteria text optional', () => {
    expect(validateIndicator(indicator('E1', 'evaluative', 2000))).toEqual([]);
    expect(validateIndicator(indicator('E1', 'evaluative', 1, { criteria: '' }))).toEqual([]);
  });

  it('reports a blank code and a blank name', () => {
    const issues = validateIndicator(indicator('  ', 'basic', 1000, { name: ' ' }));
    expect(issues.map((i) => i.code)).toEqual(['code_blank', 'name_blank']);
    expect(issues[0]?.indicator).toBeNull();
  });

  it('reports an unknown category', () => {
    const bad = { ...indicator('X1', 'basic', 1000), category: 'bonus' } as unknown as Indicator;
    const [problem] = validateIndicator(bad);
    expect(problem).toMatchObject({ code: 'unknown_category', indicator: 'X1', severity: 'error' });
    expect(problem?.message.en).toContain('bonus');
  });

  it.each([
    [0, 'max_not_positive'],
    [-100, 'max_not_positive'],
    [12.5, 'max_not_integer'],
    [Number.NaN, 'max_not_integer'],
  ])('reports max points %s as %s', (max, code) => {
    expect(validateIndicator(indicator('B1', 'basic', max)).map((i) => i.code)).toEqual([code]);
  });

  it('writes messages in Chinese and English', () => {
    const [problem] = validateIndicator(indicator('B1', 'basic', 0));
    expect(problem?.message.zh).toBe('指标 B1 的分值须大于 0');
    expect(problem?.message.en).toBe('The max points of indicator B1 must be above 0');
  });

  it('checks every category alike', () => {
    for (const category of categories as readonly Category[]) {
      expect(validateIndicator(indicator('C', category, 100))).toEqual([]);
    }
  });
});
