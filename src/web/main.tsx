import { type DehydratedState, hydrate, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, RouterProvider } from 'react-router';
import { primeFromPage, setPasswordChangeRequiredHandler, setUnauthorizedHandler } from './api/client.js';
import { AntdProvider } from './app/providers.js';
import { queryClient } from './app/query-client.js';
import { routes } from './app/routes.js';
import { meKey, meQuery } from './auth/session.js';
import { I18nProvider, type Locale, loadMessages, readStoredLocale } from './i18n/index.js';
// antd's styles of the first screens, built with the app (vite.config.ts), then the app's own.
import 'virtual:antd-first-screen.css';
import './styles.css';

// The page came with its first screen's answers (who is logged in, the page's first data): the
// API client uses them instead of asking. Read before the router starts the first page's loaders.
primeFromPage();

// A phone's first screen may come drawn by the server (`ssr.tsx`) with the queries it was drawn
// with: the app starts from the same data, language and page code, and takes the markup over.
const drawn = readDrawn();
if (drawn) hydrate(queryClient, drawn.queries);

let router: ReturnType<typeof createBrowserRouter> | null = null;

setUnauthorizedHandler(() => {
  queryClient.setQueryData(meKey, null);
  const { pathname, search } = window.location;
  if (pathname !== '/login') void router?.navigate(`/login?next=${encodeURIComponent(pathname + search)}`);
});

setPasswordChangeRequiredHandler(() => {
  // The profile learns the flag again, so the app keeps the user on the change-password page.
  void queryClient.invalidateQueries({ queryKey: meKey });
  if (window.location.pathname !== '/password') void router?.navigate('/password');
});

// Who is logged in (with the server's day) is asked for while the first page's code and words
// download, not once the app has drawn (from the page's own answers, when it has them).
void queryClient.prefetchQuery(meQuery(queryClient));

// Started, not awaited at the top: the pages' modules import this one's, so a page module
// imported while this module still evaluated would wait for it forever.
void start();

async function start() {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  // A drawn page keeps the language it was drawn in (the cookie the server read mirrors the choice).
  const locale = drawn?.locale ?? readStoredLocale();
  // Only the language shown is downloaded; the app renders once its words are here. If that
  // chunk cannot be loaded the app still starts (texts show as keys) rather than stay blank.
  const words = loadMessages(locale).catch(() => undefined);
  // A drawn page's routes have their code before the router starts: its first render is the page.
  if (drawn) {
    await Promise.all(
      (matchRoutes(routes, window.location) ?? []).map(async ({ route }) => {
        if (typeof route.lazy !== 'function') return;
        Object.assign(route, await route.lazy(), { lazy: undefined });
      }),
    );
  }
  router = createBrowserRouter(
    routes,
    drawn
      ? {
          // The first page's loaders only start requests its drawn queries already answered.
          hydrationData: {
            loaderData: Object.fromEntries(
              (matchRoutes(routes, window.location) ?? []).flatMap(({ route }) =>
                route.loader && route.id ? [[route.id, null]] : [],
              ),
            ),
          },
        }
      : {},
  );
  await words;
  const app = (
    <StrictMode>
      <I18nProvider initial={locale}>
        <AntdProvider>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AntdProvider>
      </I18nProvider>
    </StrictMode>
  );
  // The first render is a transition: React renders it in slices of a few milliseconds and lets
  // the browser paint and answer input between them, instead of one long task on a slow phone.
  // A drawn page is hydrated: React attaches to the server's markup instead of replacing it.
  startTransition(() => {
    if (drawn) hydrateRoot(root, app);
    else createRoot(root).render(app);
  });
}

/** The server's drawing of the first screen: its language and queries, or null when it drew none. */
function readDrawn(): { locale: Locale; queries: DehydratedState } | null {
  const el = document.getElementById('kaohe-drawn');
  if (!el?.textContent) return null;
  try {
    const value = JSON.parse(el.textContent) as { locale: Locale; queries: DehydratedState };
    el.remove();
    // Fresh as of now on this device's clock (the server's clock may differ from the phone's).
    const now = Date.now();
    for (const q of value.queries.queries) q.state.dataUpdatedAt = now;
    return value;
  } catch {
    return null;
  }
}
