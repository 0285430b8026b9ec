import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditListResponse, auditVerifyResponse } from '../../../contracts/audit.js';
import { api } from '../../api/client.js';
import { toQueryString } from '../../lib/format.js';

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
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof auditListResponse>>(`/audit${toQueryString({ ...f, page, pageSize })}`, {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({
    mutationFn: () => api.post<z.infer<typeof auditVerifyResponse>>('/audit/verify', {}),
  });
}
