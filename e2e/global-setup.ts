import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One folder per run for the seeded demo databases the journeys share (`harness.ts`). */
export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-e2e-templates-'));
  process.env.KAOHE_E2E_TEMPLATES = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
