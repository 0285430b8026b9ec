import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, createFixture, type Fixture, multipart, type Who } from '../branch-eval.fixtures.js';

/**
 * The indicator library in Excel: template, export, and an import that previews every error by
 * row and column and writes all rows or none (SPEC §3 "import/export via Excel").
 */
let f: Fixture;
const HEADERS = ['指标编码', '指标名称', '类别', '分值', '评分标准', '需要佐证', '状态'];

beforeAll(async () => {
  f = await createFixture();
});
afterAll(() => f.t.close());

async function sheet(rows: (string | number | null)[][], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('指标库');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (who: Who, step: 'preview' | 'commit', file: Buffer, orgId = f.root.id) =>
  f.c(who).inject({
    method: 'POST',
    url: `${BASE}/indicators/import/${step}?orgId=${orgId}`,
    ...multipart({}, { name: 'lib.xlsx', content: file }),
  });

const count = async () => (await f.c('affairs').get(`${BASE}/indicators?orgId=${f.root.id}`)).body.total;

describe('indicator library import and export', () => {
  it('offers a template with the columns and a help sheet', async () => {
    const res = await f.c('sec1').inject({ method: 'GET', url: `${BASE}/indicators/template.xlsx` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标库', '填写说明']);
    expect((wb.getWorksheet('指标库')?.getRow(1).values as unknown[] | undefined)?.slice(1)).toEqual(HEADERS);
  });

  it('exports the library laid out like the template; importing it back changes nothing but reports updates', async () => {
    const res = await f
      .c('office')
      .inject({ method: 'GET', url: `${BASE}/indicators/export.xlsx?orgId=${f.root.id}` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('指标库');
    expect(ws?.rowCount).toBe(8);
    expect((ws?.getRow(2).values as unknown[] | undefined)?.slice(1)).toEqual([
      'B1',
      '三会一课',
      '基本类',
      '30.00',
      '按计划开展',
      '否',
      '启用',
    ]);
    const preview = await upload('affairs', 'preview', res.rawPayload);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      total: 7,
      valid: 7,
      errorCount: 0,
      created: 0,
      updated: 7,
      committed: false,
    });
    expect(
      (
        await f
          .c('member')
          .inject({ method: 'GET', url: `${BASE}/indicators/export.xlsx?orgId=${f.root.id}` })
      ).statusCode,
    ).toBe(403);
  });

  it('lists every error by row and column, and a commit with errors writes nothing', async () => {
    const bad = await sheet([
      ['N1', '新指标', '基本类', '10', '', '否', null],
      ['N1', '重复编码', '基本类', '5', '', null, null],
      ['N2', '类别错误', '重要类', '5', '', null, null],
      ['N3', '分值错误', '评价类', '10.555', '', null, null],
      ['N4', null, '创新类', '5', '', '也许', null],
    ]);
    const preview = await upload('affairs', 'preview', bad);
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ total: 5, valid: 1, committed: false });
    expect(
      body.errors.map(
        (e: { row: number; columnLetter: string; code: string }) => `${e.row}${e.columnLetter}:${e.code}`,
      ),
    ).toEqual([
      '3A:duplicate_in_sheet',
      '4C:invalid_choice',
      '5D:invalid_value',
      '6B:required_value',
      '6F:invalid_choice',
    ]);
    const before = await count();
    const commit = await upload('affairs', 'commit', bad);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('import_has_errors');
    expect(await count()).toBe(before);
  });

  it('commits a valid sheet in one go: new codes are added, known codes updated, each change audited', async () => {
    const good = await sheet([
      ['N1', '志愿服务', '评价类', 7.5, '每月至少 1 次', '是', '启用'],
      ['B2', '发展党员（修订）', '基本类', '10', '', '否', '停用'],
    ]);
    expect((await upload('sec1', 'commit', good)).statusCode).toBe(403);
    // The county office manages its own library, not the bureau's.
    expect((await upload('office', 'commit', good)).statusCode).toBe(403);
    const res = await upload('affairs', 'commit', good);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, imported: 2, created: 1, updated: 1 });
    const list = await f.c('affairs').get(`${BASE}/indicators?orgId=${f.root.id}&q=N1`);
    expect(list.body.items[0]).toMatchObject({
      code: 'N1',
      category: 'evaluative',
      maxPoints: 750,
      evidenceRequired: true,
      active: true,
    });
    const b2 = (await f.c('affairs').get(`${BASE}/indicators?orgId=${f.root.id}&q=B2`)).body.items[0];
    expect(b2).toMatchObject({ name: '发展党员（修订）', active: false });
    const actions = (
      await f.t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'branch_eval.indicator.%')
        .execute()
    ).map((a) => a.action);
    expect(actions.filter((a) => a === 'branch_eval.indicator.import')).toHaveLength(1);
    // A retired indicator can no longer be added to a template.
    const tpl = await f
      .c('office')
      .post(`${BASE}/templates`, { orgId: f.countyA.id, name: 't', indicators: [{ code: 'B2' }] });
    expect(tpl.body.error.code).toBe('unknown_indicator');
  });

  it('refuses a sheet with other headers or that is not a workbook', async () => {
    const wrong = await upload(
      'affairs',
      'preview',
      await sheet([['X', 'y', '基本类', '1']], ['编码', '名称', '类别', '分值']),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('wrong_headers');
    const text = await upload('affairs', 'preview', Buffer.from('code,name\nA,B\n'));
    expect(text.json().error.code).toBe('invalid_xlsx');
  });
});
