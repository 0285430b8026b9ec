import type { TodoItem } from '../../../contracts/todo.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import { addDays } from '../../../domain/calendar/index.js';
import { milestoneStatus } from '../../../domain/projects/index.js';
import { type Ctx, todayInChina } from '../../lib/context.js';
import { scopeOrgIds } from '../../lib/permissions.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import { ruleInForce } from './projects.common.js';
import * as repo from './projects.repo.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * What projects ask of this user now (SPEC §4): the owner's reminders (3 working days before a
 * milestone is due) and overdue milestones; escalations to the affairs department (5 working days
 * overdue) and the committee (10) — settings of the plan; the committee's intake of proposals,
 * due-date change requests and summaries waiting for a panel; a panel member's sheets to score.
 */
export async function projectsTodos(ctx: Ctx): Promise<TodoItem[]> {
  const { db, user } = ctx;
  const out: TodoItem[] = [];
  const today = todayInChina(ctx.clock);
  const cal = ctx.holidays ?? (await loadHolidayCalendar(db));
  // The same roots (an officer holding several roles at one org) are read once.
  const statusesOf = new Map<string, ReturnType<typeof readStatuses>>();
  const statuses = (roots: number[]) => {
    const key = roots.join(',');
    let s = statusesOf.get(key);
    if (!s) {
      s = readStatuses(roots);
      statusesOf.set(key, s);
    }
    return s;
  };
  const readStatuses = async (roots: number[]) => {
    const rows = await repo.openMilestonesIn(
      db,
      await scopeOrgIds(db, roots, ctx.partyRoots),
      addDays(today, 30),
    );
    const rules = new Map<string, Awaited<ReturnType<typeof ruleInForce>>>();
    const res = [];
    for (const m of rows) {
      const key = `${m.plan_org_id}:${m.year}`;
      let rule = rules.get(key);
      if (!rule) {
        rule = await ruleInForce(db, m.plan_org_id, m.year);
        rules.set(key, rule);
      }
      res.push({ m, s: milestoneStatus(cal, today, m.current_due, false, rule.milestones) });
    }
    return res;
  };
  const runRoots = scopeRoots(user.grants, 'projects.run');
  const planRoots = scopeRoots(user.grants, 'projects.plan');
  // Every count of the items below in one statement.
  const counts = await repo.todoCounts(db, {
    run: runRoots.length > 0 ? await scopeOrgIds(db, runRoots, ctx.partyRoots) : undefined,
    plan: planRoots.length > 0 ? await scopeOrgIds(db, planRoots, ctx.partyRoots) : undefined,
    userId: user.id,
  });
  if (runRoots.length > 0) {
    const st = await statuses(runRoots);
    const soon = st.filter((x) => x.s.phase === 'due_soon');
    const late = st.filter((x) => x.s.phase === 'overdue');
    if (soon.length > 0)
      out.push({
        kind: 'projects.milestone.reminder',
        title: t(
          `${soon.length} 个项目节点即将到期，请报告`,
          `${soon.length} project milestone(s) due soon: report them`,
        ),
        count: soon.length,
        due: soon[0]?.m.current_due ?? null,
        overdue: false,
        link: '/projects?state=implementing',
        orgId: null,
      });
    if (late.length > 0)
      out.push({
        kind: 'projects.milestone.overdue',
        title: t(`${late.length} 个项目节点已逾期`, `${late.length} project milestone(s) overdue`),
        count: late.length,
        due: late[0]?.m.current_due ?? null,
        overdue: true,
        link: '/projects?overdue=true',
        orgId: null,
      });
    const research = Number(counts.research ?? 0);
    if (research > 0)
      out.push({
        kind: 'projects.proposal.detail',
        title: t(`${research} 个项目待完善立项申请`, `${research} project proposal(s) to detail and submit`),
        count: research,
        due: null,
        overdue: false,
        link: '/projects?state=research',
        orgId: null,
      });
  }
  const escalated = async (role: 'affairs' | 'committee', level: 'affairs' | 'committee') => {
    const roots = [...new Set(user.grants.filter((g) => g.role === role).map((g) => g.orgId))];
    if (roots.length === 0) return;
    const st = (await statuses(roots)).filter(
      (x) => x.s.escalation === 'committee' || (level === 'affairs' && x.s.escalation === 'affairs'),
    );
    if (st.length > 0)
      out.push({
        kind: `projects.escalation.${level}`,
        title: t(
          `${st.length} 个项目节点逾期未报告（已督办）`,
          `${st.length} project milestone(s) overdue, escalated to you`,
        ),
        count: st.length,
        due: st[0]?.m.current_due ?? null,
        overdue: true,
        link: '/projects?overdue=true',
        orgId: null,
      });
  };
  await escalated('affairs', 'affairs');
  await escalated('committee', 'committee');
  if (planRoots.length > 0) {
    const intake = Number(counts.intake ?? 0);
    if (intake > 0)
      out.push({
        kind: 'projects.intake',
        title: t(`${intake} 个立项申请待审批`, `${intake} project proposal(s) to decide`),
        count: intake,
        due: null,
        overdue: false,
        link: '/projects?state=proposal',
        orgId: null,
      });
    const changes = Number(counts.changes ?? 0);
    if (changes > 0)
      out.push({
        kind: 'projects.change',
        title: t(`${changes} 个节点日期变更申请待审批`, `${changes} due-date change request(s) to decide`),
        count: changes,
        due: null,
        overdue: false,
        link: '/projects?state=implementing',
        orgId: null,
      });
    const noPanel = Number(counts.no_panel ?? 0);
    if (noPanel > 0)
      out.push({
        kind: 'projects.panel.name',
        title: t(
          `${noPanel} 个项目已提交总结，待组织评审`,
          `${noPanel} project summary(ies) waiting for a panel`,
        ),
        count: noPanel,
        due: null,
        overdue: false,
        link: '/projects?state=summary',
        orgId: null,
      });
  }
  const sheets = Number(counts.sheets ?? 0);
  if (sheets > 0)
    out.push({
      kind: 'projects.panel.score',
      title: t(`${sheets} 个项目待您评审打分`, `${sheets} project(s) waiting for your score`),
      count: sheets,
      due: null,
      overdue: false,
      link: '/projects?state=summary',
      orgId: null,
    });
  return out;
}
