import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  beijingDateOf,
  bucketByWeek,
  isOverdue,
  overdueBefore,
  parseInstant,
  reviewAt,
  reviewWeekKey,
  waitingDays,
} from './review.js';

describe('isOverdue', () => {
  const submitted = '2026-03-02T01:00:00Z'; // Monday 09:00 in Beijing

  it('flags an entry waiting longer than 7 days, not one waiting exactly 7', () => {
    expect(isOverdue(submitted, '2026-03-09T00:59:59Z')).toBe(false);
    expect(isOverdue(submitted, '2026-03-09T01:00:00Z')).toBe(false);
    expect(isOverdue(submitted, '2026-03-09T01:00:00.001Z')).toBe(true);
  });

  it('takes the scheme’s number of days', () => {
    expect(isOverdue(submitted, '2026-03-05T01:00:01Z', 3)).toBe(true);
    expect(isOverdue(submitted, '2026-03-05T01:00:01Z', 7)).toBe(false);
  });

  it('reads instants in any zone the same way', () => {
    expect(isOverdue('2026-03-02T09:00:00+08:00', '2026-03-09T09:00:01+08:00')).toBe(true);
    expect(isOverdue('2026-03-02T09:00:00+08:00', '2026-03-09T01:00:00Z')).toBe(false);
  });

  it('refuses an instant without a zone, which the host would read in its own zone', () => {
    expect(() => isOverdue('2026-03-02T09:00:00', '2026-03-09T09:00:00Z')).toThrow(RangeError);
    expect(() => isOverdue('2026-03-02', '2026-03-09T09:00:00Z')).toThrow(RangeError);
    expect(() => parseInstant('not a time')).toThrow(RangeError);
    expect(() => isOverdue(submitted, submitted, -1)).toThrow(RangeError);
  });

  it('agrees with waitingDays: overdue exactly when more than 7 whole days have passed, or 7 and a bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 86_400_000 }), (elapsed) => {
        const start = Date.parse(submitted);
        const now = new Date(start + elapsed).toISOString();
        expect(isOverdue(submitted, now)).toBe(elapsed > 7 * 86_400_000);
        expect(waitingDays(submitted, now)).toBe(Math.floor(elapsed / 86_400_000));
      }),
    );
  });
});

describe('overdueBefore', () => {
  it('is the query form of isOverdue: submitted before the cutoff ⇔ overdue, for any setting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        fc.integer({ min: 0, max: 30 }),
        (elapsed, days) => {
          const submitted = '2026-03-02T01:00:00.000Z';
          const now = new Date(Date.parse(submitted) + elapsed).toISOString();
          expect(submitted < overdueBefore(now, days)).toBe(isOverdue(submitted, now, days));
        },
      ),
    );
    expect(overdueBefore('2026-03-10T02:00:00.000Z', 3)).toBe('2026-03-07T02:00:00.000Z');
    expect(() => overdueBefore('2026-03-10T02:00:00.000Z', -1)).toThrow(RangeError);
  });
});

describe('waitingDays', () => {
  it('counts whole days, 0 for a clock that runs behind', () => {
    expect(waitingDays('2026-03-02T01:00:00Z', '2026-03-04T00:59:59Z')).toBe(1);
    expect(waitingDays('2026-03-02T01:00:00Z', '2026-03-01T00:00:00Z')).toBe(0);
  });
});

describe('beijingDateOf', () => {
  it('is the date in UTC+8', () => {
    expect(beijingDateOf('2026-03-31T15:59:59Z')).toBe('2026-03-31');
    expect(beijingDateOf('2026-03-31T16:00:00Z')).toBe('2026-04-01');
    expect(beijingDateOf('2026-04-01T00:30:00+08:00')).toBe('2026-04-01');
  });
});

describe('weekly buckets', () => {
  it('keys a date by its ISO week, which can belong to the previous year', () => {
    expect(reviewWeekKey('2026-03-02')).toBe('2026-W10');
    expect(reviewWeekKey('2027-01-01')).toBe('2026-W53');
    expect(reviewWeekKey('2024-12-30')).toBe('2025-W01');
  });

  it('groups rows by week, weeks in order, rows in input order', () => {
    const rows = [
      { id: 1, on: '2026-03-10' },
      { id: 2, on: '2026-03-02' },
      { id: 3, on: '2026-03-08' }, // Sunday: still week 10
      { id: 4, on: '2026-03-09' },
    ];
    expect(bucketByWeek(rows, (r) => r.on)).toEqual([
      { weekKey: '2026-W10', range: { start: '2026-03-02', end: '2026-03-08' }, rows: [rows[1], rows[2]] },
      { weekKey: '2026-W11', range: { start: '2026-03-09', end: '2026-03-15' }, rows: [rows[0], rows[3]] },
    ]);
  });

  it('puts every row in exactly one bucket whose range holds its date', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 40 }), (offsets) => {
        const rows = offsets.map((o, id) => ({
          id,
          on: new Date(Date.UTC(2025, 11, 1) + o * 86_400_000).toISOString().slice(0, 10),
        }));
        const buckets = bucketByWeek(rows, (r) => r.on);
        expect(buckets.flatMap((b) => b.rows).length).toBe(rows.length);
        for (const b of buckets)
          for (const r of b.rows) expect(r.on >= b.range.start && r.on <= b.range.end).toBe(true);
        const keys = buckets.map((b) => b.weekKey);
        expect([...keys].sort()).toEqual(keys);
      }),
    );
  });
});

describe('reviewAt', () => {
  it('answers as waitingDays and isOverdue do, for any instants and days', () => {
    const instant = fc
      .integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') })
      .chain((ms) =>
        fc.constantFrom(
          new Date(ms).toISOString(),
          new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
          new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ),
      );
    fc.assert(
      fc.property(
        instant,
        fc.array(fc.tuple(instant, fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined })), {
          maxLength: 20,
        }),
        (now, entries) => {
          const at = reviewAt(now);
          for (const [submitted, days] of entries) {
            expect(at.waitingDays(submitted)).toBe(waitingDays(submitted, now));
            expect(at.isOverdue(submitted, days)).toBe(isOverdue(submitted, now, days));
          }
        },
      ),
    );
  });

  it('refuses what the single functions refuse', () => {
    expect(() => reviewAt('2026-03-02 09:00')).toThrow(RangeError);
    expect(() => reviewAt('2026-03-02T01:00:00Z').isOverdue('2026-03-01T01:00:00Z', -1)).toThrow(RangeError);
    expect(() => reviewAt('2026-03-02T01:00:00Z').waitingDays('yesterday')).toThrow(RangeError);
  });
});
