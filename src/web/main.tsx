import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { primeFromPage, setPasswordChangeRequiredHandler, setUnauthorizedHandler } from './api/client.js';
import { AntdProvider } from './app/providers.js';
import { queryClient } from './app/query-client.js';
import { routes } from './app/routes.js';
import { meKey, meQuery } from './auth/session.js';
import { I18nProvider, loadMessages, readStoredLocale } from './i18n/index.js';
// antd's styles of the first screens, built with the app (vite.config.ts), then the app's own.
import 'virtual:antd-first-screen.css';
import './styles.css';

// The page came with its first screen's answers (who is logged in, the page's first data): the
// API client uses them instead of asking. Read before the router starts the first page's loaders.
primeFromPage();
const router = createBrowserRouter(routes);

setUnauthorizedHandler(() => {
  queryClient.setQueryData(meKey, null);
  const { pathname, search } = window.location;
  if (pathname !== '/login') void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`);
});

setPasswordChangeRequiredHandler(() => {
  // The profile learns the flag again, so the app keeps the user on the change-password page.
  void queryClient.invalidateQueries({ queryKey: meKey });
  if (window.location.pathname !== '/password') void router.navigate('/password');
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

// Who is logged in (with the server's day) is asked for while the first page's code and words
// download, not once the app has drawn (from the page's own answers, when it has them).
void queryClient.prefetchQuery(meQuery(queryClient));

const locale = readStoredLocale();
// Only the language shown is downloaded; the app renders once its words are here. If that
// chunk cannot be loaded the app still starts (texts show as keys) rather than stay blank.
await loadMessages(locale).catch(() => undefined);

// The first render is a transition: React renders it in slices of a few milliseconds and lets
// the browser paint and answer input between them, instead of one long task on a slow phone.
const reactRoot = createRoot(root);
startTransition(() => {
  reactRoot.render(
    <StrictMode>
      <I18nProvider initial={locale}>
        <AntdProvider>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AntdProvider>
      </I18nProvider>
    </StrictMode>,
  );
});
