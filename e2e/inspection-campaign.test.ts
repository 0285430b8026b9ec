import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import type { Ctx } from '../src/server/lib/context.js';
import { markReviewDone, saveHearing } from '../src/server/modules/inspection/scoring.service.js';
import { bootstrapUser } from '../src/server/modules/org/bootstrap.js';
import { journeyClock, loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/**
 * Journey (issue 11, annual inspection): the affairs department sets up the year's campaign and
 * its team in the browser and opens the self-check; the demo secretary self-checks the unit their
 * branch serves (变电运维中心); two inspectors score the unit's report and record a finding; the
 * rest of the team's work on the other 17 units goes in through the same use cases; the committee
 * publishes and the ranking shows every component. On the way the organiser edits the target
 * units and walks from the campaign to its ballot and ledger pages and back, the secretary links
 * an existing record and uploads a file as self-check evidence, and an inspector attaches a photo
 * to a finding. Screenshots are kept in artifacts/e2e.
 */
const DAY = '2026-11-16';
/** A 1×1 PNG: evidence whose type the server judges by content. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('annual inspection: set up, self-check, inspect, publish', () => {
  const clock = journeyClock(DAY);
  let s: Served;
  beforeAll(async () => {
    s = await serveDemo({ today: DAY, clock, evaluation: false });
    const hash = await s.db
      .selectFrom('app_user')
      .select(['password_hash'])
      .where('account', '=', 'inspector')
      .executeTakeFirstOrThrow();
    const root = await s.db.selectFrom('org').select('id').where('code', '=', 'BH').executeTakeFirstOrThrow();
    await bootstrapUser(s.db, {
      account: 'inspector2',
      displayName: '检查考核组成员（二）',
      passwordHash: hash.password_hash,
      grants: [{ role: 'inspector', orgId: root.id }],
      memberId: null,
    });
  }, 240_000);
  afterAll(() => s?.close());

  it('runs a campaign from set-up to the published ranking', async () => {
    const unit = await s.db
      .selectFrom('org')
      .select(['id', 'name'])
      .where('code', '=', 'BHU13')
      .executeTakeFirstOrThrow();
    const confirm = async (page: Awaited<ReturnType<typeof newPage>>['page'], name: string) => {
      await page.getByRole('button', { name }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
    };

    // ── the organiser sets up the campaign ──
    const affairs = await newPage(s);
    const a = affairs.page;
    await loginThroughForm(a, 'affairs', DEMO_PASSWORD);
    await a.goto('/inspection');
    await a.getByRole('combobox', { name: '组织党委' }).click();
    await a.keyboard.type('滨海供电公司党委');
    await a
      .locator('.ant-select-tree-node-content-wrapper', { hasText: /^滨海供电公司党委（/ })
      .first()
      .click();
    await a.getByLabel('名称').fill('2026年度党建工作综合检查考核');
    await a.getByRole('button', { name: '新建年度检查考核' }).click();
    await a.waitForURL(/\/inspection\/\d+$/);
    const id = Number(new URL(a.url()).pathname.split('/').pop());
    await expect.poll(() => a.getByText('变电运维中心', { exact: true }).count()).toBeGreaterThan(0);
    // The team: two inspectors.
    const team = a.getByRole('combobox', { name: '检查考核组' });
    for (const who of ['检查考核组', '检查考核组成员（二）']) {
      await team.click();
      await a.keyboard.type(who);
      await a.locator('.ant-select-item-option', { hasText: new RegExp(`^${who}$`) }).click();
      await expect
        .poll(() => a.locator('.ant-select-selection-item', { hasText: who }).count())
        .toBeGreaterThan(0);
    }
    await a.keyboard.press('Escape');
    await a
      .locator('form', { has: team })
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect
      .poll(
        async () =>
          (await s.db.selectFrom('insp_inspector').selectAll().where('campaign_id', '=', id).execute())
            .length,
      )
      .toBe(2);
    // Target units: one taken out and put back again while the campaign is a draft.
    const unitCount = async () =>
      (await s.db.selectFrom('insp_unit').select('org_id').where('campaign_id', '=', id).execute()).length;
    const all = await unitCount();
    const targets = a.getByRole('combobox', { name: '目标单位' });
    const unitsForm = a.locator('form', { has: targets });
    const last = unitsForm.locator('.ant-select-selection-item').last();
    const lastName = ((await last.textContent()) ?? '').replace(/（.*$/, '').trim();
    await last.locator('.ant-select-selection-item-remove').click();
    await unitsForm.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(unitCount).toBe(all - 1);
    await targets.click();
    await a.keyboard.type(lastName);
    await a.locator('.ant-select-item-option', { hasText: lastName }).first().click();
    await a.keyboard.press('Escape');
    await unitsForm.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(unitCount).toBe(all);
    // The ballot and ledger pages are reached from the campaign, and lead back to it.
    for (const [link, heading, path] of [
      ['民主测评', /^民主测评 · /, 'ballots'],
      ['打印测评票', /^测评票 · /, 'ballots/pack'],
      ['抽查台帐', /^抽查基层班组台帐 · /, 'ledger'],
    ] as const) {
      await a.getByRole('link', { name: link, exact: true }).click();
      await a.waitForURL(new RegExp(`/inspection/${id}/${path}$`));
      await expect.poll(() => a.getByRole('heading', { level: 1, name: heading }).count()).toBe(1);
      await a.getByRole('link', { name: /返回检查考核/ }).click();
      await a.waitForURL(new RegExp(`/inspection/${id}$`));
      await expect.poll(() => a.getByRole('combobox', { name: '目标单位' }).count()).toBe(1);
    }
    await shot(a, 'inspection-01-setup');
    await confirm(a, '启动自查自评');
    await expect
      .poll(
        async () =>
          (
            await s.db
              .selectFrom('insp_campaign')
              .select('state')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).state,
      )
      .toBe('self_check');

    // ── the unit self-checks ──
    const sec = await newPage(s);
    await loginThroughForm(sec.page, 'secretary', DEMO_PASSWORD);
    await sec.page.goto(`/inspection/${id}/self-check/${unit.id}`);
    for (const [code, score] of [
      ['A1', '19'],
      ['A2', '18.5'],
      ['A3', '20'],
      ['A4', '14'],
      ['A5', '9'],
      ['A6', '14'],
    ] as const)
      await sec.page.getByLabel(`自评分 ${code}`).fill(score);
    await sec.page.getByLabel('说明 A1').fill('中心组学习 12 次，记录齐全');
    // Evidence: a record the branch already made, linked; a file uploaded.
    await sec.page.getByRole('combobox', { name: '关联记录 A1' }).click();
    await sec.page.locator('.ant-select-item-option').first().click();
    await sec.page.keyboard.press('Escape');
    await sec.page
      .locator('#evidence-A2')
      .setInputFiles({ name: '学习记录.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => sec.page.getByRole('link', { name: '学习记录.png' }).count()).toBe(1);
    await sec.page
      .getByLabel('自查报告')
      .fill('变电运维中心党总支全年党建工作自查报告：对照考核细则逐项自查。');
    await sec.page.getByRole('button', { name: '提交自查' }).click();
    await expect.poll(() => sec.page.getByText(/自查得分 94\.50/).count()).toBe(1);
    const selfEvidence = await s.db
      .selectFrom('insp_self_score as x')
      .leftJoin('insp_evidence_ref as r', (j) =>
        j.onRef('r.entity_id', '=', 'x.id').on('r.entity_type', '=', 'insp_self_score'),
      )
      .leftJoin('evidence_link as l', (j) =>
        j.onRef('l.entity_id', '=', 'x.id').on('l.entity_type', '=', 'insp_self_score'),
      )
      .select(['r.ref_type', 'l.file_id'])
      .where('x.campaign_id', '=', id)
      .where('x.org_id', '=', unit.id)
      .execute();
    expect(selfEvidence.filter((e) => e.ref_type !== null)).toHaveLength(1);
    expect(selfEvidence.filter((e) => e.file_id !== null)).toHaveLength(1);
    await shot(sec.page, 'inspection-02-self-check');

    await confirm(a, '开始现场检查');
    await expect
      .poll(
        async () =>
          (
            await s.db
              .selectFrom('insp_campaign')
              .select('state')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).state,
      )
      .toBe('inspecting');

    // ── two inspectors hear the report and review documents ──
    for (const [account, score] of [
      ['inspector', '92'],
      ['inspector2', '88'],
    ] as const) {
      const p = await newPage(s);
      await loginThroughForm(p.page, account, DEMO_PASSWORD);
      await p.page.goto(`/inspection/${id}/units/${unit.id}`);
      await p.page.getByLabel('我的评分').fill(score);
      await p.page
        .getByRole('button', { name: /保\s*存/ })
        .first()
        .click();
      await expect
        .poll(
          async () =>
            (await s.db.selectFrom('insp_hearing_score').selectAll().where('org_id', '=', unit.id).execute())
              .length,
        )
        .toBeGreaterThan(account === 'inspector' ? 0 : 1);
      if (account === 'inspector2') {
        await p.page.getByRole('combobox', { name: '考核细则' }).click();
        await p.page.locator('.ant-select-item-option', { hasText: /^A2 / }).click();
        await p.page.getByLabel('扣分').fill('1.5');
        await p.page.getByLabel('问题描述').fill('“三会一课”会议记录缺少签到');
        await p.page
          .locator('#finding-evidence')
          .setInputFiles({ name: '签到表.png', mimeType: 'image/png', buffer: PNG });
        await expect.poll(() => p.page.getByRole('link', { name: '签到表.png' }).count()).toBe(1);
        await p.page.getByRole('button', { name: '记录问题' }).click();
        await expect
          .poll(() => p.page.getByRole('cell', { name: '“三会一课”会议记录缺少签到' }).count())
          .toBe(1);
        // The photo went with the finding and shows in its row.
        await expect
          .poll(() =>
            p.page
              .getByRole('row', { name: /三会一课/ })
              .getByRole('link', { name: '签到表.png' })
              .count(),
          )
          .toBe(1);
        await p.page.getByRole('button', { name: '查阅资料完成' }).click();
        await expect.poll(() => p.page.getByRole('button', { name: '查阅资料已完成' }).count()).toBe(1);
        await shot(p.page, 'inspection-03-on-site');
      }
      await p.context.close();
    }

    // The rest of the team's work on the other units, through the same use cases.
    const inspector = await s.db
      .selectFrom('app_user')
      .select(['id', 'member_id'])
      .where('account', '=', 'inspector2')
      .executeTakeFirstOrThrow();
    const root = await s.db.selectFrom('org').select('id').where('code', '=', 'BH').executeTakeFirstOrThrow();
    const ctx: Ctx = {
      db: s.db,
      dialect: 'sqlite',
      clock,
      dataDir: '',
      user: {
        id: inspector.id,
        account: 'inspector2',
        displayName: 'inspector2',
        memberId: inspector.member_id,
        grants: [{ role: 'inspector', orgId: root.id }],
      },
      locale: 'zh-CN',
    };
    const others = await s.db
      .selectFrom('insp_unit')
      .select('org_id')
      .where('campaign_id', '=', id)
      .where('org_id', '<>', unit.id)
      .execute();
    for (const [i, u] of others.entries()) {
      await saveHearing(ctx, id, u.org_id, { score: 8000 + 100 * (i % 10) });
      await markReviewDone(ctx, id, u.org_id);
    }

    await a.reload();
    await confirm(a, '提交党委审定');
    await expect
      .poll(
        async () =>
          (
            await s.db
              .selectFrom('insp_campaign')
              .select('state')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).state,
      )
      .toBe('review');

    // ── the committee publishes; the ranking shows ──
    const com = await newPage(s);
    await loginThroughForm(com.page, 'committee', DEMO_PASSWORD);
    await com.page.goto(`/inspection/${id}`);
    await confirm(com.page, '公布考评结果');
    await expect
      .poll(
        async () =>
          (
            await s.db
              .selectFrom('insp_campaign')
              .select('state')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).state,
      )
      .toBe('published');
    await com.page.goto(`/inspection/${id}/results`);
    const row = com.page.getByRole('row', { name: /变电运维中心/ });
    // self 94.50, report 90.00, document 98.50 → (945 + 1350 + 3447.5) / 60 = 95.71; ballots and ledger void.
    await expect.poll(() => row.textContent()).toContain('95.71');
    await expect.poll(() => row.getByText('作废').count()).toBe(2);
    await expect.poll(() => com.page.getByRole('img', { name: '各单位分项得分' }).count()).toBe(1);
    await shot(com.page, 'inspection-04-ranking');
    await row.getByRole('button', { name: /明细/ }).click();
    await expect
      .poll(() => com.page.getByText('inspection-2026.1', { exact: false }).count())
      .toBeGreaterThan(0);
    await shot(com.page, 'inspection-05-detail');
    await com.page.goto(`/inspection/${id}/report`);
    await expect.poll(() => com.page.getByText('党组织书记月度例会材料', { exact: false }).count()).toBe(1);
    await shot(com.page, 'inspection-06-report');

    // A unit's secretary on a phone sees the published ranking.
    const phone = await newPage(s, { width: 375, height: 812 });
    await loginThroughForm(phone.page, 'secretary', DEMO_PASSWORD);
    await phone.page.goto(`/inspection/${id}/results`);
    await expect.poll(() => phone.page.getByRole('row', { name: /变电运维中心/ }).count()).toBeGreaterThan(0);
    await shot(phone.page, 'inspection-07-phone-ranking');
  }, 300_000);
});
