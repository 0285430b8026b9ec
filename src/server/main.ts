import { migrateToLatest, openDatabase } from '../db/kysely.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { systemClock } from './lib/context.js';

export interface ServeOptions {
  /** Load the demo organisation when the database has no org yet. */
  demo?: boolean;
}

/** Opens and migrates the database, optionally seeds the demo, and listens. */
export async function serve(opts: ServeOptions = {}) {
  const config = loadConfig();
  const handle = openDatabase(config.databaseUrl);
  await migrateToLatest(handle.db);
  if (opts.demo) {
    const { seedDemoIfEmpty } = await import('../cli/seed-demo.js');
    const seeded = await seedDemoIfEmpty(handle.db);
    if (seeded) process.stdout.write(`已载入演示数据 / demo data loaded: ${seeded.summary}\n`);
  }
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
  if (opts.demo) {
    const { demoAccounts, DEMO_PASSWORD, otherSecretariesLine } = await import('../cli/seed-demo.js');
    process.stdout.write(`演示账号 / demo accounts (password ${DEMO_PASSWORD}):\n`);
    for (const a of demoAccounts) process.stdout.write(`  ${a.account.padEnd(12)} ${a.label}\n`);
    process.stdout.write(`${otherSecretariesLine}\n`);
  }
  const stop = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return app;
}
