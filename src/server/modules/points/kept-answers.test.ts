import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow, OrgRow } from '../../../db/types.js';
import type { Role } from '../../../domain/access/roles.js';
import { keptAnswersOf } from '../../lib/kept-answers.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  login,
  openInstance,
  sessionClient,
  type TestApp,
} from '../../test/harness.js';
import {
  closeAndPublish,
  createAdoptedScheme,
  defaultRules,
  seedApproved,
  testItems,
} from './points.fixtures.js';
import { recomputeMemberIfClosed } from './quarter.service.js';

/**
 * The board's route serves answers kept per data version. The oracle is a fresh computation: a
 * second app instance opened on the same database after each write (nothing kept there yet). After
 * every kind of write that changes a board — close, reopen, publication, a member re-scored (what an
 * approved adjustment or upheld appeal does), a scheme's new version adopted, an org renamed or
 * moved, a member renamed or transferred — every viewer's answer to every board request is the same
 * status and the same bytes on both instances; and the kept answers were served (the test would see
 * a write that did not move the version).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-08-10T02:00:00.000Z') });
});
afterAll(() => t.close());

/** A new user with one role at `orgId`, logged in. */
async function signIn(role: Role, orgId: number) {
  return login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
}

describe('kept board answers', () => {
  it('equal a fresh computation after every kind of write, for every viewer', async () => {
    const tree = await makeTree(t.db);
    const affairsUser = await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }]);
    const affairs = await login(t.app, affairsUser.account, TEST_PASSWORD);
    const committee = await signIn('committee', tree.root.id);
    const admin = await signIn('admin', tree.root.id);
    const secretary = await signIn('secretary', tree.branchA1.id);
    const schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
    const branches = [tree.branchA1, tree.branchA2, tree.branchB1];
    const members: { m: MemberRow; branch: OrgRow }[] = [];
    for (let i = 0; i < 18; i++) {
      const branch = branches[i % branches.length] as (typeof branches)[number];
      members.push({ m: await makeMember(t.db, branch, { name: i % 3 ? `李${i}` : `王${i}` }), branch });
    }
    const [first, rescored] = members as [(typeof members)[number], (typeof members)[number]];
    const memberOf = (c: number) => (members[c] as (typeof members)[number]).m;
    const memberA = await login(t.app, (await makeUser(t.db, [], first.m.id)).account, TEST_PASSWORD);
    const memberB = await login(t.app, (await makeUser(t.db, [], memberOf(4).id)).account, TEST_PASSWORD);
    for (const [i, { m, branch }] of members.entries()) {
      for (const [occurredOn, n] of [
        ['2026-02-10', i % 4],
        ['2026-05-10', (i * 5) % 4],
      ] as const) {
        for (let k = 0; k <= n; k++)
          await seedApproved(t.db, {
            schemeId,
            member: m,
            branchId: branch.id,
            itemCode: k % 2 ? 'P01' : 'J01',
            occurredOn,
            points: k % 2 ? 200 : 1000,
            createdBy: affairsUser.id,
          });
      }
    }

    const viewers: Client[] = [affairs, committee, admin, secretary, memberA, memberB];
    const orgs = [tree.root, tree.countyA, tree.countyB, tree.branchA1, tree.branchB1, tree.groupA1];
    const urls = ['2026-Q1', '2026-Q2'].flatMap((quarter) => [
      `/api/v1/points/board?schemeId=${schemeId}&quarter=${quarter}`,
      `/api/v1/points/board?schemeId=${schemeId}&quarter=${quarter}&orgId=${tree.root.id}&pageSize=4&page=2`,
      `/api/v1/points/board?schemeId=${schemeId}&quarter=${quarter}&orgId=${tree.countyA.id}&q=${encodeURIComponent('王')}`,
      ...orgs.map((o) => `/api/v1/points/board?schemeId=${schemeId}&quarter=${quarter}&orgId=${o.id}`),
    ]);
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
            if (served.status === 200) ok++;
          }
        }
      } finally {
        await fresh.close();
      }
      expect(kept.size().entries).toBeGreaterThan(0);
      return ok;
    };

    // Open quarters: empty boards for the officers, refusals for the others.
    await expectFresh('open');
    const closed = await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`);
    expect(closed.status).toBe(200);
    await expectFresh('Q1 closed');
    const reopened = await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/reopen`, {
      reason: '补录',
    });
    expect(reopened.status).toBe(200);
    await expectFresh('Q1 reopened');
    await closeAndPublish(affairs, committee, schemeId, '2026-Q1');
    await expectFresh('Q1 published');
    await closeAndPublish(affairs, committee, schemeId, '2026-Q2');
    expect(await expectFresh('Q2 published')).toBeGreaterThan(60);

    // A member re-scored in a published quarter (an approved adjustment or an upheld appeal).
    await seedApproved(t.db, {
      schemeId,
      member: rescored.m,
      branchId: rescored.branch.id,
      itemCode: 'J01',
      occurredOn: '2026-05-20',
      points: 1000,
      createdBy: affairsUser.id,
      kind: 'adjustment',
    });
    await recomputeMemberIfClosed(t.db, schemeId, '2026-Q2', rescored.m.id, '2026-08-10T02:00:00.000Z');
    await expectFresh('re-scored');

    // A new version adopted: the board's privacy rule comes from the quarter's own version.
    const saved = await affairs.inject({
      method: 'PUT',
      url: `/api/v1/points/schemes/${schemeId}/draft`,
      payload: { rules: { ...defaultRules, boardPrivacy: { showOthersDeductions: true } }, items: testItems },
    });
    expect(saved.statusCode).toBe(200);
    expect((await committee.post(`/api/v1/points/schemes/${schemeId}/adopt`)).status).toBe(200);
    await expectFresh('version adopted');

    // The directory: an org renamed and moved, a member renamed and transferred.
    // The rename goes through another instance (another server on the same database): this one
    // reads the new version and stops serving what it kept.
    const second = await openInstance(t);
    try {
      const elsewhere = sessionClient(second.app, admin.account, admin.sid, admin.csrf);
      expect(
        (await elsewhere.patch(`/api/v1/orgs/${tree.branchA1.id}`, { name: 'A1支部（新）' })).status,
      ).toBe(200);
    } finally {
      await second.close();
    }
    await expectFresh('org renamed on another instance');
    expect(
      (await admin.post(`/api/v1/orgs/${tree.branchA2.id}/move`, { parentId: tree.countyB.id })).status,
    ).toBe(200);
    await expectFresh('org moved');
    expect((await admin.patch(`/api/v1/members/${first.m.id}`, { name: '王改名' })).status).toBe(200);
    await expectFresh('member renamed');
    const moved = await admin.post(`/api/v1/members/${first.m.id}/transfer`, {
      toBranchId: tree.branchB1.id,
      date: '2026-08-10',
    });
    expect(moved.status).toBe(200);
    expect(await expectFresh('member transferred')).toBeGreaterThan(60);

    // The test sees a write that does not move the version: a name changed behind the repos' back
    // leaves the kept answer as it was while a fresh instance shows the new name.
    const url = `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q2&orgId=${tree.root.id}`;
    const before = await committee.get(url);
    // Compressed once and kept so: the same bytes as the JSON once decompressed, twice.
    for (let i = 0; i < 2; i++) {
      const br = await committee.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(before.raw.body);
    }
    await t.db.updateTable('member').set({ name: '未登记的改名' }).where('id', '=', memberOf(3).id).execute();
    const fresh = await openInstance(t);
    try {
      const other = sessionClient(fresh.app, committee.account, committee.sid, committee.csrf);
      expect((await committee.get(url)).raw.body).toBe(before.raw.body);
      expect((await other.get(url)).raw.body).not.toBe(before.raw.body);
    } finally {
      await fresh.close();
    }
  }, 240_000);

  it("the year's results equal a fresh computation after every kind of write, for every viewer", async () => {
    const tree = await makeTree(t.db);
    const affairsUser = await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }]);
    const affairs = await login(t.app, affairsUser.account, TEST_PASSWORD);
    const committee = await signIn('committee', tree.root.id);
    const admin = await signIn('admin', tree.root.id);
    const secretary = await signIn('secretary', tree.branchA1.id);
    const outsider = await signIn('secretary', tree.branchB1.id);
    const schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2025);
    const branches = [tree.branchA1, tree.branchA2, tree.branchB1];
    const members: { m: MemberRow; branch: OrgRow }[] = [];
    for (let i = 0; i < 15; i++) {
      const branch = branches[i % branches.length] as (typeof branches)[number];
      members.push({ m: await makeMember(t.db, branch, { name: `年${i}` }), branch });
    }
    const [first, rescored] = members as [(typeof members)[number], (typeof members)[number]];
    const member = await login(t.app, (await makeUser(t.db, [], first.m.id)).account, TEST_PASSWORD);
    for (const [i, { m, branch }] of members.entries()) {
      for (const [q, occurredOn] of ['2025-02-10', '2025-05-10', '2025-08-10', '2025-11-10'].entries()) {
        if (i === 7 && q > 1) continue;
        await seedApproved(t.db, {
          schemeId,
          member: m,
          branchId: branch.id,
          itemCode: 'J01',
          occurredOn,
          points: 1000 + 100 * ((i * 7 + q) % 5),
          createdBy: affairsUser.id,
        });
      }
    }
    for (const q of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'])
      await closeAndPublish(affairs, committee, schemeId, q);

    const viewers: Client[] = [affairs, committee, admin, secretary, outsider, member];
    const base = `/api/v1/points/schemes/${schemeId}/year`;
    const urls = [
      `${base}/results`,
      `${base}/results?orgId=${tree.root.id}&pageSize=4&page=2`,
      `${base}/results?orgId=${tree.countyA.id}`,
      `${base}/results?orgId=${tree.branchA1.id}&flagged=true`,
      `${base}/results?tier=excellent`,
      `${base}/results?orgId=999999`,
    ];
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
            if (served.status === 200) ok++;
          }
        }
      } finally {
        await fresh.close();
      }
      return ok;
    };
    const step = async (label: string, url: string, body?: object) => {
      const who = url.endsWith('compute') || url.endsWith('submit') ? affairs : committee;
      const res = await who.post(`${base}/${url}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return expectFresh(label);
    };

    await expectFresh('not computed');
    await step('computed', 'compute');
    await step('submitted', 'submit');
    await step('returned', 'return', { reason: '请核对' });
    // A member re-scored after the computation: the stored results stay, their explanation says stale.
    await seedApproved(t.db, {
      schemeId,
      member: rescored.m,
      branchId: rescored.branch.id,
      itemCode: 'J01',
      occurredOn: '2025-11-20',
      points: 1000,
      createdBy: affairsUser.id,
      kind: 'adjustment',
    });
    await recomputeMemberIfClosed(t.db, schemeId, '2025-Q4', rescored.m.id, '2026-08-10T02:00:00.000Z');
    await expectFresh('re-scored');
    await step('computed again', 'compute');
    await step('submitted again', 'submit');
    await step('approved', 'approve');
    expect(await step('published', 'publish')).toBeGreaterThan(12);

    // The directory, through another instance: this one reads the new version.
    const second = await openInstance(t);
    try {
      const elsewhere = sessionClient(second.app, admin.account, admin.sid, admin.csrf);
      expect((await elsewhere.patch(`/api/v1/members/${first.m.id}`, { name: '年改名' })).status).toBe(200);
    } finally {
      await second.close();
    }
    expect(await expectFresh('member renamed on another instance')).toBeGreaterThan(12);

    // A write that does not move the version is seen: the kept answer stays as it was.
    const url = `${base}/results`;
    const before = await committee.get(url);
    await t.db
      .updateTable('points_year_result')
      .set({ annual_score: 1 })
      .where('member_id', '=', first.m.id)
      .execute();
    const fresh = await openInstance(t);
    try {
      const other = sessionClient(fresh.app, committee.account, committee.sid, committee.csrf);
      expect((await committee.get(url)).raw.body).toBe(before.raw.body);
      expect((await other.get(url)).raw.body).not.toBe(before.raw.body);
    } finally {
      await fresh.close();
    }
  }, 240_000);

  it('answers 304 to the entity tag it gave, and gives it only after the permission check', async () => {
    const tree = await makeTree(t.db);
    const affairs = await signIn('affairs', tree.root.id);
    const committee = await signIn('committee', tree.root.id);
    const outsider = await signIn('secretary', tree.branchB1.id);
    const schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2025);
    const url = `/api/v1/points/board?schemeId=${schemeId}&quarter=2025-Q1&orgId=${tree.countyA.id}`;
    const first = await committee.get(url);
    expect(first.status).toBe(200);
    const etag = String(first.raw.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await committee.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Someone who may not read the board gets the refusal, tag or not.
    const refused = await outsider.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(refused.statusCode).toBe(403);
  });
});
