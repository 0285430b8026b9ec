import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../app.js';
import { makeTree, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { createTestDb, fixedClock, login, type TestDb } from '../test/harness.js';
import { COMPRESS_MIN_BYTES, pickEncoding } from './compress.js';

/**
 * What a phone downloads: the built web app goes out precompressed (the .br/.gz the build
 * wrote beside each file, picked by Accept-Encoding) with a year's immutable caching on
 * content-hashed files and revalidation of the page; large JSON answers are compressed too,
 * downloads are not touched.
 */
let tdb: TestDb;
let app: App;
let webRoot: string;
const script = `console.log(${JSON.stringify('亮分榜 '.repeat(2000))});\n`;
const page = `<!doctype html><html><head><title>党建考核管理平台</title></head><body>${'<div></div>'.repeat(300)}</body></html>`;
const hashed = '/assets/index-Cn_QF-N6.js';

/** The files as the build leaves them: each with its brotli and gzip twin. */
function writeWithTwins(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(text));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(text));
}

const decode = (body: Buffer, encoding: string | undefined) =>
  (encoding === 'br'
    ? zlib.brotliDecompressSync(body)
    : encoding === 'gzip'
      ? zlib.gunzipSync(body)
      : body
  ).toString('utf8');

beforeAll(async () => {
  tdb = await createTestDb();
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-web-'));
  writeWithTwins(path.join(webRoot, 'index.html'), page);
  writeWithTwins(path.join(webRoot, hashed), script);
  fs.writeFileSync(path.join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = await buildApp({
    deps: { db: tdb.handle.db, dialect: tdb.handle.dialect, clock: fixedClock(), dataDir: webRoot },
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret-0123',
      trustProxy: false,
      maxUploadBytes: 1 << 20,
    },
    webRoot,
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await tdb.drop();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

describe('the web app’s files', () => {
  it('sends a hashed asset as brotli when the browser takes it, cached for a year', async () => {
    const res = await app.inject({ url: hashed, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decode(res.rawPayload, 'br')).toBe(script);
    expect(res.rawPayload.length).toBeLessThan(script.length / 10);
  });

  it('sends gzip to a browser without brotli, and the plain file to one that takes neither', async () => {
    const gz = await app.inject({ url: hashed, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode(gz.rawPayload, 'gzip')).toBe(script);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await app.inject({ url: hashed, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(script);
  });

  it('makes the browser revalidate the page itself, at / and at an app path', async () => {
    for (const url of ['/', '/points/board']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      // The page carries this visitor's first answers (web-shell.test.ts): private, revalidated.
      expect(res.headers['cache-control'], url).toBe('private, no-cache');
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(decode(res.rawPayload, 'br'), url).toMatch(
        /^<!doctype html><html><head><title>党建考核管理平台<\/title>/,
      );
      expect(decode(res.rawPayload, 'br'), url).toContain('id="kaohe-boot"');
    }
  });

  it('caches a file without a content hash for an hour only', async () => {
    const res = await app.inject({ url: '/favicon.svg', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('answers a missing asset with 404, not the page', async () => {
    const res = await app.inject({ url: '/assets/gone-AAAAAAAA.js', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(404);
  });
});

describe('API answers', () => {
  it('compresses a large JSON answer, leaves a small one alone, and says it varies', async () => {
    const big = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
    expect(big.statusCode).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    expect(String(big.headers.vary)).toMatch(/accept-encoding/i);
    const doc = JSON.parse(decode(big.rawPayload, 'br')) as { openapi: string };
    expect(doc.openapi).toBe('3.0.3');

    const gz = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gz.rawPayload, 'gzip'))).toEqual(doc);

    const small = await app.inject({ url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(String(small.headers.vary)).toMatch(/accept-encoding/i);
  });

  it('sends a download (an Excel template) as it is', async () => {
    const tree = await makeTree(tdb.handle.db);
    const admin = await makeUser(tdb.handle.db, [{ role: 'admin', orgId: tree.root.id }]);
    const c = await login(app, admin.account, TEST_PASSWORD);
    const res = await c.inject({
      method: 'GET',
      url: '/api/v1/io/templates/members.xlsx',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('pickEncoding', () => {
  it('prefers brotli, honours q=0 and the wildcard', () => {
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding(undefined)).toBeNull();
  });
});
