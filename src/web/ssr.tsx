/**
 * The server draws a phone's first screen (`src/server/web-shell.ts` calls `renderFirstScreen`):
 * the page arrives with the member's total or the board's rows in it, readable before the app's
 * scripts have downloaded, and the app then takes over the same markup (`main.tsx` hydrates it).
 *
 * It draws with the answers the page carries anyway (computed by the API for the request's
 * session) and nothing else: a query whose answer is not among them is left pending, drawn as
 * its loading state, and asked for by the browser as before. Built by `vite build --ssr` into
 * `dist/ssr/ssr.js` (see vite.config.ts); the server draws nothing when that file is missing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import { type DehydratedState, dehydrate, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import {
  createStaticHandler,
  createStaticRouter,
  type RouteObject,
  StaticRouterProvider,
} from 'react-router';
import { answerKey, setServerAnswers } from './api/client.js';
import { AntdProvider } from './app/providers.js';
import { createQueryClient } from './app/query-client.js';
import { routes } from './app/routes.js';
import { I18nProvider, type Locale, loadMessages } from './i18n/index.js';

const answers = new AsyncLocalStorage<Map<string, unknown>>();
setServerAnswers((key) => answers.getStore()?.get(key));

/** The routes without their loaders: those only start the browser's requests early. */
function withoutLoaders(list: RouteObject[]): RouteObject[] {
  return list.map((r) => {
    const { loader: _, children, ...rest } = r;
    return (children ? { ...rest, children: withoutLoaders(children) } : rest) as RouteObject;
  });
}
const serverRoutes = withoutLoaders(routes);
const handler = createStaticHandler(serverRoutes);

/**
 * antd's styles, built once for every drawing: a style depends only on the theme and the
 * component, and building them is most of a first draw's time. It holds one entry per component
 * style ever drawn, a bounded set.
 */
const styles = createCache();
/** The styles beyond the carried ones, kept until a drawing adds a style or the page changes. */
let beyond: { entries: number; carried: string; css: string } | null = null;

/** How many times a page is drawn at most: each draw may start queries the last one's answers enable. */
const PASSES = 5;

export interface FirstScreen {
  /** The markup of `#root`. */
  html: string;
  /**
   * antd's styles the drawing needs beyond those the page carries (the theme's variables and any
   * component outside the first screens' file), with antd's record of every style the page then
   * holds, so the app builds none of them again when it takes over.
   */
  css: string;
  /** The queries it was drawn with, for the browser's cache (TanStack Query's dehydrated state). */
  queries: DehydratedState;
}

/**
 * `url` drawn for the session whose answers (API path with its query → JSON) are `given`, in
 * `locale`; null when the router has nothing to draw for it (a redirect, an unknown path).
 */
export async function renderFirstScreen(
  url: string,
  given: Record<string, unknown>,
  locale: Locale,
  /** antd's record of the styles the page carries (`.data-ant-cssinjs-cache-path`'s content). */
  carried = '',
): Promise<FirstScreen | null> {
  const context = await handler.query(new Request(new URL(url, 'http://kaohe.local')));
  if (context instanceof Response) return null;
  await loadMessages(locale);
  const qc = createQueryClient();
  qc.setDefaultOptions({ queries: { ...qc.getDefaultOptions().queries, retry: false } });
  const router = createStaticRouter(handler.dataRoutes, context);
  const draw = () =>
    renderToString(
      <StrictMode>
        <StyleProvider cache={styles}>
          <I18nProvider initial={locale}>
            <AntdProvider>
              <QueryClientProvider client={qc}>
                <StaticRouterProvider router={router} context={context} hydrate={false} />
              </QueryClientProvider>
            </AntdProvider>
          </I18nProvider>
        </StyleProvider>
      </StrictMode>,
    );
  const store = new Map(Object.entries(given).map(([k, v]) => [answerKey(k), v]));
  const tried = new Set<string>();
  return answers.run(store, async () => {
    let html = '';
    for (let pass = 0; pass < PASSES; pass++) {
      html = draw();
      const waiting = qc
        .getQueryCache()
        .getAll()
        .filter(
          (q) =>
            q.state.status === 'pending' &&
            q.state.fetchStatus === 'idle' &&
            !tried.has(q.queryHash) &&
            (q.options as { enabled?: unknown }).enabled !== false,
        );
      // Nothing more to fill: this draw is the page.
      if (waiting.length === 0) break;
      await Promise.all(
        waiting.map((q) => {
          tried.add(q.queryHash);
          // Not among the answers: left out, so the page draws it loading and the browser asks.
          return q.fetch().catch(() => qc.getQueryCache().remove(q));
        }),
      );
      // The last allowed pass filled queries: draw once more with them.
      if (pass === PASSES - 1) html = draw();
    }
    const drawn = { html, css: stylesBeyond(carried), queries: dehydrate(qc) };
    qc.clear();
    return drawn;
  });
}

/**
 * The styles drawn so far that `carried` (antd's record of the page's own styles) does not hold,
 * as plain CSS ending with the merged record: antd reads the record from its one CSS rule, whose
 * last occurrence wins, so it lists the carried styles and these. Styles other pages' drawings
 * used come along: a few kilobytes, for one extraction instead of one per request.
 */
function stylesBeyond(carried: string): string {
  if (beyond && beyond.entries === styles.cache.size && beyond.carried === carried) return beyond.css;
  const known = new Set(carried.split(';').map((entry) => entry.split(':')[0]));
  const view = createCache();
  for (const [key, value] of styles.cache)
    if (!(key.startsWith('style%') && known.has(key.slice('style%'.length).replace(/%/g, '|'))))
      view.cache.set(key, value);
  for (const [key, time] of styles.updateTimes) view.updateTimes.set(key, time);
  const css = extractStyle(view, { plain: true }).replace(
    /\.data-ant-cssinjs-cache-path\{content:"([^"]*)";\}/,
    (_, own: string) =>
      `.data-ant-cssinjs-cache-path{content:"${[carried, own].filter(Boolean).join(';')}";}`,
  );
  beyond = { entries: styles.cache.size, carried, css };
  return css;
}
