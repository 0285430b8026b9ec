import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import type { z } from 'zod';
import type { changePasswordBody, loginBody, Me } from '../../contracts/auth.js';
import { call } from '../api/call.js';
import { setCsrfToken } from '../api/client.js';
import { authApi } from '../api/endpoints.js';
import { serverDayKey } from '../app/server-day.js';

export const meKey = ['me'] as const;

/** Counts this page's logins and logouts (see `fetchMe`). */
let sessionChanges = 0;

/**
 * The logged-in user, or null when there is no session. Asked of /auth/session, which answers
 * "nobody" with 200: a 401 on every visit to the login page would be a console error. With a
 * session it also gives the server's day, which goes straight into its query (no second trip
 * before the first page).
 */
export async function fetchMe(qc?: QueryClient): Promise<Me | null> {
  const asked = sessionChanges;
  const { user, day } = await call(authApi.session, {});
  // Asked before a login or logout and answered after it: the answer speaks of the session
  // before (a quick login on a slow network), so it must not undo the new one's CSRF token.
  if (asked !== sessionChanges) return (qc?.getQueryData<Me | null>(meKey) ?? null) as Me | null;
  setCsrfToken(user?.csrfToken ?? null);
  if (day) qc?.setQueryData(serverDayKey, day);
  return user;
}

export const meQuery = (qc: QueryClient) => ({
  queryKey: meKey,
  queryFn: () => fetchMe(qc),
  staleTime: 5 * 60_000,
});

export function useMeQuery() {
  return useQuery({ ...meQuery(useQueryClient()), retry: 1 });
}

const MeContext = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** The current user inside the authenticated part of the app (RequireAuth provides it). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside an authenticated route');
  return me;
}

export function hasPermission(me: Pick<Me, 'permissions'>, permission: string): boolean {
  return me.permissions.includes(permission);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof loginBody>) => call(authApi.login, { body }, { allow401: true }),
    onSuccess: (me) => {
      sessionChanges += 1;
      setCsrfToken(me.csrfToken);
      // Data cached for a previous user must not show for this one.
      qc.clear();
      qc.setQueryData(meKey, me);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(authApi.logout, {}, { allow401: true }),
    onSettled: () => {
      sessionChanges += 1;
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof changePasswordBody>) => call(authApi.changePassword, { body }),
    onSuccess: () => {
      // Lift the gate at once, so the page navigated to next is not sent back here by stale data.
      qc.setQueryData<Me | null>(meKey, (me) => (me ? { ...me, mustChangePassword: false } : me));
      return qc.invalidateQueries({ queryKey: meKey });
    },
  });
}
