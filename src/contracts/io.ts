import { z } from 'zod';
import { errorBody } from './common.js';
import { endpoint } from './endpoint.js';
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
export const memberExportQuery = memberListQuery.omit({ page: true, pageSize: true, after: true });
export type MemberExportQuery = z.infer<typeof memberExportQuery>;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const NDJSON_MIME = 'application/x-ndjson';

const tags = ['io'] as const;

const commitDescription =
  'Multipart upload (field `file`). 422 import_has_errors (details.errors) when any row fails, with nothing written; ' +
  'otherwise 200 with an NDJSON stream: {"type":"progress","done":N,"total":M} lines while rows are written, then one ' +
  '{"type":"result",…ImportResult} line (or {"type":"error","error":{…}} if writing failed; nothing is then kept).';
const previewDescription =
  'Multipart upload (field `file`). Answers 200 with every error by row and column even when rows have errors; writes nothing.';

/** Spreadsheet templates, imports (validate, then commit with progress) and the member export. */
export const ioApi = {
  membersTemplate: endpoint({
    method: 'GET',
    path: '/io/templates/members.xlsx',
    summary: '党员导入模板 / members template',
    tags,
    kind: 'download',
    response: z.unknown(),
  }),
  orgsTemplate: endpoint({
    method: 'GET',
    path: '/io/templates/orgs.xlsx',
    summary: '组织导入模板 / orgs template',
    tags,
    kind: 'download',
    response: z.unknown(),
  }),
  membersPreview: endpoint({
    method: 'POST',
    path: '/io/import/members/preview',
    summary: '党员导入预览 / validate a members sheet without writing',
    description: previewDescription,
    tags,
    kind: 'upload',
    body: uploadBody,
    response: importResult,
    errors: [403, 413],
  }),
  membersCommit: endpoint({
    method: 'POST',
    path: '/io/import/members/commit',
    summary: '党员导入 / import a members sheet, all rows or none',
    description: commitDescription,
    tags,
    kind: 'ndjson',
    body: uploadBody,
    response: importStreamLine,
    errors: [403, 413, 422],
  }),
  orgsPreview: endpoint({
    method: 'POST',
    path: '/io/import/orgs/preview',
    summary: '组织导入预览 / validate an orgs sheet without writing',
    description: previewDescription,
    tags,
    kind: 'upload',
    body: uploadBody,
    response: importResult,
    errors: [403, 413],
  }),
  orgsCommit: endpoint({
    method: 'POST',
    path: '/io/import/orgs/commit',
    summary: '组织导入 / import an orgs sheet, all rows or none',
    description: commitDescription,
    tags,
    kind: 'ndjson',
    body: uploadBody,
    response: importStreamLine,
    errors: [403, 413, 422],
  }),
  memberExport: endpoint({
    method: 'GET',
    path: '/members/export.xlsx',
    summary: '导出党员名单 / export the member list',
    description:
      'The members GET /api/v1/members finds with the same filters, all pages, as an xlsx laid out like the import template.',
    tags,
    kind: 'download',
    query: memberExportQuery,
    response: z.unknown(),
    errors: [403, 404],
  }),
};

/** The preview and commit endpoints of each import kind. */
export const importEndpoints = {
  members: { preview: ioApi.membersPreview, commit: ioApi.membersCommit },
  orgs: { preview: ioApi.orgsPreview, commit: ioApi.orgsCommit },
} as const;

/** The template of each import kind. */
export const templateEndpoints = { members: ioApi.membersTemplate, orgs: ioApi.orgsTemplate } as const;
