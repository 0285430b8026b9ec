import type { Db } from '../src/db/kysely.js';
import type { Role } from '../src/domain/access/roles.js';
import { type App, type AppOptions, buildApp } from '../src/server/app.js';
import { bootstrapUser } from '../src/server/modules/org/bootstrap.js';

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

/** The party tree's root (the first, by id): where every benchmark's scheme and grants hang. */
export async function partyRoot(db: Db): Promise<{ id: number; name: string }> {
  return db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('parent_id', 'is', null)
    .where('tree', '=', 'party')
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

/** The points benchmarks' officer (`bench-affairs`) as the services see it: `roles` at the root. */
export function affairsUser(id: number, rootId: number, roles: readonly Role[]) {
  const grants = roles.map((role) => ({ role, orgId: rootId }));
  return { id, account: 'bench-affairs', displayName: 'bench', memberId: null, grants };
}

/** Creates the points benchmarks' officer (password `Bench-pass-1`) with `roles` at the root. */
export async function benchAffairs(db: Db, rootId: number, roles: readonly Role[]) {
  const user = affairsUser(0, rootId, roles);
  const id = await bootstrapUser(db, {
    account: user.account,
    displayName: user.displayName,
    password: 'Bench-pass-1',
    grants: user.grants,
  });
  return { id, user: { ...user, id } };
}
