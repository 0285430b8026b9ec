import type { TodoItem } from '../../../contracts/todo.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import {
  beijingDate,
  checkInTiming,
  lateUntil,
  type TermStart,
  termWindows,
} from '../../../domain/terms/index.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { scopeOrgIds } from '../../lib/permissions.js';
import * as repo from './terms.repo.js';

/**
 * What the 节气 calendar asks of a secretary now: the tasks of their branches whose window is
 * running and not checked in (due at the window's end), and those whose window has passed but
 * can still be checked in late (overdue, due at the end of the late period).
 */
export async function termsTodos(ctx: Ctx): Promise<TodoItem[]> {
  return [...(await publishTodos(ctx)), ...(await checkinTodos(ctx))];
}

/**
 * What the 节气 calendar asks of the affairs department (SPEC §4 "The affairs department
 * publishes the year's calendar"): publishing this year's calendar while none covering its org
 * is published (overdue once the year has begun), and from December next year's.
 */
async function publishTodos(ctx: Ctx): Promise<TodoItem[]> {
  const roots = scopeRoots(ctx.user.grants, 'terms.manage');
  if (roots.length === 0) return [];
  const today = todayInChina(ctx.clock);
  const year = Number(today.slice(0, 4));
  const years = today.slice(5, 7) === '12' ? [year, year + 1] : [year];
  const items: TodoItem[] = [];
  const covered = new Set(
    (await repo.publishedCoverage(ctx.db, roots, years)).map((c) => `${c.org_id} ${c.year}`),
  );
  for (const y of years) {
    const missing = roots.filter((orgId) => !covered.has(`${orgId} ${y}`));
    if (missing.length === 0) continue;
    items.push({
      kind: 'terms.publish',
      title: {
        'zh-CN': `请发布 ${y} 年党建工作二十四节气月例表`,
        en: `Publish the ${y} solar-term calendar of party-building work`,
      },
      count: missing.length,
      due: `${y}-01-01`,
      overdue: y === year,
      link: '/terms/calendar',
      orgId: missing.length === 1 ? (missing[0] ?? null) : null,
    });
  }
  return items;
}

/** The secretary's check-ins, on time and late. */
async function checkinTodos(ctx: Ctx): Promise<TodoItem[]> {
  const roots = scopeRoots(ctx.user.grants, 'terms.checkin');
  if (roots.length === 0) return [];
  const now = nowIso(ctx.clock);
  const year = Number(todayInChina(ctx.clock).slice(0, 4));
  const rows = await repo.uncheckedStarted(
    ctx.db,
    await scopeOrgIds(ctx.db, roots, ctx.partyRoots),
    now,
    year - 1,
  );
  if (rows.length === 0) return [];
  const terms = await repo.termsOfCalendars(ctx.db, [...new Set(rows.map((r) => r.calendar_id))]);
  const windows = new Map<number, ReturnType<typeof termWindows>>();
  for (const cid of new Set(terms.map((t) => t.calendar_id))) {
    const mine = terms.filter((t) => t.calendar_id === cid);
    const closes = mine[0]?.closes_at;
    if (closes && mine.length === 24)
      windows.set(
        cid,
        termWindows(
          mine.map((t) => ({
            position: t.position,
            name: t.name as TermStart['name'],
            startsAt: t.starts_at,
          })),
          closes,
        ),
      );
  }
  const open: string[] = [];
  const late: string[] = [];
  for (const r of rows) {
    const w = windows.get(r.calendar_id)?.[r.position];
    if (!w) continue;
    const timing = checkInTiming(w, now);
    if (timing === 'on_time') open.push(beijingDate(w.endsAt));
    if (timing === 'late') late.push(beijingDate(lateUntil(w)));
  }
  const items: TodoItem[] = [];
  if (open.length > 0)
    items.push({
      kind: 'terms.checkin',
      title: {
        'zh-CN': `节气任务：${open.length} 项待打卡`,
        en: `Solar-term tasks: ${open.length} to check in`,
      },
      count: open.length,
      due: open.sort()[0] ?? null,
      overdue: false,
      link: '/terms/checkin',
      orgId: null,
    });
  if (late.length > 0)
    items.push({
      kind: 'terms.late',
      title: {
        'zh-CN': `节气任务：${late.length} 项已过节气，可补打卡`,
        en: `Solar-term tasks: ${late.length} past their term, still open for a late check-in`,
      },
      count: late.length,
      due: late.sort()[0] ?? null,
      overdue: true,
      link: '/terms/checkin',
      orgId: null,
    });
  return items;
}
