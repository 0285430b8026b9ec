import type { Clock } from '../server/lib/context.js';
import { todayInChina } from '../server/lib/context.js';

/** Beijing time on a day, as an instant. */
export const beijingAt = (day: string, hour = 10, minute = 0): Date =>
  new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`));

/**
 * The demo's history as one clock that the seeds share, so its audit rows read like a year that
 * happened: they start before the year (the organisation set up in late November), never lie in
 * the future. Work scheduled for a day (closing and publishing a
 * quarter a week after it ends) runs when the walk through the year reaches that day, between the
 * other modules' steps.
 */
export interface DemoTimeline {
  /** When the organisation and the scheme were set up. */
  readonly start: Date;
  /** The latest instant a row may carry: a minute ago on the real day, else 08:00 that day. */
  readonly ceiling: Date;
  /** The clock to give the use cases: never past the ceiling. */
  readonly clock: Clock;
  /** Runs `run` on the clock at `when` once the walk gets there. */
  schedule(when: Date, run: () => Promise<void>): void;
  /** Moves the clock to `to`, first running whatever was scheduled up to then. */
  moveTo(to: Date): Promise<void>;
  /** Runs everything still scheduled. */
  finish(): Promise<void>;
}

export function demoTimeline(today: string, realNow: Date = new Date()): DemoTimeline {
  const year = Number(today.slice(0, 4));
  const ceiling =
    today === todayInChina({ now: () => realNow })
      ? new Date(realNow.getTime() - 60_000)
      : beijingAt(today, 8);
  const start = new Date(Math.min(beijingAt(`${year - 1}-11-30`, 9).getTime(), ceiling.getTime()));
  let current = start;
  const pending: { when: Date; run: () => Promise<void> }[] = [];
  const moveTo = async (to: Date) => {
    for (;;) {
      const next = pending[0];
      if (!next || next.when.getTime() > to.getTime()) break;
      pending.shift();
      current = next.when;
      await next.run();
    }
    current = to;
  };
  return {
    start,
    ceiling,
    clock: {
      now: () => new Date(Math.min(current.getTime(), ceiling.getTime())),
    },
    schedule(when, run) {
      pending.push({ when, run });
      pending.sort((a, b) => a.when.getTime() - b.when.getTime());
    },
    moveTo,
    finish: () => moveTo(new Date(Math.max(ceiling.getTime(), ...pending.map((p) => p.when.getTime())))),
  };
}
