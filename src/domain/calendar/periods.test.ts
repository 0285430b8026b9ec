import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareIsoDate, dayOfWeek, daysBetween, fromEpochDay, toEpochDay } from './dates.js';
import {
  isoWeekKey,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  monthKey,
  monthRange,
  monthsOfQuarter,
  nextMonth,
  nextQuarter,
  type Period,
  parsePeriodKey,
  periodKey,
  periodOf,
  periodRange,
  previousMonth,
  previousQuarter,
  quarterKey,
  quarterOfMonth,
  quarterRange,
  shiftPeriod,
  yearKey,
  yearRange,
} from './periods.js';

const dates = fc
  .integer({ min: toEpochDay('1990-01-01'), max: toEpochDay('2060-12-31') })
  .map((n) => fromEpochDay(n));
const within = (date: string, range: { start: string; end: string }): boolean =>
  compareIsoDate(range.start, date) <= 0 && compareIsoDate(date, range.end) <= 0;

describe('periodOf', () => {
  it('gives the year, quarter, month and ISO week of a date', () => {
    expect(periodOf('2026-07-15')).toEqual({
      year: 2026,
      quarter: 3,
      month: 7,
      isoWeek: { year: 2026, week: 29 },
    });
    expect(periodOf('2025-03-31')).toEqual({
      year: 2025,
      quarter: 1,
      month: 3,
      isoWeek: { year: 2025, week: 14 },
    });
    expect(periodOf('2025-04-01').quarter).toBe(2);
    expect(periodOf('2025-12-31')).toEqual({
      year: 2025,
      quarter: 4,
      month: 12,
      isoWeek: { year: 2026, week: 1 },
    });
  });

  it('maps months to quarters', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(quarterOfMonth)).toEqual([
      1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4,
    ]);
    expect(() => quarterOfMonth(13)).toThrow(RangeError);
  });

  it('lies within its own year, quarter, month and ISO week ranges (property)', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const p = periodOf(date);
        expect(within(date, yearRange(p.year))).toBe(true);
        expect(within(date, quarterRange(p.year, p.quarter))).toBe(true);
        expect(within(date, monthRange(p.year, p.month))).toBe(true);
        expect(within(date, isoWeekRange(p.isoWeek.year, p.isoWeek.week))).toBe(true);
      }),
    );
  });
});

describe('ISO weeks', () => {
  it('puts the days around New Year in the week of their Thursday', () => {
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1 }); // Thursday
    expect(isoWeekOf('2025-12-29')).toEqual({ year: 2026, week: 1 }); // Monday of 2026-W01
    expect(isoWeekOf('2025-12-28')).toEqual({ year: 2025, week: 52 }); // Sunday
    expect(isoWeekOf('2027-01-01')).toEqual({ year: 2026, week: 53 }); // Friday
    expect(isoWeekOf('2027-01-03')).toEqual({ year: 2026, week: 53 }); // Sunday
    expect(isoWeekOf('2027-01-04')).toEqual({ year: 2027, week: 1 }); // Monday
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2026-02-01')).toEqual({ year: 2026, week: 5 });
  });

  it('knows which years have 53 weeks', () => {
    const long = [];
    for (let y = 2000; y <= 2050; y += 1) if (isoWeeksInYear(y) === 53) long.push(y);
    expect(long).toEqual([2004, 2009, 2015, 2020, 2026, 2032, 2037, 2043, 2048]);
  });

  it('ranges run Monday to Sunday across year boundaries', () => {
    expect(isoWeekRange(2026, 1)).toEqual({ start: '2025-12-29', end: '2026-01-04' });
    expect(isoWeekRange(2026, 53)).toEqual({ start: '2026-12-28', end: '2027-01-03' });
    expect(isoWeekRange(2025, 1)).toEqual({ start: '2024-12-30', end: '2025-01-05' });
    expect(isoWeekRange(2025, 52)).toEqual({ start: '2025-12-22', end: '2025-12-28' });
    expect(isoWeekRange(2026, 5)).toEqual({ start: '2026-01-26', end: '2026-02-01' });
  });

  it('rejects weeks the year does not have', () => {
    expect(() => isoWeekRange(2025, 53)).toThrow(RangeError);
    expect(() => isoWeekRange(2026, 54)).toThrow(RangeError);
    expect(() => isoWeekRange(2026, 0)).toThrow(RangeError);
  });

  it('every day of a week range maps back to that week (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 1, max: 53 }), (year, rawWeek) => {
        const week = Math.min(rawWeek, isoWeeksInYear(year));
        const { start, end } = isoWeekRange(year, week);
        expect(dayOfWeek(start)).toBe(1);
        expect(daysBetween(start, end)).toBe(6);
        for (let i = 0; i < 7; i += 1) expect(isoWeekOf(addDays(start, i))).toEqual({ year, week });
      }),
    );
  });
});

describe('quarter, month and year ranges', () => {
  it('gives the inclusive quarter ranges', () => {
    expect([1, 2, 3, 4].map((q) => quarterRange(2026, q))).toEqual([
      { start: '2026-01-01', end: '2026-03-31' },
      { start: '2026-04-01', end: '2026-06-30' },
      { start: '2026-07-01', end: '2026-09-30' },
      { start: '2026-10-01', end: '2026-12-31' },
    ]);
  });

  it('gives month ranges that honour leap years', () => {
    expect(monthRange(2024, 2)).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(monthRange(2025, 2)).toEqual({ start: '2025-02-01', end: '2025-02-28' });
    expect(monthRange(2025, 9)).toEqual({ start: '2025-09-01', end: '2025-09-30' });
    expect(yearRange(2026)).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('rejects quarters and months that do not exist', () => {
    expect(() => quarterRange(2026, 0)).toThrow(RangeError);
    expect(() => quarterRange(2026, 5)).toThrow(RangeError);
    expect(() => monthRange(2026, 13)).toThrow(RangeError);
    expect(() => monthRange(2026, 0)).toThrow(RangeError);
  });

  it('lists the months of a quarter', () => {
    expect(monthsOfQuarter(2026, 3).map((m) => periodKey(m))).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(monthsOfQuarter(2026, 1).map((m) => m.month)).toEqual([1, 2, 3]);
  });

  it('tiles the year: consecutive months and quarters touch without gaps (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const next = nextMonth({ year, month });
        expect(addDays(monthRange(year, month).end, 1)).toBe(monthRange(next.year, next.month).start);
        const q = quarterOfMonth(month);
        const nq = nextQuarter({ year, quarter: q });
        expect(addDays(quarterRange(year, q).end, 1)).toBe(quarterRange(nq.year, nq.quarter).start);
      }),
    );
  });
});

describe('period keys', () => {
  it('writes stable keys', () => {
    expect(yearKey(2026)).toBe('2026');
    expect(quarterKey(2026, 3)).toBe('2026-Q3');
    expect(monthKey(2026, 7)).toBe('2026-07');
    expect(isoWeekKey(2026, 5)).toBe('2026-W05');
    expect(isoWeekKey(2026, 53)).toBe('2026-W53');
    expect(periodKey({ kind: 'month', year: 2025, month: 12 })).toBe('2025-12');
  });

  it('refuses to write a key for a period that does not exist', () => {
    expect(() => quarterKey(2026, 5)).toThrow(RangeError);
    expect(() => monthKey(2026, 13)).toThrow(RangeError);
    expect(() => isoWeekKey(2025, 53)).toThrow(RangeError);
    expect(() => yearKey(0)).toThrow(RangeError);
  });

  it('parses each kind of key into a discriminated union', () => {
    expect(parsePeriodKey('2026')).toEqual({ kind: 'year', year: 2026 });
    expect(parsePeriodKey('2026-Q3')).toEqual({ kind: 'quarter', year: 2026, quarter: 3 });
    expect(parsePeriodKey('2026-07')).toEqual({ kind: 'month', year: 2026, month: 7 });
    expect(parsePeriodKey('2026-W05')).toEqual({ kind: 'week', year: 2026, week: 5 });
    expect(parsePeriodKey('2026-W53')).toEqual({ kind: 'week', year: 2026, week: 53 });
  });

  it.each([
    '',
    '26',
    '0000',
    '2026-Q0',
    '2026-Q5',
    '2026-q3',
    '2026-Q03',
    '2026-7',
    '2026-00',
    '2026-13',
    '2026-W5',
    '2026-W00',
    '2026-W54',
    '2025-W53',
    '2026-07-01',
    ' 2026',
    '2026 ',
    'abcd',
    '2026-H1',
  ])('rejects the malformed key %j', (key) => {
    expect(() => parsePeriodKey(key)).toThrow(RangeError);
  });

  const periods: fc.Arbitrary<Period> = fc.oneof(
    fc.integer({ min: 1, max: 9999 }).map((year): Period => ({ kind: 'year', year })),
    fc
      .record({
        year: fc.integer({ min: 1, max: 9999 }),
        quarter: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
      })
      .map((r): Period => ({ kind: 'quarter', ...r })),
    fc
      .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
      .map((r): Period => ({ kind: 'month', ...r })),
    fc
      .record({ year: fc.integer({ min: 1, max: 9998 }), week: fc.integer({ min: 1, max: 53 }) })
      .map((r): Period => ({ kind: 'week', year: r.year, week: Math.min(r.week, isoWeeksInYear(r.year)) })),
  );

  it('round-trips every period through its key (property)', () => {
    fc.assert(
      fc.property(periods, (p) => {
        const key = periodKey(p);
        expect(parsePeriodKey(key)).toEqual(p);
        expect(periodKey(parsePeriodKey(key))).toBe(key);
      }),
    );
  });

  it('keys of one kind sort like their periods (property)', () => {
    fc.assert(
      fc.property(periods, periods, (a, b) => {
        fc.pre(a.kind === b.kind);
        const [ka, kb] = [periodKey(a), periodKey(b)];
        const byKey = ka < kb ? -1 : ka > kb ? 1 : 0; // plain string order, as a database sorts them
        const byDate = compareIsoDate(periodRange(a).start, periodRange(b).start);
        expect(byKey).toBe(byDate);
      }),
    );
  });
});

describe('moving between periods', () => {
  it('steps quarters and months across the year boundary', () => {
    expect(previousQuarter({ year: 2026, quarter: 1 })).toEqual({ kind: 'quarter', year: 2025, quarter: 4 });
    expect(nextQuarter({ year: 2025, quarter: 4 })).toEqual({ kind: 'quarter', year: 2026, quarter: 1 });
    expect(previousQuarter({ year: 2026, quarter: 3 })).toEqual({ kind: 'quarter', year: 2026, quarter: 2 });
    expect(previousMonth({ year: 2026, month: 1 })).toEqual({ kind: 'month', year: 2025, month: 12 });
    expect(nextMonth({ year: 2025, month: 12 })).toEqual({ kind: 'month', year: 2026, month: 1 });
    expect(nextMonth({ year: 2025, month: 9 })).toEqual({ kind: 'month', year: 2025, month: 10 });
  });

  it('shifts any period by n, including ISO weeks in a 53-week year', () => {
    expect(shiftPeriod({ kind: 'year', year: 2026 }, -1)).toEqual({ kind: 'year', year: 2025 });
    expect(shiftPeriod({ kind: 'quarter', year: 2026, quarter: 2 }, -5)).toEqual({
      kind: 'quarter',
      year: 2025,
      quarter: 1,
    });
    expect(shiftPeriod({ kind: 'month', year: 2026, month: 3 }, 22)).toEqual({
      kind: 'month',
      year: 2028,
      month: 1,
    });
    expect(shiftPeriod({ kind: 'week', year: 2026, week: 52 }, 1)).toEqual({
      kind: 'week',
      year: 2026,
      week: 53,
    });
    expect(shiftPeriod({ kind: 'week', year: 2026, week: 53 }, 1)).toEqual({
      kind: 'week',
      year: 2027,
      week: 1,
    });
    expect(shiftPeriod({ kind: 'week', year: 2026, week: 1 }, -1)).toEqual({
      kind: 'week',
      year: 2025,
      week: 52,
    });
  });

  it('rejects leaving the supported years and fractional steps', () => {
    expect(() => shiftPeriod({ kind: 'year', year: 9999 }, 1)).toThrow(RangeError);
    expect(() => previousMonth({ year: 1, month: 1 })).toThrow(RangeError);
    expect(() => shiftPeriod({ kind: 'month', year: 2026, month: 1 }, 0.5)).toThrow(RangeError);
  });

  it('shifting forward then back returns the same period (property)', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -200, max: 200 }), (date, n) => {
        const p = periodOf(date);
        const periodsOfDate: Period[] = [
          { kind: 'year', year: p.year },
          { kind: 'quarter', year: p.year, quarter: p.quarter },
          { kind: 'month', year: p.year, month: p.month },
          { kind: 'week', ...p.isoWeek },
        ];
        for (const period of periodsOfDate) expect(shiftPeriod(shiftPeriod(period, n), -n)).toEqual(period);
      }),
    );
  });
});
