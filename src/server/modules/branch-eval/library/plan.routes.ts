import type { FastifyInstance } from 'fastify';
import { bePlansApi } from '../../../../contracts/branch-eval-plans-api.js';
import type { Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf } from '../../../lib/http.js';
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
  route(app, bePlansApi.list, async ({ query }, req) => listPlans(ctxOf(deps, req), query));
  route(app, bePlansApi.generate, async ({ body }, req) => generatePlans(ctxOf(deps, req), body));
  route(app, bePlansApi.copy, async ({ body }, req) => copyPlans(ctxOf(deps, req), body));
  route(app, bePlansApi.approveQuarter, async ({ body }, req) => approveQuarterPlans(ctxOf(deps, req), body));
  route(app, bePlansApi.branchPlan, async ({ params }, req) =>
    getBranchPlan(ctxOf(deps, req), params.branchId, params.quarter),
  );
  route(app, bePlansApi.indicatorOptions, async ({ query }, req) =>
    planIndicatorOptions(ctxOf(deps, req), query),
  );
  route(app, bePlansApi.get, async ({ params }, req) => getPlan(ctxOf(deps, req), params.id));
  route(app, bePlansApi.tailor, async ({ params, body }, req) =>
    tailorPlanOf(ctxOf(deps, req), params.id, body),
  );
  for (const [ep, action] of [
    [bePlansApi.approve, 'approve'],
    [bePlansApi.reopen, 'reopen'],
  ] as const) {
    route(app, ep, async ({ params, body }, req) =>
      planStep(ctxOf(deps, req), params.id, action, body.reason),
    );
  }
}
