import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { loginThroughForm, newPage, type Served, serveDemo, shot, shotsDir } from './harness.js';

/**
 * Journey: an admin imports a members sheet that has one bad row, sees the row and column,
 * fixes the sheet, imports it, and finds the new member in the org tree.
 */
let s: Served;
beforeAll(async () => {
  s = await serveDemo({ evaluation: false });
});
afterAll(() => s.close());

const headers = [
  '工号',
  '姓名',
  '性别',
  '出生日期',
  '是否党员',
  '党员状态',
  '入党日期',
  '转正日期',
  '所在支部编码',
  '所属单位编码',
  '岗位',
  '联系电话',
];

async function sheet(file: string, rows: (string | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

describe('admin imports members', () => {
  it('shows the bad row and column, imports nothing, then imports the fixed sheet', async () => {
    const { context, page } = await newPage(s);
    const good = (no: string, name: string): (string | null)[] => [
      no,
      name,
      '女',
      '1990-03-08',
      '是',
      '正式党员',
      '2015-07-01',
      '2016-07-01',
      'BHB13',
      null,
      '变电运维工',
      '13912345678',
    ];
    const bad = path.join(shotsDir, 'import-bad.xlsx');
    const fixed = path.join(shotsDir, 'import-fixed.xlsx');
    await sheet(bad, [
      good('E2E0001', '测试甲'),
      [
        'E2E0002',
        '测试乙',
        '未知',
        '1991-04-09',
        '是',
        '正式党员',
        '2016-07-01',
        '2017-07-01',
        'BHB13',
        null,
        '专责',
        '13912345679',
      ],
      good('E2E0003', '测试丙'),
    ]);
    await sheet(fixed, [
      good('E2E0001', '测试甲'),
      [
        'E2E0002',
        '测试乙',
        '男',
        '1991-04-09',
        '是',
        '正式党员',
        '2016-07-01',
        '2017-07-01',
        'BHB13',
        null,
        '专责',
        '13912345679',
      ],
      good('E2E0003', '测试丙'),
    ]);

    // The bare address serves the app, which sends a visitor without a session to the login page.
    const home = await page.goto('/');
    expect(home?.status()).toBe(200);
    await page.waitForURL((url) => url.pathname.startsWith('/login'));
    await loginThroughForm(page, 'admin', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '数据导入' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('input[type=file]').setInputFiles(bad);
    await expect.poll(() => page.getByText('发现 1 处错误').count(), { timeout: 20_000 }).toBe(1);
    // The error table names row 3 (the header is row 1), column C, header 性别.
    const errorRow = page.getByRole('row').filter({ hasText: '性别' }).filter({ hasText: '未知' });
    await expect.poll(() => errorRow.count(), { timeout: 30_000 }).toBe(1);
    const cells = await errorRow.getByRole('cell').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual(['3', 'C', '性别']);
    // Nothing can be imported while a row fails.
    expect(await page.getByRole('button', { name: '导入', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByText('有错误，无法导入').count()).toBe(1);
    await shot(page, 'import-01-error-row');
    const before = await page.request.get('/api/v1/members?q=E2E000');
    expect((await before.json()).total).toBe(0);

    await page.locator('input[type=file]').setInputFiles(fixed);
    await expect
      .poll(() => page.getByText('全部 3 行通过校验，可以导入').count(), { timeout: 20_000 })
      .toBe(1);
    await page.getByRole('button', { name: /导入 3 行/ }).click();
    await expect.poll(() => page.getByText('已导入 3 条党员记录').count(), { timeout: 30_000 }).toBe(1);
    await shot(page, 'import-02-done');

    await page.getByRole('link', { name: '查看组织与党员' }).click();
    await page.getByPlaceholder('姓名或工号').fill('E2E0002');
    await page.getByPlaceholder('姓名或工号').press('Enter');
    const found = page.getByRole('row').filter({ hasText: '测试乙' });
    await expect.poll(() => found.count(), { timeout: 30_000 }).toBe(1);
    expect(await found.textContent()).toContain('变电运维中心第一党支部');
    await shot(page, 'import-03-member-in-tree');
    expect(fs.existsSync(path.join(shotsDir, 'import-03-member-in-tree.png'))).toBe(true);
    await context.close();
  });
});
