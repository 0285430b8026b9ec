import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type Locale } from './errors.js';

/** The one error shape every answer carries: `{ error: { code, message, messages, details } }`. */
export function errorPayload(appErr: AppError, locale: Locale) {
  return {
    error: {
      code: appErr.code,
      message: appErr.messageIn(locale),
      messages: { 'zh-CN': appErr.messageIn('zh-CN'), en: appErr.messageIn('en') },
      ...(appErr.details === undefined ? {} : { details: appErr.details }),
    },
  };
}

/**
 * Maps anything thrown to an AppError: ours pass through; Fastify's, the multipart parser's and
 * the database's are translated. A client mistake the framework reports (4xx) stays a 4xx with
 * its framework code in `details`; anything else is `internal`.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as FastifyError & { code?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    return new AppError('validation_failed', {
      issues: e.validation.map((v) => ({
        path: `${e.validationContext ?? ''}${v.instancePath}`.replace(/\//g, '.'),
        message: v.message,
      })),
    });
  }
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('file_too_large');
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) {
    return new AppError('request_too_large', { frameworkCode: e.code });
  }
  if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('file_missing');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) {
    return new AppError('unsupported_media_type', { frameworkCode: e.code });
  }
  if (
    e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    e.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' ||
    (err instanceof SyntaxError && e.statusCode === 400)
  ) {
    return new AppError('malformed_body', { reason: String(e.message ?? ''), frameworkCode: e.code });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('validation_failed', {
      reason: String(e.message ?? ''),
      ...(typeof e.code === 'string' ? { frameworkCode: e.code } : {}),
    });
  }
  const msg = String(e.message ?? '');
  if (/UNIQUE constraint failed|duplicate key value/i.test(msg))
    return new AppError('conflict', { reason: msg });
  return new AppError('internal');
}
