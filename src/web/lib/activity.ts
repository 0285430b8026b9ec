/**
 * Activity recording helpers (活动录入): which scheme item an activity type implies, and who was
 * absent. Pure, for the form and its tests.
 */

/**
 * The item an activity type implies (主题党日 → "参加主题党日"): the only bonus item whose name
 * contains the type, or the one whose name is shortest among several (the plainest match).
 * Undefined when the type is too short to tell or no item matches.
 */
export function itemForKind(
  kind: string,
  items: readonly { code: string; name: string; direction: 'bonus' | 'deduction' }[],
): string | undefined {
  const k = kind.trim();
  if (k.length < 2) return undefined;
  const matches = items.filter((i) => i.direction === 'bonus' && i.name.includes(k));
  return [...matches].sort((a, b) => a.name.length - b.name.length || a.code.localeCompare(b.code))[0]?.code;
}

/** The members not ticked as present, in the members' order. */
export function absentees<T extends { id: number }>(members: readonly T[], present: readonly number[]): T[] {
  const set = new Set(present);
  return members.filter((m) => !set.has(m.id));
}
