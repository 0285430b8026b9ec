import type { Insertable } from 'kysely';
import type { Db } from '../db/kysely.js';
import type { PointsEntryTable } from '../db/types.js';
import type { Role } from '../domain/access/roles.js';
import { addDays, dayOfWeek, periodOf, quarterKey, quarterRange } from '../domain/calendar/index.js';
import type { SchemeItem } from '../domain/points/scheme.js';
import { appendAudit } from '../server/lib/audit.js';
import type { Ctx } from '../server/lib/context.js';
import { bumpDataVersion } from '../server/lib/data-version.js';
import { systemActor } from '../server/modules/org/bootstrap.js';
import { quarterAction } from '../server/modules/points/quarter.service.js';
import { insertAdoptedScheme } from '../server/modules/points/scheme.service.js';
import { beijingAt, type DemoTimeline } from './demo-timeline.js';
import { createRng, isPostgres } from './seed-basics.js';

/** The demo scheme's items: what a power-supply bureau's committee typically scores. */
export const demoSchemeItems: SchemeItem[] = [
  {
    code: 'ZZ01',
    name: '参加主题党日活动',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 200 },
    unit: '次',
    quarterCap: { kind: 'count', value: 3 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'ZZ02',
    name: '按时参加“三会一课”',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 100 },
    unit: '次',
    quarterCap: { kind: 'points', value: 600 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'ZZ03',
    name: '理论学习测试成绩优秀',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'range', min: 100, max: 300 },
    unit: '次',
    quarterCap: { kind: 'points', value: 600 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'ZZ04',
    name: '讲专题党课',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 300 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: true,
    veto: false,
  },
  {
    code: 'ZY01',
    name: '技术创新成果获奖',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'range', min: 200, max: 800 },
    unit: '项',
    quarterCap: null,
    evidenceRequired: true,
    veto: false,
  },
  {
    code: 'ZY02',
    name: '岗位技能竞赛获奖',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'range', min: 300, max: 800 },
    unit: '项',
    quarterCap: null,
    evidenceRequired: true,
    veto: false,
  },
  {
    code: 'ZY03',
    name: '合理化建议被采纳',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'fixed', value: 200 },
    unit: '项',
    quarterCap: { kind: 'count', value: 3 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'ZY04',
    name: '党员责任区/示范岗工作成效',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'range', min: 100, max: 300 },
    unit: '次',
    quarterCap: { kind: 'points', value: 600 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'WM01',
    name: '参加志愿服务',
    dimension: 'civility',
    direction: 'bonus',
    points: { kind: 'range', min: 100, max: 300 },
    unit: '次',
    quarterCap: { kind: 'points', value: 800 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'WM02',
    name: '无偿献血',
    dimension: 'civility',
    direction: 'bonus',
    points: { kind: 'fixed', value: 300 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'WM03',
    name: '见义勇为、好人好事受表彰',
    dimension: 'civility',
    direction: 'bonus',
    points: { kind: 'fixed', value: 500 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: true,
    veto: false,
  },
  {
    code: 'KF01',
    name: '无故缺席组织生活',
    dimension: 'political',
    direction: 'deduction',
    points: { kind: 'fixed', value: 300 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'KF02',
    name: '未按时足额交纳党费',
    dimension: 'political',
    direction: 'deduction',
    points: { kind: 'fixed', value: 200 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'KF03',
    name: '违反安全工作规程',
    dimension: 'professional',
    direction: 'deduction',
    points: { kind: 'fixed', value: 500 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'KF04',
    name: '受到党纪政务处分',
    dimension: 'political',
    direction: 'deduction',
    points: { kind: 'fixed', value: 1000 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: true,
    veto: true,
  },
];

/**
 * The demo's member points: this year's scheme, adopted; a 主题党日 recorded once per branch per
 * month as an activity for its members; individual entries; the quarters that have ended closed
 * and published through the real use cases (so boards, ranks and explanations are genuine);
 * and the running quarter with work waiting: entries in the review queue, declarations to
 * confirm, a returned entry. Deterministic for a given `today`.
 */
export async function seedDemoPoints(
  db: Db,
  today: string,
  timeline: DemoTimeline,
): Promise<{ entries: number; activities: number }> {
  const rng = createRng(20260701);
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
    .select(['id', 'account'])
    .where('account', 'in', ['affairs', 'committee'])
    .execute();
  const uid = (a: string) => users.find((u) => u.account === a)?.id ?? users[0]?.id ?? 0;
  // Each branch's records are entered by a secretary of that branch (the nearest secretary grant
  // at the branch or above it), never by another branch's secretary.
  const secretaryGrants = await db
    .selectFrom('role_grant as g')
    .innerJoin('org_closure as c', 'c.ancestor_id', 'g.org_id')
    .select(['c.descendant_id as branch_id', 'g.user_id', 'c.depth'])
    .where('g.role', '=', 'secretary')
    .orderBy('c.descendant_id')
    .orderBy('c.depth')
    .orderBy('g.user_id')
    .execute();
  const secretaryOf = new Map<number, number>();
  for (const g of secretaryGrants) if (!secretaryOf.has(g.branch_id)) secretaryOf.set(g.branch_id, g.user_id);
  /** Who enters a branch's records: its secretary, or affairs where a branch has none. */
  const enteredBy = (branchId: number) => secretaryOf.get(branchId) ?? uid('affairs');
  const at = timeline.start.toISOString();
  const { schemeId } = await insertAdoptedScheme(db, {
    rootOrgId: root.id,
    year,
    name: `${year}年度党员积分管理方案`,
    items: demoSchemeItems,
    byUserId: uid('committee'),
    note: '演示数据',
  });
  const scheme = { id: schemeId };

  const members = await db
    .selectFrom('member')
    .select(['id', 'branch_id', 'join_date'])
    .where('is_party_member', '=', 1)
    .where('active', '=', 1)
    .where('branch_id', 'is not', null)
    .orderBy('id')
    .execute();
  const byBranch = new Map<number, typeof members>();
  for (const m of members) byBranch.set(m.branch_id ?? 0, [...(byBranch.get(m.branch_id ?? 0) ?? []), m]);
  const running = periodOf(today);
  const entries: Insertable<PointsEntryTable>[] = [];
  let activities = 0;
  const entry = (
    m: (typeof members)[number],
    item: SchemeItem,
    date: string,
    state: string,
    activityId: number | null,
    points?: number,
  ): void => {
    const p =
      points ??
      (item.points.kind === 'fixed'
        ? item.points.value
        : item.points.min + 50 * rng.int(0, Math.floor((item.points.max - item.points.min) / 50)));
    const submitted = `${date}T09:30:00.000Z`;
    const approved = state === 'approved';
    entries.push({
      scheme_id: scheme.id,
      member_id: m.id,
      branch_id: m.branch_id ?? 0,
      item_code: item.code,
      occurred_on: date,
      quarter: quarterKey(year, periodOf(date).quarter),
      quantity: 1,
      points: p,
      note: null,
      kind: 'normal',
      state,
      activity_id: activityId,
      revokes_entry_id: null,
      appeal_id: null,
      created_by: enteredBy(m.branch_id ?? 0),
      created_at: submitted,
      updated_at: submitted,
      submitted_at: state === 'declared' ? null : submitted,
      decided_by: approved || state === 'returned' ? uid('affairs') : null,
      decided_at: approved || state === 'returned' ? `${addDays(date, 3)}T08:00:00.000Z` : null,
      decision_reason: state === 'returned' ? '请补充活动照片或签到表' : null,
    });
  };
  const item = (code: string) =>
    demoSchemeItems.find((i) => i.code === code) ?? (demoSchemeItems[0] as SchemeItem);
  for (let month = 1; month <= 12; month++) {
    // Each branch's themed party day (主题党日), recorded once as an activity for its members.
    let day = `${year}-${String(month).padStart(2, '0')}-10`;
    while (dayOfWeek(day) >= 6) day = addDays(day, 1);
    if (day > today) break;
    const quarterOpen = periodOf(day).quarter === running.quarter;
    for (const [branchId, list] of byBranch) {
      const a = await db
        .insertInto('points_activity')
        .values({
          scheme_id: scheme.id,
          branch_id: branchId,
          title: `${month}月主题党日`,
          kind: '主题党日',
          occurred_on: day,
          item_code: 'ZZ01',
          quantity: 1,
          points: 200,
          note: '学习贯彻党的创新理论，开展组织生活',
          created_by: enteredBy(branchId),
          created_at: `${day}T10:00:00.000Z`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      activities += 1;
      for (const m of list) {
        if (m.join_date && m.join_date > day) continue;
        if (rng.chance(0.08)) continue; // absent that day
        entry(m, item('ZZ01'), day, quarterOpen && rng.chance(0.35) ? 'submitted' : 'approved', a.id);
      }
    }
  }
  // Individual entries: each member a few per quarter, dated on weekdays up to today.
  const individual = ['ZZ02', 'ZZ02', 'ZZ03', 'ZY03', 'ZY04', 'WM01', 'WM01', 'WM02', 'KF01', 'KF02', 'KF03'];
  for (let q = 1; q <= running.quarter && running.year === year; q++) {
    const { start, end } = quarterRange(year, q as 1 | 2 | 3 | 4);
    const last = end < today ? end : today;
    for (const m of members) {
      const n = rng.int(1, 5);
      for (let k = 0; k < n; k++) {
        const code = rng.pick(individual);
        if (code.startsWith('KF') && !rng.chance(0.25)) continue;
        const span = Math.max(0, Math.round((Date.parse(last) - Date.parse(start)) / 86_400_000));
        let date = addDays(start, rng.int(0, span));
        while (dayOfWeek(date) >= 6) date = addDays(date, -1);
        if (date < start || (m.join_date && m.join_date > date)) continue;
        const open = q === running.quarter;
        const state = !open
          ? 'approved'
          : rng.chance(0.6)
            ? 'approved'
            : rng.chance(0.75)
              ? 'submitted'
              : rng.chance(0.5)
                ? 'declared'
                : 'returned';
        entry(m, item(code), date, state, null);
      }
    }
  }
  for (let i = 0; i < entries.length; i += 1000) {
    await db
      .insertInto('points_entry')
      .values(entries.slice(i, i + 1000))
      .execute();
  }
  await bumpDataVersion(db, 'entries');
  await db.transaction().execute((trx) =>
    appendAudit(trx, systemActor, at, [
      {
        action: 'seed.demo.points',
        entityType: 'points_scheme',
        entityId: scheme.id,
        orgId: root.id,
        after: { entries: entries.length, activities },
      },
    ]),
  );
  // Every quarter that has ended is closed by affairs a few working days after its end and
  // published by the committee a few days later, through the real use cases, when the demo's
  // walk through the year reaches those days (so its members' appeal windows have passed).
  const grants = (role: Role) => [{ role, orgId: root.id }];
  const ctxOf = (account: string, role: Role): Ctx => ({
    db,
    dialect: isPostgres(db) ? 'postgres' : 'sqlite',
    clock: timeline.clock,
    dataDir: '',
    user: { id: uid(account), account, displayName: account, memberId: null, grants: grants(role) },
    locale: 'zh-CN',
  });
  const weekday = (day: string) => {
    let d = day;
    while (dayOfWeek(d) >= 6) d = addDays(d, 1);
    return d;
  };
  for (let q = 1; q < running.quarter && running.year === year; q++) {
    const key = quarterKey(year, q as 1 | 2 | 3 | 4);
    const { end } = quarterRange(year, q as 1 | 2 | 3 | 4);
    timeline.schedule(beijingAt(weekday(addDays(end, 4)), 10, 30), async () => {
      await quarterAction(ctxOf('affairs', 'affairs'), scheme.id, key, 'close');
    });
    timeline.schedule(beijingAt(weekday(addDays(end, 8)), 15), async () => {
      await quarterAction(ctxOf('committee', 'committee'), scheme.id, key, 'publish');
    });
  }
  return { entries: entries.length, activities };
}
