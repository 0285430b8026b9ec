import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BRANCH_CODE, DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { bureauRound } from './branch-eval-round.js';
import {
  journeyClock,
  loginThroughForm,
  newPage,
  type Served,
  serveDemo,
  shot,
  shotsDir,
} from './harness.js';

/**
 * Journeys (issue: fewer actions, SPEC §7 burden), each counting the secretary's or reviewer's
 * clicks and keystrokes and printing them: a 主题党日 for 28 of 30 members with one photo; the
 * activity approved as a group; a month's peer sheets on one screen; verification typed over a
 * prefilled score, the next branch opening at its header. On the demo as of 24 November 2026
 * (November's round open), the office's part on 1 December.
 */
const JOURNEY_TIMEOUT = 300_000;
const MONTH = '2026-11';
const TITLE = '11月主题党日——学习党的二十届四中全会精神';
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Counts what a person does: each click, fill, file pick or key press is one action. */
function counter() {
  let n = 0;
  return {
    async act<T>(f: () => Promise<T>, actions = 1): Promise<T> {
      n += actions;
      return f();
    },
    get count() {
      return n;
    },
  };
}

function report(name: string, text: string) {
  process.stdout.write(`\n${text}\n`);
  fs.writeFileSync(path.join(shotsDir, `${name}.txt`), `${text}\n`);
}

describe('fewer actions', () => {
  const clock = journeyClock('2026-11-24');
  let s: Served;
  let branch: { id: number; name: string };
  beforeAll(async () => {
    s = await serveDemo({ today: '2026-11-24', clock });
    branch = await s.db
      .selectFrom('org')
      .select(['id', 'name'])
      .where('code', '=', DEMO_BRANCH_CODE)
      .executeTakeFirstOrThrow();
  }, JOURNEY_TIMEOUT);
  afterAll(() => s?.close());

  it(
    'a 主题党日 for 28 of 30 members with one photo, in at most 8 actions',
    async () => {
      const roster = await s.db
        .selectFrom('member')
        .select(['id', 'name'])
        .where('branch_id', '=', branch.id)
        .where('active', '=', 1)
        .where('is_party_member', '=', 1)
        .orderBy('employee_no')
        .execute();
      expect(roster).toHaveLength(30);
      const absent = roster.slice(-2);
      const { context, page } = await newPage(s);
      await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
      const c = counter();
      await c.act(() => page.getByRole('menuitem', { name: '积分录入' }).click());
      await c.act(() => page.getByRole('tab', { name: '活动录入' }).click());
      await c.act(() => page.getByLabel('活动名称').fill(TITLE));
      // Everyone is ticked already: untick the two who were absent.
      for (const m of absent) {
        const box = page.getByRole('checkbox', { name: m.name, exact: true });
        await expect.poll(() => box.isChecked(), { timeout: 30_000 }).toBe(true);
        await c.act(() => box.uncheck());
      }
      await c.act(() =>
        page
          .locator('input[type="file"]')
          .first()
          .setInputFiles({ name: '主题党日合影.png', mimeType: 'image/png', buffer: png }),
      );
      const submit = page.getByRole('button', { name: '为 28 人录入' });
      await expect.poll(() => submit.count(), { timeout: 30_000 }).toBe(1);
      await expect
        .poll(() => page.getByText('主题党日合影.png').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await shot(page, 'fewer-01-theme-day-form');
      await c.act(() => submit.click());
      await expect
        .poll(() => page.getByText('活动已记录，生成 28 条积分记录').count(), { timeout: 30_000 })
        .toBe(1);
      report('fewer-theme-day-effort', `主题党日 for 28 of 30 members with one photo: ${c.count} actions`);
      expect(c.count).toBeLessThanOrEqual(8);
      const activity = await s.db
        .selectFrom('points_activity')
        .select(['id', 'item_code', 'occurred_on'])
        .where('title', '=', TITLE)
        .executeTakeFirstOrThrow();
      expect(activity.occurred_on).toBe('2026-11-24');
      const entries = await s.db
        .selectFrom('points_entry')
        .select('member_id')
        .where('activity_id', '=', activity.id)
        .execute();
      expect(entries.map((e) => e.member_id).sort()).toEqual(
        roster
          .slice(0, 28)
          .map((m) => m.id)
          .sort(),
      );
      const photos = await s.db
        .selectFrom('evidence_link')
        .select('file_id')
        .where('entity_type', '=', 'points_activity')
        .where('entity_id', '=', activity.id)
        .execute();
      expect(photos).toHaveLength(1);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'the reviewer approves the activity as a group in the queue, seeing its photo and who was absent',
    async () => {
      const { context, page } = await newPage(s);
      await loginThroughForm(page, 'affairs', DEMO_PASSWORD);
      const c = counter();
      await c.act(() => page.getByRole('menuitem', { name: '积分审核' }).click());
      const line = page.locator('.kh-pa-group').filter({ hasText: TITLE });
      await expect
        .poll(() => line.getByRole('button', { name: `通过“${TITLE}”的全部 28 条记录` }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      await shot(page, 'fewer-02-review-grouped');
      await c.act(() => line.getByRole('button', { name: TITLE, exact: true }).click());
      const drawer = page.getByRole('dialog');
      await expect.poll(() => drawer.getByText('缺席（2）').count(), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => drawer.getByRole('img').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await shot(page, 'fewer-03-review-activity-drawer');
      await c.act(() => drawer.getByRole('button', { name: '全部通过（28）' }).click());
      const activity = await s.db
        .selectFrom('points_activity')
        .select('id')
        .where('title', '=', TITLE)
        .executeTakeFirstOrThrow();
      await expect
        .poll(
          async () =>
            (
              await s.db
                .selectFrom('points_entry')
                .select('id')
                .where('activity_id', '=', activity.id)
                .where('state', '=', 'approved')
                .execute()
            ).length,
          { timeout: 30_000 },
        )
        .toBe(28);
      report('fewer-review-group-effort', `a 28-member activity approved as a group: ${c.count} actions`);
      // Its page shows who attended, now approved, and who did not.
      await page.goto(`/points/activities/${activity.id}`);
      await expect.poll(() => page.getByText('缺席（2）').count(), { timeout: 30_000 }).toBe(1);
      await shot(page, 'fewer-04-activity-detail');
      // The queue at 1440 px: the reject button is in view.
      await page.goto('/points/review?group=entry');
      const reject = page.getByRole('button', { name: '驳回' }).first();
      await expect.poll(() => reject.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const box = await reject.boundingBox();
      expect(box && box.x + box.width <= 1440).toBe(true);
      await shot(page, 'fewer-04-review-queue-1440');
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'a month’s peer sheets on one screen, in at most 25 actions',
    async () => {
      const { context, page } = await newPage(s);
      await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
      const c = counter();
      await c.act(() => page.getByRole('menuitem', { name: '互评' }).click());
      const levels = page.getByRole('button', { name: /：较好（/ });
      await expect.poll(() => levels.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const n = await levels.count();
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThanOrEqual(8);
      for (let k = 0; k < n; k++) await c.act(() => levels.nth(k).click());
      // One score adjusted by hand: the field, then two keys over what the level filled.
      const first = page.getByLabel(/互评分$/).first();
      await c.act(() => first.click());
      await c.act(() => first.press('Control+a'));
      await c.act(() => page.keyboard.type('7'));
      await shot(page, 'fewer-05-peer-month');
      await c.act(() => page.getByRole('button', { name: `提交 ${n} 个支部的评价` }).click());
      await expect
        .poll(() => page.getByText(`已提交 ${n} 个支部的评价`).count(), { timeout: 30_000 })
        .toBe(1);
      report('fewer-peer-effort', `a month's peer work (${n} branches): ${c.count} actions`);
      expect(c.count).toBeLessThanOrEqual(25);
      const month = await s.db
        .selectFrom('be_peer_score as p')
        .innerJoin('be_month as m', 'm.id', 'p.month_id')
        .select(['p.rated_branch_id', 'p.score'])
        .where('m.month', '=', MONTH)
        .where('p.rater_branch_id', '=', branch.id)
        .execute();
      expect(new Set(month.map((r) => r.rated_branch_id)).size).toBe(n);
      expect(month.some((r) => r.score === 700)).toBe(true);
      await shot(page, 'fewer-06-peer-submitted');
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'verification typed over a prefilled score, and the next branch opens at its header',
    async () => {
      const round = bureauRound(s.db, clock);
      const open = (await round.sheets(MONTH)).filter(
        (x) => (x.state === null || x.state === 'self_open') && x.code !== DEMO_BRANCH_CODE,
      );
      const two = open.slice(0, 2);
      expect(two).toHaveLength(2);
      await round.selfEvaluate(
        MONTH,
        two.map((x) => x.id),
      );
      clock.set('2026-12-01');
      const { context, page } = await newPage(s, { width: 1366, height: 900 });
      await loginThroughForm(page, 'evaloffice', DEMO_PASSWORD);
      await page.goto(`/branch-eval/verify?month=${MONTH}&branch=${two[0]?.id}`);
      const score = page.locator('[data-verify-primary="B01"]');
      await expect.poll(() => score.isEnabled(), { timeout: 30_000 }).toBe(true);
      const before = await score.inputValue();
      expect(before).not.toBe('');
      const c = counter();
      await c.act(() => score.click());
      await c.act(() => page.keyboard.type('7'));
      expect(await score.inputValue()).toBe('7');
      const reason = page
        .locator('[data-ind-index]')
        .filter({ has: page.locator('[data-verify-primary="B01"]') })
        .locator('[data-verify-field="reason"]');
      await c.act(() => reason.click());
      await c.act(() => page.keyboard.type('现场核实'), 1);
      await shot(page, 'fewer-07-verify-typed');
      await page.waitForLoadState('networkidle');
      await c.act(() => page.keyboard.press('Control+Enter'));
      // The next waiting branch of the queue opens.
      await expect
        .poll(() => new URL(page.url()).searchParams.get('branch'), { timeout: 30_000 })
        .not.toBe(String(two[0]?.id));
      const next = await s.db
        .selectFrom('org')
        .select('name')
        .where('id', '=', Number(new URL(page.url()).searchParams.get('branch')))
        .executeTakeFirstOrThrow();
      const head = page.getByRole('heading', { level: 2, name: next.name });
      await expect.poll(() => head.count(), { timeout: 30_000 }).toBe(1);
      await expect
        .poll(
          async () => {
            const b = await head.boundingBox();
            return b !== null && b.y >= 0 && b.y < 900;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await shot(page, 'fewer-08-verify-next-branch');
      report(
        'fewer-verify-effort',
        `verification of one score typed over the prefilled ${before}: ${c.count} actions`,
      );
      const saved = await s.db
        .selectFrom('be_verification as v')
        .innerJoin('be_branch_month as bm', 'bm.id', 'v.branch_month_id')
        .innerJoin('be_month as m', 'm.id', 'bm.month_id')
        .select(['v.verified', 'bm.state'])
        .where('m.month', '=', MONTH)
        .where('bm.branch_id', '=', two[0]?.id ?? 0)
        .where('v.code', '=', 'B01')
        .executeTakeFirstOrThrow();
      expect(saved).toEqual({ verified: 700, state: 'verified' });
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );
});
