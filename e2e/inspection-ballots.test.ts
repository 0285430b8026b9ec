import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { insertCampaign } from '../src/server/modules/inspection-ballots/ballots.fixtures.js';
import { loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * Journey (issue: annual inspection — democratic evaluation and ledger spot-check): the affairs
 * officer freezes the ledger manifest and draws the sample on the seed screen, opens the ballot
 * box and prints the ballot pack (QR codes on every slip); six voters vote on a 375 px phone from
 * the slips' links with no login; after the box closes the tally shows for the unit, and a voter
 * checks on the public page that their code was counted.
 */
describe('inspection: ballots and ledger sample', () => {
  let s: Served;
  let campaignId = 0;
  let firstUnit = '';
  beforeAll(async () => {
    s = await serveDemo({ evaluation: false });
    const root = await s.db
      .selectFrom('org')
      .select('id')
      .where('tree', '=', 'party')
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
    const units = await s.db
      .selectFrom('org')
      .selectAll()
      .where('tree', '=', 'unit')
      .where('parent_id', 'is', null)
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
    const affairs = await s.db
      .selectFrom('app_user')
      .select('id')
      .where('account', '=', 'affairs')
      .executeTakeFirstOrThrow();
    campaignId = await insertCampaign(s.db, root.id, affairs.id, units, 2026);
    firstUnit = units[0]?.name ?? '';
  });
  afterAll(() => s?.close());

  it('draws the ledger sample on the seed screen, prints the ballot pack, six phones vote, the tally shows', async () => {
    const { context, page } = await newPage(s);
    await loginThroughForm(page, 'affairs', DEMO_PASSWORD);

    // Ledger: freeze the manifest, then record the seed and draw on the big screen.
    await page.goto(`/inspection/${campaignId}/ledger`);
    await page.getByRole('button', { name: '冻结名单' }).click();
    await expect.poll(() => page.getByText('名单 SHA-256：').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: '种子大屏' }).click();
    await page.getByLabel('现场抽出的随机数').fill('20261207');
    await page.getByRole('button', { name: '录入种子' }).click();
    await expect.poll(() => page.getByRole('status', { name: '当前种子' }).textContent()).toBe('20261207');
    await page.getByRole('button', { name: /抽\s*样/ }).click();
    await expect.poll(() => page.getByText('运维检修部：').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, 'inspection-ballots-1-seed-screen');

    // Anyone re-draws it from the published seed and manifest, hashed in the browser.
    const published = await (await fetch(`${s.baseUrl}/api/v1/ledger-draw/${campaignId}`)).json();
    const outsider = await s.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const rp = await outsider.newPage();
    await rp.goto(`${s.baseUrl}/redraw?campaign=${campaignId}`);
    await expect.poll(() => rp.getByLabel('随机种子').inputValue(), { timeout: 30_000 }).toBe('20261207');
    await rp.getByRole('button', { name: '重新抽样' }).click();
    await expect
      .poll(() => rp.getByText(published.manifestSha256).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const expected = (published.sample as { teamCodes: string[] }[]).reduce(
      (n, u) => n + u.teamCodes.length,
      0,
    );
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => rp.getByText('抽中', { exact: true }).count()).toBe(expected);
    await shot(rp, 'inspection-ballots-1b-redraw');
    await outsider.close();

    // Ballots: open the box, then generate and print six slips for the first unit.
    await page.goto(`/inspection/${campaignId}/ballots`);
    await page.getByRole('button', { name: '开始投票' }).click();
    await expect.poll(() => page.getByText('投票中').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: '生成测评票' }).click();
    await page.getByLabel(`${firstUnit} 的张数`).fill('6');
    await page.getByRole('button', { name: '生成并排版' }).click();
    const slips = page.getByRole('region', { name: '测评票' });
    await expect.poll(() => slips.count(), { timeout: 30_000 }).toBe(6);
    const qrs = page.getByRole('img', { name: '测评二维码' });
    expect(await qrs.count()).toBe(6);
    for (const src of await qrs.evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? '')))
      expect(src.startsWith('data:image/png;base64,')).toBe(true);
    const urls = await page.locator('.kh-slip-url').allTextContents();
    expect(urls.every((u) => /\/ballot#[0-9A-Z]{16}$/.test(u))).toBe(true);
    await shot(page, 'inspection-ballots-2-pack');

    // Six voters on phones, no login, from the slips' links.
    const choices = ['好', '好', '较好', '一般', '好', '差'];
    for (const [i, url] of urls.entries()) {
      const phone = await s.browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
      const p = await phone.newPage();
      await p.goto(url);
      await expect.poll(() => p.getByText(`被测评单位：${firstUnit}`).count(), { timeout: 30_000 }).toBe(1);
      // The code left the address bar as soon as the page read it.
      expect(p.url()).not.toContain('#');
      for (const group of await p.getByRole('radiogroup').all())
        await group.getByText(choices[i] ?? '好', { exact: true }).click();
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
      if (i === 0) await shot(p, 'inspection-ballots-3-phone-ballot');
      await p.getByRole('button', { name: '提交测评' }).click();
      await expect.poll(() => p.getByText('已提交，谢谢！').count()).toBe(1);
      if (i === 0) {
        await shot(p, 'inspection-ballots-4-phone-done');
        // After the cast, the page links the public code check of this campaign (no code in it).
        const counted = p.getByRole('link', { name: '投票已计入 — 之后可在此核对' });
        expect(await counted.getAttribute('href')).toBe(`/ballot/counted?campaign=${campaignId}`);
        await counted.click();
        await expect.poll(() => p.getByText(/民主测评尚未结束/).count()).toBe(1);
        expect(p.url()).toMatch(new RegExp(`/ballot/counted\\?campaign=${campaignId}$`));
      }
      await phone.close();
    }

    // Close the box: the unit's tally shows.
    await page.goto(`/inspection/${campaignId}/ballots`);
    await page.getByRole('button', { name: '结束投票' }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByText('已结束').count()).toBeGreaterThan(0);
    // (4×100 + 80 + 60 + 40 … per item: 好,好,较好,一般,好,差 = 100+100+80+60+100+40 = 480/6 = 80.00)
    await expect.poll(() => page.getByRole('cell', { name: '80.00' }).count()).toBeGreaterThan(0);
    await shot(page, 'inspection-ballots-5-tally');

    // A voter checks, with no login, that their code was counted: the ballot page links the check.
    const href = await page.getByRole('link', { name: '投票码核对' }).getAttribute('href');
    expect(href).toBe(`/ballot/counted?campaign=${campaignId}`);
    const voter = await s.browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const v = await voter.newPage();
    await v.goto(`${new URL(page.url()).origin}${href}`);
    await v.getByLabel('投票码').fill((urls[0] ?? '').split('#')[1] ?? '');
    await v.getByRole('button', { name: /核\s*对/ }).click();
    await expect.poll(() => v.getByText(`已计入：${firstUnit}`).count()).toBe(1);
    await v.getByLabel('投票码').fill('0000000000000000');
    await v.getByRole('button', { name: /核\s*对/ }).click();
    await expect.poll(() => v.getByText('没有找到：这个投票码没有被使用').count()).toBe(1);
    await shot(v, 'inspection-ballots-6-counted');
    await voter.close();
    await context.close();
  });
});
