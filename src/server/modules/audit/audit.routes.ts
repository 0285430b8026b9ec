import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListQuery, auditListResponse, auditVerifyResponse } from '../../../contracts/audit.js';
import { errorBody } from '../../../contracts/common.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import { listAudit, verifyAudit } from './audit.service.js';

export function registerAuditRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  r.get(
    '/api/v1/audit',
    { schema: { tags, querystring: auditListQuery, response: { 200: auditListResponse, 403: errorBody } } },
    async (req) => listAudit(ctxOf(deps, req), req.query),
  );
  r.post(
    '/api/v1/audit/verify',
    { schema: { tags, response: { 200: auditVerifyResponse, 403: errorBody } } },
    async (req) => verifyAudit(ctxOf(deps, req)),
  );
}
