#!/usr/bin/env node
// `npm test`: lint, type-check, unit tests, integration tests on SQLite and (when a server is
// reachable) PostgreSQL, the web build, and the browser journeys. Ends with one summary line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const artifacts = path.join(root, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const pgUrl = process.env.KAOHE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const requirePg = process.env.KAOHE_REQUIRE_PG === '1';
const chromium = process.env.KAOHE_CHROMIUM ?? '/usr/bin/chromium';
const requireE2e = process.env.KAOHE_REQUIRE_E2E === '1';

// One folder of seeded demo databases for the whole run (src/test-support/demo-db.ts): the SQLite
// integration files and the browser journeys that read the demo as of the same day copy one seed.
// The PostgreSQL suite's templates are dropped by its own global teardown.
const ownDemoCache = !process.env.KAOHE_DEMO_CACHE;
if (ownDemoCache) process.env.KAOHE_DEMO_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-demo-'));
process.on('exit', () => {
  if (ownDemoCache) fs.rmSync(process.env.KAOHE_DEMO_CACHE, { recursive: true, force: true });
});

const totals = { passed: 0, failed: 0, skipped: 0 };
const notes = [];
let failedSteps = 0;

function step(title, cmd, args, env = {}, { quiet = false } = {}) {
  process.stdout.write(`\n── ${title} ──\n`);
  const started = Date.now();
  const stdio = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit';
  const r = spawnSync(cmd, args, { cwd: root, stdio, env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failedSteps += 1;
    notes.push(`FAILED: ${title} (${secs}s)`);
  } else {
    notes.push(`ok: ${title} (${secs}s)`);
  }
  return r.status === 0;
}

function vitest(title, project, env = {}) {
  const out = path.join(artifacts, `vitest-${title.replace(/\W+/g, '-')}.json`);
  fs.rmSync(out, { force: true });
  step(
    title,
    process.execPath,
    [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
    env,
  );
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + j.numTodoTests;
    // The summary names each failed test, so that the end of a long log says what broke.
    for (const file of j.testResults ?? []) {
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'))
        notes.push(
          `  ✗ ${path.relative(root, file.name)}\n      ${String(file.message ?? '')
            .split('\n')[0]
            .slice(0, 300)}`,
        );
      for (const t of file.assertionResults ?? [])
        if (t.status === 'failed') {
          const why = String(t.failureMessages?.[0] ?? '')
            .split('\n')[0]
            .slice(0, 300);
          notes.push(`  ✗ ${path.relative(root, file.name)} › ${t.fullName}\n      ${why}`);
        }
    }
  } else {
    totals.failed += 1;
  }
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (e) {
    return String(e.message ?? e);
  } finally {
    await client.end().catch(() => {});
  }
}

const npx = (bin) => path.join(root, 'node_modules/.bin', bin);
// `npm ci` (the README's install) refuses a lock file that does not match package.json; this
// checks the same thing without touching node_modules, so a dependency change cannot land
// without its lock file. (Its list of what it would add goes to /dev/null; errors still show.)
step(
  'lock file matches package.json (npm ci --dry-run)',
  'npm',
  ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
  {},
  { quiet: true },
);
step('lint (biome)', npx('biome'), ['check', '.']);
step('lint (import boundaries, dependency-cruiser)', npx('depcruise'), [
  'src/**/*.{ts,tsx}',
  '--config',
  '.dependency-cruiser.cjs',
  '--ignore-known',
  '.dependency-cruiser-known-violations.json',
]);
step('type-check (tsc --noEmit)', npx('tsc'), ['--noEmit', '-p', '.']);
vitest('unit', 'unit');
vitest('integration · SQLite', 'integration', { KAOHE_TEST_DB: 'sqlite' });

const pgOk = await postgresReachable();
if (pgOk === true) {
  vitest('integration · PostgreSQL', 'integration', { KAOHE_TEST_DB: 'postgres', KAOHE_TEST_PG_URL: pgUrl });
} else if (requirePg) {
  failedSteps += 1;
  notes.push(`FAILED: PostgreSQL suite required but no server at ${pgUrl}: ${pgOk}`);
} else {
  notes.push(
    `SKIPPED: PostgreSQL integration suite — no server reachable at ${pgUrl} (${pgOk}). Set KAOHE_TEST_PG_URL to run it.`,
  );
}

if (fs.existsSync(chromium)) {
  if (
    step('web build (vite)', npx('vite'), ['build', '--logLevel', 'warn']) &&
    step('drawing build (vite --ssr)', npx('vite'), ['build', '--ssr', 'ssr.tsx', '--logLevel', 'warn'])
  ) {
    vitest('browser journeys · Chromium', 'e2e', { KAOHE_CHROMIUM: chromium });
  }
} else if (requireE2e) {
  failedSteps += 1;
  notes.push(`FAILED: browser journeys required but ${chromium} is missing`);
} else {
  notes.push(
    `SKIPPED: browser journeys — no Chromium at ${chromium} (apt-get install chromium fonts-noto-cjk)`,
  );
}

process.stdout.write(`\n── summary ──\n${notes.join('\n')}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedSteps > 0 || totals.failed > 0 ? 1 : 0);
