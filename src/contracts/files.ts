import { z } from 'zod';
import { idParam } from './common.js';
import { endpoint } from './endpoint.js';

export const fileInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  hash: z.string(),
  previewable: z.boolean(),
  orgId: z.number().int().nullable(),
  uploadedAt: z.string(),
  /** Whether the same content was already stored (by anyone): then no second copy was written. */
  deduplicated: z.boolean(),
});
export type FileInfo = z.infer<typeof fileInfo>;

/** The evidence upload, described for the OpenAPI document (the body is multipart, read by the route). */
export const evidenceUploadBody = z.unknown().meta({
  type: 'object',
  properties: {
    orgId: { type: 'integer', description: 'The org the file is evidence for' },
    file: { type: 'string', format: 'binary', description: 'An image, PDF, OFD or Office document' },
  },
  required: ['orgId', 'file'],
});

const tags = ['files'] as const;

/** Evidence files: upload, describe, read. */
export const filesApi = {
  upload: endpoint({
    method: 'POST',
    path: '/files',
    summary: 'Upload one evidence file for an organisation',
    description:
      'Upload one evidence file: multipart/form-data with fields `orgId` (the org it is evidence for) and `file`.',
    tags,
    kind: 'upload',
    body: evidenceUploadBody,
    response: fileInfo,
    errors: [403, 404, 413, 415],
  }),
  meta: endpoint({
    method: 'GET',
    path: '/files/:id/meta',
    summary: "One file's name, size, type and organisation",
    tags,
    params: idParam,
    response: fileInfo,
    errors: [403, 404],
  }),
  content: endpoint({
    method: 'GET',
    path: '/files/:id',
    summary: 'The file content',
    description: 'The file content: inline for images and PDF, as a download otherwise.',
    tags,
    kind: 'download',
    params: idParam,
    response: z.unknown(),
    errors: [403, 404],
  }),
};
