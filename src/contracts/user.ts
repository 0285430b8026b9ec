import { z } from 'zod';
import { grantSchema, roleSchema } from './auth.js';
import { idParam, okBody, paged, positiveId } from './common.js';
import { endpoint } from './endpoint.js';

export const userSummary = z.object({
  id: z.number().int(),
  account: z.string(),
  displayName: z.string(),
  memberId: z.number().int().nullable(),
  active: z.boolean(),
  grants: z.array(grantSchema),
});
export type UserSummary = z.infer<typeof userSummary>;

export const userListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(50).optional(),
});
export const userListResponse = paged(userSummary);

export const userCreateBody = z.object({
  account: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits, _ . @ -'),
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(256),
  memberId: z.number().int().positive().nullable().optional(),
});
export const userUpdateBody = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  active: z.boolean().optional(),
});
export const resetPasswordBody = z.object({ newPassword: z.string().min(1).max(256) });
/** An unlock clears the account's failed logins, so no attempt waits any more. */
export const unlockLoginResponse = z.object({ ok: z.literal(true), failuresCleared: z.number().int() });
export const grantCreateBody = z.object({ role: roleSchema, orgId: z.number().int().positive() });
export const grantParams = z.object({
  id: positiveId,
  grantId: positiveId,
});

const tags = ['user'] as const;

/** Accounts: list, create, enable or disable, reset the password, unlock, grant and revoke roles. */
export const userApi = {
  list: endpoint({
    method: 'GET',
    path: '/users',
    summary: 'Accounts, searched by account or name, one page',
    tags,
    query: userListQuery,
    response: userListResponse,
    errors: [403],
  }),
  get: endpoint({
    method: 'GET',
    path: '/users/:id',
    summary: 'One account with its grants',
    tags,
    params: idParam,
    response: userSummary,
    errors: [403, 404],
  }),
  create: endpoint({
    method: 'POST',
    path: '/users',
    summary: 'Create an account, optionally linked to a member',
    tags,
    body: userCreateBody,
    response: userSummary,
    errors: [403, 404, 409],
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/users/:id',
    summary: 'Rename, enable or disable an account',
    tags,
    params: idParam,
    body: userUpdateBody,
    response: userSummary,
    errors: [403, 404, 409],
  }),
  resetPassword: endpoint({
    method: 'POST',
    path: '/users/:id/reset-password',
    summary: 'Set a new password, to be changed at the next login',
    tags,
    params: idParam,
    body: resetPasswordBody,
    response: okBody,
    errors: [403, 404],
  }),
  unlockLogin: endpoint({
    method: 'POST',
    path: '/users/:id/unlock-login',
    summary: "Clear the account's failed logins so it may log in again at once",
    tags,
    params: idParam,
    response: unlockLoginResponse,
    errors: [403, 404],
  }),
  addGrant: endpoint({
    method: 'POST',
    path: '/users/:id/grants',
    summary: 'Grant a role over an organisation',
    tags,
    params: idParam,
    body: grantCreateBody,
    response: userSummary,
    errors: [403, 404, 409],
  }),
  removeGrant: endpoint({
    method: 'DELETE',
    path: '/users/:id/grants/:grantId',
    summary: 'Revoke one grant',
    tags,
    params: grantParams,
    response: userSummary,
    errors: [403, 404, 409],
  }),
};
