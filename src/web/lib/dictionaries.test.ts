import { describe, expect, it } from 'vitest';
import { messages as beEn } from '../i18n/areas/be.en.js';
import { messages as beZh } from '../i18n/areas/be.zh.js';
import { messages as inspectionEn } from '../i18n/areas/inspection.en.js';
import { messages as inspectionZh } from '../i18n/areas/inspection.zh.js';
import { messages as projectsEn } from '../i18n/areas/projects.en.js';
import { messages as projectsZh } from '../i18n/areas/projects.zh.js';
import { messages as termsEn } from '../i18n/areas/terms.en.js';
import { messages as termsZh } from '../i18n/areas/terms.zh.js';
import { en as coreEn } from '../i18n/en.js';
import { zhCN as coreZh } from '../i18n/zh-CN.js';
import { placeholders } from './format.js';

// The dictionary a reader sees once every area is loaded: the every-page part and each area's.
const zhParts = [coreZh, beZh, inspectionZh, projectsZh, termsZh];
const enParts = [coreEn, beEn, inspectionEn, projectsEn, termsEn];
const zhCN: Record<string, string> = Object.assign({}, ...zhParts);
const en: Record<string, string> = Object.assign({}, ...enParts);

describe('the i18n dictionaries', () => {
  it('keep in an area only that area’s keys (menu entries and permissions show on every page)', () => {
    const prefixes: [Record<string, string>, RegExp][] = [
      [beZh, /^be\./],
      [inspectionZh, /^(insp|ib)\./],
      [projectsZh, /^pj\./],
      [termsZh, /^terms\./],
    ];
    for (const [part, prefix] of prefixes)
      expect(Object.keys(part).filter((k) => !prefix.test(k))).toEqual([]);
  });

  it('give each key in exactly one part (core or one area), the same part in both languages', () => {
    const keys = zhParts.flatMap((p) => Object.keys(p));
    expect(keys.length).toBe(new Set(keys).size);
    expect(enParts.map((p) => Object.keys(p).sort())).toEqual(zhParts.map((p) => Object.keys(p).sort()));
  });

  it('have the same keys (TypeScript checks this too; the test guards against casts)', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = Object.keys(zhCN).filter(
      (k) => JSON.stringify(placeholders(zhCN[k] ?? '')) !== JSON.stringify(placeholders(en[k] ?? '')),
    );
    expect(mismatched).toEqual([]);
  });

  it('have no empty texts', () => {
    expect(Object.entries(zhCN).filter(([, v]) => !v.trim())).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => !v.trim())).toEqual([]);
  });
});
