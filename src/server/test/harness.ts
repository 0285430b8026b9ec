import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../db/kysely.js';
import { type App, buildApp } from '../app.js';
import type { Clock, Deps } from '../lib/context.js';

/** Which database the integration suite runs on: `KAOHE_TEST_DB=postgres` selects PostgreSQL. */
export const testDialect = process.env.KAOHE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const testPgUrl = process.env.KAOHE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  handle: DatabaseHandle;
  url: string;
  drop(): Promise<void>;
}

/**
 * The migrated schema every test database starts from, built once per set of migrations (the
 * key is a hash of their source) and copied for each test file: migrating takes seconds on
 * PostgreSQL, copying a template a fraction of one. A copy is the same as a fresh migration; the
 * installation secret the migrations draw is drawn again for each copy.
 */
const migrationsDir = path.resolve(import.meta.dirname, '../../db/migrations');
function templateKey(): string {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(migrationsDir).sort()) {
    h.update(f);
    h.update(fs.readFileSync(path.join(migrationsDir, f)));
  }
  return h.digest('hex').slice(0, 16);
}

export function pgUrlFor(database: string): string {
  const u = new URL(testPgUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function freshInstallation(handle: DatabaseHandle): Promise<void> {
  await handle.db
    .updateTable('be_peer_secret')
    .set({ secret: randomBytes(16).toString('hex') })
    .execute();
}

let pgTemplate: Promise<string | null> | null = null;
/** The template database's name, or null when the server does not let us create databases. */
function postgresTemplate(): Promise<string | null> {
  pgTemplate ??= (async () => {
    const name = `kaohe_tpl_${templateKey()}`;
    const admin = openDatabase(testPgUrl);
    try {
      const found = await sql<{ n: number }>`select 1 as n from pg_database where datname = ${name}`.execute(
        admin.db,
      );
      if (found.rows.length > 0) return name;
      const building = `${name}_${randomBytes(4).toString('hex')}`;
      try {
        await sql.raw(`create database ${building}`).execute(admin.db);
      } catch {
        return null; // no CREATEDB right: each test file migrates its own schema instead
      }
      const h = openDatabase(pgUrlFor(building));
      await migrateToLatest(h.db);
      await h.close();
      try {
        await sql.raw(`alter database ${building} rename to ${name}`).execute(admin.db);
      } catch {
        // Another test process built it first.
        await sql.raw(`drop database if exists ${building}`).execute(admin.db);
      }
      return name;
    } finally {
      await admin.close();
    }
  })();
  return pgTemplate;
}

function sqliteTemplate(): string {
  const file = path.join(os.tmpdir(), `kaohe-test-template-${templateKey()}.db`);
  return file;
}

async function ensureSqliteTemplate(): Promise<string> {
  const file = sqliteTemplate();
  if (fs.existsSync(file)) return file;
  const building = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const h = openDatabase(building);
  await migrateToLatest(h.db);
  await h.close(); // the last connection's close folds the write-ahead log into the file
  fs.renameSync(building, file);
  return file;
}

/**
 * A new test database on the PostgreSQL test server, copied from the database `template`
 * (CREATE DATABASE … TEMPLATE: a file copy; no session may be connected to the template).
 */
export async function copyPostgresDatabase(template: string): Promise<TestDb> {
  const database = `kaohe_t_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase(testPgUrl);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.raw(`create database ${database} template ${template}`).execute(admin.db);
        break;
      } catch (e) {
        // Another file's copy of the same template at the same moment: try again shortly.
        if (attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    // A test database is thrown away after its file: a commit need not wait for its WAL flush
    // (the same answers, without one disk sync per statement of every test).
    await sql.raw(`alter database ${database} set synchronous_commit = off`).execute(admin.db);
  } finally {
    await admin.close();
  }
  const url = pgUrlFor(database);
  const handle = openDatabase(url);
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      const a = openDatabase(testPgUrl);
      await sql.raw(`drop database if exists ${database} with (force)`).execute(a.db);
      await a.close();
    },
  };
}

/**
 * A fresh, migrated database for one test file: a copy of the migrated template (a temporary
 * SQLite file, or a PostgreSQL database on the test server), so test files run in parallel
 * without seeing each other. On a PostgreSQL server that refuses CREATE DATABASE, a new schema
 * in the test database, migrated.
 */
export async function createTestDb(): Promise<TestDb> {
  const tag = `t_${randomBytes(6).toString('hex')}`;
  if (testDialect === 'postgres') {
    const template = await postgresTemplate();
    if (template) {
      const t = await copyPostgresDatabase(template);
      await freshInstallation(t.handle);
      return t;
    }
    const admin = openDatabase(testPgUrl);
    await sql.raw(`create schema ${tag}`).execute(admin.db);
    await admin.close();
    const url = `${testPgUrl}${testPgUrl.includes('?') ? '&' : '?'}schema=${tag}`;
    const handle = openDatabase(url);
    await migrateToLatest(handle.db);
    return {
      handle,
      url,
      async drop() {
        await handle.close();
        const a = openDatabase(testPgUrl);
        await sql.raw(`drop schema ${tag} cascade`).execute(a.db);
        await a.close();
      },
    };
  }
  const t = copySqliteDatabase(await ensureSqliteTemplate());
  await freshInstallation(t.handle);
  return t;
}

/** A new test database in a temporary folder: a copy of the SQLite file `template`. */
export function copySqliteDatabase(template: string): TestDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-test-'));
  const url = path.join(dir, 'test.db');
  fs.copyFileSync(template, url);
  const handle = openDatabase(url);
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock a test can move. */
export function fixedClock(
  iso = '2026-03-16T02:00:00.000Z',
): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (s) => {
      now = new Date(s);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

export interface TestApp {
  app: App;
  deps: Deps;
  db: Deps['db'];
  clock: ReturnType<typeof fixedClock>;
  /** The database's URL: another instance (`openInstance`) connects to it with its own pool. */
  dbUrl: string;
  close(): Promise<void>;
}

const testConfig = {
  sessionSecret: 'test-secret-test-secret-test-secret-0123',
  trustProxy: false,
  maxUploadBytes: 5 * 1024 * 1024,
};

/**
 * One more instance of the app on the test app's database, as a second server in production:
 * its own connection pool, the same session secret, data folder and clock.
 */
export async function openInstance(t: TestApp): Promise<{ app: App; close(): Promise<void> }> {
  const handle = openDatabase(t.dbUrl);
  const deps: Deps = { ...t.deps, db: handle.db, dialect: handle.dialect };
  const app = await buildApp({ deps, config: testConfig, webRoot: path.join(t.deps.dataDir, 'no-web') });
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

export async function createTestApp(
  opts: {
    clock?: ReturnType<typeof fixedClock>;
    maxUploadBytes?: number;
    /** Turns the request log on and sends it here (tests that search the log). */
    logStream?: NodeJS.WritableStream;
  } = {},
): Promise<TestApp> {
  const tdb = await createTestDb();
  const clock = opts.clock ?? fixedClock();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-data-'));
  const deps: Deps = { db: tdb.handle.db, dialect: tdb.handle.dialect, clock, dataDir };
  const app = await buildApp({
    deps,
    config: { ...testConfig, maxUploadBytes: opts.maxUploadBytes ?? testConfig.maxUploadBytes },
    webRoot: path.join(dataDir, 'no-web'),
    ...(opts.logStream ? { logger: true, logStream: opts.logStream } : {}),
  });
  await app.ready();
  return {
    app,
    deps,
    db: deps.db,
    clock,
    dbUrl: tdb.url,
    async close() {
      await app.close();
      await tdb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely; their assertions check the shape
export type Json = any;

export interface Res<T = Json> {
  status: number;
  body: T;
  raw: LightMyRequestResponse;
}

/** A logged-in client: carries the session cookie and the CSRF token like the web app does. */
export interface Client {
  account: string;
  csrf: string;
  /** The signed session cookie. */
  sid: string;
  get<T = Json>(url: string): Promise<Res<T>>;
  post<T = Json>(url: string, body?: unknown): Promise<Res<T>>;
  patch<T = Json>(url: string, body?: unknown): Promise<Res<T>>;
  delete<T = Json>(url: string): Promise<Res<T>>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

function wrap<T>(raw: LightMyRequestResponse): Res<T> {
  const text = raw.body;
  let body: unknown = text;
  if ((raw.headers['content-type'] ?? '').toString().includes('json') && text) body = JSON.parse(text);
  return { status: raw.statusCode, body: body as T, raw };
}

export async function login(app: App, account: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account, password } });
  if (res.statusCode !== 200) throw new Error(`login ${account} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'kaohe_sid');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return sessionClient(app, account, cookie.value, csrf);
}

/** A client carrying an existing session (cookie and CSRF token) to `app`, e.g. another instance. */
export function sessionClient(app: App, account: string, sid: string, csrf: string): Client {
  const cookies = { kaohe_sid: sid };
  const headers = { 'x-csrf-token': csrf };
  const send = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    wrap<T>(
      await app.inject({
        method,
        url,
        cookies,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    );
  return {
    account,
    csrf,
    sid,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    delete: (url) => send('DELETE', url),
    inject: (opts) =>
      app.inject({ ...opts, cookies: { ...cookies }, headers: { ...headers, ...(opts.headers ?? {}) } }),
  };
}
