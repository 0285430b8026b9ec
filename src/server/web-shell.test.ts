import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.js';
import { createAdoptedScheme } from './modules/points/points.fixtures.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from './test/factories.js';
import { createTestDb, fixedClock, login, type TestDb } from './test/harness.js';
import { filesOf, isPhone, scriptJson, withDrawing } from './web-shell.js';

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

const page = `<!doctype html><html lang="zh-CN"><head><title>党建考核管理平台</title><script type="module" crossorigin src="/assets/index-A.js"></script>
<link rel="modulepreload" crossorigin href="/assets/react-R.js"><style>.data-ant-cssinjs-cache-path{content:"layout|x:h1;button|y:h2"}</style></head><body><div id="root"><div class="kh-splash"><p>splash</p></div></div><noscript>n</noscript></body></html>`;

/**
 * Stands in for the build's drawing module (dist/ssr/ssr.js): records what the server hands it and
 * draws a fixed screen (with `$&`, which a careless string replacement would expand).
 */
const drawingModule = `
export async function renderFirstScreen(url, answers, locale, carried) {
  (globalThis.kaoheDrawCalls ??= []).push({ url, answers, locale, carried });
  if (url.includes('draw-fails')) throw new Error('drawing failed');
  return { html: '<main class="drawn">drawn $& $1</main>', css: '.drawn{color:red}', queries: { mutations: [], queries: [{ queryKey: ['me'] }] } };
}
`;
interface DrawCall {
  url: string;
  answers: Record<string, unknown>;
  locale: string;
  carried: string;
}
const drawCalls = (): DrawCall[] => (globalThis as { kaoheDrawCalls?: DrawCall[] }).kaoheDrawCalls ?? [];
const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36';
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36';
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
  fs.writeFileSync(path.join(webRoot, 'drawing.mjs'), drawingModule);
  app = await buildApp({
    deps: { db: tdb.handle.db, dialect: tdb.handle.dialect, clock: fixedClock(), dataDir: webRoot },
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret-0123',
      trustProxy: false,
      maxUploadBytes: 1 << 20,
    },
    webRoot,
    drawing: path.join(webRoot, 'drawing.mjs'),
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

describe('a phone’s first screen drawn by the server', () => {
  /** The page for `url` with these request headers, decoded. */
  async function get(url: string, headers: Record<string, string>) {
    const res = await app.inject({ url, headers: { 'accept-encoding': 'br', ...headers } });
    return { res, html: decode(res.rawPayload, res.headers['content-encoding'] as string | undefined) };
  }
  const drawnState = (html: string) => {
    const m = /<script type="application\/json" id="kaohe-drawn">(.*?)<\/script>/.exec(html);
    return m ? (JSON.parse(m[1] ?? 'null') as { locale: string; queries: unknown }) : undefined;
  };

  it('tells a phone by its client hint, else by its user agent; a tablet or a desktop is not one', () => {
    expect(isPhone({ 'sec-ch-ua-mobile': '?1', 'user-agent': DESKTOP_UA })).toBe(true);
    expect(isPhone({ 'sec-ch-ua-mobile': '?0', 'user-agent': PHONE_UA })).toBe(false);
    expect(isPhone({ 'user-agent': PHONE_UA })).toBe(true);
    expect(isPhone({ 'user-agent': IPHONE_UA })).toBe(true);
    expect(isPhone({ 'user-agent': DESKTOP_UA })).toBe(false);
    expect(
      isPhone({
        'user-agent':
          'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1',
      }),
    ).toBe(false);
    expect(isPhone({})).toBe(false);
  });

  it('draws the member’s board with the answers the API gives this session, and asks for the app after the paint', async () => {
    const s = await login(app, member.account, TEST_PASSWORD);
    const desktop = await open('/points/board', cookieOf(s));
    const before = drawCalls().length;
    const { res, html } = await get('/points/board', {
      cookie: cookieOf(s),
      'sec-ch-ua-mobile': '?1',
      'user-agent': PHONE_UA,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const call = drawCalls()[before];
    expect(drawCalls()).toHaveLength(before + 1);
    // The same answers the page would carry: the API's own for this session, nothing more.
    expect(call?.answers).toEqual(desktop.boot);
    expect(call?.url).toBe('/points/board');
    expect(call?.locale).toBe('zh-CN');
    // antd's record of the styles the page carries, so the drawing adds only the others.
    expect(call?.carried).toBe('layout|x:h1;button|y:h2');
    // The drawing replaces the splash, verbatim; its styles and queries come with it.
    expect(html).toContain('<div id="root"><main class="drawn">drawn $& $1</main></div><noscript>');
    expect(html).not.toContain('splash');
    expect(html).toContain('<style>.drawn{color:red}</style>');
    expect(drawnState(html)).toEqual({
      locale: 'zh-CN',
      queries: { mutations: [], queries: [{ queryKey: ['me'] }] },
    });
    expect(html).not.toContain('id="kaohe-boot"');
    // No script runs or downloads before the first frame: the entry is asked for after it, and
    // the first screen's files are named inert until then.
    expect(html).not.toMatch(/<script type="module"/);
    expect(html).not.toMatch(/<link rel="modulepreload"/);
    expect(html).toContain('<link data-after-paint crossorigin href="/assets/react-R.js">');
    expect(html).toContain('<link data-after-paint crossorigin href="/assets/board-page-B.js">');
    expect(html).toMatch(/requestAnimationFrame\(function\(\)\{setTimeout\(.*\["\/assets\/index-A\.js"\]/);
  });

  it('draws the member’s page in the language the user chose', async () => {
    const s = await login(app, member.account, TEST_PASSWORD);
    const before = drawCalls().length;
    const { html } = await get('/me/points', {
      cookie: `${cookieOf(s)}; kaohe_lang=en`,
      'user-agent': IPHONE_UA,
    });
    expect(drawCalls()[before]?.locale).toBe('en');
    expect(drawCalls()[before]?.answers['/points/me']).toEqual((await s.get('/api/v1/points/me')).body);
    expect(drawnState(html)?.locale).toBe('en');
    expect(html).toContain('<html lang="en">');
    // Chinese unless chosen otherwise.
    expect((await get('/me/points', { cookie: cookieOf(s), 'user-agent': IPHONE_UA })).html).toContain(
      '<html lang="zh-CN">',
    );
  });

  it('sends a desktop, another page, or a visitor without a session the page undrawn, with its answers', async () => {
    const s = await login(app, member.account, TEST_PASSWORD);
    const before = drawCalls().length;
    const desktop = await get('/points/board', { cookie: cookieOf(s), 'user-agent': DESKTOP_UA });
    const home = await get('/', { cookie: cookieOf(s), 'sec-ch-ua-mobile': '?1' });
    // The login form is not drawn: a quick hand could submit it before the app has taken it over.
    const visitor = await get('/login', { 'sec-ch-ua-mobile': '?1' });
    expect(drawCalls()).toHaveLength(before);
    for (const { html } of [desktop, home, visitor]) {
      expect(html).toContain('id="kaohe-boot"');
      expect(html).toContain('<script type="module" crossorigin src="/assets/index-A.js">');
      expect(drawnState(html)).toBeUndefined();
    }
  });

  it('sends the page undrawn, with its answers, when the drawing fails', async () => {
    const s = await login(app, member.account, TEST_PASSWORD);
    const { res, html } = await get('/points/board?draw-fails=1', {
      cookie: cookieOf(s),
      'sec-ch-ua-mobile': '?1',
    });
    expect(res.statusCode).toBe(200);
    expect(html).toContain('id="kaohe-boot"');
    expect(html).toContain('splash');
  });

  it('draws nothing into a page without a root or without the app’s script', () => {
    const drawing = { html: '<main>x</main>', css: '' };
    expect(withDrawing('<html><head></head><body><p>no root</p></body></html>', drawing, {})).toBeNull();
    expect(
      withDrawing('<html><head></head><body><div id="root"></div></body></html>', drawing, {}),
    ).toBeNull();
    expect(
      withDrawing(
        '<html><head><script type="module" crossorigin src="/assets/i.js"></script></head><body><div id="root"><div><div></div></div></div><p>after</p></body></html>',
        drawing,
        {},
      ),
    ).toContain('<div id="root"><main>x</main></div><p>after</p>');
  });
});
