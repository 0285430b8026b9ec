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
 * users (and the branch evaluation's committee and office when the database has them), twice (the
 * second pass after the first has run: kept answers); `http` serves the pages over HTTP with 50
 * keep-alive connections next to a bare route of the same size (`http.ts`). `AB_PAGES=points` or
 * `AB_PAGES=be` keeps to the points and member pages or to the branch evaluation's results (its
 * section of `npm run bench` generates them: `--only foundation,points,branch-eval`); `AB_MATCH`
 * (a regular expression) keeps to the pages whose label matches; `AB_AGAIN=1` serves each page
 * over HTTP a second time right after the first (most of a province's pages are not kept yet in
 * the first pass: a page of 50 among 120). `AB_WRITE=1` moves every data set's version before each
 * page over HTTP, as a write would: its first round (one request per connection at once, printed
 * apart) then computes, as the first views after an approval or a correction do.
 * The database is not migrated here: migrate it with the newer code first.
 */
const [url, reqArg] = process.argv.slice(2);
if (!url) throw new Error('usage: pages-ab.ts <sqlite file | postgres url> [requests]');
const requests = Number(reqArg ?? 200);
const mode = process.env.AB_MODE ?? 'all';
const only = process.env.AB_PAGES ?? 'all';
/** Only the pages whose label matches (a regular expression). */
const match = new RegExp(process.env.AB_MATCH ?? '');
/** Over HTTP, each page a second time right after the first (`, again`: the answers kept by then). */
const again = process.env.AB_AGAIN === '1';
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

/**
 * The branch evaluation's results pages (rankings, by indicator, quarter scores, annual grades)
 * of the newest published month of the round at the root, if there is one.
 */
async function branchEvalPages(db: DbOrTrx, rootId: number) {
  const shown = await db
    .selectFrom('be_month')
    .select('month')
    .where('org_id', '=', rootId)
    .where('state', '=', 'published')
    .orderBy('month', 'desc')
    .executeTakeFirst();
  if (!shown) return { cases: [], hashOnly: [] };
  const month = shown.month;
  const year = Number(month.slice(0, 4));
  const quarter = `${year}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
  const n = (
    await db
      .selectFrom('org')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'branch')
      .where('tree', '=', 'party')
      .executeTakeFirstOrThrow()
  ).n;
  const pages = Math.max(1, Math.ceil(Number(n) / 50));
  const page = (i: number) => `page=${1 + ((i * 37) % pages)}&pageSize=50`;
  const city = await db
    .selectFrom('org')
    .select('id')
    .where('parent_id', '=', rootId)
    .where('kind', '=', 'committee')
    .orderBy('id')
    .executeTakeFirst();
  const codes = (
    await db
      .selectFrom('be_indicator_rank')
      .innerJoin('be_month', 'be_month.id', 'be_indicator_rank.month_id')
      .select('be_indicator_rank.code')
      .distinct()
      .where('be_month.month', '=', month)
      .where('be_month.org_id', '=', rootId)
      .orderBy('be_indicator_rank.code')
      .execute()
  ).map((r) => r.code);
  const be = '/api/v1/branch-eval';
  const cases: { label: string; url: (i: number) => string }[] = [
    {
      label: 'rankings: page of 50',
      url: (i: number) => `${be}/months/${month}/rankings?orgId=${rootId}&${page(i)}`,
    },
    ...(city
      ? [
          {
            label: 'rankings: within a city',
            url: (i: number) =>
              `${be}/months/${month}/rankings?orgId=${rootId}&within=${city.id}&page=${1 + (i % 2)}&pageSize=50`,
          },
        ]
      : []),
    ...(codes.length > 0
      ? [
          {
            label: 'rankings: one indicator',
            url: (i: number) =>
              `${be}/months/${month}/rankings/indicators/${codes[i % codes.length]}?orgId=${rootId}&${page(i)}`,
          },
        ]
      : []),
    {
      label: `quarter scores ${quarter}`,
      url: (i: number) => `${be}/quarters/${quarter}/scores?orgId=${rootId}&${page(i)}`,
    },
    {
      label: `annual grades ${year}`,
      url: (i: number) => `${be}/years/${year}/grades?orgId=${rootId}&${page(i)}`,
    },
    // The first page of each, asked by every connection at once (as many open it after a write).
    {
      label: 'rankings: first page by all',
      url: () => `${be}/months/${month}/rankings?orgId=${rootId}&page=1&pageSize=50`,
    },
    {
      label: `quarter scores: first page by all`,
      url: () => `${be}/quarters/${quarter}/scores?orgId=${rootId}&page=1&pageSize=50`,
    },
    {
      label: `annual grades: first page by all`,
      url: () => `${be}/years/${year}/grades?orgId=${rootId}&page=1&pageSize=50`,
    },
  ];
  const hashOnly = [
    {
      label: 'branch evaluation: errors',
      url: (i: number) =>
        [
          `${be}/months/${month}/rankings?orgId=999999`,
          `${be}/months/${year - 5}-01/rankings?orgId=${rootId}`,
          `${be}/months/${month}/rankings/indicators/ZZ?orgId=${rootId}`,
          `${be}/quarters/${quarter}/scores?orgId=${rootId}&within=999999`,
          `${be}/years/${year}/grades?orgId=999999`,
        ][i % 5] as string,
    },
    {
      label: 'branch evaluation: earlier',
      url: (i: number) =>
        i % 2
          ? `${be}/quarters/${year}-Q${1 + (i % 4)}/scores?orgId=${rootId}&pageSize=100&page=${1 + (i % 3)}`
          : `${be}/years/${year}/grades?orgId=${rootId}${city ? `&within=${city.id}` : ''}&pageSize=20&page=${1 + (i % 3)}`,
    },
  ];
  return { cases, hashOnly };
}

async function pages(db: DbOrTrx) {
  const root = await partyRoot(db);
  const be = only === 'points' ? { cases: [], hashOnly: [] } : await branchEvalPages(db, root.id);
  if (only === 'be') return be;
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
    {
      label: "points: the year's results",
      url: (i: number) => `/api/v1/points/schemes/${s}/year/results?page=${1 + (i % 20)}&pageSize=50`,
    },
    {
      label: "points: a city's year results",
      url: (i: number) => `/api/v1/points/schemes/${s}/year/results?orgId=${pick(cities, i)}&pageSize=50`,
    },
  ];
  const hashOnly = [
    {
      label: 'members: search in a committee',
      url: (i: number) =>
        `/api/v1/members?orgId=${pick(committees, i)}&q=${encodeURIComponent(i % 2 ? '王' : '1')}&page=${1 + (i % 3)}&pageSize=20`,
    },
    {
      label: 'members: filters, cursor',
      url: (i: number) =>
        `/api/v1/members?orgId=${pick(i % 3 ? committees : branches, i)}&includeInactive=${i % 2 ? 'true' : 'false'}&status=${i % 2 ? 'full' : 'probationary'}&isPartyMember=true${i % 4 ? `&after=${cursorAt(i)}` : ''}&pageSize=20`,
    },
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
  const words = process.env.AB_ONLY?.split(',');
  const picked = <T extends { label: string }>(list: T[]) =>
    words ? list.filter((c) => words.some((w) => c.label.includes(w))) : list;
  return { cases: picked([...cases, ...be.cases]), hashOnly: picked([...hashOnly, ...be.hashOnly]) };
}

/** Logs in each account that exists in the database. */
async function logins(app: Awaited<ReturnType<typeof open>>['app'], db: DbOrTrx, accounts: string[]) {
  const found = new Set(
    (await db.selectFrom('app_user').select('account').where('account', 'in', accounts).execute()).map(
      (r) => r.account,
    ),
  );
  const cookies: string[] = [];
  for (const a of accounts) if (found.has(a)) cookies.push(await benchLogin(app, a, 'Bench-pass-1'));
  return cookies;
}

if (mode !== 'http') {
  const { handle, app } = await open();
  const { cases, hashOnly } = await pages(handle.db);
  const picked = [...cases, ...hashOnly].filter((c) => match.test(c.label));
  const users = await logins(app, handle.db, [
    'bench-affairs',
    'bench-admin',
    'bench-be-committee',
    'bench-be-office',
  ]);
  for (const pass of [1, 2]) {
    const all = createHash('sha256');
    for (const c of picked) {
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
  const cases = (await pages(handle.db)).cases
    .filter((c) => match.test(c.label))
    .flatMap((c) => (again ? [c, { ...c, label: `${c.label}, again` }] : [c]));
  const [cookie] = await logins(app, handle.db, [only === 'be' ? 'bench-be-committee' : 'bench-affairs']);
  if (!cookie) throw new Error('no bench user in this database');
  const write = async () => {
    await handle.db
      .updateTable('data_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .execute();
  };
  out(
    `load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  await pagesOverHttp(
    app,
    cookie,
    process.env.AB_WRITE === '1' ? cases.map((c) => ({ ...c, before: write })) : cases,
    out,
    requests,
  );
  out(
    `load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  await app.close();
  await handle.close();
}
