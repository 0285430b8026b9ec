import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberListResponse } from '../../../contracts/member.js';
import type { Role } from '../../../domain/access/roles.js';
import { keptAnswersOf } from '../../lib/kept-answers.js';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  login,
  openInstance,
  sessionClient,
  type TestApp,
} from '../../test/harness.js';

/**
 * The member list's route serves answers kept per data version. The oracle is a fresh computation:
 * a second app instance opened on the same database after each write (nothing kept there yet).
 * After every kind of write that changes a list — a member added, edited, transferred, deactivated;
 * an org renamed or moved, on this instance or another — every viewer's answer to every list
 * request is the same status and the same bytes on both instances, and it parses with the
 * contract's schema; and the kept answers were served (the test would see a write that did not
 * move the version).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function signIn(role: Role, orgId: number) {
  return login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
}

describe('kept member lists', () => {
  it('equal a fresh computation after every kind of write, for every viewer', async () => {
    const tree = await makeTree(t.db);
    const admin = await signIn('admin', tree.root.id);
    const county = await signIn('affairs', tree.countyA.id);
    const secretary = await signIn('secretary', tree.branchA1.id);
    const outsider = await signIn('secretary', tree.branchB1.id);
    const branches = [tree.branchA1, tree.branchA2, tree.branchB1];
    const members = [];
    for (let i = 0; i < 12; i++) {
      const branch = branches[i % branches.length] as (typeof branches)[number];
      members.push(await makeMember(t.db, branch, { name: i % 3 ? `李${i}` : `王${i}` }));
    }
    const [first, second, third] = members as [
      (typeof members)[number],
      (typeof members)[number],
      (typeof members)[number],
    ];
    const cursor = Buffer.from(first.employee_no, 'utf8').toString('base64url');
    const viewers: Client[] = [admin, county, secretary, outsider];
    const urls = [
      '/api/v1/members?pageSize=5',
      `/api/v1/members?orgId=${tree.root.id}&pageSize=4&page=2`,
      `/api/v1/members?orgId=${tree.countyA.id}`,
      `/api/v1/members?orgId=${tree.countyA.id}&q=${encodeURIComponent('王')}`,
      `/api/v1/members?orgId=${tree.countyA.id}&page=9`,
      `/api/v1/members?orgId=${tree.branchA1.id}&includeInactive=true`,
      `/api/v1/members?orgId=${tree.branchB1.id}&status=full&isPartyMember=true`,
      `/api/v1/members?orgId=${tree.root.id}&after=${cursor}&pageSize=3`,
      `/api/v1/members?orgId=${tree.root.id}&after=not-a-cursor`,
      '/api/v1/members?orgId=987654321',
    ];
    const kept = keptAnswersOf(t.db);
    /** Every viewer's answer to every request, twice on this instance (the second kept), and on a fresh one. */
    const expectFresh = async (step: string) => {
      for (const viewer of viewers) for (const url of urls) await viewer.get(url);
      const fresh = await openInstance(t);
      let ok = 0;
      try {
        for (const viewer of viewers) {
          const other = sessionClient(fresh.app, viewer.account, viewer.sid, viewer.csrf);
          for (const url of urls) {
            const served = await viewer.get(url);
            const computed = await other.get(url);
            expect(`${step}: ${served.status} ${served.raw.body}`).toBe(
              `${step}: ${computed.status} ${computed.raw.body}`,
            );
            if (served.status === 200) {
              ok++;
              // Kept text is the contract's shape: it parses, and parsing changes nothing.
              const parsed = memberListResponse.parse(JSON.parse(served.raw.body));
              expect(JSON.stringify(parsed)).toBe(served.raw.body);
            }
          }
        }
      } finally {
        await fresh.close();
      }
      expect(kept.size().entries).toBeGreaterThan(0);
      return ok;
    };

    expect(await expectFresh('seeded')).toBeGreaterThan(12);
    const added = await admin.post('/api/v1/members', {
      employeeNo: uniq('E'),
      name: '王新来',
      gender: 'F',
      birthDate: '1990-04-12',
      status: 'probationary',
      joinDate: '2025-07-01',
      fullDate: null,
      branchId: tree.branchA1.id,
      post: null,
      phone: null,
    });
    expect(added.status).toBe(200);
    await expectFresh('member added');
    expect(
      (await admin.patch(`/api/v1/members/${first.id}`, { name: '王改名', phone: '13900000000' })).status,
    ).toBe(200);
    await expectFresh('member edited');
    const moved = await admin.post(`/api/v1/members/${second.id}/transfer`, {
      toBranchId: tree.branchB1.id,
      date: '2026-08-10',
    });
    expect(moved.status).toBe(200);
    await expectFresh('member transferred');
    const gone = await admin.post(`/api/v1/members/${third.id}/deactivate`, {
      date: '2026-08-10',
      reason: '退休',
    });
    expect(gone.status).toBe(200);
    await expectFresh('member deactivated');
    // The rename goes through another instance (another server on the same database): this one
    // reads the new version and stops serving what it kept.
    const elsewhere = await openInstance(t);
    try {
      const other = sessionClient(elsewhere.app, admin.account, admin.sid, admin.csrf);
      expect((await other.patch(`/api/v1/orgs/${tree.branchA1.id}`, { name: 'A1支部（新）' })).status).toBe(
        200,
      );
    } finally {
      await elsewhere.close();
    }
    await expectFresh('org renamed on another instance');
    const newCounty = await makeOrg(t.db, 'committee', tree.root, 'C县党委');
    expect(
      (await admin.post(`/api/v1/orgs/${tree.branchA2.id}/move`, { parentId: newCounty.id })).status,
    ).toBe(200);
    expect(await expectFresh('org moved')).toBeGreaterThan(12);

    // The test sees a write that does not move the version: a name changed behind the repos' back
    // leaves the kept answer as it was while a fresh instance shows the new name.
    const url = `/api/v1/members?orgId=${tree.countyA.id}`;
    const before = await county.get(url);
    await t.db.updateTable('member').set({ name: '未登记的改名' }).where('id', '=', first.id).execute();
    const fresh = await openInstance(t);
    try {
      const other = sessionClient(fresh.app, county.account, county.sid, county.csrf);
      expect((await county.get(url)).raw.body).toBe(before.raw.body);
      expect((await other.get(url)).raw.body).not.toBe(before.raw.body);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('checks the viewer on every request, kept answer or not', async () => {
    const tree = await makeTree(t.db);
    await makeMember(t.db, tree.branchA1);
    const county = await signIn('affairs', tree.countyA.id);
    const outsider = await signIn('secretary', tree.branchB1.id);
    const url = `/api/v1/members?orgId=${tree.branchA1.id}`;
    const first = await county.get(url);
    expect(first.status).toBe(200);
    const etag = String(first.raw.headers.etag);
    const again = await county.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    const refused = await outsider.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(refused.statusCode).toBe(403);
    // Past the last page the count comes on its own: the same total, no rows.
    const pastEnd = await county.get(`${url}&page=50`);
    expect(pastEnd.body).toMatchObject({ items: [], total: first.body.total, nextCursor: null });
    expect(first.body.total).toBe(1);
  });
});
