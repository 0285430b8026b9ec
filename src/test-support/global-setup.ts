import fs from 'node:fs';
import { dropDemoTemplates, makeDemoCacheDir } from './demo-cache.js';

/**
 * The integration suite's global setup: a folder for the run's seeded demos (demo-db.ts), unless
 * `npm test` made one for all its suites. The run's PostgreSQL templates go at its end either way.
 */
export default function setup() {
  const given = process.env.KAOHE_DEMO_CACHE;
  const dir = given || makeDemoCacheDir();
  process.env.KAOHE_DEMO_CACHE = dir;
  return async () => {
    if (process.env.KAOHE_TEST_DB === 'postgres') {
      await dropDemoTemplates(
        dir,
        process.env.KAOHE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      );
    }
    if (!given) fs.rmSync(dir, { recursive: true, force: true });
  };
}
