import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/**
 * A multipart body the parser cannot read (no boundary in it, cut short, a broken header) is
 * the client's mistake: `400 malformed_body`, never an internal error.
 */
export function malformedUpload(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) return new AppError('file_too_large');
  return new AppError('malformed_body', { reason: String(e.message ?? err).slice(0, 200) });
}

/**
 * Reads the uploaded file (field `file`) from the request stream. The multipart plugin counts
 * the file's bytes against the configured limit; at the limit the upload is refused on the
 * spot: what was read is dropped, the request stops being read (the rest of a 50 MB body is
 * never even received into memory) and the connection closes after the 413 answer.
 */
export async function readUpload(req: FastifyRequest, reply: FastifyReply): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError('file_missing');
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file();
  } catch (e) {
    throw malformedUpload(e);
  }
  if (!part) throw new AppError('file_missing');
  if (part.fieldname !== 'file') {
    part.file.destroy();
    throw new AppError('file_missing', { field: part.fieldname, expected: 'file' });
  }
  const file = part.file;
  // A body cut short is already known as the part is handed over: its stream is destroyed
  // with the parser's error and would never emit 'end'.
  if (file.errored || (file.destroyed && !file.readableEnded)) throw malformedUpload(file.errored);
  const refuse = () => {
    req.raw.unpipe();
    req.raw.pause();
    file.destroy();
    reply.header('connection', 'close');
    return new AppError('file_too_large', { maxBytes: file.bytesRead });
  };
  // The limit may already have been crossed while the first chunks were parsed.
  if (file.truncated) throw refuse();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.on('data', (chunk: Buffer) => chunks.push(chunk));
    // 'limit' fires as the limit is crossed, within the parser's write: stopping here, not at
    // the stream's end, is what keeps the rest of the body unread.
    file.on('limit', () => {
      chunks.length = 0;
      reject(refuse());
    });
    file.on('error', (e) => reject(malformedUpload(e)));
    file.on('end', () => (file.truncated ? reject(refuse()) : resolve(Buffer.concat(chunks))));
  });
}
