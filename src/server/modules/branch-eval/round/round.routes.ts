import type { FastifyInstance } from 'fastify';
import { beRoundApi } from '../../../../contracts/branch-eval-round-api.js';
import type { Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf } from '../../../lib/http.js';
import { linkableRecords } from './linkable.service.js';
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
} from './round.service.js';
import { myRounds } from './rounds.service.js';

/** The monthly round (月评): months, branch sheets and their steps, peer evaluation, approval. */
export function registerRoundRoutes(app: FastifyInstance, deps: Deps) {
  route(app, beRoundApi.months, async ({ query }, req) =>
    listMonths(ctxOf(deps, req), query.orgId, query.year, query.page, query.pageSize),
  );
  route(app, beRoundApi.month, async ({ params, query }, req) =>
    getMonth(ctxOf(deps, req), query.orgId, params.month),
  );
  route(app, beRoundApi.branchStatuses, async ({ params, query }, req) =>
    listBranchStatuses(ctxOf(deps, req), params.month, query),
  );
  route(app, beRoundApi.approveMonth, async ({ params, body }, req) =>
    approveMonth(ctxOf(deps, req), body.orgId, params.month),
  );
  route(app, beRoundApi.publishMonth, async ({ params, body }, req) =>
    publishMonth(ctxOf(deps, req), body.orgId, params.month),
  );
  route(app, beRoundApi.assignments, async ({ params, query }, req) =>
    getAssignments(ctxOf(deps, req), params.month, query.orgId, query.page, query.pageSize),
  );
  route(app, beRoundApi.generateAssignments, async ({ params, body }, req) =>
    generateAssignments(ctxOf(deps, req), params.month, body.orgId),
  );
  route(app, beRoundApi.setRaters, async ({ params, body }, req) =>
    setRaters(ctxOf(deps, req), params.month, params.ratedBranchId, body.orgId, body.raterBranchIds),
  );
  route(app, beRoundApi.peerScores, async ({ params }, req) =>
    peerScoresOf(ctxOf(deps, req), params.month, params.ratedBranchId),
  );
  route(app, beRoundApi.peerTasks, async ({ query }, req) =>
    peerTasks(ctxOf(deps, req), query.month, query.page, query.pageSize),
  );
  route(app, beRoundApi.submitPeer, async ({ params, body }, req) =>
    submitPeer(ctxOf(deps, req), params.month, params.ratedBranchId, body),
  );
  route(app, beRoundApi.branchMonth, async ({ params }, req) =>
    getBranchMonth(ctxOf(deps, req), params.branchId, params.month),
  );
  route(app, beRoundApi.saveSelf, async ({ params, body }, req) =>
    saveSelf(ctxOf(deps, req), params.branchId, params.month, body),
  );
  route(app, beRoundApi.branchMonthStep, async ({ params, body }, req) =>
    branchMonthStep(ctxOf(deps, req), params.branchId, params.month, body.action, body.reason),
  );
}

export function registerLinkableRoute(app: FastifyInstance, deps: Deps) {
  route(app, beRoundApi.linkable, async ({ params, query }, req) =>
    linkableRecords(ctxOf(deps, req), params.branchId, params.month, query),
  );
}

export function registerMyRoundsRoute(app: FastifyInstance, deps: Deps) {
  route(app, beRoundApi.myRounds, async (_args, req) => myRounds(ctxOf(deps, req)));
}
