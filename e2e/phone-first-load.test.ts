import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * A member on a 375 px phone: the login page (an empty submit first) and their points page
 * leave nothing in the console — no 401 from the who-am-I probe, no unhandled rejection from a
 * form that fails validation — and the page has one <main> landmark.
 */
describe('a member’s first visit on a phone', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({ evaluation: false });
  });
  afterAll(() => s.close());

  it('logs nothing to the console and has one main landmark', async () => {
    const { context, page } = await newPage(s, { width: 375, height: 812 });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto('/login');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByText('请输入账号').count()).toBeGreaterThan(0);
    await page.getByLabel('账号').fill('member');
    await page.getByLabel('密码').fill('Kaohe@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/me/points');
    await expect.poll(() => page.getByRole('main').count()).toBe(1);
    await shot(page, 'phone-01-member-points');
    expect(await page.locator('main main').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
