import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createRng, insertInChunks } from '../src/cli/seed-demo.js';
import type { DatabaseHandle } from '../src/db/kysely.js';
import type { TermsCheckinTable } from '../src/db/types.js';
import { checkInTiming, lateUntil } from '../src/domain/terms/index.js';
import type { Ctx } from '../src/server/lib/context.js';
import { bootstrapUser } from '../src/server/modules/org/bootstrap.js';
import {
  assignTasks,
  createCalendar,
  getCalendar,
  publishCalendar,
} from '../src/server/modules/terms/terms.service.js';
import { benchApp, benchLogin, partyRoot } from './app.js';
import { fmtLatency, measure } from './stats.js';

/**
 * The 二十四节气 section of `npm run bench` (SPEC §4 at §8 scale): one calendar at the root
 * committee, every default task (25) assigned to every branch (150,000 assignments at province
 * scale) through the use cases, and check-ins for the windows begun by 10 December 2025 written
 * directly (78% on time, 10% late). Measured: the org × term matrix page as the affairs
 * department sees it (the whole province, 50 branches a page, totals per term over all 6,000),
 * and one county's subtree; each next to a hand-written SQL reading the same rows (ratio).
 */
const YEAR = 2025;
const NOW = '2025-12-10T02:00:00.000Z';
const PASSWORD = 'Bench-pass-1';

export async function benchTerms(handle: DatabaseHandle, out: (s: string) => void, n: number) {
  const { db } = handle;
  const root = await partyRoot(db);
  const userId = await bootstrapUser(db, {
    account: 'bench-terms',
    displayName: 'bench',
    password: PASSWORD,
    grants: [{ role: 'affairs', orgId: root.id }],
  });
  const clock = { now: () => new Date(NOW) };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-terms-'));
  const deps = { db, dialect: handle.dialect, clock, dataDir };
  const ctx: Ctx = {
    ...deps,
    user: {
      id: userId,
      account: 'bench-terms',
      displayName: 'bench',
      memberId: null,
      grants: [{ role: 'affairs', orgId: root.id }],
    },
    locale: 'zh-CN',
  };
  const t0 = performance.now();
  const created = await createCalendar(ctx, { orgId: root.id, year: YEAR });
  await publishCalendar(ctx, created.id);
  const cal = await getCalendar(ctx, created.id);
  const assigned = await assignTasks(ctx, cal.id, {
    taskIds: cal.tasks.map((x) => x.id),
    mode: 'subtree',
    orgIds: [root.id],
  });
  const t1 = performance.now();
  const rng = createRng(20251210);
  const rows = await db
    .selectFrom('terms_assignment')
    .select(['id', 'position'])
    .where('calendar_id', '=', cal.id)
    .orderBy('id')
    .execute();
  const checkins: TermsCheckinTable[] = [];
  for (const a of rows) {
    const w = cal.terms[a.position];
    if (!w || checkInTiming(w, NOW) === 'not_open') continue;
    const roll = rng.next();
    const start = Date.parse(w.startsAt);
    const end = Date.parse(w.endsAt);
    const at =
      roll < 0.78 ? start + rng.next() * (end - start) : end + rng.next() * (Date.parse(lateUntil(w)) - end);
    if (roll >= 0.88 || at >= Date.parse(NOW)) continue;
    checkins.push({
      assignment_id: a.id,
      note: '已完成',
      late: roll < 0.78 ? 0 : 1,
      checked_in_by: userId,
      checked_in_at: new Date(at).toISOString(),
    });
  }
  await insertInChunks(db, checkins, (chunk) => db.insertInto('terms_checkin').values(chunk).execute());
  if (handle.dialect === 'postgres') await sql`analyze`.execute(db);
  out(
    `calendar ${YEAR}: ${assigned.orgs} branches × ${cal.tasks.length} tasks = ${assigned.created} assignments in ${((t1 - t0) / 1000).toFixed(1)} s (use cases); ${checkins.length} check-ins written`,
  );

  const app = await benchApp(deps);
  const cookie = await benchLogin(app, 'bench-terms', PASSWORD);
  const pages = Math.max(1, Math.ceil(assigned.orgs / 50));
  const county = await db
    .selectFrom('org')
    .select('id')
    .where('kind', '=', 'committee')
    .where('parent_id', 'is not', null)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();

  // The same answer by hand: one page of branches in order, their cells, and the per-term totals.
  const handSql = async (page: number, within: number) => {
    const orgs = sql`select o.id from org_closure c join org o on o.id = c.descendant_id
      where c.ancestor_id = ${within} and o.kind = 'branch'`;
    const pageRows = await sql<{ id: number; code: string; name: string }>`
      select o.id, o.code, o.name from org_closure c join org o on o.id = c.descendant_id
      where c.ancestor_id = ${within} and o.kind = 'branch'
      order by o.sort_order, o.code, o.id limit 50 offset ${(page - 1) * 50}`.execute(db);
    const ids = pageRows.rows.map((r) => r.id);
    const [count, cells, totals] = await Promise.all([
      sql`select count(*) as n from (${orgs}) x`.execute(db),
      ids.length === 0
        ? Promise.resolve({ rows: [] })
        : sql`select a.org_id, a.position, count(*) as assigned,
            sum(case when ch.late = 0 then 1 else 0 end) as on_time, sum(case when ch.late = 1 then 1 else 0 end) as late
            from terms_assignment a left join terms_checkin ch on ch.assignment_id = a.id
            where a.calendar_id = ${cal.id} and a.org_id in (${sql.join(ids)})
            group by a.org_id, a.position`.execute(db),
      sql`select position,
            sum(case when on_time + late >= assigned and late = 0 then 1 else 0 end) as complete,
            sum(case when on_time + late >= assigned and late > 0 then 1 else 0 end) as complete_late,
            sum(case when on_time + late >= assigned then 0 else 1 end) as incomplete
          from (select a.org_id, a.position, count(*) as assigned,
                  sum(case when ch.late = 0 then 1 else 0 end) as on_time,
                  sum(case when ch.late = 1 then 1 else 0 end) as late
                from terms_assignment a left join terms_checkin ch on ch.assignment_id = a.id
                where a.calendar_id = ${cal.id} and a.org_id in (${orgs})
                group by a.org_id, a.position) cell
          group by position`.execute(db),
    ]);
    return count.rows.length + cells.rows.length + totals.rows.length;
  };

  out('org × term matrix, GET /api/v1/terms/calendars/:id/matrix (50 branches a page), via app.inject:');
  const cases = [
    {
      label: 'whole organisation, random page',
      within: root.id,
      query: (i: number) => `page=${1 + ((i * 7919) % pages)}`,
    },
    { label: 'one county committee', within: county.id, query: () => `orgId=${county.id}` },
  ];
  for (const c of cases) {
    const api = await measure(n, async (i) => {
      const res = await app.inject({
        url: `/api/v1/terms/calendars/${cal.id}/matrix?pageSize=50&${c.query(i)}`,
        cookies: { kaohe_sid: cookie },
      });
      if (res.statusCode !== 200) throw new Error(`matrix → ${res.statusCode} ${res.body}`);
    });
    const page = (i: number) => (c.within === root.id ? 1 + ((i * 7919) % pages) : 1);
    const hand = await measure(n, async (i) => {
      await handSql(page(i), c.within);
    });
    out(`  ${c.label.padEnd(30)} ${fmtLatency(api)}`);
    out(
      `  ${'  hand-written SQL'.padEnd(30)} ${fmtLatency(hand)}   API/SQL p50 ×${(api.p50 / hand.p50).toFixed(1)}`,
    );
  }
  const x0 = performance.now();
  const xlsx = await app.inject({
    url: `/api/v1/terms/calendars/${cal.id}/matrix.xlsx`,
    cookies: { kaohe_sid: cookie },
  });
  out(
    `  Excel export of the whole matrix: ${xlsx.statusCode}, ${(xlsx.rawPayload.length / 1024).toFixed(0)} KB in ${(performance.now() - x0).toFixed(0)} ms`,
  );
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
