import { describe, expect, it } from 'vitest';
import { libraryTermsOfYear } from './term-library.js';
import { beijingMinute, termNames, termWindows } from './terms.js';

describe('the year’s terms from tyme4ts', () => {
  const { starts, closesAt } = libraryTermsOfYear(2026);
  const at = (name: string) => beijingMinute(starts.find((s) => s.name === name)?.startsAt ?? '');

  it('agrees with the published 2026 table to the minute (Beijing time)', () => {
    // Published 2026 tables (e.g. 立春 2026-02-04 04:01:51 → 04:02). Minutes chosen away from a
    // rounding boundary, where tables that differ by a few seconds would disagree.
    expect(at('小寒')).toBe('2026-01-05 16:23');
    expect(at('立春')).toBe('2026-02-04 04:02');
    expect(at('春分')).toBe('2026-03-20 22:46');
    expect(at('芒种')).toBe('2026-06-05 23:48');
    expect(at('秋分')).toBe('2026-09-23 08:05');
    expect(at('大雪')).toBe('2026-12-07 10:53');
    expect(at('冬至')).toBe('2026-12-22 04:50');
  });

  it('rounds the exact instant, not the seconds already cut: 夏至 16:24:30.1 is 16:25', () => {
    expect(at('夏至')).toBe('2026-06-21 16:25');
  });

  it('takes 冬至 from index 0 of the next year, and closes the year at the next 小寒', () => {
    expect(starts.map((s) => s.name)).toEqual([...termNames]);
    expect(beijingMinute(starts[23]?.startsAt ?? '')).toMatch(/^2026-12-/);
    expect(beijingMinute(closesAt)).toMatch(/^2027-01-0[4-6] /);
    expect(closesAt).toBe(libraryTermsOfYear(2027).starts[0]?.startsAt);
  });

  it('gives 24 whole-minute instants in order for every year 2000–2100', () => {
    for (let year = 2000; year <= 2100; year += 1) {
      const y = libraryTermsOfYear(year);
      expect(() => termWindows(y.starts, y.closesAt)).not.toThrow();
      for (const s of y.starts) {
        expect(new Date(s.startsAt).getUTCSeconds()).toBe(0);
        expect(beijingMinute(s.startsAt).slice(0, 4)).toBe(String(year));
      }
    }
  });
});
