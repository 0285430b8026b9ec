import { call } from '../../api/call.js';
import { pointsApi } from '../../api/endpoints.js';

/**
 * The points queries a route starts before its page's code is here (`app/routes.tsx`): kept out
 * of `api.ts` so that the app's first file carries only these.
 */
export const pointsKey = ['points'] as const;

export const schemesQuery = {
  queryKey: [...pointsKey, 'schemes'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    call(pointsApi.listSchemes, {}, { signal }).then((r) => r.items),
  staleTime: 60_000,
};

export const myPointsQuery = (year?: number) => ({
  queryKey: [...pointsKey, 'me', year ?? 0],
  queryFn: ({ signal }: { signal: AbortSignal }) => call(pointsApi.me, { query: { year } }, { signal }),
});
