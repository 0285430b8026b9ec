import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInProblem, checkInTiming, lateUntil } from './checkin.js';
import { defaultTermTasks } from './default-tasks.js';
import { cellStatus, completionPercent, termTotalsOf, totalsOf } from './matrix.js';
import {
  beijingDate,
  beijingJulianDayToIso,
  beijingMinute,
  daysLeft,
  parseBeijingMinute,
  sequenceProblem,
  type TermStart,
  termNames,
  termWindows,
  windowAt,
} from './terms.js';

const start = (position: number, startsAt: string): TermStart => ({
  position,
  name: termNames[position] as TermStart['name'],
  startsAt,
});
// A synthetic year: term i starts on day 1 + 15 i of 2026 at 00:00 UTC.
const synthetic = termNames.map((_, i) => start(i, new Date(Date.UTC(2026, 0, 1 + 15 * i)).toISOString()));
const closes = new Date(Date.UTC(2026, 0, 1 + 15 * 24)).toISOString();

describe('instants and Beijing time', () => {
  it('converts a Julian day counted in Beijing time, rounding half a minute up', () => {
    // JD 2461075.5 is 2026-02-04 00:00 Beijing.
    expect(beijingMinute(beijingJulianDayToIso(2461075.5))).toBe('2026-02-04 00:00');
    expect(beijingJulianDayToIso(2461075.5)).toBe('2026-02-03T16:00:00.000Z');
    expect(beijingMinute(beijingJulianDayToIso(2461075.5 + 29.9 / 86400))).toBe('2026-02-04 00:00');
    expect(beijingMinute(beijingJulianDayToIso(2461075.5 + 30.1 / 86400))).toBe('2026-02-04 00:01');
  });

  it('reads a Beijing minute back, and refuses what is not one', () => {
    expect(parseBeijingMinute('2026-02-04 04:02')).toBe('2026-02-03T20:02:00.000Z');
    expect(parseBeijingMinute('2026-02-04T04:02')).toBe('2026-02-03T20:02:00.000Z');
    expect(parseBeijingMinute('2026-02-30 04:02')).toBeUndefined();
    expect(parseBeijingMinute('2026-02-04 24:00')).toBeUndefined();
    expect(parseBeijingMinute('04:02')).toBeUndefined();
  });

  it('round-trips any minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * 365 * 1440 }), (m) => {
        const iso = new Date(Date.UTC(2000, 0, 1) + m * 60_000).toISOString();
        expect(parseBeijingMinute(beijingMinute(iso))).toBe(iso);
      }),
    );
  });

  it('dates an instant by Beijing’s calendar', () => {
    expect(beijingDate('2026-12-21T20:50:00.000Z')).toBe('2026-12-22');
    expect(beijingDate('2026-12-21T15:59:00.000Z')).toBe('2026-12-21');
  });
});

describe('windows', () => {
  it('runs each window from its term’s start to the next term’s start, the last to the close', () => {
    const w = termWindows(synthetic, closes);
    expect(w[0]?.endsAt).toBe(synthetic[1]?.startsAt);
    expect(w[23]?.endsAt).toBe(closes);
    expect(windowAt(w, synthetic[5]?.startsAt ?? '')?.position).toBe(5);
    expect(windowAt(w, new Date(Date.parse(synthetic[6]?.startsAt ?? '') - 1).toISOString())?.position).toBe(
      5,
    );
    expect(windowAt(w, '2025-12-31T00:00:00.000Z')).toBeUndefined();
    expect(windowAt(w, closes)).toBeUndefined();
  });

  it('refuses a table out of order, short, or misnamed', () => {
    const swapped = synthetic.map((s, i) => (i === 3 ? { ...s, startsAt: synthetic[2]?.startsAt ?? '' } : s));
    expect(sequenceProblem(swapped, closes)).toMatch(/term 3/);
    expect(sequenceProblem(synthetic.slice(1), closes)).toMatch(/expected 24/);
    expect(sequenceProblem(synthetic, synthetic[23]?.startsAt ?? '')).toMatch(/term 24/);
    expect(
      sequenceProblem(
        synthetic.map((s) => ({ ...s, position: 0 })),
        closes,
      ),
    ).toMatch(/out of place/);
    expect(() => termWindows(swapped, closes)).toThrow(RangeError);
  });

  it('counts the days left to the window’s last day', () => {
    // 冬至 2026-12-22 04:50 ends the 大雪 window.
    expect(daysLeft('2026-12-07', '2026-12-21T20:50:00.000Z')).toBe(15);
    expect(daysLeft('2026-12-22', '2026-12-21T20:50:00.000Z')).toBe(0);
    expect(daysLeft('2026-12-30', '2026-12-21T20:50:00.000Z')).toBe(0);
  });
});

describe('check-in timing', () => {
  const w = { startsAt: '2026-02-03T20:02:00.000Z', endsAt: '2026-02-18T15:52:00.000Z' };
  it('is on time inside the window, late for one more window’s length, refused otherwise', () => {
    expect(checkInTiming(w, '2026-02-03T20:01:59.999Z')).toBe('not_open');
    expect(checkInTiming(w, w.startsAt)).toBe('on_time');
    expect(checkInTiming(w, '2026-02-18T15:51:59.999Z')).toBe('on_time');
    expect(checkInTiming(w, w.endsAt)).toBe('late');
    expect(lateUntil(w)).toBe('2026-03-05T11:42:00.000Z');
    expect(checkInTiming(w, '2026-03-05T11:41:59.000Z')).toBe('late');
    expect(checkInTiming(w, '2026-03-05T11:42:00.000Z')).toBe('closed');
  });

  it('orders the four answers along time for any window', () => {
    const order = ['not_open', 'on_time', 'late', 'closed'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 60_000, max: 40 * 86_400_000 }),
        fc.integer({ min: -1e10, max: 1e10 }),
        fc.integer({ min: 0, max: 1e10 }),
        (s, len, a, d) => {
          const win = {
            startsAt: new Date(1e12 + s).toISOString(),
            endsAt: new Date(1e12 + s + len).toISOString(),
          };
          const t1 = new Date(1e12 + s + a).toISOString();
          const t2 = new Date(1e12 + s + a + d).toISOString();
          expect(order.indexOf(checkInTiming(win, t1))).toBeLessThanOrEqual(
            order.indexOf(checkInTiming(win, t2)),
          );
        },
      ),
    );
  });

  it('asks for evidence only where the task requires it, and always for a note', () => {
    expect(checkInProblem({ evidenceRequired: false }, { note: '已完成', evidenceCount: 0 })).toBeUndefined();
    expect(checkInProblem({ evidenceRequired: true }, { note: '已完成', evidenceCount: 0 })).toBe(
      'evidence_required',
    );
    expect(checkInProblem({ evidenceRequired: true }, { note: '已完成', evidenceCount: 1 })).toBeUndefined();
    expect(checkInProblem({ evidenceRequired: false }, { note: '  ', evidenceCount: 3 })).toBe(
      'note_missing',
    );
  });
});

describe('matrix cells and totals', () => {
  const w = { endsAt: '2026-02-18T15:52:00.000Z' };
  const before = '2026-02-10T00:00:00.000Z';
  const after = '2026-02-20T00:00:00.000Z';
  it('gives each of the five statuses', () => {
    expect(cellStatus({ assigned: 0, onTime: 0, late: 0 }, w, before)).toBe('not_assigned');
    expect(cellStatus({ assigned: 2, onTime: 2, late: 0 }, w, after)).toBe('done');
    expect(cellStatus({ assigned: 2, onTime: 1, late: 1 }, w, after)).toBe('late');
    expect(cellStatus({ assigned: 2, onTime: 1, late: 0 }, w, after)).toBe('missing');
    expect(cellStatus({ assigned: 2, onTime: 1, late: 0 }, w, before)).toBe('open');
    expect(cellStatus({ assigned: 1, onTime: 0, late: 0 }, w, w.endsAt)).toBe('missing');
  });

  it('term totals from aggregates equal the totals of the cells', () => {
    const cell = fc.record({
      assigned: fc.integer({ min: 0, max: 3 }),
      done: fc.integer({ min: 0, max: 3 }),
      late: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), fc.boolean(), (raw, passed) => {
        const cells = raw.map((c) => {
          const done = Math.min(c.done, c.assigned);
          const late = c.late && done > 0 ? 1 : 0;
          return { assigned: c.assigned, onTime: done - late, late };
        });
        const now = passed ? after : before;
        const byCells = totalsOf(cells.map((c) => cellStatus(c, w, now)));
        const assigned = cells.filter((c) => c.assigned > 0);
        const complete = assigned.filter((c) => c.onTime + c.late >= c.assigned);
        const byCounts = termTotalsOf(
          {
            orgs: cells.length,
            complete: complete.filter((c) => c.late === 0).length,
            completeLate: complete.filter((c) => c.late > 0).length,
            incomplete: assigned.length - complete.length,
          },
          w,
          now,
        );
        expect(byCounts).toEqual(byCells);
      }),
    );
  });

  it('rounds the completion share half up and has none without assignments', () => {
    expect(completionPercent({ done: 1, late: 0, missing: 1, open: 0, not_assigned: 5 })).toBe(50);
    expect(completionPercent({ done: 2, late: 0, missing: 1, open: 0, not_assigned: 0 })).toBe(67);
    expect(completionPercent({ done: 1, late: 0, missing: 7, open: 0, not_assigned: 0 })).toBe(13);
    expect(completionPercent({ done: 0, late: 0, missing: 0, open: 0, not_assigned: 3 })).toBeNull();
  });
});

describe('default tasks', () => {
  it('has one or two tasks for every term, with the ones the bureau asks for', () => {
    for (let p = 0; p < 24; p += 1) {
      const n = defaultTermTasks.filter((t) => t.position === p).length;
      expect(n, termNames[p]).toBeGreaterThanOrEqual(1);
      expect(n, termNames[p]).toBeLessThanOrEqual(2);
    }
    const titles = (name: string) =>
      defaultTermTasks.filter((t) => termNames[t.position] === name).map((t) => t.title);
    expect(titles('立春')).toContain('年度党建工作计划');
    expect(titles('清明')).toContain('革命传统教育');
    expect(titles('芒种')).toContain('安全生产先锋行动');
    expect(titles('冬至')).toContain('年度述职评议准备');
  });
});
