import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, idParam } from '../../../contracts/common.js';
import {
  activityCreateBody,
  boardQuery,
  boardResponse,
  bulkActionBody,
  bulkActionResponse,
  declarationBody,
  entryActionBody,
  entryCreateBody,
  entryListQuery,
  entryListResponse,
  entryUpdateBody,
  entryView,
  explainParams,
  explainResponse,
  myPointsResponse,
  quarterActionBody,
  quarterParams,
  quarterView,
  reviewCountsResponse,
  schemeCreateBody,
  schemeDetail,
  schemeDraftBody,
  schemeListQuery,
  schemeListResponse,
} from '../../../contracts/points.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import {
  actOnEntry,
  bulkAct,
  createActivity,
  createEntry,
  declareEntry,
  getEntry,
  listEntries,
  reviewCounts,
  updateEntry,
} from './entry.service.js';
import { myPoints } from './me.service.js';
import { registerPointsExtraRoutes } from './points-extra.routes.js';
import { board, explainScore, getQuarter, quarterAction } from './quarter.service.js';
import { adoptDraft, createScheme, getScheme, listSchemes, saveDraft } from './scheme.service.js';

const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };

export function registerPointsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['points'];
  const base = '/api/v1/points';

  r.get(
    `${base}/schemes`,
    { schema: { tags, querystring: schemeListQuery, response: { 200: schemeListResponse, ...errors } } },
    async (req) => ({
      items: await listSchemes(ctxOf(deps, req), req.query.year),
    }),
  );
  r.post(
    `${base}/schemes`,
    { schema: { tags, body: schemeCreateBody, response: { 200: schemeDetail, ...errors } } },
    async (req) => createScheme(ctxOf(deps, req), req.body),
  );
  r.get(
    `${base}/schemes/:id`,
    { schema: { tags, params: idParam, response: { 200: schemeDetail, ...errors } } },
    async (req) => getScheme(ctxOf(deps, req), req.params.id),
  );
  r.put(
    `${base}/schemes/:id/draft`,
    { schema: { tags, params: idParam, body: schemeDraftBody, response: { 200: schemeDetail, ...errors } } },
    async (req) => saveDraft(ctxOf(deps, req), req.params.id, req.body),
  );
  r.post(
    `${base}/schemes/:id/adopt`,
    { schema: { tags, params: idParam, response: { 200: schemeDetail, ...errors } } },
    async (req) => adoptDraft(ctxOf(deps, req), req.params.id),
  );

  r.get(
    `${base}/entries`,
    { schema: { tags, querystring: entryListQuery, response: { 200: entryListResponse, ...errors } } },
    async (req) => listEntries(ctxOf(deps, req), req.query),
  );
  r.post(
    `${base}/entries`,
    { schema: { tags, body: entryCreateBody, response: { 200: entryView, ...errors } } },
    async (req) => createEntry(ctxOf(deps, req), req.body),
  );
  r.get(
    `${base}/entries/:id`,
    { schema: { tags, params: idParam, response: { 200: entryView, ...errors } } },
    async (req) => getEntry(ctxOf(deps, req), req.params.id),
  );
  r.patch(
    `${base}/entries/:id`,
    { schema: { tags, params: idParam, body: entryUpdateBody, response: { 200: entryView, ...errors } } },
    async (req) => updateEntry(ctxOf(deps, req), req.params.id, req.body),
  );
  r.post(
    `${base}/entries/:id/actions`,
    { schema: { tags, params: idParam, body: entryActionBody, response: { 200: entryView, ...errors } } },
    async (req) =>
      actOnEntry(ctxOf(deps, req), req.params.id, req.body.action, req.body.reason, req.body.rowVersion),
  );
  r.post(
    `${base}/entries/bulk`,
    { schema: { tags, body: bulkActionBody, response: { 200: bulkActionResponse, ...errors } } },
    async (req) => bulkAct(ctxOf(deps, req), req.body.ids, req.body.action, req.body.reason),
  );
  r.post(
    `${base}/declarations`,
    { schema: { tags, body: declarationBody, response: { 200: entryView, ...errors } } },
    async (req) => declareEntry(ctxOf(deps, req), req.body),
  );
  r.post(
    `${base}/activities`,
    {
      schema: {
        tags,
        body: activityCreateBody,
        response: {
          200: z.object({ activityId: z.number().int(), entryIds: z.array(z.number().int()) }),
          ...errors,
        },
      },
    },
    async (req) => createActivity(ctxOf(deps, req), req.body),
  );
  r.get(
    `${base}/review/counts`,
    {
      schema: {
        tags,
        querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }),
        response: { 200: reviewCountsResponse, ...errors },
      },
    },
    async (req) => reviewCounts(ctxOf(deps, req), req.query.orgId),
  );

  r.get(
    `${base}/schemes/:id/quarters/:quarter`,
    { schema: { tags, params: quarterParams, response: { 200: quarterView, ...errors } } },
    async (req) => getQuarter(ctxOf(deps, req), req.params.id, req.params.quarter),
  );
  for (const action of ['close', 'reopen', 'publish'] as const) {
    r.post(
      `${base}/schemes/:id/quarters/:quarter/${action}`,
      {
        schema: {
          tags,
          params: quarterParams,
          body: quarterActionBody,
          response: { 200: quarterView, ...errors },
        },
      },
      async (req) =>
        quarterAction(ctxOf(deps, req), req.params.id, req.params.quarter, action, req.body.reason),
    );
  }
  r.get(
    `${base}/board`,
    { schema: { tags, querystring: boardQuery, response: { 200: boardResponse, ...errors } } },
    async (req) => board(ctxOf(deps, req), req.query),
  );
  r.get(
    `${base}/schemes/:id/quarters/:quarter/members/:memberId/explain`,
    { schema: { tags, params: explainParams, response: { 200: explainResponse, ...errors } } },
    async (req) => explainScore(ctxOf(deps, req), req.params.id, req.params.quarter, req.params.memberId),
  );
  r.get(
    `${base}/me`,
    {
      schema: {
        tags,
        querystring: z.object({ year: z.coerce.number().int().optional() }),
        response: { 200: myPointsResponse, ...errors },
      },
    },
    async (req) => myPoints(ctxOf(deps, req), req.query.year),
  );
  registerPointsExtraRoutes(app, deps);
}
