import type { FastifyInstance } from 'fastify';
import { beResultsApi as api } from '../../../../contracts/branch-eval-results-api.js';
import type { Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf, sendXlsx } from '../../../lib/http.js';
import { sendKeptAnswer } from '../../../lib/kept-reply.js';
import { getGradeRule, saveGradeRule } from './grade-rules.service.js';
import {
  categoryChartOf,
  explainScore,
  exportGrades,
  exportRankings,
  keptGradeBoard,
  keptIndicatorRanking,
  keptQuarterBoard,
  keptRankings,
  monthReportOf,
  movementChartOf,
  rectify,
} from './results.service.js';

/**
 * Results: rankings, explanations, quarter and annual boards (with the annual grade rule), the
 * report, charts, the xlsx.
 */
export function registerResultRoutes(app: FastifyInstance, deps: Deps) {
  // The rankings and the quarter and annual boards are served from the answers kept per data
  // version (`lib/kept-answers.ts`), checked on every request.
  route(app, api.rankings, async ({ params, query }, req, reply) =>
    sendKeptAnswer(
      req,
      reply,
      await keptRankings(
        ctxOf(deps, req),
        query.orgId,
        params.month,
        query.page,
        query.pageSize,
        query.within,
        (a) => String(reply.serialize(a)),
      ),
    ),
  );
  route(app, api.indicatorRanking, async ({ params, query }, req, reply) =>
    sendKeptAnswer(
      req,
      reply,
      await keptIndicatorRanking(
        ctxOf(deps, req),
        query.orgId,
        params.month,
        params.code,
        query.page,
        query.pageSize,
        query.within,
        (a) => String(reply.serialize(a)),
      ),
    ),
  );
  route(app, api.rankingsXlsx, async ({ params, query }, req, reply) => {
    const { fileName, buffer } = await exportRankings(ctxOf(deps, req), query.orgId, params.month);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, api.report, async ({ params, query }, req) =>
    monthReportOf(ctxOf(deps, req), query.orgId, params.month),
  );
  route(app, api.categoryChart, async ({ params, query }, req) =>
    categoryChartOf(ctxOf(deps, req), query.orgId, params.month, query.page, query.pageSize, query.within),
  );
  route(app, api.movementChart, async ({ query }, req) =>
    movementChartOf(ctxOf(deps, req), query.orgId, query.from, query.to, query.page, query.pageSize),
  );
  route(app, api.explainScore, async ({ params }, req) =>
    explainScore(ctxOf(deps, req), params.branchId, params.month),
  );
  route(app, api.rectify, async ({ params, body }, req) =>
    rectify(ctxOf(deps, req), params.branchId, params.month, body.note),
  );
  route(app, api.quarterBoard, async ({ params, query }, req, reply) =>
    sendKeptAnswer(
      req,
      reply,
      await keptQuarterBoard(
        ctxOf(deps, req),
        query.orgId,
        params.quarter,
        query.page,
        query.pageSize,
        query.within,
        (a) => String(reply.serialize(a)),
      ),
    ),
  );
  route(app, api.gradesXlsx, async ({ params, query }, req, reply) => {
    const { fileName, buffer } = await exportGrades(ctxOf(deps, req), query.orgId, params.year);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, api.gradeBoard, async ({ params, query }, req, reply) =>
    sendKeptAnswer(
      req,
      reply,
      await keptGradeBoard(
        ctxOf(deps, req),
        query.orgId,
        params.year,
        query.page,
        query.pageSize,
        query.within,
        (a) => String(reply.serialize(a)),
      ),
    ),
  );
  route(app, api.gradeRule, async ({ params, query }, req) =>
    getGradeRule(ctxOf(deps, req), query.orgId, params.year),
  );
  route(app, api.saveGradeRule, async ({ params, body }, req) =>
    saveGradeRule(ctxOf(deps, req), params.year, body),
  );
}
