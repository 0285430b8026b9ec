import type { TodoItem } from '../../contracts/todo.js';

/**
 * The order of the to-do list: overdue first, then by due date (undated last), then the larger
 * count — what most needs doing comes up first.
 */
export function sortTodos(items: readonly TodoItem[]): TodoItem[] {
  return [...items].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
      b.count - a.count,
  );
}
