import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  correctionApproveBody,
  correctionCreateBody,
  correctionListQuery,
  correctionListResponse,
  correctionRejectBody,
  correctionView,
  monthParams,
  orgQuery,
  rankingsQuery,
  resultVersionParams,
  resultVersionRankingResponse,
  resultVersionsResponse,
} from '../../../contracts/branch-eval.js';
import { idParam } from '../../../contracts/common.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import {
  approveCorrection,
  fileCorrection,
  getCorrection,
  listCorrections,
  listResultVersions,
  rejectCorrection,
  resultVersionRanking,
} from './corrections.service.js';
import { base, errors, tags } from './library.routes.js';

/** Corrections after publication (更正) and the result versions they produce. */
export function registerCorrectionRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/corrections`,
    {
      schema: {
        tags,
        summary: '结果更正 / corrections of a round, newest first (by month, state, branch)',
        querystring: correctionListQuery,
        response: { 200: correctionListResponse, ...errors },
      },
    },
    async (req) => listCorrections(ctxOf(deps, req), req.query),
  );
  r.post(
    `${base}/corrections`,
    {
      schema: {
        tags,
        summary:
          '提出更正 / the office files a correction of verified scores against a published branch-month (reason required)',
        body: correctionCreateBody,
        response: { 200: correctionView, ...errors },
      },
    },
    async (req) => fileCorrection(ctxOf(deps, req), req.body),
  );
  r.get(
    `${base}/corrections/:id`,
    {
      schema: {
        tags,
        summary: '更正详情 / one correction',
        params: idParam,
        response: { 200: correctionView, ...errors },
      },
    },
    async (req) => getCorrection(ctxOf(deps, req), req.params.id),
  );
  r.post(
    `${base}/corrections/:id/approve`,
    {
      schema: {
        tags,
        summary:
          '审定更正 / the committee approves: a new result version of the whole month (totals, ranks, movement)',
        params: idParam,
        body: correctionApproveBody,
        response: { 200: correctionView, ...errors },
      },
    },
    async (req) => approveCorrection(ctxOf(deps, req), req.params.id, req.body.note),
  );
  r.post(
    `${base}/corrections/:id/reject`,
    {
      schema: {
        tags,
        summary: '驳回更正 / the committee rejects a correction (reason required)',
        params: idParam,
        body: correctionRejectBody,
        response: { 200: correctionView, ...errors },
      },
    },
    async (req) => rejectCorrection(ctxOf(deps, req), req.params.id, req.body.reason),
  );
  r.get(
    `${base}/months/:month/result-versions`,
    {
      schema: {
        tags,
        summary: '结果版本 / every result version of a month, newest first',
        params: monthParams,
        querystring: orgQuery,
        response: { 200: resultVersionsResponse, ...errors },
      },
    },
    async (req) => listResultVersions(ctxOf(deps, req), req.query.orgId, req.params.month),
  );
  r.get(
    `${base}/months/:month/result-versions/:version`,
    {
      schema: {
        tags,
        summary: '历史版本排名 / a kept result version’s ranking by total, as it was',
        params: resultVersionParams,
        querystring: rankingsQuery.omit({ within: true }),
        response: { 200: resultVersionRankingResponse, ...errors },
      },
    },
    async (req) =>
      resultVersionRanking(
        ctxOf(deps, req),
        req.query.orgId,
        req.params.month,
        req.params.version,
        req.query.page,
        req.query.pageSize,
      ),
  );
}
