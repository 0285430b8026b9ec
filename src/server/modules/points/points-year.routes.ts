import type { FastifyInstance } from 'fastify';
import { pointsYearApi } from '../../../contracts/points-year-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import { sendKeptAnswer } from '../../lib/kept-reply.js';
import { completeTierAction, listTierActions } from './action.service.js';
import { computeYear, getYear, keptYearResults, myYear, yearAction } from './year.service.js';

/** Routes of the year's tiers and their reward and penalty actions: thin — contract, context, service. */
export function registerPointsYearRoutes(app: FastifyInstance, deps: Deps) {
  const api = pointsYearApi;
  route(app, api.getYear, async ({ params }, req) => getYear(ctxOf(deps, req), params.id));
  route(app, api.computeYear, async ({ params }, req) => computeYear(ctxOf(deps, req), params.id));
  for (const [action, ep] of [
    ['submit', api.submitYear],
    ['return', api.returnYear],
    ['approve', api.approveYear],
    ['publish', api.publishYear],
  ] as const) {
    route(app, ep, async ({ params, body }, req) =>
      yearAction(ctxOf(deps, req), params.id, action, body.reason),
    );
  }
  // Served from the answers kept per data version (`lib/kept-answers.ts`), checked per request.
  route(app, api.results, async ({ params, query }, req, reply) =>
    sendKeptAnswer(
      req,
      reply,
      await keptYearResults(ctxOf(deps, req), params.id, query, (a) => String(reply.serialize(a))),
    ),
  );
  route(app, api.myYear, async ({ params }, req) => myYear(ctxOf(deps, req), params.id));

  route(app, api.listActions, async ({ query }, req) => listTierActions(ctxOf(deps, req), query));
  route(app, api.completeAction, async ({ params, body }, req) =>
    completeTierAction(ctxOf(deps, req), params.id, body.note),
  );
}
