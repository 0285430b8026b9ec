import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBody, idParam } from '../../../contracts/common.js';
import {
  orgCreateBody,
  orgDeactivateBody,
  orgListQuery,
  orgListResponse,
  orgMoveBody,
  orgNode,
  orgUpdateBody,
} from '../../../contracts/org.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import { createOrg, deactivateOrg, getOrg, listOrgs, moveOrg, updateOrg } from './org.service.js';

const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function registerOrgRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['org'];
  r.get(
    '/api/v1/orgs',
    { schema: { tags, querystring: orgListQuery, response: { 200: orgListResponse, 403: errorBody } } },
    async (req) => ({ items: await listOrgs(ctxOf(deps, req), req.query.tree, req.query.includeInactive) }),
  );
  r.get(
    '/api/v1/orgs/:id',
    { schema: { tags, params: idParam, response: { 200: orgNode, ...errors } } },
    async (req) => getOrg(ctxOf(deps, req), req.params.id),
  );
  r.post(
    '/api/v1/orgs',
    { schema: { tags, body: orgCreateBody, response: { 200: orgNode, ...errors } } },
    async (req) => createOrg(ctxOf(deps, req), req.body),
  );
  r.patch(
    '/api/v1/orgs/:id',
    { schema: { tags, params: idParam, body: orgUpdateBody, response: { 200: orgNode, ...errors } } },
    async (req) => updateOrg(ctxOf(deps, req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/orgs/:id/move',
    { schema: { tags, params: idParam, body: orgMoveBody, response: { 200: orgNode, ...errors } } },
    async (req) => moveOrg(ctxOf(deps, req), req.params.id, req.body.parentId),
  );
  r.post(
    '/api/v1/orgs/:id/deactivate',
    { schema: { tags, params: idParam, body: orgDeactivateBody, response: { 200: orgNode, ...errors } } },
    async (req) => deactivateOrg(ctxOf(deps, req), req.params.id, req.body.activeTo),
  );
}
