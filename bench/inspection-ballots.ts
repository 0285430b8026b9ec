import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/kysely.js';
import { type Rating, ratings } from '../src/domain/inspection/ballots.js';
import { type Ctx, systemClock } from '../src/server/lib/context.js';
import {
  closeBallotBox,
  democraticComponent,
  hashCode,
  issueBallotBatch,
  openBallotBox,
} from '../src/server/modules/inspection-ballots/ballots.service.js';
import { bootstrapOrg, bootstrapUser } from '../src/server/modules/org/bootstrap.js';
import { benchApp, benchLogin } from './app.js';
import { measureInterleaved, ms, percentile } from './stats.js';

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
  const asideN = Math.min(5_000, Math.max(100, Math.floor(opts.ballots / 10)));
  const perUnit = Math.ceil((opts.ballots + asideN) / opts.units);
  const codes: string[] = [];
  const slipsAside: { code: string; unitId: number }[] = [];
  let t0 = performance.now();
  for (let i = 0; i < units.length; i += 50) {
    const res = await issueBallotBatch(ctx, campaign.id, {
      units: units.slice(i, i + 50).map((unitId) => ({ unitId, count: perUnit })),
    });
    for (const s of res.slips) {
      if (slipsAside.length < asideN && slipsAside.length * units.length < (i + 50) * asideN)
        slipsAside.push(s);
      else codes.push(s.code);
    }
  }
  out(
    `issued ${(codes.length + slipsAside.length).toLocaleString('en')} codes for ${opts.units} units in ${ms(performance.now() - t0)}`,
  );
  await openBallotBox(ctx, campaign.id);
  const toCast = codes.slice(0, opts.ballots);
  if (handle.dialect === 'postgres') await sql`analyze`.execute(db);

  // The database's bound: the same two writes a ballot makes (the code marked used, the unit's
  // counts rewritten), hand-written, one transaction per ballot, one after another, on codes
  // kept aside for it.
  const bareSql = await bareSqlBallots(handle, campaign.id, slipsAside);
  out(
    `bare SQL, the ballot's two updates in one transaction each, one after another: ${bareSql.n.toLocaleString('en')} ballots ` +
      `= ${bareSql.perSecond.toFixed(0)} ballots/s; p50 ${ms(bareSql.p50)}  p99 ${ms(bareSql.p99)}`,
  );

  // The real server on a free port; the public ballot endpoint's per-address limit is lifted
  // for this one client address. The clients run in a worker thread (their own event loop and
  // core), so the server's loop serves requests only.
  process.env.KAOHE_BALLOT_RATE_PER_MINUTE = String(Number.MAX_SAFE_INTEGER);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-ib-'));
  const app = await benchApp(
    { db, dialect: handle.dialect, clock: systemClock, dataDir },
    { webRoot: path.join(dataDir, 'no-web') },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  try {
    const cookie = await benchLogin(app, `ib${tag}`, 'Bench-pass-2026');
    const other = () => getOnce(port, '/api/v1/auth/me', `kaohe_sid=${cookie}`);
    const idle = await sequentialGets(other, () => false, 200);

    // A bare Fastify route taking the same JSON body, under the same clients.
    const bare = Fastify();
    bare.post('/cast', async () => ({ ok: true }));
    await bare.listen({ port: 0, host: '127.0.0.1' });
    let bareFig: ClientFigures;
    try {
      const bareN = Math.min(opts.ballots, 20_000);
      bareFig = await castFromWorker(
        (bare.server.address() as AddressInfo).port,
        '/cast',
        toCast.slice(0, bareN),
        opts.clients,
      );
    } finally {
      await bare.close();
    }

    // The flood: every ballot through the API while one more client keeps asking for another page.
    let flooding = true;
    const during = sequentialGets(other, () => !flooding, Number.POSITIVE_INFINITY);
    const fig = await castFromWorker(port, '/api/v1/ballot/cast', toCast, opts.clients).finally(() => {
      flooding = false;
    });
    const duringFlood = await during;
    out(
      `POST /ballot/cast over HTTP, ${opts.clients} concurrent clients: ${fig.n.toLocaleString('en')} ballots in ` +
        `${(fig.ms / 1000).toFixed(1)} s = ${fig.perSecond.toFixed(0)} ballots/s; p50 ${ms(fig.p50)}  p99 ${ms(fig.p99)}` +
        `${fig.failed ? `  (${fig.failed} failed)` : ''}  — ${((100 * fig.perSecond) / bareSql.perSecond).toFixed(0)}% of the bare SQL's rate`,
    );
    out(
      `bare Fastify POST route, same body and clients: ${bareFig.perSecond.toFixed(0)} req/s; p50 ${ms(bareFig.p50)}  p99 ${ms(bareFig.p99)}`,
    );
    out(
      `another client's GET /auth/me (one after another): idle p50 ${ms(idle.p50)}  p99 ${ms(idle.p99)}; ` +
        `during the flood p50 ${ms(duringFlood.p50)}  p99 ${ms(duringFlood.p99)}  max ${ms(duringFlood.max)} (${duringFlood.n} requests)`,
    );
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  t0 = performance.now();
  await closeBallotBox(ctx, campaign.id);
  out(
    `close (rewrites ${(codes.length + slipsAside.length).toLocaleString('en')} codes in hash order): ${ms(performance.now() - t0)}`,
  );
  // The service and one hand-written aggregate over the same count rows, measured in turns.
  let viaService = new Map<number, { score: number | null; ballots: number }>();
  let rows: { unit_id: number; total: number; n: number }[] = [];
  const { a: serviceFig, b: handFig } = await measureInterleaved(
    50,
    async () => {
      viaService = await democraticComponent(db, campaign.id);
    },
    async () => {
      rows = (
        await sql<{ unit_id: number; total: number; n: number }>`
          select unit_id,
                 sum(n * case rating when 'good' then 100 when 'fair_good' then 80 when 'average' then 60 else 40 end) as total,
                 sum(n) as n
          from insp_ballot_count where campaign_id = ${campaign.id} group by unit_id`.execute(db)
      ).rows;
    },
  );
  const service = serviceFig.p50;
  const hand = handFig.p50;
  // The two agree: same mean per unit, to the hundredth.
  const disagree = rows.filter((r) => {
    const mean = Math.round((Number(r.total) / Number(r.n)) * 100) / 100;
    const s = viaService.get(r.unit_id)?.score;
    return s !== null && s !== undefined && Math.abs(s - mean) > 0.005;
  }).length;
  out(
    `tally of ${opts.units} units (democraticComponent), p50 of 50 in turns: ${ms(service)}  vs hand-written SQL ${ms(hand)}  ` +
      `ratio ${(service / hand).toFixed(1)}×${disagree ? `  (${disagree} units disagree!)` : ''}`,
  );
}

/** The same ratings the HTTP clients give: ballot `i` rates item k with rating (i + k) mod 4. */
const answersOf = (i: number) =>
  Object.fromEntries([1, 2, 3, 4, 5].map((k) => [String(k), ratings[(i + k) % 4] as Rating]));

interface ClientFigures {
  n: number;
  ms: number;
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** One hand-written transaction per ballot (mark the code used, add to its unit's counts), one after another. */
async function bareSqlBallots(
  handle: DatabaseHandle,
  campaignId: number,
  slips: readonly { code: string; unitId: number }[],
): Promise<ClientFigures> {
  const times: number[] = [];
  const t0 = performance.now();
  for (const [i, s] of slips.entries()) {
    const a = answersOf(i);
    const hash = hashCode(s.code);
    const whens = sql.join(
      Object.entries(a).map(([item, r]) => sql`when item_no = ${Number(item)} and rating = ${r} then 1`),
      sql` `,
    );
    const t = performance.now();
    await handle.db.transaction().execute(async (trx) => {
      await sql`update insp_ballot_code set used = 1 where code_hash = ${hash} and used = 0`.execute(trx);
      await sql`update insp_ballot_count set n = n + case ${whens} else 0 end
                where campaign_id = ${campaignId} and unit_id = ${s.unitId}`.execute(trx);
    });
    times.push(performance.now() - t);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  return {
    n: slips.length,
    ms: total,
    perSecond: (slips.length / total) * 1000,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    failed: 0,
  };
}

/** One GET with a keep-alive agent of its own. */
function getOnce(port: number, urlPath: string, cookie: string): () => Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent, headers: { cookie } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
}

/** GETs one after another until `stop()` or `max` requests; latency percentiles. */
async function sequentialGets(
  makeOne: () => () => Promise<number>,
  stop: () => boolean,
  max: number,
): Promise<{ n: number; p50: number; p99: number; max: number }> {
  const one = makeOne();
  const times: number[] = [];
  while (times.length < max && !stop()) {
    const t = performance.now();
    const status = await one();
    if (status !== 200) throw new Error(`GET answered ${status}`);
    times.push(performance.now() - t);
    // About 20 requests a second: a person using the application beside the ballot flood.
    await new Promise((r) => setTimeout(r, 50));
  }
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? Number.NaN,
  };
}

/**
 * The voters: `clients` keep-alive connections POSTing one ballot each after another, from a
 * worker thread (node:http; its own event loop, so the clients' work does not queue behind the
 * server's).
 */
async function castFromWorker(
  port: number,
  urlPath: string,
  codes: readonly string[],
  clients: number,
): Promise<ClientFigures> {
  const worker = new Worker(VOTERS, { eval: true, workerData: { port, urlPath, codes, clients } });
  return new Promise<ClientFigures>((resolve, reject) => {
    worker.once('message', (m: ClientFigures) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the voters' worker stopped (exit code ${code})`)));
  });
}

const VOTERS = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { port, urlPath, codes, clients } = workerData;
const ratings = ['good', 'fair_good', 'average', 'poor'];
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const post = (body) => new Promise((resolve, reject) => {
  const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
    res.on('error', reject);
  });
  req.on('error', reject);
  req.end(body);
});
(async () => {
  const times = [];
  let next = 0, failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (;;) {
      const i = next++;
      if (i >= codes.length) return;
      const answers = {};
      for (let k = 1; k <= 5; k++) answers[String(k)] = ratings[(i + k) % 4];
      const s = performance.now();
      const status = await post(JSON.stringify({ code: codes[i], answers }));
      times.push(performance.now() - s);
      if (status !== 200) failed++;
    }
  }));
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))];
  agent.destroy();
  parentPort.postMessage({ n: codes.length, ms: total, perSecond: (codes.length / total) * 1000, p50: pct(50), p99: pct(99), failed });
})();
`;
