import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { type Client, createTestApp, login, type TestApp } from '../test/harness.js';

/**
 * Every error answer has the one shape `{ error: { code, message, messages, details } }`,
 * whoever raised it: a use case, the request validation, or the framework itself (router,
 * body parsers, multipart parser).
 */

let t: TestApp;
let admin: Client;
let orgId: number;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  orgId = tree.root.id;
  const u = await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }]);
  admin = await login(t.app, u.account, TEST_PASSWORD);
});
afterAll(() => t.close());

interface ErrorShape {
  error: {
    code: string;
    message: string;
    messages: { 'zh-CN': string; en: string };
    details?: unknown;
  };
}

function expectShape(body: string, status: number, code: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const json = JSON.parse(body) as ErrorShape;
  expect(Object.keys(json)).toEqual(['error']);
  expect(json.error.code).toBe(code);
  expect(json.error.message).toBe(json.error.messages[locale]);
  expect(json.error.messages.en.length).toBeGreaterThan(0);
  expect(json.error.messages['zh-CN'].length).toBeGreaterThan(0);
  expect(status).toBeGreaterThanOrEqual(400);
  return json.error;
}

/** Every route that takes an upload, from the registered routes' own description. */
async function uploadRoutes(): Promise<{ method: string; url: string }[]> {
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
  };
  const out: { method: string; url: string }[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (op.requestBody?.content?.['multipart/form-data']) {
        out.push({ method: method.toUpperCase(), url: p.replace(/\{[^}]+\}/g, '1') });
      }
    }
  }
  return out;
}

describe('framework errors in the one shape', () => {
  it('a path parameter over the length limit is a 400 validation_failed', async () => {
    const res = await admin.inject({ method: 'GET', url: `/api/v1/members/${'1'.repeat(150)}` });
    expect(res.statusCode).toBe(400);
    const e = expectShape(res.body, res.statusCode, 'validation_failed');
    expect(e.details).toMatchObject({ frameworkCode: 'FST_ERR_MAX_PARAM_LENGTH' });
  });

  it('a URL that cannot be decoded is a 400 in the same shape, in English when asked', async () => {
    const res = await admin.inject({
      method: 'GET',
      url: '/api/v1/members/%E0%A4%A',
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expectShape(res.body, 400, 'validation_failed', 'en');
  });

  it('broken JSON is 400 malformed_body', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expectShape(res.body, 400, 'malformed_body');
  });

  it('a body over the limit is 413 request_too_large', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expectShape(res.body, 413, 'request_too_large');
  });

  it('an unsupported content type is 415 unsupported_media_type', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'name=x',
    });
    expect(res.statusCode).toBe(415);
    expectShape(res.body, 415, 'unsupported_media_type');
  });

  it('an unknown route is 404 not_found', async () => {
    const res = await admin.inject({ method: 'DELETE', url: '/api/v1/no-such-thing/1' });
    expect(res.statusCode).toBe(404);
    expectShape(res.body, 404, 'not_found');
  });
});

describe('a malformed multipart body', () => {
  it('is 400 malformed_body on every upload and import endpoint', async () => {
    const routes = await uploadRoutes();
    // members, orgs (preview, commit), points items and entries (preview, commit),
    // indicator library (preview, commit), evidence files.
    expect(routes.length).toBeGreaterThanOrEqual(11);
    for (const r of routes) {
      const url = r.url.includes('indicators/import') ? `${r.url}?orgId=${orgId}` : r.url;
      const res = await admin.inject({
        method: r.method as 'POST',
        url,
        headers: { 'content-type': 'multipart/form-data; boundary=zz' },
        payload: 'garbage',
      });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 400,
      });
      expectShape(res.body, 400, 'malformed_body');
    }
  });

  it('cut off after its first part header is 400 malformed_body too', async () => {
    const routes = await uploadRoutes();
    for (const r of routes) {
      const url = r.url.includes('indicators/import') ? `${r.url}?orgId=${orgId}` : r.url;
      const res = await admin.inject({
        method: r.method as 'POST',
        url,
        headers: { 'content-type': 'multipart/form-data; boundary=zz' },
        payload: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK',
      });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 400,
      });
      expectShape(res.body, 400, 'malformed_body');
    }
  });
});

describe('record ids', () => {
  it('are positive decimal integers only, in paths and in queries', async () => {
    const m = await makeMember(t.db, tree.branchA1);
    expect((await admin.get(`/api/v1/members/${m.id}`)).status).toBe(200);
    const hex = `0x${m.id.toString(16)}`;
    for (const bad of [
      hex,
      '0x10',
      '1e1',
      `${m.id}e0`,
      '%2016',
      ' 16',
      '016',
      `0${m.id}`,
      '-1',
      '0',
      '1.0',
      `${m.id}.0`,
      '+16',
    ]) {
      const res = await admin.get(`/api/v1/members/${bad.replace(/ /g, '%20')}`);
      expect({ id: bad, status: res.status }).toEqual({ id: bad, status: 400 });
      expectShape(res.raw.body, 400, 'validation_failed');
    }
    const q = await admin.get(`/api/v1/members?orgId=0x${orgId.toString(16)}`);
    expect(q.status).toBe(400);
    expect((await admin.get(`/api/v1/members?orgId=${orgId}`)).status).toBe(200);
  });
});
