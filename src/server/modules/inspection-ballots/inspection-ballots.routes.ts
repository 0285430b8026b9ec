import type { FastifyInstance } from 'fastify';
import { inspectionBallotsApi as api } from '../../../contracts/inspection-ballots-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import {
  castBallot,
  checkBallotCode,
  closeBallotBox,
  enterPaperSheet,
  getBallotOverview,
  issueBallotBatch,
  listPaperSheets,
  openBallotBox,
  setBallotItems,
  usedCodesOf,
} from './ballots.service.js';
import { countedCodes } from './counted.service.js';
import { ballotRatePerMinute, createRateLimiter } from './rate-limit.js';
import { createTurns } from './turns.js';

export function registerInspectionBallotsRoutes(app: FastifyInstance, deps: Deps) {
  const limiter = createRateLimiter(ballotRatePerMinute());
  // SQLite writes one transaction at a time anyway; on PostgreSQL a few at once, leaving most of
  // the pool to the other requests.
  const turns = createTurns(deps.dialect === 'sqlite' ? 1 : 4);
  route(app, api.overview, async ({ params }, req) => getBallotOverview(ctxOf(deps, req), params.id));
  route(app, api.setItems, async ({ params, body }, req) =>
    setBallotItems(ctxOf(deps, req), params.id, body),
  );
  route(app, api.issueBatch, async ({ params, body }, req) =>
    issueBallotBatch(ctxOf(deps, req), params.id, body),
  );
  route(app, api.open, async ({ params }, req) => openBallotBox(ctxOf(deps, req), params.id));
  route(app, api.close, async ({ params }, req) => closeBallotBox(ctxOf(deps, req), params.id));
  route(app, api.usedCodes, async ({ params }, req) =>
    usedCodesOf(ctxOf(deps, req), params.id, params.unitId),
  );
  route(app, api.paperList, async ({ params }, req) => listPaperSheets(ctxOf(deps, req), params.id));
  route(app, api.paperEnter, async ({ params, body }, req) =>
    enterPaperSheet(ctxOf(deps, req), params.id, body),
  );
  // Public and read-only (what a voter checks after close): not counted against the ballot limit.
  route(app, api.counted, async ({ params }) => countedCodes(deps, params.id));
  route(app, api.check, async ({ body }, req) => {
    limiter.hit(req.ip);
    return checkBallotCode(deps, body.code);
  });
  route(app, api.cast, async ({ body }, req) => {
    limiter.hit(req.ip);
    await turns.run(() => castBallot(deps, body.code, body.answers));
    return { ok: true as const };
  });
}
