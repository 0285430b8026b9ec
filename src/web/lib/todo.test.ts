import { describe, expect, it } from 'vitest';
import type { TodoItem } from '../../contracts/todo.js';
import { sortTodos } from './todo.js';

const item = (kind: string, over: Partial<TodoItem>): TodoItem => ({
  kind,
  title: { 'zh-CN': kind, en: kind },
  count: 1,
  due: null,
  overdue: false,
  link: `/${kind}`,
  orgId: null,
  ...over,
});

describe('sortTodos', () => {
  it('puts overdue work first, then the soonest due, then the biggest pile', () => {
    const sorted = sortTodos([
      item('undated-small', { count: 2 }),
      item('due-later', { due: '2026-12-31' }),
      item('overdue', { due: '2026-09-30', overdue: true }),
      item('due-soon', { due: '2026-11-30' }),
      item('undated-big', { count: 40 }),
    ]);
    expect(sorted.map((i) => i.kind)).toEqual([
      'overdue',
      'due-soon',
      'due-later',
      'undated-big',
      'undated-small',
    ]);
  });
});
