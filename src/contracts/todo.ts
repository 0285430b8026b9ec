import { z } from 'zod';
import { endpoint } from './endpoint.js';

/** One line of a user's to-do list (待办): what is due or overdue for one of their roles. */
export const todoItem = z.object({
  /** Stable kind, e.g. `points.review`, for icons and tests. */
  kind: z.string(),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  count: z.number().int(),
  /** The date by which it is due, if there is one. */
  due: z.string().nullable(),
  overdue: z.boolean(),
  /**
   * The due date was counted in working days across a year whose holidays are not entered yet
   * (`unknownYears`): it may be wrong. Absent on items whose date is not counted in working days.
   */
  calendarUncertain: z.boolean().optional(),
  unknownYears: z.array(z.number().int()).optional(),
  /** Where in the web app the work is done. */
  link: z.string(),
  orgId: z.number().int().nullable(),
});
export type TodoItem = z.infer<typeof todoItem>;
export const todoResponse = z.object({ items: z.array(todoItem) });

/** The home page's to-do list. */
export const todoApi = {
  list: endpoint({
    method: 'GET',
    path: '/todo',
    summary: "What the user has to do now, with counts and deadlines, within the user's reach",
    tags: ['todo'],
    response: todoResponse,
  }),
};
