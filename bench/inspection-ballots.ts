import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/kysely.js';
import { type Rating, ratings } from '../src/domain/inspection/ballots.js';
import { buildApp } from '../src/server/app.js';
import { type Ctx, systemClock } from '../src/server/lib/context.js';
import {
  closeBallotBox,
  democraticComponent,
  issueBallotBatch,
  openBallotBox,
} from '../src/server/modules/inspection-ballots/ballots.service.js';
import { bootstrapOrg, bootstrapUser } from '../src/server/modules/org/bootstrap.js';
import { ms, percentile } from './stats.js';

/**
 * Democratic evaluation at scale (SPEC §5, §8): `units` target units, `ballots` ballots cast
 * through the HTTP API by `clients` concurrent clients (throughput and latency of the public
 * ballot endpoint), then the tally of every unit through the service next to one hand-written
 * SQL over the same count rows (ratio).
 */
export async function benchInspectionBallots(
  handle: DatabaseHandle,
  out: (s: string) => void,
  opts: { units: number; ballots: number; clients: number },
): Promise<void> {
  const { db } = handle;
  const tag = Date.now().toString(36);
  const root = await bootstrapOrg(db, {
    kind: 'committee',
    code: `IB${tag}`,
    name: '检查考核基准党委',
    parentId: null,
    activeFrom: '2020-01-01',
  });
  const units: number[] = [];
  for (let i = 0; i < opts.units; i++) {
    const u = await bootstrapOrg(db, {
      kind: 'grassroots',
      code: `IBU${tag}${i}`,
      name: `基准单位${i}`,
      parentId: null,
      activeFrom: '2020-01-01',
    });
    units.push(u.id);
  }
  const userId = await bootstrapUser(db, {
    account: `ib${tag}`,
    displayName: 'bench',
    password: 'Bench-pass-2026',
    grants: [{ role: 'affairs', orgId: root.id }],
    memberId: null,
  });
  const at = new Date().toISOString();
  const campaign = await db
    .insertInto('insp_campaign')
    .values({
      org_id: root.id,
      year: 2026,
      title: '基准',
      state: 'inspecting',
      created_by: userId,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('insp_unit')
    .values(units.map((id, i) => ({ campaign_id: campaign.id, org_id: id, sort_order: i })))
    .execute();
  const ctx: Ctx = {
    db,
    dialect: handle.dialect,
    clock: systemClock,
    dataDir: '',
    user: {
      id: userId,
      account: `ib${tag}`,
      displayName: 'bench',
      memberId: null,
      grants: [{ role: 'affairs', orgId: root.id }],
    },
    locale: 'zh-CN',
  };
  const perUnit = Math.ceil(opts.ballots / opts.units);
  const codes: string[] = [];
  let t0 = performance.now();
  for (let i = 0; i < units.length; i += 50) {
    const res = await issueBallotBatch(ctx, campaign.id, {
      units: units.slice(i, i + 50).map((unitId) => ({ unitId, count: perUnit })),
    });
    for (const s of res.slips) codes.push(s.code);
  }
  out(
    `issued ${codes.length.toLocaleString('en')} codes for ${opts.units} units in ${ms(performance.now() - t0)}`,
  );
  await openBallotBox(ctx, campaign.id);
  if (handle.dialect === 'postgres') await sql`analyze`.execute(db);

  // The real server on a free port; the public ballot endpoint's per-address limit is lifted
  // for this one client address.
  process.env.KAOHE_BALLOT_RATE_PER_MINUTE = String(Number.MAX_SAFE_INTEGER);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-ib-'));
  const app = await buildApp({
    deps: { db, dialect: handle.dialect, clock: systemClock, dataDir },
    config: {
      sessionSecret: 'bench-secret-bench-secret-bench-secret-0',
      trustProxy: false,
      maxUploadBytes: 1 << 20,
    },
    webRoot: path.join(dataDir, 'no-web'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/ballot/cast`;
  try {
    const toCast = codes.slice(0, opts.ballots);
    const times: number[] = [];
    let next = 0;
    let failed = 0;
    const answers = (i: number) =>
      Object.fromEntries([1, 2, 3, 4, 5].map((k) => [String(k), ratings[(i + k) % 4] as Rating]));
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        for (;;) {
          const i = next++;
          const code = toCast[i];
          if (code === undefined) return;
          const s = performance.now();
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code, answers: answers(i) }),
          });
          await res.arrayBuffer();
          if (res.status !== 200) failed += 1;
          times.push(performance.now() - s);
        }
      }),
    );
    const total = performance.now() - t0;
    times.sort((a, b) => a - b);
    out(
      `POST /ballot/cast, ${opts.clients} concurrent clients: ${toCast.length.toLocaleString('en')} ballots in ` +
        `${(total / 1000).toFixed(1)} s = ${((toCast.length / total) * 1000).toFixed(0)} ballots/s; ` +
        `p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}${failed ? `  (${failed} failed)` : ''}`,
    );
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  t0 = performance.now();
  await closeBallotBox(ctx, campaign.id);
  out(
    `close (rewrites ${codes.length.toLocaleString('en')} codes in hash order): ${ms(performance.now() - t0)}`,
  );
  const runs = 20;
  t0 = performance.now();
  let viaService = new Map<number, { score: number | null; ballots: number }>();
  for (let i = 0; i < runs; i++) viaService = await democraticComponent(db, campaign.id);
  const service = (performance.now() - t0) / runs;
  t0 = performance.now();
  let rows: { unit_id: number; total: number; n: number }[] = [];
  for (let i = 0; i < runs; i++) {
    rows = (
      await sql<{ unit_id: number; total: number; n: number }>`
        select unit_id,
               sum(n * case rating when 'good' then 100 when 'fair_good' then 80 when 'average' then 60 else 40 end) as total,
               sum(n) as n
        from insp_ballot_count where campaign_id = ${campaign.id} group by unit_id`.execute(db)
    ).rows;
  }
  const hand = (performance.now() - t0) / runs;
  // The two agree: same mean per unit, to the hundredth.
  const disagree = rows.filter((r) => {
    const mean = Math.round((Number(r.total) / Number(r.n)) * 100) / 100;
    const s = viaService.get(r.unit_id)?.score;
    return s !== null && s !== undefined && Math.abs(s - mean) > 0.005;
  }).length;
  out(
    `tally of ${opts.units} units (democraticComponent): ${ms(service)}  vs hand-written SQL ${ms(hand)}  ` +
      `ratio ${(service / hand).toFixed(1)}×${disagree ? `  (${disagree} units disagree!)` : ''}`,
  );
}
