import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.js';
import { createAdoptedScheme } from './modules/points/points.fixtures.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from './test/factories.js';
import { createTestDb, fixedClock, login, type TestDb } from './test/harness.js';
import { filesOf, scriptJson } from './web-shell.js';

/**
 * The page the server sends for an app URL names the files of that URL's first screen and
 * carries the first screen's API answers for the request's own session (src/server/web-shell.ts).
 */
let tdb: TestDb;
let app: App;
let webRoot: string;
let member: { account: string };
let officer: { account: string };
let evil: { account: string };
let committee: { account: string };
let rootId: number;

const page = `<!doctype html><html><head><title>党建考核管理平台</title><script type="module" crossorigin src="/assets/index-A.js"></script>
<link rel="modulepreload" crossorigin href="/assets/react-R.js"></head><body><div id="root"></div></body></html>`;
const manifest = {
  'index.html': { file: 'assets/index-A.js', imports: ['_react-R.js'] },
  '_react-R.js': { file: 'assets/react-R.js' },
  '_shared-S.js': { file: 'assets/shared-S.js', imports: ['_react-R.js'] },
  '_icons-I.js': { file: 'assets/icons-I.js' },
  'i18n/zh-CN.ts': { file: 'assets/zh-CN-Z.js' },
  'i18n/en.ts': { file: 'assets/en-E.js' },
  'pages/login-page.tsx': { file: 'assets/login-page-L.js', imports: ['_shared-S.js'] },
  'app/app-layout.tsx': { file: 'assets/app-layout-F.js', imports: ['_shared-S.js', '_icons-I.js'] },
  'pages/points/board-page.tsx': { file: 'assets/board-page-B.js', imports: ['_shared-S.js', '_react-R.js'] },
  'pages/points/my-points-page.tsx': { file: 'assets/my-points-page-M.js', imports: ['_shared-S.js'] },
};

const decode = (body: Buffer, encoding: string | undefined) =>
  (encoding === 'br'
    ? zlib.brotliDecompressSync(body)
    : encoding === 'gzip'
      ? zlib.gunzipSync(body)
      : body
  ).toString('utf8');

/** The page for `url` as a browser gets it, with the preloaded files and the answers it carries. */
async function open(url: string, cookie?: string, encoding = 'gzip, deflate, br') {
  const res = await app.inject({
    url,
    headers: { ...(encoding ? { 'accept-encoding': encoding } : {}), ...(cookie ? { cookie } : {}) },
  });
  const html = decode(res.rawPayload, res.headers['content-encoding'] as string | undefined);
  // The files the server added (the page as built names some already).
  const preloads = [...html.matchAll(/<link rel="modulepreload" crossorigin href="\/([^"]+)">/g)]
    .map((m) => m[1])
    .filter((f) => !page.includes(`/${f}"`));
  const boot = html.match(/<script type="application\/json" id="kaohe-boot">(.*?)<\/script>/s)?.[1];
  return {
    res,
    html,
    preloads,
    boot: boot === undefined ? undefined : (JSON.parse(boot) as Record<string, unknown>),
  };
}

const cookieOf = (s: { sid: string }) => `kaohe_sid=${s.sid}`;

/** The user of the session answer a page carries. */
const userIn = (boot: Record<string, unknown> | undefined) =>
  (boot?.['/auth/session'] as { user: { account: string; displayName: string } | null } | undefined)?.user;

beforeAll(async () => {
  tdb = await createTestDb();
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-shell-'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), page);
  fs.mkdirSync(path.join(webRoot, '.vite'));
  fs.writeFileSync(path.join(webRoot, '.vite/manifest.json'), JSON.stringify(manifest));
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
  const tree = await makeTree(tdb.handle.db);
  const m = await makeMember(tdb.handle.db, tree.branchA1);
  member = await makeUser(tdb.handle.db, [{ role: 'member', orgId: tree.branchA1.id }], m.id);
  officer = await makeUser(tdb.handle.db, [{ role: 'affairs', orgId: tree.root.id }]);
  evil = await makeUser(tdb.handle.db, [{ role: 'member', orgId: tree.branchA2.id }]);
  committee = await makeUser(tdb.handle.db, [{ role: 'committee', orgId: tree.root.id }]);
  rootId = tree.root.id;
  await tdb.handle.db
    .updateTable('app_user')
    .set({ display_name: '</script><script>alert(1)</script>&\u2028' })
    .where('account', '=', evil.account)
    .execute();
});

afterAll(async () => {
  await app.close();
  await tdb.drop();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

describe('the page of an app URL', () => {
  it('names the board’s files and carries the session and the schemes the API gives this member', async () => {
    const s = await login(app, member.account, TEST_PASSWORD);
    const { res, preloads, boot } = await open('/points/board', cookieOf(s));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    // Never kept by a shared cache: the page holds this session's answers.
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(String(res.headers.vary)).toMatch(/cookie/i);
    // The dictionary, the frame and the page with what they import, minus what the page names already.
    expect(preloads).toEqual([
      'assets/zh-CN-Z.js',
      'assets/shared-S.js',
      'assets/icons-I.js',
      'assets/app-layout-F.js',
      'assets/board-page-B.js',
    ]);
    const session = await s.get('/api/v1/auth/session');
    const schemes = await s.get('/api/v1/points/schemes');
    expect(boot).toEqual({ '/auth/session': session.body, '/points/schemes': schemes.body });
    expect(userIn(boot)?.account).toBe(member.account);
  });

  it('opens the board on the scheme and quarter the page picks, with their answers from the API', async () => {
    const schemeId = await createAdoptedScheme(
      await login(app, officer.account, TEST_PASSWORD),
      await login(app, committee.account, TEST_PASSWORD),
      rootId,
      2026,
    );
    const s = await login(app, member.account, TEST_PASSWORD);
    const { boot } = await open('/points/board', cookieOf(s));
    // The clock's day is in 2026-Q1, which nothing has closed: the page opens on it.
    const board = `/points/board?schemeId=${schemeId}&quarter=2026-Q1&page=1&pageSize=50`;
    const detail = await s.get(`/api/v1/points/schemes/${schemeId}`);
    const direct = await s.get(`/api/v1${board}`);
    expect(boot?.[`/points/schemes/${schemeId}`]).toEqual(detail.body);
    // A quarter not yet published has no board for a member: that answer is left out.
    expect(boot?.[board]).toEqual(direct.status === 200 ? direct.body : undefined);
    // The URL's own choice wins, as in the page: page 2 of an asked quarter.
    const asked = await open('/points/board?quarter=2026-Q2&page=2', cookieOf(s));
    expect(Object.keys(asked.boot ?? {})).toContain(`/points/schemes/${schemeId}`);
    const keys = Object.keys(asked.boot ?? {});
    const boardKey = `/points/board?schemeId=${schemeId}&quarter=2026-Q2&page=2&pageSize=50`;
    const askedDirect = await s.get(`/api/v1${boardKey}`);
    expect(keys.includes(boardKey)).toBe(askedDirect.status === 200);
    // The member's page: their points, the scheme, their year and their appeals, each the API's.
    const mine = await open('/me/points', cookieOf(s));
    const mineKeys = Object.keys(mine.boot ?? {});
    expect(mineKeys).toEqual(
      expect.arrayContaining([
        '/auth/session',
        '/points/me',
        `/points/schemes/${schemeId}`,
        `/points/schemes/${schemeId}/year/me`,
      ]),
    );
    expect(mineKeys.some((k) => k.startsWith('/points/appeals?'))).toBe(true);
    for (const k of mineKeys.filter((k) => k !== '/auth/session'))
      expect(mine.boot?.[k], k).toEqual((await s.get(`/api/v1${k}`)).body);
  });

  it('leaves out an answer the API refuses this user, which the app then asks for itself', async () => {
    // An officer without a member record has no points of their own.
    const s = await login(app, officer.account, TEST_PASSWORD);
    expect((await s.get('/api/v1/points/me')).status).not.toBe(200);
    const { boot, preloads } = await open('/me/points', cookieOf(s));
    expect(Object.keys(boot ?? {})).toEqual(['/auth/session']);
    expect(preloads).toContain('assets/my-points-page-M.js');
  });

  it('without a session carries “nobody” and names the login page’s files', async () => {
    const { res, preloads, boot } = await open('/points/board');
    expect(res.statusCode).toBe(200);
    expect(userIn(boot)).toBeNull();
    expect(Object.keys(boot ?? {})).toEqual(['/auth/session']);
    expect(preloads).toEqual(['assets/zh-CN-Z.js', 'assets/shared-S.js', 'assets/login-page-L.js']);
  });

  it('names the English dictionary for a user who chose English', async () => {
    const s = await login(app, member.account, TEST_PASSWORD);
    const { preloads } = await open('/', `${cookieOf(s)}; kaohe_lang=en`);
    expect(preloads[0]).toBe('assets/en-E.js');
    expect(preloads).not.toContain('assets/zh-CN-Z.js');
    expect(preloads).toContain('assets/app-layout-F.js');
  });

  it('sends the ballot page as built: nothing of anyone’s session', async () => {
    const s = await login(app, member.account, TEST_PASSWORD);
    for (const url of ['/ballot', '/ballot/counted', '/redraw']) {
      const { res, html } = await open(url, cookieOf(s));
      expect(res.statusCode, url).toBe(200);
      expect(html, url).toBe(page);
    }
  });

  it('keeps a hostile display name inside the data: no element can be closed or opened by it', async () => {
    const s = await login(app, evil.account, TEST_PASSWORD);
    const { html, boot } = await open('/', cookieOf(s), '');
    expect(html).not.toContain('</script><script>alert');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the app's script and the data's own end
    expect(userIn(boot)?.displayName).toBe('</script><script>alert(1)</script>&\u2028');
  });
});

describe('its parts', () => {
  it('lists a module’s files after what they import, each once, and skips unknown keys', () => {
    expect(filesOf(manifest, ['app/app-layout.tsx', 'pages/points/board-page.tsx', 'nope.tsx'])).toEqual([
      'assets/react-R.js',
      'assets/shared-S.js',
      'assets/icons-I.js',
      'assets/app-layout-F.js',
      'assets/board-page-B.js',
    ]);
  });

  it('writes JSON that cannot end its script element', () => {
    const text = scriptJson({ a: '</script><!-- & \u2028\u2029' });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ a: '</script><!-- & \u2028\u2029' });
  });
});
