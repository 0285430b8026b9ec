import { describe, expect, it } from 'vitest';
import { blockingProblems, checkArrangement, sortRows, summarizeArrangement } from './calendar.js';

describe('checkArrangement', () => {
  it('flags missing dates, other years and duplicates as blocking', () => {
    const p = checkArrangement(2027, [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '', kind: 'holiday', name: null },
      { date: '2026-12-31', kind: 'holiday', name: null },
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ]);
    expect(p.get(0)).toBeUndefined();
    expect(p.get(1)).toEqual(['missing_date']);
    expect(p.get(2)).toEqual(['wrong_year']);
    expect(p.get(3)).toEqual(['duplicate']);
  });

  it('refuses a make-up working day that is not a weekend', () => {
    const p = checkArrangement(2026, [
      { date: '2026-02-14', kind: 'workday', name: '春节' }, // Saturday
      { date: '2026-02-16', kind: 'workday', name: '春节' }, // Monday
    ]);
    expect(p.get(0)).toBeUndefined();
    expect(p.get(1)).toEqual(['workday_not_weekend']);
    expect(blockingProblems).toContain('workday_not_weekend');
  });
});

describe('summarizeArrangement', () => {
  it('groups by holiday, joins consecutive days off and lists make-up days', () => {
    const days = [
      { date: '2026-09-20', kind: 'workday' as const, name: '国庆节' },
      { date: '2026-10-01', kind: 'holiday' as const, name: '国庆节' },
      { date: '2026-10-02', kind: 'holiday' as const, name: '国庆节' },
      { date: '2026-10-03', kind: 'holiday' as const, name: '国庆节' },
      { date: '2026-09-25', kind: 'holiday' as const, name: '中秋节' },
      { date: '2026-09-26', kind: 'holiday' as const, name: '中秋节' },
      { date: '2026-10-05', kind: 'holiday' as const, name: '国庆节' },
    ];
    expect(summarizeArrangement(days)).toEqual([
      { name: '中秋节', off: [['2026-09-25', '2026-09-26']], offCount: 2, workdays: [] },
      {
        name: '国庆节',
        off: [
          ['2026-10-01', '2026-10-03'],
          ['2026-10-05', '2026-10-05'],
        ],
        offCount: 4,
        workdays: ['2026-09-20'],
      },
    ]);
  });

  it('joins days across a month end and ignores rows without a date', () => {
    const g = summarizeArrangement([
      { date: '2027-01-31', kind: 'holiday', name: 'x' },
      { date: '2027-02-01', kind: 'holiday', name: 'x' },
      { date: '', kind: 'holiday', name: 'x' },
    ]);
    expect(g[0]?.off).toEqual([['2027-01-31', '2027-02-01']]);
  });

  it('sorts rows by date with empty dates last', () => {
    expect(
      sortRows([{ date: '' }, { date: '2026-05-01' }, { date: '2026-01-01' }]).map((r) => r.date),
    ).toEqual(['2026-01-01', '2026-05-01', '']);
  });
});
