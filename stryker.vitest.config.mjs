import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant: the unit project's domain tests (vitest.config.ts),
// never the integration or browser projects.
export default defineConfig({
  test: { include: ['src/domain/**/*.test.ts'], environment: 'node' },
});
