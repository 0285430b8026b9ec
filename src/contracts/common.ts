import { z } from 'zod';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }, 'not a calendar date');

/**
 * A record id in a path or query: positive decimal digits only. `z.coerce.number()` would also
 * take `0x10`, `1e1`, ` 16` or `16.0` as 16; here they stay text and fail as not a number.
 */
export const positiveId = z.preprocess(
  (v) => (typeof v === 'string' && /^[1-9][0-9]{0,14}$/.test(v) ? Number(v) : v),
  z.number().int().positive(),
);

export const idParam = z.object({ id: positiveId });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messages: z.object({ 'zh-CN': z.string(), en: z.string() }),
    details: z.unknown().optional(),
  }),
});

export const okBody = z.object({ ok: z.literal(true) });

/**
 * An action the viewer's role takes here but the state does not allow yet, with the refusal the
 * server would answer (its error code and messages): the page shows the button disabled with this
 * reason instead of letting it fail.
 */
export const blockedAction = z.object({
  action: z.string(),
  code: z.string(),
  messages: z.object({ 'zh-CN': z.string(), en: z.string() }),
});
export type BlockedAction = z.infer<typeof blockedAction>;
