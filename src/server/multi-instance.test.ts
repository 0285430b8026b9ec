import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../db/types.js';
import type { App } from './app.js';
import { SESSION_RECHECK_MS } from './lib/session-cache.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  type QuickSpec,
  runMonth,
} from './modules/branch-eval/branch-eval.fixtures.js';
import { createAdoptedScheme } from './modules/points/points.fixtures.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from './test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  openInstance,
  type Res,
  sessionClient,
  type TestApp,
  testDialect,
} from './test/harness.js';

/**
 * Production runs several instances on one PostgreSQL database (README). Two instances here, each
 * with its own connection pool, serve one schema at the same time: the same entry approved
 * through both at once, and the same month approved and published through both at once, moves
 * exactly once; a session made on one works on the other; the audit chain holds afterwards.
 * SQLite is one file behind one process, so this runs on PostgreSQL only.
 */
const onPostgres = testDialect === 'postgres';
const title = onPostgres
  ? 'two app instances on one PostgreSQL database'
  : 'two app instances on one PostgreSQL database (SKIPPED: PostgreSQL only, set KAOHE_TEST_DB=postgres)';

/** The same client's session, sent to another instance. */
const on = (app: App, c: Client) => sessionClient(app, c.account, c.sid, c.csrf);

const statuses = (rs: Res[]) => rs.map((r) => r.status).sort((a, b) => a - b);

async function auditCount(t: TestApp, action: string, entityIds: number[]) {
  const rows = await t.db
    .selectFrom('audit_log')
    .select(['entity_id'])
    .where('action', '=', action)
    .where('entity_id', 'in', entityIds.map(String))
    .execute();
  const n = new Map<number, number>();
  for (const r of rows) n.set(Number(r.entity_id), (n.get(Number(r.entity_id)) ?? 0) + 1);
  return entityIds.map((id) => n.get(id) ?? 0);
}

async function verifiedChain(t: TestApp, admin: Client) {
  const res = await admin.post('/api/v1/audit/verify');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const total = await t.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  expect(res.body).toMatchObject({ ok: true, firstBrokenSeq: null, checked: Number(total.n) });
}

describe.skipIf(!onPostgres)(`${title}: member points`, () => {
  let t: TestApp;
  let two: Awaited<ReturnType<typeof openInstance>>;
  let tree: Awaited<ReturnType<typeof makeTree>>;
  const members: MemberRow[] = [];
  let affairs: Client;
  let secretary: Client;
  let admin: Client;
  let schemeId = 0;

  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
    two = await openInstance(t);
    tree = await makeTree(t.db);
    for (let i = 0; i < 4; i++) members.push(await makeMember(t.db, tree.branchA1));
    const user = async (role: 'affairs' | 'committee' | 'secretary' | 'admin', orgId: number) =>
      login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
    affairs = await user('affairs', tree.root.id);
    secretary = await user('secretary', tree.branchA1.id);
    admin = await user('admin', tree.root.id);
    schemeId = await createAdoptedScheme(affairs, await user('committee', tree.root.id), tree.root.id, 2026);
  });
  afterAll(async () => {
    await two?.close();
    await t?.close();
  });

  /** Submitted entries, created alternately through each instance. */
  async function submitted(n: number): Promise<{ id: number; rowVersion: number }[]> {
    const out: { id: number; rowVersion: number }[] = [];
    for (let i = 0; i < n; i++) {
      const via = i % 2 === 0 ? secretary : on(two.app, secretary);
      const r = await via.post('/api/v1/points/entries', {
        schemeId,
        memberId: members[i % members.length]?.id,
        itemCode: 'J02',
        occurredOn: '2026-03-09',
        points: 100,
        submit: true,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.state).toBe('submitted');
      out.push({ id: r.body.id, rowVersion: r.body.rowVersion });
    }
    return out;
  }

  it('a session made on one instance works on the other, and logging out on one ends it on both', async () => {
    const c = await login(t.app, admin.account, TEST_PASSWORD);
    const me = await on(two.app, c).get('/api/v1/auth/me');
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.account).toBe(admin.account);
    const out = await on(two.app, c).post('/api/v1/auth/logout');
    expect(out.status).toBe(200);
    const after = await c.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_expired');
  });

  it('a removed role and a logout end on the instance that made them at once, and on the other within SESSION_RECHECK_MS', async () => {
    const u = await makeUser(t.db, [{ role: 'admin', orgId: tree.branchA1.id }]);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    const c2 = on(two.app, c);
    // Both instances have read the session and keep it (lib/session-cache.ts).
    expect((await c.get('/api/v1/users')).status).toBe(200);
    expect((await c2.get('/api/v1/users')).status).toBe(200);
    const grants = (await admin.get(`/api/v1/users/${u.id}`)).body.grants;
    expect((await admin.delete(`/api/v1/users/${u.id}/grants/${grants[0].id}`)).status).toBe(200);
    expect((await c.get('/api/v1/users')).status).toBe(403);
    t.clock.advance(SESSION_RECHECK_MS);
    expect((await c2.get('/api/v1/users')).status).toBe(403);

    const d = await login(t.app, admin.account, TEST_PASSWORD);
    const d2 = on(two.app, d);
    expect((await d.get('/api/v1/auth/me')).status).toBe(200);
    expect((await d2.get('/api/v1/auth/me')).status).toBe(200);
    expect((await d.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await d.get('/api/v1/auth/me')).status).toBe(401);
    t.clock.advance(SESSION_RECHECK_MS);
    const after = await d2.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_expired');
  });

  it('the same entry approved through both instances at once is approved exactly once, every time', async () => {
    const entries = await submitted(24);
    const affairs2 = on(two.app, affairs);
    // Four clicks of one reviewer per entry, two on each instance, all entries at once: the
    // entry moves once and every click is answered "approved" (the same decision twice is no error).
    const results = await Promise.all(
      entries.map((e) =>
        Promise.all(
          [affairs, affairs2, affairs, affairs2].map((c) =>
            c.post(`/api/v1/points/entries/${e.id}/actions`, { action: 'approve', rowVersion: e.rowVersion }),
          ),
        ),
      ),
    );
    for (const rs of results) {
      expect(statuses(rs), JSON.stringify(rs.map((r) => r.body))).toEqual([200, 200, 200, 200]);
      for (const r of rs) expect(r.body.state).toBe('approved');
    }
    const ids = entries.map((e) => e.id);
    const rows = await t.db
      .selectFrom('points_entry')
      .select(['id', 'state', 'row_version'])
      .where('id', 'in', ids)
      .execute();
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) {
      expect(r.state).toBe('approved');
      expect(r.row_version).toBe((entries.find((e) => e.id === r.id)?.rowVersion ?? 0) + 1);
    }
    expect(await auditCount(t, 'points.entry.approve', ids)).toEqual(ids.map(() => 1));
  });

  it('bulk approvals of the same entries through both instances at once: one moves them, the other changes nothing', async () => {
    const affairs2 = on(two.app, affairs);
    // Batches long enough that the two transactions overlap.
    for (let round = 0; round < 3; round++) {
      const ids = (await submitted(20)).map((e) => e.id);
      const rs = await Promise.all(
        [affairs, affairs2].map((c) => c.post('/api/v1/points/entries/bulk', { ids, action: 'approve' })),
      );
      expect(statuses(rs), JSON.stringify(rs.map((r) => r.body))).toEqual([200, 200]);
      expect(await auditCount(t, 'points.entry.approve', ids)).toEqual(ids.map(() => 1));
    }
    // Another reviewer's bulk over entries someone else decided is refused whole.
    const ids = (await submitted(5)).map((e) => e.id);
    expect((await affairs.post('/api/v1/points/entries/bulk', { ids, action: 'approve' })).status).toBe(200);
    const otherReviewer = await login(
      t.app,
      (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
      TEST_PASSWORD,
    );
    const late = await on(two.app, otherReviewer).post('/api/v1/points/entries/bulk', {
      ids,
      action: 'approve',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('invalid_transition');
  });

  it('the audit chain written by both instances verifies, asked on either', async () => {
    await verifiedChain(t, admin);
    await verifiedChain(t, on(two.app, admin));
  });
});

describe.skipIf(!onPostgres)(`${title}: branch joint evaluation`, () => {
  let f: Fixture;
  let two: Awaited<ReturnType<typeof openInstance>>;
  const spec = (B1: number): QuickSpec => ({ B1, E1: 2500, E2: 1500 });
  const months = [
    { month: '2026-01', verifyOn: '2026-02-02' },
    { month: '2026-02', verifyOn: '2026-03-02' },
    { month: '2026-03', verifyOn: '2026-04-01' },
  ];

  beforeAll(async () => {
    f = await createFixture();
    two = await openInstance(f.t);
    await approvedPlans(f, '2026-Q1');
  });
  afterAll(async () => {
    await two?.close();
    await f?.t.close();
  });

  it('each month approved and then published through both instances at once moves exactly once', async () => {
    for (const { month, verifyOn } of months) {
      await runMonth(f, month, [3000, 2900, 2800, 2700, 2600, 2500].map(spec), {
        verifyOn,
        approve: false,
      });
      const committee = f.c('committee');
      const committee2 = on(two.app, committee);
      const body = { orgId: f.countyA.id };
      for (const step of ['approve', 'publish'] as const) {
        const rs = await Promise.all(
          [committee, committee2, committee, committee2, committee, committee2].map((c) =>
            c.post(`${BASE}/months/${month}/${step}`, body),
          ),
        );
        expect(statuses(rs), `${month} ${step}: ${JSON.stringify(rs.map((r) => r.body))}`).toEqual([
          200, 409, 409, 409, 409, 409,
        ]);
        for (const r of rs.filter((x) => x.status === 409)) {
          expect(['stale_record', 'invalid_transition']).toContain(r.body.error.code);
        }
      }
      const m = await f.t.db
        .selectFrom('be_month')
        .selectAll()
        .where('org_id', '=', f.countyA.id)
        .where('month', '=', month)
        .executeTakeFirstOrThrow();
      expect(m.state).toBe('published');
      const scores = await f.t.db
        .selectFrom('be_month_score')
        .select('branch_id')
        .where('month_id', '=', m.id)
        .execute();
      expect(scores.map((s) => s.branch_id).sort((a, b) => a - b)).toEqual(
        f.branches.map((b) => b.id).sort((a, b) => a - b),
      );
      expect(await auditCount(f.t, 'branch_eval.month.approve', [m.id])).toEqual([1]);
      expect(await auditCount(f.t, 'branch_eval.month.publish', [m.id])).toEqual([1]);
      const ranking = await on(two.app, committee).get(
        `${BASE}/months/${month}/rankings?orgId=${f.countyA.id}`,
      );
      expect(ranking.status, JSON.stringify(ranking.body)).toBe(200);
      expect((ranking.body.items as Json[]).map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  }, 240_000);

  it('the audit chain written by both instances verifies, asked on either', async () => {
    await verifiedChain(f.t, f.c('admin'));
    await verifiedChain(f.t, on(two.app, f.c('admin')));
  });
});
