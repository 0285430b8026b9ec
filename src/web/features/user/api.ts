import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { UserSummary, userCreateBody, userListResponse } from '../../../contracts/user.js';
import type { Role } from '../../../domain/access/roles.js';
import { api } from '../../api/client.js';
import { toQueryString } from '../../lib/format.js';

export function useUsers(q: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['users', q, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof userListResponse>>(
        `/users${toQueryString({ q: q.trim() || undefined, page, pageSize })}`,
        {
          signal,
        },
      ),
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<V>(fn: (v: V) => Promise<UserSummary>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

export const useCreateUser = () =>
  useUserMutation((body: z.input<typeof userCreateBody>) => api.post<UserSummary>('/users', body));

export const useSetUserActive = () =>
  useUserMutation(({ id, active }: { id: number; active: boolean }) =>
    api.patch<UserSummary>(`/users/${id}`, { active }),
  );

export const useAddGrant = () =>
  useUserMutation(({ id, role, orgId }: { id: number; role: Role; orgId: number }) =>
    api.post<UserSummary>(`/users/${id}/grants`, { role, orgId }),
  );

export const useRemoveGrant = () =>
  useUserMutation(({ id, grantId }: { id: number; grantId: number }) =>
    api.delete<UserSummary>(`/users/${id}/grants/${grantId}`),
  );

export function useUnlockLogin() {
  return useMutation({
    mutationFn: (id: number) =>
      api.post<{ ok: true; failuresCleared: number }>(`/users/${id}/unlock-login`, {}),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, newPassword }: { id: number; newPassword: string }) =>
      api.post<{ ok: true }>(`/users/${id}/reset-password`, { newPassword }),
  });
}
