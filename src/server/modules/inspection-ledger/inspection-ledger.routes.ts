import type { FastifyInstance } from 'fastify';
import { inspectionLedgerApi as api } from '../../../contracts/inspection-ledger-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import {
  drawLedgerSample,
  freezeManifest,
  getLedger,
  publishedLedger,
  recordSeed,
  scoreLedger,
} from './ledger.service.js';

export function registerInspectionLedgerRoutes(app: FastifyInstance, deps: Deps) {
  route(app, api.get, async ({ params }, req) => getLedger(ctxOf(deps, req), params.id));
  route(app, api.freeze, async ({ params, body }, req) => freezeManifest(ctxOf(deps, req), params.id, body));
  route(app, api.setSeed, async ({ params, body }, req) =>
    recordSeed(ctxOf(deps, req), params.id, body.seed),
  );
  route(app, api.draw, async ({ params }, req) => drawLedgerSample(ctxOf(deps, req), params.id));
  route(app, api.score, async ({ params, body }, req) =>
    scoreLedger(ctxOf(deps, req), params.id, params.teamId, body),
  );
  route(app, api.published, async ({ params }) => publishedLedger(deps, params.id));
}
