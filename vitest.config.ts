import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Vitest runs one file fewer than the CPUs at once: a single file at a time on a 2-core machine.
// The unit and integration files wait on timers and their database (PostgreSQL: a round trip and
// a commit per statement) as much as they compute, so they run more files at once;
// KAOHE_TEST_WORKERS overrides the number.
const cpus = os.availableParallelism();
const workers = (fallback: number) => Number(process.env.KAOHE_TEST_WORKERS) || fallback;
const integrationWorkers = workers(process.env.KAOHE_TEST_DB === 'postgres' ? cpus * 2 : Math.max(2, cpus));

/**
 * The files whose set-up seeds the whole demo (a year of joint evaluation through the use cases,
 * tens of seconds on a loaded machine) start first: begun last, they were the run's long tail while
 * the other workers sat idle. Otherwise Vitest's order: the longest files of the last run first,
 * or the largest files on a fresh checkout.
 */
const seedsTheWholeDemo = [
  'src/cli/cli.test.ts',
  'src/cli/seed-demo-branch-eval.test.ts',
  'src/cli/seed-demo-terms.test.ts',
];
class HeavySetUpFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const heavy = (f: TestSpecification) => seedsTheWholeDemo.some((p) => f.moduleId.endsWith(`/${p}`));
    return [...sorted.filter(heavy), ...sorted.filter((f) => !heavy(f))];
  }
}

// Projects: `unit` (pure domain rules), `integration` (the app on a real migrated database;
// KAOHE_TEST_DB picks SQLite or PostgreSQL), `e2e` (Chromium journeys against a served app).
export default defineConfig({
  test: {
    sequence: { sequencer: HeavySetUpFirst },
    projects: [
      {
        test: {
          name: 'unit',
          maxWorkers: workers(Math.max(2, cpus)),
          include: ['src/domain/**/*.test.ts', 'src/web/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          maxWorkers: integrationWorkers,
          // Each file builds its own app on its own database, and no file changes module state
          // (no mocks, spies or environment writes): the files of a worker share the imported
          // modules instead of importing the whole server again per file (≈ 3 s of a file's time).
          isolate: false,
          include: ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts'],
          // The run's seeded demos, copied to the files that read the demo (src/test-support/demo-db.ts).
          globalSetup: ['src/test-support/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A journey waits for the page as a person would: on a loaded 2-core machine a first
          // render can take seconds, and expect.poll's own default (1 s) then fails a sound page.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
