import type { Db } from '../db/kysely.js';
import type { Role } from '../domain/access/roles.js';
import type { ProjectAction } from '../domain/projects/lifecycle.js';
import type { Ctx } from '../server/lib/context.js';
import { adoptProject } from '../server/modules/projects/library.service.js';
import { reportMilestone } from '../server/modules/projects/milestones.service.js';
import { setPanel, submitScore } from '../server/modules/projects/panel.service.js';
import {
  actOnProject,
  createProject,
  draftPlan,
  getProject,
  issuePlan,
  updateProject,
} from '../server/modules/projects/projects.service.js';
import { type DemoTimeline, demoTimeline } from './demo-timeline.js';
import { isPostgres } from './seed-basics.js';

const DEMO_BRANCH_NAME = '变电运维中心第一党支部';

/**
 * A year of party-building projects through the real use cases: last year's 党员服务队 project of
 * the demo branch runs its whole life (plan, proposal, milestone reports, summary, three panel
 * members, 优秀, promoted to the library); this year the committee copies last year's plan and
 * drafts more from a template, issues it, and branches move their projects to every state — some
 * with overdue milestones — and another branch adopts the promoted project. Steps dated after
 * `today` are not taken.
 */
export async function seedDemoProjects(
  db: Db,
  today: string,
  timeline: DemoTimeline = demoTimeline(today),
): Promise<{ projects: number }> {
  const year = Number(today.slice(0, 4));
  const last = year - 1;
  const root = await db
    .selectFrom('org')
    .select('id')
    .where('tree', '=', 'party')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const grants = await db
    .selectFrom('app_user')
    .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
    .innerJoin('org', 'org.id', 'role_grant.org_id')
    .select(['app_user.id', 'app_user.account', 'role_grant.role', 'role_grant.org_id', 'org.name'])
    .orderBy('role_grant.org_id')
    .execute();
  const dialect = isPostgres(db) ? ('postgres' as const) : ('sqlite' as const);
  const ctxAs = (account: string, role: Role): Ctx => {
    const g = grants.find((x) => x.account === account && x.role === role);
    if (!g) throw new Error(`demo account ${account} (${role}) missing`);
    return {
      db,
      dialect,
      clock: timeline.clock,
      dataDir: '',
      user: { id: g.id, account, displayName: account, memberId: null, grants: [{ role, orgId: g.org_id }] },
      locale: 'zh-CN',
    };
  };
  /**
   * Moves the walk to 10:00 Beijing time of `day`; false when the day is after today. Last
   * year's project is recorded when the platform is set up (the walk starts then).
   */
  const on = async (day: string) => {
    if (day > today) return false;
    await timeline.moveTo(new Date(`${day}T02:00:00.000Z`));
    return true;
  };
  const committee = () => ctxAs('committee', 'committee');
  const secretaries = grants.filter((g) => g.role === 'secretary');
  const demo = secretaries.find((g) => g.name === DEMO_BRANCH_NAME) ?? secretaries[0];
  if (!demo || secretaries.length < 10) return { projects: 0 };
  const others = secretaries.filter((g) => g.org_id !== demo.org_id);
  const sec = (g: { account: string }) => ctxAs(g.account, 'secretary');
  const act = (ctx: Ctx, id: number, action: ProjectAction, comment?: string) =>
    actOnProject(ctx, id, action, comment);
  const milestones = (y: number) => [
    { name: '调研摸底', deliverable: '调研报告', due: `${y}-03-31` },
    { name: '组建队伍、制定方案', deliverable: '实施方案', due: `${y}-06-30` },
    { name: '集中实施', deliverable: '服务台账', due: `${y}-09-30` },
  ];
  const content = {
    title: '“电力红马甲”党员服务队',
    requirements: '围绕优质服务和安全生产，组建党员服务队，开展上门服务和隐患排查，形成可复制的做法。',
    objectives: '服务辖区重点用户 100 户，消除隐患 50 处。',
    expectedResults: '服务台账、典型案例、经验材料各 1 份。',
    tags: ['党建+优质服务', '党员服务队'],
  };
  let count = 0;

  // Last year: the demo branch's project from plan to the library.
  if (!(await on(`${last}-01-10`))) return { projects: 0 };
  const drafted = await draftPlan(committee(), {
    orgId: root.id,
    year: last,
    source: 'template',
    template: { ...content, measures: '', teamMemberIds: [], milestones: milestones(last) },
    ownerOrgIds: [demo.org_id],
  });
  await issuePlan(committee(), root.id, last);
  const p0 = drafted.projectIds[0] ?? 0;
  count += 1;
  const team = await db
    .selectFrom('member')
    .select('id')
    .where('branch_id', '=', demo.org_id)
    .orderBy('id')
    .limit(3)
    .execute();
  await on(`${last}-01-20`);
  await updateProject(sec(demo), p0, {
    measures: '一是建立“网格+党员”责任区；二是每月开展一次上门服务；三是建立隐患闭环台账。',
    teamMemberIds: team.map((m) => m.id),
  });
  await act(sec(demo), p0, 'submit');
  await on(`${last}-01-25`);
  await act(committee(), p0, 'approve', '同意立项，请按节点推进。');
  await on(`${last}-02-01`);
  await act(sec(demo), p0, 'start');
  const d0 = await getProject(committee(), p0);
  for (const [i, m] of d0.milestones.entries()) {
    await on(m.currentDue.replace(/-\d\d$/, '-25'));
    const activity = await db
      .selectFrom('points_activity')
      .select('id')
      .where('branch_id', '=', demo.org_id)
      .where('occurred_on', '<=', m.currentDue)
      .orderBy('occurred_on', 'desc')
      .executeTakeFirst();
    await reportMilestone(sec(demo), p0, m.id, {
      progress: i === d0.milestones.length - 1 ? 'done' : 'on_track',
      text: `${m.name}按计划完成。`,
      fileIds: [],
      activityIds: activity ? [activity.id] : [],
      entryIds: [],
      evalEvidenceIds: [],
    });
  }
  await on(`${last}-11-20`);
  await updateProject(sec(demo), p0, {
    summary: '全年上门服务 126 户，消除隐患 58 处，形成“红马甲”服务清单和典型案例 3 个。',
  });
  await act(sec(demo), p0, 'submit_summary');
  await on(`${last}-11-22`);
  const panelists = grants.filter(
    (g) => ['committee', 'affairs', 'inspector'].includes(g.role) && g.org_id === root.id,
  );
  const panelUsers = [...new Set(panelists.map((g) => g.account))].slice(0, 3);
  if (panelUsers.length >= 3) {
    await setPanel(committee(), p0, {
      userIds: panelUsers.map((a) => grants.find((g) => g.account === a)?.id ?? 0),
    });
    const sheets = [
      [2900, 2400, 2400, 1900],
      [2800, 2300, 2400, 1800],
      [3000, 2500, 2300, 2000],
    ];
    for (const [i, account] of panelUsers.entries()) {
      const g = grants.find(
        (x) => x.account === account && ['committee', 'affairs', 'inspector'].includes(x.role),
      );
      if (!g) continue;
      await on(`${last}-11-2${5 + i}`);
      const s = sheets[i] ?? [];
      await submitScore(ctxAs(account, g.role as Role), p0, {
        scores: ['goal', 'innovation', 'effect', 'promotion'].map((code, k) => ({ code, points: s[k] ?? 0 })),
      });
    }
    await on(`${last}-11-30`);
    await act(committee(), p0, 'promote', '做法可复制，推广入库。');
  }

  // This year: copy last year's plan, add template projects, issue, and move them along.
  if (!(await on(`${year}-01-08`))) return { projects: count };
  const owners = others.slice(0, 5);
  const copied = await draftPlan(committee(), { orgId: root.id, year, source: 'last_year', ownerOrgIds: [] });
  const fromTemplate = await draftPlan(committee(), {
    orgId: root.id,
    year,
    source: 'template',
    template: {
      title: '安全生产党员先锋岗',
      requirements: '在生产一线设立党员先锋岗，党员带头落实安全规程，开展安全隐患“随手拍”。',
      objectives: '',
      measures: '',
      expectedResults: '',
      tags: ['党建+安全生产'],
      teamMemberIds: [],
      milestones: [
        { name: '设岗定责', deliverable: '先锋岗清单', due: `${year}-02-27` },
        { name: '季度评比', deliverable: '评比记录', due: `${year}-06-30` },
        { name: '年度总结', deliverable: '总结报告', due: `${year}-11-30` },
      ],
    },
    ownerOrgIds: owners.map((o) => o.org_id),
  });
  if (!(await on(`${year}-01-10`))) return { projects: count };
  await issuePlan(committee(), root.id, year);
  count += copied.count + fromTemplate.count;
  const ids = fromTemplate.projectIds;
  const run = async (day: string, fn: () => Promise<unknown>) => {
    if (await on(day)) await fn();
  };
  // The demo branch's copy: approved and implementing, first milestone reported.
  const mine = copied.projectIds[0] ?? 0;
  await run(`${year}-01-20`, () => act(sec(demo), mine, 'submit'));
  await run(`${year}-01-25`, () => act(committee(), mine, 'approve', '继续深化。'));
  await run(`${year}-02-01`, () => act(sec(demo), mine, 'start'));
  await run(`${year}-03-25`, async () => {
    const m = (await getProject(committee(), mine)).milestones[0];
    // The 主题党日 the branch already recorded is linked, not uploaded again.
    const activity = await db
      .selectFrom('points_activity')
      .select('id')
      .where('branch_id', '=', demo.org_id)
      .where('occurred_on', '<=', `${year}-03-25`)
      .orderBy('occurred_on', 'desc')
      .executeTakeFirst();
    if (m)
      await reportMilestone(sec(demo), mine, m.id, {
        progress: 'on_track',
        text: '完成调研，结合主题党日征求群众意见。',
        fileIds: [],
        activityIds: activity ? [activity.id] : [],
        entryIds: [],
        evalEvidenceIds: [],
      });
  });
  const [t1, t2, t3, t4, t5] = ids;
  const [o1, o2, o3, o4, o5] = owners;
  // Implementing, nothing reported: overdue milestones.
  if (t1 && o1) {
    await run(`${year}-01-15`, () => act(sec(o1), t1, 'submit'));
    await run(`${year}-01-18`, () => act(committee(), t1, 'approve'));
    await run(`${year}-01-20`, () => act(sec(o1), t1, 'start'));
  }
  // Waiting in the committee's intake.
  if (t2 && o2) await run(`${year}-01-22`, () => act(sec(o2), t2, 'submit'));
  // Approved, not started yet.
  if (t3 && o3) {
    await run(`${year}-01-26`, () => act(sec(o3), t3, 'submit'));
    await run(`${year}-02-03`, () => act(committee(), t3, 'approve', '同意立项。'));
  }
  // Suspended while implementing:
  if (t4 && o4) {
    await run(`${year}-01-15`, () => act(sec(o4), t4, 'submit'));
    await run(`${year}-01-18`, () => act(committee(), t4, 'approve'));
    await run(`${year}-01-20`, () => act(sec(o4), t4, 'start'));
    await run(`${year}-02-10`, () => act(committee(), t4, 'suspend', '班组重组，暂缓实施。'));
  }
  // Cancelled.
  if (t5 && o5) await run(`${year}-02-15`, () => act(committee(), t5, 'cancel', '与其他项目合并。'));
  // Branches' own proposals: one rejected, one returned.
  const p6 = others[5];
  const p7 = others[6];
  const propose = async (g: { account: string; org_id: number }, title: string, tags: string[]) => {
    const r = await createProject(sec(g), {
      orgId: g.org_id,
      year,
      origin: 'proposed',
      title,
      requirements: '',
      objectives: '',
      measures: '',
      expectedResults: '',
      tags,
      teamMemberIds: [],
      milestones: [{ name: '方案', deliverable: '实施方案', due: `${year}-04-30` }],
    });
    count += 1;
    return r.id;
  };
  if (p6 && (await on(`${year}-02-01`))) {
    const id = await propose(p6, '“党建+新能源”共建', ['党建+新能源']);
    await act(sec(p6), id, 'submit');
    await run(`${year}-02-05`, () => act(committee(), id, 'reject', '与年度重点工作重复。'));
  }
  if (p7 && (await on(`${year}-02-01`))) {
    const id = await propose(p7, '青年党员技能攻关', ['党员先锋']);
    await act(sec(p7), id, 'submit');
    await run(`${year}-02-06`, () => act(committee(), id, 'return', '请补充具体攻关课题和时间节点。'));
  }
  // Another branch adopts last year's promoted project.
  const adopter = others[7];
  if (adopter && (await on(`${year}-02-10`))) {
    const src = await getProject(committee(), p0);
    if (src.state === 'promoted') {
      const a = await adoptProject(sec(adopter), p0, adopter.org_id, year);
      count += 1;
      await run(`${year}-02-12`, () => act(sec(adopter), a.id, 'submit'));
      await run(`${year}-02-15`, () => act(committee(), a.id, 'approve', '同意复制推广。'));
      await run(`${year}-02-16`, () => act(sec(adopter), a.id, 'start'));
    }
  }
  return { projects: count };
}
