import { z } from 'zod';

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
