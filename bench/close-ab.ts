import { createHash } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { type DbOrTrx, openDatabase } from '../src/db/kysely.js';
import { type Ctx, systemClock } from '../src/server/lib/context.js';
import { computeQuarter } from '../src/server/modules/points/quarter.service.js';
import { computeYear } from '../src/server/modules/points/year.service.js';
import { affairsUser, partyRoot } from './app.js';
import { closeWithWrites, yearWithWrites } from './points.js';

/**
 * The quarter close and the annual step of a kept bench database (`npm run bench -- --only points
 * … --keep`), for comparing two versions of the code on the same data: copy this file (with
 * `points.ts`, whose hand-written floors it times) into the other checkout's `bench/` and run each
 * in turn, alternating:
 *
 *   node_modules/.bin/tsx bench/close-ab.ts /tmp/kaohe-bench-db-…/bench.db [rounds]
 *   node_modules/.bin/tsx bench/close-ab.ts 'postgres://…/db?schema=bench_…' [rounds]
 *
 * Each round closes 2026-Q1 again (its scores and histograms replaced by the same) and grades the
 * year again, each next to the hand-written SQL timed just before it, and prints a SHA-256 of the
 * stored scores and results (identical between versions when every number is).
 */
const [url, roundsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: close-ab.ts <sqlite file | postgres url> [rounds]');
const rounds = Number(roundsArg ?? 3);
const out = (s: string) => process.stdout.write(`${s}\n`);

const handle = openDatabase(url);
const { db, dialect } = handle;
const root = await partyRoot(db);
const scheme = await db
  .selectFrom('points_scheme')
  .select('id')
  .where('root_org_id', '=', root.id)
  .orderBy('id')
  .executeTakeFirstOrThrow();
const q1 = await db
  .selectFrom('points_quarter')
  .select('id')
  .where('scheme_id', '=', scheme.id)
  .where('quarter', '=', '2026-Q1')
  .executeTakeFirstOrThrow();
const officer = await db
  .selectFrom('app_user')
  .select('id')
  .where('account', '=', 'bench-affairs')
  .executeTakeFirstOrThrow();
const ctx: Ctx = {
  db,
  dialect,
  clock: systemClock,
  dataDir: os.tmpdir(),
  user: { ...affairsUser(officer.id, root.id, ['affairs', 'committee']), id: officer.id },
  locale: 'zh-CN',
};
const at = '2027-01-02T00:00:00.000Z';

const digest = async (d: DbOrTrx, query: ReturnType<typeof sql>) => {
  const { rows } = await query.execute(d);
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
};
const scoresDigest = () =>
  digest(
    db,
    sql`select member_id, branch_id, scope_org_id, total, bonus_political, bonus_professional, bonus_civility,
               deductions, rank_in_branch, rank_in_scope, has_veto, version_id, explanation_json
        from points_quarter_score where quarter_id = ${q1.id} order by member_id`,
  );
const histogramDigest = () =>
  digest(
    db,
    sql`select org_id, total, n from points_board_total where quarter_id = ${q1.id} order by org_id, total`,
  );
const resultsDigest = () =>
  digest(
    db,
    sql`select r.member_id, r.branch_id, r.scope_org_id, r.annual_score, r.quarters_present, r.flagged, r.has_veto,
               r.tier, r.reason, r.c, r.n, r.rank_in_scope
        from points_year_result r join points_year y on y.id = r.year_id
        where y.scheme_id = ${scheme.id} order by r.member_id`,
  );

const time = async (work: () => Promise<unknown>) => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};
const aggregate = () =>
  sql`select member_id, item_code, sum(points) as p, count(*) as n from points_entry
      where scheme_id = ${scheme.id} and quarter = '2026-Q1' and state = 'approved'
      group by member_id, item_code`.execute(db);
const mean = () =>
  sql`select s.member_id, avg(s.total) as mean from points_quarter_score s
      join points_quarter q on q.id = s.quarter_id where q.scheme_id = ${scheme.id}
      group by s.member_id`.execute(db);

for (let r = 1; r <= rounds; r++) {
  const aggMs = await time(aggregate);
  const closeWritesMs = await closeWithWrites(db, scheme.id, root.id, officer.id, at);
  const closeMs = await time(() => computeQuarter(db, q1.id, at, '2027-01-02'));
  const meanMs = await time(mean);
  const yearWritesMs = await yearWithWrites(db, scheme.id);
  const yearMs = await time(() => computeYear(ctx, scheme.id));
  out(
    `round ${r}: close ${closeMs.toFixed(0)} ms ×${(closeMs / aggMs).toFixed(1)} the aggregate (${aggMs.toFixed(0)} ms), ` +
      `×${(closeMs / closeWritesMs).toFixed(1)} the SQL writing the rows (${closeWritesMs.toFixed(0)} ms); ` +
      `annual step ${yearMs.toFixed(0)} ms ×${(yearMs / meanMs).toFixed(1)} the mean (${meanMs.toFixed(0)} ms), ` +
      `×${(yearMs / yearWritesMs).toFixed(1)} the SQL writing the rows (${yearWritesMs.toFixed(0)} ms); load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
}
out(
  `scores ${await scoresDigest()}  histograms ${await histogramDigest()}  results ${await resultsDigest()}`,
);
await db.destroy();
