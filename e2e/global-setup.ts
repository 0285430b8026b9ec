import fs from 'node:fs';
import { makeDemoCacheDir } from '../src/test-support/demo-cache.js';

/**
 * The seeded demo databases the journeys share (`harness.ts`): the run's folder when `npm test`
 * made one (the SQLite integration suite has seeded some of the same days there), else one for
 * this suite alone.
 */
export default function setup() {
  if (process.env.KAOHE_DEMO_CACHE) return;
  const dir = makeDemoCacheDir();
  process.env.KAOHE_DEMO_CACHE = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
