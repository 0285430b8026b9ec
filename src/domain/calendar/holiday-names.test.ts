import { LegalHoliday } from 'tyme4ts';
import { describe, expect, it } from 'vitest';
import { holidayNameIn } from './holiday-names.js';

describe('holiday names in English', () => {
  it('names every legal holiday of the library in English, and keeps a typed name as typed', () => {
    expect(holidayNameIn('春节', 'en')).toBe('Spring Festival');
    expect(holidayNameIn('国庆中秋', 'en')).toBe('National Day and Mid-Autumn Festival');
    expect(holidayNameIn('春节', 'zh')).toBe('春节');
    expect(holidayNameIn('公司庆典', 'en')).toBe('公司庆典');
    const names = new Set<string>();
    for (let y = 2020; y <= 2026; y++)
      for (let m = 1; m <= 12; m++)
        for (let d = 1; d <= 28; d++) {
          const h = LegalHoliday.fromYmd(y, m, d);
          if (h) names.add(h.getName());
        }
    expect(names.size).toBeGreaterThan(5);
    for (const n of names) expect(holidayNameIn(n, 'en'), n).toMatch(/^[A-Z][A-Za-z’ -]+$/);
  });
});
