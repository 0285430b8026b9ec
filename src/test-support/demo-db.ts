import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { seedDemo } from '../cli/seed-demo.js';
import { migrateToLatest, openDatabase } from '../db/kysely.js';
import { systemClock, todayInChina } from '../server/lib/context.js';
import {
  copyPostgresDatabase,
  copySqliteDatabase,
  createTestDb,
  type TestDb,
  testDialect,
  testPgUrl,
} from '../server/test/harness.js';
import { demoRunTag } from './demo-cache.js';

/*
 * The seeded demo, once per test run. Seeding the demo with its year of joint evaluation costs
 * 10–20 s of CPU on SQLite and twice that on PostgreSQL (about 110,000 statements through the
 * real use cases); the integration files and the browser journeys that read the demo as of the
 * same day each get a copy of the first seed instead: a file copy on SQLite, CREATE DATABASE …
 * TEMPLATE on PostgreSQL. The copies live in `KAOHE_DEMO_CACHE`, a folder that `npm test` (or
 * the suite's global setup, for a suite run on its own) makes at the start of the run and
 * removes at its end, so a run never reads a seed made by other code. Without the variable
 * every caller seeds its own.
 */

export interface DemoOptions {
  /** The day the demo is loaded on (default: today in China). */
  today?: string;
  /** The year's joint evaluation, projects, terms and inspections (default true). */
  evaluation?: boolean;
}

export interface DemoTestDb extends TestDb {
  /** What the seed printed (`seedDemo`'s summary). */
  summary: string;
}

interface Seeded {
  summary: string;
  /** The SQLite file, or the PostgreSQL template database, holding the seed. */
  source: string;
}

const cacheDir = () => process.env.KAOHE_DEMO_CACHE || null;

function keyOf(
  dialect: 'sqlite' | 'postgres',
  opts: DemoOptions,
): { key: string; today: string; evaluation: boolean } {
  const today = opts.today ?? todayInChina(systemClock);
  const evaluation = opts.evaluation !== false;
  return { key: `demo-${dialect}-${today}-${evaluation ? 'full' : 'org'}`, today, evaluation };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The seed of `key` in `dir`: the first process to ask builds it under a lock file while the
 * others wait for it (a lock left by a process that died is taken over).
 */
async function once(dir: string, key: string, build: () => Promise<Seeded>): Promise<Seeded> {
  const done = path.join(dir, `${key}.json`);
  const lock = path.join(dir, `${key}.lock`);
  for (;;) {
    if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as Seeded;
    let mine = false;
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      mine = true;
    } catch {
      const holder = Number(fs.readFileSync(lock, { encoding: 'utf8', flag: 'a+' }));
      if (holder > 0 && !alive(holder)) fs.rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
    if (!mine) continue;
    try {
      if (!fs.existsSync(done)) {
        const seeded = await build();
        fs.writeFileSync(`${done}.part`, JSON.stringify(seeded));
        fs.renameSync(`${done}.part`, done);
      }
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

/**
 * Seeds a migrated SQLite database and writes it whole to `file`: `VACUUM INTO` copies the open
 * database with its write-ahead log folded in (a closed file alone can lack the log's last
 * transactions, which then no copy of it holds).
 */
async function seedSqliteFile(file: string, today: string, evaluation: boolean): Promise<string> {
  const work = `${file}.seeding`;
  const handle = openDatabase(work);
  try {
    await migrateToLatest(handle.db);
    const { summary } = await seedDemo(handle.db, { today, evaluation });
    await sql.raw(`vacuum into '${file.replaceAll("'", "''")}'`).execute(handle.db);
    return summary;
  } finally {
    await handle.close();
    for (const f of [work, `${work}-wal`, `${work}-shm`]) fs.rmSync(f, { force: true });
  }
}

/**
 * The run's seeded demo as a SQLite file to copy, or null outside a run with a cache folder.
 * The browser journeys serve copies of it; the SQLite integration suite reads the same files.
 */
export async function demoSqliteFile(
  opts: DemoOptions = {},
): Promise<{ file: string; summary: string } | null> {
  const dir = cacheDir();
  if (!dir) return null;
  const { key, today, evaluation } = keyOf('sqlite', opts);
  const seeded = await once(dir, key, async () => {
    const file = path.join(dir, `${key}.db`);
    const building = `${file}.${process.pid}.part`;
    const summary = await seedSqliteFile(building, today, evaluation);
    fs.renameSync(building, file);
    return { summary, source: file };
  });
  return { file: seeded.source, summary: seeded.summary };
}

/**
 * A test database of its own holding the demo seeded as `opts` asks, on the suite's database
 * (KAOHE_TEST_DB): a copy of the run's seed, or a seed of its own outside a run with a cache
 * folder (and on a PostgreSQL server that does not let the tests create databases).
 */
export async function demoTestDb(opts: DemoOptions = {}): Promise<DemoTestDb> {
  const dir = cacheDir();
  if (testDialect === 'sqlite' && dir) {
    const seeded = await demoSqliteFile(opts);
    if (seeded) return { ...copySqliteDatabase(seeded.file), summary: seeded.summary };
  }
  const { key, today, evaluation } = keyOf(testDialect, opts);
  const seedOwn = async (): Promise<DemoTestDb> => {
    const t = await createTestDb();
    try {
      return { ...t, summary: (await seedDemo(t.handle.db, { today, evaluation })).summary };
    } catch (e) {
      await t.drop();
      throw e;
    }
  };
  if (testDialect !== 'postgres' || !dir) return seedOwn();
  // On a server without CREATE DATABASE the seed is a schema of the test database: the file
  // that made it keeps it, and every other file seeds its own.
  const kept: { own: DemoTestDb | null } = { own: null };
  const seeded = await once(dir, key, async () => {
    const t = await seedOwn();
    const database = new URL(t.url).pathname.slice(1);
    if (new URL(t.url).searchParams.has('schema')) {
      kept.own = t;
      return { summary: t.summary, source: '' };
    }
    // The seeded database becomes the run's template (no session may stay connected to it).
    await t.handle.close();
    const template = `kaohe_demo_${demoRunTag(dir)}_${key.replace(/\W/g, '_')}`;
    const admin = openDatabase(testPgUrl);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await sql.raw(`alter database ${database} rename to ${template}`).execute(admin.db);
          break;
        } catch (e) {
          // The closed pool's sessions may take a moment to end on the server.
          if (attempt >= 40) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    } finally {
      await admin.close();
    }
    return { summary: t.summary, source: template };
  });
  if (kept.own) return kept.own;
  if (!seeded.source) return seedOwn();
  return { ...(await copyPostgresDatabase(seeded.source)), summary: seeded.summary };
}
