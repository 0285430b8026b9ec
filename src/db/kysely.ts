import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './types.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the database or an open transaction: repos accept both. */
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

/**
 * Settings for the rest of a transaction that runs a few large set-based statements over a whole
 * quarter or year (the close, the annual grading), PostgreSQL only (SQLite has neither): no JIT
 * compilation — planned from row estimates that a quarter's rewritten scores make several times too
 * high, it compiled and optimised each such statement for 0.1–0.6 s, a third of the annual
 * grading — and 64 MB for each sort and hash instead of 4 MB, so a province's 95,000 members are
 * grouped, ranked and ordered in memory instead of in temporary files. `SET LOCAL`: the
 * connection returns to the pool with its defaults.
 */
export async function forLargeStatements(trx: DbOrTrx): Promise<void> {
  if (!trx.isTransaction || !(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`set local jit = off`.execute(trx);
  await sql`set local work_mem = '64MB'`.execute(trx);
}

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** A description without credentials, for logs and /api/health. */
  describe: string;
  close(): Promise<void>;
}

// pg returns int8 (count(*), sum) and numeric as strings; our numbers all fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Opens the database named by `url`: a `postgres://` URL, or else a file path for SQLite
 * (`:memory:` works too). A `schema` query parameter on a PostgreSQL URL sets the search_path,
 * which the test suite uses to give each test file its own schema.
 */
export function openDatabase(url: string): DatabaseHandle {
  if (isPostgresUrl(url)) {
    const u = new URL(url);
    const schema = u.searchParams.get('schema');
    u.searchParams.delete('schema');
    const pool = new pg.Pool({
      connectionString: u.toString(),
      max: Number(process.env.KAOHE_PG_POOL_MAX ?? 10),
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle connection the server ends (a restart, a failover, an administrator's terminate)
    // is an 'error' event on the pool; the pool drops that client and the next query opens a
    // new one, so the event must not go unhandled and take the process down.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      describe: `postgres://${u.host}${u.pathname}${schema ? ` (schema ${schema})` : ''}`,
      close: () => db.destroy(),
    };
  }
  if (url !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(sqlite) }) });
  return { db, dialect: 'sqlite', describe: `sqlite:${url}`, close: () => db.destroy() };
}

/**
 * Brings the schema up to date; throws with the failing migration's name. On PostgreSQL the
 * migration bookkeeping tables go in the connection's current schema: without naming it, Kysely
 * would take another schema's bookkeeping tables for its own.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = r.rows[0]?.s;
  }
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * better-sqlite3 keeping its prepared statements, by SQL text (the 500 used last, texts up to
 * 4 KiB): Kysely prepares every query anew, which costs about as much as running a small one.
 * A statement still busy (a streamed select not read to its end) is never handed out twice.
 */
function keepingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const hit = kept.get(text);
      if (hit && !hit.busy) {
        kept.delete(text);
        kept.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      if (text.length <= 4096) {
        kept.set(text, stmt);
        if (kept.size > 500) kept.delete(kept.keys().next().value as string);
      }
      return stmt;
    },
  };
}

/** The underlying better-sqlite3 handle (for online backup), when the dialect is SQLite. */
export function sqliteHandleOf(url: string): SQLite.Database {
  return new SQLite(url, { readonly: true });
}
