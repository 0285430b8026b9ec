import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/call.js';
import { calendarApi } from '../../api/endpoints.js';
import type { ArrangementRow } from '../../lib/calendar.js';

export const calendarKey = (year: number) => ['calendar', year] as const;

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarKey(year),
    queryFn: ({ signal }) => call(calendarApi.getYear, { params: { year } }, { signal }),
  });
}

/** Replaces the year's overrides; an empty list returns the year to the library. */
export function useSaveCalendarYear(year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (days: ArrangementRow[]) =>
      call(calendarApi.setYear, {
        params: { year },
        body: { days: days.map((d) => ({ date: d.date, kind: d.kind, name: d.name?.trim() || null })) },
      }),
    onSuccess: (data) => qc.setQueryData(calendarKey(year), data),
  });
}
