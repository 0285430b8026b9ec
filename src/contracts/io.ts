import { z } from 'zod';
import { errorBody } from './common.js';
import { memberListQuery } from './member.js';

/** What a spreadsheet imports. */
export const importKind = z.enum(['members', 'orgs']);
export type ImportKind = z.infer<typeof importKind>;

/** One problem in one cell, located the way Excel shows it: row 7, column C (性别). */
export const importCellError = z.object({
  /** The row number as Excel shows it (the header is row 1). */
  row: z.number().int(),
  /** The column's key in the template, e.g. `gender`. */
  column: z.string(),
  /** The column's letter, e.g. `C`. */
  columnLetter: z.string(),
  /** The column's Chinese header, e.g. `性别`. */
  header: z.string(),
  code: z.string(),
  message: z.string(),
  messages: z.object({ 'zh-CN': z.string(), en: z.string() }),
  /** The cell's content as read, for the error table. */
  value: z.string().nullable(),
});
export type ImportCellError = z.infer<typeof importCellError>;

export const importColumn = z.object({
  key: z.string(),
  header: z.string(),
  letter: z.string(),
  required: z.boolean(),
});

/** A parsed row for the preview table: values by column key, after conversion (男 → M, dates as YYYY-MM-DD). */
export const importPreviewRow = z.object({
  row: z.number().int(),
  ok: z.boolean(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const importResult = z.object({
  kind: importKind,
  /** Data rows in the sheet. */
  total: z.number().int(),
  /** Rows without any error. */
  valid: z.number().int(),
  /** All errors found; `errors` lists them in row order, up to `errorsTruncated`. */
  errorCount: z.number().int(),
  errors: z.array(importCellError),
  errorsTruncated: z.boolean(),
  columns: z.array(importColumn),
  /** The first rows as parsed, to check the sheet was read as meant before committing. */
  preview: z.array(importPreviewRow),
  /** Whether the rows were written (only when there were no errors and a commit was asked for). */
  committed: z.boolean(),
  imported: z.number().int(),
});
export type ImportResult = z.infer<typeof importResult>;

/** The lines of the NDJSON stream answered by a commit: progress, then one result (or error) line. */
export const importProgressLine = z.object({
  type: z.literal('progress'),
  done: z.number().int(),
  total: z.number().int(),
});
export const importResultLine = importResult.extend({ type: z.literal('result') });
export const importErrorLine = errorBody.extend({ type: z.literal('error') });
export const importStreamLine = z.discriminatedUnion('type', [
  importProgressLine,
  importResultLine,
  importErrorLine,
]);
export type ImportStreamLine = z.infer<typeof importStreamLine>;

/**
 * The multipart body of an upload: one file in the field `file`. The handler reads it from the
 * request stream (so an oversized file is refused before it is held in memory); validation
 * accepts any body and the handler answers `file_missing` when there is no file. The metadata
 * is what the OpenAPI document shows.
 */
export const uploadBody = z.unknown().meta({
  type: 'object',
  properties: {
    file: { type: 'string', format: 'binary', description: 'The .xlsx file, made from the template' },
  },
  required: ['file'],
});

/** The member export takes the member list's filters; paging does not apply. */
export const memberExportQuery = memberListQuery.omit({ page: true, pageSize: true });
export type MemberExportQuery = z.infer<typeof memberExportQuery>;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const NDJSON_MIME = 'application/x-ndjson';
