import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../db/kysely.js';

/*
 * The folder of one test run's seeded demos (`KAOHE_DEMO_CACHE`, see demo-db.ts) and the
 * PostgreSQL templates named after it: made at the start of a run, removed at its end.
 */

/** A new cache folder for one run. */
export function makeDemoCacheDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-demo-'));
}

/** The run's tag in PostgreSQL database names: the cache folder's path, hashed. */
export function demoRunTag(dir: string): string {
  return createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 10);
}

/** Drops the PostgreSQL templates of the run whose cache folder is `dir`. */
export async function dropDemoTemplates(dir: string, pgUrl: string): Promise<void> {
  const admin = openDatabase(pgUrl);
  try {
    const rows = await sql<{ datname: string }>`
      select datname from pg_database where datname like ${`kaohe_demo_${demoRunTag(dir)}_%`}
    `.execute(admin.db);
    for (const r of rows.rows)
      await sql.raw(`drop database if exists ${r.datname} with (force)`).execute(admin.db);
  } finally {
    await admin.close();
  }
}
