/**
 * The annual inspection of the demo (SPEC §5), run through the real use cases: last year's
 * campaign over the 18 departments and grassroots units, published (self-checks, hearing scores
 * of three inspectors, findings, rectification items of which some are closed), and this year's
 * campaign in its on-site stage. The democratic and ledger components are not seeded here (their
 * modules seed their own); until then the results show them void.
 */

import type { Db } from '../db/kysely.js';
import type { Role } from '../domain/access/roles.js';
import { addWorkingDays } from '../domain/calendar/index.js';
import type { Ctx } from '../server/lib/context.js';
import { loadHolidayCalendar } from '../server/modules/calendar/calendar.service.js';
import {
  createCampaign,
  transitionCampaign,
  updateCampaign,
} from '../server/modules/inspection/campaign.service.js';
import {
  closeRectification,
  createRectification,
} from '../server/modules/inspection/rectification.service.js';
import {
  addFinding,
  getUnitInspection,
  markReviewDone,
  saveHearing,
  saveSelfCheck,
} from '../server/modules/inspection/scoring.service.js';
import { bootstrapUser } from '../server/modules/org/bootstrap.js';
import { type DemoTimeline, demoTimeline } from './demo-timeline.js';
import { createRng, isPostgres, type Rng } from './seed-basics.js';

const FINDING_NOTES = [
  '理论学习中心组学习记录不完整',
  '“三会一课”会议记录缺少签到',
  '廉洁风险防控台帐未按季度更新',
  '党建项目推进材料不全',
  '党员发展档案材料缺页',
  '主题党日活动缺少影像资料',
];

export async function seedDemoInspection(
  db: Db,
  today: string,
  timeline: DemoTimeline = demoTimeline(today),
): Promise<{ campaigns: number; findings: number }> {
  const rng = createRng(20_261_207);
  const year = Number(today.slice(0, 4));
  const dialect = isPostgres(db) ? ('postgres' as const) : ('sqlite' as const);
  const root = await db
    .selectFrom('org')
    .select(['id'])
    .where('tree', '=', 'party')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const account = async (name: string) =>
    db
      .selectFrom('app_user')
      .select(['id', 'member_id', 'password_hash'])
      .where('account', '=', name)
      .executeTakeFirstOrThrow();
  const inspector = await account('inspector');
  // Two more members of the team, with the demo inspector's password.
  const team = [inspector.id];
  /** The walk's time at `when` (or just after, once the walk is past it), as stored. */
  const setUpAt = async (when: Date) => {
    await timeline.moveTo(when);
    return timeline.clock.now().toISOString();
  };
  for (const [acc, label] of [
    ['inspector2', '检查考核组成员（二）'],
    ['inspector3', '检查考核组成员（三）'],
  ] as const) {
    const existing = await db
      .selectFrom('app_user')
      .select('id')
      .where('account', '=', acc)
      .executeTakeFirst();
    team.push(
      existing?.id ??
        (await bootstrapUser(
          db,
          {
            account: acc,
            displayName: label,
            passwordHash: inspector.password_hash,
            grants: [{ role: 'inspector', orgId: root.id }],
            memberId: null,
          },
          await setUpAt(new Date(`${year - 1}-12-01T01:00:00.000Z`)),
        )),
    );
  }
  // 10:00 on the day, on the demo's walk through the year (never later than it reaches).
  const at = (day: string) => timeline.moveTo(new Date(`${day}T02:00:00.000Z`));
  await at(`${year - 1}-12-01`);
  const ctxOf = (userId: number, memberId: number | null, grants: { role: Role; orgId: number }[]): Ctx => ({
    db,
    dialect,
    clock: timeline.clock,
    dataDir: '',
    user: { id: userId, account: `demo-${userId}`, displayName: `demo-${userId}`, memberId, grants },
    locale: 'zh-CN',
  });
  const affairsUser = await account('affairs');
  const committeeUser = await account('committee');
  const affairs = ctxOf(affairsUser.id, null, [{ role: 'affairs', orgId: root.id }]);
  const committee = ctxOf(committeeUser.id, null, [{ role: 'committee', orgId: root.id }]);
  const inspectors = await Promise.all(
    team.map(async (id) => {
      const u = await db
        .selectFrom('app_user')
        .select(['member_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return ctxOf(id, u.member_id, [{ role: 'inspector', orgId: root.id }]);
    }),
  );
  /** A secretary of a branch serving the unit (or a unit under it), who self-checks for it. */
  const secretaryOf = async (unitId: number): Promise<Ctx | null> => {
    const row = await db
      .selectFrom('org as b')
      .innerJoin('org_closure as c', 'c.descendant_id', 'b.linked_unit_id')
      .innerJoin('role_grant as g', 'g.org_id', 'b.id')
      .innerJoin('app_user as u', 'u.id', 'g.user_id')
      .select(['u.id', 'u.member_id', 'b.id as branch_id'])
      .where('c.ancestor_id', '=', unitId)
      .where('g.role', '=', 'secretary')
      .orderBy('b.id')
      .executeTakeFirst();
    return row ? ctxOf(row.id, row.member_id, [{ role: 'secretary', orgId: row.branch_id }]) : null;
  };
  /** Runs a scoring call as each inspector in turn until one may score the unit (not their own). */
  const asScorer = async <T>(
    unitId: number,
    skip: number,
    fn: (ctx: Ctx) => Promise<T>,
  ): Promise<T | null> => {
    for (let i = 0; i < inspectors.length; i += 1) {
      const ctx = inspectors[(i + skip) % inspectors.length] as Ctx;
      try {
        return await fn(ctx);
      } catch (e) {
        if ((e as { code?: string }).code !== 'own_unit') throw e;
      }
    }
    void unitId;
    return null;
  };
  let findings = 0;

  const selfCheckAll = async (
    id: number,
    units: { orgId: number }[],
    crit: { id: number; max: number }[],
    share: number,
    r: Rng,
  ) => {
    for (const u of units) {
      if (r.next() > share) continue;
      const sec = await secretaryOf(u.orgId);
      if (!sec) continue;
      await saveSelfCheck(sec, id, u.orgId, {
        items: crit.map((k) => ({
          criterionId: k.id,
          self: k.max - 50 * r.int(0, Math.floor(k.max / 500)),
          note: '已按细则逐项自查',
          fileIds: [],
          records: [],
        })),
        selfReport:
          '本单位认真落实全面从严治党主体责任，对照考核细则逐项自查，总结成绩、查找不足并提出整改措施。',
        submit: true,
      });
    }
  };
  const inspectAll = async (
    id: number,
    units: { orgId: number }[],
    crit: { id: number }[],
    r: Rng,
    full: boolean,
  ) => {
    for (const [n, u] of units.entries()) {
      if (!full && n % 3 === 2) continue;
      for (let s = 0; s < inspectors.length; s += 1) {
        await asScorer(u.orgId, s, (ctx) => saveHearing(ctx, id, u.orgId, { score: 100 * r.int(78, 97) }));
      }
      const count = r.int(0, 3);
      for (let i = 0; i < count; i += 1) {
        const k = crit[r.int(0, crit.length - 1)] as { id: number };
        await asScorer(u.orgId, i, (ctx) =>
          addFinding(ctx, id, u.orgId, {
            criterionId: k.id,
            deduction: 50 * r.int(1, 6),
            note: FINDING_NOTES[r.int(0, FINDING_NOTES.length - 1)] as string,
            fileIds: [],
          }),
        );
        findings += 1;
      }
      if (full) await asScorer(u.orgId, 0, (ctx) => markReviewDone(ctx, id, u.orgId));
    }
  };

  // Last year's campaign: published in January of this year.
  await at(`${year - 1}-12-01`);
  const last = await createCampaign(affairs, {
    orgId: root.id,
    year: year - 1,
    title: `${year - 1}年度党建工作综合检查考核`,
    criteriaFrom: 'template',
    inspectorIds: team,
  });
  await transitionCampaign(affairs, last.id, 'open_self_check');
  await selfCheckAll(last.id, last.unitList, last.criteria, 0.95, rng);
  await at(`${year - 1}-12-21`);
  await transitionCampaign(affairs, last.id, 'start_inspection');
  await inspectAll(last.id, last.unitList, last.criteria, rng, true);
  // Its democratic evaluation (closed, one unit under five ballots) and scored ledger sample.
  const { seedDemoInspectionBallots } = await import('./seed-demo-inspection-ballots.js');
  await seedDemoInspectionBallots(
    db,
    today,
    { campaignId: last.id, finishedOn: `${year - 1}-12-22` },
    timeline,
  );
  // Some findings become rectification items; about half were closed after publication.
  const items: { id: number; owner: Ctx }[] = [];
  for (const u of last.unitList.slice(0, 8)) {
    const view = await getUnitInspection(affairs, last.id, u.orgId);
    const f = view.findings[0];
    const sec = await secretaryOf(u.orgId);
    if (!f || !sec) continue;
    const item = await createRectification(affairs, f.id, {
      ownerUserId: sec.user.id,
      title: `整改：${f.note}`,
      workingDays: 20,
    });
    items.push({ id: item.id, owner: sec });
  }
  await at(`${year}-01-08`);
  await transitionCampaign(affairs, last.id, 'submit_review');
  await transitionCampaign(committee, last.id, 'publish');
  await at(`${year}-01-20`);
  for (const item of items.slice(0, Math.ceil(items.length / 2)))
    await closeRectification(item.owner, item.id, { note: '已完成整改，补齐相关记录并建立长效机制' });

  // This year's campaign: criteria copied from last year, on site now.
  // Created and opened a month of working days ago, on site from today.
  const cal = await loadHolidayCalendar(db);
  const opened = addWorkingDays(cal, today, -22);
  await at(opened);
  const now = await createCampaign(affairs, {
    orgId: root.id,
    year,
    title: `${year}年度党建工作综合检查考核`,
    criteriaFrom: 'last_year',
    inspectorIds: team,
  });
  const onsiteFrom = addWorkingDays(cal, today, 0);
  await updateCampaign(affairs, now.id, {
    timetable: {
      onsiteFrom,
      onsiteTo: addWorkingDays(cal, onsiteFrom, 10),
      publishOn: addWorkingDays(cal, onsiteFrom, 25),
    },
  });
  await transitionCampaign(affairs, now.id, 'open_self_check');
  await selfCheckAll(now.id, now.unitList, now.criteria, 0.8, rng);
  await at(today);
  await transitionCampaign(affairs, now.id, 'start_inspection');
  await inspectAll(now.id, now.unitList.slice(0, 9), now.criteria, rng, false);
  return { campaigns: 2, findings };
}
