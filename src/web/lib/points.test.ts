import { describe, expect, it } from 'vitest';
import {
  daysFromTo,
  entryDateBounds,
  movementOf,
  parsePointsText,
  pickQuarter,
  pickScheme,
  points2,
  quarterBounds,
  quarterOfDate,
  quartersOfYear,
  recentWeeks,
  signedPoints,
} from './points.js';

describe('points2', () => {
  it('prints hundredths with exactly two decimals, as boards do', () => {
    expect(points2(8595)).toBe('85.95');
    expect(points2(8500)).toBe('85.00');
    expect(points2(5)).toBe('0.05');
    expect(points2(0)).toBe('0.00');
    expect(points2(-250)).toBe('-2.50');
    expect(points2(null)).toBe('—');
    expect(points2(undefined)).toBe('—');
  });

  it('signs an entry by its direction', () => {
    expect(signedPoints(200, 'bonus')).toBe('+2.00');
    expect(signedPoints(150, 'deduction')).toBe('-1.50');
  });
});

describe('parsePointsText', () => {
  it('reads decimals typed by a person without floats', () => {
    expect(parsePointsText('1.5')).toBe(150);
    expect(parsePointsText(' 0.25 ')).toBe(25);
    expect(parsePointsText('60')).toBe(6000);
    expect(parsePointsText(2)).toBe(200);
  });

  it('refuses what it would have to guess', () => {
    expect(parsePointsText('1.555')).toBeNull();
    expect(parsePointsText('1,5')).toBeNull();
    expect(parsePointsText('')).toBeNull();
    expect(parsePointsText(null)).toBeNull();
    expect(parsePointsText('abc')).toBeNull();
  });
});

describe('quarters and weeks', () => {
  it('names the quarters of a year and of a date', () => {
    expect(quartersOfYear(2026)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(quarterOfDate('2026-11-24')).toBe('2026-Q4');
    expect(quarterOfDate('2026-03-31')).toBe('2026-Q1');
    expect(quarterBounds('2026-Q2')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(() => quarterBounds('2026-Q5')).toThrow(RangeError);
  });

  it('lists recent ISO weeks newest first, across a year boundary', () => {
    const w = recentWeeks('2026-01-07', 3);
    expect(w.map((x) => x.key)).toEqual(['2026-W02', '2026-W01', '2025-W52']);
    expect(w[0]).toEqual({ key: '2026-W02', start: '2026-01-05', end: '2026-01-11' });
  });

  it('counts days between dates', () => {
    expect(daysFromTo('2026-04-04', '2026-04-14')).toBe(10);
    expect(daysFromTo('2026-04-14', '2026-04-04')).toBe(-10);
  });
});

describe('movementOf', () => {
  it('reads last rank − this rank: positive moved up', () => {
    expect(movementOf(3)).toEqual({ dir: 'up', n: 3 });
    expect(movementOf(-2)).toEqual({ dir: 'down', n: 2 });
    expect(movementOf(0)).toEqual({ dir: 'same', n: 0 });
    expect(movementOf(null)).toEqual({ dir: 'new', n: 0 });
  });
});

describe('pickScheme and pickQuarter', () => {
  const schemes = [
    { id: 1, year: 2025, currentVersion: 2 },
    { id: 2, year: 2026, currentVersion: 1 },
    { id: 3, year: 2027, currentVersion: null },
  ];

  it("opens the asked scheme, else this year's adopted one", () => {
    expect(pickScheme(schemes, 3, 2026)?.id).toBe(3);
    expect(pickScheme(schemes, 99, 2026)?.id).toBe(2);
    expect(pickScheme(schemes, null, 2030)?.id).toBe(2);
    expect(pickScheme([], null, 2026)).toBeUndefined();
  });

  it('opens the latest published quarter, else the running one', () => {
    const qs = [
      { quarter: '2026-Q1', state: 'published' as const },
      { quarter: '2026-Q2', state: 'published' as const },
      { quarter: '2026-Q3', state: 'closed' as const },
      { quarter: '2026-Q4', state: 'open' as const },
    ];
    expect(pickQuarter(2026, qs, null, '2026-11-24')).toBe('2026-Q2');
    expect(pickQuarter(2026, qs, '2026-Q3', '2026-11-24')).toBe('2026-Q3');
    expect(pickQuarter(2026, qs, '2025-Q3', '2026-11-24')).toBe('2026-Q2');
    expect(pickQuarter(2026, [], null, '2026-11-24')).toBe('2026-Q4');
    expect(pickQuarter(2025, [], null, '2026-11-24')).toBe('2025-Q4');
    expect(pickQuarter(2027, [], null, '2026-11-24')).toBe('2027-Q1');
  });
});

describe('entryDateBounds', () => {
  it("allows the scheme's year up to the server's today", () => {
    expect(entryDateBounds(2026, '2026-12-07')).toEqual({ min: '2026-01-01', max: '2026-12-07' });
    // Last year's scheme: the whole year; next year's: nothing yet (max before min).
    expect(entryDateBounds(2025, '2026-12-07')).toEqual({ min: '2025-01-01', max: '2025-12-31' });
    const ahead = entryDateBounds(2027, '2026-12-07');
    expect(ahead.max < ahead.min).toBe(true);
  });
});
