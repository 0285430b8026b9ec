import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { journeyClock, loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * Journey: on 7 December 2026 at noon (大雪 began at 10:53), the demo branch's secretary opens
 * the current term on a 375 px phone, checks in its task with a note and the evidence it asks
 * for; the party-affairs officer then sees the branch's cell done in the org × term matrix.
 */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
let s: Served;
beforeAll(async () => {
  s = await serveDemo({ today: '2026-12-07', clock: journeyClock('2026-12-07', '04:00:00.000Z') });
}, 240_000);
afterAll(() => s?.close());

describe('a 节气 task checked in on a phone', () => {
  it('the secretary checks in the running term’s task; the affairs officer sees it in the matrix', async () => {
    const phone = await newPage(s, { width: 375, height: 812 });
    const page = phone.page;
    await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
    const card = page.getByRole('region', { name: '当前节气' });
    await expect
      .poll(() => card.getByText('大雪', { exact: true }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => card.getByText('支部工作考核自查').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, 'terms-01-home-current-term-375');

    await card.getByRole('link', { name: '去打卡' }).first().click();
    const drawer = page.getByRole('dialog');
    await expect
      .poll(() => drawer.getByText('本任务需提供佐证', { exact: false }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const submit = drawer.getByRole('button', { name: '提交打卡' });
    await drawer.getByLabel('完成情况').fill('对照年度考核细则完成自查，整理台账 12 册。');
    // Evidence is required: the button waits for it.
    expect(await submit.isDisabled()).toBe(true);
    await drawer
      .locator('input[type=file]')
      .setInputFiles({ name: '自查台账.png', mimeType: 'image/png', buffer: png });
    await expect
      .poll(() => drawer.getByRole('link', { name: '自查台账.png' }).count(), { timeout: 30_000 })
      .toBe(1);
    await shot(page, 'terms-02-checkin-form-375');
    await submit.click();
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 30_000 }).toBe(0);
    const done = page.getByRole('region', { name: '已结束' });
    await expect
      .poll(() => done.getByText('支部工作考核自查').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await shot(page, 'terms-03-checked-in-375');
    await phone.context.close();

    const me = await s.db
      .selectFrom('app_user')
      .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
      .innerJoin('org', 'org.id', 'role_grant.org_id')
      .select(['org.name'])
      .where('app_user.account', '=', 'secretary')
      .executeTakeFirstOrThrow();
    const desk = await newPage(s);
    await loginThroughForm(desk.page, 'affairs', DEMO_PASSWORD);
    await desk.page.goto('/terms/matrix');
    const cell = desk.page.getByRole('img', { name: `${me.name} 大雪：完成` });
    await expect.poll(() => cell.count(), { timeout: 30_000 }).toBe(1);
    await shot(desk.page, 'terms-04-matrix-affairs');
    await desk.context.close();
  });
});
