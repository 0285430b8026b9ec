import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareIsoDate, dayOfWeek, fromEpochDay, type IsoDate, toEpochDay } from './dates.js';
import { createHolidayCalendar, libraryKnowsYear } from './holiday-library.js';
import { monthRange, periodOf, yearRange } from './periods.js';
import {
  addWorkingDays,
  calendarKnowsYear,
  dayInfo,
  firstWorkingDaysOfMonth,
  type HolidayOverride,
  holidaysOfYear,
  isWorkingDay,
  lastWorkingDayOfMonth,
  nthWorkingDayOfMonth,
  overridesForYear,
  unknownYearsBetween,
  workingDaysBetween,
  workingDaysOfMonth,
} from './working-days.js';

/** Every date from `start` to `end`, inclusive. */
function days(start: IsoDate, end: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = start; compareIsoDate(d, end) <= 0; d = addDays(d, 1)) out.push(d);
  return out;
}

const library = createHolidayCalendar();

/**
 * The official arrangements, transcribed from the State Council notices (not from tyme4ts):
 * 国务院办公厅关于2024/2025/2026年部分节假日安排的通知, issued 2023-10-25, 2024-11-12 (国办发明电〔2024〕12号)
 * and 2025-11-04.
 * `off` lists every day of each 放假 block, weekend days included, as the notices state them.
 */
const NOTICES = {
  2024: {
    off: [
      '2024-01-01',
      ...days('2024-02-10', '2024-02-17'),
      ...days('2024-04-04', '2024-04-06'),
      ...days('2024-05-01', '2024-05-05'),
      // 端午: "6月10日（周一）放假，与周末连休" — tyme4ts lists the weekend 6/8–6/9 too.
      ...days('2024-06-08', '2024-06-10'),
      // 中秋: "9月15日至17日放假调休".
      ...days('2024-09-15', '2024-09-17'),
      ...days('2024-10-01', '2024-10-07'),
    ],
    work: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  2025: {
    off: [
      '2025-01-01',
      ...days('2025-01-28', '2025-02-04'),
      ...days('2025-04-04', '2025-04-06'),
      ...days('2025-05-01', '2025-05-05'),
      ...days('2025-05-31', '2025-06-02'),
      ...days('2025-10-01', '2025-10-08'),
    ],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    off: [
      ...days('2026-01-01', '2026-01-03'),
      ...days('2026-02-15', '2026-02-23'),
      ...days('2026-04-04', '2026-04-06'),
      ...days('2026-05-01', '2026-05-05'),
      ...days('2026-06-19', '2026-06-21'),
      ...days('2026-09-25', '2026-09-27'),
      ...days('2026-10-01', '2026-10-07'),
    ],
    work: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
} as const;

describe('the library arrangement matches the State Council notices', () => {
  it.each([2024, 2025, 2026] as const)('%i: holidays and make-up working days', (year) => {
    const notice = NOTICES[year];
    const arrangement = holidaysOfYear(library, year);
    expect(arrangement.filter((d) => !d.working).map((d) => d.date)).toEqual(notice.off);
    expect(arrangement.filter((d) => d.working).map((d) => d.date)).toEqual(notice.work);
    expect(arrangement.every((d) => d.source === 'library')).toBe(true);
    // Make-up working days are always weekend days; weekdays of a block are days off.
    for (const date of notice.work) expect(dayOfWeek(date)).toBeGreaterThanOrEqual(6);
  });

  it.each([
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('%i has %i working days (261–262 weekdays − weekday holidays + make-up days)', (year, expected) => {
    const { start, end } = yearRange(year);
    expect(workingDaysBetween(library, start, end)).toBe(expected);
  });

  it('names each day with its festival', () => {
    const names = (year: number) =>
      new Map(holidaysOfYear(library, year).map((d) => [d.date, d.holidayName]));
    const y2025 = names(2025);
    expect(y2025.get('2025-01-01')).toBe('元旦');
    expect(y2025.get('2025-01-26')).toBe('春节');
    expect(y2025.get('2025-02-08')).toBe('春节');
    expect(y2025.get('2025-04-04')).toBe('清明节');
    expect(y2025.get('2025-04-27')).toBe('劳动节');
    expect(y2025.get('2025-05-31')).toBe('端午节');
    expect(y2025.get('2025-09-28')).toBe('国庆中秋');
    expect(y2025.get('2025-10-08')).toBe('国庆中秋');
    const y2026 = names(2026);
    expect(y2026.get('2026-01-04')).toBe('元旦');
    expect(y2026.get('2026-02-28')).toBe('春节');
    expect(y2026.get('2026-09-25')).toBe('中秋节');
    expect(y2026.get('2026-09-20')).toBe('国庆节');
    expect(y2026.get('2026-10-07')).toBe('国庆节');
  });

  it('knows 2002–2026 and not years outside its data', () => {
    expect(libraryKnowsYear(2002)).toBe(true);
    expect(libraryKnowsYear(2025)).toBe(true);
    expect(libraryKnowsYear(2026)).toBe(true);
    expect(libraryKnowsYear(2000)).toBe(false);
    expect(libraryKnowsYear(2100)).toBe(false);
    expect(calendarKnowsYear(library, 2100)).toBe(false);
  });
});

describe('dayInfo', () => {
  it('explains each kind of day', () => {
    expect(dayInfo(library, '2025-01-26')).toEqual({
      date: '2025-01-26',
      working: true,
      reason: 'makeup_workday',
      holidayName: '春节',
      source: 'library',
    });
    expect(dayInfo(library, '2025-01-28')).toEqual({
      date: '2025-01-28',
      working: false,
      reason: 'holiday',
      holidayName: '春节',
      source: 'library',
    });
    expect(dayInfo(library, '2025-01-27')).toEqual({
      date: '2025-01-27',
      working: true,
      reason: 'weekday',
      source: 'library',
    });
    expect(dayInfo(library, '2025-01-25')).toEqual({
      date: '2025-01-25',
      working: false,
      reason: 'weekend',
      source: 'library',
    });
  });

  it('reports a weekend day inside a holiday block as a holiday', () => {
    expect(dayInfo(library, '2025-04-05')).toMatchObject({
      working: false,
      reason: 'holiday',
      holidayName: '清明节',
    });
  });

  it('treats a year nobody knows by the Monday–Friday rule', () => {
    expect(dayInfo(library, '2100-01-01')).toEqual({
      date: '2100-01-01',
      working: true,
      reason: 'weekday',
      source: 'library',
    });
    expect(isWorkingDay(library, '2100-01-02')).toBe(false); // Saturday
  });

  it('rejects an invalid date', () => {
    expect(() => dayInfo(library, '2025-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay(library, '2025-2-3')).toThrow(RangeError);
  });
});

describe('month deadlines', () => {
  it.each([
    [2025, 1, '2025-01-27'], // Jan 28–31 are 春节
    [2025, 5, '2025-05-30'], // Sat May 31 is 端午
    [2025, 9, '2025-09-30'], // Tue; Sun Sep 28 is also worked (make-up)
    [2025, 11, '2025-11-28'], // Nov 29–30 weekend
    [2025, 12, '2025-12-31'],
    [2026, 1, '2026-01-30'], // Sat Jan 31
    [2026, 2, '2026-02-28'], // a Saturday make-up day is the last working day
    [2026, 5, '2026-05-29'],
    [2026, 9, '2026-09-30'],
    [2026, 10, '2026-10-30'], // Sat Oct 31
  ])('last working day of %i-%i is %s', (year, month, expected) => {
    expect(lastWorkingDayOfMonth(library, year, month)).toBe(expected);
    expect(isWorkingDay(library, expected)).toBe(true);
  });

  it('September 2025 has 23 working days including the Sunday make-up day', () => {
    const sept = workingDaysOfMonth(library, 2025, 9);
    expect(sept).toHaveLength(23);
    expect(sept).toContain('2025-09-28');
  });

  it('the first 5 working days of October 2025 start after the 8-day break', () => {
    expect(firstWorkingDaysOfMonth(library, 2025, 10, 5)).toEqual([
      '2025-10-09',
      '2025-10-10',
      '2025-10-11', // Saturday make-up day
      '2025-10-13',
      '2025-10-14',
    ]);
    expect(nthWorkingDayOfMonth(library, 2025, 10, 5)).toBe('2025-10-14');
    expect(nthWorkingDayOfMonth(library, 2025, 10, 1)).toBe('2025-10-09');
    expect(workingDaysOfMonth(library, 2025, 10)).toHaveLength(18);
  });

  it.each([
    [2026, 10, '2026-10-13'], // Oct 8, 9, 10 (Sat make-up), 12, 13
    [2025, 2, '2025-02-10'], // Feb 5, 6, 7, 8 (Sat make-up), 10
    [2026, 3, '2026-03-06'], // an ordinary month
    [2026, 1, '2026-01-08'], // Jan 4 (Sun make-up), 5, 6, 7, 8
  ])('the 5th working day of %i-%i is %s', (year, month, expected) => {
    expect(nthWorkingDayOfMonth(library, year, month, 5)).toBe(expected);
  });

  it('rejects n < 1 and n beyond the month', () => {
    expect(() => nthWorkingDayOfMonth(library, 2025, 10, 0)).toThrow(RangeError);
    expect(() => nthWorkingDayOfMonth(library, 2025, 10, 19)).toThrow(RangeError);
    expect(() => firstWorkingDaysOfMonth(library, 2025, 10, 1.5)).toThrow(RangeError);
  });

  it('throws when an override leaves a month without working days', () => {
    const march2027Off = workingDaysOfMonth(library, 2027, 3).map(
      (date): HolidayOverride => ({ date, kind: 'holiday', name: '测试' }),
    );
    const cal = createHolidayCalendar(march2027Off);
    expect(() => lastWorkingDayOfMonth(cal, 2027, 3)).toThrow(RangeError);
    expect(() => nthWorkingDayOfMonth(cal, 2027, 3, 1)).toThrow(RangeError);
  });

  it('the nth working day of a month is n working days after the previous month end (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2024, max: 2027 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 10 }),
        (year, month, n) => {
          const dayBefore = addDays(monthRange(year, month).start, -1);
          expect(nthWorkingDayOfMonth(library, year, month, n)).toBe(addWorkingDays(library, dayBefore, n));
          const last = lastWorkingDayOfMonth(library, year, month);
          expect(periodOf(addWorkingDays(library, last, 1)).month).not.toBe(month);
        },
      ),
    );
  });
});

describe('addWorkingDays', () => {
  it('skips the 2025 Spring Festival and counts its make-up days', () => {
    expect(addWorkingDays(library, '2025-01-24', 1)).toBe('2025-01-26'); // Fri → Sun make-up
    expect(addWorkingDays(library, '2025-01-24', 2)).toBe('2025-01-27');
    expect(addWorkingDays(library, '2025-01-24', 3)).toBe('2025-02-05'); // after Jan 28 – Feb 4
    expect(addWorkingDays(library, '2025-01-27', 1)).toBe('2025-02-05');
    expect(addWorkingDays(library, '2025-02-05', 3)).toBe('2025-02-08'); // Feb 6, 7, 8 (Sat make-up)
    expect(addWorkingDays(library, '2025-02-05', 4)).toBe('2025-02-10'); // Sun Feb 9 is off
  });

  it('skips the 2026 Spring Festival', () => {
    expect(addWorkingDays(library, '2026-02-13', 1)).toBe('2026-02-14'); // Sat make-up
    expect(addWorkingDays(library, '2026-02-13', 2)).toBe('2026-02-24'); // after Feb 15–23
  });

  it('counts backwards for negative n', () => {
    expect(addWorkingDays(library, '2025-02-05', -1)).toBe('2025-01-27');
    expect(addWorkingDays(library, '2025-02-05', -2)).toBe('2025-01-26');
    expect(addWorkingDays(library, '2025-02-05', -3)).toBe('2025-01-24');
    expect(addWorkingDays(library, '2025-10-09', -1)).toBe('2025-09-30');
  });

  it('n = 0 keeps a working day and rolls a day off forward', () => {
    expect(addWorkingDays(library, '2025-01-27', 0)).toBe('2025-01-27');
    expect(addWorkingDays(library, '2025-09-28', 0)).toBe('2025-09-28'); // Sunday make-up
    expect(addWorkingDays(library, '2025-01-30', 0)).toBe('2025-02-05');
    expect(addWorkingDays(library, '2025-10-04', 0)).toBe('2025-10-09');
  });

  it('spans a whole year: 248 working days after 2024-12-31 is 2025-12-31', () => {
    expect(addWorkingDays(library, '2024-12-31', 248)).toBe('2025-12-31');
  });

  it('rejects a fractional count', () => {
    expect(() => addWorkingDays(library, '2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts both ends', () => {
    expect(workingDaysBetween(library, '2025-10-01', '2025-10-31')).toBe(18);
    expect(workingDaysBetween(library, '2025-10-09', '2025-10-09')).toBe(1);
    expect(workingDaysBetween(library, '2025-10-01', '2025-10-08')).toBe(0);
    expect(workingDaysBetween(library, '2025-09-27', '2025-09-28')).toBe(1); // Sat off, Sun make-up
  });

  it('is 0 for a reversed range', () => {
    expect(workingDaysBetween(library, '2025-10-31', '2025-10-01')).toBe(0);
  });
});

describe('administrator overrides', () => {
  // A hypothetical arrangement for 2027 as an administrator might enter it before the library
  // has the real notice; these dates are test data, not the official 2027 arrangement.
  const hypothetical2027: HolidayOverride[] = [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ...days('2027-02-05', '2027-02-11').map(
      (date): HolidayOverride => ({ date, kind: 'holiday', name: '春节' }),
    ),
    { date: '2027-02-20', kind: 'workday', name: '春节' },
  ];
  const cal = createHolidayCalendar(hypothetical2027);

  it('supplies a year the library does not know', () => {
    expect(calendarKnowsYear(cal, 2027)).toBe(true);
    expect(dayInfo(cal, '2027-02-08')).toEqual({
      date: '2027-02-08',
      working: false,
      reason: 'holiday',
      holidayName: '春节',
      source: 'override',
    });
    expect(dayInfo(cal, '2027-02-20')).toMatchObject({
      working: true,
      reason: 'makeup_workday',
      source: 'override',
    });
    expect(dayInfo(cal, '2027-02-15')).toEqual({
      date: '2027-02-15',
      working: true,
      reason: 'weekday',
      source: 'override',
    });
    expect(dayInfo(cal, '2027-02-13')).toMatchObject({
      working: false,
      reason: 'weekend',
      source: 'override',
    });
    expect(addWorkingDays(cal, '2027-02-04', 1)).toBe('2027-02-12');
    expect(holidaysOfYear(cal, 2027).map((d) => d.date)).toEqual(hypothetical2027.map((o) => o.date));
  });

  it('leaves the other years to the library', () => {
    expect(dayInfo(cal, '2026-02-16')).toMatchObject({
      working: false,
      reason: 'holiday',
      source: 'library',
    });
    expect(holidaysOfYear(cal, 2026)).toEqual(holidaysOfYear(library, 2026));
  });

  it('replaces the library for the whole year as soon as one override is dated in it', () => {
    const corrected = createHolidayCalendar([{ date: '2025-12-31', kind: 'holiday', name: '测试' }]);
    // The library's 2025 Spring Festival no longer applies: the override year is all there is.
    expect(dayInfo(corrected, '2025-01-28')).toEqual({
      date: '2025-01-28',
      working: true,
      reason: 'weekday',
      source: 'override',
    });
    expect(isWorkingDay(corrected, '2025-01-26')).toBe(false); // Sunday, no longer a make-up day
    expect(isWorkingDay(corrected, '2025-12-31')).toBe(false);
    expect(holidaysOfYear(corrected, 2025)).toEqual([
      { date: '2025-12-31', working: false, reason: 'holiday', holidayName: '测试', source: 'override' },
    ]);
    expect(isWorkingDay(corrected, '2026-01-02')).toBe(false); // 2026 still from the library
  });

  it('keys the replacement by the calendar year of each date', () => {
    // An entry in late December belongs to that year, not to the next year's notice.
    const cal2 = createHolidayCalendar([{ date: '2026-12-31', kind: 'workday' }]);
    expect(dayInfo(cal2, '2026-10-01').source).toBe('override');
    expect(isWorkingDay(cal2, '2026-10-01')).toBe(true); // the library's National Day is gone
    expect(cal2.overrideYears).toEqual([2026]);
  });

  it('a holiday override makes a weekday a day off; a workday override makes a weekend day worked', () => {
    const c = createHolidayCalendar([
      { date: '2027-03-03', kind: 'holiday' }, // Wednesday
      { date: '2027-03-06', kind: 'workday' }, // Saturday
      { date: '2027-03-04', kind: 'workday' }, // Thursday: no change
    ]);
    expect(dayInfo(c, '2027-03-03')).toEqual({
      date: '2027-03-03',
      working: false,
      reason: 'holiday',
      source: 'override',
    });
    expect(dayInfo(c, '2027-03-06')).toMatchObject({ working: true, reason: 'makeup_workday' });
    expect(dayInfo(c, '2027-03-04')).toMatchObject({ working: true, reason: 'weekday' });
    expect(holidaysOfYear(c, 2027).map((d) => d.date)).toEqual(['2027-03-03', '2027-03-06']);
  });

  it('copying a library year as overrides reproduces it exactly, for every year the library knows', () => {
    for (let year = 2001; year <= 2026; year += 1) {
      const copy = createHolidayCalendar(overridesForYear(library, year));
      for (const date of days(`${year}-01-01`, `${year}-12-31`)) {
        const { source: _a, ...fromLibrary } = dayInfo(library, date);
        const { source: _b, ...fromCopy } = dayInfo(copy, date);
        expect(fromCopy).toEqual(fromLibrary);
      }
    }
  });

  it('validates and normalises its input', () => {
    expect(() => createHolidayCalendar([{ date: '2027-02-30', kind: 'holiday' }])).toThrow(RangeError);
    expect(() =>
      createHolidayCalendar([
        { date: '2027-01-01', kind: 'holiday' },
        { date: '2027-01-01', kind: 'workday' },
      ]),
    ).toThrow(RangeError);
    const unknownKind = { date: '2027-01-01', kind: 'vacation' } as unknown as HolidayOverride;
    expect(() => createHolidayCalendar([unknownKind])).toThrow(RangeError);

    const c = createHolidayCalendar([
      { date: '2028-01-03', kind: 'holiday', name: '  ' },
      { date: '2027-12-31', kind: 'holiday', name: ' 元旦 ' },
    ]);
    expect(c.overrides).toEqual([
      { date: '2027-12-31', kind: 'holiday', name: '元旦' },
      { date: '2028-01-03', kind: 'holiday' },
    ]);
    expect(c.overrideYears).toEqual([2027, 2028]);
    expect(dayInfo(c, '2028-01-03')).not.toHaveProperty('holidayName');
  });
});

describe('unknownYearsBetween: deadlines that rely on a year nobody has entered', () => {
  it('names 2027 for a span reaching into it while neither the library nor an admin knows it', () => {
    const cal = createHolidayCalendar();
    expect(libraryKnowsYear(2027)).toBe(false);
    // New Year's Day 2027 is counted as a working day: the deadline may be wrong.
    expect(isWorkingDay(cal, '2027-01-01')).toBe(true);
    expect(unknownYearsBetween(cal, '2026-12-01', '2027-01-08')).toEqual([2027]);
    expect(unknownYearsBetween(cal, '2026-12-01', '2026-12-31')).toEqual([]);
    expect(unknownYearsBetween(cal, '2025-03-01', '2026-02-01')).toEqual([]);
    expect(unknownYearsBetween(cal, '2027-12-20', '2028-01-10')).toEqual([2027, 2028]);
  });

  it('an admin-entered year is known; the order of the two dates does not matter', () => {
    const cal = createHolidayCalendar([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    expect(unknownYearsBetween(cal, '2026-12-01', '2027-01-08')).toEqual([]);
    expect(unknownYearsBetween(cal, '2028-01-08', '2027-12-01')).toEqual([2028]);
  });
});

describe('working-day properties', () => {
  const kinds = fc.constantFrom('holiday' as const, 'workday' as const);
  /** Random calendars: the library, plus random override entries for 2027. */
  const calendars = fc
    .uniqueArray(fc.record({ offset: fc.integer({ min: 0, max: 364 }), kind: kinds }), {
      selector: (o) => o.offset,
      maxLength: 60,
    })
    .map((entries) =>
      createHolidayCalendar(
        entries.map(({ offset, kind }) => ({ date: addDays('2027-01-01', offset), kind })),
      ),
    );
  const dates = fc
    .integer({ min: toEpochDay('2024-01-01'), max: toEpochDay('2027-12-31') })
    .map(fromEpochDay);

  it('addWorkingDays(n ≥ 1) lands on a working day with exactly n working days after the start', () => {
    fc.assert(
      fc.property(calendars, dates, fc.integer({ min: 1, max: 80 }), (cal, date, n) => {
        const result = addWorkingDays(cal, date, n);
        expect(isWorkingDay(cal, result)).toBe(true);
        expect(workingDaysBetween(cal, addDays(date, 1), result)).toBe(n);
      }),
    );
  });

  it('addWorkingDays(-n) lands on a working day with exactly n working days before the start', () => {
    fc.assert(
      fc.property(calendars, dates, fc.integer({ min: 1, max: 80 }), (cal, date, n) => {
        const result = addWorkingDays(cal, date, -n);
        expect(isWorkingDay(cal, result)).toBe(true);
        expect(workingDaysBetween(cal, result, addDays(date, -1))).toBe(n);
      }),
    );
  });

  it('addWorkingDays(0) is the first working day on or after the date', () => {
    fc.assert(
      fc.property(calendars, dates, (cal, date) => {
        const result = addWorkingDays(cal, date, 0);
        expect(isWorkingDay(cal, result)).toBe(true);
        expect(compareIsoDate(date, result)).toBeLessThanOrEqual(0);
        expect(workingDaysBetween(cal, date, addDays(result, -1))).toBe(0);
      }),
    );
  });

  it('workingDaysBetween adds up over adjacent ranges', () => {
    fc.assert(
      fc.property(calendars, dates, fc.nat(400), fc.nat(400), (cal, start, a, b) => {
        const mid = addDays(start, a);
        const end = addDays(mid, b);
        expect(workingDaysBetween(cal, start, end)).toBe(
          workingDaysBetween(cal, start, mid) + workingDaysBetween(cal, addDays(mid, 1), end),
        );
      }),
    );
  });

  it('a day is working exactly when dayInfo says so, for a consistent reason', () => {
    fc.assert(
      fc.property(calendars, dates, (cal, date) => {
        const info = dayInfo(cal, date);
        expect(isWorkingDay(cal, date)).toBe(info.working);
        const weekend = dayOfWeek(date) >= 6;
        if (info.reason === 'weekday') expect(info.working && !weekend).toBe(true);
        if (info.reason === 'weekend') expect(!info.working && weekend).toBe(true);
        if (info.reason === 'makeup_workday') expect(info.working && weekend).toBe(true);
        if (info.reason === 'holiday') expect(info.working).toBe(false);
        expect(info.source).toBe(
          periodOf(date).year === 2027 && cal.overrideYears.includes(2027) ? 'override' : 'library',
        );
      }),
    );
  });
});
