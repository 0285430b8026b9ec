import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assignmentsQuery,
  assignmentsResponse,
  assignmentsUpdateBody,
  branchActionBody,
  branchMonthParams,
  branchMonthView,
  branchStatusQuery,
  branchStatusResponse,
  monthListQuery,
  monthListResponse,
  monthParams,
  monthView,
  orgBody,
  orgQuery,
  peerScoresResponse,
  peerSubmitBody,
  peerTask,
  peerTasksQuery,
  peerTasksResponse,
  ratedParams,
  selfSaveBody,
  verificationSaveBody,
} from '../../../contracts/branch-eval.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import { base, errors, tags } from './library.routes.js';
import {
  generateAssignments,
  getAssignments,
  peerScoresOf,
  peerTasks,
  setRaters,
  submitPeer,
} from './peer.service.js';
import {
  approveMonth,
  branchMonthStep,
  getBranchMonth,
  getMonth,
  listBranchStatuses,
  listMonths,
  publishMonth,
  saveSelf,
  saveVerification,
} from './round.service.js';

/** The monthly round (月评): months, branch sheets, verification, peer evaluation, approval. */
export function registerRoundRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/months`,
    { schema: { tags, querystring: monthListQuery, response: { 200: monthListResponse, ...errors } } },
    async (req) =>
      listMonths(ctxOf(deps, req), req.query.orgId, req.query.year, req.query.page, req.query.pageSize),
  );
  r.get(
    `${base}/months/:month`,
    { schema: { tags, params: monthParams, querystring: orgQuery, response: { 200: monthView, ...errors } } },
    async (req) => getMonth(ctxOf(deps, req), req.query.orgId, req.params.month),
  );
  r.get(
    `${base}/months/:month/branches`,
    {
      schema: {
        tags,
        summary: '各支部进度 / where each branch stands, with late and overdue flags',
        params: monthParams,
        querystring: branchStatusQuery,
        response: { 200: branchStatusResponse, ...errors },
      },
    },
    async (req) => listBranchStatuses(ctxOf(deps, req), req.params.month, req.query),
  );
  r.post(
    `${base}/months/:month/approve`,
    {
      schema: {
        tags,
        summary: '党委审定本月 / approve the month for all branches at once',
        description:
          '409 unverified_branches (details.branches) while any branch is not verified; nothing changes then.',
        params: monthParams,
        body: orgBody,
        response: { 200: monthView, ...errors },
      },
    },
    async (req) => approveMonth(ctxOf(deps, req), req.body.orgId, req.params.month),
  );
  r.post(
    `${base}/months/:month/publish`,
    {
      schema: {
        tags,
        summary: '发布 / publish the approved month',
        params: monthParams,
        body: orgBody,
        response: { 200: monthView, ...errors },
      },
    },
    async (req) => publishMonth(ctxOf(deps, req), req.body.orgId, req.params.month),
  );
  r.get(
    `${base}/months/:month/assignments`,
    {
      schema: {
        tags,
        summary: '互评安排 / who rates whom (office and committee only)',
        params: monthParams,
        querystring: assignmentsQuery,
        response: { 200: assignmentsResponse, ...errors },
      },
    },
    async (req) =>
      getAssignments(ctxOf(deps, req), req.params.month, req.query.orgId, req.query.page, req.query.pageSize),
  );
  r.post(
    `${base}/months/:month/assignments/generate`,
    {
      schema: { tags, params: monthParams, body: orgBody, response: { 200: assignmentsResponse, ...errors } },
    },
    async (req) => generateAssignments(ctxOf(deps, req), req.params.month, req.body.orgId),
  );
  r.put(
    `${base}/months/:month/assignments/:ratedBranchId`,
    {
      schema: {
        tags,
        summary: '调整评价支部 / set the raters of one branch (the office)',
        params: ratedParams,
        body: assignmentsUpdateBody,
        response: { 200: assignmentsResponse, ...errors },
      },
    },
    async (req) =>
      setRaters(
        ctxOf(deps, req),
        req.params.month,
        req.params.ratedBranchId,
        req.body.orgId,
        req.body.raterBranchIds,
      ),
  );
  r.get(
    `${base}/months/:month/peer-scores/:ratedBranchId`,
    { schema: { tags, params: ratedParams, response: { 200: peerScoresResponse, ...errors } } },
    async (req) => peerScoresOf(ctxOf(deps, req), req.params.month, req.params.ratedBranchId),
  );
  r.get(
    `${base}/peer`,
    {
      schema: {
        tags,
        summary: '我的互评任务 / the peer sheets my branches must fill',
        querystring: peerTasksQuery,
        response: { 200: peerTasksResponse, ...errors },
      },
    },
    async (req) => peerTasks(ctxOf(deps, req), req.query.month, req.query.page, req.query.pageSize),
  );
  r.put(
    `${base}/peer/:month/:ratedBranchId`,
    {
      schema: {
        tags,
        summary: '提交互评 / score the evaluative indicators of an assigned branch',
        params: ratedParams,
        body: peerSubmitBody,
        response: { 200: peerTask, ...errors },
      },
    },
    async (req) => submitPeer(ctxOf(deps, req), req.params.month, req.params.ratedBranchId, req.body),
  );
  r.get(
    `${base}/branches/:branchId/months/:month`,
    { schema: { tags, params: branchMonthParams, response: { 200: branchMonthView, ...errors } } },
    async (req) => getBranchMonth(ctxOf(deps, req), req.params.branchId, req.params.month),
  );
  r.put(
    `${base}/branches/:branchId/months/:month/self`,
    {
      schema: {
        tags,
        summary: '保存自评 / save self scores, notes and evidence',
        params: branchMonthParams,
        body: selfSaveBody,
        response: { 200: branchMonthView, ...errors },
      },
    },
    async (req) => saveSelf(ctxOf(deps, req), req.params.branchId, req.params.month, req.body),
  );
  r.put(
    `${base}/branches/:branchId/months/:month/verification`,
    {
      schema: {
        tags,
        summary: '保存验证 / save verified scores and reasons (the office)',
        params: branchMonthParams,
        body: verificationSaveBody,
        response: { 200: branchMonthView, ...errors },
      },
    },
    async (req) => saveVerification(ctxOf(deps, req), req.params.branchId, req.params.month, req.body),
  );
  r.post(
    `${base}/branches/:branchId/months/:month/actions`,
    {
      schema: {
        tags,
        summary: '流程操作 / submit, withdraw, resubmit, return, verify, reopen_window, reopen_verification',
        params: branchMonthParams,
        body: branchActionBody,
        response: { 200: branchMonthView, ...errors },
      },
    },
    async (req) =>
      branchMonthStep(
        ctxOf(deps, req),
        req.params.branchId,
        req.params.month,
        req.body.action,
        req.body.reason,
      ),
  );
}
