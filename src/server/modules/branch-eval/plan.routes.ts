import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  branchPlanParams,
  planApproveQuarterBody,
  planApproveQuarterResponse,
  planBatchResponse,
  planCopyBody,
  planDetail,
  planGenerateBody,
  planIndicatorOptionsQuery,
  planIndicatorOptionsResponse,
  planListQuery,
  planListResponse,
  planTailorBody,
  reasonBody,
} from '../../../contracts/branch-eval.js';
import { idParam } from '../../../contracts/common.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import { base, errors, tags } from './library.routes.js';
import {
  approveQuarterPlans,
  copyPlans,
  generatePlans,
  getBranchPlan,
  getPlan,
  listPlans,
  planIndicatorOptions,
  planStep,
  tailorPlanOf,
} from './plan.service.js';

/** Quarter plans (季度指标方案): generate from a template, tailor, approve, reopen, copy. */
export function registerPlanRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/plans`,
    { schema: { tags, querystring: planListQuery, response: { 200: planListResponse, ...errors } } },
    async (req) => listPlans(ctxOf(deps, req), req.query),
  );
  r.post(
    `${base}/plans/generate`,
    {
      schema: {
        tags,
        summary: '按模板生成季度方案 / draft plans for a quarter from a template',
        body: planGenerateBody,
        response: { 200: planBatchResponse, ...errors },
      },
    },
    async (req) => generatePlans(ctxOf(deps, req), req.body),
  );
  r.post(
    `${base}/plans/copy`,
    {
      schema: {
        tags,
        summary: '复制到下季度 / copy a quarter’s plans to the next quarter as drafts',
        body: planCopyBody,
        response: { 200: planBatchResponse, ...errors },
      },
    },
    async (req) => copyPlans(ctxOf(deps, req), req.body),
  );
  r.post(
    `${base}/plans/approve-quarter`,
    {
      schema: {
        tags,
        summary: '党委一次审定本季度全部方案 / approve every draft plan of a quarter at once',
        description:
          'All or none: 422 plan_invalid with details.plans (each refused plan with its branch and issues) when any draft in reach fails the checks; nothing is approved then.',
        body: planApproveQuarterBody,
        response: { 200: planApproveQuarterResponse, ...errors },
      },
    },
    async (req) => approveQuarterPlans(ctxOf(deps, req), req.body),
  );
  r.get(
    `${base}/branches/:branchId/plans/:quarter`,
    {
      schema: {
        tags,
        summary: '支部某季度的指标方案 / a branch’s plan for a quarter',
        params: branchPlanParams,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => getBranchPlan(ctxOf(deps, req), req.params.branchId, req.params.quarter),
  );
  r.get(
    `${base}/plan-indicators`,
    {
      schema: {
        tags,
        summary:
          '方案可选指标 / library indicators a plan of the org can take (its own and ancestors’ libraries)',
        querystring: planIndicatorOptionsQuery,
        response: { 200: planIndicatorOptionsResponse, ...errors },
      },
    },
    async (req) => planIndicatorOptions(ctxOf(deps, req), req.query),
  );
  r.get(
    `${base}/plans/:id`,
    { schema: { tags, params: idParam, response: { 200: planDetail, ...errors } } },
    async (req) => getPlan(ctxOf(deps, req), req.params.id),
  );
  r.patch(
    `${base}/plans/:id`,
    {
      schema: {
        tags,
        summary: '量身调整 / tailor a draft plan (add/remove indicators, change points or settings)',
        params: idParam,
        body: planTailorBody,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => tailorPlanOf(ctxOf(deps, req), req.params.id, req.body),
  );
  for (const action of ['approve', 'reopen'] as const) {
    r.post(
      `${base}/plans/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'approve'
              ? '党委审定方案 / approve a plan'
              : '退回修改 / reopen an approved plan (reason)',
          params: idParam,
          body: reasonBody,
          response: { 200: planDetail, ...errors },
        },
      },
      async (req) => planStep(ctxOf(deps, req), req.params.id, action, req.body.reason),
    );
  }
}
