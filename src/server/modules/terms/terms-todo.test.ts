import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';

/**
 * The affairs department's to-do to publish the year's 节气 calendar (SPEC §4 "The affairs
 * department publishes the year's calendar"): shown while no calendar covering its org is
 * published (a draft does not count), overdue once the year has begun, gone once published;
 * from December next year's is asked for too. Another organisation's affairs department keeps
 * its own item; a secretary never sees it.
 */
const clock = fixedClock('2026-01-03T02:00:00.000Z');
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
const c: Record<string, Client> = {};
const accounts: Record<string, string> = {};

async function relogin() {
  for (const [who, account] of Object.entries(accounts)) c[who] = await login(t.app, account, TEST_PASSWORD);
}
const cl = (who: string): Client => {
  const x = c[who];
  if (!x) throw new Error(`no client ${who}`);
  return x;
};
const ok = (res: { status: number; body: Json }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const publishItems = async (who: string) =>
  (ok(await cl(who).get('/api/v1/todo')).items as Json[]).filter((i) => i.kind === 'terms.publish');

beforeAll(async () => {
  t = await createTestApp({ clock });
  tree = await makeTree(t.db);
  const other = await makeOrg(t.db, 'committee', null, '另一党委');
  for (const [who, role, orgId] of [
    ['affairs', 'affairs', tree.root.id],
    ['affairsCounty', 'affairs', tree.countyA.id],
    ['otherAffairs', 'affairs', other.id],
    ['secretary', 'secretary', tree.branchA1.id],
  ] as const)
    accounts[who] = (await makeUser(t.db, [{ role, orgId }])).account;
  await relogin();
});
afterAll(() => t.close());

describe('the to-do to publish the 节气 calendar', () => {
  it('asks the affairs department while the year’s calendar is not published, overdue in the year', async () => {
    const [item] = await publishItems('affairs');
    expect(item).toMatchObject({
      count: 1,
      due: '2026-01-01',
      overdue: true,
      link: '/terms/calendar',
      orgId: tree.root.id,
    });
    expect(item.title['zh-CN']).toContain('2026');
    expect(await publishItems('secretary')).toEqual([]);
    expect(await publishItems('otherAffairs')).toHaveLength(1);
  });

  it('a draft keeps the item; publishing removes it for the org and the orgs below, not for another organisation', async () => {
    const draft = ok(
      await cl('affairs').post('/api/v1/terms/calendars', { orgId: tree.root.id, year: 2026 }),
    );
    expect(await publishItems('affairs')).toHaveLength(1);
    expect(await publishItems('affairsCounty')).toHaveLength(1);
    ok(await cl('affairs').post(`/api/v1/terms/calendars/${draft.id}/publish`));
    expect(await publishItems('affairs')).toEqual([]);
    expect(await publishItems('affairsCounty')).toEqual([]);
    expect(await publishItems('otherAffairs')).toHaveLength(1);
  });

  it('from December asks for next year’s calendar, not yet overdue', async () => {
    clock.set('2026-12-02T02:00:00.000Z');
    await relogin();
    const items = await publishItems('affairs');
    expect(items.map((i) => [i.due, i.overdue])).toEqual([['2027-01-01', false]]);
    expect((await publishItems('otherAffairs')).map((i) => i.due)).toEqual(['2026-01-01', '2027-01-01']);
  });
});
