import { describe, expect, it } from 'vitest';
import {
  moveIndicator,
  nextWaitingBranch,
  stepBranch,
  type VerifyKeyLike,
  verifyCommandForKey,
} from './be-verify-keys.js';

const on = (key: string, extra: Partial<VerifyKeyLike> = {}) =>
  verifyCommandForKey({ key, field: 'none', ...extra });

describe('verifyCommandForKey', () => {
  it('maps the workbench keys on the page', () => {
    expect(on('j')).toEqual({ kind: 'branch', delta: 1 });
    expect(on('k')).toEqual({ kind: 'branch', delta: -1 });
    expect(on('ArrowDown')).toEqual({ kind: 'indicator', delta: 1 });
    expect(on('ArrowUp')).toEqual({ kind: 'indicator', delta: -1 });
    expect(on('Enter')).toEqual({ kind: 'saveNext' });
    expect(on('Enter', { ctrlKey: true })).toEqual({ kind: 'verifyNext' });
    expect(on('Enter', { metaKey: true })).toEqual({ kind: 'verifyNext' });
    expect(on('r')).toEqual({ kind: 'return' });
    expect(on('?', { shiftKey: true })).toEqual({ kind: 'help' });
    expect(on('x')).toBeNull();
    expect(on('Tab')).toBeNull();
  });

  it('in a score or reason field takes only the keys meant for it', () => {
    for (const field of ['score', 'reason'] as const) {
      expect(on('ArrowDown', { field })).toEqual({ kind: 'indicator', delta: 1 });
      expect(on('ArrowUp', { field })).toEqual({ kind: 'indicator', delta: -1 });
      expect(on('Enter', { field })).toEqual({ kind: 'saveNext' });
      expect(on('Enter', { field, ctrlKey: true })).toEqual({ kind: 'verifyNext' });
      // Typing a reason with a j, k or r in it (or a question mark) is typing.
      expect(on('j', { field })).toBeNull();
      expect(on('k', { field })).toBeNull();
      expect(on('r', { field })).toBeNull();
      expect(on('?', { field, shiftKey: true })).toBeNull();
    }
  });

  it('never fires in other fields, over dialogs, while composing Chinese or with browser modifiers', () => {
    expect(on('Enter', { field: 'text' })).toBeNull();
    expect(on('Enter', { field: 'text', ctrlKey: true })).toBeNull();
    expect(on('ArrowDown', { field: 'text' })).toBeNull();
    expect(on('j', { field: 'text' })).toBeNull();
    expect(on('j', { overlayOpen: true })).toBeNull();
    expect(on('Enter', { overlayOpen: true, ctrlKey: true })).toBeNull();
    expect(on('Enter', { field: 'reason', isComposing: true })).toBeNull();
    expect(on('Enter', { shiftKey: true })).toBeNull();
    expect(on('r', { ctrlKey: true })).toBeNull();
    expect(on('j', { altKey: true })).toBeNull();
    expect(on('ArrowDown', { metaKey: true })).toBeNull();
  });
});

describe('moveIndicator', () => {
  it('starts at the first (or last) indicator and stays within the list', () => {
    expect(moveIndicator(-1, 1, 4)).toBe(0);
    expect(moveIndicator(-1, -1, 4)).toBe(3);
    expect(moveIndicator(1, 1, 4)).toBe(2);
    expect(moveIndicator(3, 1, 4)).toBe(3);
    expect(moveIndicator(0, -1, 4)).toBe(0);
    expect(moveIndicator(2, 1, 0)).toBe(-1);
  });
});

describe('stepBranch', () => {
  const ids = [7, 8, 9];
  it('moves within the page', () => {
    expect(stepBranch(ids, 7, 1, 1, 1)).toEqual({ kind: 'select', id: 8 });
    expect(stepBranch(ids, 9, -1, 1, 1)).toEqual({ kind: 'select', id: 8 });
  });

  it('opens the first or last branch when none is selected (or it left the page)', () => {
    expect(stepBranch(ids, null, 1, 1, 1)).toEqual({ kind: 'select', id: 7 });
    expect(stepBranch(ids, null, -1, 1, 1)).toEqual({ kind: 'select', id: 9 });
    expect(stepBranch(ids, 42, 1, 1, 1)).toEqual({ kind: 'select', id: 7 });
  });

  it('turns the page at its edges and stops at the ends of the list', () => {
    expect(stepBranch(ids, 9, 1, 1, 3)).toEqual({ kind: 'page', page: 2, edge: 'first' });
    expect(stepBranch(ids, 7, -1, 2, 3)).toEqual({ kind: 'page', page: 1, edge: 'last' });
    expect(stepBranch(ids, 9, 1, 3, 3)).toBeNull();
    expect(stepBranch(ids, 7, -1, 1, 3)).toBeNull();
    expect(stepBranch([], null, 1, 1, 1)).toBeNull();
  });
});

describe('nextWaitingBranch', () => {
  const rows = [
    { branchId: 1, state: 'self_submitted' },
    { branchId: 2, state: 'verified' },
    { branchId: 3, state: 'self_submitted' },
    { branchId: 4, state: 'self_open' },
  ];
  it('finds the next submitted branch below, then from the top', () => {
    expect(nextWaitingBranch(rows, 1)).toBe(3);
    expect(nextWaitingBranch(rows, 3)).toBe(1);
    expect(nextWaitingBranch(rows, 4)).toBe(1);
    expect(nextWaitingBranch(rows, null)).toBe(1);
  });

  it('is null when nothing else waits', () => {
    expect(nextWaitingBranch([{ branchId: 1, state: 'self_submitted' }], 1)).toBeNull();
    expect(nextWaitingBranch([{ branchId: 2, state: 'verified' }], null)).toBeNull();
  });
});
