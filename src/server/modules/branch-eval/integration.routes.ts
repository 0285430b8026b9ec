import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  integrationGradesResponse,
  integrationKeyCreateBody,
  integrationKeyCreated,
  integrationKeyListQuery,
  integrationKeyListResponse,
  integrationKeyRevokeBody,
  integrationKeyView,
  integrationMonthResponse,
  integrationMonthsQuery,
  integrationMonthsResponse,
  monthParams,
  yearParams,
} from '../../../contracts/branch-eval.js';
import { errorBody, idParam } from '../../../contracts/common.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import {
  authenticateIntegration,
  integrationGrades,
  integrationMonth,
  integrationMonths,
  integrationMonthXlsx,
  issueIntegrationKey,
  listIntegrationKeys,
  revokeIntegrationKey,
} from './integration.service.js';
import { base, errors, tags, xlsxResponse } from './library.routes.js';

const apiBase = '/api/integration/v1/branch-eval';
const apiTags = ['integration'];
const keyHeader = z.object({
  authorization: z.string().optional().describe('Bearer <integration key>'),
});
const apiErrors = { 400: errorBody, 401: errorBody, 404: errorBody };
const apiDescription =
  'Read-only API of the benchmarking information system (对标管理信息系统). Authenticate with the header ' +
  '`Authorization: Bearer <key>` (a key issued by an administrator; 401 integration_key_missing / ' +
  'integration_key_invalid / integration_key_revoked). Serves published months only. A published month ' +
  'changes only when the committee approves a correction: its `version` in the list goes up (with ' +
  '`correctedAt`), so poll the list and fetch a month again when its version is new. ' +
  'Points are integer hundredths (8595 = 85.95), ' +
  'with the two-decimal text beside them; movement = last month’s rank − this month’s rank (null: new). ' +
  'Answers carry an ETag; send If-None-Match to get 304 when nothing changed.';

/** Answers JSON with a content ETag, or 304 when the poller already has it. */
function withEtag<T>(req: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'no-cache');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return body;
}

/** Integration keys (admins) and the benchmarking API they open. */
export function registerIntegrationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    `${base}/integration-keys`,
    {
      schema: {
        tags,
        summary: '集成密钥 / integration keys (the keys themselves are never shown again)',
        querystring: integrationKeyListQuery,
        response: { 200: integrationKeyListResponse, ...errors },
      },
    },
    async (req) => listIntegrationKeys(ctxOf(deps, req), req.query),
  );
  r.post(
    `${base}/integration-keys`,
    {
      schema: {
        tags,
        summary: '签发密钥 / issue a key for a round’s org; `key` is in this answer only',
        body: integrationKeyCreateBody,
        response: { 200: integrationKeyCreated, ...errors },
      },
    },
    async (req) => issueIntegrationKey(ctxOf(deps, req), req.body),
  );
  r.post(
    `${base}/integration-keys/:id/revoke`,
    {
      schema: {
        tags,
        summary: '吊销密钥 / revoke a key (reason required); its next call is 401',
        params: idParam,
        body: integrationKeyRevokeBody,
        response: { 200: integrationKeyView, ...errors },
      },
    },
    async (req) => revokeIntegrationKey(ctxOf(deps, req), req.params.id, req.body.reason),
  );

  r.get(
    `${apiBase}/months`,
    {
      config: { public: true },
      schema: {
        tags: apiTags,
        summary: '已发布月份 / published months of the key’s round, oldest first',
        description: apiDescription,
        security: [],
        headers: keyHeader,
        querystring: integrationMonthsQuery,
        response: { 200: integrationMonthsResponse, ...apiErrors },
      },
    },
    async (req, reply) => {
      const caller = await authenticateIntegration(deps, req.headers.authorization);
      return withEtag(req, reply, await integrationMonths(deps, caller, req.query.since));
    },
  );
  r.get(
    `${apiBase}/months/:month`,
    {
      config: { public: true },
      schema: {
        tags: apiTags,
        summary: '月度排名 / a published month’s rankings, by total and by every indicator, with movement',
        description: apiDescription,
        security: [],
        headers: keyHeader,
        params: monthParams,
        response: { 200: integrationMonthResponse, ...apiErrors },
      },
    },
    async (req, reply) => {
      const caller = await authenticateIntegration(deps, req.headers.authorization);
      return withEtag(req, reply, await integrationMonth(deps, caller, req.params.month));
    },
  );
  r.get(
    `${apiBase}/months/:month/rankings.xlsx`,
    {
      config: { public: true },
      schema: {
        tags: apiTags,
        summary: '月度排名 xlsx / the same rankings as an Excel workbook',
        description: apiDescription,
        security: [],
        headers: keyHeader,
        params: monthParams,
        response: { 200: xlsxResponse, ...apiErrors },
      },
    },
    async (req, reply) => {
      const caller = await authenticateIntegration(deps, req.headers.authorization);
      const { fileName, buffer } = await integrationMonthXlsx(deps, caller, req.params.month);
      return sendXlsx(reply, fileName, buffer);
    },
  );
  r.get(
    `${apiBase}/years/:year/grades`,
    {
      config: { public: true },
      schema: {
        tags: apiTags,
        summary: '年定级 / the year’s annual grades; an incomplete year is marked provisional',
        description: apiDescription,
        security: [],
        headers: keyHeader,
        params: yearParams,
        response: { 200: integrationGradesResponse, ...apiErrors },
      },
    },
    async (req, reply) => {
      const caller = await authenticateIntegration(deps, req.headers.authorization);
      return withEtag(req, reply, await integrationGrades(deps, caller, req.params.year));
    },
  );
}
