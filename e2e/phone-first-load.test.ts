import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * A member on a 375 px phone: the login page (an empty submit first) and their points page
 * leave nothing in the console — no 401 from the who-am-I probe, no unhandled rejection from a
 * form that fails validation — and the page has one <main> landmark.
 */
/** The antd component styles the page built in the browser (their first rules). */
const builtInBrowser = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('style[data-css-hash]')]
      .map((el) => el.textContent ?? '')
      .filter((css) => css.startsWith(':where('))
      .map((css) => css.slice(0, 80)),
  );

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
    // antd's styles of the first screens come with the build's CSS: antd builds none of them in
    // the browser (only the theme's variables are written at run time).
    await expect.poll(() => page.getByLabel('账号').count()).toBe(1);
    expect(await builtInBrowser(page)).toEqual([]);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByText('请输入账号').count()).toBeGreaterThan(0);
    await page.getByLabel('账号').fill('member');
    await page.getByLabel('密码').fill('Kaohe@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // The member's page arrives with its answers (src/server/web-shell.ts): its first visit asks
    // the network nothing.
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/') && r.frame().url().includes('/me/points')) asked.push(r.url());
    });
    await page.goto('/me/points');
    await expect.poll(() => page.getByRole('main').count()).toBe(1);
    await expect.poll(() => page.locator('.kh-score-hero-value').count()).toBe(1);
    expect(asked).toEqual([]);
    // The first entries are drawn with the score, the rest right after: all of them end up listed.
    const title = await page.getByText(/^我的积分记录（\d+）$/).textContent();
    const n = Number(title?.replace(/\D/g, ''));
    expect(n).toBeGreaterThan(8);
    await expect.poll(() => page.locator('.kh-entry-item').count()).toBe(n);
    await shot(page, 'phone-01-member-points');
    expect(await page.locator('main main').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a member the board as a list with the phone’s own pickers, each total opening its explanation', async () => {
    const { context, page } = await newPage(s, { width: 375, height: 812 });
    await loginThroughForm(page, 'member', 'Kaohe@2026');
    // Opened afresh, the page arrives with its first files named and its first answers inside
    // (src/server/web-shell.ts): the app asks the network neither who is logged in nor the schemes.
    const asked: string[] = [];
    page.on('request', (r) => {
      // Only the board's own requests, not those still leaving the page before it.
      if (r.url().includes('/api/') && r.frame().url().includes('/points/board'))
        asked.push(new URL(r.url()).pathname);
    });
    await page.goto('/points/board');
    const list = page.getByRole('list', { name: '亮分榜' });
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThan(3);
    // Nor the scheme, nor the board's first page: the page arrived with every answer it opens on.
    expect(asked).toEqual([]);
    expect(await page.locator('link[rel="modulepreload"][href*="board-page"]').count()).toBe(1);
    // The pickers are the browser's own selects (a phone opens its system picker), not antd's.
    const quarter = page.getByRole('combobox', { name: '季度' });
    expect(await quarter.evaluate((e) => e.tagName)).toBe('SELECT');
    expect(await page.locator('.ant-select').count()).toBe(0);
    expect(await page.locator('.ant-table').count()).toBe(0);
    // The member's own row is marked, and the list is in place order.
    const places = await list.locator('.kh-rank').allTextContents();
    const numbers = places.map((p) => Number(p.replace(/\D/g, '')));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(await list.locator('.kh-board-me').count()).toBe(1);
    expect(await builtInBrowser(page)).toEqual([]);
    // A member of a branch also reads the boards above it: the org picker lists them.
    const org = page.getByRole('combobox', { name: '组织' });
    const scopes = await org.locator('option').allTextContents();
    expect(scopes.length).toBeGreaterThan(1);
    const heading = page.getByRole('heading', { level: 2 });
    const before = await heading.textContent();
    await org.selectOption({ index: scopes.length - 1 });
    await expect.poll(() => heading.textContent()).not.toBe(before);
    await expect.poll(() => page.url()).toContain('org=');
    // A total opens the member's explanation.
    await list
      .getByRole('button', { name: /总分 .*查看明细/ })
      .first()
      .click();
    await expect
      .poll(() =>
        page
          .getByRole('dialog')
          .getByText(/得分明细/)
          .count(),
      )
      .toBeGreaterThan(0);
    await shot(page, 'phone-02-member-board');
    await context.close();
  });

  it('draws a phone’s points page and board on the server: readable before any script, then the same page at work', async () => {
    const phone = {
      viewport: { width: 375, height: 812 },
      locale: 'zh-CN',
      baseURL: s.baseUrl,
      isMobile: true,
      hasTouch: true,
      userAgent:
        'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36',
      // What a phone's Chromium sends with every request (the server draws only for phones).
      extraHTTPHeaders: { 'sec-ch-ua-mobile': '?1' },
    };
    const context = await s.browser.newContext(phone);
    const page = await context.newPage();
    await loginThroughForm(page, 'member', 'Kaohe@2026');
    // The home page's own requests are done before this page's are counted.
    await page.waitForLoadState('networkidle');
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) asked.push(new URL(r.url()).pathname);
    });

    // The page as sent holds the member's total and quarters, and no script that runs before it is painted.
    const res = await page.goto('/me/points');
    const sent = (await res?.text()) ?? '';
    expect(sent).toContain('kh-score-hero-value');
    expect(sent).toContain('id="kaohe-drawn"');
    expect(sent).not.toMatch(/<script type="module"/);
    // The app takes the drawing over (it reads the drawing's state, then hydrates) and works:
    // a quarter's 明细 opens its explanation.
    await expect.poll(() => page.locator('#kaohe-drawn').count()).toBe(0);
    // Taken over without asking the network for anything it drew.
    await page.waitForLoadState('networkidle');
    expect(asked).toEqual([]);
    await page.getByRole('button', { name: /明细/ }).first().click();
    await expect
      .poll(() =>
        page
          .getByRole('dialog')
          .getByText(/得分明细/)
          .count(),
      )
      .toBeGreaterThan(0);
    await shot(page, 'phone-03-drawn-points-explained');

    asked.length = 0;
    const board = await page.goto('/points/board');
    expect((await board?.text()) ?? '').toContain('kh-board-me');
    await expect.poll(() => page.locator('#kaohe-drawn').count()).toBe(0);
    await page.waitForLoadState('networkidle');
    expect(asked).toEqual([]);
    const list = page.getByRole('list', { name: '亮分榜' });
    expect(await list.getByRole('listitem').count()).toBeGreaterThan(3);
    const org = page.getByRole('combobox', { name: '组织' });
    const heading = page.getByRole('heading', { level: 2 });
    const before = await heading.textContent();
    await org.selectOption({ index: (await org.locator('option').count()) - 1 });
    await expect.poll(() => heading.textContent()).not.toBe(before);
    // Taken over without a mismatch: React reported nothing.
    expect(errors).toEqual([]);

    // With no script at all, the drawing is the page: the member's total is there to read.
    const bare = await s.browser.newContext({ ...phone, javaScriptEnabled: false });
    await bare.addCookies(await context.cookies());
    const still = await bare.newPage();
    await still.goto('/me/points');
    expect(await still.locator('.kh-score-hero-value').textContent()).toMatch(/^\d+\.\d{2}$/);
    await shot(still, 'phone-04-drawn-points-without-scripts');
    await bare.close();
    await context.close();
  });
});
