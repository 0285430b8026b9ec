import { createHash } from 'node:crypto';
import type { ZodType } from 'zod';
import type { ImportCellError, ImportKind, ImportResult } from '../../../contracts/io.js';
import type { Locale } from '../../lib/errors.js';
import { AppError, type ErrorCode, errorCatalog } from '../../lib/errors.js';
import {
  type Cell,
  type CellProblem,
  type ColumnSpec,
  columnLetter,
  type Parsed,
  type SheetSpec,
} from '../../lib/excel.js';

/** What the import use cases accept besides the file. */
export interface ImportOptions {
  /** false: validate and preview only, nothing is written. */
  commit: boolean;
  /** Called after validation (0 of total) and after each written batch. */
  onProgress?: (done: number, total: number) => void;
  /** How many errors the result lists in full (all are counted); the web caps its answer, the CLI does not. */
  maxErrors?: number;
}

/** Largest sheet accepted: 5× the spec's 10,000-row target, and bounded by the upload limit anyway. */
export const MAX_IMPORT_ROWS = 50_000;
export const PREVIEW_ROWS = 50;
/** Rows written per multi-row insert; progress is reported after each. */
export const WRITE_BATCH = 500;
export const DEFAULT_MAX_ERRORS = 5_000;

export type Message = { zh: string; en: string };

/** A cell's content as text, for the error table. */
export function cellDisplay(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'object') return cell.error;
  return String(cell);
}

interface RawError {
  row: number;
  col: number;
  code: ErrorCode;
  msg: Message;
  value: string | null;
}

/**
 * Collects the errors of a sheet, at most one per cell (the first found: a cell that cannot be
 * read is not also reported as, say, an unknown code), and renders them in row and column
 * order as Excel shows them.
 */
export class SheetErrors<K extends string> {
  private readonly raw: RawError[] = [];
  private readonly cells = new Set<string>();
  private readonly rows = new Set<number>();
  private readonly colIndex: Map<K, number>;

  constructor(private readonly spec: SheetSpec<K>) {
    this.colIndex = new Map(spec.columns.map((c, i) => [c.key, i]));
  }

  add(row: number, key: K, code: ErrorCode, msg: Message, value: Cell | string | null = null): void {
    const id = `${row}:${key}`;
    if (this.cells.has(id)) return;
    this.cells.add(id);
    this.rows.add(row);
    const v = typeof value === 'string' ? value : cellDisplay(value);
    this.raw.push({ row, col: this.colIndex.get(key) ?? 0, code, msg, value: v });
  }

  /** Records a cell that could not be read as its column's type. */
  addProblem(row: number, key: K, problem: CellProblem, value: Cell): void {
    this.add(row, key, problem.code, problem, value);
  }

  has(row: number, key: K): boolean {
    return this.cells.has(`${row}:${key}`);
  }

  rowFailed(row: number): boolean {
    return this.rows.has(row);
  }

  get count(): number {
    return this.raw.length;
  }

  get failedRows(): number {
    return this.rows.size;
  }

  /** The first `max` errors, in row then column order, in the caller's language and both. */
  render(locale: Locale, max: number): ImportCellError[] {
    const sorted = [...this.raw].sort((a, b) => a.row - b.row || a.col - b.col);
    return sorted.slice(0, max).map((e) => {
      const col = this.spec.columns[e.col] as ColumnSpec<K>;
      return {
        row: e.row,
        column: col.key,
        columnLetter: columnLetter(e.col + 1),
        header: col.header,
        code: e.code,
        message: locale === 'en' ? e.msg.en : e.msg.zh,
        messages: { 'zh-CN': e.msg.zh, en: e.msg.en },
        value: e.value,
      };
    });
  }
}

/** The catalogue's message of a code, for errors that need no more words. */
export const catalogMessage = (code: ErrorCode): Message => ({
  zh: errorCatalog[code].zh,
  en: errorCatalog[code].en,
});

/**
 * Reads a text cell and checks it with the contract's zod schema for the same field, so a
 * sheet and the API accept exactly the same values. Length and format failures are explained
 * in words a person filling a spreadsheet understands.
 */
export function parseField(cell: Cell, schema: ZodType<string>, hint: Message): Parsed<string | null> {
  const text =
    cell === null
      ? null
      : cell instanceof Date
        ? cell.toISOString().slice(0, 10)
        : typeof cell === 'object'
          ? undefined
          : String(cell).trim();
  if (text === undefined) {
    const err = cellDisplay(cell);
    return {
      ok: false,
      problem: { code: 'invalid_value', zh: `单元格为错误值 ${err}`, en: `The cell holds the error ${err}` },
    };
  }
  if (text === null || text === '') return { ok: true, value: null };
  const r = schema.safeParse(text);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  if (issue?.code === 'too_big' && typeof issue.maximum === 'number') {
    return {
      ok: false,
      problem: {
        code: 'invalid_value',
        zh: `太长：最多 ${issue.maximum} 个字符`,
        en: `Too long: at most ${issue.maximum} characters`,
      },
    };
  }
  return {
    ok: false,
    problem: { code: 'invalid_value', zh: `格式不正确：${hint.zh}`, en: `Wrong format: ${hint.en}` },
  };
}

/** The SHA-256 of the uploaded file, recorded in the import's audit entry. */
export const fileHash = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

/** Splits a list for `IN (…)` lists and multi-row inserts within SQLite's parameter limit. */
export function inChunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Assembles the answer of an import from what validation found. */
export function importResultOf<K extends string>(
  kind: ImportKind,
  spec: SheetSpec<K>,
  total: number,
  errors: SheetErrors<K>,
  preview: ImportResult['preview'],
  locale: Locale,
  maxErrors: number,
  imported: number,
): ImportResult {
  return {
    kind,
    total,
    valid: total - errors.failedRows,
    errorCount: errors.count,
    errors: errors.render(locale, maxErrors),
    errorsTruncated: errors.count > maxErrors,
    columns: spec.columns.map((c, i) => ({
      key: c.key,
      header: c.header,
      letter: columnLetter(i + 1),
      required: c.required,
    })),
    preview,
    committed: imported > 0,
    imported,
  };
}

/** The 422 answer of a commit whose sheet has errors: the whole error table, nothing written. */
export function importHasErrors(result: ImportResult): AppError {
  const failed = result.total - result.valid;
  return new AppError(
    'import_has_errors',
    {
      total: result.total,
      valid: result.valid,
      errorCount: result.errorCount,
      errorsTruncated: result.errorsTruncated,
      errors: result.errors,
    },
    {
      zh: `导入数据有 ${result.errorCount} 处错误（涉及 ${failed} 行），未导入任何记录`,
      en: `The sheet has ${result.errorCount} errors in ${failed} rows; nothing was imported`,
    },
  );
}
