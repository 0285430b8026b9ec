import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { auditListResponse } from '../../../contracts/audit.js';
import type { errorBody } from '../../../contracts/common.js';
import type { ImportCellError, ImportResult, ImportStreamLine } from '../../../contracts/io.js';
import type { MemberDetail, memberListResponse } from '../../../contracts/member.js';
import type { OrgNode } from '../../../contracts/org.js';
import type { OrgRow } from '../../../db/types.js';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let admin: Session;

const MEMBER_HEADERS = [
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
const ORG_HEADERS = ['编码', '名称', '类型', '上级编码', '排序', '成立日期', '关联单位编码'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type CellIn = string | number | Date | null;

/** A real .xlsx in memory, written with ExcelJS the way a person's spreadsheet would be. */
async function xlsx(headers: string[], rows: CellIn[][], sheetName = '党员'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in through the API; the session cookie and CSRF token go on every call like the web app's. */
async function session(account: string): Promise<Session> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { account, password: TEST_PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'kaohe_sid')?.value ?? '';
  return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

async function get(s: Session, url: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, cookies: { kaohe_sid: s.cookie } });
}

/** Uploads a file as multipart form data in the field `file`, as the browser does. */
async function upload(s: Session, url: string, file: Buffer, name = 'members.xlsx', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(file)], { type: XLSX }), name);
  return t.app.inject({
    method: 'POST',
    url,
    payload: form,
    cookies: { kaohe_sid: s.cookie },
    headers: { 'x-csrf-token': s.csrf },
  });
}

/** The lines of an NDJSON answer. */
const ndjson = (res: LightMyRequestResponse): ImportStreamLine[] =>
  res.body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ImportStreamLine);

type ErrorPayload = z.infer<typeof errorBody>['error'];
type MemberPage = z.infer<typeof memberListResponse>;
type AuditPage = z.infer<typeof auditListResponse>;
const resultOf = (res: LightMyRequestResponse) => res.json<ImportResult>();
const errorOf = (res: LightMyRequestResponse) => res.json<{ error: ErrorPayload }>().error;
const cellErrors = (res: LightMyRequestResponse) => resultOf(res).errors;

/** The i-th item, failing the test when there is none. */
function nth<T>(items: readonly T[], i: number): T {
  const item = items.at(i);
  if (item === undefined) throw new Error(`no item ${i} among ${items.length}`);
  return item;
}

async function getJson<T>(s: Session, url: string): Promise<T> {
  const res = await get(s, url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

async function countRows(
  table: 'member' | 'org' | 'audit_log' | 'member_branch_history' | 'org_closure',
): Promise<number> {
  const r = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function snapshot() {
  return {
    members: await countRows('member'),
    orgs: await countRows('org'),
    audit: await countRows('audit_log'),
    history: await countRows('member_branch_history'),
    closure: await countRows('org_closure'),
  };
}

const memberRow = (
  no: string,
  branch: OrgRow | string,
  over: Partial<Record<string, CellIn>> = {},
): CellIn[] => {
  const base: Record<string, CellIn> = {
    工号: no,
    姓名: `导入${no}`,
    性别: '女',
    出生日期: '1990-03-04',
    是否党员: '是',
    党员状态: '正式党员',
    入党日期: '2012-07-01',
    转正日期: '2013-07-01',
    所在支部编码: typeof branch === 'string' ? branch : branch.code,
    所属单位编码: null,
    岗位: '变电运维工',
    联系电话: '13800000001',
    ...over,
  };
  return MEMBER_HEADERS.map((h) => base[h] ?? null);
};

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  const a = await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }]);
  admin = await session(a.account);
});
afterAll(() => t.close());

describe('templates', () => {
  it('the members template opens in ExcelJS with the exact headers, drop-down lists and a 填写说明 sheet', async () => {
    const res = await get(admin, '/api/v1/io/templates/members.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('党员导入模板.xlsx'));
    const wb = await readXlsx(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['党员', '填写说明']);
    const ws = wb.getWorksheet('党员') as ExcelJS.Worksheet;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(MEMBER_HEADERS);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.actualRowCount).toBe(1);
    expect(ws.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"男,女"'] });
    expect(ws.getCell('F500').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"正式党员,预备党员"'],
    });
    const help = wb.getWorksheet('填写说明') as ExcelJS.Worksheet;
    const helpText: string[] = [];
    help.eachRow((r) => {
      helpText.push((r.values as unknown[]).filter((v) => typeof v === 'string').join(' '));
    });
    for (const h of MEMBER_HEADERS) expect(helpText.join('\n')).toContain(h);
  });

  it('the orgs template has the exact headers and the eight kinds as a list', async () => {
    const res = await get(admin, '/api/v1/io/templates/orgs.xlsx');
    expect(res.statusCode).toBe(200);
    const ws = (await readXlsx(res.rawPayload)).worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name).toBe('组织');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(ORG_HEADERS);
    expect(ws.getCell('C2').dataValidation?.formulae).toEqual([
      '"党委,党总支,党支部,党小组,部门,基层单位,工区,班组"',
    ]);
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ url: '/api/v1/io/templates/members.xlsx' });
    expect(res.statusCode).toBe(401);
  });
});

describe('members import', () => {
  it('previews a good sheet without writing, then commits it: members appear in the list with their branch history', async () => {
    const [a, b, c] = [uniq('M'), uniq('M'), uniq('M')];
    const file = await xlsx(MEMBER_HEADERS, [
      // Dates in the three forms people use: a date cell, 2020/7/1 text, eight digits.
      memberRow(a, tree.branchA1, {
        出生日期: new Date(Date.UTC(1988, 4, 6)),
        入党日期: '2020/7/1',
        转正日期: 20210701,
      }),
      memberRow(b, tree.groupA1, {
        性别: '男',
        党员状态: '预备党员',
        转正日期: null,
        所属单位编码: tree.unitRoot.code,
      }),
      // Staff outside the party: no status, scoped by their unit only.
      memberRow(c, '', {
        是否党员: '否',
        党员状态: null,
        入党日期: null,
        转正日期: null,
        所属单位编码: tree.unitRoot.code,
      }),
    ]);
    const before = await snapshot();
    const res = await upload(admin, '/api/v1/io/import/members/preview', file);
    expect(res.statusCode).toBe(200);
    const preview = resultOf(res);
    expect(preview).toMatchObject({
      kind: 'members',
      total: 3,
      valid: 3,
      errorCount: 0,
      errors: [],
      committed: false,
      imported: 0,
    });
    expect(preview.preview[0]).toMatchObject({
      row: 2,
      ok: true,
      values: {
        employeeNo: a,
        gender: 'F',
        birthDate: '1988-05-06',
        joinDate: '2020-07-01',
        fullDate: '2021-07-01',
        branchName: 'A1支部',
      },
    });
    expect(preview.columns[2]).toEqual({ key: 'gender', header: '性别', letter: 'C', required: true });
    expect(await snapshot()).toEqual(before);

    const commit = await upload(admin, '/api/v1/io/import/members/commit', file);
    expect(commit.statusCode).toBe(200);
    expect(commit.headers['content-type']).toContain('application/x-ndjson');
    const lines = ndjson(commit);
    expect(lines[0]).toEqual({ type: 'progress', done: 0, total: 3 });
    expect(lines.at(-2)).toEqual({ type: 'progress', done: 3, total: 3 });
    expect(lines.at(-1)).toMatchObject({ type: 'result', committed: true, imported: 3, total: 3 });

    const after = await snapshot();
    expect(after.members).toBe(before.members + 3);
    expect(after.history).toBe(before.history + 2);
    // One entry per member and one summary entry.
    expect(after.audit).toBe(before.audit + 4);

    const list = await getJson<MemberPage>(admin, `/api/v1/members?q=${a}`);
    expect(list.items).toHaveLength(1);
    const detail = await getJson<MemberDetail>(admin, `/api/v1/members/${nth(list.items, 0).id}`);
    expect(detail).toMatchObject({
      employeeNo: a,
      gender: 'F',
      status: 'full',
      birthDate: '1988-05-06',
      joinDate: '2020-07-01',
      fullDate: '2021-07-01',
      branchId: tree.branchA1.id,
      post: '变电运维工',
      phone: '13800000001',
    });
    expect(detail.history).toEqual([
      expect.objectContaining({ branchId: tree.branchA1.id, fromDate: '2026-03-16', toDate: null }),
    ]);
    const staff = await getJson<MemberPage>(admin, `/api/v1/members?q=${c}&isPartyMember=false`);
    expect(staff.items[0]).toMatchObject({
      isPartyMember: false,
      status: null,
      branchId: null,
      unitId: tree.unitRoot.id,
    });
    const audit = await getJson<AuditPage>(admin, '/api/v1/audit?action=import.members');
    expect(audit.items[0]).toMatchObject({
      action: 'import.members',
      after: expect.objectContaining({ rows: 3 }),
    });
  });

  it('lists every error of a bad sheet by row and column and imports nothing, not even the good rows', async () => {
    const good = uniq('M');
    const file = await xlsx(MEMBER_HEADERS, [
      memberRow(good, tree.branchA1),
      memberRow(uniq('M'), tree.branchA1, {
        姓名: null,
        性别: '男性',
        出生日期: '1990-02-30',
        联系电话: 'call me',
      }),
      memberRow(uniq('M'), 'NO-SUCH-BRANCH', { 党员状态: null }),
      memberRow(uniq('M'), tree.countyA, { 岗位: '岗'.repeat(51), 入党日期: 'last spring' }),
    ]);
    const before = await snapshot();
    const res = await upload(admin, '/api/v1/io/import/members/preview', file);
    expect(res.statusCode).toBe(200);
    const body = resultOf(res);
    expect(body).toMatchObject({ total: 4, valid: 1, committed: false });
    const found = body.errors.map((e) => [e.row, e.columnLetter, e.header, e.code]);
    expect(found).toEqual([
      [3, 'B', '姓名', 'required_value'],
      [3, 'C', '性别', 'invalid_choice'],
      [3, 'D', '出生日期', 'invalid_date'],
      [3, 'L', '联系电话', 'invalid_value'],
      [4, 'F', '党员状态', 'required_value'],
      [4, 'I', '所在支部编码', 'unknown_org_code'],
      [5, 'G', '入党日期', 'invalid_date'],
      [5, 'I', '所在支部编码', 'not_a_branch'],
      [5, 'K', '岗位', 'invalid_value'],
    ]);
    expect(body.errorCount).toBe(9);
    const gender = nth(body.errors, 1);
    expect(gender).toMatchObject({ column: 'gender', value: '男性' });
    expect(gender.messages['zh-CN']).toContain('男、女');
    expect(gender.messages.en).toContain('not allowed');
    expect(gender.message).toBe(gender.messages['zh-CN']);
    expect(body.errors.find((e) => e.code === 'unknown_org_code')?.message).toContain('NO-SUCH-BRANCH');

    const commit = await upload(admin, '/api/v1/io/import/members/commit', file);
    expect(commit.statusCode).toBe(422);
    const err = errorOf(commit);
    expect(err.code).toBe('import_has_errors');
    expect(err.messages.en).toContain('nothing was imported');
    const details = err.details as { errors: ImportCellError[]; errorCount: number };
    expect(details.errors).toEqual(body.errors);
    expect(details.errorCount).toBe(9);
    expect(await snapshot()).toEqual(before);
    expect((await getJson<MemberPage>(admin, `/api/v1/members?q=${good}`)).total).toBe(0);
  });

  it('answers English messages when asked', async () => {
    const file = await xlsx(MEMBER_HEADERS, [memberRow(uniq('M'), tree.branchA1, { 性别: 'x' })]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'm.xlsx');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/io/import/members/preview',
      payload: form,
      cookies: { kaohe_sid: admin.cookie },
      headers: { 'x-csrf-token': admin.csrf, 'accept-language': 'en' },
    });
    expect(nth(cellErrors(res), 0).message).toBe('"x" is not allowed; choose one of: 男、女');
  });

  it('finds a 工号 repeated within the sheet and one already in the database', async () => {
    const existing = await makeMember(t.db, tree.branchA1);
    const twice = uniq('M');
    const file = await xlsx(MEMBER_HEADERS, [
      memberRow(twice, tree.branchA1),
      memberRow(existing.employee_no, tree.branchA1),
      memberRow(twice, tree.branchA2),
    ]);
    const before = await snapshot();
    const res = await upload(admin, '/api/v1/io/import/members/preview', file);
    const errors = cellErrors(res);
    expect(errors).toEqual([
      expect.objectContaining({
        row: 3,
        columnLetter: 'A',
        header: '工号',
        code: 'duplicate_employee_no',
        value: existing.employee_no,
      }),
      expect.objectContaining({ row: 4, columnLetter: 'A', header: '工号', code: 'duplicate_in_sheet' }),
    ]);
    expect(nth(errors, 1).messages['zh-CN']).toContain('第 2 行');
    expect((await upload(admin, '/api/v1/io/import/members/commit', file)).statusCode).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('lets a user import only where they manage members: a forbidden error on each row outside their scope', async () => {
    // An affairs officer of county A may manage members in A's branches, not in county B's.
    const officer = await session(
      (await makeUser(t.db, [{ role: 'affairs', orgId: tree.countyA.id }])).account,
    );
    const secretary = await session(
      (await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }])).account,
    );
    const file = await xlsx(MEMBER_HEADERS, [
      memberRow(uniq('M'), tree.branchA1),
      memberRow(uniq('M'), tree.branchB1),
      memberRow(uniq('M'), tree.branchB1),
    ]);
    const before = await snapshot();
    const res = await upload(officer, '/api/v1/io/import/members/preview', file);
    expect(res.statusCode).toBe(200);
    expect(cellErrors(res).map((e) => [e.row, e.columnLetter, e.code])).toEqual([
      [3, 'I', 'forbidden'],
      [4, 'I', 'forbidden'],
    ]);
    expect(nth(cellErrors(res), 0).messages['zh-CN']).toContain('B1支部');
    expect((await upload(officer, '/api/v1/io/import/members/commit', file)).statusCode).toBe(422);

    // A branch secretary manages no members at all, not even in their own branch.
    const own = await upload(secretary, '/api/v1/io/import/members/preview', file);
    expect(cellErrors(own).map((e) => [e.row, e.code])).toEqual([
      [2, 'forbidden'],
      [3, 'forbidden'],
      [4, 'forbidden'],
    ]);
    const commit = await upload(secretary, '/api/v1/io/import/members/commit', file);
    expect(commit.statusCode).toBe(422);
    expect(errorOf(commit).code).toBe('import_has_errors');
    expect(await snapshot()).toEqual(before);
  });

  it('streams progress after each batch of a long import', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) =>
      memberRow(`${uniq('L')}-${i}`, i % 2 ? tree.branchA2 : tree.branchB1),
    );
    const before = await countRows('member');
    const res = await upload(admin, '/api/v1/io/import/members/commit', await xlsx(MEMBER_HEADERS, rows));
    expect(res.statusCode).toBe(200);
    const lines = ndjson(res);
    expect(lines.filter((l) => l.type === 'progress').map((l) => l.done)).toEqual([0, 500, 1000, 1200]);
    expect(lines.at(-1)).toMatchObject({
      type: 'result',
      imported: 1200,
      total: 1200,
      preview: expect.any(Array),
    });
    expect((nth(lines, -1) as ImportResult).preview).toHaveLength(50);
    expect(await countRows('member')).toBe(before + 1200);
  });
});

describe('bad files', () => {
  it('refuses a sheet with the wrong headers, naming the first wrong column', async () => {
    const headers = [...MEMBER_HEADERS];
    headers[2] = '性 别';
    const before = await snapshot();
    const res = await upload(
      admin,
      '/api/v1/io/import/members/preview',
      await xlsx(headers, [memberRow(uniq('M'), tree.branchA1)]),
    );
    expect(res.statusCode).toBe(400);
    const err = errorOf(res);
    expect(err.code).toBe('wrong_headers');
    expect(err.details).toMatchObject({ expected: MEMBER_HEADERS, found: headers, column: 'C' });
    expect(err.messages['zh-CN']).toContain('第 C 列表头应为「性别」');
    // The orgs sheet is not a members sheet either.
    const orgs = await upload(
      admin,
      '/api/v1/io/import/members/commit',
      await xlsx(ORG_HEADERS, [['X', 'Y', '党支部', null, null, null, null]]),
    );
    expect(orgs.statusCode).toBe(400);
    expect(errorOf(orgs).code).toBe('wrong_headers');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a text file renamed .xlsx, a zip that holds no workbook, and an empty sheet', async () => {
    const before = await snapshot();
    const text = await upload(
      admin,
      '/api/v1/io/import/members/commit',
      Buffer.from('工号,姓名\n1,张三\n'),
      'members.xlsx',
    );
    expect(text.statusCode).toBe(400);
    expect(errorOf(text)).toMatchObject({
      code: 'invalid_xlsx',
      messages: { 'zh-CN': expect.stringContaining('Excel'), en: expect.any(String) },
    });
    // "PK" alone is not enough: a zip without an Excel workbook inside is refused too.
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200)]);
    const notBook = await upload(admin, '/api/v1/io/import/members/preview', zip);
    expect(notBook.statusCode).toBe(400);
    expect(errorOf(notBook).code).toBe('invalid_xlsx');
    const empty = await upload(admin, '/api/v1/io/import/members/preview', await xlsx(MEMBER_HEADERS, []));
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).code).toBe('empty_sheet');
    expect(await snapshot()).toEqual(before);
  });

  it('answers file_missing to a request without a file', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await t.app.inject({
      method: 'POST',
      url: '/api/v1/io/import/members/preview',
      payload: form,
      cookies: { kaohe_sid: admin.cookie },
      headers: { 'x-csrf-token': admin.csrf },
    });
    expect(noFile.statusCode).toBe(400);
    expect(errorOf(noFile).code).toBe('file_missing');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/io/import/orgs/commit',
      payload: { file: 'x' },
      cookies: { kaohe_sid: admin.cookie },
      headers: { 'x-csrf-token': admin.csrf },
    });
    expect(json.statusCode).toBe(400);
    expect(errorOf(json).code).toBe('file_missing');
    const wrongField = await upload(
      admin,
      '/api/v1/io/import/members/preview',
      await xlsx(MEMBER_HEADERS, []),
      'm.xlsx',
      'upload',
    );
    expect(errorOf(wrongField).code).toBe('file_missing');
  });

  it('refuses an upload over the limit with 413 file_too_large and changes nothing', async () => {
    const before = await snapshot();
    // The test app's limit is 5 MB.
    const big = Buffer.concat([
      await xlsx(MEMBER_HEADERS, [memberRow(uniq('M'), tree.branchA1)]),
      Buffer.alloc(6 * 1024 * 1024),
    ]);
    const res = await upload(admin, '/api/v1/io/import/members/commit', big);
    expect(res.statusCode).toBe(413);
    expect(errorOf(res)).toMatchObject({
      code: 'file_too_large',
      details: { maxBytes: 5 * 1024 * 1024 },
    });
    expect(res.headers.connection).toBe('close');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a 50 MB upload after reading little more than the limit, never holding the file', async () => {
    const boundary = '----kaohe50mb';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\nPK\u0003\u0004`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const total = 50 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    // The body is generated as it is read: how far the server reads it is what `sent` shows.
    const body = Readable.from(
      (function* () {
        sent += head.length;
        yield head;
        while (sent < total) {
          sent += chunk.length;
          yield chunk;
        }
        yield tail;
      })(),
    );
    const before = await snapshot();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/io/import/members/commit',
      payload: body,
      cookies: { kaohe_sid: admin.cookie },
      headers: {
        'x-csrf-token': admin.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + total + tail.length),
      },
    });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('file_too_large');
    expect(sent).toBeLessThan(8 * 1024 * 1024);
    expect(await snapshot()).toEqual(before);
  });
});

describe('orgs import', () => {
  it('creates a committee → branch → group chain in one sheet, parents defined in earlier rows', async () => {
    const [com, br, grp, unit, team] = ['COM', 'BR', 'GRP', 'UNIT', 'TEAM'].map((p) => uniq(p)) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const file = await xlsx(
      ORG_HEADERS,
      [
        [unit, '检修工区', '工区', tree.unitRoot.code, null, null, null],
        [com, '新区党委', '党委', tree.root.code, 5, '2024-01-01', null],
        [br, '新区第一党支部', '党支部', com, '2', '2024/3/1', unit],
        [grp, '第一党小组', '党小组', br, null, null, null],
        [team, '带电作业班', 'team', unit, null, null, null],
      ],
      '组织',
    );
    const before = await snapshot();
    const preview = await upload(admin, '/api/v1/io/import/orgs/preview', file, 'orgs.xlsx');
    expect(preview.statusCode).toBe(200);
    expect(resultOf(preview)).toMatchObject({ kind: 'orgs', total: 5, valid: 5, errors: [] });
    expect(nth(resultOf(preview).preview, 2).values).toMatchObject({
      kind: 'branch',
      parentName: '新区党委',
      linkedUnitName: '检修工区',
      sortOrder: 2,
      activeFrom: '2024-03-01',
    });
    expect(await snapshot()).toEqual(before);

    const commit = await upload(admin, '/api/v1/io/import/orgs/commit', file, 'orgs.xlsx');
    expect(commit.statusCode).toBe(200);
    expect(ndjson(commit).at(-1)).toMatchObject({ type: 'result', imported: 5 });
    const party = (await getJson<{ items: OrgNode[] }>(admin, '/api/v1/orgs?tree=party')).items;
    const units = (await getJson<{ items: OrgNode[] }>(admin, '/api/v1/orgs?tree=unit')).items;
    const byCode = new Map([...party, ...units].map((o) => [o.code, o]));
    const node = (code: string) => byCode.get(code) as OrgNode;
    const [c, b, g] = [node(com), node(br), node(grp)];
    expect(c).toMatchObject({
      kind: 'committee',
      parentId: tree.root.id,
      sortOrder: 5,
      activeFrom: '2024-01-01',
    });
    expect(b).toMatchObject({ kind: 'branch', parentId: c.id, linkedUnitId: node(unit).id });
    expect(g).toMatchObject({ kind: 'group', parentId: b.id, activeFrom: '2026-03-16' });
    expect(node(team)).toMatchObject({ kind: 'team', parentId: node(unit).id });
    expect(node(unit)).toMatchObject({ kind: 'work_area', parentId: tree.unitRoot.id });
    // Closure rows: 5 nodes at depth 0, + the chain's ancestors (root; root, com; root, com, br; unitRoot; unitRoot, unit).
    expect((await snapshot()).closure).toBe(before.closure + 5 + 1 + 2 + 3 + 1 + 2);

    // The new subtree works like any other: members imported into the group show under the committee.
    const m = uniq('M');
    const res = await upload(
      admin,
      '/api/v1/io/import/members/commit',
      await xlsx(MEMBER_HEADERS, [memberRow(m, grp)]),
    );
    expect(res.statusCode).toBe(200);
    const inCommittee = await getJson<MemberPage>(admin, `/api/v1/members?orgId=${c.id}`);
    expect(inCommittee.items.map((x) => x.employeeNo)).toEqual([m]);
    const audit = await getJson<AuditPage>(admin, '/api/v1/audit?action=import.orgs');
    expect(nth(audit.items, 0).after).toMatchObject({ rows: 5 });
  });

  it('lists placement, reference and permission errors and creates nothing', async () => {
    const [a, b, late] = [uniq('A'), uniq('B'), uniq('L')];
    const file = await xlsx(
      ORG_HEADERS,
      [
        [a, '党小组挂党委', '党小组', tree.countyA.code, null, null, null],
        [b, '上级在后', '党支部', late, null, null, null],
        [late, '后面的党委', '党委', tree.root.code, null, null, null],
        [tree.branchA1.code, '重复编码', '党支部', tree.countyA.code, null, null, null],
        [uniq('C'), '未知类型', '支部', tree.countyA.code, -1, '2024-13-01', null],
        [uniq('D'), '单位不能关联', '班组', tree.unitRoot.code, null, null, tree.unitRoot.code],
        [uniq('E'), '顶级党支部', '党支部', null, null, null, null],
        [late, '表内重复', '党委', tree.root.code, null, null, null],
      ],
      '组织',
    );
    const before = await snapshot();
    const res = await upload(admin, '/api/v1/io/import/orgs/preview', file, 'orgs.xlsx');
    expect(res.statusCode).toBe(200);
    expect(cellErrors(res).map((e) => [e.row, e.columnLetter, e.code])).toEqual([
      [2, 'D', 'invalid_parent'],
      [3, 'D', 'unknown_org_code'],
      [5, 'A', 'duplicate_code'],
      [6, 'C', 'invalid_choice'],
      [6, 'E', 'invalid_value'],
      [6, 'F', 'invalid_date'],
      [7, 'G', 'invalid_value'],
      [8, 'D', 'invalid_parent'],
      [9, 'A', 'duplicate_in_sheet'],
    ]);
    expect(nth(cellErrors(res), 1).messages['zh-CN']).toContain('第 4 行');
    expect((await upload(admin, '/api/v1/io/import/orgs/commit', file, 'orgs.xlsx')).statusCode).toBe(422);
    expect(await snapshot()).toEqual(before);

    // Only admins manage orgs: an affairs officer of the root gets a forbidden error per row.
    const officer = await session((await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account);
    const beforeOfficer = await snapshot();
    const one = await xlsx(
      ORG_HEADERS,
      [
        [uniq('F'), '新支部', '党支部', tree.countyA.code, null, null, null],
        [uniq('G'), '新党委', '党委', null, null, null, null],
      ],
      '组织',
    );
    const denied = await upload(officer, '/api/v1/io/import/orgs/preview', one, 'orgs.xlsx');
    expect(cellErrors(denied).map((e) => [e.row, e.columnLetter, e.code])).toEqual([
      [2, 'D', 'forbidden'],
      [3, 'D', 'forbidden'],
    ]);
    expect((await upload(officer, '/api/v1/io/import/orgs/commit', one, 'orgs.xlsx')).statusCode).toBe(422);
    expect(await snapshot()).toEqual(beforeOfficer);
  });
});

describe('member export', () => {
  it('exports the filtered list on every page, in the template layout, and the export reads back as the API list', async () => {
    const committee = await makeOrg(t.db, 'committee', tree.root, '导出党委');
    const county = {
      countyA: committee,
      branchA1: await makeOrg(t.db, 'branch', committee),
      branchA2: await makeOrg(t.db, 'branch', committee),
    };
    for (let i = 0; i < 5; i++) await makeMember(t.db, county.branchA1, { phone: `1390000000${i}` });
    await makeMember(t.db, county.branchA2, { status: 'probationary', full_date: null, gender: 'F' });
    await makeMember(t.db, tree.branchB1);
    const res = await get(admin, `/api/v1/members/export.xlsx?orgId=${county.countyA.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const ws = (await readXlsx(res.rawPayload)).worksheets[0] as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...MEMBER_HEADERS, '所在支部名称']);
    const exported: Record<string, unknown>[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const v = (i: number) => row.getCell(i).value;
      const date = (i: number) => {
        const d = v(i);
        return d instanceof Date ? d.toISOString().slice(0, 10) : null;
      };
      exported.push({
        employeeNo: v(1),
        name: v(2),
        gender: v(3),
        birthDate: date(4),
        status: v(6),
        fullDate: date(8),
        branchCode: v(9),
        phone: v(12),
        branchName: v(13),
      });
    });
    const api = await getJson<MemberPage>(admin, `/api/v1/members?orgId=${county.countyA.id}&pageSize=200`);
    expect(api.total).toBe(6);
    const codes = new Map([
      [county.branchA1.id, county.branchA1.code],
      [county.branchA2.id, county.branchA2.code],
    ]);
    expect(exported).toEqual(
      api.items.map((m) => ({
        employeeNo: m.employeeNo,
        name: m.name,
        gender: m.gender === 'M' ? '男' : '女',
        birthDate: '1990-01-01',
        status: m.status === 'full' ? '正式党员' : '预备党员',
        fullDate: m.status === 'full' ? '2016-07-01' : null,
        branchCode: m.branchId === null ? undefined : codes.get(m.branchId),
        phone: m.phone,
        branchName: m.branchName,
      })),
    );

    // The export is a template: it passes the header check, and its rows fail only because they exist.
    const again = await upload(admin, '/api/v1/io/import/members/preview', res.rawPayload);
    expect(again.statusCode).toBe(200);
    expect(new Set(cellErrors(again).map((e) => e.code))).toEqual(new Set(['duplicate_employee_no']));
    expect(resultOf(again).errorCount).toBe(6);
  });

  it('is scoped like the list: a secretary exports only their own branch', async () => {
    const county = await makeTree(t.db);
    await makeMember(t.db, county.branchA1);
    await makeMember(t.db, county.branchB1);
    const secretary = await session(
      (await makeUser(t.db, [{ role: 'secretary', orgId: county.branchA1.id }])).account,
    );
    const ws = (await readXlsx((await get(secretary, '/api/v1/members/export.xlsx')).rawPayload))
      .worksheets[0] as ExcelJS.Worksheet;
    expect(ws.actualRowCount).toBe(2);
    expect(ws.getCell('I2').value).toBe(county.branchA1.code);
    const other = await get(secretary, `/api/v1/members/export.xlsx?orgId=${county.branchB1.id}`);
    expect(other.statusCode).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the io routes, with multipart uploads and binary answers', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    // Only the parts read below are typed.
    type Op = {
      tags: string[];
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    const doc = res.json<{ paths: Record<string, Record<string, Op>> }>();
    const op = (path: string, method: string) => doc.paths[path]?.[method] as Op;
    const preview = op('/api/v1/io/import/members/preview', 'post');
    expect(preview.tags).toEqual(['io']);
    expect(preview.requestBody.content['multipart/form-data']?.schema.properties.file).toMatchObject({
      type: 'string',
      format: 'binary',
    });
    const commit = op('/api/v1/io/import/orgs/commit', 'post');
    expect(commit.responses['200']?.content['application/x-ndjson']).toBeDefined();
    expect(commit.responses['422']).toBeDefined();
    const exported = op('/api/v1/members/export.xlsx', 'get');
    expect(exported.responses['200']?.content[XLSX]?.schema).toMatchObject({ format: 'binary' });
    expect(op('/api/v1/io/templates/orgs.xlsx', 'get').tags).toEqual(['io']);
  });
});
