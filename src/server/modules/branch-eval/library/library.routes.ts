import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { beLibraryApi } from '../../../../contracts/branch-eval-library-api.js';
import { errorBody } from '../../../../contracts/common.js';
import { XLSX_MIME } from '../../../../contracts/io.js';
import type { Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf, sendXlsx } from '../../../lib/http.js';
import { readUpload } from '../../../lib/upload.js';
import {
  createIndicator,
  createTemplate,
  getTemplate,
  listIndicators,
  listTemplates,
  updateIndicator,
  updateTemplate,
} from './library.service.js';
import { exportIndicators, importIndicators, indicatorsTemplateXlsx } from './library-io.js';

/** The per-route error schemas and base path the module's routes not yet on the endpoint table still use. */
export const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
};
export const xlsxResponse = {
  description: 'An Excel workbook (.xlsx)',
  content: { [XLSX_MIME]: { schema: z.string().meta({ format: 'binary' }) } },
};
export const base = '/api/v1/branch-eval';
export const tags = ['branch-eval'];

/** The indicator library (指标库) and plan templates. */
export function registerLibraryRoutes(app: FastifyInstance, deps: Deps) {
  route(app, beLibraryApi.listIndicators, async ({ query }, req) => listIndicators(ctxOf(deps, req), query));
  route(app, beLibraryApi.createIndicator, async ({ body }, req) => createIndicator(ctxOf(deps, req), body));
  route(app, beLibraryApi.updateIndicator, async ({ params, body }, req) =>
    updateIndicator(ctxOf(deps, req), params.id, body),
  );
  route(app, beLibraryApi.indicatorTemplate, async (_args, req, reply) => {
    ctxOf(deps, req);
    return sendXlsx(reply, '联评联考指标库导入模板.xlsx', await indicatorsTemplateXlsx());
  });
  route(app, beLibraryApi.exportIndicators, async ({ query }, req, reply) => {
    const { fileName, buffer } = await exportIndicators(ctxOf(deps, req), query.orgId);
    return sendXlsx(reply, fileName, buffer);
  });
  for (const [ep, commit] of [
    [beLibraryApi.importPreview, false],
    [beLibraryApi.importCommit, true],
  ] as const) {
    route(app, ep, async ({ query }, req, reply) => {
      const ctx = ctxOf(deps, req);
      return importIndicators(ctx, query.orgId, await readUpload(req, reply), { commit });
    });
  }

  route(app, beLibraryApi.listTemplates, async ({ query }, req) =>
    listTemplates(ctxOf(deps, req), query.orgId, query.page, query.pageSize),
  );
  route(app, beLibraryApi.createTemplate, async ({ body }, req) => createTemplate(ctxOf(deps, req), body));
  route(app, beLibraryApi.getTemplate, async ({ params }, req) => getTemplate(ctxOf(deps, req), params.id));
  route(app, beLibraryApi.updateTemplate, async ({ params, body }, req) =>
    updateTemplate(ctxOf(deps, req), params.id, body),
  );
}
