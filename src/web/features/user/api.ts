import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { UserSummary, userCreateBody } from '../../../contracts/user.js';
import type { Role } from '../../../domain/access/roles.js';
import { call } from '../../api/call.js';
import { userApi } from '../../api/endpoints.js';

export function useUsers(q: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['users', q, page, pageSize],
    queryFn: ({ signal }) =>
      call(userApi.list, { query: { q: q.trim() || undefined, page, pageSize } }, { signal }),
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
  useUserMutation((body: z.input<typeof userCreateBody>) => call(userApi.create, { body }));

export const useSetUserActive = () =>
  useUserMutation(({ id, active }: { id: number; active: boolean }) =>
    call(userApi.update, { params: { id }, body: { active } }),
  );

export const useAddGrant = () =>
  useUserMutation(({ id, role, orgId }: { id: number; role: Role; orgId: number }) =>
    call(userApi.addGrant, { params: { id }, body: { role, orgId } }),
  );

export const useRemoveGrant = () =>
  useUserMutation(({ id, grantId }: { id: number; grantId: number }) =>
    call(userApi.removeGrant, { params: { id, grantId } }),
  );

export function useUnlockLogin() {
  return useMutation({
    mutationFn: (id: number) => call(userApi.unlockLogin, { params: { id } }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, newPassword }: { id: number; newPassword: string }) =>
      call(userApi.resetPassword, { params: { id }, body: { newPassword } }),
  });
}
