import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../src/db/kysely.js';
import { evidenceTimesOfMonth } from '../src/server/modules/branch-eval/round/round.repo.js';

/**
 * The month approval's evidence times (`evidenceTimesOfMonth`) on a year of evidence: 12 months of
 * 1,500 branch months with 12 self scores each, one file link per self score (216,000, and 50,000
 * links of another entity type), a points activity or entry referenced by half of them. Times the
 * function against the statements it replaced (joined to the month, links read by type), on an
 * empty database it fills first (a new SQLite file, or a new PostgreSQL database):
 *
 *   node_modules/.bin/tsx bench/evidence-times.ts /tmp/kaohe-evtimes.db [rounds]
 *   node_modules/.bin/tsx bench/evidence-times.ts postgres://…/kaohe_bench_x [rounds]
 */
const [url, roundsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: evidence-times.ts <sqlite file | postgres url> [rounds]');
const rounds = Number(roundsArg ?? 15);
const { db, dialect } = openDatabase(url);
await migrateToLatest(db);

const n = (count: number) =>
  sql.raw(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})`);
const fill = [
  sql`${n(12)} insert into be_month (id, org_id, month, state, created_at)
    select i, 1, '2026-' || i, 'verifying', 'x' from n`,
  sql`${n(18000)} insert into be_branch_month (id, month_id, branch_id, plan_id, plan_version_id, state, created_at, updated_at)
    select i, (i - 1) / 1500 + 1, (i - 1) % 1500 + 100, 1, 1, 'verified', 'x', 'x' from n`,
  sql`${n(216000)} insert into be_self_score (id, branch_month_id, code, score, updated_at)
    select i, (i - 1) / 12 + 1, 'c' || ((i - 1) % 12), 5, 'x' from n`,
  sql`${n(100)} insert into file_blob (hash, size, mime, created_at) select 'h' || i, 1, 'a/b', 'x' from n`,
  sql`${n(216000)} insert into file_upload (id, hash, original_name, uploaded_by, uploaded_at)
    select i, 'h' || (i % 100 + 1), 'f', 1, '2026-01-01T' || i from n`,
  sql`${n(216000)} insert into evidence_link (id, file_id, entity_type, entity_id, created_by, created_at)
    select i, i, 'be_self_score', i, 1, 'x' from n`,
  sql`${n(50000)} insert into evidence_link (id, file_id, entity_type, entity_id, created_by, created_at)
    select 216000 + i, i, 'points_entry', i, 1, 'x' from n`,
  sql`${n(100)} insert into member (id, employee_no, name, gender, created_at, updated_at)
    select i, 'e' || i, 'm', 'm', 'x', 'x' from n`,
  sql`${n(10000)} insert into points_activity (id, scheme_id, branch_id, title, kind, occurred_on, item_code, quantity, points, created_by, created_at)
    select i, 1, 100, 't', 'k', 'x', 'c', 1, 1, 1, '2026-02-01T' || i from n`,
  sql`${n(10000)} insert into points_entry (id, scheme_id, member_id, branch_id, item_code, occurred_on, quarter, quantity, points, kind, state, created_by, created_at, updated_at)
    select i, 1, i % 100 + 1, 100, 'c', 'x', 'q', 1, 1, 'k', 'approved', 1, '2026-03-01T' || i, 'x' from n`,
  sql`${n(216000)} insert into be_evidence_ref (id, self_score_id, ref_type, ref_id, created_by, created_at)
    select i, i, case when i % 4 = 0 then 'points_activity' else 'points_entry' end, i % 10000 + 1, 1, 'x'
    from n where i % 4 in (0, 1)`,
];
// The rows reference no organisation, user or plan: the foreign keys are off while filling.
await db.connection().execute(async (c) => {
  await sql
    .raw(dialect === 'sqlite' ? 'pragma foreign_keys = off' : 'set session_replication_role = replica')
    .execute(c);
  for (const s of fill) await s.execute(c);
  await sql
    .raw(dialect === 'sqlite' ? 'pragma foreign_keys = on' : 'set session_replication_role = origin')
    .execute(c);
});
if (dialect === 'postgres') await sql`vacuum analyze`.execute(db);

const monthId = 6;
/** The statements `evidenceTimesOfMonth` ran before: every month's links, joined to the month. */
async function previous() {
  const files = await db
    .selectFrom('evidence_link as l')
    .innerJoin('be_self_score as s', 's.id', 'l.entity_id')
    .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
    .innerJoin('file_upload as f', 'f.id', 'l.file_id')
    .innerJoin('file_blob as b', 'b.hash', 'f.hash')
    .select(['s.branch_month_id', 'f.uploaded_at as at'])
    .where('l.entity_type', '=', 'be_self_score')
    .where('bm.month_id', '=', monthId)
    .execute();
  const activities = await db
    .selectFrom('be_evidence_ref as r')
    .innerJoin('be_self_score as s', 's.id', 'r.self_score_id')
    .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
    .innerJoin('points_activity as a', 'a.id', 'r.ref_id')
    .select(['s.branch_month_id', 'a.created_at as at'])
    .where('r.ref_type', '=', 'points_activity')
    .where('bm.month_id', '=', monthId)
    .execute();
  const entries = await db
    .selectFrom('be_evidence_ref as r')
    .innerJoin('be_self_score as s', 's.id', 'r.self_score_id')
    .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
    .innerJoin('points_entry as e', 'e.id', 'r.ref_id')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .select(['s.branch_month_id', 'e.created_at as at'])
    .where('r.ref_type', '=', 'points_entry')
    .where('bm.month_id', '=', monthId)
    .execute();
  return [...files, ...activities, ...entries];
}
const key = (rows: { branch_month_id: number; at: string }[]) =>
  rows
    .map((r) => `${r.branch_month_id} ${r.at}`)
    .sort()
    .join('\n');
if (key(await previous()) !== key(await evidenceTimesOfMonth(db, monthId))) throw new Error('rows differ');

const times: Record<'previous' | 'now', number[]> = { previous: [], now: [] };
for (let i = 0; i < rounds; i++) {
  for (const [name, run] of [
    ['previous', previous],
    ['now', () => evidenceTimesOfMonth(db, monthId)],
  ] as const) {
    const t0 = performance.now();
    await run();
    times[name].push(performance.now() - t0);
  }
}
for (const [name, v] of Object.entries(times)) {
  v.sort((a, b) => a - b);
  const ms = (x: number | undefined) => (x ?? 0).toFixed(1);
  process.stdout.write(`${name}: median ${ms(v[v.length >> 1])} ms (${ms(v[0])}–${ms(v.at(-1))})\n`);
}
await db.destroy();
