import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';
import { createAdoptedScheme } from './points.fixtures.js';

/**
 * A member's own page early in a year: until the new year's scheme is adopted, it shows last
 * year's (the fourth quarter is closed and published in January), not an empty page.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-12-30T02:00:00.000Z') });
});
afterAll(() => t.close());

describe("the member's own page across the new year", () => {
  it("shows last year's scheme until this year's is adopted; a year asked for is that year", async () => {
    const tree = await makeTree(t.db);
    const member = await makeMember(t.db, tree.branchA1, { name: '跨年党员' });
    const accounts = {
      affairs: (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
      committee: (await makeUser(t.db, [{ role: 'committee', orgId: tree.root.id }])).account,
      member: (await makeUser(t.db, [{ role: 'member', orgId: tree.branchA1.id }], member.id)).account,
    };
    const as = (a: string) => login(t.app, a, TEST_PASSWORD);
    const scheme2026 = await createAdoptedScheme(
      await as(accounts.affairs),
      await as(accounts.committee),
      tree.root.id,
      2026,
    );

    t.clock.set('2027-01-04T02:00:00.000Z');
    const affairs = await as(accounts.affairs);
    const me = await as(accounts.member);
    const january = await me.get('/api/v1/points/me');
    expect(january.status).toBe(200);
    expect(january.body.scheme).toMatchObject({ id: scheme2026, year: 2026 });

    // A 2027 draft does not replace the adopted 2026 scheme on the member's page.
    const draft = await affairs.post('/api/v1/points/schemes', {
      rootOrgId: tree.root.id,
      year: 2027,
      name: '2027',
    });
    expect(draft.status).toBe(200);
    expect((await me.get('/api/v1/points/me')).body.scheme).toMatchObject({ id: scheme2026 });
    expect((await me.get('/api/v1/points/me?year=2027')).body.scheme).toMatchObject({ id: draft.body.id });
  });
});
