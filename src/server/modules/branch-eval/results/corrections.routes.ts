import type { FastifyInstance } from 'fastify';
import { beResultsApi as api } from '../../../../contracts/branch-eval-results-api.js';
import type { Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf } from '../../../lib/http.js';
import {
  approveCorrection,
  fileCorrection,
  getCorrection,
  listCorrections,
  listResultVersions,
  rejectCorrection,
  resultVersionRanking,
} from './corrections.service.js';

/** Corrections after publication (更正) and the result versions they produce. */
export function registerCorrectionRoutes(app: FastifyInstance, deps: Deps) {
  route(app, api.corrections, async ({ query }, req) => listCorrections(ctxOf(deps, req), query));
  route(app, api.fileCorrection, async ({ body }, req) => fileCorrection(ctxOf(deps, req), body));
  route(app, api.correction, async ({ params }, req) => getCorrection(ctxOf(deps, req), params.id));
  route(app, api.approveCorrection, async ({ params, body }, req) =>
    approveCorrection(ctxOf(deps, req), params.id, body.note),
  );
  route(app, api.rejectCorrection, async ({ params, body }, req) =>
    rejectCorrection(ctxOf(deps, req), params.id, body.reason),
  );
  route(app, api.resultVersions, async ({ params, query }, req) =>
    listResultVersions(ctxOf(deps, req), query.orgId, params.month),
  );
  route(app, api.resultVersionRanking, async ({ params, query }, req) =>
    resultVersionRanking(
      ctxOf(deps, req),
      query.orgId,
      params.month,
      params.version,
      query.page,
      query.pageSize,
    ),
  );
}
