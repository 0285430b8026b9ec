import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../app.js';
import { createTestApp, type TestApp } from '../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('the endpoint table', () => {
  it('registers every API route: none is written by hand', () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(150);
    // The OpenAPI document itself is the one route outside the table.
    const byHand = routes.filter((r) => !r.fromTable && r.url !== '/api/openapi.json');
    expect(byHand.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('documents 401 on every endpoint that is not public', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
    };
    const missing: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        if (!isPublic && !op.responses['401']) missing.push(`${method.toUpperCase()} ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
