import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { journeyClock, loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * Journey (issue: projects): the committee issues the year plan; the demo branch's secretary
 * details and submits the proposal, reports a milestone linking the 主题党日 the branch already
 * recorded (no upload), reports the rest and submits the summary; three panel members score;
 * the committee promotes the project; another branch's secretary adopts it from the library.
 */
const day = '2026-03-02';
/** Clicks the visible option of an open Ant Design select (its a11y listbox copies are hidden). */
const pick = (page: Page, text: string) =>
  page.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
const title = '“电力红马甲”党员服务队';

describe('projects: a year of one project', () => {
  const clock = journeyClock(day);
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({ today: day, clock, evaluation: false });
  });
  afterAll(() => s?.close());

  const as = async (page: Page, account: string) => {
    await page.context().clearCookies();
    await loginThroughForm(page, account, DEMO_PASSWORD);
  };
  const open = async (page: Page) => {
    await page.goto('/projects?year=2026');
    await page.getByRole('link', { name: title }).first().click();
    await expect
      .poll(() => page.getByRole('heading', { name: title }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
  };
  const step = async (page: Page, name: string, comment?: string) => {
    await page.getByRole('button', { name }).first().click();
    const dialog = page.getByRole('dialog');
    if (comment) await dialog.getByLabel('意见或原因').fill(comment);
    await dialog.getByRole('button', { name }).click();
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 30_000 }).toBe(0);
  };
  const projectState = async () =>
    (
      await s.db
        .selectFrom('pj_project')
        .select('state')
        .where('title', '=', title)
        .where('source_project_id', 'is', null)
        .executeTakeFirstOrThrow()
    ).state;

  it('plans, runs, scores, promotes and spreads a project', async () => {
    const { page } = await newPage(s);
    const branch = await s.db
      .selectFrom('org')
      .select(['id', 'name'])
      .where('name', '=', '变电运维中心第一党支部')
      .executeTakeFirstOrThrow();

    // ── the committee drafts the plan from a template and issues it ──
    await as(page, 'committee');
    await page.goto('/projects/plan');
    await page.getByLabel('项目名称').fill(title);
    await page.getByLabel('承担单位').click();
    await page.keyboard.type(branch.name);
    await pick(page, branch.name);
    await page.getByRole('button', { name: '生成计划草稿' }).click();
    await expect.poll(() => page.getByText(/已生成 1 个项目草稿/).count(), { timeout: 30_000 }).toBe(1);
    await shot(page, 'projects-01-plan-drafted');
    await page.getByRole('button', { name: '一键下达本年度计划' }).click();
    await expect.poll(projectState, { timeout: 30_000 }).toBe('research');

    // ── the secretary details the proposal and submits it ──
    await as(page, 'secretary');
    await open(page);
    await page.getByRole('button', { name: '编辑申请书' }).click();
    await page.getByRole('dialog').getByLabel('主要措施').fill('建立“网格+党员”责任区，每月上门服务一次。');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 30_000 }).toBe(0);
    await step(page, '提交立项申请');
    expect(await projectState()).toBe('proposal');

    // ── the committee approves ──
    await as(page, 'committee');
    await open(page);
    await step(page, '批准立项', '同意立项');
    expect(await projectState()).toBe('approved');

    // ── the secretary starts, reports the first milestone linking the recorded 主题党日 ──
    await as(page, 'secretary');
    await open(page);
    await step(page, '开始实施');
    const uploads = (await s.db.selectFrom('file_upload').select('id').execute()).length;
    await page.getByRole('button', { name: '报告节点' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('报告内容').fill('结合2月主题党日开展调研，征求群众意见 30 条。');
    await dialog.getByLabel('活动月份').fill('2026-02');
    await dialog.getByRole('button', { name: '活动月份' }).click();
    await dialog.getByLabel('关联已记录的活动（无需重复上传）').last().click();
    await pick(page, '2月主题党日');
    await dialog.getByText('进展').click();
    await shot(page, 'projects-02-report-linking-activity');
    await dialog.getByRole('button', { name: '报告节点' }).click();
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(() => page.getByText('2月主题党日', { exact: false }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect((await s.db.selectFrom('file_upload').select('id').execute()).length).toBe(uploads);
    expect((await s.db.selectFrom('pj_report_ref').select('ref_id').execute()).length).toBe(1);
    // The remaining milestones, then the summary.
    for (;;) {
      const next = page
        .getByRole('button', { name: '报告节点', exact: true })
        .and(page.locator('.ant-btn-primary'));
      const waiting = await next.count();
      if (waiting === 0) break;
      await next.first().click();
      await page.getByRole('dialog').getByLabel('报告内容').fill('按计划完成。');
      await page.getByRole('dialog').getByRole('button', { name: '报告节点' }).click();
      await expect.poll(() => page.getByRole('dialog').count(), { timeout: 30_000 }).toBe(0);
      // The reported milestone's button goes once the list is read again: until then it is
      // still on screen, and counting it would click a button about to disappear.
      await expect.poll(() => next.count(), { timeout: 30_000 }).toBeLessThan(waiting);
    }
    await step(page, '提交总结');
    expect(await projectState()).toBe('summary');

    // ── the committee names the panel; three members score ──
    await as(page, 'committee');
    await open(page);
    const panel = page.getByLabel('评审组成员（至少 3 人，承担单位人员不得参加）');
    for (const name of ['党委（书记/委员）', '党群工作部', '检查考核组']) {
      await panel.click();
      await page.keyboard.type(name);
      await pick(page, name);
    }
    await page.getByText('项目评审').click();
    await page.getByRole('button', { name: '组建评审组' }).click();
    await expect
      .poll(async () => (await s.db.selectFrom('pj_panelist').select('user_id').execute()).length, {
        timeout: 30_000,
      })
      .toBe(3);
    const sheets: Record<string, number[]> = {
      committee: [29, 24, 24, 19],
      affairs: [28, 23, 24, 18],
      inspector: [30, 25, 23, 20],
    };
    for (const [account, scores] of Object.entries(sheets)) {
      await as(page, account);
      await open(page);
      for (const [i, name] of ['目标达成', '创新性', '实效性', '推广价值'].entries()) {
        await page.getByLabel(name).fill(String(scores[i]));
      }
      await shot(page, `projects-03-score-${account}`);
      await page.getByRole('button', { name: '提交评分（提交后不可修改）' }).click();
      await expect
        .poll(async () => (await s.db.selectFrom('pj_score_sheet').select('user_id').execute()).length, {
          timeout: 30_000,
        })
        .toBe(Object.keys(sheets).indexOf(account) + 1);
    }
    expect(await projectState()).toBe('evaluated');

    // ── the committee promotes it ──
    await as(page, 'committee');
    await open(page);
    await expect.poll(() => page.getByText(/得分 95\.67/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await step(page, '推广入库', '推广入库');
    expect(await projectState()).toBe('promoted');
    await shot(page, 'projects-04-promoted');

    // ── another branch's secretary adopts it from the library ──
    await as(page, 'sec-bh01b02');
    await page.goto('/projects/library');
    await page.getByRole('button', { name: '复制推广到本支部' }).first().click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.waitForURL(/\/projects\/\d+$/);
    const adopted = await s.db
      .selectFrom('pj_project')
      .select(['state', 'origin'])
      .where('source_project_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(adopted).toEqual({ state: 'research', origin: 'proposed' });
    await shot(page, 'projects-05-adopted');

    // ── on a phone: the adopter's list and the project page fit 375 px ──
    const phone = await newPage(s, { width: 375, height: 812 });
    await loginThroughForm(phone.page, 'sec-bh01b02', DEMO_PASSWORD);
    await phone.page.goto('/projects?year=2026');
    await phone.page.getByRole('link', { name: title }).first().click();
    await expect
      .poll(() => phone.page.getByRole('heading', { name: title }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone.page, 'projects-06-phone-project');
  }, 300_000);
});
