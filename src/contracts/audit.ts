import { z } from 'zod';
import { paged } from './common.js';
import { endpoint } from './endpoint.js';

export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUserId: z.number().int().nullable(),
  actorAccount: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** What the entity is called (an org's name and code, a member's name), when it can be found. */
  entityName: z.string().nullable(),
  orgId: z.number().int().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(50).optional(),
  action: z.string().max(80).optional(),
  actor: z.string().max(64).optional(),
  from: z.string().max(30).optional(),
  to: z.string().max(30).optional(),
});
export const auditListResponse = paged(auditEntry);

export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
});

const tags = ['audit'] as const;

/** The audit log: read it, and check its hash chain. */
export const auditApi = {
  list: endpoint({
    method: 'GET',
    path: '/audit',
    summary: 'Audit entries, newest first, filtered by entity, action, actor and time',
    tags,
    query: auditListQuery,
    response: auditListResponse,
    errors: [403],
  }),
  verify: endpoint({
    method: 'POST',
    path: '/audit/verify',
    summary: "Recompute the log's hash chain and report the first broken entry, if any",
    tags,
    response: auditVerifyResponse,
    errors: [403],
  }),
};
