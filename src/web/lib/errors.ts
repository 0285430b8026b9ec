import type { BlockedAction } from '../../contracts/common.js';
import type { Locale } from './format.js';

/** What the client knows of a server error (the `ApiError` fields that matter here). */
export interface ErrorLike {
  code: string;
  messages: Record<Locale, string>;
  details?: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

interface Issue {
  path: string;
  message: string;
}

function issuesOf(details: unknown): Issue[] {
  if (!details || typeof details !== 'object') return [];
  const issues = (details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is Issue => !!i && typeof i === 'object' && typeof (i as Issue).path === 'string',
  );
}

/** `body.code` or `.code` (Fastify's validation path) → `code`. */
export function fieldOfPath(path: string): string {
  return path.replace(/^(body|querystring|params)?\.?/, '').split('.')[0] ?? '';
}

/**
 * Places a server error on the form fields it concerns, so it appears under the input rather
 * than in a banner: schema issues by their path, a service's `details.field`, and codes the
 * caller ties to a field (e.g. `duplicate_code` → `code`). Fields the form does not have are
 * left out; the caller shows the error as a banner when nothing was placed.
 */
export function fieldErrors(
  err: ErrorLike,
  locale: Locale,
  fields: readonly string[],
  codeFields: Readonly<Record<string, string>> = {},
): FieldError[] {
  const message = err.messages[locale];
  const known = new Set(fields);
  const out: FieldError[] = [];
  const add = (field: string) => {
    if (known.has(field) && !out.some((f) => f.field === field)) out.push({ field, message });
  };
  const byCode = codeFields[err.code];
  if (byCode) add(byCode);
  if (err.code === 'validation_failed') {
    for (const issue of issuesOf(err.details)) add(fieldOfPath(issue.path));
    const single = (err.details as { field?: unknown } | undefined)?.field;
    if (typeof single === 'string') add(single);
  }
  return out;
}

/**
 * Whether trying the same call again can help: a network failure (status 0), an unreadable or
 * server-side failure (5xx) or throttling (429). A refusal (403), something missing (404), a
 * state that forbids it (409) or bad input (4xx) answers the same again, so no 重试 for those.
 */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** Ant Design's rejection when a form's own validation fails (the fields already show why). */
export function isFormValidationError(e: unknown): boolean {
  return !!e && typeof e === 'object' && Array.isArray((e as { errorFields?: unknown }).errorFields);
}

/**
 * Why the server would refuse `action` now (from a response's `blocked` list), in `locale`, or
 * null when it is allowed: a page disables the button and shows this instead of letting it fail.
 */
export function blockedReason(
  blocked: readonly BlockedAction[] | undefined,
  action: string,
  locale: Locale,
): string | null {
  return blocked?.find((b) => b.action === action)?.messages[locale] ?? null;
}
