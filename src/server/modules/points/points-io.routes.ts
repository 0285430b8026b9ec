import type { FastifyInstance } from 'fastify';
import { pointsIoApi } from '../../../contracts/points-io-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import { readUpload } from '../../lib/upload.js';
import {
  entriesTemplateXlsx,
  exportBoardXlsx,
  exportItemsXlsx,
  exportYearXlsx,
  importEntriesFromXlsx,
  importItemsFromXlsx,
  itemsTemplateXlsx,
} from './points-io.service.js';

/**
 * Routes of the points spreadsheets — templates, the items and entries imports, the board's
 * and the year's exports: thin — contract, context, service.
 */
export function registerPointsIoRoutes(app: FastifyInstance, deps: Deps) {
  const api = pointsIoApi;
  route(app, api.itemsTemplate, async (_, req, reply) => {
    ctxOf(deps, req);
    return sendXlsx(reply, '积分项目导入模板.xlsx', await itemsTemplateXlsx());
  });
  route(app, api.exportItems, async ({ params }, req, reply) => {
    const { fileName, buffer } = await exportItemsXlsx(ctxOf(deps, req), params.id);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, api.entriesTemplate, async ({ params }, req, reply) =>
    sendXlsx(reply, '积分记录导入模板.xlsx', await entriesTemplateXlsx(ctxOf(deps, req), params.id)),
  );
  for (const [ep, importer, commit] of [
    [api.previewItems, importItemsFromXlsx, false],
    [api.commitItems, importItemsFromXlsx, true],
    [api.previewEntries, importEntriesFromXlsx, false],
    [api.commitEntries, importEntriesFromXlsx, true],
  ] as const) {
    route(app, ep, async ({ params }, req, reply) => {
      const ctx = ctxOf(deps, req);
      const file = await readUpload(req, reply);
      return importer(ctx, params.id, file, { commit });
    });
  }
  route(app, api.exportBoard, async ({ query }, req, reply) => {
    const { fileName, buffer } = await exportBoardXlsx(ctxOf(deps, req), query);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, api.exportYearResults, async ({ params, query }, req, reply) => {
    const { fileName, buffer } = await exportYearXlsx(ctxOf(deps, req), params.id, query);
    return sendXlsx(reply, fileName, buffer);
  });
}
