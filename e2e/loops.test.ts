import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BRANCH_CODE, DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { journeyClock, loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * Journeys (issue: the weekly loop without dead ends or duplicates): a secretary double-clicks
 * "为 N 人录入" and the activity is recorded once; affairs returns one of its entries asking for a
 * sign-in sheet, the secretary corrects it in the drawer (note and evidence), sees what changed
 * before resubmitting, and affairs approves it from the drawer that shows the correction.
 */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const title = '9月主题党日——双击只记一次';

describe('the weekly loop: no duplicates, returned entries corrected', () => {
  const clock = journeyClock('2026-09-25');
  let s: Served;
  let branchId = 0;
  let entryId = 0;
  beforeAll(async () => {
    s = await serveDemo({ today: '2026-09-25', clock, evaluation: false });
    branchId = (
      await s.db.selectFrom('org').select('id').where('code', '=', DEMO_BRANCH_CODE).executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => s?.close());

  it('a double-clicked 为 N 人录入 records the activity once', async () => {
    const { page } = await newPage(s);
    const roster = await s.db
      .selectFrom('member')
      .select('id')
      .where('branch_id', '=', branchId)
      .where('active', '=', 1)
      .where('is_party_member', '=', 1)
      .execute();
    await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '积分录入' }).click();
    await page.getByRole('tab', { name: '活动录入' }).click();
    await page.getByLabel('活动名称').fill(title);
    await page.getByLabel('发生日期').fill('2026-09-24');
    await page.getByLabel('发生日期').press('Enter');
    await page.getByLabel('积分项目').click();
    await page.getByRole('option', { name: /参加主题党日活动/ }).click();
    await page.getByRole('checkbox', { name: '全选' }).check();
    const submit = page.getByRole('button', { name: `为 ${roster.length} 人录入` });
    await expect.poll(() => submit.count(), { timeout: 30_000 }).toBe(1);
    await submit.dblclick();
    await expect
      .poll(() => page.getByText(`活动已记录，生成 ${roster.length} 条积分记录`).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await shot(page, 'loops-01-activity-double-clicked');
    const activities = await s.db
      .selectFrom('points_activity')
      .select('id')
      .where('title', '=', title)
      .execute();
    expect(activities).toHaveLength(1);
    const entries = await s.db
      .selectFrom('points_entry')
      .select('id')
      .where('activity_id', '=', activities[0]?.id ?? 0)
      .execute();
    expect(entries).toHaveLength(roster.length);
    entryId = entries[0]?.id ?? 0;
  });

  it('an entry returned by affairs is corrected by the secretary and approved', async () => {
    expect(entryId).toBeGreaterThan(0);
    // Affairs returns it (the review itself is another journey); the rest of the queue was worked.
    const affairsLogin = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: 'affairs', password: DEMO_PASSWORD },
    });
    const cookie = affairsLogin.cookies.find((c) => c.name === 'kaohe_sid');
    const csrf = (affairsLogin.json() as { csrfToken: string }).csrfToken;
    const before = await s.db
      .selectFrom('points_entry')
      .select('row_version')
      .where('id', '=', entryId)
      .executeTakeFirstOrThrow();
    const returned = await s.app.inject({
      method: 'POST',
      url: `/api/v1/points/entries/${entryId}/actions`,
      cookies: { kaohe_sid: cookie?.value ?? '' },
      headers: { 'x-csrf-token': csrf },
      payload: { action: 'return', reason: '请补充签到表', rowVersion: before.row_version },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    await s.db
      .updateTable('points_entry')
      .set({ state: 'approved' })
      .where('branch_id', '=', branchId)
      .where('state', '=', 'submitted')
      .execute();

    // ── the secretary corrects it ──
    const { context, page } = await newPage(s);
    await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
    await page.goto('/points/entries?state=returned');
    const row = page.locator(`[data-entry-id="${entryId}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.getByRole('button', { name: /^查看：/ }).click();
    const drawer = page.locator('.ant-drawer-section, .ant-drawer-content').first();
    await expect.poll(() => drawer.getByText('请补充签到表').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await drawer.getByRole('button', { name: '修改' }).click();
    await drawer.getByLabel('备注').fill('补充签到表，28 人参加');
    await drawer
      .locator('input[type=file]')
      .setInputFiles({ name: '签到表.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => drawer.getByText('签到表.png').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await drawer.getByRole('button', { name: '保存并重新提交' }).click();
    const confirm = page.getByRole('dialog', { name: '重新提交审核' });
    await expect
      .poll(() => confirm.getByText('新增佐证材料：签到表.png').count(), { timeout: 30_000 })
      .toBe(1);
    await expect.poll(() => confirm.getByText(/备注：.*→ 补充签到表，28 人参加/).count()).toBe(1);
    await shot(page, 'loops-02-resubmit-shows-changes');
    await confirm.getByRole('button', { name: '重新提交' }).click();
    await expect
      .poll(
        async () =>
          (await s.db.selectFrom('points_entry').select('state').where('id', '=', entryId).executeTakeFirst())
            ?.state,
        { timeout: 30_000 },
      )
      .toBe('submitted');

    // ── affairs sees the correction and approves ──
    await context.clearCookies();
    await loginThroughForm(page, 'affairs', DEMO_PASSWORD);
    // One row per entry (the queue groups an activity's entries by default).
    await page.goto(`/points/review?org=${branchId}&group=entry`);
    const queued = page.locator(`[data-entry-id="${entryId}"]`);
    await expect.poll(() => queued.count(), { timeout: 30_000 }).toBe(1);
    await queued.getByRole('button', { name: /^查看：/ }).click();
    const reviewDrawer = page.locator('.ant-drawer-section, .ant-drawer-content').first();
    await expect
      .poll(() => reviewDrawer.getByText(/修改后重新提交/).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => reviewDrawer.getByText('新增佐证材料：签到表.png').count()).toBe(1);
    await shot(page, 'loops-03-reviewer-sees-correction');
    await reviewDrawer.getByRole('button', { name: /^审核通过：/ }).click();
    await expect
      .poll(
        async () =>
          (await s.db.selectFrom('points_entry').select('state').where('id', '=', entryId).executeTakeFirst())
            ?.state,
        { timeout: 30_000 },
      )
      .toBe('approved');
    const history = await s.db
      .selectFrom('points_entry_revision')
      .select(['action'])
      .where('entry_id', '=', entryId)
      .orderBy('seq')
      .execute();
    expect(history.map((h) => h.action)).toEqual(['returned', 'resubmitted']);
  });

  it("a member's phone home shows their score, rank and until when they may appeal", async () => {
    const { page } = await newPage(s, { width: 375, height: 812 });
    await loginThroughForm(page, 'member', DEMO_PASSWORD);
    const card = page.locator('.kh-my-points-card');
    await expect
      .poll(() => card.getByText(/支部第 \d+ 名（共 \d+ 人）/).count(), { timeout: 30_000 })
      .toBe(1);
    await expect.poll(() => card.getByText(/Q2 (可申诉至 \d{4}-\d{2}-\d{2}|申诉期已过)/).count()).toBe(1);
    // Roles and permissions are an officer's business, not a member's home.
    expect(await page.getByText('我的角色与授权').count()).toBe(0);
    await shot(page, 'loops-04-member-phone-home');
  });
});
