import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readZipDirectory } from '../../../domain/files/container.js';
import { buildZip } from '../../../test-support/zip.js';
import { AppError } from '../../lib/errors.js';
import {
  buildTemplate,
  type Cell,
  columnLetter,
  normalizeCell,
  parseDate,
  parseInteger,
  parseText,
  readXlsxSheet,
  type SheetSpec,
} from '../../lib/excel.js';
import { indicatorsSheetSpec } from '../branch-eval/library/library-io.js';
import { criteriaSheetSpec } from '../inspection/criteria-io.js';
import { entriesSheetSpec } from '../points/entries-sheet.js';
import { itemsSheetSpec } from '../points/items-sheet.js';
import { membersSheetSpec } from './members-import.js';
import { orgsSheetSpec } from './orgs-import.js';

/** The helpers under the imports, on cells and files as Excel and people make them. */

const spec: SheetSpec<'code' | 'when'> = {
  sheetName: '表',
  columns: [
    {
      key: 'code',
      header: '编码',
      headerEn: 'Code',
      width: 10,
      required: true,
      kind: 'text',
      example: 'A1',
      help: '',
      helpEn: '',
    },
    {
      key: 'when',
      header: '日期',
      headerEn: 'Date',
      width: 10,
      required: false,
      kind: 'date',
      example: '2020-07-01',
      help: '',
      helpEn: '',
    },
  ],
  trailingExtras: ['备注'],
  notes: [],
  notesEn: [],
};

async function book(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function appError(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('cells', () => {
  it('reads dates in the forms people type, and refuses impossible ones', () => {
    const ok = (c: Cell) => {
      const r = parseDate(c);
      return r.ok ? r.value : `bad:${r.problem.code}`;
    };
    expect(ok(new Date(Date.UTC(2020, 6, 1)))).toBe('2020-07-01');
    expect(ok('2020-07-01')).toBe('2020-07-01');
    expect(ok('2020/7/1')).toBe('2020-07-01');
    expect(ok('2020.7.1')).toBe('2020-07-01');
    expect(ok('2020年7月1日')).toBe('2020-07-01');
    expect(ok('20200701')).toBe('2020-07-01');
    expect(ok(20200701)).toBe('2020-07-01');
    // An Excel serial in a cell that is not formatted as a date: 44013 is 2020-07-01.
    expect(ok(44013)).toBe('2020-07-01');
    expect(ok(null)).toBeNull();
    expect(ok('2020-02-30')).toBe('bad:invalid_date');
    expect(ok('1.7.2020')).toBe('bad:invalid_date');
    expect(ok('明年')).toBe('bad:invalid_date');
    expect(ok({ error: '#N/A' })).toBe('bad:invalid_date');
  });

  it('turns rich text, formulas and hyperlinks into their trimmed text, numbers into their digits', () => {
    expect(normalizeCell({ richText: [{ text: ' 张' }, { text: '三 ' }] })).toBe('张三');
    expect(normalizeCell({ formula: 'A1&B1', result: '  ZB001 ' })).toBe('ZB001');
    expect(normalizeCell({ text: '链接', hyperlink: 'https://example.com' })).toBe('链接');
    expect(normalizeCell('\u3000 ')).toBeNull();
    expect(parseText(13800000000)).toEqual({ ok: true, value: '13800000000' });
    expect(parseText({ error: '#REF!' }).ok).toBe(false);
    expect(parseInteger('12', 0, 100)).toEqual({ ok: true, value: 12 });
    expect(parseInteger('1.5', 0, 100).ok).toBe(false);
    expect(parseInteger(-1, 0, 100).ok).toBe(false);
  });

  it('names columns the way Excel does', () => {
    expect([1, 12, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'L', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('sheets', () => {
  it('accepts the template columns with or without an export’s trailing reference column, and skips empty rows', async () => {
    const rows = await readXlsxSheet(
      await book([
        ['编码', '日期', '备注'],
        ['A1', '2020/7/1', 'x'],
        [null, null, null],
        ['A2', null],
      ]),
      spec,
      { maxRows: 10 },
    );
    expect(rows.map((r) => [r.row, r.cells.code])).toEqual([
      [2, 'A1'],
      [4, 'A2'],
    ]);
  });

  it('names the first wrong header, an extra column, and refuses an empty or oversized sheet', async () => {
    const wrong = await appError(async () =>
      readXlsxSheet(
        await book([
          ['编码', '时间'],
          ['A', null],
        ]),
        spec,
        { maxRows: 10 },
      ),
    );
    expect(wrong.code).toBe('wrong_headers');
    expect(wrong.details).toMatchObject({ column: 'B', found: ['编码', '时间'] });
    const extra = await appError(async () =>
      readXlsxSheet(
        await book([
          ['编码', '日期', '备注', '其他'],
          ['A', null],
        ]),
        spec,
        { maxRows: 10 },
      ),
    );
    expect(extra.messageIn('zh-CN')).toContain('第 D 列「其他」不是模板中的列');
    const empty = await appError(async () =>
      readXlsxSheet(await book([['编码', '日期']]), spec, { maxRows: 10 }),
    );
    expect(empty.code).toBe('empty_sheet');
    const many = await appError(async () =>
      readXlsxSheet(
        await book([
          ['编码', '日期'],
          ['A', null],
          ['B', null],
          ['C', null],
        ]),
        spec,
        { maxRows: 2 },
      ),
    );
    expect(many).toMatchObject({ code: 'too_many_rows', details: { maxRows: 2 } });
  });
});

describe('files', () => {
  it('refuses what is not an xlsx before ExcelJS sees it', async () => {
    expect((await appError(readXlsxSheet(Buffer.from('a,b\n1,2\n'), spec, { maxRows: 10 }))).code).toBe(
      'invalid_xlsx',
    );
    expect((await appError(readXlsxSheet(Buffer.alloc(0), spec, { maxRows: 10 }))).code).toBe('invalid_xlsx');
    // An old binary .xls (OLE2) is named as such.
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(100),
    ]);
    expect((await appError(readXlsxSheet(xls, spec, { maxRows: 10 }))).details).toMatchObject({
      reason: expect.stringContaining('.xls'),
    });
    // A truncated xlsx has lost its zip directory.
    const cut = (await book([['编码']])).subarray(0, 400);
    expect((await appError(readXlsxSheet(cut, spec, { maxRows: 10 }))).code).toBe('invalid_xlsx');
  });

  it('refuses a zip bomb by the sizes its directory declares, without inflating it', async () => {
    const buf = Buffer.from(
      await book([
        ['编码', '日期'],
        ['A', null],
      ]),
    );
    // Declare 2 GB for the first entry of the central directory.
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const dir = buf.readUInt32LE(eocd + 16);
    buf.writeUInt32LE(0x80000000, dir + 24);
    const err = await appError(readXlsxSheet(buf, spec, { maxRows: 10 }));
    expect(err.code).toBe('file_too_large');
    expect(err.details).toMatchObject({ uncompressedBytes: expect.any(Number) });
  });

  it('counts what it really unpacks: a zip that understates its sizes is still stopped at the cap', async () => {
    const xml = (x: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${x}`);
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const buf = await buildZip([
      { name: '[Content_Types].xml', data: xml('<Types/>') },
      {
        name: 'xl/workbook.xml',
        data: xml(
          `<workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: xml(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
        ),
      },
      { name: 'xl/worksheets/sheet1.xml', zeros: 200 * 1024 * 1024 },
    ]);
    // Every entry of the central directory now claims 1 KB.
    const dir = readZipDirectory(buf);
    if (!dir.ok) throw new Error(dir.reason);
    let p = dir.directoryOffset;
    for (let i = 0; i < dir.entries.length; i++) {
      buf.writeUInt32LE(1024, p + 24);
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    const err = await appError(readXlsxSheet(buf, spec, { maxRows: 10 }));
    expect(err.code).toBe('file_too_large');
    expect(err.details).toMatchObject({ uncompressedBytes: expect.any(Number) });
    expect((err.details as { uncompressedBytes: number }).uncompressedBytes).toBeGreaterThan(
      150 * 1024 * 1024,
    );
  });
});

describe('templates in both languages', () => {
  const specs = [
    membersSheetSpec,
    orgsSheetSpec,
    entriesSheetSpec,
    itemsSheetSpec,
    criteriaSheetSpec,
    indicatorsSheetSpec,
  ] as SheetSpec[];
  const cjk = /[\u4e00-\u9fff]/;

  it('every import sheet has English instructions: a note for each Chinese note, a text for each column', () => {
    for (const spec of specs) {
      expect(spec.notesEn.length, spec.sheetName).toBe(spec.notes.length);
      for (const n of spec.notesEn) expect(n.length, spec.sheetName).toBeGreaterThan(20);
      for (const c of spec.columns) {
        expect(c.helpEn.trim(), `${spec.sheetName} ${c.header}`).not.toBe('');
        // English, not the Chinese copied over (Chinese terms may be quoted beside their English).
        expect(c.helpEn.replace(/[\u4e00-\u9fff「」（），、；：]/g, '').trim().length).toBeGreaterThan(
          c.helpEn.length / 2,
        );
      }
    }
  });

  it('a template written and read back carries both languages on its help sheet and header hints', async () => {
    const bytes = await buildTemplate(membersSheetSpec);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const help = wb.getWorksheet('填写说明');
    if (!help) throw new Error('no help sheet');
    const text: string[] = [];
    help.eachRow((r) => {
      text.push((r.values as unknown[]).filter((v) => typeof v === 'string').join(' | '));
    });
    const all = text.join('\n');
    for (const n of [...membersSheetSpec.notes, ...membersSheetSpec.notesEn]) expect(all).toContain(n);
    for (const c of membersSheetSpec.columns) {
      expect(all).toContain(c.help);
      expect(all).toContain(c.helpEn);
      expect(all).toContain(c.headerEn);
    }
    expect(all).toContain('Instructions');
    const data = wb.getWorksheet(membersSheetSpec.sheetName);
    if (!data) throw new Error('no data sheet');
    membersSheetSpec.columns.forEach((c, i) => {
      const note = data.getRow(1).getCell(i + 1).note;
      const noteText = typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
      expect(noteText).toContain(c.help);
      expect(noteText).toContain(c.helpEn);
      expect(cjk.test(noteText)).toBe(true);
    });
  });
});
