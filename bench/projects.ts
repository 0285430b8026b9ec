import { sql } from 'kysely';
import { insertInChunks } from '../src/cli/seed-demo.js';
import type { DatabaseHandle } from '../src/db/kysely.js';
import type { AuthUser, Clock, Ctx } from '../src/server/lib/context.js';
import { bootstrapUser } from '../src/server/modules/org/bootstrap.js';
import { listProjects, projectGantt } from '../src/server/modules/projects/projects.service.js';
import { partyRoot } from './app.js';
import { fmtLatency, measure } from './stats.js';

const YEAR = 2026;
const NOW = '2026-09-15T02:00:00.000Z';
const PASSWORD = 'Bench-pass-2026';
const STATES = [
  'implementing',
  'implementing',
  'approved',
  'summary',
  'evaluated',
  'proposal',
  'research',
] as const;

/**
 * Projects at scale: every branch owns 2 projects of the year with 8 milestones each (a year of
 * reports up to NOW), inserted in bulk; then the project list's first page and the Gantt data of
 * one city's subtree through the use cases, each next to a hand-written SQL over the same rows.
 */
export async function benchProjects(handle: DatabaseHandle, out: (s: string) => void, n: number) {
  const { db, dialect } = handle;
  const clock: Clock = { now: () => new Date(NOW) };
  const root = await partyRoot(db);
  const branches = await db
    .selectFrom('org')
    .select(['id', 'parent_id'])
    .where('kind', '=', 'branch')
    .orderBy('id')
    .execute();
  const grants = [{ role: 'committee' as const, orgId: root.id }];
  const userId = await bootstrapUser(
    db,
    { account: 'bench-pj', displayName: 'bench', password: PASSWORD, grants },
    NOW,
  );
  const user: AuthUser = { id: userId, account: 'bench-pj', displayName: 'bench', memberId: null, grants };
  const ctx: Ctx = { db, dialect, clock, dataDir: '', user, locale: 'zh-CN' };

  const t0 = performance.now();
  const projects = branches.flatMap((b, i) =>
    [0, 1].map((k) => ({
      plan_org_id: root.id,
      org_id: b.id,
      year: YEAR,
      origin: k === 0 ? ('assigned' as const) : ('proposed' as const),
      state: STATES[(i + k) % STATES.length] ?? 'implementing',
      suspended_from: null,
      title: `党建项目 ${b.id}-${k}`,
      requirements: '要求',
      objectives: '',
      measures: '',
      expected_results: '',
      summary: '',
      search_text: `党建项目 ${b.id}-${k}`,
      tags_text: k === 0 ? '党建+安全生产' : '党员服务队',
      source_project_id: null,
      score: null,
      grade: null,
      explanation_json: null,
      rule_version: null,
      next_due: null,
      promoted_at: null,
      created_by: userId,
      created_at: NOW,
      updated_at: NOW,
    })),
  );
  await insertInChunks(db, projects, (chunk) => db.insertInto('pj_project').values(chunk).execute());
  const ids = await db
    .selectFrom('pj_project')
    .select(['id', 'tags_text'])
    .where('year', '=', YEAR)
    .execute();
  await insertInChunks(
    db,
    ids.map((p) => ({ project_id: p.id, tag: p.tags_text })),
    (chunk) => db.insertInto('pj_tag').values(chunk).execute(),
  );
  const due = (m: number) => `${YEAR}-${String(m + 3).padStart(2, '0')}-28`;
  const milestones = ids.flatMap((p) =>
    Array.from({ length: 8 }, (_, m) => {
      const reported = due(m) < NOW.slice(0, 10) && (p.id + m) % 7 !== 0;
      return {
        project_id: p.id,
        seq: m + 1,
        name: `节点${m + 1}`,
        deliverable: '',
        baseline_due: due(m),
        current_due: due(m),
        reported_on: reported ? due(m) : null,
        on_time: reported ? (1 as const) : null,
      };
    }),
  );
  await insertInChunks(db, milestones, (chunk) => db.insertInto('pj_milestone').values(chunk).execute());
  await sql`update pj_project set next_due = (select min(current_due) from pj_milestone m where m.project_id = pj_project.id and m.reported_on is null)`.execute(
    db,
  );
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  out(
    `\nprojects: ${ids.length} projects, ${milestones.length} milestones generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const today = NOW.slice(0, 10);
  const list = await measure(n, async (i) => {
    await listProjects(ctx, { year: YEAR, page: 1 + (i % 5), pageSize: 20 });
  });
  const listSql = await measure(n, async (i) => {
    await sql`select p.id, p.title, p.state, o.name,
        (select count(*) from pj_milestone m where m.project_id = p.id and m.reported_on is null and m.current_due < ${today}) as overdue
      from pj_project p join org o on o.id = p.org_id
      where p.year = ${YEAR} and p.state <> 'draft'
      order by p.year desc, p.id desc limit 20 offset ${(i % 5) * 20}`.execute(db);
    await sql`select count(*) from pj_project where year = ${YEAR} and state <> 'draft'`.execute(db);
  });
  out(`  project list, page of 20:        ${fmtLatency(list)}`);
  out(
    `    hand-written SQL:              ${fmtLatency(listSql)}   ratio ${(list.p50 / listSql.p50).toFixed(2)}`,
  );

  // A city: the first committee under the root, with its whole subtree.
  const city = await db
    .selectFrom('org')
    .select('id')
    .where('parent_id', '=', root.id)
    .where('kind', '=', 'committee')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const gantt = await measure(Math.max(10, Math.floor(n / 10)), async () => {
    await projectGantt(ctx, { year: YEAR, orgId: city.id, limit: 2000 });
  });
  const ganttSql = await measure(Math.max(10, Math.floor(n / 10)), async () => {
    await sql`select p.id, p.title, m.id as mid, m.current_due, m.reported_on
      from pj_project p join pj_milestone m on m.project_id = p.id
      where p.year = ${YEAR} and p.state not in ('draft', 'cancelled', 'rejected')
        and p.org_id in (select descendant_id from org_closure where ancestor_id = ${city.id})
      order by p.org_id, p.id, m.seq`.execute(db);
  });
  out(`  Gantt of a city's subtree:       ${fmtLatency(gantt)}`);
  out(
    `    hand-written SQL:              ${fmtLatency(ganttSql)}   ratio ${(gantt.p50 / ganttSql.p50).toFixed(2)}`,
  );
}
