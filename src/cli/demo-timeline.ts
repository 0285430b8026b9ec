import type { Clock } from '../server/lib/context.js';
import { todayInChina } from '../server/lib/context.js';

/** Beijing time on a day, as an instant. */
export const beijingAt = (day: string, hour = 10, minute = 0): Date =>
  new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`));

/**
 * The demo's history as one clock that the seeds share, so its audit rows read like a year that
 * happened: they start before the year (the organisation set up in late November), never lie in
 * the future, and are in time order as well as in sequence. Each module's seed runs as a task
 * that walks through the year (`moveTo`); the tasks take turns, the one whose next step is
 * earliest going first, so their steps interleave as the days they happen on do. Work scheduled
 * for a day (closing and publishing a quarter a week after it ends) is a task of one step.
 */
export interface DemoTimeline {
  /** When the organisation and the scheme were set up. */
  readonly start: Date;
  /** The latest instant a row may carry: a minute ago on the real day, else 08:00 that day. */
  readonly ceiling: Date;
  /** The clock to give the use cases: never past the ceiling, never backwards. */
  readonly clock: Clock;
  /** Runs `run` as a task of the walk (it may call `moveTo`; it must not wait for another task). */
  task<T>(run: () => Promise<T>): Promise<T>;
  /** Runs `run` on the clock at `when` once the walk gets there. */
  schedule(when: Date, run: () => Promise<void>): void;
  /**
   * From inside a task: waits until every task's steps before `to` are done, then moves the
   * clock there. Never backwards: a step asked for a time already passed (the next branch's
   * random hour on the same day, last year's project recorded when the platform was set up)
   * happens a minute after the last one.
   */
  moveTo(to: Date): Promise<void>;
  /** Waits for every task, scheduled work included. */
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
  const advance = (to: number) => {
    current = new Date(to >= current.getTime() ? to : current.getTime() + 60_000);
  };
  // Tasks waiting for their next step, and whether one is running (only one runs at a time).
  const waiting: { when: number; order: number; resume: () => void }[] = [];
  let order = 0;
  let running = false;
  const tasks: Promise<unknown>[] = [];
  const release = () => {
    if (running || waiting.length === 0) return;
    waiting.sort((a, b) => a.when - b.when || a.order - b.order);
    const next = waiting.shift();
    if (!next) return;
    advance(next.when);
    running = true;
    next.resume();
  };
  const wait = (when: number) =>
    new Promise<void>((resume) => {
      waiting.push({ when, order: order++, resume });
    });
  const task = <T>(run: () => Promise<T>): Promise<T> => {
    const done = wait(current.getTime())
      .then(run)
      .finally(() => {
        running = false;
        release();
      });
    tasks.push(done);
    release();
    return done;
  };
  const moveTo = (to: Date) => {
    const turn = wait(to.getTime());
    running = false;
    release();
    return turn;
  };
  return {
    start,
    ceiling,
    clock: {
      now: () => new Date(Math.min(current.getTime(), ceiling.getTime())),
    },
    task,
    schedule(when, run) {
      // Its failure surfaces through finish().
      task(async () => {
        await moveTo(when);
        await run();
      }).catch(() => undefined);
    },
    moveTo,
    async finish() {
      for (let seen = -1; seen !== tasks.length; ) {
        seen = tasks.length;
        await Promise.all(tasks);
      }
    },
  };
}
