import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePasswordBody, loginBody, meResponse } from '../../../contracts/auth.js';
import { errorBody, okBody } from '../../../contracts/common.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { ctxOf, SESSION_COOKIE } from '../../lib/http.js';
import { changeOwnPassword, describeMe, login, logout, SESSION_MAX_MS } from './auth.service.js';

export function registerAuthRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        security: [],
        body: loginBody,
        response: { 200: meResponse, 401: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const { token, user, csrfToken } = await login(deps, {
        account: req.body.account,
        password: req.body.password,
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
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { beforePasswordChange: true }, schema: { tags, response: { 200: okBody } } },
    async (req, reply) => {
      const ctx = ctxOf(deps, req);
      if (req.session) await logout(ctx, req.session.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: { beforePasswordChange: true },
      schema: { tags, response: { 200: meResponse, 401: errorBody } },
    },
    async (req) => {
      const ctx = ctxOf(deps, req);
      if (!req.session) throw new AppError('unauthenticated');
      return describeMe(ctx, req.session.csrfToken);
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: { beforePasswordChange: true },
      schema: { tags, body: changePasswordBody, response: { 200: okBody, 400: errorBody } },
    },
    async (req) => {
      const ctx = ctxOf(deps, req);
      if (!req.session) throw new AppError('unauthenticated');
      await changeOwnPassword(ctx, req.session.sessionId, req.body);
      return { ok: true as const };
    },
  );
}
