/**
 * When a 节气 task may be checked in, and what a check-in counts as.
 *
 * The rule (SPEC §4, decided here): a task's window is [its term's start, the next term's start).
 * A check-in inside the window is on time. After the window a check-in is still accepted for one
 * more window's length (the next term, about 15 days) and is recorded as **late**: the matrix
 * must be able to show "done after the window", and an org that missed the date should be able
 * to record what it did rather than leave a permanent gap. Before the window opens, and after the
 * late period, a check-in is refused. In the matrix a task not done by the window's end shows
 * as missing until it is checked in late.
 */

export type CheckInTiming = 'not_open' | 'on_time' | 'late' | 'closed';

/** The end of the late period of a window: one more window's length after it closes. */
export function lateUntil(window: { startsAt: string; endsAt: string }): string {
  const start = Date.parse(window.startsAt);
  const end = Date.parse(window.endsAt);
  return new Date(end + (end - start)).toISOString();
}

/** Whether a check-in at `now` is refused (not open / closed) or counts on time or late. */
export function checkInTiming(window: { startsAt: string; endsAt: string }, now: string): CheckInTiming {
  const t = Date.parse(now);
  if (t < Date.parse(window.startsAt)) return 'not_open';
  if (t < Date.parse(window.endsAt)) return 'on_time';
  if (t < Date.parse(lateUntil(window))) return 'late';
  return 'closed';
}

/** What a check-in must carry: a note always, evidence only where the task requires it (SPEC §7). */
export interface CheckInInput {
  note: string;
  evidenceCount: number;
}

export type CheckInProblem = 'note_missing' | 'evidence_required';

/** Why a check-in is incomplete for a task, or undefined when it is complete. */
export function checkInProblem(
  task: { evidenceRequired: boolean },
  input: CheckInInput,
): CheckInProblem | undefined {
  if (input.note.trim().length === 0) return 'note_missing';
  if (task.evidenceRequired && input.evidenceCount === 0) return 'evidence_required';
  return undefined;
}
