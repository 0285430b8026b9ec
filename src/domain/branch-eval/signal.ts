/**
 * Daily-work signal (SPEC §3 日常评价: "the share of a month's evidence uploaded in its last three
 * days, per branch, shown beside the score, so that last-minute cramming (考前搞突击) is
 * visible"). It is shown, never scored: SPEC §7 forbids ranking people by how often they use the
 * app, and a share of uploads says nothing about the work itself.
 */
import { addDays, type IsoDate, parseIsoDate } from '../calendar/dates.js';
import { monthRange } from '../calendar/periods.js';
import { type Fraction, fraction, roundHalfUp } from './exact.js';

export interface CrammingShare {
  /** Evidence files of the month. */
  readonly total: number;
  /** Uploaded in the month's last three calendar days. */
  readonly inLastThreeDays: number;
  /** Uploaded after the month ended (e.g. evidence added after the office returned the evaluation). */
  readonly afterMonthEnd: number;
  /** (inLastThreeDays + afterMonthEnd) / total, exact. */
  readonly share: Fraction;
  /** The share in tenths of a percent, rounded half-up (1/3 → 333, i.e. 33.3%). */
  readonly percentTenths: number;
  /** The share as a percentage with one decimal, for display: "33.3". */
  readonly percentText: string;
  /** First of the three last days (28th–31st depending on the month). */
  readonly windowStart: IsoDate;
}

/**
 * The cramming share of a branch's evidence for one month (SPEC §3 日常评价). `uploadDates` are
 * the upload dates (YYYY-MM-DD) of the evidence attached to that month's evaluation. Decisions:
 * - "last three days" are CALENDAR days (the 29th–31st of a 31-day month, 26th–28th of a
 *   28-day February), not working days: cramming happens on weekends too;
 * - evidence uploaded after the month ended counts as last-minute as well (it is later still),
 *   and is reported separately in `afterMonthEnd`;
 * - evidence uploaded before the month started counts in the total, as early;
 * - no evidence at all gives null (no share to show, rather than a misleading 0%).
 * Throws RangeError on an invalid date.
 */
export function crammingShare(
  uploadDates: readonly IsoDate[],
  year: number,
  month: number,
): CrammingShare | null {
  return crammingShareOfMonth(year, month)(uploadDates);
}

/**
 * {@link crammingShare} for one month, with the month's last three days worked out once: what a
 * month's approval applies to each of thousands of branches. Throws RangeError on an invalid
 * month, and the function returned on an invalid date.
 */
export function crammingShareOfMonth(
  year: number,
  month: number,
): (uploadDates: readonly IsoDate[]) => CrammingShare | null {
  const { end } = monthRange(year, month);
  const windowStart = addDays(end, -2);
  return (uploadDates) => {
    let inLastThreeDays = 0;
    let afterMonthEnd = 0;
    for (const date of uploadDates) {
      parseIsoDate(date);
      // Valid dates are canonical YYYY-MM-DD strings, which sort in date order (compareIsoDate).
      if (date > end) afterMonthEnd += 1;
      else if (date >= windowStart) inLastThreeDays += 1;
    }
    const total = uploadDates.length;
    if (total === 0) return null;
    const late = inLastThreeDays + afterMonthEnd;
    const percentTenths = roundHalfUp(late * 1000, total);
    return {
      total,
      inLastThreeDays,
      afterMonthEnd,
      share: fraction(late, total),
      percentTenths,
      percentText: `${Math.floor(percentTenths / 10)}.${percentTenths % 10}`,
      windowStart,
    };
  };
}
