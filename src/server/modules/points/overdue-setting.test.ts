import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';
import { createAdoptedScheme, defaultRules, relogin } from './points.fixtures.js';

/**
 * "Entries waiting longer than the scheme's setting are flagged": with a scheme that says 3 days,
 * an entry waiting 4 days is overdue in the entry list, the "overdue only" filter, the review
 * counts and the to-do alike.
 */
let t: TestApp;
let affairs: Client;
let committee: Client;
let secretary: Client;
let schemeId: number;
const ids: number[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-02T02:00:00.000Z') });
  const tree = await makeTree(t.db);
  const m = await makeMember(t.db, tree.branchA1);
  affairs = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  committee = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'committee', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  secretary = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }])).account,
    TEST_PASSWORD,
  );
  schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026, undefined, {
    ...defaultRules,
    reviewOverdueDays: 3,
  });
  // One entry submitted 8 days before the check, one 4 days before.
  for (const at of ['2026-03-02T02:00:00.000Z', '2026-03-06T02:00:00.000Z']) {
    t.clock.set(at);
    secretary = await relogin(t, secretary);
    const e = await secretary.post('/api/v1/points/entries', {
      schemeId,
      memberId: m.id,
      itemCode: 'P01',
      occurredOn: '2026-03-02',
      submit: true,
    });
    expect(e.status, JSON.stringify(e.body)).toBe(200);
    ids.push(e.body.id);
  }
  t.clock.set('2026-03-10T02:00:00.000Z');
  affairs = await relogin(t, affairs);
});
afterAll(() => t.close());

describe('the overdue threshold is the scheme’s setting', () => {
  it('flags both entries in the list, and the "overdue only" filter finds both', async () => {
    const all = await affairs.get(`/api/v1/points/entries?state=submitted&schemeId=${schemeId}`);
    expect(all.body.items.map((e: { overdue: boolean }) => e.overdue)).toEqual([true, true]);
    const only = await affairs.get(`/api/v1/points/entries?state=submitted&overdueOnly=true`);
    expect(only.body.total).toBe(2);
  });

  it('counts both in the review counts', async () => {
    const c = await affairs.get('/api/v1/points/review/counts');
    expect(c.body).toMatchObject({ waiting: 2, overdue: 2 });
  });

  it('the to-do names both as overdue, with the scheme’s 3 days', async () => {
    const items = (await affairs.get('/api/v1/todo')).body.items as {
      kind: string;
      overdue: boolean;
      title: { 'zh-CN': string };
    }[];
    const review = items.find((i) => i.kind === 'points.review');
    expect(review).toMatchObject({ overdue: true });
    expect(review?.title['zh-CN']).toContain('2 条已超过 3 天');
  });

  it('lists an appeal waiting for a decision, however old', async () => {
    const kinds = async () =>
      ((await affairs.get('/api/v1/todo')).body.items as { kind: string }[]).map((i) => i.kind);
    expect(await kinds()).not.toContain('points.appeals');
    const entry = await t.db
      .selectFrom('points_entry')
      .select(['id', 'member_id', 'branch_id', 'created_by'])
      .where('id', '=', ids[0] ?? 0)
      .executeTakeFirstOrThrow();
    const q = await t.db
      .insertInto('points_quarter')
      .values({
        scheme_id: schemeId,
        quarter: '2025-Q4',
        state: 'published',
        version_id: null,
        closed_by: null,
        closed_at: null,
        published_by: null,
        published_at: '2026-01-05T02:00:00.000Z',
        published_on: '2026-01-05',
        computed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('points_appeal')
      .values({
        entry_id: entry.id,
        quarter_id: q.id,
        member_id: entry.member_id,
        branch_id: entry.branch_id,
        reason: '记录有误',
        state: 'open',
        created_by: entry.created_by,
        created_at: '2026-01-08T02:00:00.000Z',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        adjustment_entry_id: null,
      })
      .execute();
    expect(await kinds()).toContain('points.appeals');
    // Lodged on 8 January (Beijing): the reviewer's ten days end on the 18th, long past here.
    const appeal = (
      (await affairs.get('/api/v1/todo')).body.items as { kind: string; title: { 'zh-CN': string } }[]
    ).find((i) => i.kind === 'points.appeals');
    expect(appeal).toMatchObject({ count: 1, due: '2026-01-18', overdue: true });
    expect(appeal?.title['zh-CN']).toContain('2026-01-18 前处理');
  });
});
