import type { FastifyInstance } from 'fastify';
import { filesApi } from '../../../contracts/files.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { AppError } from '../../lib/errors.js';
import { ctxOf } from '../../lib/http.js';
import { malformedUpload } from '../../lib/upload.js';
import { getFileInfo, openFile, storeEvidence } from './files.service.js';

export function registerFileRoutes(app: FastifyInstance, deps: Deps) {
  route(app, filesApi.upload, async (_, req) => {
    const ctx = ctxOf(deps, req);
    if (!req.isMultipart()) throw new AppError('file_missing');
    let orgId: number | undefined;
    let upload: { buffer: Buffer; name: string } | undefined;
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field' && part.fieldname === 'orgId') orgId = Number(part.value);
        if (part.type === 'file' && part.fieldname === 'file') {
          if (part.file.errored) throw part.file.errored;
          upload = { buffer: await part.toBuffer(), name: part.filename };
        }
      }
    } catch (e) {
      throw malformedUpload(e);
    }
    if (!upload) throw new AppError('file_missing');
    if (!orgId || !Number.isInteger(orgId)) throw new AppError('validation_failed', { field: 'orgId' });
    return storeEvidence(ctx, { ...upload, orgId });
  });
  route(app, filesApi.meta, async ({ params }, req) => getFileInfo(ctxOf(deps, req), params.id));
  route(app, filesApi.content, async ({ params }, req, reply) => {
    const { info, stream } = await openFile(ctxOf(deps, req), params.id);
    const disposition = info.previewable ? 'inline' : 'attachment';
    return reply
      .header('content-type', info.mime)
      .header('content-length', info.size)
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-security-policy',
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      )
      .header('cache-control', 'private, max-age=86400, immutable')
      .header(
        'content-disposition',
        `${disposition}; filename="file"; filename*=UTF-8''${encodeURIComponent(info.name)}`,
      )
      .send(stream);
  });
}
