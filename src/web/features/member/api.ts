import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { z } from 'zod';
import type { WireInput } from '../../../contracts/endpoint.js';
import type {
  MemberDetail,
  memberCreateBody,
  memberListQuery,
  memberTransferBody,
  memberUpdateBody,
} from '../../../contracts/member.js';
import { call, callDownload } from '../../api/call.js';
import { ioApi, memberApi } from '../../api/endpoints.js';

export interface MemberFilters {
  orgId?: number | undefined;
  q?: string | undefined;
  status?: 'full' | 'probationary' | undefined;
  includeInactive?: boolean | undefined;
}

/** The list and the export take the same filters, so the file holds exactly what the table shows. */
export function memberFilterQuery(f: MemberFilters): WireInput<typeof memberListQuery> {
  return {
    orgId: f.orgId,
    q: f.q?.trim() || undefined,
    status: f.status,
    includeInactive: f.includeInactive ? ('true' as const) : undefined,
  };
}

export function useMembers(f: MemberFilters, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: ['members', 'list', memberFilterQuery(f), page, pageSize],
    queryFn: ({ signal }) =>
      call(memberApi.list, { query: { ...memberFilterQuery(f), page, pageSize } }, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The list's pages, read by cursor where it can: a page reached from the one before it asks
 * the server for the rows after that page's last member (keyset paging: no offset to skip, no
 * count again); a page opened by number (a link, a jump) is read by offset and counted. The
 * total shown is the last one counted for the same filters.
 */
export function useMemberPages(f: MemberFilters, page: number, pageSize: number, enabled = true) {
  const query = memberFilterQuery(f);
  const key = JSON.stringify([query, pageSize]);
  const seen = useRef<{ key: string; cursors: Map<number, string>; total: number | null }>({
    key,
    cursors: new Map(),
    total: null,
  });
  if (seen.current.key !== key) seen.current = { key, cursors: new Map(), total: null };
  const after = seen.current.cursors.get(page);
  const result = useQuery({
    queryKey: ['members', 'list', query, page, pageSize, after ?? null],
    queryFn: ({ signal }) => call(memberApi.list, { query: { ...query, page, pageSize, after } }, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
  const data = result.data;
  if (data && seen.current.key === key) {
    if (data.nextCursor) seen.current.cursors.set(data.page + 1, data.nextCursor);
    if (data.total !== null) seen.current.total = data.total;
  }
  return { result, total: seen.current.total ?? data?.items.length ?? 0 };
}

/** Members matching a search, for pickers (link an account to a member). */
export function useMemberSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['members', 'search', q],
    queryFn: ({ signal }) => call(memberApi.list, { query: { q: q.trim(), pageSize: 20 } }, { signal }),
    enabled: enabled && q.trim().length > 0,
    staleTime: 30_000,
  });
}

export function exportMembers(f: MemberFilters, fallbackName: string) {
  return callDownload(ioApi.memberExport, { query: memberFilterQuery(f) }, fallbackName);
}

export const memberKey = (id: number) => ['members', 'detail', id] as const;

export function useMember(id: number | null) {
  return useQuery({
    queryKey: memberKey(id ?? 0),
    queryFn: () => call(memberApi.get, { params: { id: id ?? 0 } }),
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
  useMemberMutation((body: z.input<typeof memberCreateBody>) => call(memberApi.create, { body }));

export const useUpdateMember = () =>
  useMemberMutation(({ id, body }: { id: number; body: z.input<typeof memberUpdateBody> }) =>
    call(memberApi.update, { params: { id }, body }),
  );

export const useTransferMember = () =>
  useMemberMutation(({ id, body }: { id: number; body: z.input<typeof memberTransferBody> }) =>
    call(memberApi.transfer, { params: { id }, body }),
  );

export const useDeactivateMember = () =>
  useMemberMutation(({ id, date, reason }: { id: number; date: string; reason?: string }) =>
    call(memberApi.deactivate, { params: { id }, body: { date, ...(reason ? { reason } : {}) } }),
  );
