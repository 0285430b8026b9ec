import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, monthRange } from '../calendar/index.js';
import { fraction } from './exact.js';
import { crammingShare } from './signal.js';

describe('crammingShare', () => {
  it('is the share uploaded in the month’s last three calendar days', () => {
    const share = crammingShare(['2025-09-01', '2025-09-15', '2025-09-28', '2025-09-30'], 2025, 9);
    expect(share).toEqual({
      total: 4,
      inLastThreeDays: 2,
      afterMonthEnd: 0,
      share: fraction(1, 2),
      percentTenths: 500,
      percentText: '50.0',
      windowStart: '2025-09-28',
    });
  });

  it('shows one decimal, rounded half up', () => {
    expect(crammingShare(['2025-10-29', '2025-10-01', '2025-10-02'], 2025, 10)?.percentText).toBe('33.3');
    expect(crammingShare(['2025-10-29', '2025-10-31', '2025-10-02'], 2025, 10)?.percentText).toBe('66.7');
    const sixteen = ['2025-10-31', ...Array.from({ length: 15 }, () => '2025-10-05')];
    // 1/16 = 6.25% → 6.3%
    expect(crammingShare(sixteen, 2025, 10)).toMatchObject({ percentTenths: 63, percentText: '6.3' });
    expect(crammingShare(['2025-10-31'], 2025, 10)?.percentText).toBe('100.0');
    expect(crammingShare(['2025-10-01'], 2025, 10)?.percentText).toBe('0.0');
  });

  it('uses the real last three days of short and leap months', () => {
    expect(crammingShare(['2026-02-25', '2026-02-26'], 2026, 2)).toMatchObject({
      windowStart: '2026-02-26',
      inLastThreeDays: 1,
    });
    expect(crammingShare(['2024-02-26', '2024-02-27'], 2024, 2)).toMatchObject({
      windowStart: '2024-02-27',
      inLastThreeDays: 1,
    });
    expect(crammingShare(['2025-12-28', '2025-12-29'], 2025, 12)).toMatchObject({
      windowStart: '2025-12-29',
      inLastThreeDays: 1,
    });
  });

  it('counts evidence uploaded after the month as last-minute too, separately', () => {
    expect(crammingShare(['2025-09-10', '2025-10-09', '2025-09-30'], 2025, 9)).toMatchObject({
      total: 3,
      inLastThreeDays: 1,
      afterMonthEnd: 1,
      share: fraction(2, 3),
      percentText: '66.7',
    });
  });

  it('counts evidence uploaded before the month as early', () => {
    expect(crammingShare(['2025-08-30', '2025-09-29'], 2025, 9)).toMatchObject({
      total: 2,
      inLastThreeDays: 1,
      percentText: '50.0',
    });
  });

  it('has no share without evidence', () => {
    expect(crammingShare([], 2025, 9)).toBeNull();
  });

  it('refuses invalid dates', () => {
    expect(() => crammingShare(['2025-09-31'], 2025, 9)).toThrow(RangeError);
    expect(() => crammingShare(['2025-9-30'], 2025, 9)).toThrow(RangeError);
    expect(() => crammingShare([], 2025, 13)).toThrow(RangeError);
  });

  it('is a share between 0 and 100% consistent with its counts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: -10, max: 40 }), { minLength: 1, maxLength: 50 }),
        (year, month, offsets) => {
          const { start } = monthRange(year, month);
          const dates = offsets.map((o) => addDays(start, o));
          const s = crammingShare(dates, year, month);
          if (s === null) throw new Error('expected a share');
          expect(s.share).toEqual(fraction(s.inLastThreeDays + s.afterMonthEnd, s.total));
          expect(s.percentTenths).toBeGreaterThanOrEqual(0);
          expect(s.percentTenths).toBeLessThanOrEqual(1000);
          // Within half a tenth of a percent of the exact share.
          expect(
            Math.abs(s.percentTenths * s.total - 1000 * (s.inLastThreeDays + s.afterMonthEnd)) * 2,
          ).toBeLessThanOrEqual(s.total);
        },
      ),
    );
  });
});
