import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ImportResult,
  importEndpoints,
  ioApi,
  NDJSON_MIME,
  templateEndpoints,
} from '../../../contracts/io.js';
import type { Ctx, Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { errorPayload, toAppError } from '../../lib/error-reply.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import { readUpload } from '../../lib/upload.js';
import {
  exportMembersXlsx,
  type ImportOptions,
  importMembersFromXlsx,
  importOrgsFromXlsx,
  membersTemplateXlsx,
  orgsTemplateXlsx,
} from './io.service.js';

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/**
 * Runs a commit and answers it as an NDJSON stream. The status is decided by validation: the
 * import reports progress 0 only once every row has passed, so an error before that (bad
 * file, rows with errors) is answered normally, e.g. 422 `import_has_errors`; after it, the
 * client gets 200 and progress lines, then the result.
 */
async function streamImport(
  req: FastifyRequest,
  reply: FastifyReply,
  run: (onProgress: NonNullable<ImportOptions['onProgress']>) => Promise<ImportResult>,
) {
  const out = new PassThrough();
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const job = run((done, total) => {
    markStarted();
    out.write(line({ type: 'progress', done, total }));
  });
  await Promise.race([started, job]);
  job.then(
    (result) => out.end(line({ type: 'result', ...result })),
    (err: unknown) => {
      // Translated like any other error (a unique-key race becomes `conflict`), but into the stream.
      const e = toAppError(err);
      if (e.code === 'internal') req.log.error(err);
      out.end(line({ type: 'error', ...errorPayload(e, req.locale) }));
    },
  );
  return reply.type(`${NDJSON_MIME}; charset=utf-8`).header('cache-control', 'no-store').send(out);
}

const importers: Record<
  'members' | 'orgs',
  (ctx: Ctx, file: Buffer, opts: ImportOptions) => Promise<ImportResult>
> = {
  members: importMembersFromXlsx,
  orgs: importOrgsFromXlsx,
};

export function registerIoRoutes(app: FastifyInstance, deps: Deps) {
  route(app, templateEndpoints.members, async (_, req, reply) => {
    ctxOf(deps, req);
    return sendXlsx(reply, '党员导入模板.xlsx', await membersTemplateXlsx());
  });
  route(app, templateEndpoints.orgs, async (_, req, reply) => {
    ctxOf(deps, req);
    return sendXlsx(reply, '组织导入模板.xlsx', await orgsTemplateXlsx());
  });

  for (const kind of ['members', 'orgs'] as const) {
    route(app, importEndpoints[kind].preview, async (_, req, reply) => {
      const ctx = ctxOf(deps, req);
      return importers[kind](ctx, await readUpload(req, reply), { commit: false });
    });
    route(app, importEndpoints[kind].commit, async (_, req, reply) => {
      const ctx = ctxOf(deps, req);
      const file = await readUpload(req, reply);
      return streamImport(req, reply, (onProgress) =>
        importers[kind](ctx, file, { commit: true, onProgress }),
      );
    });
  }

  route(app, ioApi.memberExport, async ({ query }, req, reply) => {
    const { fileName, buffer } = await exportMembersXlsx(ctxOf(deps, req), query);
    return sendXlsx(reply, fileName, buffer);
  });
}
