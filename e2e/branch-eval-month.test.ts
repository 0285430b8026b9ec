import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchSecretaryAccount, DEMO_BRANCH_CODE, DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { bureauRound } from './branch-eval-round.js';
import { journeyClock, loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * Journey (issue: branch joint evaluation): one month for five branches through the browser —
 * each secretary self-evaluates (linking the 主题党日 already recorded in member points rather
 * than uploading it again) and scores its peers; the office verifies them from the keyboard;
 * the committee approves the month for all branches at once and publishes it; rankings, the
 * explanation and the secretary's published sheet follow. The other 37 branches of the demo
 * bureau do their part through the same use cases.
 *
 * The month's dates decide what is open, so the journey runs on several days, each on its own
 * demo loaded as of that day, the server's clock then moving to the verification: a working day
 * late in November verified on 1 December (the next month's first working day), in full; and 30
 * September (the month's last working day, the deadline itself) verified on 5 October, in the
 * National Day break — there only what the dates change: the secretary's page opens on the
 * server's month even with the browser's clock a month off, the sheet is accepted on its last
 * day, and the office and the committee find the month waiting in the holiday.
 */
/** Liveness bound for a journey of many pages on a loaded 2-core machine (not a timing check). */
const JOURNEY_TIMEOUT = 300_000;

interface Scenario {
  label: string;
  month: string;
  /** The day the demo is loaded and the secretaries self-evaluate. */
  selfOn: string;
  /** The day the office verifies and the committee approves. */
  verifyOn: string;
  /** How the home page describes `verifyOn`. */
  verifyDayNote: string;
  full: boolean;
}
const scenarios: Scenario[] = [
  {
    label: '24 November, verified on 1 December',
    month: '2026-11',
    selfOn: '2026-11-24',
    verifyOn: '2026-12-01',
    verifyDayNote: '工作日',
    full: true,
  },
  {
    label: '30 September (the last working day), verified in the National Day break',
    month: '2026-09',
    selfOn: '2026-09-30',
    verifyOn: '2026-10-05',
    verifyDayNote: '国庆节假期',
    full: false,
  },
];

interface Five {
  id: number;
  code: string;
  name: string;
  account: string;
}

const activityOf = (month: string) => `${Number(month.slice(5))}月主题党日`;

async function fillSheet(page: Page, month: string, form: number, withActivity: boolean) {
  const codes = await page.locator('.kh-be-ind-code').allTextContents();
  expect(codes.length).toBeGreaterThanOrEqual(11);
  for (const code of codes) {
    if (code.startsWith('I')) continue; // no innovation claimed
    const input = page.locator(`#be-self-${code}`);
    const max = Number(
      (await page.locator(`#be-ind-${code} .kh-be-ind-head .kh-be-ind-max`).textContent())?.replace(
        /[^\d.]/g,
        '',
      ),
    );
    const score = code.startsWith('M') ? max : Math.round(max * form * 2) / 2;
    await input.fill(String(score));
  }
  if (withActivity) {
    await page.locator('#be-ind-M02').getByRole('button', { name: '关联已有记录' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(activityOf(month)).click();
    await drawer.getByRole('button', { name: /确定（已选 1 项）/ }).click();
    await expect
      .poll(
        () =>
          page
            .locator('#be-ind-M02')
            .getByText(`活动：${activityOf(month)}`)
            .count(),
        { timeout: 30_000 },
      )
      .toBe(1);
  }
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect.poll(() => page.getByText('已全部保存').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: '提交自评' }).click();
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect.poll(() => page.getByText('自评已提交').count(), { timeout: 30_000 }).toBeGreaterThan(0);
}

/** The month's peer sheets on one screen: a level per branch, one submit for all. */
async function scorePeers(page: Page, month: string, form: number) {
  await page.goto(`/branch-eval/peer?month=${month}`);
  await expect.poll(() => page.getByText(/已完成 \d+\/\d+/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  const level = form >= 0.9 ? '好' : form >= 0.8 ? '较好' : form >= 0.7 ? '一般' : '较差';
  const buttons = page.getByRole('button', { name: new RegExp(`：${level}（`) });
  const n = await buttons.count();
  if (n === 0) return 0;
  for (let k = 0; k < n; k++) await buttons.nth(k).click();
  await page.getByRole('button', { name: `提交 ${n} 个支部的评价` }).click();
  await expect.poll(() => page.getByText(`已提交 ${n} 个支部的评价`).count(), { timeout: 30_000 }).toBe(1);
  return n;
}

describe.each(scenarios)('branch joint evaluation: $label', (sc) => {
  const MONTH = sc.month;
  const clock = journeyClock(sc.selfOn);
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({ today: sc.selfOn, clock });
  });
  afterAll(() => s?.close());

  /** The office logs in on the verification day: the home page names the day as the server sees it. */
  const officeOnVerifyDay = async (page: Page) => {
    await loginThroughForm(page, 'evaloffice', DEMO_PASSWORD);
    await expect
      .poll(() => page.locator('.ant-tag', { hasText: sc.verifyDayNote }).count(), { timeout: 30_000 })
      .toBe(1);
  };

  if (sc.full)
    it(
      'five branches: self, peer, verify, approve, publish — and everyone sees the result',
      async () => {
        const round = bureauRound(s.db, clock);
        const sheets = await round.sheets(MONTH);
        const open = sheets.filter((x) => x.state === null || x.state === 'self_open');
        const demo = open.find((x) => x.code === DEMO_BRANCH_CODE);
        if (!demo) throw new Error('the demo branch should still be open');
        const five: Five[] = [demo, ...open.filter((x) => x.code !== DEMO_BRANCH_CODE).slice(0, 4)].map(
          (x) => ({
            id: x.id,
            code: x.code,
            name: x.name,
            account: x.code === DEMO_BRANCH_CODE ? 'secretary' : branchSecretaryAccount(x.code),
          }),
        );
        expect(five).toHaveLength(5);
        const fiveIds = new Set(five.map((b) => b.id));
        // The rest of the bureau submits its sheets and peer scores.
        await round.selfEvaluate(
          MONTH,
          open.filter((x) => !fiveIds.has(x.id)).map((x) => x.id),
        );
        await round.peerScore(
          MONTH,
          sheets.filter((x) => !fiveIds.has(x.id)).map((x) => x.id),
        );

        // ── five secretaries: self-evaluation and peer scores ──
        const forms = [0.92, 0.85, 0.8, 0.95, 0.7];
        let peerSheets = 0;
        for (const [k, b] of five.entries()) {
          const phone = k === 0;
          const { context, page } = await newPage(s, phone ? { width: 375, height: 812 } : undefined);
          await loginThroughForm(page, b.account, DEMO_PASSWORD);
          if (phone) {
            await page.getByRole('button', { name: '打开菜单' }).click();
            await page.getByRole('menuitem', { name: '本支部月评' }).click();
          } else {
            await page.goto(`/branch-eval/month?branch=${b.id}&month=${MONTH}`);
          }
          await expect.poll(() => page.locator('#be-self-M01').count(), { timeout: 30_000 }).toBe(1);
          if (k === 0) await shot(page, 'be-01-secretary-sheet-phone');
          await fillSheet(page, MONTH, forms[k] ?? 0.8, true);
          if (k === 0) await shot(page, 'be-02-secretary-submitted-phone');
          // Peer scoring at a desk (the phone view shows one sheet at a time).
          if (phone) await page.setViewportSize({ width: 1366, height: 900 });
          peerSheets += await scorePeers(page, MONTH, forms[k] ?? 0.8);
          if (k === 1) await shot(page, 'be-03-peer-done');
          await context.close();
        }
        expect(peerSheets).toBeGreaterThan(0);
        const submitted = (await round.sheets(MONTH)).filter((x) => x.state === 'self_submitted');
        expect(submitted).toHaveLength(sheets.length);
        const m02 = await s.db
          .selectFrom('be_evidence_ref')
          .innerJoin('be_self_score', 'be_self_score.id', 'be_evidence_ref.self_score_id')
          .innerJoin('be_branch_month', 'be_branch_month.id', 'be_self_score.branch_month_id')
          .innerJoin('be_month', 'be_month.id', 'be_branch_month.month_id')
          .select('be_evidence_ref.ref_type')
          .where('be_month.month', '=', MONTH)
          .where('be_branch_month.branch_id', '=', demo.id)
          .where('be_self_score.code', '=', 'M02')
          .execute();
        expect(m02.map((r) => r.ref_type)).toEqual(['points_activity']);

        // ── the next month's first working day: the office verifies ──
        clock.set(sc.verifyOn);
        await round.verify(
          MONTH,
          sheets.filter((x) => !fiveIds.has(x.id)).map((x) => x.id),
        );
        {
          const { context, page } = await newPage(s, { width: 1366, height: 900 });
          await officeOnVerifyDay(page);
          await page.getByRole('menuitem', { name: '验证工作台' }).click();
          await expect.poll(() => page.getByText('已验证 37 / 42').count(), { timeout: 30_000 }).toBe(1);
          await page.keyboard.press('j');
          await expect
            .poll(() => page.getByRole('button', { name: /确认验证/ }).count(), { timeout: 30_000 })
            .toBeGreaterThan(0);
          await shot(page, 'be-04-office-workbench');
          const openBranch = () => new URL(page.url()).searchParams.get('branch');
          let verified: string | null = null;
          for (let k = 1; k <= 5; k++) {
            // The next waiting branch's sheet is open (its verify button ready), then one key press;
            // a key pressed while the last one's sheet is still on screen would verify nothing.
            await expect.poll(openBranch, { timeout: 30_000 }).not.toBe(verified);
            verified = openBranch();
            // That branch's own sheet, loaded (not the last one's, still on screen while the next renders).
            const sheet = page.locator(`.kh-be-sheet[data-branch-id="${verified}"]`);
            const verify = sheet.getByRole('button', { name: /确认验证/ });
            await expect.poll(() => verify.count(), { timeout: 30_000 }).toBe(1);
            await expect.poll(() => verify.isEnabled(), { timeout: 30_000 }).toBe(true);
            await expect
              .poll(() => sheet.getByText('预计本月得分').count(), { timeout: 30_000 })
              .toBeGreaterThan(0);
            await page.waitForLoadState('networkidle');
            await page.keyboard.press('Control+Enter');
            await expect
              .poll(() => page.getByText(`已验证 ${37 + k} / 42`).count(), { timeout: 30_000 })
              .toBe(1);
          }
          await shot(page, 'be-05-office-all-verified');
          await context.close();
        }

        // ── the committee approves the month for all branches at once, and publishes ──
        {
          const { context, page } = await newPage(s, { width: 1366, height: 900 });
          await loginThroughForm(page, 'committee', DEMO_PASSWORD);
          await page.getByRole('menuitem', { name: '月度审定' }).click();
          await page.getByRole('button', { name: '审定本月结果' }).click();
          await page.getByRole('dialog').getByRole('button', { name: '审定本月结果' }).click();
          await expect
            .poll(() => page.getByRole('button', { name: '发布结果与排名' }).count(), { timeout: 20_000 })
            .toBe(1);
          await shot(page, 'be-06-committee-approved');
          await page.getByRole('button', { name: '发布结果与排名' }).click();
          await page.getByRole('dialog').getByRole('button', { name: '发布结果与排名' }).click();
          await expect
            .poll(() => page.getByText(/本月结果与排名已于 .* 发布/).count(), { timeout: 20_000 })
            .toBe(1);

          await page.getByRole('menuitem', { name: '排名与报告' }).click();
          await expect
            .poll(() => page.getByText(`${MONTH.slice(0, 4)}年${Number(MONTH.slice(5))}月`).count(), {
              timeout: 30_000,
            })
            .toBeGreaterThan(0);
          await shot(page, 'be-07-rankings');
          await page.getByRole('row').filter({ hasText: demo.name }).first().click();
          await expect.poll(() => page.getByText(/得分说明/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
          await shot(page, 'be-08-explanation');
          await context.close();
        }
        const month = await s.db
          .selectFrom('be_month')
          .select(['id', 'state'])
          .where('month', '=', MONTH)
          .executeTakeFirstOrThrow();
        expect(month.state).toBe('published');
        const scores = await s.db
          .selectFrom('be_month_score')
          .select(['branch_id', 'rank', 'total'])
          .where('month_id', '=', month.id)
          .execute();
        expect(scores).toHaveLength(sheets.length);

        // ── the demo secretary sees the branch's published sheet; the raters stay hidden ──
        {
          const { context, page } = await newPage(s, { width: 375, height: 812 });
          await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
          await page.goto(`/branch-eval/month?branch=${demo.id}&month=${MONTH}`);
          await expect.poll(() => page.getByText('月度得分').count(), { timeout: 30_000 }).toBeGreaterThan(0);
          const mine = scores.find((x) => x.branch_id === demo.id);
          await expect
            .poll(() => page.getByText(`第 ${mine?.rank} 名`).count(), { timeout: 30_000 })
            .toBeGreaterThan(0);
          await shot(page, 'be-09-secretary-result-phone');
          const raters = await s.db
            .selectFrom('be_peer_score')
            .innerJoin('org', 'org.id', 'be_peer_score.rater_branch_id')
            .select('org.name')
            .distinct()
            .where('be_peer_score.month_id', '=', month.id)
            .where('be_peer_score.rated_branch_id', '=', demo.id)
            .execute();
          expect(raters.length).toBeGreaterThan(0);
          const text = (await page.locator('body').textContent()) ?? '';
          for (const r of raters) if (r.name !== demo.name) expect(text).not.toContain(r.name);
          await context.close();
        }
      },
      JOURNEY_TIMEOUT,
    );

  if (!sc.full)
    it(
      'what the dates change: the month, its last day, verification in a holiday',
      async () => {
        const round = bureauRound(s.db, clock);
        const sheets = await round.sheets(MONTH);
        const demo = sheets.find((x) => x.code === DEMO_BRANCH_CODE);
        if (!demo || !(demo.state === null || demo.state === 'self_open'))
          throw new Error('the demo branch should be open');
        const others = sheets.filter((x) => x.id !== demo.id).map((x) => x.id);

        // The secretary's browser thinks it is a month later; the page still opens on the server's
        // running month, and the sheet is accepted on the month's last working day.
        {
          const browserTime = new Date(clock.now().getTime() + 30 * 86_400_000);
          const { context, page } = await newPage(s, undefined, { browserTime });
          await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
          await page.goto('/branch-eval/month');
          await expect.poll(() => page.locator('#be-self-M01').count(), { timeout: 30_000 }).toBe(1);
          await fillSheet(page, MONTH, 0.9, true);
          await shot(page, `be-${MONTH}-last-working-day`);
          await context.close();
        }
        expect((await round.sheets(MONTH)).find((x) => x.id === demo.id)?.state).toBe('self_submitted');
        const late = await s.db
          .selectFrom('be_branch_month')
          .innerJoin('be_month', 'be_month.id', 'be_branch_month.month_id')
          .select('be_branch_month.submitted_late')
          .where('be_month.month', '=', MONTH)
          .where('be_branch_month.branch_id', '=', demo.id)
          .executeTakeFirstOrThrow();
        expect(late.submitted_late).toBe(0);
        await round.selfEvaluate(
          MONTH,
          sheets
            .filter((x) => x.id !== demo.id && (x.state === null || x.state === 'self_open'))
            .map((x) => x.id),
        );
        await round.peerScore(
          MONTH,
          sheets.map((x) => x.id),
        );

        // ── in the holiday: the office finds the month waiting and verifies the last branch ──
        clock.set(sc.verifyOn);
        await round.verify(MONTH, others);
        {
          const { context, page } = await newPage(s, { width: 1366, height: 900 });
          await officeOnVerifyDay(page);
          await page.getByRole('menuitem', { name: '验证工作台' }).click();
          const n = sheets.length;
          await expect
            .poll(() => page.getByText(`已验证 ${n - 1} / ${n}`).count(), { timeout: 30_000 })
            .toBe(1);
          await page.keyboard.press('j');
          const verify = page.getByRole('button', { name: /确认验证/ }).first();
          await expect.poll(() => verify.isEnabled(), { timeout: 30_000 }).toBe(true);
          await expect
            .poll(() => page.getByText('预计本月得分').count(), { timeout: 30_000 })
            .toBeGreaterThan(0);
          await page.waitForLoadState('networkidle');
          await page.keyboard.press('Control+Enter');
          await expect.poll(() => page.getByText(`已验证 ${n} / ${n}`).count(), { timeout: 30_000 }).toBe(1);
          await shot(page, `be-${MONTH}-verified-in-holiday`);
          await context.close();
        }

        // ── the committee approves and publishes the month, still in the holiday ──
        {
          const { context, page } = await newPage(s, { width: 1366, height: 900 });
          await loginThroughForm(page, 'committee', DEMO_PASSWORD);
          await page.getByRole('menuitem', { name: '月度审定' }).click();
          await page.getByRole('button', { name: '审定本月结果' }).click();
          await page.getByRole('dialog').getByRole('button', { name: '审定本月结果' }).click();
          await expect
            .poll(() => page.getByRole('button', { name: '发布结果与排名' }).count(), { timeout: 20_000 })
            .toBe(1);
          await page.getByRole('button', { name: '发布结果与排名' }).click();
          await page.getByRole('dialog').getByRole('button', { name: '发布结果与排名' }).click();
          await expect
            .poll(() => page.getByText(/本月结果与排名已于 .* 发布/).count(), { timeout: 20_000 })
            .toBe(1);
          await context.close();
        }
        const month = await s.db
          .selectFrom('be_month')
          .select('state')
          .where('month', '=', MONTH)
          .executeTakeFirstOrThrow();
        expect(month.state).toBe('published');
      },
      JOURNEY_TIMEOUT,
    );
});
