import type { FastifyInstance } from 'fastify';
import { auditApi } from '../../../contracts/audit.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import { listAudit, verifyAudit } from './audit.service.js';

export function registerAuditRoutes(app: FastifyInstance, deps: Deps) {
  route(app, auditApi.list, async ({ query }, req) => listAudit(ctxOf(deps, req), query));
  route(app, auditApi.verify, async (_, req) => verifyAudit(ctxOf(deps, req)));
}
