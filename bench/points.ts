import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { type Insertable, type RawBuilder, sql } from 'kysely';
import { createRng } from '../src/cli/seed-demo.js';
import type { DatabaseHandle, DbOrTrx } from '../src/db/kysely.js';
import type { PointsEntryTable } from '../src/db/types.js';
import type { SchemeItem } from '../src/domain/points/scheme.js';
import { type Ctx, systemClock } from '../src/server/lib/context.js';
import { bumpDataVersion } from '../src/server/lib/data-version.js';
import { storeBoardTotals } from '../src/server/modules/points/board.repo.js';
import { countScores as countScoresOf } from '../src/server/modules/points/quarter.repo.js';
import { quarterAction, recomputeMemberIfClosed } from '../src/server/modules/points/quarter.service.js';
import { insertAdoptedScheme } from '../src/server/modules/points/scheme.service.js';
import { computeYear } from '../src/server/modules/points/year.service.js';
import { benchAffairs, benchApp, benchLogin, partyRoot } from './app.js';
import { pagesOverHttp } from './http.js';
import { timedStatements } from './statements.js';
import { fmtLatency, measure, recordGrowth } from './stats.js';

export const items: SchemeItem[] = [
  {
    code: 'Z01',
    name: '参加主题党日',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 200 },
    unit: '次',
    quarterCap: { kind: 'count', value: 3 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'Z02',
    name: '三会一课',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 100 },
    unit: '次',
    quarterCap: { kind: 'points', value: 800 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'Z03',
    name: '理论学习',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'range', min: 50, max: 300 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'Y01',
    name: '技术创新',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'range', min: 100, max: 500 },
    unit: '项',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'Y02',
    name: '安全生产',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'fixed', value: 150 },
    unit: '次',
    quarterCap: { kind: 'count', value: 6 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'W01',
    name: '志愿服务',
    dimension: 'civility',
    direction: 'bonus',
    points: { kind: 'range', min: 100, max: 300 },
    unit: '小时',
    quarterCap: { kind: 'points', value: 1000 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'W02',
    name: '见义勇为',
    dimension: 'civility',
    direction: 'bonus',
    points: { kind: 'fixed', value: 500 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'K01',
    name: '缺席组织生活',
    dimension: 'political',
    direction: 'deduction',
    points: { kind: 'fixed', value: 300 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'K02',
    name: '违反劳动纪律',
    dimension: 'professional',
    direction: 'deduction',
    points: { kind: 'fixed', value: 500 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
];

/**
 * The points section of `npm run bench`: a scheme over every generated member with
 * `perMember` approved entries each in 2026-Q1 (2.5 M at province scale), then the time to close
 * the quarter (compute, rank and store every member's explained score) next to one plain SQL
 * aggregate over the same rows, and the latency of the review queue and board pages.
 */
export async function benchPoints(
  handle: DatabaseHandle,
  out: (s: string) => void,
  n: number,
  perMember: number,
  overHttp = false,
  profile = false,
) {
  const { dialect } = handle;
  // `--points-profile`: the close's and the annual step's statements counted and timed at the driver.
  const timer = profile ? timedStatements(handle.db) : null;
  const db = handle.db;
  const printProfile = (ms: number) => {
    if (!timer) return;
    const figs = timer.figures();
    const inDb = figs.reduce((t, f) => t + f.ms, 0);
    out(
      `    ${figs.reduce((t, f) => t + f.n, 0)} statements, ${inDb.toFixed(0)} ms in the database, ${(ms - inDb).toFixed(0)} ms in the server; the slowest:`,
    );
    for (const f of figs.slice(0, 10))
      out(`    ${f.ms.toFixed(1).padStart(9)} ms ×${f.n}  ${f.sql.slice(0, 150)}`);
    timer.reset();
  };
  const root = await partyRoot(db);
  const at = new Date().toISOString();
  const affairs = await benchAffairs(db, root.id, ['affairs', 'committee']);
  const affairsId = affairs.id;
  const { schemeId } = await insertAdoptedScheme(db, {
    rootOrgId: root.id,
    year: 2026,
    name: '2026 bench',
    items,
    byUserId: affairsId,
  });
  const scheme = { id: schemeId };

  const members = await db
    .selectFrom('member')
    .innerJoin('org_closure as c', (j) =>
      j.onRef('c.descendant_id', '=', 'member.branch_id').on('c.ancestor_id', '=', root.id),
    )
    .select(['member.id', 'member.branch_id'])
    .where('member.is_party_member', '=', 1)
    .execute();
  const rand = createRng(2026).next;
  const t0 = performance.now();
  const cols = 21;
  const perStatement = dialect === 'sqlite' ? Math.floor(30_000 / cols) : 3000;
  let buffer: Insertable<PointsEntryTable>[] = [];
  let total = 0;
  const flush = async (trx: typeof db) => {
    if (buffer.length === 0) return;
    await trx.insertInto('points_entry').values(buffer).execute();
    await bumpDataVersion(trx, 'entries');
    total += buffer.length;
    buffer = [];
  };
  await db.transaction().execute(async (trx) => {
    for (const m of members) {
      for (let k = 0; k < perMember; k++) {
        const item = items[Math.floor(rand() * (k % 10 === 9 ? items.length : items.length - 2))] ?? items[0];
        if (!item) continue;
        const day = 1 + Math.floor(rand() * 89);
        const d = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
        const points =
          item.points.kind === 'fixed'
            ? item.points.value
            : item.points.min + Math.floor(rand() * (item.points.max - item.points.min + 1));
        buffer.push({
          scheme_id: scheme.id,
          member_id: m.id,
          branch_id: m.branch_id ?? root.id,
          item_code: item.code,
          occurred_on: d,
          quarter: '2026-Q1',
          ...approvedBy(affairsId, at, { points, kind: 'normal' }),
        });
        if (buffer.length >= perStatement) await flush(trx);
      }
    }
    await flush(trx);
  });
  out(
    `generated ${total.toLocaleString('en')} approved entries for ${members.length.toLocaleString('en')} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (dialect === 'postgres') await sql`analyze`.execute(db);

  // One plain SQL aggregate over the same rows: what the close must at least read.
  const a0 = performance.now();
  const agg = await db
    .selectFrom('points_entry')
    .select((eb) => [
      'member_id',
      'item_code',
      eb.fn.sum<number>('points').as('p'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('scheme_id', '=', scheme.id)
    .where('quarter', '=', '2026-Q1')
    .where('state', '=', 'approved')
    .groupBy(['member_id', 'item_code'])
    .execute();
  const aggMs = performance.now() - a0;
  const closeWritesMs = await closeWithWrites(db, scheme.id, root.id, affairsId, at);

  const user = affairs.user;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-pts-'));
  const ctx: Ctx = { db: timer?.db ?? db, dialect, clock: systemClock, dataDir, user, locale: 'zh-CN' };
  // Peak memory of the close: resident set and heap, sampled while it runs (it awaits the database
  // often). Under `node --expose-gc` the generation's garbage is collected first, so "before" is
  // what the process holds live; the heap limit printed is V8's (`--max-old-space-size`).
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const c0 = performance.now();
  const closed = await quarterAction(ctx, scheme.id, '2026-Q1', 'close');
  const closeMs = performance.now() - c0;
  clearInterval(sampler);
  recordGrowth('quarter close (entries)', closeMs, total);
  const p0 = performance.now();
  await quarterAction(ctx, scheme.id, '2026-Q1', 'publish');
  const publishMs = performance.now() - p0;
  out('\nquarter close (compute caps, scores, ranks; store each score with its inputs), 2026-Q1:');
  out(
    `  hand-written SQL aggregate (GROUP BY member, item)  ${aggMs.toFixed(0)} ms  (${agg.length.toLocaleString('en')} groups)`,
  );
  out(
    `  close + compute board for ${closed.members.toLocaleString('en')} members           ${closeMs.toFixed(0)} ms   ×${(closeMs / aggMs).toFixed(1)} the aggregate`,
  );
  out(
    `  hand-written SQL writing the score rows (see closeWithWrites) ${closeWritesMs.toFixed(0)} ms: close ×${(closeMs / closeWritesMs).toFixed(1)}`,
  );
  printProfile(closeMs);
  out(
    `  peak memory during the close: resident ${mib(peakRss)} MiB (${mib(rss0)} before), heap ${mib(peakHeap)} MiB (limit ${mib(getHeapStatistics().heap_size_limit)} MiB${collect ? ', collected before' : ''})`,
  );
  out(`  publish                                           ${publishMs.toFixed(0)} ms`);

  // The year: Q2–Q4 are published copies of Q1's stored scores (generating 7.5 M more entries
  // would only repeat the close above), then the annual step is measured as it runs: the mean of
  // the four quarters, ranking within each scope and the five tiers, for every member.
  const q1 = await db
    .selectFrom('points_quarter')
    .selectAll()
    .where('scheme_id', '=', scheme.id)
    .where('quarter', '=', '2026-Q1')
    .executeTakeFirstOrThrow();
  for (const quarter of ['2026-Q2', '2026-Q3', '2026-Q4']) {
    const q = await db
      .insertInto('points_quarter')
      .values({
        scheme_id: scheme.id,
        quarter,
        state: 'published',
        version_id: q1.version_id,
        closed_by: affairsId,
        closed_at: at,
        published_by: affairsId,
        published_at: at,
        published_on: '2027-01-05',
        computed_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('points_quarter_score')
      .columns([
        'quarter_id',
        'member_id',
        'branch_id',
        'scope_org_id',
        'total',
        'bonus_political',
        'bonus_professional',
        'bonus_civility',
        'deductions',
        'rank_in_branch',
        'rank_in_scope',
        'has_veto',
        'version_id',
        'explanation_json',
        'computed_at',
      ])
      .expression(
        db
          .selectFrom('points_quarter_score')
          .select([
            sql<number>`${q.id}`.as('quarter_id'),
            'member_id',
            'branch_id',
            'scope_org_id',
            sql<number>`total - (member_id % 7) * 50`.as('total'),
            'bonus_political',
            'bonus_professional',
            'bonus_civility',
            'deductions',
            'rank_in_branch',
            'rank_in_scope',
            'has_veto',
            'version_id',
            'explanation_json',
            'computed_at',
          ])
          .where('quarter_id', '=', q1.id),
      )
      .execute();
    await storeBoardTotals(db, q.id);
  }
  const yearWritesMs = await yearWithWrites(db, scheme.id);
  timer?.reset();
  const y0 = performance.now();
  const year = await computeYear(ctx, scheme.id);
  const yearMs = performance.now() - y0;
  const y1 = performance.now();
  const yearAgg = await db
    .selectFrom('points_quarter_score as s')
    .innerJoin('points_quarter as q', 'q.id', 's.quarter_id')
    .select((eb) => ['s.member_id', eb.fn.avg<number>('s.total').as('mean')])
    .where('q.scheme_id', '=', scheme.id)
    .groupBy('s.member_id')
    .execute();
  const yearAggMs = performance.now() - y1;
  out('\nannual score and five tiers (年度总评), over four published quarters:');
  out(
    `  hand-written SQL mean per member                  ${yearAggMs.toFixed(0)} ms  (${yearAgg.length.toLocaleString('en')} members)`,
  );
  out(
    `  compute annual scores, ranks and tiers             ${yearMs.toFixed(0)} ms   ×${(yearMs / yearAggMs).toFixed(1)} the SQL mean   (${year.members.toLocaleString('en')} members)`,
  );
  out(
    `  hand-written SQL writing the result rows (see yearWithWrites) ${yearWritesMs.toFixed(0)} ms: annual step ×${(yearMs / yearWritesMs).toFixed(1)}`,
  );
  printProfile(yearMs);

  // One approved adjustment (or upheld appeal) in a published quarter: the member's score is
  // computed again and the member's branch and ranking scope re-ranked. First in Q1's largest
  // scope (a committee under the root, as the scheme ranks); then in a scope of 20,000 members (a
  // province-sized committee: Q3's first 20,000 members by id stamped with the root's scope) and
  // with the whole organisation as one scope (a scheme ranking at the root: Q4's scores). Q3's and
  // Q4's copied scores are stored again as a close stores them — every row written once, ranked by
  // the database — so the re-score meets the table as it is after a close, not rows rewritten by
  // the bench. The adjusted member scored only its adjustment in Q3/Q4 (no other entries there),
  // so it falls past most of its scope: the count of ranks moved is printed with each figure.
  const quarterId = async (quarter: string) =>
    (
      await db
        .selectFrom('points_quarter')
        .select('id')
        .where('scheme_id', '=', scheme.id)
        .where('quarter', '=', quarter)
        .executeTakeFirstOrThrow()
    ).id;
  const scoreColumns = sql.join(
    [
      'quarter_id',
      'member_id',
      'branch_id',
      'scope_org_id',
      'total',
      'bonus_political',
      'bonus_professional',
      'bonus_civility',
      'deductions',
      'has_veto',
      'version_id',
      'explanation_json',
      'computed_at',
    ].map((c) => sql.ref(c)),
  );
  const restoreWithScope = async (qId: number, scope: RawBuilder<number>) => {
    await db.transaction().execute(async (trx) => {
      await sql`create temporary table bench_scores as select * from points_quarter_score where quarter_id = ${qId}`.execute(
        trx,
      );
      await sql`update bench_scores set scope_org_id = ${scope}`.execute(trx);
      await trx.deleteFrom('points_quarter_score').where('quarter_id', '=', qId).execute();
      await sql`insert into points_quarter_score (${scoreColumns}, rank_in_branch, rank_in_scope)
        select ${scoreColumns},
               rank() over (partition by branch_id order by total desc),
               rank() over (partition by scope_org_id order by total desc)
        from bench_scores order by member_id`.execute(trx);
      await sql`drop table bench_scores`.execute(trx);
    });
    if (dialect === 'postgres') await sql`analyze points_quarter_score`.execute(db);
  };
  const adjustAndRerank = async (quarter: string, day: string, scopeOrgId: number, runs: number) => {
    const qId = await quarterId(quarter);
    const inScope = await db
      .selectFrom('points_quarter_score')
      .select(['member_id', 'branch_id', 'total', 'rank_in_scope'])
      .where('quarter_id', '=', qId)
      .where('scope_org_id', '=', scopeOrgId)
      .orderBy('member_id')
      .execute();
    const times: number[] = [];
    let moved = 0;
    for (let i = 0; i < runs; i++) {
      const m = inScope[Math.floor(((i + 0.5) * inScope.length) / runs)] ?? inScope[0];
      if (!m) break;
      await db.transaction().execute(async (trx) => {
        await bumpDataVersion(trx, 'entries');
        await trx
          .insertInto('points_entry')
          .values({
            scheme_id: scheme.id,
            member_id: m.member_id,
            branch_id: m.branch_id,
            item_code: 'Y01',
            occurred_on: day,
            quarter,
            ...approvedBy(affairsId, at, { points: 100 + 37 * i, kind: 'adjustment' }),
          })
          .execute();
        const r0 = performance.now();
        await recomputeMemberIfClosed(trx, scheme.id, quarter, m.member_id, new Date().toISOString());
        times.push(performance.now() - r0);
        const after = await trx
          .selectFrom('points_quarter_score')
          .select('rank_in_scope')
          .where('quarter_id', '=', qId)
          .where('member_id', '=', m.member_id)
          .executeTakeFirstOrThrow();
        moved += Math.abs(after.rank_in_scope - m.rank_in_scope);
      });
    }
    times.sort((a, b) => a - b);
    return { members: inScope.length, times, moved: Math.round(moved / Math.max(1, times.length)) };
  };
  const largest = await db
    .selectFrom('points_quarter_score')
    .select((eb) => ['scope_org_id', eb.fn.countAll<number>().as('n')])
    .where('quarter_id', '=', q1.id)
    .groupBy('scope_org_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const q3 = await quarterId('2026-Q3');
  const q3Count = await countScoresOf(db, q3);
  const province = await db
    .selectFrom('points_quarter_score')
    .select('member_id')
    .where('quarter_id', '=', q3)
    .orderBy('member_id')
    .offset(Math.min(20_000, q3Count) - 1)
    .limit(1)
    .executeTakeFirstOrThrow();
  await restoreWithScope(
    q3,
    sql<number>`case when member_id <= ${province.member_id} then ${root.id} else scope_org_id end`,
  );
  await restoreWithScope(await quarterId('2026-Q4'), sql<number>`${root.id}`);
  out('\nan approved adjustment in a published quarter (score the member again, re-rank branch and scope):');
  for (const [label, r] of [
    ['largest scope of the scheme', await adjustAndRerank('2026-Q1', '2026-03-30', largest.scope_org_id, 7)],
    ['a 20,000-member scope', await adjustAndRerank('2026-Q3', '2026-09-29', root.id, 7)],
    ['whole organisation as one scope', await adjustAndRerank('2026-Q4', '2026-12-30', root.id, 7)],
  ] as const) {
    out(
      `  ${label.padEnd(32)} ${r.members.toLocaleString('en').padStart(7)} members: median ${(r.times[Math.floor(r.times.length / 2)] ?? 0).toFixed(1)} ms, max ${(r.times.at(-1) ?? 0).toFixed(1)} ms over ${r.times.length} adjustments (ranks in scope moved ≈ ${r.moved.toLocaleString('en')} each)`,
    );
  }

  // Pages: a waiting review queue (5,000 fresh submitted entries) and boards of every size.
  const some = members.slice(0, 5000);
  await db.transaction().execute(async (trx) => {
    await bumpDataVersion(trx, 'entries');
    for (let i = 0; i < some.length; i += 500) {
      await trx
        .insertInto('points_entry')
        .values(
          some.slice(i, i + 500).map((m) => ({
            scheme_id: scheme.id,
            member_id: m.id,
            branch_id: m.branch_id ?? 0,
            item_code: 'Z01',
            occurred_on: '2026-04-01',
            quarter: '2026-Q2',
            quantity: 1,
            points: 200,
            note: null,
            kind: 'normal' as const,
            state: 'submitted',
            activity_id: null,
            revokes_entry_id: null,
            appeal_id: null,
            created_by: affairsId,
            created_at: at,
            updated_at: at,
            submitted_at: at,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
          })),
        )
        .execute();
    }
  });
  const app = await benchApp({ db, dialect, clock: systemClock, dataDir });
  const cookie = await benchLogin(app, 'bench-affairs', 'Bench-pass-1');
  const orgs = await db
    .selectFrom('org')
    .select(['id', 'kind', 'parent_id'])
    .where('tree', '=', 'party')
    .execute();
  const branches = orgs.filter((o) => o.kind === 'branch').map((o) => o.id);
  const committees = orgs.filter((o) => o.kind === 'committee' && o.parent_id === root.id).map((o) => o.id);
  const pick = (arr: number[], i: number) => arr[(i * 7919) % arr.length] ?? root.id;
  const q2 = await db
    .selectFrom('points_quarter')
    .select('id')
    .where('scheme_id', '=', scheme.id)
    .where('quarter', '=', '2026-Q2')
    .executeTakeFirstOrThrow();
  // The hand-written SQL of a board page: the subtree's rows ranked by a window function, one
  // page of them in board order, with the row count.
  const boardSql = (orgId: number, page: number) =>
    sql`select * from (
          select s.member_id, s.total, s.bonus_political, s.bonus_professional, s.bonus_civility,
                 s.deductions, m.name, m.employee_no, s.branch_id, b.name as branch_name,
                 rank() over (order by s.total desc) as rk, count(*) over () as n
          from points_quarter_score s
          join member m on m.id = s.member_id
          join org b on b.id = s.branch_id
          where s.quarter_id = ${q2.id}
            and s.branch_id in (select descendant_id from org_closure where ancestor_id = ${orgId})
        ) x order by rk, employee_no limit 50 offset ${(page - 1) * 50}`.execute(db);
  const pages = [
    {
      label: 'review queue, oldest first',
      url: (i: number) =>
        `/api/v1/points/entries?state=submitted&schemeId=${scheme.id}&page=${1 + (i % 50)}&pageSize=50`,
    },
    {
      label: 'board of a branch',
      url: (i: number) =>
        `/api/v1/points/board?schemeId=${scheme.id}&quarter=2026-Q2&orgId=${pick(branches, i)}`,
      sql: (i: number) => boardSql(pick(branches, i), 1),
    },
    {
      label: 'board of a city committee',
      url: (i: number) =>
        `/api/v1/points/board?schemeId=${scheme.id}&quarter=2026-Q2&orgId=${pick(committees, i)}&page=${1 + (i % 10)}`,
      sql: (i: number) => boardSql(pick(committees, i), 1 + (i % 10)),
    },
    {
      label: 'board of the whole organisation',
      url: (i: number) =>
        `/api/v1/points/board?schemeId=${scheme.id}&quarter=2026-Q2&orgId=${root.id}&page=${1 + (i % 10)}`,
      sql: (i: number) => boardSql(root.id, 1 + (i % 10)),
    },
  ];
  const todo = {
    label: 'to-do list',
    url: () => '/api/v1/todo',
    // What the to-do must at least read: the entries waiting for review in the whole scope.
    sql: () =>
      sql`select count(*) from points_entry where state = 'submitted' and kind = 'normal'
            and branch_id in (select descendant_id from org_closure where ancestor_id = ${root.id})`.execute(
        db,
      ),
  };
  out('\npoints pages via app.inject:');
  for (const p of pages) {
    const count =
      p.label.includes('committee') || p.label.includes('whole') ? Math.max(20, Math.floor(n / 10)) : n;
    const s = await measure(
      count,
      async (i) => {
        const res = await app.inject({ url: p.url(i), cookies: { kaohe_sid: cookie } });
        if (res.statusCode !== 200)
          throw new Error(`${p.url(i)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      },
      5,
    );
    out(`  ${p.label.padEnd(34)} ${fmtLatency(s)}`);
    if (p.label.startsWith('board')) recordGrowth(`${p.label}, p50 (members)`, s.p50, members.length);
  }
  if (overHttp) await pagesOverHttp(app, cookie, [...pages, todo], out, n);
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

class RolledBack extends Error {}

/** Runs `work` in a transaction rolled back afterwards; returns its time. */
async function timedAndRolledBack(db: DbOrTrx, work: (trx: DbOrTrx) => Promise<void>): Promise<number> {
  let ms = 0;
  try {
    await db.transaction().execute(async (trx) => {
      const t0 = performance.now();
      await work(trx);
      ms = performance.now() - t0;
      throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
  }
  return ms;
}

/**
 * A floor for the close that writes what the close writes: the plain aggregate (per member and
 * item, then per member) placed in each member's scope (the committee under the root above the
 * entry's branch, else the root) and stored as score rows ranked by `rank()` in the branch and the
 * scope, with a JSON text of inputs, in one `INSERT … SELECT`, then every org's board histogram
 * counted from those rows (the close stores both) — in a transaction rolled back. Still a floor:
 * no caps, dimensions, cancellations, branch history or vetoes.
 */
export async function closeWithWrites(
  db: DbOrTrx,
  schemeId: number,
  rootId: number,
  byUserId: number,
  at: string,
) {
  const version = await db
    .selectFrom('points_scheme_version')
    .select('id')
    .where('scheme_id', '=', schemeId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return timedAndRolledBack(db, async (trx) => {
    const q = await trx
      .insertInto('points_quarter')
      .values({
        scheme_id: schemeId,
        // A quarter no run uses: the rows are rolled back with it.
        quarter: '2025-Q4',
        state: 'closed',
        version_id: version.id,
        closed_by: byUserId,
        closed_at: at,
        published_by: null,
        published_at: null,
        published_on: null,
        computed_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into points_quarter_score (quarter_id, member_id, branch_id, scope_org_id, total,
        bonus_political, bonus_professional, bonus_civility, deductions, rank_in_branch, rank_in_scope,
        has_veto, version_id, explanation_json, computed_at)
      with g as (
        select member_id, max(branch_id) as branch_id, item_code, sum(points) as p, count(*) as n, max(id) as last_id
        from points_entry
        where scheme_id = ${schemeId} and quarter = '2026-Q1' and state = 'approved'
        group by member_id, item_code
      ), t as (
        select member_id, max(branch_id) as branch_id, sum(p) as total, sum(n) as n, max(last_id) as last_id
        from g group by member_id
      ), s as (
        select t.*, coalesce(sc.ancestor_id, ${rootId}) as scope_org_id
        from t left join (
          select c.descendant_id, c.ancestor_id from org_closure c join org a on a.id = c.ancestor_id
          where a.parent_id = ${rootId} and a.kind = 'committee'
        ) sc on sc.descendant_id = t.branch_id
      )
      select ${q.id}, member_id, branch_id, scope_org_id, total, total, 0, 0, 0,
             rank() over (partition by branch_id order by total desc),
             rank() over (partition by scope_org_id order by total desc), 0, ${version.id},
             '{"entries":' || cast(n as text) || ',"lastEntryId":' || cast(last_id as text) || ',"vetoEntryIds":[]}', ${at}
      from s order by member_id`.execute(trx);
    // The board histograms the close writes with its scores (the same statement as the close's).
    await sql`insert into points_board_total (quarter_id, org_id, total, n)
      select s.quarter_id, c.ancestor_id, s.total, count(*)
      from points_quarter_score s join org_closure c on c.descendant_id = s.branch_id
      where s.quarter_id = ${q.id}
      group by s.quarter_id, c.ancestor_id, s.total
      order by c.ancestor_id, s.total`.execute(trx);
  });
}

/**
 * A floor for the annual step that writes what it writes: the mean of each member's stored quarter
 * totals with the last stored scope, ranked and counted per scope by window functions and tiered
 * by rank (the quota's percentages), stored as result rows in one `INSERT … SELECT` — in a
 * transaction rolled back (the year row with it). No rounding rule, warnings, vetoes, flags or
 * ties at a boundary.
 */
export async function yearWithWrites(db: DbOrTrx, schemeId: number) {
  return timedAndRolledBack(db, async (trx) => {
    // The year's row (created if none), its results replaced (rolled back with the rest).
    const found = await trx
      .selectFrom('points_year')
      .select('id')
      .where('scheme_id', '=', schemeId)
      .executeTakeFirst();
    const y =
      found ??
      (await trx
        .insertInto('points_year')
        .values({
          scheme_id: schemeId,
          state: 'draft',
          version_id: null,
          computed_at: null,
          published_at: null,
          published_on: null,
          updated_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow());
    await trx.deleteFrom('points_year_result').where('year_id', '=', y.id).execute();
    await sql`insert into points_year_result (year_id, member_id, branch_id, scope_org_id, annual_score,
        quarters_present, flagged, has_veto, tier, reason, c, n, rank_in_scope)
      with m as (
        select s.member_id, cast(avg(s.total) as integer) as annual, count(*) as present,
               max(s.branch_id) as branch_id, max(s.scope_org_id) as scope_org_id
        from points_quarter_score s join points_quarter q on q.id = s.quarter_id
        where q.scheme_id = ${schemeId}
        group by s.member_id
      ), r as (
        select m.*, rank() over (partition by scope_org_id order by annual desc) as rk,
               count(*) over (partition by scope_org_id) as n
        from m
      )
      select ${y.id}, member_id, branch_id, scope_org_id, annual, present, 0, 0,
             case when rk * 100 <= 5 * n then 'benchmark' when rk * 100 <= 20 * n then 'excellent'
                  when rk * 100 <= 50 * n then 'good' else 'qualified' end,
             'quota', rk, n, rk
      from r order by member_id`.execute(trx);
  });
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** The columns of one approved entry of quantity 1 that an affairs officer decided at `at`. */
function approvedBy(affairsId: number, at: string, e: { points: number; kind: 'normal' | 'adjustment' }) {
  return {
    quantity: 1,
    points: e.points,
    note: null,
    kind: e.kind,
    state: 'approved' as const,
    activity_id: null,
    revokes_entry_id: null,
    appeal_id: null,
    created_by: affairsId,
    created_at: at,
    updated_at: at,
    submitted_at: at,
    decided_by: affairsId,
    decided_at: at,
    decision_reason: null,
  };
}
