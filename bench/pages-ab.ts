import { createHash } from 'node:crypto';
import os from 'node:os';
import { type DbOrTrx, openDatabase } from '../src/db/kysely.js';
import { systemClock } from '../src/server/lib/context.js';
import { benchApp, benchLogin, partyRoot } from './app.js';
import { pagesOverHttp } from './http.js';

/**
 * The pages of a kept bench database (`npm run bench -- … --keep` prints its file or schema),
 * for comparing two versions of the code on the same data: copy this file into the other
 * checkout's `bench/` and run each in turn, alternating, so both see the same data and, as far as
 * the machine allows, the same load:
 *
 *   node_modules/.bin/tsx bench/pages-ab.ts /tmp/kaohe-bench-db-…/bench.db            # hashes, then HTTP
 *   AB_MODE=hash node_modules/.bin/tsx bench/pages-ab.ts 'postgres://…/db?schema=bench_…'
 *
 * `AB_ONLY=queue,to-do` keeps only the pages whose label holds one of the words.
 * `hash` prints a SHA-256 of every answer (status and body) of 30 requests of each page for two
 * users, twice (the second pass after the first has run: kept answers); `http` serves the pages
 * over HTTP with 50 keep-alive connections next to a bare route of the same size (`http.ts`).
 * The database is not migrated here: migrate it with the newer code first.
 */
const [url, reqArg] = process.argv.slice(2);
if (!url) throw new Error('usage: pages-ab.ts <sqlite file | postgres url> [requests]');
const requests = Number(reqArg ?? 200);
const mode = process.env.AB_MODE ?? 'all';
const out = (s: string) => process.stdout.write(`${s}\n`);

async function open() {
  const handle = openDatabase(url as string);
  const app = await benchApp({
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    dataDir: os.tmpdir(),
  });
  return { handle, app };
}

async function pages(db: DbOrTrx) {
  const root = await partyRoot(db);
  const scheme = await db
    .selectFrom('points_scheme')
    .select('id')
    .where('root_org_id', '=', root.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const orgs = await db
    .selectFrom('org')
    .select(['id', 'kind', 'parent_id'])
    .where('tree', '=', 'party')
    .orderBy('id')
    .execute();
  const branches = orgs.filter((o) => o.kind === 'branch').map((o) => o.id);
  const cities = orgs.filter((o) => o.kind === 'committee' && o.parent_id === root.id).map((o) => o.id);
  const committees = orgs.filter((o) => o.kind === 'committee').map((o) => o.id);
  const pick = (arr: number[], i: number) => arr[(i * 7919) % arr.length] ?? root.id;
  const sample = await db.selectFrom('member').select('employee_no').orderBy('id').limit(400).execute();
  const cursorAt = (i: number) =>
    Buffer.from(sample[i % sample.length]?.employee_no ?? '', 'utf8').toString('base64url');
  const s = scheme.id;
  const board = `/api/v1/points/board?schemeId=${s}`;
  const cases = [
    { label: 'members: whole organisation', url: () => '/api/v1/members?pageSize=20' },
    {
      label: 'members: committee page',
      url: (i: number) => `/api/v1/members?orgId=${pick(committees, i)}&page=${1 + (i % 20)}&pageSize=20`,
    },
    {
      label: 'members: cursor',
      url: (i: number) => `/api/v1/members?orgId=${pick(committees, i)}&after=${cursorAt(i)}&pageSize=20`,
    },
    {
      label: 'members: branch',
      url: (i: number) => `/api/v1/members?orgId=${pick(branches, i)}&pageSize=20`,
    },
    {
      label: 'review queue',
      url: (i: number) =>
        `/api/v1/points/entries?state=submitted&schemeId=${s}&page=${1 + (i % 50)}&pageSize=50`,
    },
    { label: 'board: branch', url: (i: number) => `${board}&quarter=2026-Q2&orgId=${pick(branches, i)}` },
    {
      label: 'board: branch, again',
      url: (i: number) => `${board}&quarter=2026-Q2&orgId=${pick(branches, i)}`,
    },
    {
      label: 'board: city',
      url: (i: number) => `${board}&quarter=2026-Q2&orgId=${pick(cities, i)}&page=${1 + (i % 10)}`,
    },
    {
      label: 'board: whole',
      url: (i: number) => `${board}&quarter=2026-Q2&orgId=${root.id}&page=${1 + (i % 10)}`,
    },
    { label: 'to-do', url: () => '/api/v1/todo' },
  ];
  const hashOnly = [
    {
      label: 'board: search',
      url: (i: number) =>
        `${board}&quarter=2026-Q2&orgId=${pick(committees, i)}&q=${encodeURIComponent(i % 2 ? '王' : '1')}`,
    },
    {
      label: 'board: Q1 / Q3 / no org',
      url: (i: number) =>
        `${board}&quarter=2026-Q${1 + (i % 3)}${i % 4 ? `&orgId=${pick(committees, i)}` : ''}&pageSize=${[20, 50, 100][i % 3]}`,
    },
    {
      label: 'board: errors',
      url: (i: number) =>
        `/api/v1/points/board?schemeId=${i % 2 ? 999999 : s}&quarter=2026-Q2&orgId=${i % 2 ? root.id : 999999}`,
    },
  ];
  // `AB_ONLY=queue,to-do`: only the pages whose label holds one of the words (for profiling one page).
  const only = process.env.AB_ONLY?.split(',');
  const picked = <T extends { label: string }>(list: T[]) =>
    only ? list.filter((c) => only.some((w) => c.label.includes(w))) : list;
  return { cases: picked(cases), hashOnly: picked(hashOnly) };
}

if (mode !== 'http') {
  const { handle, app } = await open();
  const { cases, hashOnly } = await pages(handle.db);
  const users = [
    await benchLogin(app, 'bench-affairs', 'Bench-pass-1'),
    await benchLogin(app, 'bench-admin', 'Bench-pass-1'),
  ];
  for (const pass of [1, 2]) {
    const all = createHash('sha256');
    for (const c of [...cases, ...hashOnly]) {
      const h = createHash('sha256');
      const statuses = new Map<number, number>();
      for (let i = 0; i < 30; i++) {
        for (const cookie of users) {
          const r = await app.inject({ url: c.url(i), cookies: { kaohe_sid: cookie } });
          h.update(`${r.statusCode}\n${r.body}\n`);
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        }
      }
      const d = h.digest('hex');
      all.update(d);
      out(
        `hash pass ${pass} ${c.label.padEnd(28)} ${d.slice(0, 16)} ${[...statuses].map(([k, v]) => `${k}×${v}`).join(' ')}`,
      );
    }
    out(`hash pass ${pass} ALL ${all.digest('hex').slice(0, 16)}`);
  }
  await app.close();
  await handle.close();
}
if (mode !== 'hash') {
  // A fresh instance: nothing kept from the hashing.
  const { handle, app } = await open();
  const { cases } = await pages(handle.db);
  const cookie = await benchLogin(app, 'bench-affairs', 'Bench-pass-1');
  out(
    `load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  await pagesOverHttp(app, cookie, cases, out, requests);
  out(
    `load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  await app.close();
  await handle.close();
}
