import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { activityDetail, activityView } from '../../../contracts/points.js';
import { call } from '../../api/call.js';
import { pointsApi } from '../../api/endpoints.js';
import { pointsKey } from './api.js';

export type ActivityView = z.infer<typeof activityView>;
export type ActivityDetail = z.infer<typeof activityDetail>;

/** Recorded activities of the viewer's scope (optionally one org's subtree), the latest first. */
export function useActivities(
  branchId: number | undefined,
  page: number,
  pageSize: number,
  opts: { waiting?: boolean; enabled?: boolean } = {},
) {
  const waiting = opts.waiting ? ('true' as const) : undefined;
  return useQuery({
    queryKey: [...pointsKey, 'activities', branchId ?? 0, waiting ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      call(pointsApi.activities, { query: { branchId, waiting, page, pageSize } }, { signal }),
    enabled: opts.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}

/** One activity with who attended and who did not (refreshed with the entries: same key prefix). */
export function useActivity(id: number | null) {
  return useQuery({
    queryKey: [...pointsKey, 'activity', id ?? 0],
    queryFn:
      id == null ? skipToken : ({ signal }) => call(pointsApi.activity, { params: { id } }, { signal }),
  });
}
