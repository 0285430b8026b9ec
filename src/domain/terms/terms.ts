/**
 * The 二十四节气 of a calendar year as Kaohe numbers them: position 0 is 小寒 (early January)
 * and position 23 is 冬至 (late December). Instants travel as ISO-8601 UTC text rounded to the
 * minute; they are shown in Beijing time (UTC+8, no daylight saving). The instants themselves
 * come from the calendar library (`term-library.ts`, server only); this file holds only names
 * and arithmetic, so the web can use it.
 */

/** The 24 terms of a calendar year, in order from 小寒 to 冬至. */
export const termNames = [
  '小寒',
  '大寒',
  '立春',
  '雨水',
  '惊蛰',
  '春分',
  '清明',
  '谷雨',
  '立夏',
  '小满',
  '芒种',
  '夏至',
  '小暑',
  '大暑',
  '立秋',
  '处暑',
  '白露',
  '秋分',
  '寒露',
  '霜降',
  '立冬',
  '小雪',
  '大雪',
  '冬至',
] as const;
export type TermName = (typeof termNames)[number];

/** English names, same order. */
export const termNamesEn = [
  'Minor Cold',
  'Major Cold',
  'Start of Spring',
  'Rain Water',
  'Awakening of Insects',
  'Spring Equinox',
  'Clear and Bright',
  'Grain Rain',
  'Start of Summer',
  'Grain Buds',
  'Grain in Ear',
  'Summer Solstice',
  'Minor Heat',
  'Major Heat',
  'Start of Autumn',
  'End of Heat',
  'White Dew',
  'Autumn Equinox',
  'Cold Dew',
  "Frost's Descent",
  'Start of Winter',
  'Minor Snow',
  'Major Snow',
  'Winter Solstice',
] as const;

export const TERM_COUNT = 24;

/** One term's start: its position in the year (0 = 小寒 … 23 = 冬至), name and instant. */
export interface TermStart {
  position: number;
  name: TermName;
  /** ISO-8601 UTC, whole minutes. */
  startsAt: string;
}

/** A term with its window [startsAt, endsAt): from its start to the next term's start. */
export interface TermWindow extends TermStart {
  endsAt: string;
}

const JD_UNIX_EPOCH = 2440587.5;
const MINUTE = 60_000;
const BEIJING_OFFSET = 8 * 3_600_000;

/**
 * The instant of a Julian day counted in Beijing time (the library's convention), rounded to the
 * nearest minute from the exact fraction — not from a rendering already cut to seconds, so that
 * 30.1 s rounds up. Returned as ISO-8601 UTC.
 */
export function beijingJulianDayToIso(jd: number): string {
  const localMinutes = Math.round((jd - JD_UNIX_EPOCH) * 1440);
  return new Date(localMinutes * MINUTE - BEIJING_OFFSET).toISOString();
}

/** `2026-02-04 04:02`: an instant as Beijing wall-clock time to the minute. */
export function beijingMinute(iso: string): string {
  const d = new Date(new Date(iso).getTime() + BEIJING_OFFSET).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** The Beijing calendar date (`YYYY-MM-DD`) of an instant. */
export function beijingDate(iso: string): string {
  return new Date(new Date(iso).getTime() + BEIJING_OFFSET).toISOString().slice(0, 10);
}

/**
 * Parses a Beijing wall-clock minute `YYYY-MM-DD HH:mm` (or with `T`) into ISO-8601 UTC;
 * undefined when it is not a real minute.
 */
export function parseBeijingMinute(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  return new Date(ms - BEIJING_OFFSET).toISOString();
}

/**
 * The windows of a year's terms: each from its start to the next one's, the last (冬至) closing
 * at `closesAt` (the next year's 小寒). Throws RangeError unless there are 24 starts in strictly
 * increasing order before `closesAt` — a corrected table must still be a sequence.
 */
export function termWindows(starts: readonly TermStart[], closesAt: string): TermWindow[] {
  const problem = sequenceProblem(starts, closesAt);
  if (problem) throw new RangeError(problem);
  return starts.map((s, i) => ({ ...s, endsAt: starts[i + 1]?.startsAt ?? closesAt }));
}

/** Why 24 starts and a closing instant do not form a year's sequence, or undefined when they do. */
export function sequenceProblem(starts: readonly TermStart[], closesAt: string): string | undefined {
  if (starts.length !== TERM_COUNT) return `expected ${TERM_COUNT} terms, got ${starts.length}`;
  const times = [...starts.map((s) => Date.parse(s.startsAt)), Date.parse(closesAt)];
  for (let i = 0; i < times.length; i += 1) {
    if (Number.isNaN(times[i])) return `term ${i} has no valid instant`;
    if (i > 0 && (times[i] as number) <= (times[i - 1] as number))
      return `term ${i} does not follow term ${i - 1}`;
  }
  for (const [i, s] of starts.entries()) {
    if (s.position !== i || s.name !== termNames[i]) return `term ${i} is out of place`;
  }
  return undefined;
}

/** The window holding `now`, or undefined when `now` is before the first or after the last. */
export function windowAt<T extends { startsAt: string; endsAt: string }>(
  windows: readonly T[],
  now: string,
): T | undefined {
  const t = Date.parse(now);
  return windows.find((w) => Date.parse(w.startsAt) <= t && t < Date.parse(w.endsAt));
}

/**
 * Calendar days from `today` (Beijing date) to the last day of a window that ends at `endsAt`
 * (exclusive): the window's last day counts as day 0. A window ending 2026-12-22 04:50 has its
 * last whole day on 12-22 (the term changes that morning), so on 12-07 there are 15 days left.
 */
export function daysLeft(today: string, endsAt: string): number {
  const end = Date.parse(`${beijingDate(endsAt)}T00:00:00Z`);
  const from = Date.parse(`${today}T00:00:00Z`);
  return Math.max(0, Math.round((end - from) / 86_400_000));
}
