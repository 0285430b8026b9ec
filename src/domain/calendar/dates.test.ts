import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDate,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isIsoDate,
  isLeapYear,
  parseIsoDate,
  toEpochDay,
  toIsoDate,
} from './dates.js';

const MS_PER_DAY = 86_400_000;
// Epoch days of 1900-01-01 and 2199-12-31: the oracle below (Date in UTC) is exact over this span.
const ORACLE_MIN = -25_567;
const ORACLE_MAX = 84_005;
const epochDays = fc.integer({ min: ORACLE_MIN, max: ORACLE_MAX });
/** Independent oracle: the UTC calendar date of an epoch day, via the platform's Date in UTC. */
const utcIso = (epochDay: number): string => new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);

describe('parseIsoDate', () => {
  it('reads a valid date into its parts', () => {
    expect(parseIsoDate('2026-07-05')).toEqual({ year: 2026, month: 7, day: 5 });
    expect(parseIsoDate('0001-01-01')).toEqual({ year: 1, month: 1, day: 1 });
    expect(parseIsoDate('9999-12-31')).toEqual({ year: 9999, month: 12, day: 31 });
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseIsoDate('2024-02-29').day).toBe(29);
    expect(parseIsoDate('2000-02-29').day).toBe(29);
    expect(() => parseIsoDate('2025-02-29')).toThrow(RangeError);
    expect(() => parseIsoDate('2100-02-29')).toThrow(RangeError);
  });

  it.each([
    '2025-02-30',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-01-32',
    '0000-01-01',
    '2025-2-3',
    '25-02-03',
    '2025/02/03',
    '2025-02-03T00:00:00Z',
    ' 2025-02-03',
    '２０２５-02-03',
    '',
  ])('rejects %j with a RangeError', (value) => {
    expect(() => parseIsoDate(value)).toThrow(RangeError);
    expect(isIsoDate(value)).toBe(false);
  });

  it('isIsoDate is true for valid dates', () => {
    expect(isIsoDate('2026-12-31')).toBe(true);
  });
});

describe('toIsoDate', () => {
  it('zero-pads year, month and day', () => {
    expect(toIsoDate(2026, 7, 5)).toBe('2026-07-05');
    expect(toIsoDate(987, 1, 1)).toBe('0987-01-01');
  });

  it.each([
    [2025, 2, 29],
    [2025, 13, 1],
    [2025, 0, 1],
    [2025, 6, 31],
    [0, 1, 1],
    [10000, 1, 1],
    [2025.5, 1, 1],
    [2025, 1, 1.5],
  ])('rejects %i-%i-%i', (y, m, d) => {
    expect(() => toIsoDate(y, m, d)).toThrow(RangeError);
  });
});

describe('daysInMonth and isLeapYear', () => {
  it('knows the length of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
  });

  it('applies the century rule', () => {
    expect([1900, 2000, 2024, 2025, 2100, 2400].map(isLeapYear)).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
    ]);
  });

  it('rejects a month outside 1–12', () => {
    expect(() => daysInMonth(2025, 0)).toThrow(RangeError);
    expect(() => daysInMonth(2025, 13)).toThrow(RangeError);
  });
});

describe('addDays, daysBetween, epoch days', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-06-15', 0)).toBe('2025-06-15');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
    expect(addDays('2024-01-01', 365)).toBe('2024-12-31');
  });

  it('counts days between dates, signed', () => {
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-01-01', '2025-12-31')).toBe(-1);
  });

  it('numbers 1970-01-01 as day 0', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(fromEpochDay(0)).toBe('1970-01-01');
    expect(toEpochDay('1969-12-31')).toBe(-1);
  });

  it('rejects a fractional offset and leaving the year range', () => {
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });

  it('agrees with the UTC calendar for every day 1900–2199 (property)', () => {
    fc.assert(
      fc.property(epochDays, (n) => {
        expect(fromEpochDay(n)).toBe(utcIso(n));
        expect(toEpochDay(utcIso(n))).toBe(n);
      }),
    );
  });

  it('addDays then subtracting returns the same date (property)', () => {
    fc.assert(
      fc.property(epochDays, fc.integer({ min: -5000, max: 5000 }), (n, k) => {
        const date = fromEpochDay(n);
        expect(addDays(addDays(date, k), -k)).toBe(date);
        expect(daysBetween(date, addDays(date, k))).toBe(k);
      }),
    );
  });
});

describe('dayOfWeek', () => {
  it('numbers Monday 1 to Sunday 7', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2000-01-01')).toBe(6); // Saturday
    expect(dayOfWeek('2025-01-01')).toBe(3); // Wednesday
    expect(dayOfWeek('2025-09-28')).toBe(7); // Sunday (a make-up working day)
    expect(dayOfWeek('2026-02-15')).toBe(7); // Sunday
    expect(dayOfWeek('2026-02-16')).toBe(1); // Monday
    expect(dayOfWeek('1969-12-29')).toBe(1); // Monday before the epoch
  });

  it('agrees with the UTC weekday (property)', () => {
    fc.assert(
      fc.property(epochDays, (n) => {
        const utcDay = new Date(n * MS_PER_DAY).getUTCDay(); // 0 = Sunday
        expect(dayOfWeek(fromEpochDay(n))).toBe(utcDay === 0 ? 7 : utcDay);
      }),
    );
  });
});

describe('compareIsoDate', () => {
  it('orders dates for sorting', () => {
    const dates = ['2026-01-01', '2025-12-31', '2025-02-01', '2025-10-01', '2025-02-01'];
    expect([...dates].sort(compareIsoDate)).toEqual([
      '2025-02-01',
      '2025-02-01',
      '2025-10-01',
      '2025-12-31',
      '2026-01-01',
    ]);
    expect(compareIsoDate('2025-01-01', '2025-01-01')).toBe(0);
  });

  it('rejects unpadded dates instead of mis-ordering them', () => {
    expect(() => compareIsoDate('2025-9-1', '2025-10-01')).toThrow(RangeError);
  });

  it('matches the order of epoch days (property)', () => {
    fc.assert(
      fc.property(epochDays, epochDays, (a, b) => {
        expect(compareIsoDate(fromEpochDay(a), fromEpochDay(b))).toBe(Math.sign(a - b));
      }),
    );
  });
});
