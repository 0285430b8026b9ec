import { z } from 'zod';
import { isoDate, paged, positiveId } from './common.js';

export const memberStatus = z.enum(['probationary', 'full']);
export const gender = z.enum(['M', 'F']);

export const memberSummary = z.object({
  id: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  gender,
  isPartyMember: z.boolean(),
  status: memberStatus.nullable(),
  branchId: z.number().int().nullable(),
  branchName: z.string().nullable(),
  unitId: z.number().int().nullable(),
  post: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
});
export type MemberSummary = z.infer<typeof memberSummary>;

export const memberDetail = memberSummary.extend({
  birthDate: z.string().nullable(),
  joinDate: z.string().nullable(),
  fullDate: z.string().nullable(),
  unitName: z.string().nullable(),
  history: z.array(
    z.object({
      branchId: z.number().int(),
      branchName: z.string(),
      fromDate: z.string(),
      toDate: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  userAccount: z.string().nullable(),
});
export type MemberDetail = z.infer<typeof memberDetail>;

export const memberListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** Restrict to this org's subtree (party tree). */
  orgId: positiveId.optional(),
  q: z.string().trim().max(50).optional(),
  status: memberStatus.optional(),
  isPartyMember: z.enum(['true', 'false']).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});
export const memberListResponse = paged(memberSummary);

const memberFields = {
  name: z.string().trim().min(1).max(50),
  gender,
  birthDate: isoDate.nullable().optional(),
  isPartyMember: z.boolean().default(true),
  status: memberStatus.nullable().optional(),
  joinDate: isoDate.nullable().optional(),
  fullDate: isoDate.nullable().optional(),
  unitId: z.number().int().positive().nullable().optional(),
  post: z.string().trim().max(50).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, 'digits')
    .nullable()
    .optional(),
};

export const memberCreateBody = z.object({
  employeeNo: z.string().trim().min(1).max(32),
  branchId: z.number().int().positive().nullable(),
  ...memberFields,
});
export const memberUpdateBody = z.object({
  name: memberFields.name.optional(),
  gender: gender.optional(),
  birthDate: memberFields.birthDate,
  status: memberFields.status,
  joinDate: memberFields.joinDate,
  fullDate: memberFields.fullDate,
  unitId: memberFields.unitId,
  post: memberFields.post,
  phone: memberFields.phone,
});
export const memberTransferBody = z.object({
  toBranchId: z.number().int().positive(),
  date: isoDate,
  reason: z.string().trim().max(200).optional(),
});
export const memberDeactivateBody = z.object({
  date: isoDate,
  reason: z.string().trim().max(200).optional(),
});
