import { z } from 'zod';
import { idParam, isoDate, positiveId } from './common.js';
import { endpoint } from './endpoint.js';

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
  /**
   * Keyset paging: the `nextCursor` of the previous page. The page then starts after that
   * member (employee-number order), whatever was added or removed before it, and the total is
   * not counted again (null); `page` only labels it. Without it, `page` is an offset.
   */
  after: z.string().min(1).max(200).optional(),
});
export const memberListResponse = z.object({
  items: z.array(memberSummary),
  /** Counted on a page asked by number; null on a page asked by cursor (the first page's count holds). */
  total: z.number().int().nullable(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The cursor of the page after this one (`after`), or null on the last page. */
  nextCursor: z.string().nullable(),
});

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

const tags = ['member'] as const;

/** The members' endpoints (the xlsx export is an io endpoint). */
export const memberApi = {
  list: endpoint({
    method: 'GET',
    path: '/members',
    summary: "Members within the user's reach, filtered and paged",
    tags,
    query: memberListQuery,
    response: memberListResponse,
    errors: [403, 404],
  }),
  get: endpoint({
    method: 'GET',
    path: '/members/:id',
    summary: 'One member with the history of their branches',
    tags,
    params: idParam,
    response: memberDetail,
    errors: [403, 404],
  }),
  create: endpoint({
    method: 'POST',
    idempotent: true,
    path: '/members',
    summary: 'Add a member to a branch',
    tags,
    body: memberCreateBody,
    response: memberDetail,
    errors: [403, 404, 409],
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/members/:id',
    summary: "Change a member's details (not the branch: that is a transfer)",
    tags,
    params: idParam,
    body: memberUpdateBody,
    response: memberDetail,
    errors: [403, 404, 409],
  }),
  transfer: endpoint({
    method: 'POST',
    idempotent: true,
    path: '/members/:id/transfer',
    summary: 'Move a member to another branch from a date; the old branch keeps what was earned there',
    tags,
    params: idParam,
    body: memberTransferBody,
    response: memberDetail,
    errors: [403, 404, 409],
  }),
  deactivate: endpoint({
    method: 'POST',
    path: '/members/:id/deactivate',
    summary: "End a member's membership from a date (never deleted)",
    tags,
    params: idParam,
    body: memberDeactivateBody,
    response: memberDetail,
    errors: [403, 404, 409],
  }),
};
