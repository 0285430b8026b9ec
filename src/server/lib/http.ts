import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionInfo } from '../modules/auth/auth.service.js';
import type { Ctx, Deps } from './context.js';
import { AppError, type Locale, pickLocale } from './errors.js';
import type { IdempotencyDeps } from './idempotency.js';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionInfo | null;
    locale: Locale;
  }
  interface FastifyInstance {
    /** Where idempotent endpoints keep their first answers (set by buildApp). */
    idempotency: IdempotencyDeps;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, the ballot page later). */
    public?: boolean;
    /** Answers while the user's password must be changed (me, change password, logout). */
    beforePasswordChange?: boolean;
    /** Set by `route()`: the route comes from the endpoint table. */
    endpoint?: boolean;
  }
}

export const SESSION_COOKIE = 'kaohe_sid';

/** The use-case context of an authenticated request; `unauthenticated` if there is none. */
export function ctxOf(deps: Deps, req: FastifyRequest): Ctx {
  if (!req.session) throw new AppError('unauthenticated');
  return { ...deps, user: req.session.user, locale: req.locale, ip: req.ip };
}

/** Sends an xlsx workbook as a download with a UTF-8 file name. */
export function sendXlsx(reply: FastifyReply, fileName: string, buffer: Buffer | ArrayBuffer) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header(
      'content-disposition',
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer));
}

export { pickLocale };
