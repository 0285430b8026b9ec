import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBody, idParam } from '../../../contracts/common.js';
import {
  memberCreateBody,
  memberDeactivateBody,
  memberDetail,
  memberListQuery,
  memberListResponse,
  memberTransferBody,
  memberUpdateBody,
} from '../../../contracts/member.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import {
  createMember,
  deactivateMember,
  getMember,
  listMembers,
  transferMember,
  updateMember,
} from './member.service.js';

const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function registerMemberRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['member'];
  r.get(
    '/api/v1/members',
    { schema: { tags, querystring: memberListQuery, response: { 200: memberListResponse, ...errors } } },
    async (req) => listMembers(ctxOf(deps, req), req.query),
  );
  r.get(
    '/api/v1/members/:id',
    { schema: { tags, params: idParam, response: { 200: memberDetail, ...errors } } },
    async (req) => getMember(ctxOf(deps, req), req.params.id),
  );
  r.post(
    '/api/v1/members',
    { schema: { tags, body: memberCreateBody, response: { 200: memberDetail, ...errors } } },
    async (req) => createMember(ctxOf(deps, req), req.body),
  );
  r.patch(
    '/api/v1/members/:id',
    { schema: { tags, params: idParam, body: memberUpdateBody, response: { 200: memberDetail, ...errors } } },
    async (req) => updateMember(ctxOf(deps, req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/members/:id/transfer',
    {
      schema: { tags, params: idParam, body: memberTransferBody, response: { 200: memberDetail, ...errors } },
    },
    async (req) => transferMember(ctxOf(deps, req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/members/:id/deactivate',
    {
      schema: {
        tags,
        params: idParam,
        body: memberDeactivateBody,
        response: { 200: memberDetail, ...errors },
      },
    },
    async (req) => deactivateMember(ctxOf(deps, req), req.params.id, req.body.date, req.body.reason),
  );
}
