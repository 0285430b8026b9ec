import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';
import { createAdoptedScheme, seedApproved } from '../points/points.fixtures.js';

let t: TestApp;
let affairs: Client;
let committee: Client;
let secretary: Client;
let member: Client;
let admin: Client;

const item = {
  code: 'P01',
  name: '主题党日',
  dimension: 'political',
  direction: 'bonus',
  points: { kind: 'fixed', value: 200 },
  unit: '次',
  quarterCap: null,
  evidenceRequired: false,
  veto: false,
};

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-11-24T02:00:00.000Z') });
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
  member = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'member', orgId: tree.branchA1.id }], m.id)).account,
    TEST_PASSWORD,
  );
  admin = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  const s = await affairs.post('/api/v1/points/schemes', {
    rootOrgId: tree.root.id,
    year: 2026,
    name: '2026方案',
  });
  await affairs.inject({
    method: 'PUT',
    url: `/api/v1/points/schemes/${s.body.id}/draft`,
    payload: { rules: s.body.draft.rules, items: [item] },
  });
  await committee.post(`/api/v1/points/schemes/${s.body.id}/adopt`);
  await secretary.post('/api/v1/points/entries', {
    schemeId: s.body.id,
    memberId: m.id,
    itemCode: 'P01',
    occurredOn: '2026-11-02',
    submit: true,
  });
  const d = await member.post('/api/v1/points/declarations', {
    schemeId: s.body.id,
    itemCode: 'P01',
    occurredOn: '2026-11-03',
  });
  await secretary.post(`/api/v1/points/entries/${d.body.id}/actions`, {
    action: 'return_declaration',
    reason: '请补充说明',
    rowVersion: d.body.rowVersion,
  });
});
afterAll(() => t.close());

const kinds = async (c: Client) =>
  ((await c.get('/api/v1/todo')).body.items as { kind: string }[]).map((i) => i.kind);

describe('to-do list (待办)', () => {
  it('shows each role what is due for it, and nothing of other roles', async () => {
    const a = await kinds(affairs);
    expect(a).toContain('points.review');
    // Q1–Q3 of 2026 have ended and are still open.
    expect(a.filter((k) => k === 'points.quarter.close')).toHaveLength(3);
    expect(await kinds(member)).toEqual(['points.my.returned']);
    expect(await kinds(secretary)).not.toContain('points.review');
    expect(await kinds(committee)).not.toContain('points.review');
  });

  it('counts every state that waits for each role, each in its own scope', async () => {
    const tree = await makeTree(t.db);
    const signIn = async (role: 'affairs' | 'committee' | 'secretary', orgId: number) =>
      login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
    const officer = await signIn('affairs', tree.root.id);
    const board = await signIn('committee', tree.root.id);
    const countyBoard = await signIn('committee', tree.countyB.id);
    const sec = await signIn('secretary', tree.branchA1.id);
    const schemeId = await createAdoptedScheme(officer, board, tree.root.id, 2026);
    const inA1 = await makeMember(t.db, tree.branchA1);
    const inB1 = await makeMember(t.db, tree.branchB1);
    const officerId = (await makeUser(t.db, [])).id;
    /** `n` entries in the state, of the member in the branch. */
    const seed = async (
      n: number,
      state: 'declared' | 'returned' | 'submitted',
      kind: 'normal' | 'adjustment',
      who: { member: typeof inA1; branchId: number },
    ) => {
      for (let i = 0; i < n; i++) {
        const id = await seedApproved(t.db, {
          schemeId,
          member: who.member,
          branchId: who.branchId,
          itemCode: 'P01',
          occurredOn: '2026-11-02',
          points: 200,
          createdBy: officerId,
          kind,
        });
        await t.db.updateTable('points_entry').set({ state }).where('id', '=', id).execute();
      }
    };
    const a1 = { member: inA1, branchId: tree.branchA1.id };
    const b1 = { member: inB1, branchId: tree.branchB1.id };
    await seed(2, 'declared', 'normal', a1);
    await seed(1, 'declared', 'normal', b1);
    await seed(1, 'returned', 'normal', a1);
    await seed(3, 'submitted', 'adjustment', a1);
    await seed(1, 'submitted', 'adjustment', b1);
    await seed(4, 'submitted', 'normal', b1);
    const counts = async (c: Client) =>
      Object.fromEntries(
        ((await c.get('/api/v1/todo')).body.items as { kind: string; count: number }[])
          .filter((i) => i.kind.startsWith('points.') && !i.kind.startsWith('points.quarter'))
          .map((i) => [i.kind, i.count]),
      );
    expect(await counts(sec)).toEqual({ 'points.declarations': 2, 'points.returned': 1 });
    expect(await counts(board)).toEqual({ 'points.adjustments': 4 });
    expect(await counts(countyBoard)).toEqual({ 'points.adjustments': 1 });
    expect(await counts(officer)).toEqual({ 'points.review': 4 });
  });

  it('asks a root admin in November for next year’s holiday arrangement until it is entered', async () => {
    expect(await kinds(admin)).toContain('calendar.next_year');
    await admin.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      payload: { days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
    });
    expect(await kinds(admin)).not.toContain('calendar.next_year');
  });
});
