import type { TodoItem } from '../../../contracts/todo.js';
import { rolesAt } from '../../../domain/access/roles.js';
import { type Ctx, todayInChina } from '../../lib/context.js';
import { ancestorsOf } from '../../lib/permissions.js';
import { unitsOfUser } from './inspection.common.js';
import * as repo from './inspection.repo.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * What the annual inspection asks of this user now (SPEC §5 timetable, working-day dates set by
 * the organiser): a unit's self-check until submitted (due the self-check date); an inspector's
 * units still without their hearing score (due the last on-site day); the affairs department's
 * set-up and stage steps; the committee's review (due the publication date); and the owner's open
 * rectification items (each due its working-day date).
 */
export async function inspectionTodos(ctx: Ctx): Promise<TodoItem[]> {
  const { db, user } = ctx;
  const today = todayInChina(ctx.clock);
  const out: TodoItem[] = [];
  const item = (
    kind: string,
    title: ReturnType<typeof t>,
    count: number,
    due: string | null,
    link: string,
    orgId: number | null,
  ) => out.push({ kind, title, count, due, overdue: due !== null && today > due, link, orgId });
  for (const c of await repo.listCampaigns(db, null)) {
    if (c.state === 'published') continue;
    const roles = rolesAt(user.grants, await ancestorsOf(db, c.org_id));
    const link = `/inspection/${c.id}`;
    const full = await repo.findCampaign(db, c.id);
    if (!full) continue;
    const units = await repo.campaignUnits(db, c.id);
    if (c.state === 'self_check') {
      const mine = await unitsOfUser(
        db,
        user,
        units.map((u) => u.org_id),
      );
      const open = units.filter((u) => mine.selfCheck.has(u.org_id) && u.self_submitted_at === null);
      if (open.length > 0)
        item(
          'inspection.self_check',
          t(`完成${c.year}年度检查考核自查自评`, `Complete the ${c.year} inspection self-check`),
          open.length,
          full.self_check_due,
          `${link}/self-check/${open[0]?.org_id}`,
          open[0]?.org_id ?? null,
        );
    }
    if (
      c.state === 'inspecting' &&
      roles.includes('inspector') &&
      (await repo.isInspector(db, c.id, user.id))
    ) {
      const scored = new Set(
        (await repo.hearingScores(db, c.id)).filter((h) => h.inspector_id === user.id).map((h) => h.org_id),
      );
      const mine = await unitsOfUser(
        db,
        user,
        units.map((u) => u.org_id),
      );
      const left = units.filter((u) => !scored.has(u.org_id) && !mine.belongs.has(u.org_id)).length;
      if (left > 0)
        item(
          'inspection.hearing',
          t('听取汇报并评分', 'Hear and score unit reports'),
          left,
          full.onsite_to,
          link,
          c.org_id,
        );
    }
    if (roles.includes('affairs')) {
      if (c.state === 'draft')
        item(
          'inspection.setup',
          t(
            `完成${c.year}年度检查考核设置并启动自查`,
            `Set up the ${c.year} inspection and open the self-check`,
          ),
          1,
          null,
          link,
          c.org_id,
        );
      if (c.state === 'self_check' && full.self_check_due && today > full.self_check_due)
        item(
          'inspection.start',
          t('自查已截止，启动现场检查', 'The self-check is due: start the on-site inspection'),
          1,
          full.self_check_due,
          link,
          c.org_id,
        );
    }
    if (roles.includes('committee') && c.state === 'review')
      item(
        'inspection.review',
        t(`审定并公布${c.year}年度综合检查考核结果`, `Review and publish the ${c.year} inspection results`),
        1,
        full.publish_on,
        `${link}/results`,
        c.org_id,
      );
  }
  const own = await repo.rectifications(db, { ownerId: user.id, state: 'open' });
  const mineOpen = own.filter((r) => r.owner_user_id === user.id);
  if (mineOpen.length > 0) {
    const due = mineOpen.map((r) => r.due_on).sort()[0] ?? null;
    item(
      'inspection.rectification',
      t('落实检查考核整改事项', 'Carry out inspection rectification items'),
      mineOpen.length,
      due,
      '/inspection/rectifications',
      null,
    );
  }
  return out;
}
