import { type Db, migrateToLatest, openDatabase } from '../db/kysely.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { systemClock } from './lib/context.js';

export interface ServeOptions {
  /** Runs on the migrated database before the app starts (the CLI's `serve --demo` seeds here). */
  prepare?: (db: Db) => Promise<void>;
  /** Runs once the app listens (the CLI's `serve --demo` prints the demo accounts here). */
  onListening?: () => void;
}

/** Opens and migrates the database, runs `prepare`, and listens. */
export async function serve(opts: ServeOptions = {}) {
  const config = loadConfig();
  const handle = openDatabase(config.databaseUrl);
  await migrateToLatest(handle.db);
  await opts.prepare?.(handle.db);
  const app = await buildApp({
    deps: { db: handle.db, dialect: handle.dialect, clock: systemClock, dataDir: config.dataDir },
    config,
    logger: process.env.KAOHE_LOG !== '0',
  });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host}:${config.port}`;
  process.stdout.write(
    `\nKaohe 党建考核管理平台 is running at ${url}\n数据库 / database: ${handle.describe}\n`,
  );
  opts.onListening?.();
  const stop = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return app;
}
