import { z } from 'zod';
import {
  indicatorCreateBody,
  indicatorImportQuery,
  indicatorImportResult,
  indicatorListQuery,
  indicatorListResponse,
  indicatorUpdateBody,
  indicatorView,
  orgQuery,
  templateCreateBody,
  templateListQuery,
  templateListResponse,
  templateUpdateBody,
  templateView,
} from './branch-eval.js';
import { idParam } from './common.js';
import { endpoint } from './endpoint.js';

const tags = ['branch-eval'] as const;

/** A workbook the server sends (the reply's body is the file, not JSON). */
const xlsxFile = z.string().meta({ format: 'binary' });

/** The indicator library (指标库) with its Excel template, import and export; plan templates. */
export const beLibraryApi = {
  listIndicators: endpoint({
    method: 'GET',
    path: '/branch-eval/indicators',
    summary: 'The indicator library of an org (指标库)',
    tags,
    query: indicatorListQuery,
    response: indicatorListResponse,
    errors: [403, 404],
  }),
  createIndicator: endpoint({
    method: 'POST',
    idempotent: true,
    path: '/branch-eval/indicators',
    summary: 'Adds an indicator to an org’s library',
    tags,
    body: indicatorCreateBody,
    response: indicatorView,
    errors: [403, 404, 409],
  }),
  updateIndicator: endpoint({
    method: 'PATCH',
    path: '/branch-eval/indicators/:id',
    summary: 'Edits or retires an indicator',
    description: 'Edits or retires (active: false) an indicator; plans keep their own copies.',
    tags,
    params: idParam,
    body: indicatorUpdateBody,
    response: indicatorView,
    errors: [403, 404, 409],
  }),
  indicatorTemplate: endpoint({
    method: 'GET',
    path: '/branch-eval/indicators/template.xlsx',
    summary: 'The library import template (指标库导入模板)',
    tags,
    kind: 'download',
    response: xlsxFile,
  }),
  exportIndicators: endpoint({
    method: 'GET',
    path: '/branch-eval/indicators/export.xlsx',
    summary: 'Exports the library, laid out like the import template',
    tags,
    kind: 'download',
    query: orgQuery,
    response: xlsxFile,
    errors: [403, 404],
  }),
  importPreview: endpoint({
    method: 'POST',
    path: '/branch-eval/indicators/import/preview',
    summary:
      'Validates a library sheet (multipart field `file`) without writing: every error by row and column',
    tags,
    kind: 'upload',
    query: indicatorImportQuery,
    response: indicatorImportResult,
    errors: [403, 404, 413, 415],
  }),
  importCommit: endpoint({
    method: 'POST',
    path: '/branch-eval/indicators/import/commit',
    summary: 'Imports a library sheet, all rows or none (指标库导入)',
    description:
      'Multipart upload (field `file`). 422 import_has_errors (details.errors) when any row fails, nothing written; else 200. Rows match indicators by code: known codes are updated, new ones added.',
    tags,
    kind: 'upload',
    query: indicatorImportQuery,
    response: indicatorImportResult,
    errors: [403, 404, 413, 415, 422],
  }),
  listTemplates: endpoint({
    method: 'GET',
    path: '/branch-eval/templates',
    summary: 'The plan templates of an org',
    tags,
    query: templateListQuery,
    response: templateListResponse,
    errors: [403, 404],
  }),
  createTemplate: endpoint({
    method: 'POST',
    idempotent: true,
    path: '/branch-eval/templates',
    summary: 'Creates a plan template from library indicators',
    tags,
    body: templateCreateBody,
    response: templateView,
    errors: [403, 404],
  }),
  getTemplate: endpoint({
    method: 'GET',
    path: '/branch-eval/templates/:id',
    summary: 'One plan template',
    tags,
    params: idParam,
    response: templateView,
    errors: [403, 404],
  }),
  updateTemplate: endpoint({
    method: 'PATCH',
    path: '/branch-eval/templates/:id',
    summary: 'Edits a plan template (name, settings, indicators)',
    tags,
    params: idParam,
    body: templateUpdateBody,
    response: templateView,
    errors: [403, 404],
  }),
};
