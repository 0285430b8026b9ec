import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { SESSION_RECHECK_MS } from '../src/server/lib/session-cache.js';
import { loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * Journey: a member mistypes the password until the login page asks them to wait; an admin
 * unlocks the account from the users page; the member logs in, and when the password must
 * change the app keeps them on the change-password page until it is changed.
 */
let s: Served;
beforeAll(async () => {
  s = await serveDemo({ evaluation: false });
});
afterAll(() => s.close());

async function tryLogin(page: import('playwright-core').Page, account: string, password: string) {
  await page.getByLabel('账号').fill(account);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

describe('login safety', () => {
  it('slows a mistyped login, lets an admin unlock it, and forces the password change', async () => {
    const member = await newPage(s);
    const page = member.page;
    await page.goto('/login');
    for (let i = 0; i < 3; i++) {
      await tryLogin(page, 'member', 'Wrong-pass-1');
      await expect
        .poll(() => page.getByText('账号或密码错误').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
    }
    // The fourth try has to wait, and the page says how long.
    await tryLogin(page, 'member', DEMO_PASSWORD);
    await expect
      .poll(() => page.getByText(/登录失败次数过多，请 \d+ (秒|分钟)后再试/).count(), { timeout: 30_000 })
      .toBe(1);
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, 'login-safety-01-slowed');

    const admin = await newPage(s);
    await loginThroughForm(admin.page, 'admin', DEMO_PASSWORD);
    await admin.page.goto('/users');
    await admin.page.getByRole('searchbox', { name: '搜索用户' }).fill('member');
    await admin.page.getByRole('searchbox', { name: '搜索用户' }).press('Enter');
    await admin.page.getByRole('button', { name: '解除登录限制 member', exact: true }).click();
    await admin.page.getByRole('button', { name: '解除登录限制', exact: true }).click();
    await expect
      .poll(() => admin.page.getByText(/已解除登录限制（清除 3 次失败记录）/).count(), { timeout: 30_000 })
      .toBe(1);
    await shot(admin.page, 'login-safety-02-unlocked');
    const audit = await s.db
      .selectFrom('audit_log')
      .select('actor_account')
      .where('action', '=', 'user.unlock_login')
      .execute();
    expect(audit).toEqual([{ actor_account: 'admin' }]);

    // The home page's to-do list is its only request: once it is answered, the page is settled.
    const todo = page.waitForResponse((r) => r.url().includes('/api/v1/todo'));
    await tryLogin(page, 'member', DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    expect((await todo).status()).toBe(200);

    // The password is reset behind the open page, outside the app (by SQL): once the server
    // reads the session again (within SESSION_RECHECK_MS), the next page it opens is refused and
    // the app takes the member to the change-password page.
    await s.db
      .updateTable('app_user')
      .set({ must_change_password: 1 })
      .where('account', '=', 'member')
      .execute();
    await new Promise((resolve) => setTimeout(resolve, SESSION_RECHECK_MS + 200));
    await page.getByRole('menuitem', { name: '我的积分' }).click();
    await page.waitForURL((url) => url.pathname === '/password', { timeout: 30_000 });
    await expect
      .poll(() => page.getByText('为了账号安全，请先设置新密码再继续使用。').count(), { timeout: 30_000 })
      .toBe(1);
    await shot(page, 'login-safety-03-must-change');
    expect((await page.request.get('/api/v1/todo')).status()).toBe(403);

    await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill('Member-new-2026');
    await page.getByLabel('确认新密码').fill('Member-new-2026');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
    expect((await page.request.get('/api/v1/todo')).status()).toBe(200);
    await shot(page, 'login-safety-04-changed');
    await page.getByRole('menuitem', { name: '我的积分' }).click();
    await page.waitForURL((url) => url.pathname === '/me/points', { timeout: 30_000 });
    await member.context.close();
    await admin.context.close();
  });

  it('keeps a quick login on a slow network: the late answer to who was here before does not undo it', async () => {
    const { context, page } = await newPage(s, { width: 375, height: 812 });
    // The app asks who is logged in as it starts; on this network that answer comes late,
    // after the person has already logged in.
    let asked = 0;
    await page.route('**/api/v1/auth/session', async (route) => {
      // Answered by the server at once (nobody yet), delivered three seconds later.
      const response = await route.fetch();
      if (asked++ === 0) await new Promise((resolve) => setTimeout(resolve, 3000));
      await route.fulfill({ response });
    });
    // The page carries the answer itself (src/server/web-shell.ts); a page without it (one kept
    // from an older server, or opened after its answers expired) asks the network, as here.
    await page.route('**/login', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        /<script type="application\/json" id="kaohe-boot">.*?<\/script>/s,
        '',
      );
      await route.fulfill({ status: response.status(), contentType: 'text/html; charset=utf-8', body });
    });
    const late = page.waitForResponse((r) => r.url().includes('/api/v1/auth/session'));
    await page.goto('/login');
    await tryLogin(page, 'secretary', DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    expect((await late).status()).toBe(200);
    // A change after it, in the same page (no reload), is accepted: it carries the new
    // session's CSRF token.
    await page.evaluate(() => {
      window.history.pushState({}, '', '/password');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill('Secretary-new-2026');
    await page.getByLabel('确认新密码').fill('Secretary-new-2026');
    const changed = page.waitForResponse((r) => r.url().includes('/api/v1/auth/password'));
    await page.getByRole('button', { name: '确认修改' }).click();
    expect((await changed).status()).toBe(200);
    await context.close();
  });
});
