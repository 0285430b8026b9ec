import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBody, idParam, okBody } from '../../../contracts/common.js';
import {
  grantCreateBody,
  grantParams,
  resetPasswordBody,
  unlockLoginResponse,
  userCreateBody,
  userListQuery,
  userListResponse,
  userSummary,
  userUpdateBody,
} from '../../../contracts/user.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import {
  addGrant,
  createUser,
  getUser,
  listUsers,
  removeGrant,
  resetPassword,
  unlockLogin,
  updateUser,
} from './user.service.js';

const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function registerUserRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['user'];
  r.get(
    '/api/v1/users',
    { schema: { tags, querystring: userListQuery, response: { 200: userListResponse, ...errors } } },
    async (req) => listUsers(ctxOf(deps, req), req.query),
  );
  r.get(
    '/api/v1/users/:id',
    { schema: { tags, params: idParam, response: { 200: userSummary, ...errors } } },
    async (req) => getUser(ctxOf(deps, req), req.params.id),
  );
  r.post(
    '/api/v1/users',
    { schema: { tags, body: userCreateBody, response: { 200: userSummary, ...errors } } },
    async (req) => createUser(ctxOf(deps, req), req.body),
  );
  r.patch(
    '/api/v1/users/:id',
    { schema: { tags, params: idParam, body: userUpdateBody, response: { 200: userSummary, ...errors } } },
    async (req) => updateUser(ctxOf(deps, req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/users/:id/reset-password',
    { schema: { tags, params: idParam, body: resetPasswordBody, response: { 200: okBody, ...errors } } },
    async (req) => {
      await resetPassword(ctxOf(deps, req), req.params.id, req.body.newPassword);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/v1/users/:id/unlock-login',
    { schema: { tags, params: idParam, response: { 200: unlockLoginResponse, ...errors } } },
    async (req) => ({
      ok: true as const,
      failuresCleared: await unlockLogin(ctxOf(deps, req), req.params.id),
    }),
  );
  r.post(
    '/api/v1/users/:id/grants',
    { schema: { tags, params: idParam, body: grantCreateBody, response: { 200: userSummary, ...errors } } },
    async (req) => addGrant(ctxOf(deps, req), req.params.id, req.body.role, req.body.orgId),
  );
  r.delete(
    '/api/v1/users/:id/grants/:grantId',
    { schema: { tags, params: grantParams, response: { 200: userSummary, ...errors } } },
    async (req) => removeGrant(ctxOf(deps, req), req.params.id, req.params.grantId),
  );
}
