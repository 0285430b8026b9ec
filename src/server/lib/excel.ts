import os from 'node:os';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { readZipDirectory, type ZipEntry } from '../../domain/files/container.js';
import { AppError } from './errors.js';

/**
 * Small ExcelJS helpers shared by every spreadsheet template, import and export: a sheet is
 * described once as a column spec, and the template, the header check, the cell parsing and
 * the export all follow that spec.
 */

export type CellKind = 'text' | 'date' | 'integer' | 'choice';

export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The Chinese header, matched exactly on import. */
  header: string;
  /** The column's English name, for English messages. */
  headerEn: string;
  width: number;
  required: boolean;
  kind: CellKind;
  /** Allowed values, offered as a drop-down list in the template. */
  choices?: readonly string[];
  example: string;
  /** What to write in the column, shown on the 填写说明 sheet. */
  help: string;
  /** The same in English, beside it (the template serves readers of both languages). */
  helpEn: string;
}

export interface SheetSpec<K extends string = string> {
  sheetName: string;
  columns: readonly ColumnSpec<K>[];
  /** Headers an export adds after the template's columns: accepted and ignored on import. */
  trailingExtras?: readonly string[];
  /** General notes for the 填写说明 sheet. */
  notes: readonly string[];
  /** The same notes in English, shown under the Chinese ones. */
  notesEn: readonly string[];
}

/** A cell reduced to what an import can use; `{ error }` is an Excel error such as #N/A. */
export type Cell = string | number | boolean | Date | null | { error: string };

export interface SheetRow<K extends string> {
  /** The row number as Excel shows it (the header is row 1). */
  row: number;
  cells: Record<K, Cell>;
}

const HELP_SHEET = '填写说明';
/** Rows of the template that get drop-down lists; generous, since the lists cost nothing. */
const VALIDATION_ROWS = 20_000;
/**
 * An xlsx is a zip: a few MB can unpack to gigabytes. The sizes its directory declares are
 * checked before anything is unpacked, and the bytes really unpacked are counted while reading.
 */
const MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024;

/** `1` → `A`, `27` → `AA`. */
export function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** ExcelJS models data validations by range at runtime but leaves them out of its typings. */
interface WithDataValidations {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
}

/**
 * Adds a data sheet laid out by `spec`: bold frozen header row, column widths, and text
 * format on text columns so that Excel keeps leading zeros of codes (工号 007 stays 007).
 */
export function addDataSheet<K extends string>(
  wb: ExcelJS.Workbook,
  spec: SheetSpec<K>,
  extraHeaders: readonly string[] = [],
) {
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    ...spec.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.kind === 'integer' ? {} : { numFmt: '@' },
    })),
    ...extraHeaders.map((h) => ({ header: h, key: h, width: Math.max(12, h.length * 3) })),
  ];
  const header = ws.getRow(1);
  header.height = 20;
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.note = `${c.required ? '必填' : '选填'}：${c.help}\n${c.headerEn} (${c.required ? 'required' : 'optional'}): ${c.helpEn}`;
  });
  extraHeaders.forEach((_, i) => {
    const cell = header.getCell(spec.columns.length + i + 1);
    cell.font = { bold: true, color: { argb: 'FF808080' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  return ws;
}

/**
 * The downloadable template of a sheet: the data sheet with drop-down lists on choice
 * columns, and a second sheet 填写说明 explaining every column with an example row. The
 * example lives on the help sheet, not in the data sheet, so a template imported unchanged
 * imports nothing rather than a fictitious record.
 */
export async function buildTemplate<K extends string>(spec: SheetSpec<K>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = addDataSheet(wb, spec);
  const dv = (ws as unknown as WithDataValidations).dataValidations;
  spec.columns.forEach((c, i) => {
    if (!c.choices) return;
    const letter = columnLetter(i + 1);
    dv.add(`${letter}2:${letter}${VALIDATION_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.choices.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '取值无效',
      error: `请从下拉列表中选择：${c.choices.join('、')}`,
    });
  });
  addHelpSheet(wb, spec);
  return workbookToBuffer(wb);
}

function addHelpSheet<K extends string>(wb: ExcelJS.Workbook, spec: SheetSpec<K>) {
  const ws = wb.addWorksheet(HELP_SHEET);
  ws.columns = [{ width: 8 }, { width: 16 }, { width: 8 }, { width: 48 }, { width: 48 }, { width: 22 }];
  ws.addRow([`「${spec.sheetName}」填写说明 / How to fill in the sheet`]).font = { bold: true, size: 14 };
  for (const n of spec.notes) ws.addRow([n]);
  ws.addRow([]);
  for (const n of spec.notesEn) ws.addRow([n]);
  ws.addRow([]);
  const head = ws.addRow([
    '列 Column',
    '表头 Header',
    '必填 Required',
    '填写说明',
    'Instructions',
    '示例 Example',
  ]);
  head.font = { bold: true };
  spec.columns.forEach((c, i) => {
    const help = c.choices ? `${c.help}（可选：${c.choices.join('、')}）` : c.help;
    const helpEn = c.choices ? `${c.helpEn} (one of: ${c.choices.join(', ')})` : c.helpEn;
    ws.addRow([
      columnLetter(i + 1),
      `${c.header}\n${c.headerEn}`,
      c.required ? '是 Yes' : '否 No',
      help,
      helpEn,
      c.example,
    ]);
  });
  ws.addRow([]);
  ws.addRow([
    '示例行（请在第一个工作表中按此格式填写）/ An example row (fill in the first sheet like this)',
  ]).font = { bold: true };
  const exHead = ws.addRow(spec.columns.map((c) => c.header));
  exHead.font = { bold: true };
  ws.addRow(spec.columns.map((c) => c.example));
  for (let r = 1; r <= ws.rowCount; r++) ws.getRow(r).alignment = { wrapText: true, vertical: 'top' };
}

/** The workbook as an xlsx file. */
export async function workbookToBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  // ExcelJS deflates in JavaScript: level 1 halves the time of a 10,000-row export for a file
  // about 30% larger, which for a spreadsheet of a few hundred KB is the better trade.
  const out = await wb.xlsx.writeBuffer({
    zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } },
  });
  return Buffer.from(out as ArrayBuffer);
}

/**
 * Checks an uploaded workbook before anything is unpacked: anything that is not a zip holding
 * an Excel workbook (a text file renamed .xlsx, an old .xls, a .docx) is `invalid_xlsx`, and a
 * zip that declares more than MAX_UNCOMPRESSED_BYTES unpacked is `file_too_large`.
 */
function openXlsx(buffer: Buffer): { entries: ZipEntry[]; directoryOffset: number } {
  // Every zip, hence every xlsx, starts with the local-header signature "PK\x03\x04".
  if (buffer.length < 30 || buffer.readUInt32LE(0) !== 0x04034b50) {
    const xls = buffer.length >= 4 && buffer.readUInt32BE(0) === 0xd0cf11e0;
    throw new AppError('invalid_xlsx', {
      reason: xls ? 'legacy .xls files are not accepted; save as .xlsx' : 'not a zip (xlsx) file',
    });
  }
  const dir = readZipDirectory(buffer);
  if (!dir.ok) throw new AppError('invalid_xlsx', { reason: dir.reason });
  const names = new Set(dir.entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    throw new AppError('invalid_xlsx', { reason: 'the zip holds no Excel workbook' });
  }
  const uncompressed = dir.entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (uncompressed > MAX_UNCOMPRESSED_BYTES) {
    throw new AppError('file_too_large', {
      uncompressedBytes: uncompressed,
      maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES,
    });
  }
  return dir;
}

/** What the sheet reader in the worker answers (see excel-worker.mjs). */
type WorkerAnswer =
  | { kind: 'rows'; header: ExcelJS.CellValue[]; rows: { row: number; cells: ExcelJS.CellValue[] }[] }
  | { kind: 'too_many_rows'; header: ExcelJS.CellValue[] }
  | { kind: 'no_sheet' }
  | { kind: 'too_large'; uncompressed: number }
  | { kind: 'invalid'; reason: string };

/** Sheet readers running at once; later uploads wait their turn rather than add memory. */
const MAX_READERS = Math.max(1, Math.min(2, os.availableParallelism() - 1));
/** The heap one reader may use: a sheet at the row limit needs a fraction of it. */
const READER_HEAP_MB = 256;
/** A reader still busy after this long is stopped: no sheet at the row limit comes near it. */
const READER_TIMEOUT_MS = 120_000;
const workerUrl = new URL('./excel-worker.mjs', import.meta.url);

/** Workers waiting for the next sheet: ExcelJS takes a second to load, so they are reused. */
const idleReaders: Worker[] = [];
let readersRunning = 0;
const readerQueue: (() => void)[] = [];

function newReader(): Worker {
  return new Worker(workerUrl, {
    resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    // Plain JavaScript: no loader (tsx, vitest) is inherited or needed.
    execArgv: [],
    stdout: true,
    stderr: true,
  });
}

/**
 * Runs one sheet in a worker thread. A worker that answered goes back to the idle list (not
 * keeping the process alive); one that failed, ran out of memory or took too long is ended.
 */
async function runSheetWorker(job: Record<string, unknown>): Promise<WorkerAnswer> {
  if (readersRunning >= MAX_READERS) await new Promise<void>((resolve) => readerQueue.push(resolve));
  readersRunning++;
  const worker = idleReaders.pop() ?? newReader();
  worker.ref();
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (e: AppError) => {
        cleanup();
        void worker.terminate();
        reject(e);
      };
      const onMessage = (a: WorkerAnswer) => {
        cleanup();
        worker.unref();
        idleReaders.push(worker);
        resolve(a);
      };
      const onError = (e: Error & { code?: string }) =>
        fail(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('file_too_large', { reason: 'reading the sheet needs more memory than allowed' })
            : new AppError('invalid_xlsx', { reason: String(e.message).slice(0, 200) }),
        );
      const onExit = () => fail(new AppError('invalid_xlsx', { reason: 'the sheet reader stopped' }));
      const timer = setTimeout(
        () => fail(new AppError('file_too_large', { reason: 'the sheet took too long to read' })),
        READER_TIMEOUT_MS,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
    return answer;
  } finally {
    readersRunning--;
    readerQueue.shift()?.();
  }
}

/**
 * Reads the data sheet of an uploaded workbook (by name, else the first sheet but the help
 * sheet): checks that its header row matches the spec exactly — an export's trailing reference
 * columns may follow — and returns the non-empty data rows with their Excel row numbers.
 *
 * The sheet is read as a stream in a worker thread, so a huge upload neither blocks the server
 * nor is held in memory: reading stops at the first row over `maxRows` (`too_many_rows`), the
 * unpacked bytes are counted against MAX_UNCOMPRESSED_BYTES, and the worker's heap is capped.
 */
export async function readXlsxSheet<K extends string>(
  buffer: Buffer,
  spec: SheetSpec<K>,
  opts: { maxRows: number },
): Promise<SheetRow<K>[]> {
  const dir = openXlsx(buffer);
  const answer = await runSheetWorker({
    buffer: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    entries: dir.entries,
    directoryOffset: dir.directoryOffset,
    sheetName: spec.sheetName,
    skipSheet: HELP_SHEET,
    columns: spec.columns.length,
    maxRows: opts.maxRows,
    maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES,
  });
  switch (answer.kind) {
    case 'invalid':
      throw new AppError('invalid_xlsx', { reason: answer.reason });
    case 'too_large':
      throw new AppError('file_too_large', {
        uncompressedBytes: answer.uncompressed,
        maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES,
      });
    case 'no_sheet':
      throw new AppError('empty_sheet');
    case 'too_many_rows':
      checkHeaderRow(spec, answer.header);
      throw new AppError('too_many_rows', { maxRows: opts.maxRows });
    case 'rows': {
      checkHeaderRow(spec, answer.header);
      const rows: SheetRow<K>[] = [];
      for (const r of answer.rows) {
        const cells = {} as Record<K, Cell>;
        let empty = true;
        spec.columns.forEach((c, i) => {
          const v = normalizeCell(r.cells[i] ?? null);
          if (v !== null) empty = false;
          cells[c.key] = v;
        });
        // Rows that only carry formatting (common after deleting data in Excel) are not data.
        if (!empty) rows.push({ row: r.row, cells });
      }
      if (rows.length === 0) throw new AppError('empty_sheet');
      return rows;
    }
  }
}

function checkHeaderRow<K extends string>(spec: SheetSpec<K>, header: readonly ExcelJS.CellValue[]) {
  const expected = spec.columns.map((c) => c.header);
  const found = header.map((h) => {
    const v = normalizeCell(h);
    return v === null || typeof v === 'object' ? '' : String(v);
  });
  while (found.length > 0 && found[found.length - 1] === '') found.pop();
  checkHeaders(expected, found, spec.trailingExtras ?? []);
}

/** Reduces an ExcelJS cell value to a plain value: rich text joined, formulas to their results, text trimmed. */
export function normalizeCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : { error: '#NUM!' };
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { error: '#VALUE!' } : v;
  if ('richText' in v) return normalizeCell(v.richText.map((r) => r.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? null : normalizeCell(v.result);
  if ('error' in v) return { error: v.error };
  // A hyperlink's text may itself be rich text in files written by other tools.
  if ('text' in v) return normalizeCell(v.text as ExcelJS.CellValue);
  return null;
}

function checkHeaders(expected: readonly string[], found: readonly string[], extras: readonly string[]) {
  const allowed = [...expected, ...extras];
  const ok =
    found.length >= expected.length &&
    found.length <= allowed.length &&
    found.every((h, i) => h === allowed[i]);
  if (ok) return;
  const i = found.findIndex((h, idx) => h !== allowed[idx]);
  const at = i < 0 ? Math.min(found.length, expected.length) : i;
  const letter = columnLetter(at + 1);
  const want = allowed[at];
  const got = found[at] ?? '';
  const zh =
    want === undefined
      ? `第 ${letter} 列「${got}」不是模板中的列`
      : `第 ${letter} 列表头应为「${want}」，实际为「${got || '空'}」`;
  const en =
    want === undefined
      ? `Column ${letter} "${got}" is not a column of the template`
      : `Column ${letter} should be headed "${want}" but is headed "${got}"`;
  throw new AppError(
    'wrong_headers',
    { expected, found, column: letter },
    {
      zh: `表头与模板不一致：${zh}。请使用下载的模板`,
      en: `The headers do not match the template: ${en}. Please use the downloaded template`,
    },
  );
}

/** A cell that could not be read as its column's type, with the reason in both languages. */
export interface CellProblem {
  code: 'invalid_date' | 'invalid_value' | 'invalid_choice';
  zh: string;
  en: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: CellProblem };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: CellProblem['code'], zh: string, en: string): Parsed<never> => ({
  ok: false,
  problem: { code, zh, en },
});

const pad = (n: number) => String(n).padStart(2, '0');

function isoIfValid(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** A cell as trimmed text; numbers keep their digits (工号 10001 typed as a number is "10001"). */
export function parseText(cell: Cell): Parsed<string | null> {
  if (cell === null) return ok(null);
  if (typeof cell === 'string') return ok(cell);
  if (typeof cell === 'number') return ok(String(cell));
  if (typeof cell === 'boolean') return ok(cell ? 'TRUE' : 'FALSE');
  if (cell instanceof Date) return ok(cell.toISOString().slice(0, 10));
  return fail('invalid_value', `单元格为错误值 ${cell.error}`, `The cell holds the error ${cell.error}`);
}

/**
 * A date as YYYY-MM-DD. Accepts Excel date cells, text such as 2020-07-01, 2020/7/1,
 * 2020.7.1 or 2020年7月1日, eight digits 20200701, and a bare Excel serial number.
 */
export function parseDate(cell: Cell): Parsed<string | null> {
  if (cell === null) return ok(null);
  const bad = () =>
    fail(
      'invalid_date',
      '日期无效，请填写如 2020-07-01 的日期',
      'Not a valid date; write a date such as 2020-07-01',
    );
  if (cell instanceof Date) {
    const iso = isoIfValid(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    return iso ? ok(iso) : bad();
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 21001231) {
      const iso = isoIfValid(Math.floor(cell / 10000), Math.floor(cell / 100) % 100, cell % 100);
      return iso ? ok(iso) : bad();
    }
    // An Excel serial (days since 1899-12-30 in the 1900 date system) in a cell not formatted as a date.
    if (cell >= 1 && cell < 73051) {
      const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86_400_000);
      return ok(d.toISOString().slice(0, 10));
    }
    return bad();
  }
  if (typeof cell !== 'string') return bad();
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(cell);
  if (!m) return bad();
  const iso = isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  return iso ? ok(iso) : bad();
}

/** A whole number within [min, max]. */
export function parseInteger(cell: Cell, min: number, max: number): Parsed<number | null> {
  if (cell === null) return ok(null);
  const n =
    typeof cell === 'number'
      ? cell
      : typeof cell === 'string' && /^[+-]?\d+$/.test(cell)
        ? Number(cell)
        : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    return fail(
      'invalid_value',
      `应为 ${min}–${max} 之间的整数`,
      `Should be a whole number from ${min} to ${max}`,
    );
  }
  return ok(n);
}

/**
 * One of a fixed set of values, looked up by its label (e.g. 男 → M). `aliases` accepts other
 * spellings users type (English codes, TRUE/FALSE).
 */
export function parseChoice<T>(
  cell: Cell,
  labels: ReadonlyMap<string, T>,
  aliases?: ReadonlyMap<string, T>,
): Parsed<T | null> {
  const text = parseText(cell);
  if (!text.ok) return text;
  if (text.value === null) return ok(null);
  const hit = labels.get(text.value) ?? aliases?.get(text.value.toLowerCase());
  if (hit !== undefined) return ok(hit);
  const list = [...labels.keys()].join('、');
  return fail(
    'invalid_choice',
    `取值「${text.value}」无效，可选：${list}`,
    `"${text.value}" is not allowed; choose one of: ${list}`,
  );
}
