import { z } from 'zod';
import { roles } from '../domain/access/roles.js';
import { serverDayResponse } from './calendar.js';
import { okBody } from './common.js';
import { endpoint } from './endpoint.js';

export const roleSchema = z.enum(roles);

export const grantSchema = z.object({
  id: z.number().int(),
  role: roleSchema,
  orgId: z.number().int(),
  orgName: z.string(),
  orgCode: z.string(),
});

export const loginBody = z.object({
  account: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const meResponse = z.object({
  id: z.number().int(),
  account: z.string(),
  displayName: z.string(),
  memberId: z.number().int().nullable(),
  mustChangePassword: z.boolean(),
  locale: z.string().nullable(),
  grants: z.array(grantSchema),
  /** Permissions the user holds somewhere, for the client to show or hide menus. */
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meResponse>;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

const tags = ['auth'] as const;

/** Logging in and out, the session's own account, and changing one's password. */
export const authApi = {
  login: endpoint({
    method: 'POST',
    path: '/auth/login',
    summary: 'Log in with account and password; sets the session cookie and returns the CSRF token',
    tags,
    access: 'public',
    body: loginBody,
    response: meResponse,
    errors: [401, 403, 429],
  }),
  logout: endpoint({
    method: 'POST',
    path: '/auth/logout',
    summary: 'End the session and clear its cookie',
    tags,
    allowBeforePasswordChange: true,
    response: okBody,
  }),
  me: endpoint({
    method: 'GET',
    path: '/auth/me',
    summary: "The session's account, grants and permissions, with its CSRF token",
    tags,
    allowBeforePasswordChange: true,
    response: meResponse,
  }),
  session: endpoint({
    method: 'GET',
    path: '/auth/session',
    summary:
      "Who is logged in: the session's account as /auth/me gives it, or null without a session " +
      '(the app asks this on start; "nobody" is an answer, not a 401), with the server\'s day as ' +
      '/calendar/today gives it when someone is (the app needs both before its first page)',
    tags,
    access: 'public',
    response: z.object({ user: meResponse.nullable(), day: serverDayResponse.nullable() }),
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/auth/password',
    summary: "Change one's own password (the current one is required)",
    tags,
    allowBeforePasswordChange: true,
    body: changePasswordBody,
    response: okBody,
  }),
};
