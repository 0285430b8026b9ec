import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Below this a compressed answer saves less than one network packet: sent as is. */
export const COMPRESS_MIN_BYTES = 1400;

/** The encoding to answer in: brotli when the client takes it, else gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const quality = (e: string) => accepted.get(e) ?? accepted.get('*') ?? 0;
  if (quality('br') > 0) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return null;
}

/**
 * Compresses the API's JSON answers when they are large (a bureau board of 776 rows is ~150 kB
 * of JSON, ~15 kB brotli). Only whole JSON bodies are touched: streams (NDJSON progress,
 * downloads) and other content types go out unchanged, so streaming keeps streaming. Brotli at
 * a middle quality: the best quality costs far more CPU than it saves bytes for a per-request
 * answer (the web app's files are compressed once, at build time).
 */
export function registerJsonCompression(app: FastifyInstance) {
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json') || reply.hasHeader('content-encoding')) return payload;
    varyOnAcceptEncoding(reply);
    // The client's choice first: an answer it takes uncompressed is not copied into a buffer here.
    const encoding = pickEncoding(req.headers['accept-encoding']);
    if (!encoding) return payload;
    const raw = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (raw.length < COMPRESS_MIN_BYTES) return payload;
    const body = await compressJson(raw, encoding);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });
}

/** A JSON answer compressed as `registerJsonCompression` sends it (kept answers keep the result). */
export function compressJson(raw: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(raw, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      })
    : gzip(raw, { level: 6 });
}

export function varyOnAcceptEncoding(reply: FastifyReply) {
  const vary = String(reply.getHeader('vary') ?? '');
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) return;
  reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}
