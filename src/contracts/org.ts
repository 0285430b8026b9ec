import { z } from 'zod';
import { partyKinds, unitKinds } from '../domain/org/tree.js';
import { idParam, isoDate } from './common.js';
import { endpoint } from './endpoint.js';

export const orgKind = z.enum([...partyKinds, ...unitKinds]);
export const treeSchema = z.enum(['party', 'unit']);

export const orgNode = z.object({
  id: z.number().int(),
  tree: treeSchema,
  kind: orgKind,
  code: z.string(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  sortOrder: z.number().int(),
  activeFrom: z.string(),
  activeTo: z.string().nullable(),
  linkedUnitId: z.number().int().nullable(),
  /** Active members directly in this node (party tree) — not in its descendants. */
  memberCount: z.number().int(),
});
export type OrgNode = z.infer<typeof orgNode>;

export const orgListQuery = z.object({
  tree: treeSchema.default('party'),
  includeInactive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export const orgListResponse = z.object({ items: z.array(orgNode) });

export const orgCreateBody = z.object({
  kind: orgKind,
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -'),
  name: z.string().trim().min(1).max(100),
  parentId: z.number().int().positive().nullable(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  activeFrom: isoDate.optional(),
  linkedUnitId: z.number().int().positive().nullable().optional(),
});

export const orgUpdateBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_.-]+$/)
    .optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  linkedUnitId: z.number().int().positive().nullable().optional(),
});

export const orgMoveBody = z.object({ parentId: z.number().int().positive() });
export const orgDeactivateBody = z.object({ activeTo: isoDate.optional() });

const tags = ['org'] as const;

/** The organisation trees' endpoints. */
export const orgApi = {
  list: endpoint({
    method: 'GET',
    path: '/orgs',
    summary: "One whole tree (party or unit) within the user's reach, as a flat list",
    tags,
    query: orgListQuery,
    response: orgListResponse,
    errors: [403],
  }),
  get: endpoint({
    method: 'GET',
    path: '/orgs/:id',
    summary: 'One organisation node',
    tags,
    params: idParam,
    response: orgNode,
    errors: [403, 404],
  }),
  create: endpoint({
    method: 'POST',
    idempotent: true,
    path: '/orgs',
    summary: 'Create a node under a parent of a kind that may hold it',
    tags,
    body: orgCreateBody,
    response: orgNode,
    errors: [403, 404, 409],
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/orgs/:id',
    summary: 'Rename, recode, reorder or relink a node',
    tags,
    params: idParam,
    body: orgUpdateBody,
    response: orgNode,
    errors: [403, 404, 409],
  }),
  move: endpoint({
    method: 'POST',
    path: '/orgs/:id/move',
    summary: 'Move a node and its subtree under another parent',
    tags,
    params: idParam,
    body: orgMoveBody,
    response: orgNode,
    errors: [403, 404, 409],
  }),
  deactivate: endpoint({
    method: 'POST',
    path: '/orgs/:id/deactivate',
    summary: 'End a node (never deleted); refused while it holds members or active children',
    tags,
    params: idParam,
    body: orgDeactivateBody,
    response: orgNode,
    errors: [403, 404, 409],
  }),
};
