import { z } from 'zod';
import { idParam } from './common.js';
import { endpoint } from './endpoint.js';
import { boardExportQuery, pointsImportResult, yearExportQuery } from './points.js';

const tags = ['points'] as const;
/** A file reply: the table's response type is not used for its body. */
const file = z.unknown();

const importNote =
  'Multipart upload (field `file`). Preview answers 200 with every error by row and column. ' +
  'Commit answers 422 import_has_errors (details.errors) with nothing written when any row fails.';

/** Checks (preview) or imports (commit) an items or entries sheet of a scheme. */
const importStep = (kind: 'items' | 'entries', step: 'preview' | 'commit', summary: string) =>
  endpoint({
    method: 'POST',
    path: `/points/schemes/:id/${kind}/import/${step}`,
    kind: 'upload',
    summary,
    description:
      importNote +
      (kind === 'items'
        ? ' Items replace all the items of the scheme’s draft.'
        : ' Entries are created as submitted.'),
    tags,
    params: idParam,
    response: pointsImportResult,
    errors: [403, 404, 409, 413, 415, 422],
  });

/** The points module's spreadsheets: templates, imports and exports. */
export const pointsIoApi = {
  itemsTemplate: endpoint({
    method: 'GET',
    path: '/points/templates/items.xlsx',
    kind: 'download',
    summary: 'The items import template (积分项目导入模板)',
    tags,
    response: file,
  }),
  exportItems: endpoint({
    method: 'GET',
    path: '/points/schemes/:id/items/export.xlsx',
    kind: 'download',
    summary: 'The draft’s (else the current) items, laid out like the template',
    tags,
    params: idParam,
    response: file,
    errors: [403, 404, 409],
  }),
  entriesTemplate: endpoint({
    method: 'GET',
    path: '/points/schemes/:id/templates/entries.xlsx',
    kind: 'download',
    summary: 'The entries import template, with the scheme’s items for reference',
    tags,
    params: idParam,
    response: file,
    errors: [403, 404, 409],
  }),
  previewItems: importStep('items', 'preview', 'Validate an items sheet, keep nothing'),
  commitItems: importStep('items', 'commit', 'Import an items sheet into the draft, all rows or none'),
  previewEntries: importStep('entries', 'preview', 'Validate an entries sheet, keep nothing'),
  commitEntries: importStep('entries', 'commit', 'Import an entries sheet, all rows or none'),
  exportBoard: endpoint({
    method: 'GET',
    path: '/points/board/export.xlsx',
    kind: 'download',
    summary: 'The board as xlsx (same query and privacy as the board, all rows)',
    tags,
    query: boardExportQuery,
    response: file,
    errors: [403, 404, 409],
  }),
  exportYearResults: endpoint({
    method: 'GET',
    path: '/points/schemes/:id/year/results/export.xlsx',
    kind: 'download',
    summary: 'Tier results as xlsx (same filters as the list, all rows)',
    tags,
    params: idParam,
    query: yearExportQuery,
    response: file,
    errors: [403, 404, 409],
  }),
};
