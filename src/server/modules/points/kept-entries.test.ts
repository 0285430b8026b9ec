import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../../db/types.js';
import type { Role } from '../../../domain/access/roles.js';
import { dataStamp } from '../../lib/data-version.js';
import { keptAnswersOf, keptWorkflowOf } from '../../lib/kept-answers.js';
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
import { createAdoptedScheme } from './points.fixtures.js';

/**
 * The entry lists (the review queue among them) are kept per the entries' workflow version, their
 * waiting days and overdue flags computed per request. The oracle is a fresh app instance opened on
 * the same database after each write (nothing kept there): after every kind of write that changes
 * a list — an entry submitted, approved, returned, rejected, corrected and resubmitted, withdrawn,
 * approved in bulk, a declaration made and confirmed, a member renamed, a quarter closed and
 * published, an appeal lodged and upheld — and after the clock moves a day and then past the
 * overdue setting, every viewer's answer to every list request is the same status and bytes on
 * both instances; kept lists were served, a decision left the boards' kept answers in place, and a
 * write that does not move the version is seen (the kept answer is then stale).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
});
afterAll(() => t.close());

describe('kept entry lists', () => {
  it('equal a fresh computation after every kind of write and as the clock moves, for every viewer', async () => {
    const tree = await makeTree(t.db);
    const members: MemberRow[] = [];
    for (let i = 0; i < 6; i++) members.push(await makeMember(t.db, i % 2 ? tree.branchB1 : tree.branchA1));
    const [m0, m1, m2, , m4] = members as [MemberRow, MemberRow, MemberRow, MemberRow, MemberRow];
    const account = async (role: Role | null, orgId: number, memberId?: number) =>
      (await makeUser(t.db, role ? [{ role, orgId }] : [], memberId)).account;
    const accounts = {
      affairs: await account('affairs', tree.root.id),
      committee: await account('committee', tree.root.id),
      admin: await account('admin', tree.root.id),
      secA1: await account('secretary', tree.branchA1.id),
      secB1: await account('secretary', tree.branchB1.id),
      member: await account(null, tree.branchA1.id, m0.id),
    };
    type Who = keyof typeof accounts;
    let c = {} as Record<Who, Client>;
    const signIn = async () => {
      const next = {} as Record<Who, Client>;
      for (const [who, a] of Object.entries(accounts))
        next[who as Who] = await login(t.app, a, TEST_PASSWORD);
      c = next;
    };
    await signIn();
    const schemeId = await createAdoptedScheme(c.affairs, c.committee, tree.root.id, 2026);
    const s = schemeId;
    const urls = [
      `/api/v1/points/entries?state=submitted&schemeId=${s}&pageSize=50`,
      `/api/v1/points/entries?state=submitted&schemeId=${s}&page=2&pageSize=3`,
      `/api/v1/points/entries?schemeId=${s}`,
      `/api/v1/points/entries?state=returned`,
      `/api/v1/points/entries?state=declared`,
      `/api/v1/points/entries?kind=adjustment`,
      `/api/v1/points/entries?orgId=${tree.branchA1.id}&state=submitted`,
      `/api/v1/points/entries?memberId=${m0.id}`,
      `/api/v1/points/entries?state=submitted&overdueOnly=true`,
      `/api/v1/points/entries?week=2026-W12&schemeId=${s}`,
    ];
    const viewers: Who[] = ['affairs', 'committee', 'admin', 'secA1', 'secB1', 'member'];
    const kept = keptWorkflowOf(t.db);
    /** Every viewer's answer to every list, twice here (the second kept), and on a fresh instance. */
    const expectFresh = async (step: string) => {
      for (const v of viewers) for (const url of urls) await c[v].get(url);
      const fresh = await openInstance(t);
      let ok = 0;
      try {
        for (const v of viewers) {
          const viewer = c[v];
          const other = sessionClient(fresh.app, viewer.account, viewer.sid, viewer.csrf);
          for (const url of urls) {
            const served = await viewer.get(url);
            const computed = await other.get(url);
            expect(`${step} ${v} ${url}: ${served.status} ${served.raw.body}`).toBe(
              `${step} ${v} ${url}: ${computed.status} ${computed.raw.body}`,
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
    const enter = async (sec: Client, m: MemberRow, itemCode: string, occurredOn: string) => {
      const res = await sec.post('/api/v1/points/entries', {
        schemeId,
        memberId: m.id,
        itemCode,
        occurredOn,
        submit: true,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { id: number; rowVersion: number };
    };
    const decide = async (who: Client, id: number, action: string, reason?: string) => {
      const e = await who.get(`/api/v1/points/entries/${id}`);
      const res = await who.post(`/api/v1/points/entries/${id}/actions`, {
        action,
        rowVersion: e.body.rowVersion,
        ...(reason ? { reason } : {}),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };

    expect(await expectFresh('empty')).toBeGreaterThan(0);
    const a = await enter(c.secA1, m0, 'P01', '2026-03-02');
    const b = await enter(c.secA1, m2, 'C01', '2026-03-03');
    const d = await enter(c.secA1, m0, 'D01', '2026-03-04');
    await expectFresh('entered');
    t.clock.advance(3_600_000);
    const e = await enter(c.secB1, m1, 'P01', '2026-03-05');
    await enter(c.secA1, m4, 'P01', '2026-03-09');
    await enter(c.secA1, m2, 'P01', '2026-03-10');
    await expectFresh('entered later');

    // A decision leaves the boards' kept answers alone.
    const boards = keptAnswersOf(t.db);
    await c.affairs.get(`/api/v1/points/board?schemeId=${s}&quarter=2026-Q1`);
    const boardsBefore = boards.size().entries;
    expect(boardsBefore).toBeGreaterThan(0);
    const boardStamp = await dataStamp(t.db);
    await decide(c.affairs, a.id, 'approve');
    expect(await dataStamp(t.db)).toBe(boardStamp);
    expect(boards.size().entries).toBe(boardsBefore);
    await c.affairs.get(`/api/v1/points/board?schemeId=${s}&quarter=2026-Q1`);
    expect(boards.size().entries).toBe(boardsBefore);
    await expectFresh('approved');
    await decide(c.affairs, b.id, 'return', '请补充签到表');
    await expectFresh('returned');
    await decide(c.affairs, d.id, 'reject', '重复录入');
    await expectFresh('rejected');
    const returned = await c.secA1.get(`/api/v1/points/entries/${b.id}`);
    const corrected = await c.secA1.patch(`/api/v1/points/entries/${b.id}`, {
      note: '已补充签到表',
      rowVersion: returned.body.rowVersion,
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    await expectFresh('corrected');
    await decide(c.secA1, b.id, 'resubmit');
    await expectFresh('resubmitted');
    const declared = await c.member.post('/api/v1/points/declarations', {
      schemeId,
      itemCode: 'P01',
      occurredOn: '2026-03-11',
      note: '参加主题党日',
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    await expectFresh('declared');
    await decide(c.secA1, declared.body.id, 'confirm');
    await expectFresh('declaration confirmed');
    const second = await c.member.post('/api/v1/points/declarations', {
      schemeId,
      itemCode: 'P01',
      occurredOn: '2026-03-12',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    await expectFresh('declared again');
    await decide(c.member, second.body.id, 'withdraw');
    await expectFresh('withdrawn');
    const renamed = await c.admin.patch(`/api/v1/members/${m2.id}`, { name: '改名后' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    await expectFresh('member renamed');

    // The clock: a day later, then past the scheme's overdue setting (7 days), the same answers.
    t.clock.advance(86_400_000);
    await signIn();
    await expectFresh('a day later');
    await enter(c.secA1, m4, 'C01', '2026-03-13');
    await expectFresh('entered a day later');
    t.clock.set('2026-03-23T03:30:00.000Z');
    await signIn();
    await expectFresh('overdue');
    const queue = await c.affairs.get(`/api/v1/points/entries?state=submitted&schemeId=${s}&pageSize=50`);
    expect(queue.body.items.some((x: { overdue: boolean }) => x.overdue)).toBe(true);
    expect(queue.body.items.some((x: { overdue: boolean }) => !x.overdue)).toBe(true);

    const bulk = await c.affairs.post('/api/v1/points/entries/bulk', {
      ids: queue.body.items.map((x: { id: number }) => x.id),
      action: 'approve',
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    await expectFresh('bulk approved');

    // The quarter closed and published, then an appeal lodged and upheld (its adjustment waits).
    t.clock.set('2026-04-02T02:00:00.000Z');
    await signIn();
    expect((await c.affairs.post(`/api/v1/points/schemes/${s}/quarters/2026-Q1/close`)).status).toBe(200);
    expect((await c.committee.post(`/api/v1/points/schemes/${s}/quarters/2026-Q1/publish`)).status).toBe(200);
    await expectFresh('published');
    const appeal = await c.member.post('/api/v1/points/appeals', {
      entryId: a.id,
      reason: '我当天请假，有审批记录',
    });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(200);
    await expectFresh('appeal lodged');
    const upheld = await c.affairs.post(`/api/v1/points/appeals/${appeal.body.id}/actions`, {
      action: 'uphold',
      reason: '情况属实',
    });
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    await expectFresh('appeal upheld');

    // A write that does not move the version is not seen by the kept list: the kept list is served.
    const url = urls[2] as string;
    const before = (await c.affairs.get(url)).raw.body;
    await sql`update points_entry set note = ${'改过'} where id = ${e.id}`.execute(t.db);
    expect((await c.affairs.get(url)).raw.body).toBe(before);
    const fresh = await openInstance(t);
    try {
      const other = sessionClient(fresh.app, c.affairs.account, c.affairs.sid, c.affairs.csrf);
      expect((await other.get(url)).raw.body).not.toBe(before);
    } finally {
      await fresh.close();
    }
  }, 600_000);
});
