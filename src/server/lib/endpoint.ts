import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../contracts/common.js';
import type { EndpointArgs, EndpointDef, ErrorStatus } from '../../contracts/endpoint.js';
import { NDJSON_MIME, XLSX_MIME } from '../../contracts/io.js';
import { IDEMPOTENCY_HEADER, idempotencyKeyOf, requestHash, runOnce } from './idempotency.js';

/** What a handler returns: the JSON reply (serialised through the response schema), or the reply it sent itself. */
export type EndpointResult<E extends EndpointDef> = E extends { kind: 'download' | 'ndjson' }
  ? FastifyReply | undefined
  : z.input<E['response']> | FastifyReply;

export type EndpointHandler<E extends EndpointDef> = (
  args: EndpointArgs<E>,
  req: FastifyRequest,
  reply: FastifyReply,
) => Promise<EndpointResult<E>>;

/** An upload's multipart body as the API document shows it: one file in the field `file`. */
const multipartBody = z.unknown().meta({
  type: 'object',
  properties: { file: { type: 'string', format: 'binary', description: 'The file to upload' } },
  required: ['file'],
});

/** The full URL an endpoint is served at. */
export function serverPath(ep: EndpointDef): string {
  return `${ep.base ?? '/api/v1'}${ep.path}`;
}

/**
 * The statuses an endpoint documents: 200, then 400 where it takes input, 401 unless it is
 * public (an `integration` endpoint's is a missing or bad key), and the ones it declares — so
 * 401/403 are written once, here, for every endpoint.
 */
export function documentedStatuses(ep: EndpointDef): number[] {
  const out = new Set<number>();
  if (ep.params || ep.query || ep.body || ep.kind === 'upload' || ep.kind === 'ndjson') out.add(400);
  if (ep.access !== 'public') out.add(401);
  for (const s of ep.errors ?? ([] as readonly ErrorStatus[])) out.add(s);
  return [...out].sort((a, b) => a - b);
}

/** The header an `integration` endpoint reads its key from (documented; checked by the handler). */
const integrationKeyHeader = z.object({
  authorization: z.string().optional().describe('Bearer <integration key>'),
});

/** The header an `idempotent` endpoint reads its submission key from (documented). */
const idempotencyKeyHeader = z
  .object({
    [IDEMPOTENCY_HEADER]: z
      .string()
      .optional()
      .describe('One key per form submission (8–128 of A–Z a–z 0–9 - _): a repeat returns the first answer'),
  })
  .loose();

/**
 * Registers one endpoint of the table: method and URL, the zod schemas Fastify validates and
 * serialises with (and OpenAPI reads), the documented error statuses, and whether it is public.
 */
export function route<const E extends EndpointDef>(app: FastifyInstance, ep: E, handler: EndpointHandler<E>) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const response: Record<number, unknown> = { 200: okResponse(ep) };
  for (const s of documentedStatuses(ep)) response[s] = errorBody;
  const multipart = ep.kind === 'upload' || ep.kind === 'ndjson';
  r.route({
    method: ep.method,
    url: serverPath(ep),
    config: {
      endpoint: true,
      public: (ep.access ?? 'session') !== 'session',
      ...(ep.allowBeforePasswordChange ? { beforePasswordChange: true } : {}),
    },
    schema: {
      summary: ep.summary,
      ...(ep.description ? { description: ep.description } : {}),
      tags: [...ep.tags],
      ...(ep.access === 'public' ? { security: [] } : {}),
      ...(ep.access === 'integration' ? { security: [], headers: integrationKeyHeader } : {}),
      ...(ep.idempotent ? { headers: idempotencyKeyHeader } : {}),
      ...(ep.params ? { params: ep.params } : {}),
      ...(ep.query ? { querystring: ep.query } : {}),
      ...(multipart ? { consumes: ['multipart/form-data'], body: ep.body ?? multipartBody } : {}),
      ...(!multipart && ep.body ? { body: ep.body } : {}),
      response,
    },
    handler: (req, reply) => {
      const args: EndpointArgs<E> = {
        params: (req.params ?? {}) as EndpointArgs<E>['params'],
        query: (req.query ?? {}) as EndpointArgs<E>['query'],
        body: req.body as EndpointArgs<E>['body'],
      };
      return ep.idempotent ? once(ep, args, req, reply, handler) : handler(args, req, reply);
    },
  });
}

/**
 * An idempotent endpoint's handler: without a key (or a session) it simply runs; with one, the
 * first request per (user, endpoint, key) runs and repeats get its answer (`Idempotent-Replayed`).
 */
async function once<E extends EndpointDef>(
  ep: E,
  args: EndpointArgs<E>,
  req: FastifyRequest,
  reply: FastifyReply,
  handler: EndpointHandler<E>,
): Promise<EndpointResult<E>> {
  const key = idempotencyKeyOf(req.headers[IDEMPOTENCY_HEADER]);
  const user = req.session?.user;
  if (!key || !user) return handler(args, req, reply);
  const { value, replayed } = await runOnce(
    req.server.idempotency,
    { userId: user.id, endpoint: `${ep.method} ${serverPath(ep)}`, key, hash: requestHash(args) },
    async () => {
      const r = await handler(args, req, reply);
      if (reply.sent) throw new Error(`${ep.path}: an idempotent endpoint must answer with JSON`);
      return r;
    },
  );
  if (replayed) reply.header('idempotent-replayed', 'true');
  return value;
}

/**
 * The 200 answer: the response schema for JSON; for a file, a binary body described for the API
 * document only (Fastify does not serialise a stream or Buffer); for NDJSON, the schema of one line.
 */
function okResponse(ep: EndpointDef): unknown {
  if (ep.kind === 'download') {
    const mime = ep.fileType ?? (ep.path.endsWith('.xlsx') ? XLSX_MIME : 'application/octet-stream');
    return {
      description: mime === XLSX_MIME ? 'An Excel workbook (.xlsx)' : 'The file',
      content: { [mime]: { schema: z.string().meta({ format: 'binary' }) } },
    };
  }
  if (ep.kind === 'ndjson') {
    return {
      description: ep.description ?? 'Newline-delimited JSON',
      content: { [NDJSON_MIME]: { schema: ep.response } },
    };
  }
  return ep.response;
}
