import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { registerJsonCompression } from './lib/compress.js';
import type { Deps } from './lib/context.js';
import { errorPayload, toAppError } from './lib/error-reply.js';
import { AppError, errorCatalog, pickLocale } from './lib/errors.js';
import { SESSION_COOKIE } from './lib/http.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { resolveSession } from './modules/auth/auth.service.js';
import { registerBranchEvalRoutes } from './modules/branch-eval/branch-eval.routes.js';
import { registerCalendarRoutes } from './modules/calendar/calendar.routes.js';
import { registerFileRoutes } from './modules/files/files.routes.js';
import { registerInspectionRoutes } from './modules/inspection/inspection.routes.js';
import { registerInspectionBallotsRoutes } from './modules/inspection-ballots/inspection-ballots.routes.js';
import { registerInspectionLedgerRoutes } from './modules/inspection-ledger/inspection-ledger.routes.js';
import { registerIoRoutes } from './modules/io/io.routes.js';
import { registerMemberRoutes } from './modules/member/member.routes.js';
import { registerOrgRoutes } from './modules/org/org.routes.js';
import { registerPointsRoutes } from './modules/points/points.routes.js';
import { registerProjectsRoutes } from './modules/projects/projects.routes.js';
import { registerSystemRoutes } from './modules/system/system.routes.js';
import { registerTermsRoutes } from './modules/terms/terms.routes.js';
import { registerTodoRoutes } from './modules/todo/todo.routes.js';
import { registerUserRoutes } from './modules/user/user.routes.js';
import { registerWebShell } from './web-shell.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, '../..');
export const appVersion: string = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'),
).version;

export interface AppOptions {
  deps: Deps;
  config: Pick<Config, 'sessionSecret' | 'trustProxy' | 'maxUploadBytes'>;
  logger?: boolean;
  /** Where the request log goes when `logger` is on (stdout unless given; tests read it). */
  logStream?: NodeJS.WritableStream;
  /** Folder of the built web app; served with SPA fallback when it exists. */
  webRoot?: string;
  /** The module that draws a phone's first screens (default: dist/ssr/ssr.js beside `webRoot`). */
  drawing?: string;
}

export type App = FastifyInstance;

/** A route as registered: the permission sweep test walks every one of them. */
export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
  /** Registered from the endpoint table (`lib/endpoint.route`), not by hand. */
  fromTable: boolean;
}
const routeLists = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route `app` registered (one row per method; HEAD twins of GETs left out). */
export function registeredRoutes(app: App): readonly RegisteredRoute[] {
  return routeLists.get(app) ?? [];
}

/** Builds the whole application without listening: used by `main.ts`, tests and benchmarks. */
export async function buildApp(opts: AppOptions): Promise<App> {
  const { deps, config } = opts;
  /** Every error answer, the framework's own included, goes out through here in one shape. */
  const sendError = (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err);
    if (appErr.code === 'internal') req.log.error(err);
    const body = errorPayload(
      appErr,
      req.locale ?? pickLocale(req.headers['accept-language'], langOf(req.url)),
    );
    const retryAfter = (appErr.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (appErr.status === 429 && typeof retryAfter === 'number')
      reply.header('retry-after', String(retryAfter));
    return reply.status(appErr.status).type('application/json').send(JSON.stringify(body));
  };
  const app = Fastify({
    logger: opts.logger
      ? { level: process.env.LOG_LEVEL ?? 'info', ...(opts.logStream ? { stream: opts.logStream } : {}) }
      : false,
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // Errors the router raises before any route or hook runs (a path parameter over the
    // length limit, a URL that cannot be decoded) would otherwise bypass the error handler.
    frameworkErrors: (err, req, reply) => {
      req.locale = pickLocale(req.headers['accept-language'], langOf(req.url));
      return sendError(err, req, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes: RegisteredRoute[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: r.url,
        public: (r.config as { public?: boolean } | undefined)?.public === true,
        fromTable: (r.config as { endpoint?: boolean } | undefined)?.endpoint === true,
      });
    }
  });

  registerJsonCompression(app);
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Kaohe 党建考核管理平台 API',
        version: appVersion,
        description:
          'JSON over HTTP. Sessions are cookies from POST /api/v1/auth/login; state-changing calls carry the ' +
          'X-CSRF-Token header returned by login and /auth/me. Errors: { error: { code, message, messages, details } }.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.decorate('idempotency', { db: deps.db, clock: deps.clock });
  app.decorateRequest('session', null);
  app.decorateRequest('locale', 'zh-CN');

  // A cookie's signature checked once per cookie value (an HMAC per request otherwise): the
  // value maps to the same token for as long as the secret stays, which is the app's lifetime.
  const unsignedTokens = new Map<string, string>();
  const unsignToken = (req: FastifyRequest, raw: string): string | null => {
    const unsigned = req.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    unsignedTokens.set(raw, unsigned.value);
    if (unsignedTokens.size > 10_000) unsignedTokens.delete(unsignedTokens.keys().next().value as string);
    return unsigned.value;
  };

  app.addHook('onRequest', async (req) => {
    const q = req.query as Record<string, string> | undefined;
    req.locale = pickLocale(req.headers['accept-language'], q?.lang);
    if (!req.url.startsWith('/api/')) return;
    const raw = req.cookies[SESSION_COOKIE];
    if (raw) {
      const token = unsignedTokens.get(raw) ?? unsignToken(req, raw);
      if (token) req.session = await resolveSession(deps, token);
    }
    const isPublic = req.routeOptions.config?.public === true;
    if (!isPublic && !req.routeOptions.url) return; // unknown route: the 404 handler answers
    if (!isPublic && !req.session) {
      throw new AppError(raw ? 'session_expired' : 'unauthenticated');
    }
    const safe = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    if (!safe) {
      if (req.session) {
        if (req.headers['x-csrf-token'] !== req.session.csrfToken) throw new AppError('csrf_failed');
      } else {
        // Public writes (login, ballots) accept no cross-site origin.
        const origin = req.headers.origin;
        if (origin && new URL(origin).host !== req.headers.host) throw new AppError('csrf_failed');
      }
    }
    // A new or reset account works with its own password only: until it is changed, nothing else.
    if (
      req.session?.mustChangePassword &&
      !isPublic &&
      req.routeOptions.config?.beforePasswordChange !== true
    ) {
      throw new AppError('password_change_required');
    }
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => sendError(err, req, reply));

  const webRoot = opts.webRoot ?? path.join(projectRoot, 'dist/web');
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  const sendPage = registerWebShell(app, webRoot, opts.drawing);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    // The build writes a .br and a .gz beside each text asset (vite.config.ts): the file the
    // browser's Accept-Encoding prefers is sent as is, with `Vary: Accept-Encoding`.
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: true,
      // `/` is the app's page like any other URL (sendPage below), not the file as built.
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', staticCacheControl(file));
      },
    });
    app.get('/', { schema: { hide: true } }, sendPage);
  }
  app.setNotFoundHandler((req, reply) => {
    // A missing asset is a 404, never index.html (which a browser would run as a script).
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || !hasWeb || req.method !== 'GET') {
      throw new AppError('not_found', { route: `${req.method} ${req.url.split('?')[0]}` });
    }
    return sendPage(req, reply);
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(async (api) => {
    registerSystemRoutes(api, deps, appVersion);
    registerAuthRoutes(api, deps);
    registerOrgRoutes(api, deps);
    registerMemberRoutes(api, deps);
    registerUserRoutes(api, deps);
    registerAuditRoutes(api, deps);
    registerCalendarRoutes(api, deps);
    registerIoRoutes(api, deps);
    registerFileRoutes(api, deps);
    registerPointsRoutes(api, deps);
    registerTodoRoutes(api, deps);
    registerBranchEvalRoutes(api, deps);
    registerTermsRoutes(api, deps);
    registerInspectionBallotsRoutes(api, deps);
    registerInspectionLedgerRoutes(api, deps);
    registerInspectionRoutes(api, deps);
    registerProjectsRoutes(api, deps);
  });
  return app;
}

/** A file name Vite made from its content (`index-Cn_QF-N6.js`): it never changes under that name. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[\w-]{8}\.\w+(\.(br|gz))?$/;

/**
 * How long a browser may keep a file of the web app: content-hashed assets for a year without
 * asking again; the page itself (which names the current assets) is revalidated on every visit,
 * so a new build is picked up at once; anything else (favicon) for an hour.
 */
export function staticCacheControl(file: string): string {
  if (/index\.html(\.(br|gz))?$/.test(file)) return 'no-cache';
  if (HASHED_ASSET.test(file)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/** `?lang=` read from a raw URL, for answers given before Fastify parsed the query. */
function langOf(url: string | undefined): string | null {
  const q = url?.indexOf('?') ?? -1;
  if (!url || q < 0) return null;
  try {
    return new URLSearchParams(url.slice(q + 1)).get('lang');
  } catch {
    return null;
  }
}

export { errorCatalog };
