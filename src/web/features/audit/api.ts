import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { call } from '../../api/call.js';
import { auditApi } from '../../api/endpoints.js';

export interface AuditFilters {
  entityType?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function useAudit(f: AuditFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', f, page, pageSize],
    queryFn: ({ signal }) => call(auditApi.list, { query: { ...f, page, pageSize } }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({
    mutationFn: () => call(auditApi.verify, {}),
  });
}
