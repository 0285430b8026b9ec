import type { FastifyInstance } from 'fastify';
import { authApi } from '../../../contracts/auth.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { AppError } from '../../lib/errors.js';
import { ctxOf, SESSION_COOKIE } from '../../lib/http.js';
import { serverDay } from '../calendar/calendar.service.js';
import { changeOwnPassword, describeMe, login, logout, SESSION_MAX_MS } from './auth.service.js';

export function registerAuthRoutes(app: FastifyInstance, deps: Deps) {
  route(app, authApi.login, async ({ body }, req, reply) => {
    const { token, user, csrfToken } = await login(deps, {
      account: body.account,
      password: body.password,
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    });
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      signed: true,
      maxAge: Math.floor(SESSION_MAX_MS / 1000),
    });
    return describeMe({ ...deps, user, locale: req.locale }, csrfToken);
  });

  route(app, authApi.logout, async (_, req, reply) => {
    const ctx = ctxOf(deps, req);
    if (req.session) await logout(ctx, req.session.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  route(app, authApi.me, async (_, req) => {
    const ctx = ctxOf(deps, req);
    if (!req.session) throw new AppError('unauthenticated');
    return describeMe(ctx, req.session.csrfToken);
  });

  route(app, authApi.session, async (_, req) => {
    if (!req.session) return { user: null, day: null };
    const ctx = ctxOf(deps, req);
    return { user: await describeMe(ctx, req.session.csrfToken), day: await serverDay(ctx) };
  });

  route(app, authApi.changePassword, async ({ body }, req) => {
    const ctx = ctxOf(deps, req);
    if (!req.session) throw new AppError('unauthenticated');
    await changeOwnPassword(ctx, req.session.sessionId, body);
    return { ok: true as const };
  });
}
