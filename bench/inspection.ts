import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/kysely.js';
import { competitionRanks, defaultWeights, trimmedScores } from '../src/domain/inspection/index.js';
import { roundHalfUp } from '../src/domain/shared/rounding.js';
import { computeResults } from '../src/server/modules/inspection/results.service.js';
import { bootstrapOrg, bootstrapUser } from '../src/server/modules/org/bootstrap.js';
import { partyRoot } from './app.js';
import { fmtLatency, measureInterleaved } from './stats.js';

const AT = '2026-12-01T02:00:00.000Z';

/**
 * The annual inspection's composite (SPEC §5) at 400 units: the results service (every input
 * read, each unit explained by the domain, ranked) beside a hand-written SQL that aggregates the
 * same rows per unit, with the composite and ranks finished in a few lines of code — the ratio is
 * what the explanation and the domain's checks cost. Ten criteria, six inspectors, two findings
 * and a full self-check per unit; the democratic and ledger components are absent (void).
 */
export async function benchInspection(
  handle: DatabaseHandle,
  out: (s: string) => void,
  n: number,
  units = 400,
) {
  const { db } = handle;
  const root = await partyRoot(db);
  const tag = Date.now().toString(36);
  const owner = await bootstrapUser(
    db,
    { account: `bench-insp-${tag}`, displayName: 'bench', password: 'Bench-pass-2026' },
    AT,
  );
  const team: number[] = [];
  for (let i = 0; i < 6; i += 1)
    team.push(
      await bootstrapUser(
        db,
        { account: `bench-insp-${tag}-${i}`, displayName: `检查员${i}`, password: 'Bench-pass-2026' },
        AT,
      ),
    );
  const t0 = performance.now();
  const unitIds: number[] = [];
  for (let i = 0; i < units; i += 1) {
    const o = await bootstrapOrg(db, {
      kind: 'department',
      code: `BI${tag}${i}`,
      name: `检查单位${i}`,
      parentId: null,
      activeFrom: '2020-01-01',
    });
    unitIds.push(o.id);
  }
  const c = await db
    .insertInto('insp_campaign')
    .values({
      org_id: root.id,
      year: 2026,
      title: 'bench',
      state: 'review',
      created_by: owner,
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const chunks = async <T extends object>(
    table: 'insp_unit' | 'insp_self_score' | 'insp_hearing_score' | 'insp_finding' | 'insp_unit_state',
    rows: T[],
  ) => {
    for (let i = 0; i < rows.length; i += 100)
      await db
        .insertInto(table)
        .values(rows.slice(i, i + 100) as never)
        .execute();
  };
  await chunks(
    'insp_unit',
    unitIds.map((org_id, i) => ({ campaign_id: c.id, org_id, sort_order: i })),
  );
  const crit: { id: number; max: number }[] = [];
  for (let k = 0; k < 10; k += 1) {
    const r = await db
      .insertInto('insp_criterion')
      .values({
        campaign_id: c.id,
        code: `C${k}`,
        name: `细则${k}`,
        max_points: 1000,
        what_to_check: '',
        sort_order: k,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    crit.push({ id: r.id, max: 1000 });
  }
  await chunks(
    'insp_unit_state',
    unitIds.map((org_id) => ({
      campaign_id: c.id,
      org_id,
      self_submitted_at: AT,
      self_submitted_by: owner,
      review_done_at: AT,
      review_done_by: owner,
    })),
  );
  await chunks(
    'insp_self_score',
    unitIds.flatMap((org_id, u) =>
      crit.map((k, i) => ({
        campaign_id: c.id,
        criterion_id: k.id,
        org_id,
        score: 1000 - ((u * 7 + i * 13) % 300),
        note: null,
        updated_by: owner,
        updated_at: AT,
      })),
    ),
  );
  await chunks(
    'insp_hearing_score',
    unitIds.flatMap((org_id, u) =>
      team.map((inspector_id, i) => ({
        campaign_id: c.id,
        org_id,
        inspector_id,
        score: 7000 + ((u * 31 + i * 17) % 2900),
        note: null,
        updated_at: AT,
      })),
    ),
  );
  await chunks(
    'insp_finding',
    unitIds.flatMap((org_id, u) =>
      [0, 1].map((j) => ({
        campaign_id: c.id,
        criterion_id: crit[(u + j * 3) % 10]?.id ?? 0,
        org_id,
        deduction: 50 * (1 + ((u + j) % 8)),
        note: '问题',
        created_by: owner,
        created_at: AT,
      })),
    ),
  );
  if (handle.dialect === 'postgres') await sql`analyze`.execute(db);
  out(
    `  ${units} units, 10 criteria, 6 inspectors generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const campaign = await db
    .selectFrom('insp_campaign')
    .selectAll()
    .where('id', '=', c.id)
    .executeTakeFirstOrThrow();

  // The service and the same numbers by hand (one aggregate per component, the composite and
  // ranks in code), measured in turns.
  const { a: service, b: handSql } = await measureInterleaved(
    n,
    async () => {
      await computeResults(db, campaign);
    },
    async () => {
      const self = await sql<{ org_id: number; got: number; max: number }>`
      select s.org_id, sum(s.score) as got, sum(k.max_points) as max
      from insp_self_score s join insp_criterion k on k.id = s.criterion_id
      where s.campaign_id = ${c.id} group by s.org_id`.execute(db);
      const hearing = await sql<{ org_id: number; n: number; total: number; hi: number; lo: number }>`
      select org_id, count(*) as n, sum(score) as total, max(score) as hi, min(score) as lo
      from insp_hearing_score where campaign_id = ${c.id} group by org_id`.execute(db);
      const doc = await sql<{ org_id: number; got: number }>`
      select u.org_id, sum(case when k.max_points - coalesce(d.ded, 0) < 0 then 0 else k.max_points - coalesce(d.ded, 0) end) as got
      from insp_unit u cross join insp_criterion k
      left join (select org_id, criterion_id, sum(deduction) as ded from insp_finding where campaign_id = ${c.id} group by org_id, criterion_id) d
        on d.org_id = u.org_id and d.criterion_id = k.id
      where u.campaign_id = ${c.id} and k.campaign_id = ${c.id} group by u.org_id`.execute(db);
      const h = new Map(hearing.rows.map((r) => [Number(r.org_id), r]));
      const d = new Map(doc.rows.map((r) => [Number(r.org_id), Number(r.got)]));
      const totalMax = crit.reduce((a, k) => a + k.max, 0);
      const w = defaultWeights;
      const composite = self.rows.map((r) => {
        const hr = h.get(Number(r.org_id));
        const nH = Number(hr?.n ?? 0);
        const rep =
          nH >= 5
            ? roundHalfUp(Number(hr?.total) - Number(hr?.hi) - Number(hr?.lo), nH - 2)
            : roundHalfUp(Number(hr?.total ?? 0), Math.max(1, nH));
        const sc = roundHalfUp(Number(r.got) * 10_000, Number(r.max));
        const dc = roundHalfUp((d.get(Number(r.org_id)) ?? 0) * 10_000, totalMax);
        return roundHalfUp(
          w.selfCheck * sc + w.report * rep + w.document * dc,
          w.selfCheck + w.report + w.document,
        );
      });
      competitionRanks(composite);
    },
  );
  out(`  results service (explained)        ${fmtLatency(service)}`);
  out(`  hand-written SQL aggregates        ${fmtLatency(handSql)}`);
  out(`  ratio service / SQL p50            ×${(service.p50 / handSql.p50).toFixed(1)}`);
  // One check that both ways agree on the first unit's report mean (a bench that measures the wrong thing is no bench).
  const first = (await computeResults(db, campaign)).rows.find((r) => r.unitId === unitIds[0]);
  const scores = (
    await db
      .selectFrom('insp_hearing_score')
      .select('score')
      .where('campaign_id', '=', c.id)
      .where('org_id', '=', unitIds[0] ?? 0)
      .execute()
  ).map((r) => r.score);
  const { kept } = trimmedScores(scores);
  out(
    `  check: unit 1 report ${first?.components.report} = ${roundHalfUp(
      kept.reduce((a, b) => a + b, 0),
      kept.length,
    )}`,
  );
}
