/**
 * The verification workbench's keyboard (联评联考 验证, at the keyboard): the office works through
 * 40–300 branches a month, so every step has a key. j/k move between branches, ↑/↓ (or Tab,
 * left to the browser) between the indicators of the open branch, Enter saves the indicator and
 * goes to the next one, Ctrl+Enter verifies the branch and opens the next waiting one, r returns
 * the branch for evidence, ? shows the help. Pure, so it is tested without a browser.
 */

export type VerifyCommand =
  | { kind: 'branch'; delta: 1 | -1 }
  | { kind: 'indicator'; delta: 1 | -1 }
  | { kind: 'saveNext' }
  | { kind: 'verifyNext' }
  | { kind: 'return' }
  | { kind: 'help' };

/**
 * Where the key press went: `none` (the page, a row, a button), `score` (a verified-score or
 * award field), `reason` (the one-line reason field of an indicator), `text` (any other field:
 * a filter, a search box, a select, a dialog's text area — never a command there).
 */
export type KeyField = 'none' | 'score' | 'reason' | 'text';

export interface VerifyKeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  /** An input method is composing (Chinese typing): Enter confirms the characters, not a command. */
  isComposing?: boolean;
  field: KeyField;
  /** A dialog, drawer or popup is open over the workbench. */
  overlayOpen?: boolean;
}

/** The command a key press means, or null when the key is not the workbench's (let it through). */
export function verifyCommandForKey(e: VerifyKeyLike): VerifyCommand | null {
  if (e.overlayOpen || e.isComposing || e.altKey || e.field === 'text') return null;
  const mod = e.ctrlKey === true || e.metaKey === true;
  if (e.key === 'Enter') {
    if (e.shiftKey) return null;
    return mod ? { kind: 'verifyNext' } : { kind: 'saveNext' };
  }
  if (mod) return null;
  // The verification fields are meant for ↑/↓ and Enter; letters there are typing.
  if (e.key === 'ArrowDown') return { kind: 'indicator', delta: 1 };
  if (e.key === 'ArrowUp') return { kind: 'indicator', delta: -1 };
  if (e.field !== 'none') return null;
  switch (e.key) {
    case 'j':
      return { kind: 'branch', delta: 1 };
    case 'k':
      return { kind: 'branch', delta: -1 };
    case 'r':
      return { kind: 'return' };
    case '?':
      return { kind: 'help' };
    default:
      return null;
  }
}

/** The indicator index after moving `delta` from `current` (-1: none yet), kept within the list. */
export function moveIndicator(current: number, delta: 1 | -1, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + delta));
}

/** Where j/k lead: another branch on this page, the first (or last) branch of another page, or nowhere. */
export type BranchStep =
  | { kind: 'select'; id: number }
  | { kind: 'page'; page: number; edge: 'first' | 'last' }
  | null;

/**
 * The branch `delta` away from `currentId` in the list on screen (the page `page` of `pageCount`).
 * Past the end of the page the next page opens on its first branch (the previous one on its last),
 * so the office walks the whole month with j/k. With nothing selected, j opens the first branch
 * and k the last.
 */
export function stepBranch(
  ids: readonly number[],
  currentId: number | null,
  delta: 1 | -1,
  page: number,
  pageCount: number,
): BranchStep {
  if (ids.length === 0) return null;
  const at = currentId === null ? -1 : ids.indexOf(currentId);
  if (at < 0) {
    const id = delta > 0 ? ids[0] : ids[ids.length - 1];
    return id === undefined ? null : { kind: 'select', id };
  }
  const next = at + delta;
  if (next >= ids.length) return page < pageCount ? { kind: 'page', page: page + 1, edge: 'first' } : null;
  if (next < 0) return page > 1 ? { kind: 'page', page: page - 1, edge: 'last' } : null;
  const id = ids[next];
  return id === undefined ? null : { kind: 'select', id };
}

/**
 * The next branch waiting for verification after `currentId` (state `self_submitted`), looking
 * down the list first and then from its top; null when none other waits on this page.
 */
export function nextWaitingBranch(
  rows: readonly { branchId: number; state: string }[],
  currentId: number | null,
): number | null {
  const at = currentId === null ? -1 : rows.findIndex((r) => r.branchId === currentId);
  const order = [...rows.slice(at + 1), ...rows.slice(0, Math.max(0, at))];
  return order.find((r) => r.state === 'self_submitted' && r.branchId !== currentId)?.branchId ?? null;
}
