import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { MeProvider, useMe, useMeQuery } from '../auth/session.js';
import { ErrorAlert, FullPageSpinner, PageSpinner } from '../components/feedback.js';
import type { NavUser } from '../lib/nav.js';
import { ServerDayProvider } from './server-day.js';

/**
 * The gate of the logged-in app: no session → the login page (coming back here afterwards);
 * a password that must be changed → the change-password page before anything else.
 */
export function RequireAuth() {
  const me = useMeQuery();
  const location = useLocation();
  if (me.isPending) return <FullPageSpinner />;
  if (me.isError) {
    return (
      <div style={{ padding: 24 }}>
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mustChangePassword && location.pathname !== '/password') {
    return <Navigate to="/password" replace />;
  }
  return (
    <MeProvider me={me.data}>
      <ServerDayProvider>
        <Outlet />
      </ServerDayProvider>
    </MeProvider>
  );
}

const Forbidden = lazy(async () => ({ default: (await import('../components/result-pages.js')).Forbidden }));

/** Shows the child route only to users the menu would offer it to. */
export function RequireNav({ rule }: { rule: (u: NavUser) => boolean }) {
  const me = useMe();
  return rule(me) ? (
    <Outlet />
  ) : (
    <Suspense fallback={<PageSpinner />}>
      <Forbidden />
    </Suspense>
  );
}
