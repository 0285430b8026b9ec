import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../../db/types.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';
import {
  countRows,
  createAdoptedScheme,
  pointsFootprint,
  readXlsx,
  relogin,
  sheetValues,
  upload,
  xlsx,
} from './points.fixtures.js';

/**
 * The points spreadsheets with real .xlsx files written and read back with ExcelJS: the items
 * template and import into a draft, the entries template and import (every rule of a single
 * entry, all rows or none), the board export with the board's privacy.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let committee: Client;
let secA1: Client;
let member: Client;
let schemeId = 0;
let draftScheme = 0;
const m: MemberRow[] = [];

const ITEM_HEADERS = [
  '项目编码',
  '项目名称',
  '维度',
  '加减分',
  '分值',
  '单位',
  '季度上限类型',
  '季度上限',
  '需佐证',
  '一票否决',
];
const ENTRY_HEADERS = ['工号', '姓名', '项目编码', '发生日期', '数量', '分值', '备注'];

const download = async (c: Client, url: string) => {
  const res = await c.inject({ method: 'GET', url });
  return { status: res.statusCode, res, wb: res.statusCode === 200 ? await readXlsx(res.rawPayload) : null };
};
const cellErrors = (body: Json) =>
  (body.errors as Json[]).map((e) => `${e.columnLetter}${e.row} ${e.header} ${e.code}`);

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
  tree = await makeTree(t.db);
  for (let i = 0; i < 5; i++)
    m.push(await makeMember(t.db, tree.branchA1, { name: `A1党员${i}`, employee_no: `P00${i + 1}` }));
  await makeMember(t.db, tree.branchB1, { name: 'B1党员', employee_no: 'Q001' });
  const client = async (
    role: 'affairs' | 'committee' | 'secretary' | 'member',
    orgId: number,
    memberId?: number,
  ) => login(t.app, (await makeUser(t.db, [{ role, orgId }], memberId)).account, TEST_PASSWORD);
  affairs = await client('affairs', tree.root.id);
  committee = await client('committee', tree.root.id);
  secA1 = await client('secretary', tree.branchA1.id);
  member = await client('member', tree.branchA1.id, m[0]?.id);
  schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
  const next = await affairs.post('/api/v1/points/schemes', {
    rootOrgId: tree.root.id,
    year: 2027,
    name: '2027方案',
  });
  draftScheme = next.body.id;
});
afterAll(() => t.close());

describe('items of a draft scheme', () => {
  it('downloads the template with the columns, drop-down lists and instructions', async () => {
    const { status, wb } = await download(affairs, '/api/v1/points/templates/items.xlsx');
    expect(status).toBe(200);
    const ws = wb?.getWorksheet('积分项目');
    if (!ws) throw new Error('no sheet');
    expect(sheetValues(ws)[0]).toEqual(ITEM_HEADERS);
    expect(ws.getCell('C2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"政治素质,专业素质,文明素质"'],
    });
    expect(ws.getCell('G2').dataValidation?.formulae).toEqual(['"次数,分值,无"']);
    expect(wb?.getWorksheet('填写说明')).toBeDefined();
  });

  it('reports every bad cell by row and column, and a commit with errors changes nothing', async () => {
    const file = await xlsx(
      ITEM_HEADERS,
      [
        ['ZZ01', '参加主题党日', '政治素质', '加分', 2, '次', '次数', 3, '否', '否'],
        ['YW01', '业务工作实绩', '专业', '加分', '1-5', '项', '无', null, '否', '否'],
        ['ZZ01', '重复的编码', '政治素质', '加分', 'abc', '次', null, null, null, null],
        ['WM01', '志愿服务', '文明素质', '加分', '5-1', '小时', '无', 2, '否', '否'],
        ['JL01', '违反廉洁纪律', '文明素质', '减分', 5, '次', '分值', null, '是', '是'],
        ['KF01', '缺席', '政治素质', '扣分', -2, '次', null, null, '不', null],
      ],
      '积分项目',
    );
    const url = `/api/v1/points/schemes/${draftScheme}/items/import`;
    const preview = await upload(affairs, `${url}/preview`, file);
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({
      kind: 'points_items',
      total: 6,
      valid: 1,
      committed: false,
      schemeIssues: [],
    });
    expect(cellErrors(body)).toEqual([
      'C3 维度 invalid_choice',
      'A4 项目编码 duplicate_in_sheet',
      'E4 分值 invalid_value',
      'E5 分值 invalid_value',
      'H5 季度上限 invalid_value',
      'H6 季度上限 required_value',
      'D7 加减分 invalid_choice',
      'E7 分值 invalid_value',
      'I7 需佐证 invalid_choice',
    ]);
    expect(body.errors[1].message).toContain('第 2 行');
    const before = await pointsFootprint(t.db);
    const commit = await upload(affairs, `${url}/commit`, file);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('import_has_errors');
    expect(commit.json().error.details.errors).toHaveLength(9);
    expect(await pointsFootprint(t.db)).toEqual(before);
    expect((await affairs.get(`/api/v1/points/schemes/${draftScheme}`)).body.draft.items).toEqual([]);
  });

  it('is affairs’ to do: a secretary cannot import items', async () => {
    const file = await xlsx(
      ITEM_HEADERS,
      [['ZZ01', '参加主题党日', '政治素质', '加分', 2, '次', null, null, null, null]],
      '积分项目',
    );
    expect(
      (await upload(secA1, `/api/v1/points/schemes/${draftScheme}/items/import/preview`, file)).statusCode,
    ).toBe(403);
  });

  it('replaces the draft’s items; the scheme’s own checks show at their rows and on the draft', async () => {
    const file = await xlsx(
      ITEM_HEADERS,
      [
        ['ZZ01', '参加主题党日', '政治素质', '加分', 2, '次', '次数', 3, '否', '否'],
        ['YW01', '业务工作实绩', '专业素质', '加分', '1～5', '项', '分值', '10', '否', '否'],
        ['WM01', '志愿服务', '文明素质', '加分', 0.5, '小时', null, null, null, null],
        ['KF01', '无故缺席组织生活', '政治素质', '减分', '2', '次', '无', null, '否', '否'],
        ['JL01', '违反廉洁纪律', '文明素质', '减分', 5, '次', null, null, '否', '是'],
      ],
      '积分项目',
    );
    const url = `/api/v1/points/schemes/${draftScheme}/items/import`;
    const preview = (await upload(affairs, `${url}/preview`, file)).json();
    expect(preview).toMatchObject({ errorCount: 0, valid: 5 });
    expect(preview.schemeIssues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'veto_without_evidence',
          row: 6,
          path: ['items', 4, 'evidenceRequired'],
        }),
      ]),
    );
    expect(preview.preview[1].values).toMatchObject({
      code: 'YW01',
      points: '1-5',
      capKind: 'points',
      capValue: '10',
    });
    const audits = await countRows(t.db, 'audit_log');
    const commit = await upload(affairs, `${url}/commit`, file);
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toMatchObject({ committed: true, imported: 5 });
    expect(await countRows(t.db, 'audit_log')).toBe(audits + 1);
    const draft = (await affairs.get(`/api/v1/points/schemes/${draftScheme}`)).body.draft;
    expect(draft.items.map((i: Json) => i.code)).toEqual(['ZZ01', 'YW01', 'WM01', 'KF01', 'JL01']);
    expect(draft.items[1]).toEqual({
      code: 'YW01',
      name: '业务工作实绩',
      dimension: 'professional',
      direction: 'bonus',
      points: { kind: 'range', min: 100, max: 500 },
      unit: '项',
      quarterCap: { kind: 'points', value: 1000 },
      evidenceRequired: false,
      veto: false,
    });
    expect(draft.items[2].points).toEqual({ kind: 'fixed', value: 50 });
    expect(draft.issues.map((i: Json) => i.code)).toContain('veto_without_evidence');
  });

  it('exports a scheme’s items in the template’s layout, and the export imports back unchanged', async () => {
    const { status, res } = await download(
      affairs,
      `/api/v1/points/schemes/${draftScheme}/items/export.xlsx`,
    );
    expect(status).toBe(200);
    const before = (await affairs.get(`/api/v1/points/schemes/${draftScheme}`)).body.draft.items;
    const again = await upload(
      affairs,
      `/api/v1/points/schemes/${draftScheme}/items/import/commit`,
      res.rawPayload,
    );
    expect(again.statusCode).toBe(200);
    expect((await affairs.get(`/api/v1/points/schemes/${draftScheme}`)).body.draft.items).toEqual(before);
  });

  it('into an adopted scheme without a draft, starts a new draft version and leaves the version in force alone', async () => {
    const { res } = await download(affairs, `/api/v1/points/schemes/${schemeId}/items/export.xlsx`);
    const commit = await upload(
      affairs,
      `/api/v1/points/schemes/${schemeId}/items/import/commit`,
      res.rawPayload,
    );
    expect(commit.statusCode).toBe(200);
    const detail = (await affairs.get(`/api/v1/points/schemes/${schemeId}`)).body;
    expect(detail).toMatchObject({ currentVersion: 1, hasDraft: true, draft: { version: 2 } });
    expect(detail.draft.items).toEqual(detail.current.items);
  });
});

describe('entries', () => {
  const url = () => `/api/v1/points/schemes/${schemeId}/entries/import`;

  it('downloads a template listing the scheme’s items and which need evidence', async () => {
    const { status, wb } = await download(secA1, `/api/v1/points/schemes/${schemeId}/templates/entries.xlsx`);
    expect(status).toBe(200);
    const data = wb?.getWorksheet('积分记录');
    if (!data) throw new Error('no sheet');
    expect(sheetValues(data)[0]).toEqual(ENTRY_HEADERS);
    const ref = wb?.getWorksheet('方案项目（参考）');
    if (!ref) throw new Error('no reference sheet');
    const j01 = sheetValues(ref).find((r) => r[0] === 'J01');
    expect(j01?.[6]).toContain('须佐证');
  });

  it('checks every row with the rules of a single entry; preview and a failed commit write nothing', async () => {
    const file = await xlsx(
      ENTRY_HEADERS,
      [
        ['P001', 'A1党员0', 'P01', '2026-03-02', 1, null, '3月主题党日'],
        ['X999', '某某', 'P01', '2026-03-02', null, null, null],
        ['P002', '张三', 'P01', '2026-03-02', null, null, null],
        ['P003', 'A1党员2', 'ZZZ', '2026-03-02', null, null, null],
        ['P003', 'A1党员2', 'J01', '2026-03-02', null, null, null],
        ['P004', 'A1党员3', 'P01', '2026-03-20', null, null, null],
        ['P004', 'A1党员3', 'J02', '2026-03-02', 1, 20, null],
        ['P004', 'A1党员3', 'J02', '2026-03-02', 1, null, null],
        ['Q001', 'B1党员', 'P01', '2026-03-02', null, null, null],
        ['P005', 'A1党员4', 'P01', '2025-12-30', null, null, null],
        ['P005', 'A1党员4', 'P01', '2026/3/5', 'abc', '1.234', null],
      ],
      '积分记录',
    );
    const before = await pointsFootprint(t.db);
    const preview = await upload(secA1, `${url()}/preview`, file);
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({
      kind: 'points_entries',
      total: 11,
      valid: 1,
      committed: false,
      entryIds: [],
    });
    expect(cellErrors(body)).toEqual([
      'A3 工号 unknown_employee_no',
      'B4 姓名 name_mismatch',
      'C5 项目编码 unknown_item',
      'C6 项目编码 evidence_required',
      'D7 发生日期 date_in_future',
      'F8 分值 points_out_of_range',
      'F9 分值 points_required',
      'A10 工号 forbidden',
      'D11 发生日期 date_outside_year',
      'E12 数量 invalid_value',
      'F12 分值 invalid_value',
    ]);
    expect(body.errors.find((e: Json) => e.row === 6).message).toContain('不能通过表格导入');
    expect(body.errors.find((e: Json) => e.row === 4).message).toContain('A1党员1');
    expect(body.preview[0]).toMatchObject({ ok: true, values: { employeeNo: 'P001', points: 200 } });
    expect(await pointsFootprint(t.db)).toEqual(before);
    const commit = await upload(secA1, `${url()}/commit`, file);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('import_has_errors');
    expect(commit.json().error.details.errorCount).toBe(11);
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('imports a clean sheet as submitted entries in one go, audited', async () => {
    const file = await xlsx(
      ENTRY_HEADERS,
      [
        ['P001', 'A1党员0', 'P01', '2026-03-02', 1, null, '3月主题党日'],
        ['P001', 'A1党员0', 'J02', new Date(Date.UTC(2026, 2, 9)), 1, 3.5, null],
        ['P003', 'A1党员2', 'C01', '2026/3/5', 2, null, '社区服务'],
        ['P002', 'A1党员1', 'D01', '20260306', null, null, '无故缺席'],
      ],
      '积分记录',
    );
    const entries = await countRows(t.db, 'points_entry');
    const res = await upload(secA1, `${url()}/commit`, file);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ committed: true, imported: 4, errorCount: 0 });
    expect(await countRows(t.db, 'points_entry')).toBe(entries + 4);
    const created = await t.db
      .selectFrom('points_entry')
      .select(['id', 'item_code', 'occurred_on', 'quantity', 'points', 'state', 'kind', 'note'])
      .where('id', 'in', body.entryIds)
      .orderBy('id')
      .execute();
    expect(created).toEqual([
      expect.objectContaining({
        item_code: 'P01',
        points: 200,
        state: 'submitted',
        kind: 'normal',
        note: '3月主题党日',
      }),
      expect.objectContaining({
        item_code: 'J02',
        occurred_on: '2026-03-09',
        points: 350,
        state: 'submitted',
      }),
      expect.objectContaining({ item_code: 'C01', occurred_on: '2026-03-05', quantity: 2, points: 200 }),
      expect.objectContaining({ item_code: 'D01', occurred_on: '2026-03-06', points: 300 }),
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', '%import.points%')
      .execute();
    expect(audit).toHaveLength(1);
    // Straight into the weekly review.
    expect(
      (await affairs.get(`/api/v1/points/entries?state=submitted&schemeId=${schemeId}`)).body.total,
    ).toBe(4);
    expect(
      (await affairs.post('/api/v1/points/entries/bulk', { ids: body.entryIds, action: 'approve' })).status,
    ).toBe(200);
  });
});

describe('board export', () => {
  it('exports the published board with two decimals and the board’s privacy', async () => {
    t.clock.set('2026-04-02T02:00:00.000Z');
    affairs = await relogin(t, affairs);
    committee = await relogin(t, committee);
    secA1 = await relogin(t, secA1);
    member = await relogin(t, member);
    // Closed quarters refuse imported entries like single ones.
    const late = await xlsx(
      ENTRY_HEADERS,
      [['P004', 'A1党员3', 'P01', '2026-03-25', 1, null, null]],
      '积分记录',
    );
    await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`);
    const refused = await upload(secA1, `/api/v1/points/schemes/${schemeId}/entries/import/preview`, late);
    expect(cellErrors(refused.json())).toEqual(['D2 发生日期 quarter_closed']);
    const early = await download(
      member,
      `/api/v1/points/board/export.xlsx?schemeId=${schemeId}&quarter=2026-Q1`,
    );
    // Not yet published: the member will read it then, so "not yet", not "forbidden".
    expect(early.status).toBe(409);
    await committee.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/publish`);

    const { status, res, wb } = await download(
      member,
      `/api/v1/points/board/export.xlsx?schemeId=${schemeId}&quarter=2026-Q1`,
    );
    expect(status).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      '亮分榜-A1支部-2026-Q1.xlsx',
    );
    const ws = wb?.getWorksheet('亮分榜');
    if (!ws) throw new Error('no sheet');
    const rows = sheetValues(ws);
    expect(rows[0]).toEqual([
      '排名',
      '姓名',
      '工号',
      '支部',
      '总分',
      '政治素质',
      '专业素质',
      '文明素质',
      '扣分',
      '较上季度',
    ]);
    // P001: 60 + 2 + 3.5 = 65.5; P003: 62; P004/P005: 60 (tied 3rd); P002: 60 − 3 = 57.
    expect(rows.slice(1)).toEqual([
      [1, 'A1党员0', 'P001', 'A1支部', 65.5, 2, 3.5, 0, 0, '—'],
      [2, 'A1党员2', 'P003', 'A1支部', 62, 0, 0, 2, '—', '—'],
      [3, 'A1党员3', 'P004', 'A1支部', 60, 0, 0, 0, '—', '—'],
      [3, 'A1党员4', 'P005', 'A1支部', 60, 0, 0, 0, '—', '—'],
      [5, 'A1党员1', 'P002', 'A1支部', 57, 0, 0, 0, '—', '—'],
    ]);
    expect(ws.getCell('E2').numFmt).toBe('0.00');
    expect(ws.getCell('I2').numFmt).toBe('0.00');
    // Officers see everyone's deductions, as on the board.
    const officer = await download(
      secA1,
      `/api/v1/points/board/export.xlsx?schemeId=${schemeId}&quarter=2026-Q1&orgId=${tree.branchA1.id}`,
    );
    const p002 = sheetValues(officer.wb?.getWorksheet('亮分榜') as NonNullable<typeof ws>).find(
      (r) => r[2] === 'P002',
    );
    expect(p002?.[8]).toBe(3);
    const q = await download(
      affairs,
      `/api/v1/points/board/export.xlsx?schemeId=${schemeId}&quarter=2026-Q1&q=P00`,
    );
    expect(sheetValues(q.wb?.getWorksheet('亮分榜') as NonNullable<typeof ws>)).toHaveLength(6);
  });
});
