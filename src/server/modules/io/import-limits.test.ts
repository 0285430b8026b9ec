import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHugeXlsx } from '../../../test-support/zip.js';
import type { SheetSpec } from '../../lib/excel.js';
import { makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, login, type TestApp } from '../../test/harness.js';
import { indicatorsSheetSpec } from '../branch-eval/library/library-io.js';
import { entriesSheetSpec } from '../points/entries-sheet.js';
import { itemsSheetSpec } from '../points/items-sheet.js';
import { createAdoptedScheme } from '../points/points.fixtures.js';
import { membersSheetSpec } from './members-import.js';
import { orgsSheetSpec } from './orgs-import.js';

/**
 * A sheet of two million rows (a few MB packed, well over 100 MB unpacked, under the unpacked
 * cap) sent to every spreadsheet import, over a real listening port: each is refused with
 * `too_many_rows`, and the server keeps answering /api/health the whole time.
 */

const ROWS = 2_000_000;
/** Liveness: however loaded the machine, a health check never waits this long behind an import. */
const HEALTH_BOUND_MS = 5_000;

let t: TestApp;
let baseUrl: string;
let cookie = '';
let csrf = '';
let rootOrgId = 0;
let schemeId = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-huge-'));

beforeAll(async () => {
  t = await createTestApp({ maxUploadBytes: 20 * 1024 * 1024 });
  const tree = await makeTree(t.db);
  rootOrgId = tree.root.id;
  // The bureau's affairs office: may import members and orgs, points schemes and the library.
  const officer = await makeUser(t.db, [
    { role: 'admin', orgId: tree.root.id },
    { role: 'affairs', orgId: tree.root.id },
  ]);
  const affairs = await login(t.app, officer.account, TEST_PASSWORD);
  const committee = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'committee', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('not listening');
  baseUrl = `http://127.0.0.1:${addr.port}`;
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: officer.account, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(200);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Polls /api/health from a worker thread until stopped; every answer must be a 200 within the
 * bound. The poller has its own event loop: polling from the test's thread (which is also the
 * server's) would stall together with the server and never see it stall.
 */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
const waits = [];
const failures = [];
parentPort.on('message', () => { running = false; });
(async () => {
  while (running) {
    const start = performance.now();
    try {
      const res = await fetch(workerData.url, { signal: AbortSignal.timeout(workerData.bound) });
      await res.arrayBuffer();
      if (res.status !== 200) failures.push('status ' + res.status);
    } catch (e) {
      failures.push(String(e));
    }
    waits.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 100));
  }
  parentPort.postMessage({ waits, failures });
})();
`;

function watchHealth() {
  const worker = new Worker(POLLER, {
    eval: true,
    workerData: { url: `${baseUrl}/api/health`, bound: HEALTH_BOUND_MS },
  });
  const result = new Promise<{ waits: number[]; failures: string[] }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

async function uploadFile(url: string, file: string) {
  const form = new FormData();
  form.append(
    'file',
    new Blob([fs.readFileSync(file)], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
    'huge.xlsx',
  );
  const res = await fetch(`${baseUrl}${url}`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; details?: unknown } } };
}

describe('a two-million-row sheet', () => {
  const cases: [string, SheetSpec, () => string][] = [
    ['members', membersSheetSpec, () => '/api/v1/io/import/members/preview'],
    ['orgs', orgsSheetSpec, () => '/api/v1/io/import/orgs/commit'],
    ['points items', itemsSheetSpec, () => `/api/v1/points/schemes/${schemeId}/items/import/preview`],
    ['points entries', entriesSheetSpec, () => `/api/v1/points/schemes/${schemeId}/entries/import/preview`],
    [
      'indicator library',
      indicatorsSheetSpec,
      () => `/api/v1/branch-eval/indicators/import/preview?orgId=${rootOrgId}`,
    ],
  ];

  for (const [label, spec, url] of cases) {
    it(`is refused by the ${label} import with too_many_rows while the server keeps answering`, async () => {
      const file = path.join(dir, `${label}.xlsx`);
      const size = await writeHugeXlsx(
        file,
        spec.sheetName,
        spec.columns.map((c) => c.header),
        ROWS,
      );
      // The shape of the reported attack: a few MB on the wire, over 100 MB unpacked.
      expect(size.bytes).toBeLessThan(20 * 1024 * 1024);
      expect(size.sheetBytes).toBeGreaterThan(100 * 1024 * 1024);

      const health = watchHealth();
      const res = await uploadFile(url(), file);
      const { waits, failures } = await health.stop();

      expect(res.body.error?.code, JSON.stringify(res.body)).toBe('too_many_rows');
      expect(res.status).toBe(400);
      expect(failures).toEqual([]);
      expect(waits.length).toBeGreaterThan(0);
      expect(Math.max(...waits)).toBeLessThan(HEALTH_BOUND_MS);
      fs.rmSync(file);
    }, 180_000);
  }
});
