import type { Db } from '../db/kysely.js';
import type { Role } from '../domain/access/roles.js';
import type { Category } from '../domain/branch-eval/indicators.js';
import { monthDeadlines } from '../domain/branch-eval/round.js';
import { addDays, monthKey, monthRange, quarterKey, quarterRange } from '../domain/calendar/index.js';
import { appendAudit } from '../server/lib/audit.js';
import type { Ctx } from '../server/lib/context.js';
import { parsePlanJson } from '../server/modules/branch-eval/branch-eval.common.js';
import { createIndicator, createTemplate } from '../server/modules/branch-eval/library/library.service.js';
import {
  generatePlans,
  listPlans,
  planStep,
  tailorPlanOf,
} from '../server/modules/branch-eval/library/plan.service.js';
import { peerTaskList, submitPeer } from '../server/modules/branch-eval/round/peer.service.js';
import * as roundRepo from '../server/modules/branch-eval/round/round.repo.js';
import {
  approveMonth,
  branchMonthStep,
  publishMonth,
  saveSelf,
} from '../server/modules/branch-eval/round/round.service.js';
import { saveVerification } from '../server/modules/branch-eval/verification/verification.service.js';
import { loadHolidayCalendar } from '../server/modules/calendar/calendar.service.js';
import { systemActor } from '../server/modules/org/bootstrap.js';
import type { DemoTimeline } from './demo-timeline.js';
import { createRng, isPostgres, type Rng } from './seed-basics.js';

interface DemoIndicator {
  code: string;
  name: string;
  category: Category;
  /** Hundredths. */
  maxPoints: number;
  criteria: string;
  evidenceRequired: boolean;
}

/**
 * The demo committee's indicator library (指标库): 100 points over mandatory 30 + basic 40 +
 * evaluative 30, innovation up to 10. B05 is not in the template; a few branches that recruit
 * members this year get it in their tailored plans (量身定制).
 */
export const demoIndicators: DemoIndicator[] = [
  {
    code: 'M01',
    name: '按期召开支部委员会',
    category: 'mandatory',
    maxPoints: 1000,
    criteria: '每月至少召开 1 次支委会，研究支部重要事项，会议记录完整。未召开的本项不得分并标记必备项缺失。',
    evidenceRequired: false,
  },
  {
    code: 'M02',
    name: '按期开展主题党日',
    category: 'mandatory',
    maxPoints: 1000,
    criteria: '每月固定开展 1 次主题党日，有方案、签到和活动记录；可直接关联党员亮分中已登记的活动。',
    evidenceRequired: true,
  },
  {
    code: 'M03',
    name: '按时足额收缴党费',
    category: 'mandatory',
    maxPoints: 1000,
    criteria: '按月收缴党费，台账与缴纳凭证一致。',
    evidenceRequired: false,
  },
  {
    code: 'B01',
    name: '“三会一课”落实',
    category: 'basic',
    maxPoints: 1000,
    criteria: '党员大会、支委会、党小组会和党课按计划开展，每缺 1 项扣 2 分。',
    evidenceRequired: false,
  },
  {
    code: 'B02',
    name: '理论学习',
    category: 'basic',
    maxPoints: 1000,
    criteria: '集中学习每月不少于 1 次，学习内容与上级要求一致，有学习记录。',
    evidenceRequired: false,
  },
  {
    code: 'B03',
    name: '党员教育管理',
    category: 'basic',
    maxPoints: 1000,
    criteria: '党员积分按周审核，谈心谈话覆盖全体党员，流动党员管理到位。',
    evidenceRequired: false,
  },
  {
    code: 'B04',
    name: '党建工作台账',
    category: 'basic',
    maxPoints: 1000,
    criteria: '组织生活、党费、党员信息等台账规范完整、及时更新。',
    evidenceRequired: false,
  },
  {
    code: 'B05',
    name: '发展党员',
    category: 'basic',
    maxPoints: 500,
    criteria: '按年度计划做好入党积极分子培养和发展对象考察，程序规范。',
    evidenceRequired: false,
  },
  {
    code: 'E01',
    name: '党建与安全生产融合',
    category: 'evaluative',
    maxPoints: 1000,
    criteria: '党员责任区、党员示范岗在安全生产、迎峰度夏（冬）、抢修保电中发挥作用（互评）。',
    evidenceRequired: false,
  },
  {
    code: 'E02',
    name: '服务群众满意度',
    category: 'evaluative',
    maxPoints: 1000,
    criteria: '供电服务、“获得电力”优质服务成效，群众和客户评价（互评）。',
    evidenceRequired: false,
  },
  {
    code: 'E03',
    name: '支部作风建设',
    category: 'evaluative',
    maxPoints: 1000,
    criteria: '落实中央八项规定精神，整治形式主义、官僚主义，廉洁风险防控（互评）。',
    evidenceRequired: false,
  },
  {
    code: 'I01',
    name: '党建创新案例',
    category: 'innovation',
    maxPoints: 500,
    criteria: '形成可复制的党建创新做法，经联评联考办公室认定。',
    evidenceRequired: false,
  },
  {
    code: 'I02',
    name: '经验做法获上级推广',
    category: 'innovation',
    maxPoints: 500,
    criteria: '支部经验做法被市公司及以上党组织推广或媒体报道。',
    evidenceRequired: false,
  },
];

const TEMPLATE_CODES = demoIndicators.map((i) => i.code).filter((c) => c !== 'B05');
/** Branches that recruit members this year: their plans take B05 (5 points) from B04. */
const RECRUITING = 3;

const half = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v / 50) * 50));

interface DemoBranch {
  id: number;
  code: string;
  /** The secretary's account id. */
  userId: number;
  account: string;
  /** The branch's usual standard (share of the max), so rankings are stable yet move. */
  quality: number;
  /** Records its evidence in the month's last days (the daily-work signal shows it). */
  crams: boolean;
}

/** Beijing time on a day, as an instant for the seed's clock. */
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`);

/**
 * The demo's branch joint evaluation (联评联考), run through the real use cases on a clock that
 * walks through the year: the library and the template; every quarter's plans generated and
 * approved before the quarter starts (a few tailored); each month up to `today` self-evaluated
 * (the 主题党日 linked from the member-points activity as evidence, not uploaded again), peer
 * scored, verified, approved and published; the running month left open with part of the
 * branches done — the demo secretary's branch not yet, so a visitor can do it; the month whose
 * verification runs today left half verified. Deterministic for a given `today`.
 */
export async function seedDemoBranchEval(
  db: Db,
  today: string,
  timeline: DemoTimeline,
): Promise<{ months: number; plans: number; published: number }> {
  const rng = createRng(20260301);
  const year = Number(today.slice(0, 4));
  const root = await db
    .selectFrom('org')
    .select(['id'])
    .where('tree', '=', 'party')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const users = await db
    .selectFrom('app_user')
    .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.account', 'role_grant.role', 'role_grant.org_id'])
    .execute();
  const userOf = (account: string) => {
    const u = users.find((x) => x.account === account);
    if (!u) throw new Error(`demo account ${account} missing`);
    return u;
  };
  await timeline.moveTo(at(`${year - 1}-12-01`));
  const dialect = isPostgres(db) ? ('postgres' as const) : ('sqlite' as const);
  const ctxOf = (account: string, role: Role, orgId: number): Ctx => ({
    db,
    dialect,
    clock: timeline.clock,
    dataDir: '',
    user: {
      id: userOf(account).id,
      account,
      displayName: account,
      memberId: null,
      grants: [{ role, orgId }],
    },
    locale: 'zh-CN',
  });
  const affairs = () => ctxOf('affairs', 'affairs', root.id);
  const office = () => ctxOf('evaloffice', 'eval_office', root.id);
  const committee = () => ctxOf('committee', 'committee', root.id);

  const branchRows = await db
    .selectFrom('org')
    .select(['id', 'code'])
    .where('tree', '=', 'party')
    .where('kind', '=', 'branch')
    .where('active_to', 'is', null)
    .orderBy('code')
    .execute();
  const branches: DemoBranch[] = branchRows.flatMap((b) => {
    const sec = users.find((u) => u.role === 'secretary' && u.org_id === b.id);
    if (!sec) return [];
    return [
      {
        id: b.id,
        code: b.code,
        userId: sec.id,
        account: sec.account,
        quality: 0.62 + rng.next() * 0.33,
        crams: rng.chance(0.15),
      },
    ];
  });
  const demoBranch = users.find((u) => u.account === 'secretary')?.org_id;
  const secretary = (b: DemoBranch) => ctxOf(b.account, 'secretary', b.id);

  // The library (党群工作部) and the template (联评联考办公室), set up last December.
  for (const i of demoIndicators) await createIndicator(affairs(), { orgId: root.id, ...i });
  const template = await createTemplate(office(), {
    orgId: root.id,
    name: `${year}年度党支部联评联考指标模板`,
    indicators: TEMPLATE_CODES.map((code) => ({ code })),
  });

  const cal = await loadHolidayCalendar(db);
  const running = { month: Number(today.slice(5, 7)), quarter: Math.ceil(Number(today.slice(5, 7)) / 3) };
  let plans = 0;
  // Plans: generated and approved ten days before each quarter, up to the running one; in the
  // last month of a quarter the next quarter's are generated and wait for the committee.
  const lastQuarter = running.month % 3 === 0 && running.quarter < 4 ? running.quarter + 1 : running.quarter;
  // Each quarter's plans are made when the walk through the year reaches their day (the clock
  // only moves forward), before that quarter's first month is evaluated.
  let lastPrepared = timeline.start;
  for (let q = 1; q <= lastQuarter; q++) {
    const quarter = quarterKey(year, q);
    const { start } = quarterRange(year, q);
    const prepareOn = addDays(start, -10) < today ? addDays(start, -10) : today;
    lastPrepared = at(prepareOn, 9);
    timeline.schedule(lastPrepared, () => preparePlans(q, quarter));
  }
  const preparePlans = async (q: number, quarter: string) => {
    await generatePlans(office(), { templateId: template.id, quarter });
    const list = await listPlans(office(), { orgId: root.id, quarter, page: 1, pageSize: 200 });
    for (const [k, p] of list.items.entries()) {
      if (k < RECRUITING) {
        await tailorPlanOf(office(), p.id, {
          add: [{ code: 'B05', maxPoints: 500 }],
          points: { B04: 500 },
          note: '本年度有发展党员计划，增设“发展党员”指标',
        });
      }
      if (q <= running.quarter) await planStep(committee(), p.id, 'approve', undefined);
      plans += 1;
    }
  };

  // A branch's indicators for a month: those of its plan for the quarter, in the approved version
  // (plans are approved before their quarter starts and frozen from then on), in the plan's order
  // — what the month's sheet lists. Read once per branch and quarter: reading them through the
  // whole sheet view before each step cost a fifth of the seed's statements.
  const planIndicators = new Map<string, readonly SheetIndicator[]>();
  const indicatorsFor = async (branchId: number, quarter: string) => {
    const k = `${branchId} ${quarter}`;
    const known = planIndicators.get(k);
    if (known) return known;
    const row = await db
      .selectFrom('be_plan')
      .innerJoin('be_plan_version', 'be_plan_version.id', 'be_plan.current_version_id')
      .select('be_plan_version.plan_json')
      .where('be_plan.branch_id', '=', branchId)
      .where('be_plan.quarter', '=', quarter)
      .executeTakeFirstOrThrow();
    const indicators = parsePlanJson(row.plan_json).indicators;
    planIndicators.set(k, indicators);
    return indicators;
  };

  let months = 0;
  let published = 0;
  for (let m = 1; m <= running.month; m++) {
    const key = monthKey(year, m);
    const d = monthDeadlines(cal, year, m);
    if (today < d.opensOn) break;
    months += 1;
    const isRunning = today <= d.selfDue;
    const form = new Map(
      branches.map((b) => [b.id, Math.max(0.35, Math.min(1, b.quality + (rng.next() - 0.5) * 0.14))]),
    );
    const activities = await db
      .selectFrom('points_activity')
      .select(['id', 'branch_id'])
      .where('occurred_on', '>=', d.opensOn)
      .where('occurred_on', '<', addDays(d.opensOn, 31))
      .where('title', 'like', `${m}月%`)
      .execute();
    const activityOf = new Map(activities.map((a) => [a.branch_id, a.id]));
    const missed = new Set<number>();
    const indicatorsOf = new Map<number, readonly SheetIndicator[]>();
    const selfScoresOf = new Map<number, Map<string, number>>();
    const quarter = quarterKey(year, Math.ceil(m / 3));
    if (!isRunning && m % 4 === 2) missed.add(rng.pick(branches).id);

    // Self-evaluation, on a working day before the deadline (or today, for the running month).
    const selfDay = isRunning ? today : addDays(d.selfDue, -rng.int(0, 2));
    for (const b of branches) {
      if (isRunning && (b.id === demoBranch || rng.chance(0.4))) continue;
      await timeline.moveTo(at(b.crams && !isRunning ? d.selfDue : selfDay, 9 + rng.int(0, 7)));
      const f = form.get(b.id) ?? 0.8;
      const activityId = activityOf.get(b.id);
      const indicators = await indicatorsFor(b.id, quarter);
      indicatorsOf.set(b.id, indicators);
      const entries = selfEntries(rng, indicators, f, missed.has(b.id), activityId);
      selfScoresOf.set(b.id, new Map(entries.map((e) => [e.code, e.score])));
      if (b.crams && !isRunning) {
        // A branch that records its work at the month's end: its members' entries of the last
        // three days back 党员教育管理 — the daily-work signal shows it beside the score.
        const { end } = monthRange(year, m);
        const late = await db
          .selectFrom('points_entry')
          .select('id')
          .where('branch_id', '=', b.id)
          .where('activity_id', 'is', null)
          .where('state', 'in', ['submitted', 'approved'])
          .where('occurred_on', '>=', addDays(end, -2))
          .where('occurred_on', '<=', end)
          .limit(20)
          .execute();
        const b03 = entries.find((e) => e.code === 'B03');
        if (b03 && late.length > 0) Object.assign(b03, { entryIds: late.map((x) => x.id) });
      }
      await saveSelf(secretary(b), b.id, key, { entries });
      // In the running month a branch whose 主题党日 has not been recorded yet has no evidence
      // for M02: its sheet stays a draft until it has (submitting would be refused).
      const awaitsEvidence =
        isRunning && activityId === undefined && indicators.some((i) => i.code === 'M02');
      if (!awaitsEvidence) await branchMonthStep(secretary(b), b.id, key, 'submit', undefined);
    }
    // Peer evaluation, in the same window, by every branch. The running month goes through the
    // use case (part of the branches, so a visitor finds some sheets still to do); the months
    // before it are written as whole sheets in one transaction per month — the same rows the
    // use case writes, without its per-sheet checks, which the month's approval would not need.
    const scoresFor = (ratedId: number, indicators: readonly SheetIndicator[]) => {
      const rated = form.get(ratedId) ?? 0.8;
      const scores: Record<string, number> = {};
      for (const i of indicators) {
        if (i.category !== 'evaluative') continue;
        scores[i.code] = half(i.maxPoints * (rated + (rng.next() - 0.5) * 0.2), i.maxPoints);
      }
      return scores;
    };
    if (isRunning) {
      for (const b of branches) {
        if (b.id === demoBranch || rng.chance(0.5)) continue;
        await timeline.moveTo(at(today, 15));
        for (const t of await peerTaskList(secretary(b), key, [b.id])) {
          if (t.submitted || !t.open) continue;
          const scores = scoresFor(t.ratedBranchId, t.indicators);
          await submitPeer(secretary(b), key, t.ratedBranchId, { raterBranchId: b.id, scores });
        }
      }
    } else {
      const monthRow = await db
        .selectFrom('be_month')
        .select('id')
        .where('org_id', '=', root.id)
        .where('month', '=', key)
        .executeTakeFirstOrThrow();
      await timeline.moveTo(at(d.peerDue, 15));
      const submittedAt = timeline.clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        const assignments = await roundRepo.assignmentsOfMonth(trx, monthRow.id);
        for (const a of assignments) {
          const scores = scoresFor(a.rated_branch_id, indicatorsOf.get(a.rated_branch_id) ?? []);
          await roundRepo.replacePeerSheet(trx, monthRow.id, a.rated_branch_id, a.rater_branch_id, scores);
        }
        await appendAudit(trx, systemActor, submittedAt, [
          {
            action: 'seed.demo.peer',
            entityType: 'be_month',
            entityId: monthRow.id,
            orgId: root.id,
            after: { month: key, sheets: assignments.length },
          },
        ]);
      });
    }
    if (isRunning) break;

    // Verification by the office in the first working days of the next month.
    const verifyingNow = today <= d.verifyDue;
    for (const [k, b] of branches.entries()) {
      if (verifyingNow && k % 2 === 1) continue;
      await timeline.moveTo(at(verifyingNow ? today : d.verifyStart, 9 + (k % 8)));
      // The sheet as the office sees it: the plan's indicators with the self-evaluation's scores.
      const selfScores = selfScoresOf.get(b.id);
      const sheet = (indicatorsOf.get(b.id) ?? []).map((i) => ({
        ...i,
        selfScore: selfScores?.get(i.code) ?? null,
      }));
      const view = await saveVerification(office(), b.id, key, {
        entries: verificationEntries(rng, sheet, missed.has(b.id)),
      });
      if (view.issues.some((i) => i.severity === 'error')) continue;
      await branchMonthStep(office(), b.id, key, 'verify', undefined);
    }
    if (verifyingNow) break;

    // The committee approves (审定) the month for all branches at once and publishes it.
    await timeline.moveTo(at(d.verifyDue, 16));
    await approveMonth(committee(), root.id, key);
    await timeline.moveTo(at(d.verifyDue, 17));
    await publishMonth(committee(), root.id, key);
    published += 1;
  }
  // Plans prepared after the last month walked (the next quarter's, in a quarter's last month).
  if (lastPrepared > timeline.clock.now()) await timeline.moveTo(lastPrepared);
  return { months, plans, published };
}

type SheetIndicator = Pick<DemoIndicator, 'code' | 'category' | 'maxPoints'>;

export function selfEntries(
  rng: Rng,
  indicators: readonly SheetIndicator[],
  form: number,
  missed: boolean,
  activityId: number | undefined,
) {
  return indicators.flatMap((i) => {
    switch (i.category) {
      case 'mandatory': {
        const done = !(missed && i.code === 'M01');
        return [
          {
            code: i.code,
            score: done ? i.maxPoints : 0,
            note: done ? null : '本月因迎峰度冬保电任务未召开支委会',
            ...(i.code === 'M02' && activityId ? { activityIds: [activityId] } : {}),
          },
        ];
      }
      case 'basic':
      case 'evaluative':
        return [
          {
            code: i.code,
            score: half(i.maxPoints * (form + 0.06 + (rng.next() - 0.5) * 0.08), i.maxPoints),
            note: rng.chance(0.3) ? '已按计划完成，详见台账' : null,
          },
        ];
      default:
        // innovation: claimed now and then
        return rng.chance(0.12) ? [{ code: i.code, score: i.maxPoints, note: '形成“党建+安全”工作法' }] : [];
    }
  });
}

interface VerificationEntry {
  code: string;
  verified?: number | null;
  done?: boolean | null;
  innovationAward?: number | null;
  reason?: string | null;
}

export function verificationEntries(
  rng: Rng,
  indicators: readonly (SheetIndicator & { selfScore: number | null })[],
  missed: boolean,
): VerificationEntry[] {
  return indicators.flatMap((i): VerificationEntry[] => {
    const { code, selfScore: score } = i;
    if (score == null) return [];
    switch (i.category) {
      case 'mandatory':
        return [
          missed && code === 'M01'
            ? { code, done: false, reason: '本月未召开支委会' }
            : { code, done: true, verified: i.maxPoints },
        ];
      case 'basic':
      case 'evaluative': {
        const cut = rng.chance(0.15);
        return [
          {
            code,
            verified: cut ? half(score - 50 * rng.int(1, 4), i.maxPoints) : score,
            reason: cut ? '佐证材料不足，酌情扣分' : null,
          },
        ];
      }
      default: {
        // innovation: the office awards most claims
        const award = rng.chance(0.7) ? score : 0;
        return [{ code, innovationAward: award, reason: award === score ? null : '创新成效未达认定标准' }];
      }
    }
  });
}
