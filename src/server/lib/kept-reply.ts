import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMPRESS_MIN_BYTES, compressJson, pickEncoding, varyOnAcceptEncoding } from './compress.js';
import type { KeptAnswer, KeptView } from './kept-answers.js';

/**
 * Sends a kept answer: `304 Not Modified` when the client already holds it (`If-None-Match` with
 * its entity tag), else its JSON text, compressed as `registerJsonCompression` would (the same
 * bytes) but only once per answer and encoding. The permission checks ran before: a 304 tells
 * only someone allowed to read the answer that theirs has not changed.
 */
export async function sendKeptAnswer(
  req: FastifyRequest,
  reply: FastifyReply,
  kept: { view: KeptView; key: string; answer: KeptAnswer },
): Promise<FastifyReply> {
  const { view, key, answer } = kept;
  reply.header('etag', answer.etag);
  // Revalidated on every use: the tag is cheap to check and the data may move at any time.
  reply.header('cache-control', 'private, no-cache');
  varyOnAcceptEncoding(reply);
  const match = req.headers['if-none-match'];
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === answer.etag)) {
    return reply.code(304).send();
  }
  reply.type('application/json; charset=utf-8');
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (!encoding || Buffer.byteLength(answer.body) < COMPRESS_MIN_BYTES) return reply.send(answer.body);
  const compress = () => compressJson(Buffer.from(answer.body), encoding);
  let pending = answer.encoded[encoding];
  if (!pending) {
    const mine = compress();
    answer.encoded[encoding] = mine;
    pending = mine;
    mine.then(
      (b) => view.grew(key, b.length),
      () => {
        if (answer.encoded[encoding] === mine) delete answer.encoded[encoding];
      },
    );
  }
  const body = await pending.catch(compress);
  reply.header('content-encoding', encoding);
  return reply.send(body);
}
