import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { XLSX_MIME } from './points.fixtures.js';

interface Operation {
  summary?: string;
  description?: string;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

let t: TestApp;
let paths: Record<string, Record<string, Operation>>;
beforeAll(async () => {
  t = await createTestApp();
  paths = (await t.app.inject({ url: '/api/openapi.json' })).json().paths;
});
afterAll(() => t.close());

describe('the points endpoints in the API document', () => {
  it('describe a sheet import as a multipart upload of one file, with its size and type refusals', () => {
    const op = paths['/api/v1/points/schemes/{id}/entries/import/commit']?.post;
    expect(op?.requestBody?.content?.['multipart/form-data']?.schema?.properties).toHaveProperty('file');
    expect(op?.requestBody?.content).not.toHaveProperty('application/json');
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '415', '422'].sort(),
    );
    expect(op?.description).toMatch(/import_has_errors/);
  });

  it('describe a spreadsheet export as an xlsx file, not as JSON', () => {
    for (const p of [
      '/api/v1/points/templates/items.xlsx',
      '/api/v1/points/board/export.xlsx',
      '/api/v1/points/schemes/{id}/year/results/export.xlsx',
    ]) {
      const ok = paths[p]?.get?.responses['200'];
      expect(Object.keys(ok?.content ?? {}), p).toEqual([XLSX_MIME]);
    }
    // The blank template is any signed-in user's: no 403 to document.
    expect(Object.keys(paths['/api/v1/points/templates/items.xlsx']?.get?.responses ?? {}).sort()).toEqual([
      '200',
      '401',
    ]);
  });

  it('describe each step of the quarter and the year as its own operation', () => {
    for (const step of ['close', 'reopen', 'publish'])
      expect(paths[`/api/v1/points/schemes/{id}/quarters/{quarter}/${step}`]?.post?.summary).toBeTruthy();
    for (const step of ['submit', 'return', 'approve', 'publish'])
      expect(paths[`/api/v1/points/schemes/{id}/year/${step}`]?.post?.summary).toBeTruthy();
  });
});
