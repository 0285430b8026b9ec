import type { TodoItem } from '../../../contracts/todo.js';
import { libraryKnowsYear } from '../../../domain/calendar/index.js';
import { type Ctx, todayInChina } from '../../lib/context.js';
import { isSuperScope, partyRootIds } from '../../lib/permissions.js';
import { branchEvalTodos } from '../branch-eval/branch-eval.todo.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import { inspectionTodos } from '../inspection/inspection.todo.js';
import { pointsTodos } from '../points/points.todo.js';
import { projectsTodos } from '../projects/projects.todo.js';
import { termsTodos } from '../terms/terms.todo.js';
import * as todoRepo from './todo.repo.js';

/**
 * The home page's to-do list (待办): each module contributes what is due and overdue for the
 * user's roles; overdue items first. Nothing here counts logins or time online.
 */
export async function todoList(request: Ctx): Promise<TodoItem[]> {
  // Every module's scopes need the party roots, and two modules the holiday calendar: read once here.
  const ctx: Ctx = {
    ...request,
    partyRoots: await partyRootIds(request.db),
    holidays: await loadHolidayCalendar(request.db),
  };
  const items: TodoItem[] = [
    ...(await pointsTodos(ctx)),
    ...(await branchEvalTodos(ctx)),
    ...(await projectsTodos(ctx)),
    ...(await termsTodos(ctx)),
    ...(await inspectionTodos(ctx)),
  ];
  // From November, an admin is asked for next year's holiday arrangement if the library lacks it.
  const today = todayInChina(ctx.clock);
  const next = Number(today.slice(0, 4)) + 1;
  if (
    today.slice(5, 7) >= '11' &&
    !libraryKnowsYear(next) &&
    (await isSuperScope(ctx.db, ctx.user, 'calendar.manage', ctx.partyRoots))
  ) {
    const overrides = await todoRepo.anyOverrideOfYear(ctx.db, next);
    if (!overrides) {
      items.push({
        kind: 'calendar.next_year',
        title: {
          'zh-CN': `请录入 ${next} 年节假日安排（国务院办公厅通知）`,
          en: `Enter the ${next} public-holiday arrangement (State Council notice)`,
        },
        count: 1,
        due: `${next}-01-01`,
        overdue: false,
        link: '/calendar',
        orgId: null,
      });
    }
  }
  return items.sort((a, b) => Number(b.overdue) - Number(a.overdue));
}
