import type { FastifyInstance } from 'fastify';
import { memberApi } from '../../../contracts/member.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import { sendKeptAnswer } from '../../lib/kept-reply.js';
import {
  createMember,
  deactivateMember,
  getMember,
  keptMemberList,
  transferMember,
  updateMember,
} from './member.service.js';

export function registerMemberRoutes(app: FastifyInstance, deps: Deps) {
  // Served from the answers kept per data version (`lib/kept-answers.ts`), checked per request.
  route(app, memberApi.list, async ({ query }, req, reply) =>
    sendKeptAnswer(
      req,
      reply,
      await keptMemberList(ctxOf(deps, req), query, (a) => String(reply.serialize(a))),
    ),
  );
  route(app, memberApi.get, async ({ params }, req) => getMember(ctxOf(deps, req), params.id));
  route(app, memberApi.create, async ({ body }, req) => createMember(ctxOf(deps, req), body));
  route(app, memberApi.update, async ({ params, body }, req) =>
    updateMember(ctxOf(deps, req), params.id, body),
  );
  route(app, memberApi.transfer, async ({ params, body }, req) =>
    transferMember(ctxOf(deps, req), params.id, body),
  );
  route(app, memberApi.deactivate, async ({ params, body }, req) =>
    deactivateMember(ctxOf(deps, req), params.id, body.date, body.reason),
  );
}
