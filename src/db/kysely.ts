import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', describe: `sqlite:${url}`, close: () => db.destroy() };
}

/** How many prepared statements one SQLite connection keeps (the most recently used). */
const STATEMENT_CACHE = 500;

/**
 * The connection as Kysely's SQLite driver uses it, with its prepared statements kept and
 * reused by SQL text: the driver prepares every query it runs, and compiling the statement
 * cost more than running it for a page's small indexed queries. Safe because every statement
 * runs to completion synchronously (`all`/`run`; nothing streams), and SQLite re-prepares a
 * kept statement itself after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const hit = kept.get(text);
      if (hit) {
        kept.delete(text);
        kept.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      kept.set(text, stmt);
      if (kept.size > STATEMENT_CACHE) {
        const oldest = kept.keys().next().value;
        if (oldest !== undefined) kept.delete(oldest);
      }
      return stmt;
    },
  };
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

/** The underlying better-sqlite3 handle (for online backup), when the dialect is SQLite. */
export function sqliteHandleOf(url: string): SQLite.Database {
  return new SQLite(url, { readonly: true });
}
