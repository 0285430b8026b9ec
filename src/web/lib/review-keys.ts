/**
 * The review queue's keyboard (逐条审核 at the keyboard): j/k or ↓/↑ move the focused row,
 * space toggles its selection, a/r/x approve, return or reject, Enter opens the entry, ? shows
 * the help. The decision is pure so it can be tested without a browser.
 */

export type ReviewDecision = 'approve' | 'return' | 'reject';

export type ReviewCommand =
  | { kind: 'move'; delta: 1 | -1 }
  | { kind: 'toggle' }
  | { kind: 'act'; action: ReviewDecision }
  | { kind: 'open' }
  | { kind: 'help' };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The key went to a text field, a select or a button: typing there is not a command. */
  inEditable?: boolean;
  /** A dialog or drawer is open over the queue. */
  overlayOpen?: boolean;
}

/** The command a key press means, or null when the key is not the queue's (let it through). */
export function commandForKey(e: KeyLike): ReviewCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.inEditable || e.overlayOpen) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'move', delta: 1 };
    case 'k':
    case 'ArrowUp':
      return { kind: 'move', delta: -1 };
    case ' ':
      return { kind: 'toggle' };
    case 'a':
      return { kind: 'act', action: 'approve' };
    case 'r':
      return { kind: 'act', action: 'return' };
    case 'x':
      return { kind: 'act', action: 'reject' };
    case 'Enter':
    case 'o':
      return { kind: 'open' };
    case '?':
      return { kind: 'help' };
    default:
      return null;
  }
}

export interface ReviewCursor {
  /** Index of the focused row in the current page, or -1 when nothing is focused yet. */
  focus: number;
  /** Ids of the selected entries (kept in the order they were selected). */
  selected: readonly number[];
}

export type ReviewEffect =
  | { kind: 'act'; action: ReviewDecision; ids: number[] }
  | { kind: 'open'; id: number }
  | { kind: 'help' };

/**
 * Applies a command to the cursor over the rows on screen. A decision applies to the
 * selection when there is one, else to the focused row (as in a mail client); it returns an
 * effect for the page to carry out (the page asks for a reason before return and reject).
 */
export function applyReviewCommand(
  cursor: ReviewCursor,
  command: ReviewCommand,
  rowIds: readonly number[],
): { cursor: ReviewCursor; effect: ReviewEffect | null } {
  const focusedId = cursor.focus >= 0 ? rowIds[cursor.focus] : undefined;
  switch (command.kind) {
    case 'move': {
      if (rowIds.length === 0) return { cursor: { ...cursor, focus: -1 }, effect: null };
      const start = cursor.focus < 0 ? (command.delta > 0 ? -1 : rowIds.length) : cursor.focus;
      const focus = Math.min(rowIds.length - 1, Math.max(0, start + command.delta));
      return { cursor: { ...cursor, focus }, effect: null };
    }
    case 'toggle': {
      if (focusedId === undefined) return { cursor, effect: null };
      const selected = cursor.selected.includes(focusedId)
        ? cursor.selected.filter((id) => id !== focusedId)
        : [...cursor.selected, focusedId];
      return { cursor: { ...cursor, selected }, effect: null };
    }
    case 'act': {
      const ids =
        cursor.selected.length > 0 ? [...cursor.selected] : focusedId !== undefined ? [focusedId] : [];
      return { cursor, effect: ids.length > 0 ? { kind: 'act', action: command.action, ids } : null };
    }
    case 'open':
      return { cursor, effect: focusedId !== undefined ? { kind: 'open', id: focusedId } : null };
    case 'help':
      return { cursor, effect: { kind: 'help' } };
  }
}

/**
 * Keeps the cursor meaningful after the rows change (entries decided leave the queue): the
 * selection keeps only ids still on screen, and the focus stays on the same index, clamped,
 * so the next entry comes up under the reviewer's eyes.
 */
export function reconcileCursor(cursor: ReviewCursor, rowIds: readonly number[]): ReviewCursor {
  const selected = cursor.selected.filter((id) => rowIds.includes(id));
  const focus = rowIds.length === 0 ? -1 : Math.min(cursor.focus, rowIds.length - 1);
  if (focus === cursor.focus && selected.length === cursor.selected.length) return cursor;
  return { focus, selected };
}
