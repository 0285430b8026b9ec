import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/kysely.js';
import { type Ctx, systemClock } from '../src/server/lib/context.js';
import { bumpDataVersion } from '../src/server/lib/data-version.js';
import { quarterAction } from '../src/server/modules/points/quarter.service.js';
import { insertAdoptedScheme } from '../src/server/modules/points/scheme.service.js';
import { affairsUser, benchAffairs, benchApp, benchLogin, partyRoot } from './app.js';
import { items } from './points.js';
import { fmtLatency, type LatencySummary, measure } from './stats.js';

/**
 * `npm run bench -- --scale group` (PostgreSQL only): one quarter of `perMember` approved points
 * entries for every member of a generated group (25 M for 1,000,000 members), generated on the
 * server by INSERT … SELECT over generate_series, then the quarter close next to a hand-written
 * SQL aggregate over the same rows, the close's peak memory, and p50/p99 of the boards (a city,
 * a province, the whole group) and of the member list. Prints; asserts nothing.
 */
export async function benchGroup(
  handle: DatabaseHandle,
  out: (s: string) => void,
  opts: { requests: number; perMember: number; explain: boolean; phase: 'all' | 'generate' | 'measure' },
) {
  const { db, dialect } = handle;
  if (dialect !== 'postgres') throw new Error('the group bench runs on PostgreSQL only');
  const root = await partyRoot(db);
  if (opts.phase === 'measure') return measureGroup(handle, out, root.id, opts);
  const affairs = await benchAffairs(db, root.id, ['affairs', 'committee', 'admin']);
  const affairsId = affairs.id;
  const { schemeId } = await insertAdoptedScheme(db, {
    rootOrgId: root.id,
    year: 2026,
    name: '2026 bench',
    items,
    byUserId: affairsId,
  });

  // The same mix as the province bench (bench/points.ts), drawn from a hash of (member, k)
  // instead of a sequential generator so that the server can produce every row itself: item k
  // of a member is one of the first seven items, every tenth one of all nine (deductions
  // included); a day of January–March; fixed points, or a draw in the item's range.
  const itemRows = sql.join(
    items.map(
      (it, i) =>
        sql`(${sql.lit(i)}, ${sql.lit(it.code)}, ${sql.lit(it.points.kind === 'fixed' ? it.points.value : it.points.min)}, ${sql.lit(it.points.kind === 'fixed' ? 0 : it.points.max - it.points.min + 1)})`,
    ),
  );
  const at = new Date().toISOString();
  const bounds = await db
    .selectFrom('member')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi'), eb.fn.countAll().as('n')])
    .where('is_party_member', '=', 1)
    .executeTakeFirstOrThrow();
  const lo = Number(bounds.lo);
  const hi = Number(bounds.hi);
  const memberCount = Number(bounds.n);
  const t0 = performance.now();
  const slice = 100_000;
  let total = 0;
  await db.transaction().execute(async (trx) => {
    // Generated rows reference existing members, branches, the scheme and the user by
    // construction; the per-row foreign-key triggers (five lookups a row) are skipped for this
    // bulk load only, as pg_restore does. The indexes are maintained as in production.
    await sql`set local session_replication_role = replica`.execute(trx);
    await bumpDataVersion(trx, 'entries');
    for (let from = lo; from <= hi; from += slice) {
      const r = await sql`
        insert into points_entry (scheme_id, member_id, branch_id, item_code, occurred_on, quarter,
          quantity, points, note, kind, state, activity_id, revokes_entry_id, appeal_id, created_by,
          created_at, updated_at, submitted_at, decided_by, decided_at, decision_reason)
        select ${sql.lit(schemeId)}, m.id, m.branch_id, it.code,
               to_char(date '2026-01-01' + (h.r2 % 89)::int, 'YYYY-MM-DD'), '2026-Q1',
               1, it.base + case when it.span > 0 then (h.r3 % it.span)::int else 0 end,
               null, 'normal', 'approved', null, null, null, ${sql.lit(affairsId)},
               ${at}, ${at}, ${at}, ${sql.lit(affairsId)}, ${at}, null
        from member m
        cross join generate_series(0, ${sql.lit(opts.perMember - 1)}) as k
        cross join lateral (select hashint8extended(m.id::bigint * 64 + k, 1) & 2147483647 as r1,
                                   hashint8extended(m.id::bigint * 64 + k, 2) & 2147483647 as r2,
                                   hashint8extended(m.id::bigint * 64 + k, 3) & 2147483647 as r3) as h
        join (values ${itemRows}) as it(idx, code, base, span)
          on it.idx = (h.r1 % (case when k % 10 = 9 then ${sql.lit(items.length)} else ${sql.lit(items.length - 2)} end))
        where m.id >= ${sql.lit(from)} and m.id < ${sql.lit(from + slice)} and m.is_party_member = 1
          and m.branch_id is not null`.execute(trx);
      total += Number(r.numAffectedRows ?? 0);
      out(`  entries: ${total.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  });
  const genMs = performance.now() - t0;
  out(
    `generated ${total.toLocaleString('en')} approved entries for ${memberCount.toLocaleString('en')} members on the server (INSERT … SELECT generate_series) in ${(genMs / 1000).toFixed(1)} s (${Math.round(total / (genMs / 1000)).toLocaleString('en')} rows/s)`,
  );
  const an0 = performance.now();
  await sql`analyze`.execute(db);
  out(`  analyze ${((performance.now() - an0) / 1000).toFixed(1)} s`);
  const size = await sql<{ t: string; i: string }>`select pg_size_pretty(pg_table_size('points_entry')) as t,
      pg_size_pretty(pg_indexes_size('points_entry')) as i`.execute(db);
  out(`  points_entry: table ${size.rows[0]?.t}, indexes ${size.rows[0]?.i}`);
  if (opts.phase === 'generate') return;
  return measureGroup(handle, out, root.id, opts);
}

/**
 * The measuring half of the group bench, on data generated by the first half (in this run, or
 * kept from an earlier one with `--keep`, named by `--schema`): a closed quarter is reopened first.
 */
async function measureGroup(
  handle: DatabaseHandle,
  out: (s: string) => void,
  rootId: number,
  opts: { requests: number; explain: boolean },
) {
  const { db, dialect } = handle;
  const root = { id: rootId };
  const scheme = await db
    .selectFrom('points_scheme')
    .select('id')
    .where('root_org_id', '=', root.id)
    .where('year', '=', 2026)
    .executeTakeFirstOrThrow();
  const schemeId = scheme.id;
  const affairs = await db
    .selectFrom('app_user')
    .select('id')
    .where('account', '=', 'bench-affairs')
    .executeTakeFirstOrThrow();
  const affairsId = affairs.id;

  // One plain SQL aggregate over the same rows: what the close must at least read.
  const aggregate = sql`select member_id, item_code, sum(points) as p, count(*) as n from points_entry
      where scheme_id = ${schemeId} and quarter = '2026-Q1' and state = 'approved'
      group by member_id, item_code`;
  if (opts.explain) await explain(db, out, 'hand-written aggregate', aggregate);
  const a0 = performance.now();
  // Counted on the server: the aggregate's ~7 M groups are not shipped to Node.
  const agg = await sql<{ n: number }>`select count(*) as n from (${aggregate}) x`.execute(db);
  const aggMs = performance.now() - a0;

  const user = affairsUser(affairsId, root.id, ['affairs', 'committee', 'admin']);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-group-'));
  const ctx: Ctx = { db, dialect, clock: systemClock, dataDir, user, locale: 'zh-CN' };
  const existing = await db
    .selectFrom('points_quarter')
    .select('state')
    .where('scheme_id', '=', schemeId)
    .where('quarter', '=', '2026-Q1')
    .executeTakeFirst();
  if (existing?.state === 'published') {
    await db
      .updateTable('points_quarter')
      .set({ state: 'closed' })
      .where('scheme_id', '=', schemeId)
      .where('quarter', '=', '2026-Q1')
      .execute();
  }
  if (existing && existing.state !== 'open') {
    const r0 = performance.now();
    await quarterAction(ctx, schemeId, '2026-Q1', 'reopen', 'bench: measure the close again');
    out(`  reopened the kept quarter (its scores deleted) in ${(performance.now() - r0).toFixed(0)} ms`);
  }
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const c0 = performance.now();
  let closed: Awaited<ReturnType<typeof quarterAction>> | undefined;
  let closeError: unknown;
  try {
    closed = await quarterAction(ctx, schemeId, '2026-Q1', 'close');
  } catch (e) {
    closeError = e;
  }
  const closeMs = performance.now() - c0;
  clearInterval(sampler);
  out('\nquarter close (compute caps, scores, ranks; store each score with its inputs), 2026-Q1:');
  out(
    `  hand-written SQL aggregate (GROUP BY member, item)  ${aggMs.toFixed(0)} ms  (${Number(agg.rows[0]?.n ?? 0).toLocaleString('en')} groups)`,
  );
  if (closeError || !closed) {
    out(`  close FAILED after ${closeMs.toFixed(0)} ms: ${(closeError as Error)?.message ?? closeError}`);
  } else {
    out(
      `  close for ${closed.members.toLocaleString('en')} members           ${closeMs.toFixed(0)} ms   ×${(closeMs / aggMs).toFixed(1)} the aggregate`,
    );
  }
  out(
    `  peak memory during the close: resident ${mib(peakRss)} MiB (${mib(rss0)} before), heap ${mib(peakHeap)} MiB`,
  );
  if (closeError) throw closeError;
  const p0 = performance.now();
  await quarterAction(ctx, schemeId, '2026-Q1', 'publish');
  out(`  publish                                           ${(performance.now() - p0).toFixed(0)} ms`);
  await sql`analyze points_quarter_score`.execute(db);

  const app = await benchApp({ db, dialect, clock: systemClock, dataDir });
  const cookie = await benchLogin(app, 'bench-affairs', 'Bench-pass-1');
  const orgs = await db
    .selectFrom('org')
    .select(['id', 'kind', 'parent_id'])
    .where('tree', '=', 'party')
    .where('kind', '=', 'committee')
    .execute();
  const provinces = orgs.filter((o) => o.parent_id === root.id).map((o) => o.id);
  const provinceSet = new Set(provinces);
  const cities = orgs.filter((o) => o.parent_id != null && provinceSet.has(o.parent_id)).map((o) => o.id);
  const pick = (arr: number[], i: number) => arr[(i * 7919) % arr.length] ?? root.id;
  const q = await db
    .selectFrom('points_quarter')
    .select('id')
    .where('scheme_id', '=', schemeId)
    .where('quarter', '=', '2026-Q1')
    .executeTakeFirstOrThrow();
  // The hand-written SQL of a board page (as in bench/points.ts): the subtree's rows ranked by a
  // window function, one page of them in board order, with the row count.
  const boardSql = (orgId: number, page: number) =>
    sql`select * from (
          select s.member_id, s.total, s.bonus_political, s.bonus_professional, s.bonus_civility,
                 s.deductions, m.name, m.employee_no, s.branch_id, b.name as branch_name,
                 rank() over (order by s.total desc) as rk, count(*) over () as n
          from points_quarter_score s
          join member m on m.id = s.member_id
          join org b on b.id = s.branch_id
          where s.quarter_id = ${q.id}
            and s.branch_id in (select descendant_id from org_closure where ancestor_id = ${orgId})
        ) x order by rk, employee_no limit 50 offset ${(page - 1) * 50}`;
  const listSql = (orgId: number, offset: number) =>
    sql`select m.*, b.name as branch_name from member m left join org b on b.id = m.branch_id
        where m.branch_id in (select descendant_id from org_closure where ancestor_id = ${orgId}) and m.active = 1
        order by m.employee_no limit 20 offset ${offset}`;
  if (opts.explain) {
    await explain(db, out, 'board SQL, a city', boardSql(pick(cities, 1), 1));
    await explain(db, out, 'board SQL, the whole group', boardSql(root.id, 1));
  }
  const slow = Math.max(20, Math.floor(opts.requests / 10));
  const cases = [
    {
      label: 'board of a city committee',
      count: slow,
      url: (i: number) =>
        `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1&orgId=${pick(cities, i)}&page=${1 + (i % 10)}`,
      sql: (i: number) => boardSql(pick(cities, i), 1 + (i % 10)),
    },
    {
      label: 'board of a province',
      count: slow,
      url: (i: number) =>
        `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1&orgId=${pick(provinces, i)}&page=${1 + (i % 10)}`,
      sql: (i: number) => boardSql(pick(provinces, i), 1 + (i % 10)),
    },
    {
      label: 'board of the whole group',
      count: slow,
      url: (i: number) =>
        `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1&orgId=${root.id}&page=${1 + (i % 10)}`,
      sql: (i: number) => boardSql(root.id, 1 + (i % 10)),
    },
    {
      label: 'member list, whole group, page 1',
      count: opts.requests,
      url: () => '/api/v1/members?pageSize=20',
      sql: () => listSql(root.id, 0),
    },
    {
      label: 'member list, a city, random page',
      count: opts.requests,
      url: (i: number) => `/api/v1/members?orgId=${pick(cities, i)}&page=${1 + (i % 20)}&pageSize=20`,
      sql: (i: number) => listSql(pick(cities, i), (i % 20) * 20),
    },
    {
      label: 'member list, name search in a city',
      count: opts.requests,
      url: (i: number) =>
        `/api/v1/members?orgId=${pick(cities, i)}&q=${encodeURIComponent('王')}&pageSize=20`,
    },
  ];
  out('\npages via app.inject (the hand-written SQL of the same page measured right after):');
  for (const c of cases) {
    const s = await measure(
      c.count,
      async (i) => {
        const res = await app.inject({ url: c.url(i), cookies: { kaohe_sid: cookie } });
        if (res.statusCode !== 200)
          throw new Error(`${c.url(i)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      },
      5,
    );
    let ref: LatencySummary | undefined;
    const refSql = c.sql;
    if (refSql) ref = await measure(c.count, async (i) => void (await refSql(i).execute(db)), 3);
    out(
      `  ${c.label.padEnd(36)} ${fmtLatency(s)}${ref ? `   SQL p50 ${ref.p50.toFixed(1)} ms, ×${(s.p50 / ref.p50).toFixed(1)}` : ''}`,
    );
  }
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function explain(
  db: DatabaseHandle['db'],
  out: (s: string) => void,
  label: string,
  query: ReturnType<typeof sql>,
) {
  const r = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${query}`.execute(db);
  out(`\nEXPLAIN ANALYZE — ${label}:`);
  for (const row of r.rows) out(`  ${row['QUERY PLAN']}`);
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
