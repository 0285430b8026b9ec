// Import boundaries, checked by `npm run lint` (dependency-cruiser). ARCHITECTURE.md lists the
// rules and why. Known violations that other changes are about to remove live in
// .dependency-cruiser-known-violations.json (regenerate with `npm run lint:deps:baseline`); a new
// violation fails the lint.

// Packages the browser bundle must never carry: Node-only, server-only or heavy server formats.
const serverOnlyPackages = [
  'tyme4ts',
  'exceljs',
  'pg',
  'better-sqlite3',
  '@node-rs/argon2',
  'fastify',
  'kysely',
  // The contracts' schemas: the web calls the API through src/web/api/endpoints.ts (method and
  // path, typed by the contracts through type-only imports) and never parses with them.
  'zod',
];
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const tests = '\\.(test|fixtures)\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds the rules as pure functions: no database, server, web or CLI code.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(db|server|web|cli)/' },
    },
    {
      name: 'web-talks-http-only',
      comment: 'The web reaches the server over HTTP only; it shares src/contracts and src/domain.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(server|db|cli)/' },
    },
    {
      name: 'contracts-are-shared',
      comment: 'src/contracts is read by the server and the web alike and depends on neither.',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { path: '^src/(server|db|web|cli)/' },
    },
    {
      name: 'module-privates',
      comment:
        "A server module uses another module through its service, todo or common files; the other module's repo and routes are its own.",
      severity: 'error',
      from: { path: '^src/server/modules/([^/]+)/', pathNot: tests },
      to: {
        path: '^src/server/modules/[^/]+/.*\\.(repo|routes)\\.ts$',
        pathNot: '^src/server/modules/$1/',
      },
    },
    {
      name: 'repo-is-the-bottom',
      comment:
        'A repo holds queries only: it imports no service or routes (of its module or another); what it needs from them the service passes in.',
      severity: 'error',
      from: { path: '^src/server/modules/.+\\.repo\\.ts$' },
      to: { path: '^src/server/modules/.+\\.(service|routes)\\.ts$' },
    },
    {
      name: 'service-below-routes',
      comment: 'Routes call services; a service or repo importing a routes file would tie use cases to HTTP.',
      severity: 'error',
      from: { path: '^src/server/modules/.+\\.(service|repo)\\.ts$' },
      to: { path: '^src/server/modules/.+\\.routes\\.ts$' },
    },
    {
      name: 'modules-below-app',
      comment: 'app.ts assembles the modules; a module importing it closes a loop through every module.',
      severity: 'error',
      from: { path: '^src/server/modules/' },
      to: { path: '^src/server/app\\.ts$' },
    },
    {
      name: 'server-below-cli',
      comment:
        'The CLI starts the server; the server never reaches back into the CLI (demo seeding included).',
      severity: 'error',
      from: { path: '^src/server/', pathNot: tests },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and hide which file owns a rule.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'web-bundle-stays-light',
      comment:
        'Nothing the web imports, directly or through src/domain or src/contracts, may pull in a server-only package: the browser would download it.',
      severity: 'error',
      from: { path: '^src/web/', pathNot: tests },
      to: { path: `^node_modules/(${serverOnlyPackages.map(escapeRegExp).join('|')})/`, reachable: true },
    },
  ],
  options: {
    // The TypeScript compiler API dependency-cruiser reads TypeScript with is not in TypeScript 7
    // (the native compiler this repository type-checks with), so Babel strips the types instead.
    // Type-only imports (`import type`) vanish with the types and are not checked.
    babelConfig: { fileName: '.dependency-cruiser.babel.cjs' },
    doNotFollow: { path: '^node_modules/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
