/** Helpers for showing audit rows: what changed between `before` and `after`. */

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The top-level keys whose values differ between before and after, in a stable order (keys of
 * `after` first). Non-object states count as one anonymous change.
 */
export function changedKeys(before: unknown, after: unknown): string[] {
  if (!isRecord(before) && !isRecord(after))
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [''];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
