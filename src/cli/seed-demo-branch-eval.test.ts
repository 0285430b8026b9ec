import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/kysely.js';
import type { Ctx } from '../server/lib/context.js';
import { parsePlanJson } from '../server/modules/branch-eval/branch-eval.common.js';
import { getBranchMonth } from '../server/modules/branch-eval/round/round.service.js';
import { fixedClock, type TestDb, testDialect } from '../server/test/harness.js';
import { demoTestDb } from '../test-support/demo-db.js';
import { demoTimeline } from './demo-timeline.js';
import { branchSecretaryAccount, DEMO_BRANCH_CODE } from './seed-demo.js';

/**
 * The demo's joint evaluation on 24 November 2026: January to October published, November's
 * self-evaluation window open with part of the branches done — the demo secretary's not yet.
 */
describe('the demo joint evaluation', () => {
  let t: TestDb;
  let db: Db;
  beforeAll(async () => {
    // A year of the round through the use cases: a minute on a loaded 2-core PostgreSQL machine.
    // The run seeds this day once; the journey of the same day (fewer-actions) reads a copy.
    t = await demoTestDb({ today: '2026-11-24' });
    db = t.handle.db;
  }, 600_000);
  afterAll(() => t?.drop());

  const branchCount = async () =>
    (await db.selectFrom('org').select('id').where('kind', '=', 'branch').execute()).length;

  it('has a plausible history: audit rows from before the year, none after the morning of the day it was loaded', async () => {
    const rows = await db.selectFrom('audit_log').select(['seq', 'at', 'action']).orderBy('seq').execute();
    expect(rows.length).toBeGreaterThan(100);
    const latest = '2026-11-24T00:00:00.000Z'; // 08:00 in Beijing
    for (const r of rows) expect(r.at <= latest, `${r.seq} ${r.action} at ${r.at}`).toBe(true);
    expect(rows[0]?.at.slice(0, 7)).toBe('2025-11');
  });

  it('writes its audit rows in time order: times never go back as the sequence goes on, none after the ceiling', async () => {
    const rows = await db.selectFrom('audit_log').select(['seq', 'at', 'action']).orderBy('seq').execute();
    const ceiling = demoTimeline('2026-11-24').ceiling.toISOString();
    const backwards = rows.filter((r, i) => i > 0 && r.at < (rows[i - 1]?.at ?? ''));
    expect(
      backwards.slice(0, 5).map((r) => `${r.seq} ${r.action} at ${r.at}`),
      `${backwards.length} rows earlier than the row before them`,
    ).toEqual([]);
    expect(rows.filter((r) => r.at > ceiling).map((r) => `${r.seq} ${r.action} at ${r.at}`)).toEqual([]);
    // The history spans the year, not one instant: the order above is not met by equal times.
    expect(new Set(rows.map((r) => r.at.slice(0, 7))).size).toBeGreaterThan(10);
  });

  it('published each ended quarter about a week after it ended, not on the day the demo loaded', async () => {
    const quarters = await db
      .selectFrom('points_quarter')
      .select(['quarter', 'state', 'closed_at', 'published_at'])
      .orderBy('quarter')
      .execute();
    const published = quarters.filter((q) => q.state === 'published');
    expect(published.map((q) => q.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(published.map((q) => q.published_at?.slice(0, 7))).toEqual(['2026-04', '2026-07', '2026-10']);
    for (const q of published) expect((q.closed_at ?? '') < (q.published_at ?? '')).toBe(true);
  });

  it('gives every branch a secretary account', async () => {
    const accounts = await db
      .selectFrom('app_user')
      .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
      .select(['app_user.account'])
      .where('role_grant.role', '=', 'secretary')
      .execute();
    expect(accounts).toHaveLength(await branchCount());
    expect(accounts.map((a) => a.account)).toContain(branchSecretaryAccount('BHB14'));
  });

  it('has every points entry and activity entered by a secretary of its branch (or affairs/admin)', async () => {
    const grants = await db.selectFrom('role_grant').select(['user_id', 'role', 'org_id']).execute();
    const closure = await db.selectFrom('org_closure').select(['ancestor_id', 'descendant_id']).execute();
    const above = new Map<number, Set<number>>();
    for (const c of closure)
      above.set(c.descendant_id, (above.get(c.descendant_id) ?? new Set()).add(c.ancestor_id));
    const mayEnter = (userId: number, branchId: number) =>
      grants.some(
        (g) =>
          g.user_id === userId &&
          (g.role === 'affairs' ||
            g.role === 'admin' ||
            (g.role === 'secretary' && (above.get(branchId)?.has(g.org_id) ?? false))),
      );
    for (const table of ['points_entry', 'points_activity'] as const) {
      const rows = await db.selectFrom(table).select(['created_by', 'branch_id']).distinct().execute();
      expect(rows.length).toBeGreaterThan(0);
      const wrong = rows.filter((r) => !mayEnter(r.created_by, r.branch_id));
      expect(wrong, `${table}: ${JSON.stringify(wrong.slice(0, 5))}`).toEqual([]);
    }
    // The demo branch's secretary enters for the demo branch only.
    const demo = await db
      .selectFrom('points_entry as e')
      .innerJoin('app_user as u', 'u.id', 'e.created_by')
      .innerJoin('org as o', 'o.id', 'e.branch_id')
      .select(['o.code'])
      .where('u.account', '=', 'secretary')
      .distinct()
      .execute();
    expect(demo.map((r) => r.code)).toEqual([DEMO_BRANCH_CODE]);
  });

  it('approved every branch a plan for each quarter before it started, a few of them tailored', async () => {
    const plans = await db.selectFrom('be_plan').select(['quarter', 'current_version_id']).execute();
    const n = await branchCount();
    for (const q of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) {
      expect(plans.filter((p) => p.quarter === q)).toHaveLength(n);
    }
    const versions = await db
      .selectFrom('be_plan_version')
      .select(['state', 'approved_at', 'plan_json'])
      .execute();
    expect(versions.filter((v) => v.state === 'approved').length).toBe(4 * n);
    expect(versions.filter((v) => v.plan_json.includes('"B05"')).length).toBeGreaterThanOrEqual(4 * 3);
  });

  it('published January to October with a score and rank for every branch', async () => {
    const months = await db
      .selectFrom('be_month')
      .select(['id', 'month', 'state'])
      .orderBy('month')
      .execute();
    expect(months.filter((m) => m.state === 'published').map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    const october = months.find((m) => m.month === '2026-10');
    const scores = await db
      .selectFrom('be_month_score')
      .select(['total', 'rank', 'movement'])
      .where('month_id', '=', october?.id ?? 0)
      .execute();
    expect(scores).toHaveLength(await branchCount());
    expect(Math.min(...scores.map((s) => s.rank))).toBe(1);
    // Rankings move from month to month, and totals are real scores out of 100 (+10).
    expect(scores.some((s) => (s.movement ?? 0) !== 0)).toBe(true);
    for (const s of scores) expect(s.total).toBeGreaterThan(3000);
    for (const s of scores) expect(s.total).toBeLessThanOrEqual(11000);
  });

  it('links the 主题党日 recorded in member points as evidence instead of uploading it again', async () => {
    const links = await db
      .selectFrom('be_evidence_ref')
      .select(['ref_id'])
      .where('ref_type', '=', 'points_activity')
      .execute();
    expect(links.length).toBeGreaterThan(10 * 30);
  });

  it('self-evaluates and verifies each sheet as its view lists it: the plan’s indicators in order, with the saved self scores', async () => {
    // The seed reads a branch's indicators from its plan once per quarter instead of through the
    // sheet's view before each step; the view must list exactly those, in that order.
    const root = await db
      .selectFrom('org')
      .select('id')
      .where('tree', '=', 'party')
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
    const office = await db
      .selectFrom('app_user')
      .select('id')
      .where('account', '=', 'evaloffice')
      .executeTakeFirstOrThrow();
    const ctx: Ctx = {
      db,
      dialect: testDialect,
      clock: fixedClock('2026-11-24T02:00:00.000Z'),
      dataDir: '',
      user: {
        id: office.id,
        account: 'evaloffice',
        displayName: 'evaloffice',
        memberId: null,
        grants: [{ role: 'eval_office', orgId: root.id }],
      },
      locale: 'zh-CN',
    };
    // February (a branch missed its meeting), August, and the running November.
    for (const month of ['2026-02', '2026-08', '2026-11']) {
      const sheets = await db
        .selectFrom('be_branch_month')
        .innerJoin('be_month', 'be_month.id', 'be_branch_month.month_id')
        .innerJoin('be_plan_version', 'be_plan_version.id', 'be_branch_month.plan_version_id')
        .select(['be_branch_month.id', 'be_branch_month.branch_id', 'be_plan_version.plan_json'])
        .where('be_month.month', '=', month)
        .execute();
      expect(sheets.length).toBeGreaterThan(10);
      for (const sheet of sheets) {
        const saved = await db
          .selectFrom('be_self_score')
          .select(['code', 'score'])
          .where('branch_month_id', '=', sheet.id)
          .execute();
        const scoreOf = new Map(saved.map((r) => [r.code, r.score]));
        const fromPlan = parsePlanJson(sheet.plan_json).indicators.map((i) => ({
          code: i.code,
          category: i.category,
          maxPoints: i.maxPoints,
          selfScore: scoreOf.get(i.code) ?? null,
        }));
        const view = await getBranchMonth(ctx, sheet.branch_id, month);
        expect(
          view.indicators.map((i) => ({
            code: i.code,
            category: i.category,
            maxPoints: i.maxPoints,
            selfScore: i.selfScore,
          })),
          `${month} branch ${sheet.branch_id}`,
        ).toEqual(fromPlan);
      }
    }
  });

  it('leaves November open: some branches submitted and scored peers, the demo branch not yet', async () => {
    const november = await db
      .selectFrom('be_month')
      .select(['id', 'state'])
      .where('month', '=', '2026-11')
      .executeTakeFirstOrThrow();
    expect(november.state).toBe('open');
    const sheets = await db
      .selectFrom('be_branch_month')
      .innerJoin('org', 'org.id', 'be_branch_month.branch_id')
      .select(['org.code', 'be_branch_month.state'])
      .where('month_id', '=', november.id)
      .execute();
    const submitted = sheets.filter((s) => s.state === 'self_submitted');
    expect(submitted.length).toBeGreaterThan(10);
    expect(submitted.length).toBeLessThan(await branchCount());
    expect(sheets.find((s) => s.code === DEMO_BRANCH_CODE)?.state ?? 'self_open').toBe('self_open');
    const peer = await db
      .selectFrom('be_peer_score')
      .select('code')
      .where('month_id', '=', november.id)
      .execute();
    expect(peer.length).toBeGreaterThan(0);
  });
});
