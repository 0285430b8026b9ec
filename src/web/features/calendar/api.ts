import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarYear } from '../../../contracts/calendar.js';
import { api } from '../../api/client.js';
import type { ArrangementRow } from '../../lib/calendar.js';

export const calendarKey = (year: number) => ['calendar', year] as const;

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarKey(year),
    queryFn: () => api.get<CalendarYear>(`/calendar/years/${year}`),
  });
}

/** Replaces the year's overrides; an empty list returns the year to the library. */
export function useSaveCalendarYear(year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (days: ArrangementRow[]) =>
      api.put<CalendarYear>(`/calendar/years/${year}`, {
        days: days.map((d) => ({ date: d.date, kind: d.kind, name: d.name?.trim() || null })),
      }),
    onSuccess: (data) => qc.setQueryData(calendarKey(year), data),
  });
}
