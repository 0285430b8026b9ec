import type { FastifyInstance } from 'fastify';
import { orgApi } from '../../../contracts/org.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import { createOrg, deactivateOrg, getOrg, listOrgs, moveOrg, updateOrg } from './org.service.js';

export function registerOrgRoutes(app: FastifyInstance, deps: Deps) {
  route(app, orgApi.list, async ({ query }, req) => ({
    items: await listOrgs(ctxOf(deps, req), query.tree, query.includeInactive),
  }));
  route(app, orgApi.get, async ({ params }, req) => getOrg(ctxOf(deps, req), params.id));
  route(app, orgApi.create, async ({ body }, req) => createOrg(ctxOf(deps, req), body));
  route(app, orgApi.update, async ({ params, body }, req) => updateOrg(ctxOf(deps, req), params.id, body));
  route(app, orgApi.move, async ({ params, body }, req) =>
    moveOrg(ctxOf(deps, req), params.id, body.parentId),
  );
  route(app, orgApi.deactivate, async ({ params, body }, req) =>
    deactivateOrg(ctxOf(deps, req), params.id, body.activeTo),
  );
}
