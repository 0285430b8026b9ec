import { type App, type AppOptions, buildApp } from '../src/server/app.js';

/**
 * The app as every benchmark drives it: the real server on the benchmark's database, no request
 * log, ready to take requests (through `inject` or, after `listen`, over HTTP).
 */
export async function benchApp(
  deps: AppOptions['deps'],
  opts: { maxUploadBytes?: number; webRoot?: string } = {},
): Promise<App> {
  const app = await buildApp({
    deps,
    config: {
      sessionSecret: 'bench-secret-bench-secret-bench-secret-0',
      trustProxy: false,
      maxUploadBytes: opts.maxUploadBytes ?? 1 << 20,
    },
    ...(opts.webRoot ? { webRoot: opts.webRoot } : {}),
  });
  await app.ready();
  return app;
}

/** Logs `account` in and returns its session cookie's value; a failed login stops the benchmark. */
export async function benchLogin(app: App, account: string, password: string): Promise<string> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { account, password },
  });
  const cookie = login.cookies.find((c) => c.name === 'kaohe_sid')?.value ?? '';
  if (!cookie) throw new Error(`login of ${account} failed: ${login.statusCode} ${login.body.slice(0, 200)}`);
  return cookie;
}
