import { z } from 'zod';
import { roles } from '../domain/access/roles.js';

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
