import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EndpointInput } from '../../../contracts/endpoint.js';
import type { assignBody, checkinBody, correctTermBody, tasksBody } from '../../../contracts/terms.js';
import { call, callDownload } from '../../api/call.js';
import { termsApi } from '../../api/endpoints.js';

const termsKey = ['terms'] as const;

export function useCalendars(year: number) {
  return useQuery({
    queryKey: [...termsKey, 'calendars', year],
    queryFn: ({ signal }) => call(termsApi.listCalendars, { query: { year } }, { signal }),
  });
}

export function useCalendar(id: number | undefined) {
  return useQuery({
    queryKey: [...termsKey, 'calendar', id],
    queryFn: ({ signal }) => call(termsApi.getCalendar, { params: { id: id ?? 0 } }, { signal }),
    enabled: id !== undefined,
  });
}

/** Every change to a calendar refreshes the module's queries (calendar, matrix, tasks, home card). */
function useTermsMutation<T, R>(fn: (v: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: termsKey }) });
}

export const useCreateCalendar = () =>
  useTermsMutation((body: { orgId: number; year: number }) => call(termsApi.createCalendar, { body }));

export const useSetTasks = (id: number) =>
  useTermsMutation((body: z.input<typeof tasksBody>) => call(termsApi.setTasks, { params: { id }, body }));

export const usePublishCalendar = (id: number) =>
  useTermsMutation(() => call(termsApi.publish, { params: { id } }));

export const useCorrectTerm = (id: number) =>
  useTermsMutation((v: { position: number } & z.input<typeof correctTermBody>) =>
    call(termsApi.correctTerm, {
      params: { id, position: v.position },
      body: { startsAt: v.startsAt, reason: v.reason },
    }),
  );

export const useAssignTasks = (id: number) =>
  useTermsMutation((body: z.input<typeof assignBody>) => call(termsApi.assign, { params: { id }, body }));

export function useMatrix(id: number | undefined, query: EndpointInput<typeof termsApi.matrix>['query']) {
  return useQuery({
    queryKey: [...termsKey, 'matrix', id, query],
    queryFn: ({ signal }) => call(termsApi.matrix, { params: { id: id ?? 0 }, query }, { signal }),
    enabled: id !== undefined,
    placeholderData: (prev) => prev,
  });
}

export function downloadMatrix(id: number, orgId: number | undefined, fallbackName: string) {
  return callDownload(termsApi.exportMatrix, { params: { id }, query: orgId ? { orgId } : {} }, fallbackName);
}

export function useMyAssignments() {
  return useQuery({
    queryKey: [...termsKey, 'mine'],
    queryFn: ({ signal }) => call(termsApi.myAssignments, {}, { signal }),
  });
}

export const useCheckIn = (id: number) =>
  useTermsMutation((body: z.input<typeof checkinBody>) => call(termsApi.checkIn, { params: { id }, body }));

export function useCurrentTerm(enabled = true) {
  return useQuery({
    queryKey: [...termsKey, 'current'],
    queryFn: ({ signal }) => call(termsApi.current, {}, { signal }),
    enabled,
  });
}
