import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BOARD_PAGE_SIZE, pickQuarter, pickScheme } from '../domain/points/opening-view.js';
import { pickEncoding } from './lib/compress.js';
import { AppError } from './lib/errors.js';

/**
 * The page every URL of the web app answers with: the build's index.html, completed for that URL's
 * first screen. A phone on a slow network otherwise learns what it needs one round trip at a time:
 * the page names the app's code, the code names the page's code, and only then are the session
 * and the page's first data asked for. Here the page itself carries
 * - `<link rel="modulepreload">` for the files of the URL's first screen (the app's frame, the
 *   page, the dictionary of the user's language), taken from the build's manifest, so they
 *   download alongside the app's code;
 * - the answers the first screen starts with (who is logged in, and the board's schemes or the
 *   member's points), computed by the API itself for this request's cookie and handed to the
 *   app's API client, which uses each once instead of asking for it (`src/web/api/client.ts`).
 * The answers are the API's own, for the same session, permissions included: an answer other than
 * 200 is left out and the app asks for it as before. Public pages (the ballot, the sample re-draw)
 * are sent as built, with nothing of anyone's session.
 */

/** Vite's manifest: a module's file and the chunks it imports (keys of the same manifest). */
interface ManifestChunk {
  file: string;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const LAYOUT = 'app/app-layout.tsx';

/** What the answers given so far let the page ask next (a URL's query is `params`). */
type Next = (answers: Record<string, unknown>, params: URLSearchParams) => string[];

/**
 * The first screens whose files and data the page names; other signed-in URLs get the frame.
 * `drawn`: on a phone the server draws the screen itself (see `drawFirstScreen`).
 */
const SCREENS: {
  path: string;
  modules: string[];
  areas: string[];
  data: string[];
  next?: Next;
  drawn?: boolean;
}[] = [
  { path: '/', modules: [LAYOUT, 'pages/home-page.tsx'], areas: ['terms'], data: [] },
  {
    path: '/points/board',
    modules: [LAYOUT, 'pages/points/board-page.tsx'],
    areas: [],
    data: ['/points/schemes'],
    next: boardAnswers,
    drawn: true,
  },
  {
    path: '/me/points',
    modules: [LAYOUT, 'pages/points/my-points-page.tsx'],
    areas: [],
    data: ['/points/me'],
    next: myPointsAnswers,
    drawn: true,
  },
];

const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null);

/**
 * The board opens on the scheme and quarter the web's board page picks (the same functions,
 * `domain/points/opening-view.ts`): that scheme's detail and the first page of its board.
 */
function boardAnswers(answers: Record<string, unknown>, params: URLSearchParams): string[] {
  const schemes = (answers['/points/schemes'] as { items?: SchemeItem[] } | undefined)?.items;
  const today = (answers['/auth/session'] as { day?: { today?: string } | null } | undefined)?.day?.today;
  if (!schemes || !today) return [];
  const scheme = pickScheme(schemes, num(params.get('scheme')), Number(today.slice(0, 4)));
  if (!scheme) return [];
  const quarter = pickQuarter(scheme.year, scheme.quarters, params.get('quarter'), today);
  const query = new URLSearchParams({ schemeId: String(scheme.id), quarter });
  const org = num(params.get('org'));
  if (org) query.set('orgId', String(org));
  if (params.get('q')) query.set('q', params.get('q') ?? '');
  query.set('page', String(num(params.get('page')) ?? 1));
  query.set('pageSize', String(BOARD_PAGE_SIZE));
  return [`/points/schemes/${scheme.id}`, `/points/board?${query}`];
}

/** The member's page reads its scheme's detail, the member's year and their appeals in it. */
function myPointsAnswers(answers: Record<string, unknown>): string[] {
  const scheme = (answers['/points/me'] as { scheme?: { id: number; currentVersion: number | null } | null })
    ?.scheme;
  const memberId = (answers['/auth/session'] as { user?: { memberId?: number | null } | null } | undefined)
    ?.user?.memberId;
  if (!scheme) return [];
  return [
    `/points/schemes/${scheme.id}`,
    ...(scheme.currentVersion != null ? [`/points/schemes/${scheme.id}/year/me`] : []),
    ...(memberId != null ? [`/points/appeals?memberId=${memberId}&schemeId=${scheme.id}&pageSize=200`] : []),
  ];
}

interface SchemeItem {
  id: number;
  year: number;
  currentVersion: number | null;
  quarters: { quarter: string; state: 'open' | 'closed' | 'published' }[];
}

/** Pages anyone opens without an account: sent as built. */
const PUBLIC = ['/ballot', '/redraw'];

/** The language cookie the web app writes when the user picks a language (`src/web/i18n`). */
export const LANG_COOKIE = 'kaohe_lang';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** A file read again only when it changes on disk (a rebuilt app is served without a restart). */
function cachedFile<T>(file: string, parse: (text: string) => T): () => T | null {
  let seen = -1;
  let value: T | null = null;
  return () => {
    let mtime: number;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (mtime !== seen) {
      value = parse(fs.readFileSync(file, 'utf8'));
      seen = mtime;
    }
    return value;
  };
}

/** JSON safe inside a `<script>` element: no `<`, `>`, `&` or line separators as such. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The files of `keys` and everything they import, in the manifest's order, each once. */
export function filesOf(manifest: Manifest, keys: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    for (const i of chunk.imports ?? []) visit(i);
    out.push(chunk.file);
  };
  for (const k of keys) visit(k);
  return out;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/** A phone, by its client hint or, without one, its user agent (a tablet gets the desktop's page). */
export function isPhone(headers: FastifyRequest['headers']): boolean {
  const hint = headers['sec-ch-ua-mobile'];
  if (hint === '?1') return true;
  if (hint === '?0') return false;
  return /iPhone|Android.+Mobile|Mobile Safari|Windows Phone/i.test(String(headers['user-agent'] ?? ''));
}

/** The server's drawing module (`src/web/ssr.tsx`, built into dist/ssr/ssr.js). */
interface Drawer {
  renderFirstScreen(
    url: string,
    answers: Record<string, unknown>,
    locale: 'zh-CN' | 'en',
    carried: string,
  ): Promise<{ html: string; css: string; queries: unknown } | null>;
}

/**
 * Loads dist/ssr/ssr.js once (null without one: pages are then sent undrawn). A module stays
 * loaded for the life of the process, so once the file changes (the app rebuilt under a running
 * server) nothing more is drawn until a restart: the old drawing would not match the new app.
 */
function drawerOf(file: string): () => Promise<Drawer | null> {
  let seen = -1;
  let loaded: Promise<Drawer | null> | null = null;
  return () => {
    let mtime: number;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      return Promise.resolve(null);
    }
    if (loaded === null) {
      seen = mtime;
      loaded = (import(pathToFileURL(file).href) as Promise<Drawer>).catch(() => null);
    }
    return mtime === seen ? loaded : Promise.resolve(null);
  };
}

/**
 * The page with `#root` holding the server's drawing and the app's scripts asked for after it has
 * been painted: a phone on a slow network shows the member's total or the board's rows as soon as
 * the page itself has arrived, then downloads the app, which takes the drawing over (`main.tsx`).
 */
export function withDrawing(
  html: string,
  drawing: { html: string; css: string },
  state: unknown,
): string | null {
  const scripts: string[] = [];
  const bare = html.replace(
    /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>\s*/g,
    (_, src: string) => {
      scripts.push(src);
      return '';
    },
  );
  const rooted = replaceRoot(bare, drawing.html);
  if (rooted === null || scripts.length === 0) return null;
  // After the first frame: the browser paints the drawing before it fetches and runs any script.
  const load =
    '<script>requestAnimationFrame(function(){setTimeout(function(){' +
    'document.querySelectorAll("link[data-after-paint]").forEach(function(l){l.rel="modulepreload"});' +
    `${scriptJson(scripts)}.forEach(function(f){var s=document.createElement("script");s.type="module";s.crossOrigin="";s.src=f;document.head.append(s)})` +
    '})})</script>';
  return rooted
    .replace(/<link rel="modulepreload" crossorigin href=/g, '<link data-after-paint crossorigin href=')
    .replace(
      '</head>',
      () =>
        `  <style>${drawing.css}</style>\n  <script type="application/json" id="kaohe-drawn">${scriptJson(state)}</script>\n  </head>`,
    )
    .replace('</body>', () => `  ${load}\n  </body>`);
}

/** `html` with the content of its `<div id="root">` (the splash) replaced, or null without one. */
function replaceRoot(html: string, inner: string): string | null {
  const open = '<div id="root">';
  const start = html.indexOf(open);
  if (start < 0) return null;
  const tags = /<div\b|<\/div>/g;
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[0] === '</div>' ? -1 : 1;
    if (depth === 0)
      return `${html.slice(0, start)}${open}${inner}</div>${html.slice(m.index + '</div>'.length)}`;
  }
  return null;
}

/**
 * `drawing`: the module that draws a phone's first screens (the build's dist/ssr/ssr.js, beside
 * the web app's folder, unless named).
 */
export function registerWebShell(
  app: FastifyInstance,
  webRoot: string,
  drawing = path.join(webRoot, '..', 'ssr', 'ssr.js'),
) {
  const template = cachedFile(path.join(webRoot, 'index.html'), (t) => t);
  const manifest = cachedFile(path.join(webRoot, '.vite/manifest.json'), (t) => JSON.parse(t) as Manifest);
  const drawer = drawerOf(drawing);

  /** An answer of the API for this request's cookie, or undefined unless it is a 200 JSON. */
  async function answer(req: FastifyRequest, url: string): Promise<unknown> {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: {
        accept: 'application/json',
        ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
        ...(req.headers['accept-language'] ? { 'accept-language': req.headers['accept-language'] } : {}),
        ...(req.headers['user-agent'] ? { 'user-agent': req.headers['user-agent'] } : {}),
      },
      remoteAddress: req.ip,
    });
    if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').startsWith('application/json'))
      return undefined;
    return res.json();
  }

  async function page(req: FastifyRequest): Promise<string | null> {
    const built = template();
    if (built === null) return null;
    const pathname = (req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
    if (PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return built;
    const en = cookieValue(req.headers.cookie, LANG_COOKIE) === 'en';
    // The page's language from its first byte (a screen reader, a drawn page), as the app sets it.
    const html = en ? built.replace('<html lang="zh-CN">', '<html lang="en">') : built;

    const boot: Record<string, unknown> = {};
    const session = (await answer(req, '/auth/session')) as {
      user?: { mustChangePassword?: boolean } | null;
    };
    if (session !== undefined) boot['/auth/session'] = session;
    const user = session?.user ?? null;
    const modules = [en ? 'i18n/en.ts' : 'i18n/zh-CN.ts'];
    // The screens a phone gets drawn by the server: the board and the member's page (not a form
    // such as the login page, which a quick hand could submit before the app has taken it over).
    let drawable = false;
    if (!user) modules.push('pages/login-page.tsx');
    else if (user.mustChangePassword) modules.push(LAYOUT);
    else {
      const screen = SCREENS.find((s) => s.path === pathname);
      modules.push(...(screen?.modules ?? [LAYOUT]));
      for (const a of screen?.areas ?? []) modules.push(`i18n/areas/${a}.${en ? 'en' : 'zh'}.ts`);
      const ask = async (urls: string[]) => {
        const data = await Promise.all(urls.map((u) => answer(req, u)));
        for (const [i, u] of urls.entries()) if (data[i] !== undefined) boot[u] = data[i];
      };
      await ask(screen?.data ?? []);
      if (screen?.next) await ask(screen.next(boot, new URLSearchParams(req.url.split('?')[1] ?? '')));
      drawable = screen?.drawn === true;
    }
    const locale = en ? 'en' : 'zh-CN';
    const drawn = drawable && isPhone(req.headers) ? await drawFirstScreen(req, boot, locale) : null;
    if (drawn) {
      const files = filesOf(manifest() ?? {}, modules).filter((f) => !html.includes(`/${f}"`));
      const head = files.map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`).join('\n    ');
      const page = withDrawing(html.replace('</head>', `  ${head}\n  </head>`), drawn, {
        locale,
        queries: drawn.queries,
      });
      if (page !== null) return page;
    }
    const files = filesOf(manifest() ?? {}, modules).filter((f) => !html.includes(`/${f}"`));
    const head = [
      ...files.map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
      `<script type="application/json" id="kaohe-boot">${scriptJson(boot)}</script>`,
    ].join('\n    ');
    return html.replace('</head>', `  ${head}\n  </head>`);
  }

  /** The first screen drawn with the answers, or null (no drawing module, or it failed). */
  async function drawFirstScreen(
    req: FastifyRequest,
    answers: Record<string, unknown>,
    locale: 'zh-CN' | 'en',
  ) {
    const module = await drawer();
    if (!module) return null;
    try {
      const carried = /\.data-ant-cssinjs-cache-path\{content:"([^"]*)"/.exec(template() ?? '')?.[1] ?? '';
      return await module.renderFirstScreen(req.url, answers, locale, carried);
    } catch (err) {
      req.log.warn({ err, url: req.url.split('?')[0] }, 'first screen not drawn');
      return null;
    }
  }

  return async function sendPage(req: FastifyRequest, reply: FastifyReply) {
    const html = await page(req);
    if (html === null) throw new AppError('not_found', { route: `GET ${req.url.split('?')[0]}` });
    // The page holds this session's answers: never kept by a shared cache, asked again on each visit.
    reply
      .header('cache-control', 'private, no-cache')
      .header('vary', 'Cookie, Accept-Encoding')
      .type('text/html; charset=utf-8');
    const encoding = pickEncoding(req.headers['accept-encoding']);
    const raw = Buffer.from(html);
    if (!encoding) return reply.send(raw);
    const body =
      encoding === 'br'
        ? await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
        : await gzip(raw, { level: 6 });
    return reply.header('content-encoding', encoding).send(body);
  };
}
