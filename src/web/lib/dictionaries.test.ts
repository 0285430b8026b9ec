import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { zhCN } from '../i18n/zh-CN.js';
import { placeholders } from './format.js';

describe('the i18n dictionaries', () => {
  it('have the same keys (TypeScript checks this too; the test guards against casts)', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = (Object.keys(zhCN) as (keyof typeof zhCN)[]).filter(
      (k) => JSON.stringify(placeholders(zhCN[k])) !== JSON.stringify(placeholders(en[k])),
    );
    expect(mismatched).toEqual([]);
  });

  it('have no empty texts', () => {
    expect(Object.entries(zhCN).filter(([, v]) => !v.trim())).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => !v.trim())).toEqual([]);
  });
});
