import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
} from '../../../contracts/branch-eval.js';
import { errorBody, idParam } from '../../../contracts/common.js';
import { uploadBody, XLSX_MIME } from '../../../contracts/io.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import { readUpload } from '../../lib/upload.js';
import {
  createIndicator,
  createTemplate,
  getTemplate,
  listIndicators,
  listTemplates,
  updateIndicator,
  updateTemplate,
} from './library.service.js';
import { exportIndicators, importIndicators, indicatorsTemplateXlsx } from './library-io.js';

export const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
};
export const xlsxResponse = {
  description: 'An Excel workbook (.xlsx)',
  content: { [XLSX_MIME]: { schema: z.string().meta({ format: 'binary' }) } },
};
export const base = '/api/v1/branch-eval';
export const tags = ['branch-eval'];

/** The indicator library (指标库) and plan templates. */
export function registerLibraryRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/indicators`,
    {
      schema: {
        tags,
        summary: '指标库 / the indicator library of an org',
        querystring: indicatorListQuery,
        response: { 200: indicatorListResponse, ...errors },
      },
    },
    async (req) => listIndicators(ctxOf(deps, req), req.query),
  );
  r.post(
    `${base}/indicators`,
    { schema: { tags, body: indicatorCreateBody, response: { 200: indicatorView, ...errors } } },
    async (req) => createIndicator(ctxOf(deps, req), req.body),
  );
  r.patch(
    `${base}/indicators/:id`,
    {
      schema: {
        tags,
        description: 'Edits or retires (active: false) an indicator; plans keep their own copies.',
        params: idParam,
        body: indicatorUpdateBody,
        response: { 200: indicatorView, ...errors },
      },
    },
    async (req) => updateIndicator(ctxOf(deps, req), req.params.id, req.body),
  );
  r.get(
    `${base}/indicators/template.xlsx`,
    {
      schema: {
        tags,
        summary: '指标库导入模板 / the import template',
        response: { 200: xlsxResponse, 401: errorBody },
      },
    },
    async (req, reply) => {
      ctxOf(deps, req);
      return sendXlsx(reply, '联评联考指标库导入模板.xlsx', await indicatorsTemplateXlsx());
    },
  );
  r.get(
    `${base}/indicators/export.xlsx`,
    {
      schema: {
        tags,
        summary: '导出指标库 / export the library, laid out like the template',
        querystring: orgQuery,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, buffer } = await exportIndicators(ctxOf(deps, req), req.query.orgId);
      return sendXlsx(reply, fileName, buffer);
    },
  );
  for (const step of ['preview', 'commit'] as const) {
    r.post(
      `${base}/indicators/import/${step}`,
      {
        schema: {
          tags,
          summary:
            step === 'preview'
              ? '指标库导入预览 / validate a library sheet without writing'
              : '指标库导入 / import a library sheet, all rows or none',
          description:
            step === 'preview'
              ? 'Multipart upload (field `file`). 200 with every error by row and column; writes nothing.'
              : 'Multipart upload (field `file`). 422 import_has_errors (details.errors) when any row fails, nothing written; else 200. Rows match indicators by code: known codes are updated, new ones added.',
          consumes: ['multipart/form-data'],
          querystring: indicatorImportQuery,
          body: uploadBody,
          response: { 200: indicatorImportResult, ...errors, 413: errorBody },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(deps, req);
        return importIndicators(ctx, req.query.orgId, await readUpload(req, reply), {
          commit: step === 'commit',
        });
      },
    );
  }

  r.get(
    `${base}/templates`,
    { schema: { tags, querystring: templateListQuery, response: { 200: templateListResponse, ...errors } } },
    async (req) => listTemplates(ctxOf(deps, req), req.query.orgId, req.query.page, req.query.pageSize),
  );
  r.post(
    `${base}/templates`,
    { schema: { tags, body: templateCreateBody, response: { 200: templateView, ...errors } } },
    async (req) => createTemplate(ctxOf(deps, req), req.body),
  );
  r.get(
    `${base}/templates/:id`,
    { schema: { tags, params: idParam, response: { 200: templateView, ...errors } } },
    async (req) => getTemplate(ctxOf(deps, req), req.params.id),
  );
  r.patch(
    `${base}/templates/:id`,
    {
      schema: { tags, params: idParam, body: templateUpdateBody, response: { 200: templateView, ...errors } },
    },
    async (req) => updateTemplate(ctxOf(deps, req), req.params.id, req.body),
  );
}
