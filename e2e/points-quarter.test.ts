import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BRANCH_CODE, DEMO_PASSWORD } from '../src/cli/seed-demo.js';
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
 * Journey (issue: member points): a secretary records a 30-member 主题党日 as one activity; the
 * reviewer bulk-approves; affairs closes the quarter and the committee publishes it; a member
 * opens their page at phone width and sees their rank and score.
 *
 * It runs on two calendars, each on its own demo loaded as of the recording day: the activity
 * recorded on 25 September (中秋, a holiday) and the quarter closed on 8 October, the first
 * working day after the National Day break; and recorded on 31 December, the year's last working
 * day, with the quarter closed on 4 January of a year no scheme exists for yet.
 */
interface Scenario {
  label: string;
  quarter: string;
  recordOn: string;
  activityOn: string;
  closeOn: string;
  title: string;
}
const scenarios: Scenario[] = [
  {
    label: 'recorded in the Mid-Autumn holiday, closed after National Day',
    quarter: '2026-Q3',
    recordOn: '2026-09-25',
    activityOn: '2026-09-24',
    closeOn: '2026-10-08',
    title: '9月主题党日——重温入党誓词',
  },
  {
    label: "recorded on the year's last working day, closed in the new year",
    quarter: '2026-Q4',
    recordOn: '2026-12-31',
    activityOn: '2026-12-30',
    closeOn: '2027-01-04',
    title: '12月主题党日——重温入党誓词',
  },
];

describe.each(scenarios)('member points: $label', (sc) => {
  const clock = journeyClock(sc.recordOn);
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({ today: sc.recordOn, clock, evaluation: false });
  });
  afterAll(() => s?.close());

  it('records an activity once, reviews in bulk, closes, publishes, and the member sees the result', async () => {
    const { context, page } = await newPage(s);
    const branch = await s.db
      .selectFrom('org')
      .select(['id', 'name'])
      .where('code', '=', DEMO_BRANCH_CODE)
      .executeTakeFirstOrThrow();
    const roster = await s.db
      .selectFrom('member')
      .select('id')
      .where('branch_id', '=', branch.id)
      .where('active', '=', 1)
      .where('is_party_member', '=', 1)
      .execute();

    // ── the secretary's part: counted and timed ──
    let actions = 0;
    const act = async <T>(f: () => Promise<T>) => {
      actions += 1;
      return f();
    };
    await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
    const started = Date.now();
    await act(() => page.getByRole('menuitem', { name: '积分录入' }).click());
    await act(() => page.getByRole('tab', { name: '活动录入' }).click());
    await act(() => page.getByLabel('活动名称').fill(sc.title));
    await act(async () => {
      await page.getByLabel('发生日期').fill(sc.activityOn);
      await page.getByLabel('发生日期').press('Enter');
    });
    await act(() => page.getByLabel('积分项目').click());
    await act(() => page.getByRole('option', { name: /参加主题党日活动/ }).click());
    await act(() => page.getByRole('checkbox', { name: '全选' }).check());
    const submit = page.getByRole('button', { name: `为 ${roster.length} 人录入` });
    await expect.poll(() => submit.count(), { timeout: 30_000 }).toBe(1);
    await shot(page, `points-01-secretary-activity-${sc.quarter}`);
    await act(() => submit.click());
    await expect
      .poll(() => page.getByText(`活动已记录，生成 ${roster.length} 条积分记录`).count(), { timeout: 30_000 })
      .toBe(1);
    const seconds = (Date.now() - started) / 1000;
    const report = `secretary recorded a ${roster.length}-member 主题党日: ${actions} actions, ${seconds.toFixed(1)} s`;
    process.stdout.write(`\n${report}\n`);
    fs.writeFileSync(path.join(shotsDir, `points-secretary-effort-${sc.quarter}.txt`), `${report}\n`);
    expect(roster.length).toBe(30);
    const activity = await s.db
      .selectFrom('points_activity')
      .select('id')
      .where('title', '=', sc.title)
      .executeTakeFirstOrThrow();
    const created = await s.db
      .selectFrom('points_entry')
      .select('id')
      .where('activity_id', '=', activity.id)
      .where('state', '=', 'submitted')
      .execute();
    expect(created).toHaveLength(30);

    // The rest of the quarter's queue was worked earlier in the week.
    await s.db
      .updateTable('points_entry')
      .set({ state: 'approved' })
      .where('quarter', '=', sc.quarter)
      .where('state', '=', 'submitted')
      .where(
        'id',
        'not in',
        created.map((e) => e.id),
      )
      .execute();

    // ── the reviewer approves the 30 in bulk ──
    await context.clearCookies();
    await loginThroughForm(page, 'affairs', DEMO_PASSWORD);
    // Entry by entry here (the queue groups an activity's entries by default; see fewer-actions).
    await page.goto('/points/review?group=entry');
    const selectAll = page.getByRole('checkbox', { name: /全选|Select all/ }).first();
    await expect.poll(() => selectAll.count(), { timeout: 30_000 }).toBe(1);
    await selectAll.check();
    await shot(page, `points-02-review-selected-${sc.quarter}`);
    await page.locator('.kh-bulkbar').getByRole('button', { name: /通过/ }).click();
    await expect
      .poll(
        async () =>
          (
            await s.db
              .selectFrom('points_entry')
              .select('id')
              .where(
                'id',
                'in',
                created.map((e) => e.id),
              )
              .where('state', '=', 'approved')
              .execute()
          ).length,
        { timeout: 30_000 },
      )
      .toBe(30);

    // ── the quarter has ended: affairs closes it ──
    clock.set(sc.closeOn);
    await context.clock.setSystemTime(clock.now());
    await context.clearCookies();
    await loginThroughForm(page, 'affairs', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '季度管理' }).click();
    await page.getByRole('button', { name: '关闭季度' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: '关闭季度' }).click();
    await expect
      .poll(
        async () =>
          (
            await s.db
              .selectFrom('points_quarter')
              .select('state')
              .where('quarter', '=', sc.quarter)
              .executeTakeFirst()
          )?.state,
        { timeout: 30_000 },
      )
      .toBe('closed');
    await shot(page, `points-03-quarter-closed-${sc.quarter}`);

    // ── the committee publishes ──
    await context.clearCookies();
    await loginThroughForm(page, 'committee', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '季度管理' }).click();
    await page.getByRole('button', { name: '公布亮分' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: '公布亮分' }).click();
    await expect
      .poll(
        async () =>
          (
            await s.db
              .selectFrom('points_quarter')
              .select('state')
              .where('quarter', '=', sc.quarter)
              .executeTakeFirst()
          )?.state,
        { timeout: 30_000 },
      )
      .toBe('published');
    await context.close();

    // ── a member at phone width ──
    const phone = await newPage(s, { width: 375, height: 812 });
    await loginThroughForm(phone.page, 'member', DEMO_PASSWORD);
    await phone.page.goto('/me/points');
    const score = await s.db
      .selectFrom('points_quarter_score as sc')
      .innerJoin('points_quarter as q', 'q.id', 'sc.quarter_id')
      .innerJoin('app_user as u', 'u.member_id', 'sc.member_id')
      .select(['sc.total', 'sc.rank_in_branch'])
      .where('q.quarter', '=', sc.quarter)
      .where('u.account', '=', 'member')
      .executeTakeFirstOrThrow();
    const size = (
      await s.db
        .selectFrom('points_quarter_score as sc')
        .innerJoin('points_quarter as q', 'q.id', 'sc.quarter_id')
        .select('sc.member_id')
        .where('q.quarter', '=', sc.quarter)
        .where('sc.branch_id', '=', branch.id)
        .execute()
    ).length;
    const printed = `${Math.floor(score.total / 100)}.${String(score.total % 100).padStart(2, '0')}`;
    await expect
      .poll(() => phone.page.getByText(`第 ${score.rank_in_branch} 名 / 共 ${size} 人`).count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    expect(await phone.page.getByText(printed).count()).toBeGreaterThan(0);
    // The trend line and the dimension radar have drawn (two SVG images named by their values).
    await phone.page.waitForFunction(() => document.querySelectorAll('svg.kh-svg-chart').length >= 2, null, {
      timeout: 30_000,
    });
    expect(
      await phone.page
        .getByRole('img', { name: new RegExp(`${sc.quarter} ${printed.replace('.', '\\.')}`) })
        .count(),
    ).toBeGreaterThan(0);
    await shot(phone.page, `points-04-member-phone-${sc.quarter}`);
    await phone.context.close();
  }, 300_000);
});
