import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/common.js';
import {
  type ImportResult,
  importResult,
  importStreamLine,
  memberExportQuery,
  NDJSON_MIME,
  uploadBody,
  XLSX_MIME,
} from '../../../contracts/io.js';
import type { Ctx, Deps } from '../../lib/context.js';
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

const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 413: errorBody, 422: errorBody };

/** Binary answers described for the OpenAPI document; Fastify does not serialise a Buffer. */
const xlsxResponse = {
  description: 'An Excel workbook (.xlsx)',
  content: { [XLSX_MIME]: { schema: z.string().meta({ format: 'binary' }) } },
};
const ndjsonResponse = {
  description:
    'Newline-delimited JSON: {"type":"progress","done":N,"total":M} lines while rows are written, then one ' +
    '{"type":"result",…ImportResult} line (or {"type":"error","error":{…}} if writing failed; nothing is then kept)',
  content: { [NDJSON_MIME]: { schema: importStreamLine } },
};

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

const labels = { members: '党员', orgs: '组织' } as const;

export function registerIoRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['io'];

  r.get(
    '/api/v1/io/templates/members.xlsx',
    {
      schema: {
        tags,
        summary: '党员导入模板 / members template',
        response: { 200: xlsxResponse, 401: errorBody },
      },
    },
    async (req, reply) => {
      ctxOf(deps, req);
      return sendXlsx(reply, '党员导入模板.xlsx', await membersTemplateXlsx());
    },
  );
  r.get(
    '/api/v1/io/templates/orgs.xlsx',
    {
      schema: {
        tags,
        summary: '组织导入模板 / orgs template',
        response: { 200: xlsxResponse, 401: errorBody },
      },
    },
    async (req, reply) => {
      ctxOf(deps, req);
      return sendXlsx(reply, '组织导入模板.xlsx', await orgsTemplateXlsx());
    },
  );

  for (const kind of ['members', 'orgs'] as const) {
    r.post(
      `/api/v1/io/import/${kind}/preview`,
      {
        schema: {
          tags,
          summary: `${labels[kind]}导入预览 / validate a ${kind} sheet without writing`,
          description:
            'Multipart upload (field `file`). Answers 200 with every error by row and column even when rows have errors; writes nothing.',
          consumes: ['multipart/form-data'],
          body: uploadBody,
          response: { 200: importResult, ...errors },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(deps, req);
        return importers[kind](ctx, await readUpload(req, reply), { commit: false });
      },
    );
    r.post(
      `/api/v1/io/import/${kind}/commit`,
      {
        schema: {
          tags,
          summary: `${labels[kind]}导入 / import a ${kind} sheet, all rows or none`,
          description:
            'Multipart upload (field `file`). 422 import_has_errors (details.errors) when any row fails, with nothing written; ' +
            'otherwise 200 with an NDJSON stream of progress lines and a final result line.',
          consumes: ['multipart/form-data'],
          body: uploadBody,
          response: { 200: ndjsonResponse, ...errors },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(deps, req);
        const file = await readUpload(req, reply);
        return streamImport(req, reply, (onProgress) =>
          importers[kind](ctx, file, { commit: true, onProgress }),
        );
      },
    );
  }

  r.get(
    '/api/v1/members/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出党员名单 / export the member list',
        description:
          'The members GET /api/v1/members finds with the same filters, all pages, as an xlsx laid out like the import template.',
        querystring: memberExportQuery,
        response: { 200: xlsxResponse, ...errors },
      },
    },
    async (req, reply) => {
      const { fileName, buffer } = await exportMembersXlsx(ctxOf(deps, req), req.query);
      return sendXlsx(reply, fileName, buffer);
    },
  );
}
