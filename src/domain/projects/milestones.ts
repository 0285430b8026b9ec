/**
 * Milestones (时间节点) in working days (SPEC §4): a reminder on the owner's to-do 3 working days
 * before the due date, the overdue flag once it passes unreported, escalation to the affairs
 * department after 5 and to the committee after 10 working days overdue — all settings. Due dates
 * change only by approved change requests; the baseline stays, and a report's on-time is judged
 * against the date in force when it was due (an extension approved after the date had already
 * passed does not make a late report punctual).
 */
// The calendar's files, not its index: the index also carries the holiday library, which the
// browser must not download (this file reaches the web through the projects contracts).
import { addDays, type IsoDate } from '../calendar/dates.js';
import { addWorkingDays, type HolidayCalendar, workingDaysBetween } from '../calendar/working-days.js';
import { roundHalfUp } from '../shared/rounding.js';

/** The working-day settings of a year's projects. */
export interface MilestoneSettings {
  readonly reminderDays: number;
  readonly affairsAfter: number;
  readonly committeeAfter: number;
}

export const defaultMilestoneSettings: MilestoneSettings = {
  reminderDays: 3,
  affairsAfter: 5,
  committeeAfter: 10,
};

export type Escalation = 'none' | 'affairs' | 'committee';

/** Where a milestone stands today. */
export interface MilestoneStatus {
  /** `reported`: a report exists; `due_soon`: inside the reminder window; `overdue`: past due, unreported. */
  readonly phase: 'reported' | 'open' | 'due_soon' | 'overdue';
  /** From this day the owner's to-do reminds them. */
  readonly remindFrom: IsoDate;
  /** Working days past the due date (0 unless overdue). */
  readonly overdueWorkingDays: number;
  readonly escalation: Escalation;
}

/**
 * The status of a milestone due `due` (the date in force today) on `today`, reported or not.
 * Overdue counts the working days after the due date up to today inclusive: due on Friday, the
 * next Monday is 1 working day overdue.
 */
export function milestoneStatus(
  cal: HolidayCalendar,
  today: IsoDate,
  due: IsoDate,
  reported: boolean,
  settings: MilestoneSettings = defaultMilestoneSettings,
): MilestoneStatus {
  const remindFrom = addWorkingDays(cal, due, -settings.reminderDays);
  if (reported) return { phase: 'reported', remindFrom, overdueWorkingDays: 0, escalation: 'none' };
  if (today > due) {
    const n = workingDaysBetween(cal, addDays(due, 1), today);
    const escalation: Escalation =
      n >= settings.committeeAfter ? 'committee' : n >= settings.affairsAfter ? 'affairs' : 'none';
    return { phase: 'overdue', remindFrom, overdueWorkingDays: n, escalation };
  }
  return {
    phase: today >= remindFrom ? 'due_soon' : 'open',
    remindFrom,
    overdueWorkingDays: 0,
    escalation: 'none',
  };
}

/** An approved change of a milestone's due date. */
export interface DueChange {
  /** The day the committee approved it (China date). */
  readonly approvedOn: IsoDate;
  readonly newDue: IsoDate;
}

/**
 * The due date a report is judged against: start from the baseline and apply the approved changes
 * in order of approval, each only if it was approved on or before the due date then in force. A
 * change approved after that date had passed came too late for punctuality (it still moves the
 * current due date for reminders).
 */
export function judgedDue(baseline: IsoDate, changes: readonly DueChange[]): IsoDate {
  let due = baseline;
  for (const c of [...changes].sort((a, b) =>
    a.approvedOn < b.approvedOn ? -1 : a.approvedOn > b.approvedOn ? 1 : 0,
  )) {
    if (c.approvedOn <= due) due = c.newDue;
    else break;
  }
  return due;
}

/** The current due date: the last approved change, or the baseline. */
export function currentDue(baseline: IsoDate, changes: readonly DueChange[]): IsoDate {
  const sorted = [...changes].sort((a, b) =>
    a.approvedOn < b.approvedOn ? -1 : a.approvedOn > b.approvedOn ? 1 : 0,
  );
  return sorted.at(-1)?.newDue ?? baseline;
}

/** Whether a report filed on `reportedOn` was on time. */
export function reportOnTime(reportedOn: IsoDate, baseline: IsoDate, changes: readonly DueChange[]): boolean {
  return reportedOn <= judgedDue(baseline, changes);
}

/** The statuses an owner declares on a report (按期 / 滞后 / 完成). */
export const reportStatuses = ['on_track', 'behind', 'done'] as const;
export type ReportStatus = (typeof reportStatuses)[number];
export const reportStatusLabels: Record<ReportStatus, { zh: string; en: string }> = {
  on_track: { zh: '按期', en: 'On track' },
  behind: { zh: '滞后', en: 'Behind' },
  done: { zh: '完成', en: 'Done' },
};

/**
 * The on-time rate of a set of milestones due by `today`, in hundredths of a percent: a milestone
 * counts as on time when its first report was on time; unreported ones past due count as late.
 */
export function onTimeRate(
  milestones: readonly { readonly judgedOnTime: boolean | null; readonly dueBy: boolean }[],
): number | null {
  const due = milestones.filter((m) => m.dueBy || m.judgedOnTime !== null);
  if (due.length === 0) return null;
  const ok = due.filter((m) => m.judgedOnTime === true).length;
  return roundHalfUp(ok * 10_000, due.length);
}
