import { describe, expect, it } from 'vitest';
import {
  type Dimension,
  type Direction,
  defaultSchemeRules,
  type Scheme,
  type SchemeItem,
  type SchemeRules,
} from './scheme.js';
import {
  describeSchemeIssue,
  isSchemeUsable,
  type SchemeIssueCode,
  schemeIssueCodes,
  validateScheme,
} from './scheme-validation.js';

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

/** A clean scheme with the SPEC defaults: validateScheme finds nothing in it. */
const cleanScheme = (): Scheme => ({
  rules: defaultSchemeRules(),
  items: [
    item(),
    item({
      code: 'P02',
      name: '志愿服务表彰',
      points: { kind: 'range', min: 100, max: 500 },
      quarterCap: null,
    }),
    item({
      code: 'Z01',
      name: '技术创新成果',
      dimension: 'professional',
      points: { kind: 'fixed', value: 500 },
      unit: '项',
      quarterCap: { kind: 'points', value: 1500 },
    }),
    item({
      code: 'W01',
      name: '志愿服务时长',
      dimension: 'civility',
      points: { kind: 'fixed', value: 100 },
      unit: '小时',
      quarterCap: { kind: 'points', value: 1000 },
    }),
    item({
      code: 'D01',
      name: '无故缺席组织生活',
      direction: 'deduction',
      points: { kind: 'fixed', value: 500 },
      quarterCap: null,
    }),
    item({
      code: 'D02',
      name: '违反廉洁纪律',
      dimension: 'civility',
      direction: 'deduction',
      points: { kind: 'fixed', value: 1000 },
      quarterCap: null,
      evidenceRequired: true,
      veto: true,
    }),
  ],
});

const withItem =
  (index: number, over: Partial<SchemeItem>) =>
  (s: Scheme): Scheme => ({
    ...s,
    items: s.items.map((it, i) => (i === index ? { ...it, ...over } : it)),
  });
const withRules =
  (over: Partial<SchemeRules>) =>
  (s: Scheme): Scheme => ({ ...s, rules: { ...s.rules, ...over } });
const badDimension = '' as unknown as Dimension; // data from a form that skipped the select
const badDirection = 'plus' as unknown as Direction;

describe('validateScheme', () => {
  it('finds nothing in a clean scheme', () => {
    expect(validateScheme(cleanScheme())).toEqual([]);
  });

  type Case = [SchemeIssueCode, (s: Scheme) => Scheme, (string | number)[]];
  const cases: Case[] = [
    ['item_code_empty', withItem(0, { code: '  ' }), ['items', 0, 'code']],
    ['item_code_duplicate', withItem(1, { code: ' p01 ' }), ['items', 1, 'code']],
    ['item_name_empty', withItem(0, { name: '' }), ['items', 0, 'name']],
    ['item_dimension_invalid', withItem(0, { dimension: badDimension }), ['items', 0, 'dimension']],
    ['item_direction_invalid', withItem(0, { direction: badDirection }), ['items', 0, 'direction']],
    ['item_unit_empty', withItem(0, { unit: ' ' }), ['items', 0, 'unit']],
    [
      'points_not_integer',
      withItem(0, { points: { kind: 'fixed', value: 1.5 } }),
      ['items', 0, 'points', 'value'],
    ],
    [
      'fixed_points_not_positive',
      withItem(0, { points: { kind: 'fixed', value: 0 } }),
      ['items', 0, 'points', 'value'],
    ],
    [
      'range_negative',
      withItem(1, { points: { kind: 'range', min: -100, max: 500 } }),
      ['items', 1, 'points', 'min'],
    ],
    [
      'range_inverted',
      withItem(1, { points: { kind: 'range', min: 600, max: 500 } }),
      ['items', 1, 'points', 'min'],
    ],
    [
      'range_max_not_positive',
      withItem(1, { points: { kind: 'range', min: 0, max: 0 } }),
      ['items', 1, 'points', 'max'],
    ],
    [
      'range_degenerate',
      withItem(1, { points: { kind: 'range', min: 300, max: 300 } }),
      ['items', 1, 'points'],
    ],
    [
      'cap_not_positive',
      withItem(0, { quarterCap: { kind: 'count', value: 0 } }),
      ['items', 0, 'quarterCap', 'value'],
    ],
    [
      'cap_count_not_integer',
      withItem(0, { quarterCap: { kind: 'count', value: 2.5 } }),
      ['items', 0, 'quarterCap', 'value'],
    ],
    // The officer meant "3 times" but chose a points cap: 0.03 points, below one occurrence (2).
    [
      'cap_below_one_occurrence',
      withItem(0, { quarterCap: { kind: 'points', value: 3 } }),
      ['items', 0, 'quarterCap', 'value'],
    ],
    [
      'cap_points_not_multiple',
      withItem(2, { quarterCap: { kind: 'points', value: 1200 } }),
      ['items', 2, 'quarterCap', 'value'],
    ],
    [
      'cap_count_on_range_item',
      withItem(1, { quarterCap: { kind: 'count', value: 2 } }),
      ['items', 1, 'quarterCap'],
    ],
    [
      'cap_exceeds_dimension_cap',
      withItem(2, { quarterCap: { kind: 'points', value: 2000 } }),
      ['items', 2, 'quarterCap', 'value'],
    ],
    [
      'occurrence_exceeds_dimension_cap',
      withItem(3, { points: { kind: 'fixed', value: 1200 }, quarterCap: null }),
      ['items', 3, 'points'],
    ],
    ['veto_on_bonus', withItem(0, { veto: true }), ['items', 0, 'veto']],
    ['veto_without_evidence', withItem(5, { evidenceRequired: false }), ['items', 5, 'evidenceRequired']],
    ['scheme_without_items', (s) => ({ ...s, items: [] }), ['items']],
    ['base_score_out_of_range', withRules({ baseScore: 10001 }), ['rules', 'baseScore']],
    [
      'bonus_cap_negative',
      withRules({ bonusCaps: { political: -100, professional: 1500, civility: 1000 } }),
      ['rules', 'bonusCaps', 'political'],
    ],
    [
      'bonus_cap_zero_with_items',
      withRules({ bonusCaps: { political: 1500, professional: 1500, civility: 0 } }),
      ['rules', 'bonusCaps', 'civility'],
    ],
    [
      'dimension_without_bonus_items',
      (s) => ({ ...s, items: s.items.filter((it) => it.code !== 'W01') }),
      ['rules', 'bonusCaps', 'civility'],
    ],
    // Civility cap 10, but its only bonus item is capped at 5: the cap can never be reached.
    [
      'dimension_cap_unreachable',
      withItem(3, { quarterCap: { kind: 'points', value: 500 } }),
      ['rules', 'bonusCaps', 'civility'],
    ],
    [
      'quota_not_integer',
      withRules({ tierRule: { kind: 'quota', benchmark: 2.5, excellent: 20, good: 50, warningBelow: 6000 } }),
      ['rules', 'tierRule', 'benchmark'],
    ],
    [
      'quota_out_of_range',
      withRules({ tierRule: { kind: 'quota', benchmark: 5, excellent: 20, good: 120, warningBelow: 6000 } }),
      ['rules', 'tierRule', 'good'],
    ],
    [
      'quota_not_increasing',
      withRules({ tierRule: { kind: 'quota', benchmark: 5, excellent: 5, good: 50, warningBelow: 6000 } }),
      ['rules', 'tierRule', 'excellent'],
    ],
    [
      'threshold_not_decreasing',
      withRules({
        tierRule: { kind: 'threshold', benchmark: 9000, excellent: 8500, good: 8800, warningBelow: 6000 },
      }),
      ['rules', 'tierRule', 'excellent'],
    ],
    [
      'threshold_unreachable',
      withRules({
        tierRule: { kind: 'threshold', benchmark: 10500, excellent: 8500, good: 7500, warningBelow: 6000 },
      }),
      ['rules', 'tierRule', 'benchmark'],
    ],
    [
      'warning_line_out_of_range',
      withRules({ tierRule: { kind: 'quota', benchmark: 5, excellent: 20, good: 50, warningBelow: -1 } }),
      ['rules', 'tierRule', 'warningBelow'],
    ],
    [
      'warning_line_unreachable',
      withRules({
        baseScore: 5000,
        tierRule: { kind: 'quota', benchmark: 5, excellent: 20, good: 50, warningBelow: 9500 },
      }),
      ['rules', 'tierRule', 'warningBelow'],
    ],
    ['warning_line_above_base', withRules({ baseScore: 5000 }), ['rules', 'tierRule', 'warningBelow']],
    [
      'annual_formula_unknown',
      withRules({ annualFormula: 'median' as unknown as SchemeRules['annualFormula'] }),
      ['rules', 'annualFormula'],
    ],
    [
      'ranking_scope_unknown',
      withRules({ rankingScope: 'province' as unknown as SchemeRules['rankingScope'] }),
      ['rules', 'rankingScope'],
    ],
    [
      'min_quarters_out_of_range',
      withRules({ minQuartersForUnflagged: 5 }),
      ['rules', 'minQuartersForUnflagged'],
    ],
    ['appeal_window_invalid', withRules({ appealWindowDays: 0 }), ['rules', 'appealWindowDays']],
    ['review_overdue_invalid', withRules({ reviewOverdueDays: 7.5 }), ['rules', 'reviewOverdueDays']],
  ];

  it.each(cases)('reports %s', (code, mutate, path) => {
    const issues = validateScheme(mutate(cleanScheme()));
    const issue = issues.find((i) => i.code === code);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.path).toEqual(path);
    expect(issue?.severity).toBe(describeSchemeIssue(code).severity);
    for (const i of issues) {
      expect(i.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(`${i.message_zh} ${i.message_en}`).not.toMatch(/undefined|NaN/);
    }
  });

  it('has a case for every issue code', () => {
    expect(new Set(cases.map(([code]) => code))).toEqual(new Set(schemeIssueCodes));
  });

  it('reports exactly the one slip when one field is wrong', () => {
    const issues = validateScheme(withItem(0, { points: { kind: 'fixed', value: 0 } })(cleanScheme()));
    expect(issues.map((i) => i.code)).toEqual(['fixed_points_not_positive']);
  });

  it('puts the numbers into the message, in points', () => {
    const [issue] = validateScheme(withItem(0, { quarterCap: { kind: 'points', value: 3 } })(cleanScheme()));
    expect(issue?.message_zh).toContain('季度封顶 0.03 分低于每次最低分值 2 分');
    expect(issue?.message_en).toContain('0.03 points is below one occurrence (2 points)');
  });

  it('names the first item a duplicate code repeats', () => {
    const [issue] = validateScheme(withItem(4, { code: 'z01' })(cleanScheme()));
    expect(issue?.code).toBe('item_code_duplicate');
    expect(issue?.message_zh).toContain('第 3 项');
  });

  it('reports both ends of a reversed threshold ladder', () => {
    const issues = validateScheme(
      withRules({
        tierRule: { kind: 'threshold', benchmark: 7000, excellent: 8000, good: 5000, warningBelow: 6000 },
      })(cleanScheme()),
    );
    expect(issues.filter((i) => i.code === 'threshold_not_decreasing').map((i) => i.path.at(-1))).toEqual([
      'benchmark',
      'good',
    ]);
  });

  it('accepts a threshold ladder with equal steps (an intentionally empty tier)', () => {
    const scheme = withRules({
      tierRule: { kind: 'threshold', benchmark: 9000, excellent: 9000, good: 8000, warningBelow: 6000 },
    })(cleanScheme());
    expect(validateScheme(scheme)).toEqual([]);
  });

  it('does not call a dimension unreachable while one of its bonus items is uncapped', () => {
    const scheme = (s: Scheme): Scheme => ({
      ...s,
      items: [...s.items, item({ code: 'W02', dimension: 'civility', quarterCap: null })],
    });
    const issues = validateScheme(
      withItem(3, { quarterCap: { kind: 'points', value: 500 } })(scheme(cleanScheme())),
    );
    expect(issues.map((i) => i.code)).not.toContain('dimension_cap_unreachable');
  });

  it('does not pile combination checks on top of a broken number', () => {
    const issues = validateScheme(
      withItem(0, { points: { kind: 'fixed', value: -200 }, quarterCap: { kind: 'points', value: 100 } })(
        cleanScheme(),
      ),
    );
    expect(issues.map((i) => i.code)).toEqual(['fixed_points_not_positive']);
  });

  it('isSchemeUsable blocks on errors, not on warnings', () => {
    expect(isSchemeUsable(validateScheme(cleanScheme()))).toBe(true);
    expect(isSchemeUsable(validateScheme(withItem(5, { evidenceRequired: false })(cleanScheme())))).toBe(
      true,
    );
    expect(isSchemeUsable(validateScheme(withItem(0, { veto: true })(cleanScheme())))).toBe(false);
  });
});
