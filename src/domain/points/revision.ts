/**
 * Corrections of a returned entry (退回修改): what the entry held when it was returned, and what
 * the branch changed before resubmitting — shown to the secretary before resubmitting and kept in
 * the entry's history for the reviewer. Pure: the server snapshots, this compares.
 */

/** The parts of an entry a branch may correct (SPEC §2: "editable and resubmittable"). */
export interface EntryContent {
  occurredOn: string;
  quantity: number;
  /** Integer hundredths. */
  points: number;
  note: string | null;
  /** Evidence files by id, with the name shown to people. */
  evidence: readonly { id: number; name: string }[];
}

export const entryContentFields = ['occurredOn', 'quantity', 'points', 'note', 'evidence'] as const;
export type EntryContentField = (typeof entryContentFields)[number];

/** One corrected field: before and after as shown (evidence as the added and removed names). */
export type EntryChange =
  | { field: 'occurredOn' | 'note'; before: string | null; after: string | null }
  | { field: 'quantity' | 'points'; before: number; after: number }
  | { field: 'evidence'; added: string[]; removed: string[] };

const blank = (s: string | null) => (s == null || s.trim() === '' ? null : s.trim());

/**
 * The changes from `before` to `after`, in the order of {@link entryContentFields}; empty when
 * nothing changed. A note that only gained or lost surrounding spaces did not change; evidence
 * compares by file, so the same file attached again is no change.
 */
export function entryChanges(before: EntryContent, after: EntryContent): EntryChange[] {
  const out: EntryChange[] = [];
  if (before.occurredOn !== after.occurredOn)
    out.push({ field: 'occurredOn', before: before.occurredOn, after: after.occurredOn });
  if (before.quantity !== after.quantity)
    out.push({ field: 'quantity', before: before.quantity, after: after.quantity });
  if (before.points !== after.points)
    out.push({ field: 'points', before: before.points, after: after.points });
  if (blank(before.note) !== blank(after.note))
    out.push({ field: 'note', before: blank(before.note), after: blank(after.note) });
  const had = new Set(before.evidence.map((f) => f.id));
  const has = new Set(after.evidence.map((f) => f.id));
  const added = after.evidence.filter((f) => !had.has(f.id)).map((f) => f.name);
  const removed = before.evidence.filter((f) => !has.has(f.id)).map((f) => f.name);
  if (added.length > 0 || removed.length > 0) out.push({ field: 'evidence', added, removed });
  return out;
}
