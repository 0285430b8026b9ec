import type { FastifyInstance } from 'fastify';
import { userApi } from '../../../contracts/user.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
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

export function registerUserRoutes(app: FastifyInstance, deps: Deps) {
  route(app, userApi.list, async ({ query }, req) => listUsers(ctxOf(deps, req), query));
  route(app, userApi.get, async ({ params }, req) => getUser(ctxOf(deps, req), params.id));
  route(app, userApi.create, async ({ body }, req) => createUser(ctxOf(deps, req), body));
  route(app, userApi.update, async ({ params, body }, req) => updateUser(ctxOf(deps, req), params.id, body));
  route(app, userApi.resetPassword, async ({ params, body }, req) => {
    await resetPassword(ctxOf(deps, req), params.id, body.newPassword);
    return { ok: true as const };
  });
  route(app, userApi.unlockLogin, async ({ params }, req) => ({
    ok: true as const,
    failuresCleared: await unlockLogin(ctxOf(deps, req), params.id),
  }));
  route(app, userApi.addGrant, async ({ params, body }, req) =>
    addGrant(ctxOf(deps, req), params.id, body.role, body.orgId),
  );
  route(app, userApi.removeGrant, async ({ params }, req) =>
    removeGrant(ctxOf(deps, req), params.id, params.grantId),
  );
}
