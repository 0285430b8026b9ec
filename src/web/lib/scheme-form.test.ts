import { describe, expect, it } from 'vitest';
import { defaultSchemeRules, type SchemeItem } from '../../domain/points/scheme.js';
import {
  diffItems,
  formToItem,
  formToRules,
  issueTarget,
  itemToForm,
  nextItemCode,
  rulesToForm,
  sortIssues,
} from './scheme-form.js';

const range: SchemeItem = {
  code: 'Y03',
  name: '技术创新成果',
  dimension: 'professional',
  direction: 'bonus',
  points: { kind: 'range', min: 50, max: 550 },
  unit: '项',
  quarterCap: { kind: 'points', value: 1000 },
  evidenceRequired: true,
  veto: false,
};

describe('item form', () => {
  it('round-trips an item through the form', () => {
    const form = itemToForm(range);
    expect(form).toMatchObject({
      pointsKind: 'range',
      min: '0.5',
      max: '5.5',
      capKind: 'points',
      capValue: '10',
    });
    expect(formToItem(form)).toEqual({ ok: true, value: range });
  });

  it('names the fields whose numbers it cannot read', () => {
    const r = formToItem({ ...itemToForm(range), min: '0.555', capKind: 'count', capValue: '1.5' });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'min', error: 'points' },
        { field: 'capValue', error: 'whole' },
      ],
    });
  });

  it('drops the veto flag from a bonus item', () => {
    const r = formToItem({ ...itemToForm(range), veto: true });
    expect(r.ok && r.value.veto).toBe(false);
  });
});

describe('rules form', () => {
  it('round-trips the defaults and a threshold rule', () => {
    const d = defaultSchemeRules();
    expect(rulesToForm(d).baseScore).toBe('60');
    expect(formToRules(rulesToForm(d))).toEqual({ ok: true, value: d });
    const threshold = {
      ...d,
      tierRule: {
        kind: 'threshold' as const,
        benchmark: 9000,
        excellent: 8050,
        good: 7000,
        warningBelow: 6000,
      },
    };
    expect(rulesToForm(threshold).excellent).toBe('80.5');
    expect(formToRules(rulesToForm(threshold))).toEqual({ ok: true, value: threshold });
  });

  it('refuses a quota that is not a whole percentage', () => {
    const r = formToRules({ ...rulesToForm(defaultSchemeRules()), benchmark: '5.5' });
    expect(r).toEqual({ ok: false, errors: [{ field: 'benchmark', error: 'whole' }] });
  });
});

describe('issues', () => {
  it('locates an issue on an item or a rule', () => {
    expect(issueTarget(['items', 3, 'points', 'min'])).toEqual({
      kind: 'item',
      index: 3,
      field: 'points.min',
    });
    expect(issueTarget(['rules', 'bonusCaps', 'civility'])).toEqual({
      kind: 'rules',
      field: 'bonusCaps.civility',
    });
    expect(issueTarget(['items'])).toEqual({ kind: 'scheme' });
  });

  it('lists errors before warnings, items in their order', () => {
    const sorted = sortIssues([
      { severity: 'warning' as const, path: ['items', 1] },
      { severity: 'error' as const, path: ['items', 10] },
      { severity: 'error' as const, path: ['items', 2] },
    ]);
    expect(sorted.map((i) => `${i.severity}:${i.path[1]}`)).toEqual(['error:2', 'error:10', 'warning:1']);
  });

  it('suggests the next free code of a dimension', () => {
    expect(nextItemCode([{ code: 'Z01' }, { code: 'Z03' }, { code: 'Y01' }], 'political')).toBe('Z04');
    expect(nextItemCode([], 'civility')).toBe('W01');
  });
});

describe('diffItems', () => {
  it('marks added, changed and removed items against the version in force', () => {
    const a = { ...range, code: 'A01' };
    const b = { ...range, code: 'B01' };
    const c = { ...range, code: 'C01' };
    const r = diffItems([a, b, c], [{ ...a }, { ...b, name: '新名称' }, { ...range, code: 'd01' }]);
    expect(r.changes).toEqual(['same', 'changed', 'added']);
    expect(r.removed.map((i) => i.code)).toEqual(['C01']);
  });
});
