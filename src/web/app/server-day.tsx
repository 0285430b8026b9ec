import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import type { ServerDay } from '../../contracts/calendar.js';
import { call } from '../api/call.js';
import { calendarApi } from '../api/endpoints.js';
import { ErrorAlert, FullPageSpinner } from '../components/feedback.js';

export const serverDayKey = ['server-day'] as const;

/**
 * The server's day (`GET /calendar/today`). Business dates — the default quarter, month, scheme
 * year, "printed on", the latest date an input accepts — follow the server, whose clock decides
 * what is open and what is late; the browser's clock may be wrong or in another zone. Checked
 * again every few minutes so a page left open over midnight moves to the new day.
 */
export const serverDayQuery = {
  queryKey: serverDayKey,
  queryFn: ({ signal }: { signal: AbortSignal }) => call(calendarApi.today, {}, { signal }),
  staleTime: 60_000,
};

export function useServerDayQuery() {
  return useQuery({ ...serverDayQuery, refetchInterval: 5 * 60_000 });
}

const ServerDayContext = createContext<ServerDay | null>(null);

/** Holds the logged-in app until the server's day is known, then provides it to every page. */
export function ServerDayProvider({ children }: { children: ReactNode }) {
  const day = useServerDayQuery();
  if (day.isPending) return <FullPageSpinner />;
  if (day.isError && !day.data) {
    return (
      <div style={{ padding: 24 }}>
        <ErrorAlert error={day.error} onRetry={() => void day.refetch()} />
      </div>
    );
  }
  return <ServerDayContext.Provider value={day.data}>{children}</ServerDayContext.Provider>;
}

/** The server's day inside the logged-in app (RequireAuth provides it). */
export function useServerDay(): ServerDay {
  const day = useContext(ServerDayContext);
  if (!day) throw new Error('useServerDay outside the logged-in app');
  return day;
}

/** Today in China on the server's clock, `YYYY-MM-DD`. */
export function useToday(): string {
  return useServerDay().today;
}

/** The server's day where one is provided, else null (components also used outside the logged-in app). */
export function useOptionalToday(): string | null {
  return useContext(ServerDayContext)?.today ?? null;
}
