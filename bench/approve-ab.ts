import { createHash } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/kysely.js';
import type { AuthUser, Ctx } from '../src/server/lib/context.js';
import { bumpDataVersion } from '../src/server/lib/data-version.js';
import { approveMonth } from '../src/server/modules/branch-eval/round/round.service.js';
import { partyRoot } from './app.js';
import { handWritten, handWrittenWithWrites, NOW } from './branch-eval.js';
import { timedStatements } from './statements.js';

/**
 * The month approval of a kept bench database (`npm run bench -- --only branch-eval … --keep`),
 * for comparing two versions of the code on the same data: copy this file (with `branch-eval.ts`,
 * whose hand-written floors it times, and `statements.ts`) into the other checkout's `bench/` and
 * run each in turn, alternating:
 *
 *   node_modules/.bin/tsx bench/approve-ab.ts /tmp/kaohe-bench-db-…/bench.db [rounds]
 *   node_modules/.bin/tsx bench/approve-ab.ts 'postgres://…/db?schema=bench_…' [rounds]
 *
 * Each round puts the last month with peer scores back as it was before its approval (its scores
 * and ranks deleted, its state `verifying`), times the hand-written SQL and the same SQL writing
 * the rows, then approves it as the committee, and prints a SHA-256 of what the approval stored —
 * the score rows, the ranks by indicator (by key, and in the order they were written on SQLite),
 * the audit's record of the month and the approval's answer — identical between versions when
 * every row is. AB_PROFILE=1 also prints the approval's slowest statements.
 */
const [url, roundsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: approve-ab.ts <sqlite file | postgres url> [rounds]');
const rounds = Number(roundsArg ?? 3);
const out = (s: string) => process.stdout.write(`${s}\n`);

const handle = openDatabase(url);
const { db, dialect } = handle;
const root = await partyRoot(db);
const committee = await db
  .selectFrom('app_user')
  .select(['id', 'account'])
  .where('account', '=', 'bench-be-committee')
  .executeTakeFirstOrThrow();
const user: AuthUser = {
  id: committee.id,
  account: committee.account,
  displayName: 'bench',
  memberId: null,
  grants: [{ role: 'committee', orgId: root.id }],
};
const month = await db
  .selectFrom('be_month as m')
  .select(['m.id', 'm.month'])
  .where('m.org_id', '=', root.id)
  .where((eb) =>
    eb.exists(eb.selectFrom('be_peer_score as p').select('p.month_id').whereRef('p.month_id', '=', 'm.id')),
  )
  .orderBy('m.month', 'desc')
  .executeTakeFirstOrThrow();
const timer = process.env.AB_PROFILE ? timedStatements(db) : null;
const ctx: Ctx = {
  db: timer?.db ?? db,
  dialect,
  clock: { now: () => new Date(NOW) },
  dataDir: os.tmpdir(),
  user,
  locale: 'zh-CN',
};

const hashOf = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);
const rowsOf = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;

const reset = async () => {
  await db.deleteFrom('be_indicator_rank').where('month_id', '=', month.id).execute();
  await db.deleteFrom('be_month_score').where('month_id', '=', month.id).execute();
  await db
    .updateTable('be_month')
    .set({
      state: 'verifying',
      approved_by: null,
      approved_at: null,
      published_by: null,
      published_at: null,
      published_on: null,
    })
    .where('id', '=', month.id)
    .execute();
  await bumpDataVersion(db, 'branch_eval');
};

out(`month ${month.month} (id ${month.id}) on ${dialect}`);
let hashes = '';
for (let r = 1; r <= rounds; r++) {
  await reset();
  const s0 = performance.now();
  await handWritten(db, month.id);
  const sqlMs = performance.now() - s0;
  const writesMs = await handWrittenWithWrites(db, dialect, month.id);
  timer?.reset();
  const a0 = performance.now();
  const view = await approveMonth(ctx, root.id, month.month);
  const ms = performance.now() - a0;
  out(
    `round ${r}: approve ${ms.toFixed(0)} ms ×${(ms / sqlMs).toFixed(1)} the SQL (${sqlMs.toFixed(0)} ms), ` +
      `×${(ms / writesMs).toFixed(1)} the SQL writing the rows (${writesMs.toFixed(0)} ms); load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  if (timer) {
    const figs = timer.figures();
    const inDb = figs.reduce((t, f) => t + f.ms, 0);
    out(
      `  ${figs.length} statement texts, ${inDb.toFixed(0)} ms in the database, ${(ms - inDb).toFixed(0)} ms in the server`,
    );
    for (const f of figs.slice(0, 8))
      out(`  ${f.ms.toFixed(1).padStart(8)} ms ×${f.n}  ${f.sql.slice(0, 120)}`);
  }
  const scores = await rowsOf(
    sql`select * from be_month_score where month_id = ${month.id} order by branch_id`,
  );
  const ranks = await rowsOf(
    sql`select month_id, code, branch_id, score, rank, prev_rank, movement from be_indicator_rank
        where month_id = ${month.id} order by code, branch_id`,
  );
  const written =
    dialect === 'sqlite'
      ? await rowsOf(
          sql`select code, branch_id from be_indicator_rank where month_id = ${month.id} order by rowid`,
        )
      : [];
  const audit = await rowsOf(
    sql`select action, entity_type, entity_id, org_id, before_json, after_json from audit_log
        where entity_type = 'be_month' and entity_id = ${String(month.id)} order by seq desc limit 2`,
  );
  const line =
    `scores ${hashOf(scores)}  ranks ${hashOf(ranks)}${dialect === 'sqlite' ? `  written ${hashOf(written)}` : ''}` +
    `  audit ${hashOf(audit)}  answer ${hashOf(view)}`;
  out(`  ${line}`);
  if (hashes && hashes !== line) out('  (a different hash from the round before)');
  hashes = line;
}
await db.destroy();
