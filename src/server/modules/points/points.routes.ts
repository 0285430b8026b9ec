import type { FastifyInstance } from 'fastify';
import { pointsApi } from '../../../contracts/points-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import { sendKeptAnswer } from '../../lib/kept-reply.js';
import { getActivity, listActivities } from './activity.service.js';
import { actOnAppeal, createAppeal, getAppeal, listAppealsFor } from './appeal.service.js';
import {
  actOnEntry,
  bulkAct,
  createActivity,
  createEntry,
  declareEntry,
  getEntry,
  reviewCounts,
  updateEntry,
} from './entry.service.js';
import { keptEntryList } from './kept-entries.js';
import { myPoints } from './me.service.js';
import { registerPointsIoRoutes } from './points-io.routes.js';
import { registerPointsYearRoutes } from './points-year.routes.js';
import { explainScore, getQuarter, keptBoard, quarterAction } from './quarter.service.js';
import { adoptDraft, createScheme, getScheme, listSchemes, saveDraft } from './scheme.service.js';
import { trialScore } from './trial.service.js';

/**
 * Routes of the points schemes, entries, quarters, the board, the member's own points and
 * appeals — thin: contract, context, service. The year's tiers and the spreadsheets have
 * their own files.
 */
export function registerPointsRoutes(app: FastifyInstance, deps: Deps) {
  const api = pointsApi;

  // ── schemes ─────────────────────────────────────────────────────────────────────────────
  route(app, api.listSchemes, async ({ query }, req) => ({
    items: await listSchemes(ctxOf(deps, req), query.year),
  }));
  route(app, api.createScheme, async ({ body }, req) => createScheme(ctxOf(deps, req), body));
  route(app, api.getScheme, async ({ params }, req) => getScheme(ctxOf(deps, req), params.id));
  route(app, api.saveDraft, async ({ params, body }, req) => saveDraft(ctxOf(deps, req), params.id, body));
  route(app, api.adoptDraft, async ({ params }, req) => adoptDraft(ctxOf(deps, req), params.id));
  route(app, api.trial, async ({ params, body }, req) =>
    trialScore(ctxOf(deps, req), params.id, { year: body.year }),
  );

  // ── entries ─────────────────────────────────────────────────────────────────────────────
  // The review queue: 50 entries built to the contract, sent without the schema's second pass,
  // kept per the entries' workflow version with their waiting days computed per request.
  route(app, api.listEntries, async ({ query }, req, reply) =>
    reply.type('application/json; charset=utf-8').send(await keptEntryList(ctxOf(deps, req), query)),
  );
  route(app, api.createEntry, async ({ body }, req) => createEntry(ctxOf(deps, req), body));
  route(app, api.getEntry, async ({ params }, req) => getEntry(ctxOf(deps, req), params.id));
  route(app, api.updateEntry, async ({ params, body }, req) =>
    updateEntry(ctxOf(deps, req), params.id, body),
  );
  route(app, api.entryAction, async ({ params, body }, req) =>
    actOnEntry(ctxOf(deps, req), params.id, body.action, body.reason, body.rowVersion),
  );
  route(app, api.bulkAction, async ({ body }, req) =>
    bulkAct(ctxOf(deps, req), body.ids, body.action, body.reason),
  );
  route(app, api.declare, async ({ body }, req) => declareEntry(ctxOf(deps, req), body));
  route(app, api.createActivity, async ({ body }, req) => createActivity(ctxOf(deps, req), body));
  route(app, api.activities, async ({ query }, req) => listActivities(ctxOf(deps, req), query));
  route(app, api.activity, async ({ params }, req) => getActivity(ctxOf(deps, req), params.id));
  route(app, api.reviewCounts, async ({ query }, req) => reviewCounts(ctxOf(deps, req), query.orgId));

  // ── quarters, board, explanations, the member's own points ─────────────────────────────
  route(app, api.getQuarter, async ({ params }, req) =>
    getQuarter(ctxOf(deps, req), params.id, params.quarter),
  );
  for (const [action, ep] of [
    ['close', api.closeQuarter],
    ['reopen', api.reopenQuarter],
    ['publish', api.publishQuarter],
  ] as const) {
    route(app, ep, async ({ params, body }, req) =>
      quarterAction(ctxOf(deps, req), params.id, params.quarter, action, body.reason),
    );
  }
  // Served from the answers kept per data version (`lib/kept-answers.ts`), checked per request.
  route(app, api.board, async ({ query }, req, reply) =>
    sendKeptAnswer(req, reply, await keptBoard(ctxOf(deps, req), query, (a) => String(reply.serialize(a)))),
  );
  route(app, api.explain, async ({ params }, req) =>
    explainScore(ctxOf(deps, req), params.id, params.quarter, params.memberId),
  );
  route(app, api.me, async ({ query }, req) => myPoints(ctxOf(deps, req), query.year));

  // ── appeals ─────────────────────────────────────────────────────────────────────────────
  route(app, api.createAppeal, async ({ body }, req) => createAppeal(ctxOf(deps, req), body));
  route(app, api.listAppeals, async ({ query }, req) => listAppealsFor(ctxOf(deps, req), query));
  route(app, api.getAppeal, async ({ params }, req) => getAppeal(ctxOf(deps, req), params.id));
  route(app, api.appealAction, async ({ params, body }, req) =>
    actOnAppeal(ctxOf(deps, req), params.id, body.action, body.reason),
  );

  registerPointsYearRoutes(app, deps);
  registerPointsIoRoutes(app, deps);
}
