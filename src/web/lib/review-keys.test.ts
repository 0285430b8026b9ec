import { describe, expect, it } from 'vitest';
import { applyReviewCommand, commandForKey, type ReviewCursor, reconcileCursor } from './review-keys.js';

const rows = [11, 12, 13];
const start: ReviewCursor = { focus: -1, selected: [] };

describe('commandForKey', () => {
  it('maps the queue keys', () => {
    expect(commandForKey({ key: 'j' })).toEqual({ kind: 'move', delta: 1 });
    expect(commandForKey({ key: 'ArrowUp' })).toEqual({ kind: 'move', delta: -1 });
    expect(commandForKey({ key: ' ' })).toEqual({ kind: 'toggle' });
    expect(commandForKey({ key: 'a' })).toEqual({ kind: 'act', action: 'approve' });
    expect(commandForKey({ key: 'r' })).toEqual({ kind: 'act', action: 'return' });
    expect(commandForKey({ key: 'x' })).toEqual({ kind: 'act', action: 'reject' });
    expect(commandForKey({ key: 'Enter' })).toEqual({ kind: 'open' });
    expect(commandForKey({ key: '?' })).toEqual({ kind: 'help' });
    expect(commandForKey({ key: 'q' })).toBeNull();
  });

  it('leaves typing, shortcuts of the browser and open dialogs alone', () => {
    expect(commandForKey({ key: 'a', inEditable: true })).toBeNull();
    expect(commandForKey({ key: 'a', ctrlKey: true })).toBeNull();
    expect(commandForKey({ key: 'r', metaKey: true })).toBeNull();
    expect(commandForKey({ key: 'j', overlayOpen: true })).toBeNull();
  });
});

describe('applyReviewCommand', () => {
  it('moves the focus within the rows, starting at the first (or last) row', () => {
    const down = applyReviewCommand(start, { kind: 'move', delta: 1 }, rows).cursor;
    expect(down.focus).toBe(0);
    expect(applyReviewCommand(start, { kind: 'move', delta: -1 }, rows).cursor.focus).toBe(2);
    const end = applyReviewCommand({ focus: 2, selected: [] }, { kind: 'move', delta: 1 }, rows).cursor;
    expect(end.focus).toBe(2);
    const top = applyReviewCommand({ focus: 0, selected: [] }, { kind: 'move', delta: -1 }, rows).cursor;
    expect(top.focus).toBe(0);
    expect(applyReviewCommand(start, { kind: 'move', delta: 1 }, []).cursor.focus).toBe(-1);
  });

  it('toggles the focused row in and out of the selection', () => {
    const one = applyReviewCommand({ focus: 1, selected: [] }, { kind: 'toggle' }, rows).cursor;
    expect(one.selected).toEqual([12]);
    expect(applyReviewCommand(one, { kind: 'toggle' }, rows).cursor.selected).toEqual([]);
    expect(applyReviewCommand(start, { kind: 'toggle' }, rows).cursor).toBe(start);
  });

  it('decides on the selection when there is one, else on the focused row', () => {
    expect(
      applyReviewCommand({ focus: 0, selected: [12, 13] }, { kind: 'act', action: 'approve' }, rows).effect,
    ).toEqual({
      kind: 'act',
      action: 'approve',
      ids: [12, 13],
    });
    expect(
      applyReviewCommand({ focus: 2, selected: [] }, { kind: 'act', action: 'reject' }, rows).effect,
    ).toEqual({
      kind: 'act',
      action: 'reject',
      ids: [13],
    });
    expect(applyReviewCommand(start, { kind: 'act', action: 'return' }, rows).effect).toBeNull();
  });

  it('opens the focused entry and asks for the help', () => {
    expect(applyReviewCommand({ focus: 1, selected: [] }, { kind: 'open' }, rows).effect).toEqual({
      kind: 'open',
      id: 12,
    });
    expect(applyReviewCommand(start, { kind: 'open' }, rows).effect).toBeNull();
    expect(applyReviewCommand(start, { kind: 'help' }, rows).effect).toEqual({ kind: 'help' });
  });
});

describe('reconcileCursor', () => {
  it('keeps the focus on the same place when decided rows leave, and drops gone selections', () => {
    expect(reconcileCursor({ focus: 2, selected: [12, 13] }, [11, 12])).toEqual({ focus: 1, selected: [12] });
    expect(reconcileCursor({ focus: 1, selected: [] }, [])).toEqual({ focus: -1, selected: [] });
    const same = { focus: 0, selected: [11] };
    expect(reconcileCursor(same, rows)).toBe(same);
  });
});
