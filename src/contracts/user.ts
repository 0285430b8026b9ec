import { z } from 'zod';
import { grantSchema, roleSchema } from './auth.js';
import { paged, positiveId } from './common.js';

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
