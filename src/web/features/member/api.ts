import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  MemberDetail,
  memberCreateBody,
  memberListResponse,
  memberTransferBody,
  memberUpdateBody,
} from '../../../contracts/member.js';
import { api } from '../../api/client.js';
import { toQueryString } from '../../lib/format.js';

export interface MemberFilters {
  orgId?: number | undefined;
  q?: string | undefined;
  status?: 'full' | 'probationary' | undefined;
  includeInactive?: boolean | undefined;
}

/** The list and the export take the same filters, so the file holds exactly what the table shows. */
export function memberFilterQuery(f: MemberFilters): Record<string, string | number | undefined> {
  return {
    orgId: f.orgId,
    q: f.q?.trim() || undefined,
    status: f.status,
    includeInactive: f.includeInactive ? 'true' : undefined,
  };
}

export function useMembers(f: MemberFilters, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: ['members', 'list', memberFilterQuery(f), page, pageSize],
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof memberListResponse>>(
        `/members${toQueryString({ ...memberFilterQuery(f), page, pageSize })}`,
        {
          signal,
        },
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Members matching a search, for pickers (link an account to a member). */
export function useMemberSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['members', 'search', q],
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof memberListResponse>>(`/members${toQueryString({ q: q.trim(), pageSize: 20 })}`, {
        signal,
      }),
    enabled: enabled && q.trim().length > 0,
    staleTime: 30_000,
  });
}

export function exportMembers(f: MemberFilters, fallbackName: string) {
  return api.download(`/members/export.xlsx${toQueryString(memberFilterQuery(f))}`, fallbackName);
}

export const memberKey = (id: number) => ['members', 'detail', id] as const;

export function useMember(id: number | null) {
  return useQuery({
    queryKey: memberKey(id ?? 0),
    queryFn: () => api.get<MemberDetail>(`/members/${id}`),
    enabled: id != null && id > 0,
  });
}

function useMemberMutation<V>(fn: (v: V) => Promise<MemberDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (m) => {
      qc.setQueryData(memberKey(m.id), m);
      // Counts on the org tree change with members too.
      void qc.invalidateQueries({ queryKey: ['members', 'list'] });
      void qc.invalidateQueries({ queryKey: ['orgs'] });
    },
  });
}

export const useCreateMember = () =>
  useMemberMutation((body: z.input<typeof memberCreateBody>) => api.post<MemberDetail>('/members', body));

export const useUpdateMember = () =>
  useMemberMutation(({ id, body }: { id: number; body: z.input<typeof memberUpdateBody> }) =>
    api.patch<MemberDetail>(`/members/${id}`, body),
  );

export const useTransferMember = () =>
  useMemberMutation(({ id, body }: { id: number; body: z.input<typeof memberTransferBody> }) =>
    api.post<MemberDetail>(`/members/${id}/transfer`, body),
  );

export const useDeactivateMember = () =>
  useMemberMutation(({ id, date, reason }: { id: number; date: string; reason?: string }) =>
    api.post<MemberDetail>(`/members/${id}/deactivate`, { date, ...(reason ? { reason } : {}) }),
  );
