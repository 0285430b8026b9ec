// Mutation testing of the domain rules (`npm run mutation`): Stryker changes the code one small
// edit at a time and runs the unit tests that cover it; a change no test notices ("survived")
// marks a rule the tests do not pin down. Not part of `npm test`: it takes minutes.
// Narrow it with `npm run mutation -- --mutate src/domain/points/tiers.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.mjs' },
  mutate: ['src/domain/**/*.ts', '!src/domain/**/*.test.ts', '!src/domain/**/test-fixtures.ts'],
  // tsconfig.json stays out of the sandbox: Stryker rewrites a copied tsconfig with the
  // `typescript` package's compiler API, which TypeScript 7 (the native compiler) does not ship,
  // and the unit tests do not need it.
  ignorePatterns: ['dist', 'data', 'artifacts', 'coverage', 'e2e', 'bench', 'docs', '/tsconfig.json'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['progress', 'clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'artifacts/mutation/index.html' },
  jsonReporter: { fileName: 'artifacts/mutation/report.json' },
  tempDirName: 'artifacts/stryker-tmp',
  cleanTempDir: 'always',
};
