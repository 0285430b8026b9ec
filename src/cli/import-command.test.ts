import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/kysely.js';
import { makeMember, makeTree, makeUser } from '../server/test/factories.js';
import { createTestDb, type TestDb } from '../server/test/harness.js';
import { importCommand } from './import-command.js';
import type { CliIo } from './seed-command.js';

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

let t: TestDb;
let db: Db;
let tree: Awaited<ReturnType<typeof makeTree>>;
let dir: string;
let admin: { id: number; account: string };

beforeAll(async () => {
  t = await createTestDb();
  db = t.handle.db;
  tree = await makeTree(db);
  // The default actor: the first active admin of a root org.
  admin = await makeUser(db, [{ role: 'admin', orgId: tree.root.id }]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-import-cli-'));
});
afterAll(async () => {
  await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An operator's shell pointed at the test database, whose output the test reads. */
function shell(tty = false) {
  let out = '';
  let err = '';
  const io: CliIo = {
    env: { KAOHE_DATABASE_URL: t.url, KAOHE_DATA_DIR: path.join(dir, 'data') },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
  };
  return { io, out: () => out, err: () => err };
}

async function sheetFile(
  name: string,
  headers: string[],
  rows: (string | number | null)[][],
  sheetName: string,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function count(table: 'member' | 'org' | 'audit_log'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const member = (
  no: string,
  branchCode: string,
  over: (string | number | null)[] = [],
): (string | number | null)[] => {
  const row: (string | number | null)[] = [
    no,
    `成员${no}`,
    '男',
    '1990-01-01',
    '是',
    '正式党员',
    '2015-07-01',
    '2016-07-01',
    branchCode,
    null,
    '班长',
    '13900000000',
  ];
  over.forEach((v, i) => {
    if (v !== null) row[i] = v;
  });
  return row;
};

describe('kaohe import', () => {
  it('imports a members sheet as the root admin, with a progress bar and a summary, and audits it under that admin', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) =>
      member(`CLI${String(i).padStart(5, '0')}`, i % 2 ? tree.branchA1.code : tree.branchB1.code),
    );
    const file = await sheetFile('members.xlsx', MEMBER_HEADERS, rows, '党员');
    const before = await count('member');
    const s = shell();
    expect(await importCommand(['members', file], s.io)).toBe(0);
    expect(s.out()).toMatch(/已导入 \/ imported 1200 members/);
    expect(s.err()).toContain('导入中 / importing     0/1200    0%');
    expect(s.err()).toContain('导入中 / importing  1200/1200  100%');
    expect(await count('member')).toBe(before + 1200);
    const summary = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import.members')
      .executeTakeFirstOrThrow();
    expect(summary.actor_account).toBe(admin.account);
  });

  it('redraws the bar in place on a terminal, and --dry-run writes nothing', async () => {
    const file = await sheetFile(
      'tty.xlsx',
      MEMBER_HEADERS,
      [member('TTY00001', tree.branchA2.code)],
      '党员',
    );
    const before = await count('member');
    const dry = shell(true);
    expect(await importCommand(['members', file, '--dry-run'], dry.io)).toBe(0);
    expect(dry.out()).toContain('all 1 rows pass');
    expect(dry.out()).toContain('--dry-run: nothing written');
    expect(await count('member')).toBe(before);
    const s = shell(true);
    expect(await importCommand(['members', file], s.io)).toBe(0);
    expect(s.err()).toContain('\r[##############################] 导入中 / importing  1/1  100%');
    expect(await count('member')).toBe(before + 1);
  });

  it('prints every error as 第 N 行 C 列（表头） and exits 1 with nothing written', async () => {
    const existing = await makeMember(db, tree.branchA1);
    const file = await sheetFile(
      'bad.xlsx',
      MEMBER_HEADERS,
      [
        member('BAD00001', tree.branchA1.code),
        member('BAD00002', 'NOPE', [null, null, '未知']),
        member(existing.employee_no, tree.branchA1.code),
      ],
      '党员',
    );
    const before = { members: await count('member'), audit: await count('audit_log') };
    const s = shell();
    expect(await importCommand(['members', file], s.io)).toBe(1);
    const lines = s.err().split('\n');
    expect(lines).toContain('第 3 行 C 列（性别）: 取值「未知」无效，可选：男、女');
    expect(lines).toContain('第 3 行 I 列（所在支部编码）: 找不到编码为「NOPE」的党组织');
    expect(lines).toContain(`第 4 行 A 列（工号）: 工号「${existing.employee_no}」已存在于系统中`);
    expect(s.err()).toContain('3 处错误，涉及 2/3 行；未导入任何数据。');
    expect({ members: await count('member'), audit: await count('audit_log') }).toEqual(before);

    const dry = shell();
    expect(await importCommand(['members', file, '--dry-run'], dry.io)).toBe(1);
    expect(dry.err()).toContain('第 3 行 C 列（性别）');
  });

  it('acts as the account given with --as, with that account’s permissions', async () => {
    const officer = await makeUser(db, [{ role: 'affairs', orgId: tree.countyA.id }]);
    const file = await sheetFile(
      'as.xlsx',
      MEMBER_HEADERS,
      [member('AS000001', tree.branchA1.code), member('AS000002', tree.branchB1.code)],
      '党员',
    );
    const s = shell();
    expect(await importCommand(['members', file, '--as', officer.account], s.io)).toBe(1);
    expect(s.err()).toContain('第 3 行 I 列（所在支部编码）: 您无权管理「B1支部」的党员');
    const unknown = shell();
    expect(await importCommand(['members', file, '--as', 'nobody-here'], unknown.io)).toBe(1);
    expect(unknown.err()).toContain('nobody-here');
  });

  it('imports an orgs chain and keeps the closure table consistent', async () => {
    const file = await sheetFile(
      'orgs.xlsx',
      ORG_HEADERS,
      [
        ['CLI-COM', '命令行党委', '党委', tree.root.code, null, null, null],
        ['CLI-GB', '命令行党总支', '党总支', 'CLI-COM', null, null, null],
        ['CLI-BR', '命令行支部', '党支部', 'CLI-GB', null, null, null],
        ['CLI-GRP', '命令行党小组', '党小组', 'CLI-BR', null, null, null],
      ],
      '组织',
    );
    const s = shell();
    expect(await importCommand(['orgs', file], s.io)).toBe(0);
    expect(s.out()).toContain('imported 4 orgs');
    const orgs = await db.selectFrom('org').select(['id', 'parent_id']).execute();
    const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
    const expected = new Set<string>();
    for (const o of orgs) {
      let node: number | null = o.id;
      for (let depth = 0; node != null; depth++) {
        expected.add(`${node}>${o.id}@${depth}`);
        node = parent.get(node) ?? null;
      }
    }
    const closure = await db.selectFrom('org_closure').selectAll().execute();
    expect(new Set(closure.map((r) => `${r.ancestor_id}>${r.descendant_id}@${r.depth}`))).toEqual(expected);
    expect(closure).toHaveLength(expected.size);
  });

  it('explains a file that is not an xlsx, and bad usage', async () => {
    const file = path.join(dir, 'not.xlsx');
    fs.writeFileSync(file, 'just text');
    const s = shell();
    expect(await importCommand(['orgs', file], s.io)).toBe(1);
    expect(s.err()).toContain('invalid_xlsx: 文件不是有效的 Excel (.xlsx) 工作簿');
    const usage = shell();
    expect(await importCommand(['people', file], usage.io)).toBe(2);
    expect(usage.err()).toContain('usage: kaohe import orgs|members FILE');
    const missing = shell();
    expect(await importCommand(['orgs', path.join(dir, 'missing.xlsx')], missing.io)).toBe(1);
    expect(missing.err()).toContain('cannot read');
  });
});
