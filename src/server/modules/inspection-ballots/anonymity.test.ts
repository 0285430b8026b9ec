import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCode, type Rating } from '../../../domain/inspection/ballots.js';
import type { App } from '../../app.js';
import type { Deps } from '../../lib/context.js';
import { TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, fixedClock, login, type TestApp, testDialect } from '../../test/harness.js';
import { bootstrapOrg, bootstrapUser } from '../org/bootstrap.js';
import { checkBallotAnonymity } from './anonymity-check.js';
import { insertCampaign } from './ballots.fixtures.js';

/**
 * Ballot anonymity, proven on a live database (SPEC §5): 50 ballots are cast through the HTTP API
 * with the request log going to a buffer; then the self-check runs, the log is searched for the
 * codes, and a dump of every table is handed to an adversary who knows who received which code.
 */

interface World {
  app: App;
  t: TestApp;
  deps: Deps;
  log: string[];
  /** voter index → the code they received (the adversary knows this). */
  codes: string[];
  /** Codes printed but handed to nobody. */
  spare: string[];
  unitOf: number[];
  campaignId: number;
}

const VOTERS = 50;
const pattern: Rating[] = ['good', 'fair_good', 'average', 'poor'];
/** Voter i's rating of item k: varied, so that voters differ. */
const ratingsOf = (i: number): Record<string, Rating> =>
  Object.fromEntries([1, 2, 3, 4, 5].map((k) => [String(k), pattern[(i * 7 + k * 3) % 4] as Rating]));

/**
 * Builds a world: same organisation, same accounts, same clock; `votes(i)` gives voter i's
 * ballot. Voters vote in index order; the organiser issues codes, opens and closes the box.
 *
 * On PostgreSQL a VACUUM (or a page's pruning) moves where later row versions land, so during
 * voting the storage order of the counts follows when those ran — the machine's timing, never the
 * voters' choices; the close stores the codes and counts in key order (`CLUSTER`), so a dump after
 * it no longer shows that timing (a test below vacuums one world only). Autovacuum is off in these
 * databases for the other tables (sessions, users), and `vacuumBefore` runs one by hand.
 */
async function buildWorld(
  votes: (i: number) => Record<string, Rating>,
  { vacuumBefore }: { vacuumBefore?: number } = {},
): Promise<World> {
  const log: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  const t = await createTestApp({ clock: fixedClock('2026-11-20T02:00:00.000Z'), logStream: stream });
  const { app, deps } = t;
  const d = deps.db;
  const tables = (await d.introspection.getTables()).map((x) => x.name);
  if (deps.dialect === 'postgres')
    for (const name of tables)
      await sql.raw(`alter table ${name} set (autovacuum_enabled = false)`).execute(d);
  const root = await bootstrapOrg(d, {
    kind: 'committee',
    code: 'ROOT',
    name: '党委',
    parentId: null,
    activeFrom: '2020-01-01',
  });
  const units = [
    await bootstrapOrg(d, {
      kind: 'grassroots',
      code: 'U1',
      name: '运维检修部',
      parentId: null,
      activeFrom: '2020-01-01',
    }),
    await bootstrapOrg(d, {
      kind: 'department',
      code: 'U2',
      name: '营销部',
      parentId: null,
      activeFrom: '2020-01-01',
    }),
  ];
  const organiserId = await bootstrapUser(d, {
    account: 'organiser',
    displayName: '组织者',
    password: TEST_PASSWORD,
    grants: [{ role: 'affairs', orgId: root.id }],
    memberId: null,
  });
  const campaignId = await insertCampaign(d, root.id, organiserId, units);
  const organiser = await login(app, 'organiser', TEST_PASSWORD);
  const base = `/api/v1/inspection/campaigns/${campaignId}/ballots`;
  const batch = await organiser.post(`${base}/batches`, {
    units: [
      { unitId: units[0]?.id, count: 30 },
      { unitId: units[1]?.id, count: 25 },
    ],
  });
  expect(batch.status).toBe(200);
  // Hand the slips out: voters 0–29 are in unit 1, 30–49 in unit 2 (five slips of unit 2 unused).
  const slips = batch.body.slips as { code: string; unitId: number }[];
  const u1 = slips.filter((s) => s.unitId === units[0]?.id).map((s) => s.code);
  const u2 = slips.filter((s) => s.unitId === units[1]?.id).map((s) => s.code);
  const codes = [...u1, ...u2.slice(0, VOTERS - u1.length)];
  const unitOf = codes.map((_, i) => (i < u1.length ? 1 : 2));
  expect((await organiser.post(`${base}/open`)).status).toBe(200);
  for (const [i, code] of codes.entries()) {
    if (i === vacuumBefore)
      for (const q of deps.dialect === 'postgres' ? tables.map((name) => `vacuum ${name}`) : ['vacuum'])
        await sql.raw(q).execute(d);
    const from = { remoteAddress: `10.1.0.${i + 1}` };
    const checked = await app.inject({
      method: 'POST',
      url: '/api/v1/ballot/check',
      payload: { code },
      ...from,
    });
    expect(checked.statusCode).toBe(200);
    const cast = await app.inject({
      method: 'POST',
      url: '/api/v1/ballot/cast',
      payload: { code, answers: votes(i) },
      ...from,
    });
    expect(cast.statusCode, cast.body).toBe(200);
  }
  expect((await organiser.post(`${base}/close`)).status).toBe(200);
  return { app, t, deps, log, codes, spare: u2.slice(VOTERS - u1.length), unitOf, campaignId };
}

async function closeWorld(w: World) {
  await w.t.close();
}

/**
 * Columns that differ between any two runs and have nothing to do with ballots: salted password
 * hashes, session tokens, and the wall-clock times the set-up (org and user bootstrap, outside
 * the test clock) writes.
 */
const RANDOM_COLUMNS: Record<string, string[]> = {
  app_user: ['password_hash', 'created_at', 'updated_at', 'password_changed_at'],
  session: ['id', 'token_hash', 'csrf_token'],
  org: ['created_at', 'updated_at'],
  role_grant: ['granted_at'],
  audit_log: ['at'],
  // The installation's peer-draw secret (branch evaluation), drawn once at migration.
  be_peer_secret: ['secret'],
};

/**
 * Every table of the database as an adversary's dump would show it: rows in storage order (no
 * ORDER BY), on PostgreSQL with each row's `xmin` replaced by its rank among the dump's row
 * versions; code hashes replaced by who received the code (what the adversary knows).
 */
async function dump(w: World): Promise<Record<string, unknown[]>> {
  const byHash = new Map([
    ...w.codes.map((c, i) => [sha(normalizeCode(c) ?? c), `voter${i}`] as const),
    ...w.spare.map((c, i) => [sha(normalizeCode(c) ?? c), `spare${i}`] as const),
  ]);
  const tables = (await w.deps.db.introspection.getTables()).map((t) => t.name).sort();
  const out: Record<string, unknown[]> = {};
  const xmins: string[] = [];
  for (const t of tables) {
    const q =
      w.deps.dialect === 'postgres'
        ? `select t.*, t.xmin::text as "__xmin" from ${t} t`
        : `select * from ${t}`;
    const rows = (await sql.raw<Record<string, unknown>>(q).execute(w.deps.db)).rows;
    out[t] = rows.map((r) => {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) {
        if (RANDOM_COLUMNS[t]?.includes(k)) continue;
        if (k === '__xmin') xmins.push(String(v));
        row[k] = typeof v === 'string' && byHash.has(v) ? byHash.get(v) : v;
      }
      return row;
    });
  }
  // Codes are stored in hash order, a function of the random codes alone (checked above): with
  // hashes replaced by names, that order is put in name order for the comparison.
  (out.insp_ballot_code as { code_hash: string }[] | undefined)?.sort((a, b) =>
    a.code_hash < b.code_hash ? -1 : 1,
  );
  // Absolute transaction ids differ between two databases; their order is what a dump tells.
  const rank = new Map([...new Set(xmins)].sort((a, b) => Number(a) - Number(b)).map((x, i) => [x, i]));
  for (const rows of Object.values(out))
    for (const r of rows as Record<string, unknown>[])
      if ('__xmin' in r) r.__xmin = rank.get(String(r.__xmin));
  // The audit chain's hashes cover the rows above; the rows themselves are compared.
  for (const r of (out.audit_log ?? []) as Record<string, unknown>[]) {
    delete r.hash;
    delete r.prev_hash;
  }
  for (const r of (out.audit_head ?? []) as Record<string, unknown>[]) delete r.last_hash;
  return out;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let real: World;
beforeAll(async () => {
  real = await buildWorld(ratingsOf);
}, 120_000);
afterAll(async () => {
  if (real) await closeWorld(real);
});

describe('ballot anonymity self-check', () => {
  it('passes every check of the self-check on this database', async () => {
    const findings = await checkBallotAnonymity(real.deps.db, real.deps.dialect);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings.length).toBeGreaterThanOrEqual(testDialect === 'postgres' ? 7 : 6);
  });

  it('fails the self-check when a table keeps a code next to a person', async () => {
    const db = real.deps.db;
    await sql`create table ballot_hand_out (user_id integer, code_hash text)`.execute(db);
    try {
      const findings = await checkBallotAnonymity(db, real.deps.dialect);
      expect(findings.find((f) => f.check.startsWith('no other table'))?.ok).toBe(false);
    } finally {
      await sql`drop table ballot_hand_out`.execute(db);
    }
  });

  it('never writes a code to the request log', () => {
    const text = real.log.join('');
    expect(text).toContain('/api/v1/ballot/cast');
    for (const code of real.codes) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(sha(code));
    }
  });

  it('keeps the used codes of each unit in hash order in storage, not in the order they were used', async () => {
    const rows = await sql<{ code_hash: string; unit_id: number; used: number }>`
      select code_hash, unit_id, used from insp_ballot_code`.execute(real.deps.db);
    const used = rows.rows.filter((r) => r.used === 1);
    expect(used).toHaveLength(VOTERS);
    for (const unit of new Set(used.map((r) => r.unit_id))) {
      const hashes = used.filter((r) => r.unit_id === unit).map((r) => r.code_hash);
      expect(hashes).toEqual([...hashes].sort());
    }
  });
});

describe('the adversary with a dump after 50 ballots', () => {
  it('cannot tell two voters apart: swapping their ratings gives the same dump', async () => {
    // Voters 3 and 4 (unit 1) rated differently; in the other world they swap ballots.
    expect(ratingsOf(3)).not.toEqual(ratingsOf(4));
    const swapped = await buildWorld((i) => ratingsOf(i === 3 ? 4 : i === 4 ? 3 : i));
    try {
      const a = await dump(real);
      const b = await dump(swapped);
      expect(a.insp_ballot_code?.length).toBe(55);
      expect(b).toEqual(a);
    } finally {
      await closeWorld(swapped);
    }
  }, 120_000);

  it('cannot tell them apart either when only one database was vacuumed in the middle of the voting', async () => {
    const swapped = await buildWorld((i) => ratingsOf(i === 3 ? 4 : i === 4 ? 3 : i), { vacuumBefore: 20 });
    try {
      expect(await dump(swapped)).toEqual(await dump(real));
    } finally {
      await closeWorld(swapped);
    }
  }, 120_000);

  it('would notice a different vote (the comparison is not blind)', async () => {
    const changed = await buildWorld((i) =>
      i === 3 ? { ...ratingsOf(3), 1: ratingsOf(3)['1'] === 'good' ? 'poor' : 'good' } : ratingsOf(i),
    );
    try {
      expect(await dump(changed)).not.toEqual(await dump(real));
    } finally {
      await closeWorld(changed);
    }
  }, 120_000);
});
