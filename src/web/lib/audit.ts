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

/** A one-line summary for the table: `name: 旧 → 新; code: A → B` (values shortened). */
export function changeSummary(before: unknown, after: unknown, max = 3): string {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const short = (v: unknown) => {
    if (v === undefined) return '∅';
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s.length > 24 ? `${s.slice(0, 23)}…` : s;
  };
  const keys = changedKeys(before, after).filter((k) => k !== '');
  const parts = keys.slice(0, max).map((k) => {
    if (!(k in b)) return `${k}: ${short(a[k])}`;
    if (!(k in a)) return `${k}: ${short(b[k])} → ∅`;
    return `${k}: ${short(b[k])} → ${short(a[k])}`;
  });
  if (keys.length > max) parts.push(`+${keys.length - max}`);
  return parts.join('; ');
}
