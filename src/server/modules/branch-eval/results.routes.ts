import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  branchMonthParams,
  categoryChart,
  gradeBoardResponse,
  gradeRuleBody,
  gradeRuleResponse,
  indicatorRankingResponse,
  indicatorRankParams,
  monthParams,
  monthReport,
  movementChart,
  movementQuery,
  orgQuery,
  quarterBoardResponse,
  quarterParams,
  rankingsQuery,
  rankingsResponse,
  rectifyBody,
  scoreExplanation,
  yearParams,
} from '../../../contracts/branch-eval.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import { getGradeRule, saveGradeRule } from './grade-rules.service.js';
import { base, errors, tags, xlsxResponse } from './library.routes.js';
import {
  categoryChartOf,
  explainScore,
  exportGrades,
  exportRankings,
  gradeBoard,
  indicatorRanking,
  monthReportOf,
  movementChartOf,
  quarterBoard,
  rankings,
  rectify,
} from './results.service.js';

/**
 * Results: rankings, explanations, quarter and annual boards (with the annual grade rule), the
 * report, charts, the xlsx.
 */
export function registerResultRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/months/:month/rankings`,
    {
      schema: {
        tags,
        summary: '月度总排名 / the ranking by total with movement',
        params: monthParams,
        querystring: rankingsQuery,
        response: { 200: rankingsResponse, ...errors },
      },
    },
    async (req) =>
      rankings(
        ctxOf(deps, req),
        req.query.orgId,
        req.params.month,
        req.query.page,
        req.query.pageSize,
        req.query.within,
      ),
  );
  r.get(
    `${base}/months/:month/rankings/indicators/:code`,
    {
      schema: {
        tags,
        summary: '指标动态排序 / the ranking by one indicator with movement',
        params: indicatorRankParams,
        querystring: rankingsQuery,
        response: { 200: indicatorRankingResponse, ...errors },
      },
    },
    async (req) =>
      indicatorRanking(
        ctxOf(deps, req),
        req.query.orgId,
        req.params.month,
        req.params.code,
        req.query.page,
        req.query.pageSize,
        req.query.within,
      ),
  );
  r.get(
    `${base}/months/:month/rankings.xlsx`,
    {
      schema: {
        tags,
        summary: '导出排名 / the month’s rankings as xlsx',
        params: monthParams,
        querystring: orgQuery,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, buffer } = await exportRankings(ctxOf(deps, req), req.query.orgId, req.params.month);
      return sendXlsx(reply, fileName, buffer);
    },
  );
  r.get(
    `${base}/months/:month/report`,
    {
      schema: {
        tags,
        summary: '支部书记例会报告 / the printable report: ranking, movers, missed mandatory items, signal',
        params: monthParams,
        querystring: orgQuery,
        response: { 200: monthReport, ...errors },
      },
    },
    async (req) => monthReportOf(ctxOf(deps, req), req.query.orgId, req.params.month),
  );
  r.get(
    `${base}/months/:month/charts/categories`,
    {
      schema: {
        tags,
        summary: '分类得分 / points by category per branch',
        params: monthParams,
        querystring: rankingsQuery,
        response: { 200: categoryChart, ...errors },
      },
    },
    async (req) =>
      categoryChartOf(
        ctxOf(deps, req),
        req.query.orgId,
        req.params.month,
        req.query.page,
        req.query.pageSize,
        req.query.within,
      ),
  );
  r.get(
    `${base}/charts/movement`,
    {
      schema: {
        tags,
        summary: '排名变化 / rank and total per branch over published months',
        querystring: movementQuery,
        response: { 200: movementChart, ...errors },
      },
    },
    async (req) =>
      movementChartOf(
        ctxOf(deps, req),
        req.query.orgId,
        req.query.from,
        req.query.to,
        req.query.page,
        req.query.pageSize,
      ),
  );
  r.get(
    `${base}/branches/:branchId/months/:month/score`,
    {
      schema: {
        tags,
        summary: '得分说明 / how the month score came about (peer scores anonymous)',
        params: branchMonthParams,
        response: { 200: scoreExplanation, ...errors },
      },
    },
    async (req) => explainScore(ctxOf(deps, req), req.params.branchId, req.params.month),
  );
  r.post(
    `${base}/branches/:branchId/months/:month/rectify`,
    {
      schema: {
        tags,
        summary: '确认整改 / the committee accepts the rectification of a missed mandatory indicator',
        params: branchMonthParams,
        body: rectifyBody,
        response: { 200: scoreExplanation, ...errors },
      },
    },
    async (req) => rectify(ctxOf(deps, req), req.params.branchId, req.params.month, req.body.note),
  );
  r.get(
    `${base}/quarters/:quarter/scores`,
    {
      schema: {
        tags,
        summary: '季考 / quarter scores of the round',
        params: quarterParams,
        querystring: rankingsQuery,
        response: { 200: quarterBoardResponse, ...errors },
      },
    },
    async (req) =>
      quarterBoard(
        ctxOf(deps, req),
        req.query.orgId,
        req.params.quarter,
        req.query.page,
        req.query.pageSize,
        req.query.within,
      ),
  );
  r.get(
    `${base}/years/:year/grades.xlsx`,
    {
      schema: {
        tags,
        summary: '导出年定级 / the year’s annual grades as xlsx, with what an incomplete year still lacks',
        params: yearParams,
        querystring: orgQuery,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, buffer } = await exportGrades(ctxOf(deps, req), req.query.orgId, req.params.year);
      return sendXlsx(reply, fileName, buffer);
    },
  );
  r.get(
    `${base}/years/:year/grades`,
    {
      schema: {
        tags,
        summary: '年定级 / annual grades of the round',
        params: yearParams,
        querystring: rankingsQuery,
        response: { 200: gradeBoardResponse, ...errors },
      },
    },
    async (req) =>
      gradeBoard(
        ctxOf(deps, req),
        req.query.orgId,
        req.params.year,
        req.query.page,
        req.query.pageSize,
        req.query.within,
      ),
  );
  r.get(
    `${base}/years/:year/grade-rule`,
    {
      schema: {
        tags,
        summary: '年定级规则 / the annual grade rule in force and its versions',
        params: yearParams,
        querystring: orgQuery,
        response: { 200: gradeRuleResponse, ...errors },
      },
    },
    async (req) => getGradeRule(ctxOf(deps, req), req.query.orgId, req.params.year),
  );
  r.post(
    `${base}/years/:year/grade-rule`,
    {
      schema: {
        tags,
        summary: '保存年定级规则（新版本） / the committee saves a new version of the annual grade rule',
        params: yearParams,
        body: gradeRuleBody,
        response: { 200: gradeRuleResponse, ...errors },
      },
    },
    async (req) => saveGradeRule(ctxOf(deps, req), req.params.year, req.body),
  );
}
