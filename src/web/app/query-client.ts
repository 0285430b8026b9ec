import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.js';

/** A cache of server state with the app's defaults (the server draws a page with one of its own). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change on retry; network trouble and 5xx get two more tries.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

/** The app's one cache of server state (TanStack Query). */
export const queryClient = createQueryClient();
