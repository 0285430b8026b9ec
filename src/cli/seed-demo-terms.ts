import type { Db } from '../db/kysely.js';
import type { Role } from '../domain/access/roles.js';
import { checkInTiming, lateUntil, type TermWindow } from '../domain/terms/index.js';
import type { Ctx } from '../server/lib/context.js';
import {
  assignTasks,
  checkIn,
  createCalendar,
  getCalendar,
  publishCalendar,
} from '../server/modules/terms/terms.service.js';
import { type DemoTimeline, demoTimeline } from './demo-timeline.js';
import { createRng, isPostgres } from './seed-basics.js';

/**
 * The demo's 二十四节气 calendar, through the real use cases: on 2 January the affairs
 * department starts this year's calendar with the default tasks, publishes it and assigns every
 * task to every branch; each branch then checks in the tasks whose window has started — most on
 * time, some late, some not at all — up to `today`. The demo secretary's branch leaves the
 * running term open, so a visitor can check it in. Tasks that need evidence link an activity the
 * branch recorded in member points (never a second upload). Deterministic for a given `today`.
 */
export async function seedDemoTerms(
  db: Db,
  today: string,
  timeline: DemoTimeline = demoTimeline(today),
): Promise<{ assigned: number; checkins: number }> {
  const rng = createRng(20260204);
  const year = Number(today.slice(0, 4));
  const root = await db
    .selectFrom('org')
    .select('id')
    .where('tree', '=', 'party')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const users = await db
    .selectFrom('app_user')
    .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.account', 'role_grant.role', 'role_grant.org_id'])
    .execute();
  await timeline.moveTo(new Date(`${year}-01-02T02:00:00.000Z`));
  const dialect = isPostgres(db) ? ('postgres' as const) : ('sqlite' as const);
  const ctxOf = (userId: number, account: string, role: Role, orgId: number): Ctx => ({
    db,
    dialect,
    clock: timeline.clock,
    dataDir: '',
    user: { id: userId, account, displayName: account, memberId: null, grants: [{ role, orgId }] },
    locale: 'zh-CN',
  });
  const affairsUser = users.find((u) => u.account === 'affairs');
  if (!affairsUser) throw new Error('demo account affairs missing');
  const affairs = ctxOf(affairsUser.id, 'affairs', 'affairs', root.id);

  const created = await createCalendar(affairs, { orgId: root.id, year });
  await publishCalendar(affairs, created.id);
  const cal = await getCalendar(affairs, created.id);
  const assigned = await assignTasks(affairs, cal.id, {
    taskIds: cal.tasks.map((x) => x.id),
    mode: 'subtree',
    orgIds: [root.id],
  });

  // The demo's history stops where its timeline does: 08:00 on the day loaded (a minute ago today).
  const endOfToday = timeline.ceiling.getTime();
  const demoBranch = users.find((u) => u.account === 'secretary')?.org_id;
  const rows = await db
    .selectFrom('terms_assignment')
    .innerJoin('terms_task', 'terms_task.id', 'terms_assignment.task_id')
    .select([
      'terms_assignment.id',
      'terms_assignment.org_id',
      'terms_assignment.position',
      'terms_task.evidence_required',
    ])
    .where('terms_assignment.calendar_id', '=', cal.id)
    .orderBy('terms_assignment.id')
    .execute();
  const activities = await db
    .selectFrom('points_activity')
    .select(['id', 'branch_id', 'occurred_on'])
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
  const plan: { at: number; assignmentId: number; ctx: Ctx; activityId: number | null; evidence: boolean }[] =
    [];
  for (const a of rows) {
    const w = cal.terms[a.position] as TermWindow | undefined;
    if (!w || Date.parse(w.startsAt) > endOfToday) continue;
    const sec = users.find((u) => u.role === 'secretary' && u.org_id === a.org_id);
    const roll = rng.next();
    const offset = rng.next();
    if (!sec) continue;
    const running = checkInTiming(w, new Date(endOfToday).toISOString()) === 'on_time';
    if (a.org_id === demoBranch && running) continue;
    // 78% on time, 10% late, the rest never checked in.
    const start = Date.parse(w.startsAt);
    const end = Date.parse(w.endsAt);
    let at: number;
    if (roll < 0.78) at = start + 3_600_000 + offset * (end - start - 7_200_000);
    else if (roll < 0.88) at = end + 3_600_000 + offset * (Date.parse(lateUntil(w)) - end - 7_200_000);
    else continue;
    if (at > endOfToday) continue;
    const activity = activities.find((x) => x.branch_id === a.org_id) ?? null;
    if (a.evidence_required === 1 && !activity) continue;
    plan.push({
      at,
      assignmentId: a.id,
      ctx: ctxOf(sec.id, sec.account, 'secretary', a.org_id),
      activityId: a.evidence_required === 1 ? (activity?.id ?? null) : null,
      evidence: a.evidence_required === 1,
    });
  }
  plan.sort((x, y) => x.at - y.at || x.assignmentId - y.assignmentId);
  for (const p of plan) {
    await timeline.moveTo(new Date(Math.floor(p.at / 60_000) * 60_000));
    await checkIn(p.ctx, p.assignmentId, {
      note: p.evidence ? '已按要求完成，相关活动记录见关联。' : '已按要求完成。',
      fileIds: [],
      activityIds: p.activityId ? [p.activityId] : [],
      entryIds: [],
    });
  }
  return { assigned: assigned.created, checkins: plan.length };
}
