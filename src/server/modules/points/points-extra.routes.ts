import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, idParam } from '../../../contracts/common.js';
import { uploadBody, XLSX_MIME } from '../../../contracts/io.js';
import {
  actionDoneBody,
  actionListQuery,
  actionListResponse,
  appealActionBody,
  appealCreateBody,
  appealListQuery,
  appealListResponse,
  appealView,
  boardExportQuery,
  myYearResponse,
  pointsImportResult,
  tierActionView,
  trialBody,
  trialResponse,
  yearActionBody,
  yearExportQuery,
  yearResultsQuery,
  yearResultsResponse,
  yearView,
} from '../../../contracts/points.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import { readUpload } from '../../lib/upload.js';
import { completeTierAction, listTierActions } from './action.service.js';
import { actOnAppeal, createAppeal, getAppeal, listAppealsFor } from './appeal.service.js';
import {
  entriesTemplateXlsx,
  exportBoardXlsx,
  exportItemsXlsx,
  exportYearXlsx,
  importEntriesFromXlsx,
  importItemsFromXlsx,
  itemsTemplateXlsx,
} from './points-io.service.js';
import { trialScore } from './trial.service.js';
import { computeYear, getYear, listYearResults, myYear, yearAction } from './year.service.js';

const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };
const uploadErrors = { ...errors, 413: errorBody, 415: errorBody };

/** Binary answers described for the OpenAPI document; Fastify does not serialise a Buffer. */
const xlsxResponse = {
  description: 'An Excel workbook (.xlsx)',
  content: { [XLSX_MIME]: { schema: z.string().meta({ format: 'binary' }) } },
};

/**
 * Routes of the year's tiers, their 奖惩 actions, appeals, trial scoring and the points
 * spreadsheets: thin — contract, context, service.
 */
export function registerPointsExtraRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['points'];
  const base = '/api/v1/points';

  // ── year tiers ────────────────────────────────────────────────────────────────────────
  r.get(
    `${base}/schemes/:id/year`,
    {
      schema: {
        tags,
        summary: '年度总评状态 / the year’s tiers: state, counts, the viewer’s actions',
        params: idParam,
        response: { 200: yearView, ...errors },
      },
    },
    async (req) => getYear(ctxOf(deps, req), req.params.id),
  );
  r.post(
    `${base}/schemes/:id/year/compute`,
    {
      schema: {
        tags,
        summary: '测算年度等次 / compute (or recompute) annual scores and tiers (affairs, draft only)',
        params: idParam,
        response: { 200: yearView, ...errors },
      },
    },
    async (req) => computeYear(ctxOf(deps, req), req.params.id),
  );
  for (const action of ['submit', 'return', 'approve', 'publish'] as const) {
    r.post(
      `${base}/schemes/:id/year/${action}`,
      {
        schema: {
          tags,
          summary: `年度等次 ${action} / year workflow step`,
          params: idParam,
          body: yearActionBody,
          response: { 200: yearView, ...errors },
        },
      },
      async (req) => yearAction(ctxOf(deps, req), req.params.id, action, req.body.reason),
    );
  }
  r.get(
    `${base}/schemes/:id/year/results`,
    {
      schema: {
        tags,
        summary: '年度等次结果 / tier results of an org subtree with the distribution per tier',
        params: idParam,
        querystring: yearResultsQuery,
        response: { 200: yearResultsResponse, ...errors },
      },
    },
    async (req) => listYearResults(ctxOf(deps, req), req.params.id, req.query),
  );
  r.get(
    `${base}/schemes/:id/year/results/export.xlsx`,
    {
      schema: {
        tags,
        summary: '导出年度等次 / tier results as xlsx (same filters, all rows)',
        params: idParam,
        querystring: yearExportQuery,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, buffer } = await exportYearXlsx(ctxOf(deps, req), req.params.id, req.query);
      return sendXlsx(reply, fileName, buffer);
    },
  );
  r.get(
    `${base}/schemes/:id/year/me`,
    {
      schema: {
        tags,
        summary: '本人年度等次 / the member’s own tier, once published',
        params: idParam,
        response: { 200: myYearResponse, ...errors },
      },
    },
    async (req) => myYear(ctxOf(deps, req), req.params.id),
  );

  // ── 奖惩 actions ─────────────────────────────────────────────────────────────────────────
  r.get(
    `${base}/actions`,
    {
      schema: {
        tags,
        summary: '奖惩事项 / tracked reward and penalty actions within the viewer’s reach',
        querystring: actionListQuery,
        response: { 200: actionListResponse, ...errors },
      },
    },
    async (req) => listTierActions(ctxOf(deps, req), req.query),
  );
  r.post(
    `${base}/actions/:id/done`,
    {
      schema: {
        tags,
        summary: '完成奖惩事项 / mark an action done with a note',
        params: idParam,
        body: actionDoneBody,
        response: { 200: tierActionView, ...errors },
      },
    },
    async (req) => completeTierAction(ctxOf(deps, req), req.params.id, req.body.note),
  );

  // ── appeals ─────────────────────────────────────────────────────────────────────────────
  r.post(
    `${base}/appeals`,
    {
      schema: {
        tags,
        summary: '提出申诉 / a member appeals one of their approved entries',
        body: appealCreateBody,
        response: { 200: appealView, ...errors },
      },
    },
    async (req) => createAppeal(ctxOf(deps, req), req.body),
  );
  r.get(
    `${base}/appeals`,
    {
      schema: {
        tags,
        summary: '申诉列表 / appeals the viewer may see',
        querystring: appealListQuery,
        response: { 200: appealListResponse, ...errors },
      },
    },
    async (req) => listAppealsFor(ctxOf(deps, req), req.query),
  );
  r.get(
    `${base}/appeals/:id`,
    { schema: { tags, params: idParam, response: { 200: appealView, ...errors } } },
    async (req) => getAppeal(ctxOf(deps, req), req.params.id),
  );
  r.post(
    `${base}/appeals/:id/actions`,
    {
      schema: {
        tags,
        summary: '处理申诉 / uphold or dismiss (affairs, with a reason), or withdraw (the member)',
        params: idParam,
        body: appealActionBody,
        response: { 200: appealView, ...errors },
      },
    },
    async (req) => actOnAppeal(ctxOf(deps, req), req.params.id, req.body.action, req.body.reason),
  );

  // ── trial scoring ───────────────────────────────────────────────────────────────────────
  r.post(
    `${base}/schemes/:id/trial`,
    {
      schema: {
        tags,
        summary: '方案试算 / score a year’s approved entries with the draft and the current version',
        description: 'Read-only: nothing is stored.',
        params: idParam,
        body: trialBody,
        response: { 200: trialResponse, ...errors },
      },
    },
    async (req) => trialScore(ctxOf(deps, req), req.params.id, { year: req.body.year }),
  );

  // ── spreadsheets ────────────────────────────────────────────────────────────────────────
  r.get(
    `${base}/templates/items.xlsx`,
    {
      schema: {
        tags,
        summary: '积分项目导入模板 / items template',
        response: { 200: xlsxResponse, 401: errorBody },
      },
    },
    async (req, reply) => {
      ctxOf(deps, req);
      return sendXlsx(reply, '积分项目导入模板.xlsx', await itemsTemplateXlsx());
    },
  );
  r.get(
    `${base}/schemes/:id/items/export.xlsx`,
    {
      schema: {
        tags,
        summary: '导出积分项目 / the draft’s (else the current) items, laid out like the template',
        params: idParam,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, buffer } = await exportItemsXlsx(ctxOf(deps, req), req.params.id);
      return sendXlsx(reply, fileName, buffer);
    },
  );
  r.get(
    `${base}/schemes/:id/templates/entries.xlsx`,
    {
      schema: {
        tags,
        summary: '积分记录导入模板 / entries template with the scheme’s items for reference',
        params: idParam,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) =>
      sendXlsx(reply, '积分记录导入模板.xlsx', await entriesTemplateXlsx(ctxOf(deps, req), req.params.id)),
  );
  const importers = {
    items: importItemsFromXlsx,
    entries: importEntriesFromXlsx,
  } as const;
  const labels = { items: '积分项目', entries: '积分记录' } as const;
  for (const kind of ['items', 'entries'] as const) {
    for (const step of ['preview', 'commit'] as const) {
      r.post(
        `${base}/schemes/:id/${kind}/import/${step}`,
        {
          schema: {
            tags,
            summary:
              step === 'preview'
                ? `${labels[kind]}导入预览 / validate a ${kind} sheet, keep nothing`
                : `${labels[kind]}导入 / import a ${kind} sheet, all rows or none`,
            description:
              'Multipart upload (field `file`). Preview answers 200 with every error by row and column. ' +
              'Commit answers 422 import_has_errors (details.errors) with nothing written when any row fails.' +
              (kind === 'items'
                ? ' Items replace all the items of the scheme’s draft.'
                : ' Entries are created as submitted.'),
            consumes: ['multipart/form-data'],
            params: idParam,
            body: uploadBody,
            response: { 200: pointsImportResult, ...uploadErrors },
          },
        },
        async (req, reply) => {
          const ctx = ctxOf(deps, req);
          const file = await readUpload(req, reply);
          return importers[kind](ctx, req.params.id, file, { commit: step === 'commit' });
        },
      );
    }
  }
  r.get(
    `${base}/board/export.xlsx`,
    {
      schema: {
        tags,
        summary: '导出亮分榜 / the board as xlsx (same query and privacy as the board, all rows)',
        querystring: boardExportQuery,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, buffer } = await exportBoardXlsx(ctxOf(deps, req), req.query);
      return sendXlsx(reply, fileName, buffer);
    },
  );
}
