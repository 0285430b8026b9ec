import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../db/types.js';
import { createAdoptedScheme } from '../modules/points/points.fixtures.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD, uniq } from '../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  openInstance,
  sessionClient,
  type TestApp,
  testDialect,
} from '../test/harness.js';

/**
 * Creating calls repeated with one `Idempotency-Key` (a double click, a retried request) create
 * once and answer the first answer — sequentially, concurrently, and (PostgreSQL) through two app
 * instances at once; a second 审核通过 by the same reviewer is no error.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let affairs2: Client;
let secretary: Client;
let memberClient: Client;
const members: MemberRow[] = [];
let schemeId = 0;

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
  tree = await makeTree(t.db);
  for (let i = 0; i < 3; i++) members.push(await makeMember(t.db, tree.branchA1));
  const as = async (grants: Parameters<typeof makeUser>[1], memberId?: number) =>
    login(t.app, (await makeUser(t.db, grants, memberId)).account, TEST_PASSWORD);
  affairs = await as([{ role: 'affairs', orgId: tree.root.id }]);
  affairs2 = await as([{ role: 'affairs', orgId: tree.root.id }]);
  const committee = await as([{ role: 'committee', orgId: tree.root.id }]);
  secretary = await as([{ role: 'secretary', orgId: tree.branchA1.id }]);
  memberClient = await as([{ role: 'member', orgId: tree.branchA1.id }], members[0]?.id);
  schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
});
afterAll(() => t.close());

const keyed = (c: Client, url: string, payload: unknown, key: string, method: 'POST' | 'PATCH' = 'POST') =>
  c.inject({ method, url, payload: payload as object, headers: { 'idempotency-key': key } });

const activity = (title: string) => ({
  schemeId,
  branchId: tree.branchA1.id,
  title,
  kind: '主题党日',
  occurredOn: '2026-03-10',
  itemCode: 'P01',
  memberIds: members.map((m) => m.id),
});

async function activitiesTitled(title: string) {
  return t.db.selectFrom('points_activity').select('id').where('title', '=', title).execute();
}
async function entriesOf(activityId: number) {
  return t.db.selectFrom('points_entry').select('id').where('activity_id', '=', activityId).execute();
}

describe('idempotent creating calls', () => {
  it('为 N 人录入 clicked twice records one activity with one entry per member', async () => {
    const key = uniq('k-activity-');
    const first = await keyed(secretary, '/api/v1/points/activities', activity('双击主题党日'), key);
    const second = await keyed(secretary, '/api/v1/points/activities', activity('双击主题党日'), key);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const rows = await activitiesTitled('双击主题党日');
    expect(rows).toHaveLength(1);
    expect(await entriesOf(rows[0]?.id ?? 0)).toHaveLength(3);
  });

  it('concurrent duplicates create once and all get the first answer', async () => {
    const key = uniq('k-burst-');
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        keyed(secretary, '/api/v1/points/activities', activity('并发主题党日'), key),
      ),
    );
    expect(burst.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const ids = new Set(burst.map((r) => (r.json() as Json).activityId));
    expect(ids.size).toBe(1);
    expect(burst.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    const rows = await activitiesTitled('并发主题党日');
    expect(rows).toHaveLength(1);
    expect(await entriesOf(rows[0]?.id ?? 0)).toHaveLength(3);
  });

  it('without a key, or with a new key, a call creates again (a second real activity)', async () => {
    expect((await secretary.post('/api/v1/points/activities', activity('两次活动'))).status).toBe(200);
    expect(
      (await keyed(secretary, '/api/v1/points/activities', activity('两次活动'), uniq('k-a-'))).statusCode,
    ).toBe(200);
    expect(await activitiesTitled('两次活动')).toHaveLength(2);
  });

  it('a key reused for different content is refused and changes nothing', async () => {
    const key = uniq('k-reuse-');
    expect((await keyed(secretary, '/api/v1/points/activities', activity('内容一'), key)).statusCode).toBe(
      200,
    );
    const other = await keyed(secretary, '/api/v1/points/activities', activity('内容二'), key);
    expect(other.statusCode).toBe(422);
    expect((other.json() as Json).error.code).toBe('idempotency_key_reused');
    expect(await activitiesTitled('内容二')).toHaveLength(0);
  });

  it('a failed first request keeps no answer: the corrected submission runs', async () => {
    const key = uniq('k-fail-');
    const future = await keyed(
      secretary,
      '/api/v1/points/activities',
      { ...activity('失败后重试'), occurredOn: '2026-04-10' },
      key,
    );
    expect(future.statusCode).toBe(400);
    const kept = await t.db.selectFrom('idempotency_key').select('state').where('key', '=', key).execute();
    expect(kept).toEqual([]);
    const retry = await keyed(secretary, '/api/v1/points/activities', activity('失败后重试'), key);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await activitiesTitled('失败后重试')).toHaveLength(1);
  });

  it('keys belong to one user and one endpoint, and expire after a day', async () => {
    const key = uniq('k-scope-');
    const byAffairs = await keyed(
      affairs,
      '/api/v1/members',
      { employeeNo: uniq('E'), name: '新党员甲', gender: 'M', status: 'full', branchId: tree.branchA1.id },
      key,
    );
    expect(byAffairs.statusCode).toBe(200);
    // Same key, another user: their own submission.
    const byOther = await keyed(
      affairs2,
      '/api/v1/members',
      { employeeNo: uniq('E'), name: '新党员乙', gender: 'F', status: 'full', branchId: tree.branchA1.id },
      key,
    );
    expect(byOther.statusCode).toBe(200);
    expect((byOther.json() as Json).id).not.toBe((byAffairs.json() as Json).id);
    // Same key, same user, another endpoint: its own submission too.
    expect((await keyed(affairs, '/api/v1/points/activities', activity('他人端点'), key)).statusCode).toBe(
      403,
    );
  });

  it('新增党员 twice makes one member, not "工号已存在"', async () => {
    const key = uniq('k-member-');
    const body = {
      employeeNo: uniq('E'),
      name: '双击党员',
      gender: 'M',
      status: 'full',
      branchId: tree.branchA1.id,
    };
    const [a, b] = await Promise.all([
      keyed(affairs, '/api/v1/members', body, key),
      keyed(affairs, '/api/v1/members', body, key),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect((a.json() as Json).id).toBe((b.json() as Json).id);
    const n = await t.db
      .selectFrom('member')
      .select('id')
      .where('employee_no', '=', body.employeeNo)
      .execute();
    expect(n).toHaveLength(1);
  });

  it('申报 twice makes one declaration', async () => {
    const key = uniq('k-declare-');
    const body = { schemeId, itemCode: 'P01', occurredOn: '2026-03-12', note: '双击申报' };
    const a = await keyed(memberClient, '/api/v1/points/declarations', body, key);
    const b = await keyed(memberClient, '/api/v1/points/declarations', body, key);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const rows = await t.db.selectFrom('points_entry').select('id').where('note', '=', '双击申报').execute();
    expect(rows).toHaveLength(1);
  });

  it('a second 审核通过 by the same reviewer is no error; another reviewer is told it was handled', async () => {
    const created = await secretary.post('/api/v1/points/entries', {
      schemeId,
      memberId: members[1]?.id,
      itemCode: 'P01',
      occurredOn: '2026-03-11',
      submit: true,
    });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    const approve = { action: 'approve', rowVersion: created.body.rowVersion };
    const key = uniq('k-approve-');
    const [a, b] = await Promise.all([
      keyed(affairs, `/api/v1/points/entries/${id}/actions`, approve, key),
      keyed(affairs, `/api/v1/points/entries/${id}/actions`, approve, key),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    // Another tab, another key, the same decision by the same reviewer: already done.
    const again = await keyed(affairs, `/api/v1/points/entries/${id}/actions`, approve, uniq('k-approve-'));
    expect(again.statusCode).toBe(200);
    expect((again.json() as Json).state).toBe('approved');
    const audits = await t.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'points.entry.approve')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audits).toHaveLength(1);
    const other = await affairs2.post(`/api/v1/points/entries/${id}/actions`, approve);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('stale_record');
  });

  it('a malformed key is refused before anything runs', async () => {
    const res = await keyed(secretary, '/api/v1/points/activities', activity('坏标识'), 'short');
    expect(res.statusCode).toBe(400);
    expect(await activitiesTitled('坏标识')).toHaveLength(0);
  });

  it.runIf(testDialect === 'postgres')(
    'duplicates sent at once to two app instances on one PostgreSQL database create once',
    async () => {
      const other = await openInstance(t);
      try {
        const there = sessionClient(other.app, secretary.account, secretary.sid, secretary.csrf);
        const key = uniq('k-two-');
        const rs = await Promise.all(
          [secretary, there, secretary, there].map((c) =>
            keyed(c, '/api/v1/points/activities', activity('两实例主题党日'), key),
          ),
        );
        expect(rs.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
        expect(new Set(rs.map((r) => (r.json() as Json).activityId)).size).toBe(1);
        const rows = await activitiesTitled('两实例主题党日');
        expect(rows).toHaveLength(1);
        expect(await entriesOf(rows[0]?.id ?? 0)).toHaveLength(3);
      } finally {
        await other.close();
      }
    },
  );

  it('an answer is kept for a day: the same key a day later creates again', async () => {
    const key = uniq('k-expiry-');
    const act = activity('过期后');
    expect((await keyed(secretary, '/api/v1/points/activities', act, key)).statusCode).toBe(200);
    t.clock.advance(12 * 3600_000);
    const again = await login(t.app, secretary.account, TEST_PASSWORD);
    expect((await keyed(again, '/api/v1/points/activities', act, key)).headers['idempotent-replayed']).toBe(
      'true',
    );
    t.clock.advance(12 * 3600_000 + 1000);
    const later = await login(t.app, secretary.account, TEST_PASSWORD);
    const res = await keyed(later, '/api/v1/points/activities', act, key);
    expect(res.statusCode).toBe(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await activitiesTitled('过期后')).toHaveLength(2);
  });

  it('the API document names the header on idempotent endpoints', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Json;
    const params = doc.paths['/api/v1/points/activities'].post.parameters as { name: string; in: string }[];
    expect(params).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
  });
});
