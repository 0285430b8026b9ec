import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { measure, percentile } from './stats.js';

/**
 * Pages over real HTTP: the app listens on a port of 127.0.0.1 and a small load generator
 * (node:http, keep-alive, `connections` sockets at once, the session cookie on every request)
 * drives each page; next to it, a bare Fastify route answering a JSON body of the same size
 * under the same load, and, where a case has one, the hand-written SQL that answers the same
 * page (run one after another: how many pages a second the database alone could serve). Prints;
 * asserts nothing.
 */
export interface HttpCase {
  readonly label: string;
  readonly url: (i: number) => string;
  /** The hand-written SQL of the same page (the i-th request's), for the database's own limit. */
  readonly sql?: (i: number) => Promise<unknown>;
  /** Run just before the page's first request (a write, so that its first round computes). */
  readonly before?: () => Promise<void>;
}

export interface HttpFigures {
  n: number;
  p50: number;
  p99: number;
  perSecond: number;
  bytes: number;
  errors: number;
  /** The first round, one request per connection at once (after `before`): median and slowest ms. */
  first: { p50: number; max: number };
}

/** Seconds of requests one figure may take at most (a slow page gets fewer requests, never fewer than 100). */
const BUDGET_S = 10;

export async function pagesOverHttp(
  app: FastifyInstance,
  cookie: string,
  cases: readonly HttpCase[],
  out: (s: string) => void,
  requests: number,
  connections = 50,
): Promise<Map<string, HttpFigures>> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const headers = { cookie: `kaohe_sid=${cookie}` };
  const figures = new Map<string, HttpFigures>();
  out(
    `\nthe same pages over real HTTP (server on 127.0.0.1:${port}, ${connections} concurrent keep-alive connections,` +
      '\nsession cookie on every request), next to a bare Fastify route answering a body of the same size:',
  );
  for (const c of cases) {
    await c.before?.();
    const page = await load(port, c.url, requests, connections, headers);
    const bare = await bareOfSize(Math.max(2, Math.round(page.bytes)), page.n, connections);
    figures.set(c.label, page);
    let baseline = '';
    if (c.sql) {
      const q = c.sql;
      // As many runs as the page got, at most 200, and no more than the page's time budget allows.
      const t0 = performance.now();
      await q(0);
      const once = performance.now() - t0;
      const runs = Math.max(5, Math.min(page.n, 200, Math.floor((BUDGET_S * 1000) / Math.max(once, 0.01))));
      const s = await measure(
        runs,
        async (i) => {
          await q(i);
        },
        Math.min(20, runs),
      );
      baseline =
        `\n  ${''.padEnd(38)} hand-written SQL alone: p50 ${s.p50.toFixed(2)} ms, ${s.perSecond.toFixed(0)} pages/s one after another;` +
        ` the page over HTTP serves ${((100 * page.perSecond) / s.perSecond).toFixed(0)}% of that`;
    }
    out(
      `  ${c.label.padEnd(38)} p50 ${page.p50.toFixed(1)} ms  p99 ${page.p99.toFixed(1)} ms  ${page.perSecond.toFixed(0)} req/s` +
        `${page.errors > 0 ? `  (${page.errors} errors)` : ''}   ${(page.bytes / 1024).toFixed(1)} KiB` +
        `\n  ${''.padEnd(38)} bare: p50 ${bare.p50.toFixed(1)} ms  p99 ${bare.p99.toFixed(1)} ms  ${bare.perSecond.toFixed(0)} req/s` +
        `   throughput ${((100 * page.perSecond) / bare.perSecond).toFixed(0)}% of bare` +
        `\n  ${''.padEnd(38)} first round (${connections} at once): p50 ${page.first.p50.toFixed(1)} ms  max ${page.first.max.toFixed(1)} ms${baseline}`,
    );
  }
  return figures;
}

/** A bare Fastify route on its own port answering `bytes` of JSON, under the same load. */
async function bareOfSize(bytes: number, n: number, connections: number): Promise<HttpFigures> {
  const body = `{"x":"${'a'.repeat(Math.max(0, bytes - 8))}"}`;
  const bare = Fastify();
  bare.get('/bare', async (_req, reply) => reply.type('application/json').send(body));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  try {
    const port = (bare.server.address() as AddressInfo).port;
    return await load(port, () => '/bare', n, connections, {});
  } finally {
    await bare.close();
  }
}

/** `n` GETs (after one warm-up round) with `connections` in flight at once; latency and throughput. */
async function load(
  port: number,
  url: (i: number) => string,
  n: number,
  connections: number,
  headers: Record<string, string>,
): Promise<HttpFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  try {
    const one = (path: string) =>
      new Promise<{ status: number; bytes: number }>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
          let bytes = 0;
          res.on('data', (d: Buffer) => {
            bytes += d.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
          res.on('error', () => resolve({ status: 0, bytes }));
        });
        // A dropped connection counts as an error of the page, not the end of the run.
        req.on('error', () => resolve({ status: 0, bytes: 0 }));
      });
    // Warm-up: one request per connection (opens the sockets, and tells how slow the page is).
    const w0 = performance.now();
    const firstTimes = await Promise.all(
      Array.from({ length: connections }, async (_, i) => {
        const s = performance.now();
        await one(url(i));
        return performance.now() - s;
      }),
    );
    const each = (performance.now() - w0) / connections;
    firstTimes.sort((a, b) => a - b);
    const count = Math.max(100, Math.min(n, Math.floor((BUDGET_S * 1000) / Math.max(each, 0.01))));
    const times: number[] = [];
    let bytes = 0;
    let errors = 0;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        for (let i = next++; i < count; i = next++) {
          const s = performance.now();
          const r = await one(url(i));
          times.push(performance.now() - s);
          bytes += r.bytes;
          if (r.status !== 200) errors++;
        }
      }),
    );
    const total = performance.now() - t0;
    times.sort((a, b) => a - b);
    return {
      n: count,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      perSecond: (count / total) * 1000,
      bytes: bytes / count,
      errors,
      first: { p50: percentile(firstTimes, 50), max: firstTimes[firstTimes.length - 1] ?? 0 },
    };
  } finally {
    agent.destroy();
  }
}
