import type { FastifyInstance } from 'fastify';
import { beRoundApi } from '../../../../contracts/branch-eval-round-api.js';
import type { Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf } from '../../../lib/http.js';
import {
  awardProjectInnovation,
  innovationCandidates,
  withdrawProjectInnovation,
} from './innovation.service.js';
import { saveVerification } from './verification.service.js';

/** The office's verification of a branch's month (SPEC §3 step 3). */
export function registerVerificationRoutes(app: FastifyInstance, deps: Deps) {
  route(app, beRoundApi.saveVerification, async ({ params, body }, req) =>
    saveVerification(ctxOf(deps, req), params.branchId, params.month, body),
  );
  route(app, beRoundApi.innovationCandidates, async ({ params }, req) =>
    innovationCandidates(ctxOf(deps, req), params.branchId),
  );
  route(app, beRoundApi.awardProjectInnovation, async ({ params, body }, req) =>
    awardProjectInnovation(ctxOf(deps, req), params.branchId, params.month, body),
  );
  route(app, beRoundApi.withdrawProjectInnovation, async ({ params }, req) =>
    withdrawProjectInnovation(ctxOf(deps, req), params.branchId, params.month, params.projectId),
  );
}
