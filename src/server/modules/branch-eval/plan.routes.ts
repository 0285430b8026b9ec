import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  planBatchResponse,
  planCopyBody,
  planDetail,
  planGenerateBody,
  planListQuery,
  planListResponse,
  planTailorBody,
  reasonBody,
} from '../../../contracts/branch-eval.js';
import { idParam } from '../../../contracts/common.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import { base, errors, tags } from './library.routes.js';
import { copyPlans, generatePlans, getPlan, listPlans, planStep, tailorPlanOf } from './plan.service.js';

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
