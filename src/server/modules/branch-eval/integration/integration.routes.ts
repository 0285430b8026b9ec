import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { beIntegrationApi, beIntegrationKeyApi } from '../../../../contracts/branch-eval-integration-api.js';
import type { Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf, sendXlsx } from '../../../lib/http.js';
import {
  authenticateIntegration,
  integrationGrades,
  integrationIndicatorPage,
  integrationMonth,
  integrationMonths,
  integrationMonthXlsx,
  integrationRankings,
  integrationTotalPage,
  issueIntegrationKey,
  listIntegrationKeys,
  revokeIntegrationKey,
} from './integration.service.js';

/** Answers JSON with a content ETag, or 304 when the poller already has it. */
function withEtag<T>(req: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'no-cache');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return body;
}

/** Integration keys (admins) and the benchmarking API they open. */
export function registerIntegrationRoutes(app: FastifyInstance, deps: Deps) {
  route(app, beIntegrationKeyApi.list, async ({ query }, req) =>
    listIntegrationKeys(ctxOf(deps, req), query),
  );
  route(app, beIntegrationKeyApi.issue, async ({ body }, req) => issueIntegrationKey(ctxOf(deps, req), body));
  route(app, beIntegrationKeyApi.revoke, async ({ params, body }, req) =>
    revokeIntegrationKey(ctxOf(deps, req), params.id, body.reason),
  );

  route(app, beIntegrationApi.months, async ({ query }, req, reply) => {
    const caller = await authenticateIntegration(deps, req.headers.authorization);
    return withEtag(req, reply, await integrationMonths(deps, caller, query.since));
  });
  route(app, beIntegrationApi.month, async ({ params }, req, reply) => {
    const caller = await authenticateIntegration(deps, req.headers.authorization);
    return withEtag(req, reply, await integrationMonth(deps, caller, params.month));
  });
  route(app, beIntegrationApi.rankings, async ({ params }, req, reply) => {
    const caller = await authenticateIntegration(deps, req.headers.authorization);
    return withEtag(req, reply, await integrationRankings(deps, caller, params.month));
  });
  route(app, beIntegrationApi.totalPage, async ({ params, query }, req, reply) => {
    const caller = await authenticateIntegration(deps, req.headers.authorization);
    return withEtag(req, reply, await integrationTotalPage(deps, caller, params.month, query));
  });
  route(app, beIntegrationApi.indicatorPage, async ({ params, query }, req, reply) => {
    const caller = await authenticateIntegration(deps, req.headers.authorization);
    return withEtag(
      req,
      reply,
      await integrationIndicatorPage(deps, caller, params.month, params.code, query),
    );
  });
  route(app, beIntegrationApi.monthXlsx, async ({ params }, req, reply) => {
    const caller = await authenticateIntegration(deps, req.headers.authorization);
    const { fileName, buffer } = await integrationMonthXlsx(deps, caller, params.month);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, beIntegrationApi.grades, async ({ params }, req, reply) => {
    const caller = await authenticateIntegration(deps, req.headers.authorization);
    return withEtag(req, reply, await integrationGrades(deps, caller, params.year));
  });
}
