import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, createHolidayCalendar } from '../calendar/index.js';
import { currentDue, judgedDue, milestoneStatus, onTimeRate, reportOnTime } from './milestones.js';

const cal = createHolidayCalendar();

describe('overdue across the 2026 Spring Festival (off 2026-02-15 to 02-23, 02-14 and 02-28 worked)', () => {
  const due = '2026-02-13'; // a Friday

  it('the make-up Saturday 02-14 is the first overdue working day, the holiday adds none', () => {
    expect(milestoneStatus(cal, '2026-02-14', due, false)).toMatchObject({
      phase: 'overdue',
      overdueWorkingDays: 1,
    });
    expect(milestoneStatus(cal, '2026-02-23', due, false)).toMatchObject({
      overdueWorkingDays: 1,
      escalation: 'none',
    });
  });

  it('escalates to affairs after 5 and the committee after 10 working days', () => {
    // working days after 02-13: 02-14(Sat, make-up), 02-24, 02-25, 02-26, 02-27 → 5th on 02-27
    expect(milestoneStatus(cal, '2026-02-26', due, false)).toMatchObject({
      overdueWorkingDays: 4,
      escalation: 'none',
    });
    expect(milestoneStatus(cal, '2026-02-27', due, false)).toMatchObject({
      overdueWorkingDays: 5,
      escalation: 'affairs',
    });
    // 02-28 (Sat, make-up) 6, 03-02..03-05 → 10th on 03-05
    expect(milestoneStatus(cal, '2026-03-04', due, false)).toMatchObject({
      overdueWorkingDays: 9,
      escalation: 'affairs',
    });
    expect(milestoneStatus(cal, '2026-03-05', due, false)).toMatchObject({
      overdueWorkingDays: 10,
      escalation: 'committee',
    });
  });

  it('a report stops everything', () => {
    expect(milestoneStatus(cal, '2026-03-05', due, true)).toMatchObject({
      phase: 'reported',
      escalation: 'none',
    });
  });

  it('reminds 3 working days before a due date after the break', () => {
    // due 2026-02-25 (Wed): 02-24, then 02-14 (the make-up Saturday), then 02-13 — the holiday is skipped
    const s = milestoneStatus(cal, '2026-02-13', '2026-02-25', false);
    expect(s.remindFrom).toBe('2026-02-13');
    expect(s.phase).toBe('due_soon');
    expect(milestoneStatus(cal, '2026-02-12', '2026-02-25', false).phase).toBe('open');
  });
});

describe('overdue across National Day 2026 (off 10-01 to 10-07, 09-20 and 10-10 worked)', () => {
  it('counts no holiday day as overdue', () => {
    // due 2026-09-30 (Wed); 10-08 (Thu) is the first working day after.
    expect(milestoneStatus(cal, '2026-10-07', '2026-09-30', false)).toMatchObject({ overdueWorkingDays: 0 });
    expect(milestoneStatus(cal, '2026-10-08', '2026-09-30', false)).toMatchObject({ overdueWorkingDays: 1 });
    // 10-08, 10-09, 10-10 (Sat, make-up), 10-12, 10-13 → 5th on 10-13
    expect(milestoneStatus(cal, '2026-10-13', '2026-09-30', false)).toMatchObject({
      overdueWorkingDays: 5,
      escalation: 'affairs',
    });
  });

  it('reminds from 3 working days before a due date just after the break', () => {
    // due 10-09 (Fri): 10-08, 09-30, 09-29 are the 1st, 2nd, 3rd working days before
    expect(milestoneStatus(cal, '2026-09-29', '2026-10-09', false).remindFrom).toBe('2026-09-29');
  });

  it('settings change the thresholds', () => {
    const s = milestoneStatus(cal, '2026-10-09', '2026-09-30', false, {
      reminderDays: 1,
      affairsAfter: 1,
      committeeAfter: 2,
    });
    expect(s.escalation).toBe('committee');
  });
});

describe('due-date changes and on-time', () => {
  it('an extension approved before the due date counts for punctuality', () => {
    const changes = [{ approvedOn: '2026-03-20', newDue: '2026-04-30' }];
    expect(judgedDue('2026-03-31', changes)).toBe('2026-04-30');
    expect(reportOnTime('2026-04-20', '2026-03-31', changes)).toBe(true);
  });

  it('an extension approved after the date passed does not make a late report punctual', () => {
    const changes = [{ approvedOn: '2026-04-05', newDue: '2026-04-30' }];
    expect(currentDue('2026-03-31', changes)).toBe('2026-04-30');
    expect(reportOnTime('2026-04-20', '2026-03-31', changes)).toBe(false);
  });

  it('chained extensions count while each came in time', () => {
    const changes = [
      { approvedOn: '2026-04-25', newDue: '2026-05-31' },
      { approvedOn: '2026-03-20', newDue: '2026-04-30' },
      { approvedOn: '2026-06-05', newDue: '2026-06-30' },
    ];
    expect(judgedDue('2026-03-31', changes)).toBe('2026-05-31');
    expect(currentDue('2026-03-31', changes)).toBe('2026-06-30');
  });

  it('property: a report on or before the baseline is always on time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.record({ a: fc.integer({ min: 0, max: 400 }), d: fc.integer({ min: 0, max: 400 }) }), {
          maxLength: 4,
        }),
        (dueOff, early, raw) => {
          const baseline = addDays('2026-01-01', dueOff);
          const changes = raw.map((c) => ({
            approvedOn: addDays('2026-01-01', c.a),
            newDue: addDays(baseline, c.d),
          }));
          // Extensions only ever move later here, so the baseline stays a lower bound.
          expect(reportOnTime(addDays(baseline, -early), baseline, changes)).toBe(true);
        },
      ),
    );
  });

  it('rates on-time milestones in hundredths of a percent', () => {
    expect(
      onTimeRate([
        { judgedOnTime: true, dueBy: true },
        { judgedOnTime: false, dueBy: true },
        { judgedOnTime: null, dueBy: true },
        { judgedOnTime: null, dueBy: false },
      ]),
    ).toBe(3333);
    expect(onTimeRate([{ judgedOnTime: null, dueBy: false }])).toBeNull();
  });
});
