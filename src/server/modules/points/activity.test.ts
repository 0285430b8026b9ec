import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../../db/types.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';
import { createAdoptedScheme } from './points.fixtures.js';

/**
 * Activities recorded once (SPEC §7): the list of a scope's activities, one activity with who
 * attended and who did not, and the review queue narrowed to one activity's entries so they are
 * approved together.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let secA1: Client;
let secB1: Client;
const members: MemberRow[] = [];
let schemeId = 0;
let activityId = 0;
let entryIds: number[] = [];

const as = async (role: 'affairs' | 'committee' | 'secretary', orgId: number) =>
  login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
  tree = await makeTree(t.db);
  for (let i = 0; i < 6; i++) members.push(await makeMember(t.db, tree.branchA1, { name: `A1党员${i}` }));
  affairs = await as('affairs', tree.root.id);
  secA1 = await as('secretary', tree.branchA1.id);
  secB1 = await as('secretary', tree.branchB1.id);
  schemeId = await createAdoptedScheme(affairs, await as('committee', tree.root.id), tree.root.id, 2026);
  const created = await secA1.post('/api/v1/points/activities', {
    schemeId,
    branchId: tree.branchA1.id,
    title: '3月主题党日',
    kind: '主题党日',
    occurredOn: '2026-03-10',
    itemCode: 'P01',
    // Two of six absent.
    memberIds: members.slice(0, 4).map((m) => m.id),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  activityId = created.body.activityId;
  entryIds = created.body.entryIds;
});
afterAll(() => t.close());

describe('activities', () => {
  it('lists the scope’s activities with their attendance, and none of another branch’s', async () => {
    const list = await secA1.get('/api/v1/points/activities');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: activityId, title: '3月主题党日', attendees: 4 }),
    ]);
    expect([...list.body.items[0].entryIds].sort()).toEqual([...entryIds].sort());
    expect((await secB1.get('/api/v1/points/activities')).body.items).toEqual([]);
  });

  it('shows one activity with who attended and who did not', async () => {
    const one = await affairs.get(`/api/v1/points/activities/${activityId}`);
    expect(one.status).toBe(200);
    expect(one.body.present.map((p: { memberName: string }) => p.memberName).sort()).toEqual(
      members
        .slice(0, 4)
        .map((m) => m.name)
        .sort(),
    );
    expect(one.body.present.every((p: { state: string }) => p.state === 'submitted')).toBe(true);
    expect(one.body.absent.map((p: { memberName: string }) => p.memberName).sort()).toEqual(
      members
        .slice(4)
        .map((m) => m.name)
        .sort(),
    );
    expect((await secB1.get(`/api/v1/points/activities/${activityId}`)).status).toBe(403);
    expect((await affairs.get('/api/v1/points/activities/999999')).status).toBe(404);
  });

  it('narrows the review queue to one activity, whose entries are approved together', async () => {
    const other = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: members[5]?.id,
      itemCode: 'J02',
      occurredOn: '2026-03-11',
      points: 100,
      submit: true,
    });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    const queue = await affairs.get(`/api/v1/points/entries?state=submitted&activityId=${activityId}`);
    expect(queue.body.items.map((e: { id: number }) => e.id).sort()).toEqual([...entryIds].sort());
    const waitingIds = async () =>
      (await affairs.get('/api/v1/points/activities?waiting=true')).body.items.map(
        (a: { id: number }) => a.id,
      );
    expect(await waitingIds()).toEqual([activityId]);
    const bulk = await affairs.post('/api/v1/points/entries/bulk', { ids: entryIds, action: 'approve' });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    const after = await affairs.get(`/api/v1/points/activities/${activityId}`);
    expect(after.body.present.every((p: { state: string }) => p.state === 'approved')).toBe(true);
    expect(await waitingIds()).toEqual([]);
    const left = await affairs.get('/api/v1/points/entries?state=submitted');
    expect(left.body.items.map((e: { id: number }) => e.id)).toEqual([other.body.id]);
  });
});
