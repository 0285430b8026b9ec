import os from 'node:os';
import { openDatabase } from '../src/db/kysely.js';
import { systemClock } from '../src/server/lib/context.js';
import { benchApp, benchLogin, partyRoot } from './app.js';

/**
 * The first views after a write, in one process (no HTTP): every data set's version is moved, as
 * a write would, then 50 requests of 50 different pages (page 1 + 37i mod the page count, as
 * `pages-ab.ts` asks them) of each branch-evaluation results page go at once; prints how long
 * the 50 took, three rounds. For old against new code on one kept database, like `pages-ab.ts`
 * (copy this file into the other checkout's `bench/`):
 *
 *   node_modules/.bin/tsx bench/first-views.ts /tmp/kaohe-bench-db-…/bench.db
 *   FIRST_MATCH=annual node_modules/.bin/tsx bench/first-views.ts 'postgres://…?schema=bench_…'
 */
const url = process.argv[2];
if (!url) throw new Error('usage: first-views.ts <sqlite file | postgres url>');
const match = new RegExp(process.env.FIRST_MATCH ?? '');
const handle = openDatabase(url);
const app = await benchApp({
  db: handle.db,
  dialect: handle.dialect,
  clock: systemClock,
  dataDir: os.tmpdir(),
});
const root = await partyRoot(handle.db);
const cookie = await benchLogin(app, 'bench-be-committee', 'Bench-pass-1');
const { month } = await handle.db
  .selectFrom('be_month')
  .select('month')
  .where('org_id', '=', root.id)
  .where('state', '=', 'published')
  .orderBy('month', 'desc')
  .executeTakeFirstOrThrow();
const year = Number(month.slice(0, 4));
const quarter = `${year}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
const branches = await handle.db
  .selectFrom('org')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('kind', '=', 'branch')
  .where('tree', '=', 'party')
  .executeTakeFirstOrThrow();
const pageCount = Math.max(1, Math.ceil(Number(branches.n) / 50));
const be = '/api/v1/branch-eval';
const pages: [string, (p: number) => string][] = [
  ['rankings', (p) => `${be}/months/${month}/rankings?orgId=${root.id}&page=${p}&pageSize=50`],
  [
    'indicator M01',
    (p) => `${be}/months/${month}/rankings/indicators/M01?orgId=${root.id}&page=${p}&pageSize=50`,
  ],
  ['quarter scores', (p) => `${be}/quarters/${quarter}/scores?orgId=${root.id}&page=${p}&pageSize=50`],
  ['annual grades', (p) => `${be}/years/${year}/grades?orgId=${root.id}&page=${p}&pageSize=50`],
];
for (let round = 1; round <= 3; round++) {
  for (const [label, page] of pages.filter(([l]) => match.test(l))) {
    await handle.db
      .updateTable('data_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .execute();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const r = await app.inject({ url: page(1 + ((i * 37) % pageCount)), cookies: { kaohe_sid: cookie } });
        if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      }),
    );
    process.stdout.write(
      `round ${round} ${label.padEnd(15)} 50 pages at once after a write: ${(performance.now() - t0).toFixed(0)} ms` +
        `  (load ${os.loadavg()[0]?.toFixed(1)})\n`,
    );
  }
}
await app.close();
await handle.close();
