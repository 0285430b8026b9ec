import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../../db/types.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';
import { createAdoptedScheme, pointsFootprint, relogin } from './points.fixtures.js';

/**
 * Appeals (申诉) through the API: a member appeals their own approved entry of a published
 * quarter within 10 days; affairs decides; an upheld appeal becomes an adjustment the committee
 * approves, which recomputes the board — and the entry, the appeal and the adjustment all stay.
 * Every test builds its own committee, members, scheme and quarter ({@link world}), so any test
 * runs alone or in any order.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
});
afterAll(() => t.close());

interface World {
  tree: Awaited<ReturnType<typeof makeTree>>;
  schemeId: number;
  m: MemberRow[];
  e: Record<string, number>;
  affairs: Client;
  committee: Client;
  secA1: Client;
  secB1: Client;
  member: Client;
  otherMember: Client;
}

/**
 * A committee of its own with a 2026 scheme: member m[0] has an approved entry of each kind the
 * tests appeal (a rejected one too), m[1] three 主题党日; 2026-Q1 closed on 2 April, and
 * published unless `publish: false`. The clock is left at 2 April 2026, 10:00 in Beijing.
 */
async function world({ publish = true }: { publish?: boolean } = {}): Promise<World> {
  t.clock.set('2026-03-16T02:00:00.000Z');
  const tree = await makeTree(t.db);
  const m: MemberRow[] = [];
  for (let i = 0; i < 3; i++) m.push(await makeMember(t.db, tree.branchA1, { name: `A1党员${i}` }));
  const bMember = await makeMember(t.db, tree.branchB1, { name: 'B1党员' });
  const account = async (
    role: 'affairs' | 'committee' | 'secretary' | 'member',
    orgId: number,
    memberId?: number,
  ) => (await makeUser(t.db, [{ role, orgId }], memberId)).account;
  const accounts = {
    affairs: await account('affairs', tree.root.id),
    committee: await account('committee', tree.root.id),
    secA1: await account('secretary', tree.branchA1.id),
    secB1: await account('secretary', tree.branchB1.id),
    member: await account('member', tree.branchA1.id, m[0]?.id),
    otherMember: await account('member', tree.branchB1.id, bMember.id),
  };
  const as = (a: string) => login(t.app, a, TEST_PASSWORD);
  let affairs = await as(accounts.affairs);
  let committee = await as(accounts.committee);
  let secA1 = await as(accounts.secA1);
  const schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
  const enter = async (memberRow: MemberRow, itemCode: string, occurredOn: string, quantity = 1) => {
    const res = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: memberRow.id,
      itemCode,
      occurredOn,
      quantity,
      submit: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.id as number;
  };
  const m0 = m[0] as MemberRow;
  const e: Record<string, number> = {};
  e.bonus = await enter(m0, 'P01', '2026-03-02');
  e.absence = await enter(m0, 'D01', '2026-03-03');
  e.dismissMe = await enter(m0, 'C01', '2026-03-04');
  e.rejected = await enter(m0, 'C01', '2026-03-05');
  e.withdrawMe = await enter(m0, 'C01', '2026-03-06');
  e.race = await enter(m0, 'P01', '2026-03-07');
  e.late = await enter(m0, 'C01', '2026-03-08');
  e.others = await enter(m[1] as MemberRow, 'P01', '2026-03-02', 3);
  const rejected = await affairs.get(`/api/v1/points/entries/${e.rejected}`);
  await affairs.post(`/api/v1/points/entries/${e.rejected}/actions`, {
    action: 'reject',
    reason: '重复录入',
    rowVersion: rejected.body.rowVersion,
  });
  const approve = Object.entries(e)
    .filter(([k]) => k !== 'rejected')
    .map(([, id]) => id);
  expect(
    (await affairs.post('/api/v1/points/entries/bulk', { ids: approve, action: 'approve' })).status,
  ).toBe(200);
  // The quarter has ended: sessions of March have expired, so everyone logs in again.
  t.clock.set('2026-04-02T02:00:00.000Z');
  affairs = await as(accounts.affairs);
  committee = await as(accounts.committee);
  secA1 = await as(accounts.secA1);
  expect((await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`)).status).toBe(200);
  if (publish) {
    const res = await committee.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/publish`);
    expect(res.status).toBe(200);
  }
  return {
    tree,
    schemeId,
    m,
    e,
    affairs,
    committee,
    secA1,
    secB1: await as(accounts.secB1),
    member: await as(accounts.member),
    otherMember: await as(accounts.otherMember),
  };
}

const appeal = (c: Client, entryId: number | undefined, reason = '我当天请假，有审批记录') =>
  c.post('/api/v1/points/appeals', { entryId, reason });
const act = (c: Client, id: number, action: string, reason?: string) =>
  c.post(`/api/v1/points/appeals/${id}/actions`, reason === undefined ? { action } : { action, reason });
const boardRow = async (w: World, memberId: number) =>
  (
    await w.member.get(
      `/api/v1/points/board?schemeId=${w.schemeId}&quarter=2026-Q1&orgId=${w.tree.branchA1.id}`,
    )
  ).body.items.find((r: Json) => r.memberId === memberId);
/** The member's appeal of an entry, lodged; its id. */
const lodged = async (w: World, key: string) => {
  const res = await appeal(w.member, w.e[key]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as number;
};

describe('lodging an appeal', () => {
  it('is refused before the quarter is published, and nothing is written', async () => {
    const w = await world({ publish: false });
    const before = await pointsFootprint(t.db);
    const res = await appeal(w.member, w.e.absence);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('quarter_not_published');
    expect(await pointsFootprint(t.db)).toEqual(before);
    expect(
      (await w.committee.post(`/api/v1/points/schemes/${w.schemeId}/quarters/2026-Q1/publish`)).status,
    ).toBe(200);
    expect((await appeal(w.member, w.e.absence)).status).toBe(200);
  });

  it('a member cannot appeal someone else’s entry, a rejected entry, or without a reason', async () => {
    const w = await world();
    const before = await pointsFootprint(t.db);
    expect((await appeal(w.member, w.e.others)).status).toBe(403);
    expect((await appeal(w.otherMember, w.e.absence)).status).toBe(403);
    expect((await appeal(w.secA1, w.e.absence)).status).toBe(403);
    const rejected = await appeal(w.member, w.e.rejected);
    expect(rejected.status).toBe(409);
    expect(rejected.body.error.code).toBe('entry_not_appealable');
    expect((await appeal(w.member, w.e.absence, '  ')).status).toBe(400);
    expect((await appeal(w.member, 999_999)).status).toBe(404);
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('a member appeals their own approved entry: open, with its deadline; one open appeal per entry', async () => {
    const w = await world();
    const res = await appeal(w.member, w.e.absence);
    expect(res.status).toBe(200);
    const id = res.body.id;
    expect(res.body).toMatchObject({
      entryId: w.e.absence,
      itemCode: 'D01',
      itemName: '无故缺席组织生活',
      direction: 'deduction',
      points: 300,
      memberId: (w.m[0] as MemberRow).id,
      state: 'open',
      quarter: '2026-Q1',
      deadline: '2026-04-12',
      actions: ['withdraw'],
    });
    const entry = await t.db
      .selectFrom('points_entry')
      .select('appeal_id')
      .where('id', '=', w.e.absence as number)
      .executeTakeFirstOrThrow();
    expect(entry.appeal_id).toBe(id);
    const before = await pointsFootprint(t.db);
    const again = await appeal(w.member, w.e.absence, '补充说明');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('appeal_exists');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('two appeals of one entry at the same moment: exactly one is lodged', async () => {
    const w = await world();
    const results = await Promise.all([0, 1, 2].map(() => appeal(w.member, w.e.race)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual([
      'appeal_exists',
      'appeal_exists',
    ]);
  });
});

describe('who sees appeals', () => {
  it('the member their own, the branch secretary their branch, affairs and the committee their subtree', async () => {
    const w = await world();
    const absence = await lodged(w, 'absence');
    await lodged(w, 'race');
    expect((await w.member.get('/api/v1/points/appeals')).body.total).toBe(2);
    expect((await w.secA1.get('/api/v1/points/appeals')).body.total).toBe(2);
    expect((await w.affairs.get('/api/v1/points/appeals?state=open')).body.total).toBe(2);
    expect((await w.committee.get(`/api/v1/points/appeals?schemeId=${w.schemeId}`)).body.total).toBe(2);
    expect((await w.secB1.get('/api/v1/points/appeals')).body.total).toBe(0);
    expect((await w.otherMember.get('/api/v1/points/appeals')).body.total).toBe(0);
    expect((await w.otherMember.get(`/api/v1/points/appeals/${absence}`)).status).toBe(403);
    expect((await w.secB1.get(`/api/v1/points/appeals/${absence}`)).status).toBe(403);
    const forAffairs = await w.affairs.get(`/api/v1/points/appeals/${absence}`);
    expect(forAffairs.body.actions.sort()).toEqual(['dismiss', 'uphold']);
    expect((await w.secA1.get(`/api/v1/points/appeals/${absence}`)).body.actions).toEqual([]);
  });
});

describe('deciding', () => {
  it('only affairs decides, always with a reason; secretaries, the committee and the member cannot', async () => {
    const w = await world();
    const id = await lodged(w, 'absence');
    const before = await pointsFootprint(t.db);
    expect((await act(w.secA1, id, 'uphold', '属实')).status).toBe(403);
    expect((await act(w.committee, id, 'uphold', '属实')).status).toBe(403);
    expect((await act(w.member, id, 'uphold', '属实')).status).toBe(403);
    expect((await act(w.otherMember, id, 'withdraw')).status).toBe(403);
    const noReason = await act(w.affairs, id, 'uphold');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('reason_required');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('upheld: an adjustment cancelling the entry goes to the committee; once approved the board is recomputed, history kept', async () => {
    const w = await world();
    const id = await lodged(w, 'absence');
    const m0 = (w.m[0] as MemberRow).id;
    // 60 + 主题党日 2×2 + 志愿服务 3×1 − 缺席 3 = 64; m1 has 66 and ranks first.
    expect(await boardRow(w, m0)).toMatchObject({ total: 6400, rank: 2 });
    const upheld = await act(w.affairs, id, 'uphold', '经核实当天请假，扣分撤销');
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({
      state: 'upheld',
      decisionReason: '经核实当天请假，扣分撤销',
      decidedByAccount: w.affairs.account,
      adjustmentState: 'submitted',
      actions: [],
    });
    const adjId = upheld.body.adjustmentEntryId as number;
    const adj = await w.committee.get(`/api/v1/points/entries/${adjId}`);
    expect(adj.body).toMatchObject({
      kind: 'adjustment',
      state: 'submitted',
      revokesEntryId: w.e.absence,
      occurredOn: '2026-03-03',
      quarter: '2026-Q1',
      points: 300,
      itemCode: 'D01',
    });
    expect(adj.body.actions).toEqual(expect.arrayContaining(['approve', 'return', 'reject']));
    const adjRow = await t.db
      .selectFrom('points_entry')
      .select('appeal_id')
      .where('id', '=', adjId)
      .executeTakeFirstOrThrow();
    expect(adjRow.appeal_id).toBe(id);
    // Nothing counts until the committee approves.
    expect((await boardRow(w, m0)).total).toBe(6400);
    const approved = await w.committee.post(`/api/v1/points/entries/${adjId}/actions`, {
      action: 'approve',
      rowVersion: adj.body.rowVersion,
    });
    expect(approved.body.state).toBe('approved');
    expect(await boardRow(w, m0)).toMatchObject({ total: 6700, rank: 1 });
    const explained = await w.member.get(
      `/api/v1/points/schemes/${w.schemeId}/quarters/2026-Q1/members/${m0}/explain`,
    );
    const d01 = explained.body.explanation.items.find((i: Json) => i.itemCode === 'D01');
    expect(d01.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entryId: w.e.absence, revokedBy: adjId, counted: 0 }),
        expect.objectContaining({ entryId: adjId, revokes: w.e.absence, counted: 0 }),
      ]),
    );
    // History kept: the appealed entry is still approved, the appeal still upheld.
    expect((await w.member.get(`/api/v1/points/entries/${w.e.absence}`)).body.state).toBe('approved');
    expect((await w.member.get(`/api/v1/points/appeals/${id}`)).body).toMatchObject({
      state: 'upheld',
      adjustmentState: 'approved',
    });
    // The cancelled entry cannot be appealed, nor cancelled, again.
    const before = await pointsFootprint(t.db);
    const again = await appeal(w.member, w.e.absence);
    expect(again.body.error.code).toBe('entry_already_revoked');
    const secondCancel = await w.secA1.post('/api/v1/points/entries', {
      schemeId: w.schemeId,
      memberId: m0,
      itemCode: 'D01',
      occurredOn: '2026-03-03',
      kind: 'adjustment',
      revokesEntryId: w.e.absence,
    });
    expect(secondCancel.body.error.code).toBe('entry_already_revoked');
    expect((await appeal(w.member, adjId)).body.error.code).toBe('entry_not_appealable');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('a decided appeal cannot be decided again', async () => {
    const w = await world();
    const id = await lodged(w, 'absence');
    expect((await act(w.affairs, id, 'uphold', '属实')).status).toBe(200);
    const res = await act(w.affairs, id, 'dismiss', '改判');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_transition');
  });

  it('dismissed: the reason is kept and the score does not move', async () => {
    const w = await world();
    const m0 = (w.m[0] as MemberRow).id;
    const scoreBefore = (await boardRow(w, m0)).total;
    expect(scoreBefore).toBe(6400);
    const res = await appeal(w.member, w.e.dismissMe, '志愿服务应计两次');
    const dismissed = await act(w.affairs, res.body.id, 'dismiss', '只有一次签到记录');
    expect(dismissed.body).toMatchObject({
      state: 'dismissed',
      decisionReason: '只有一次签到记录',
      adjustmentEntryId: null,
    });
    expect((await boardRow(w, m0)).total).toBe(scoreBefore);
  });

  it('withdrawn by the member, not by affairs; the entry may then be appealed again', async () => {
    const w = await world();
    const id = await lodged(w, 'withdrawMe');
    expect((await act(w.affairs, id, 'withdraw')).status).toBe(403);
    const withdrawn = await act(w.member, id, 'withdraw');
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', decisionReason: null });
    expect((await appeal(w.member, w.e.withdrawMe)).status).toBe(200);
  });
});

describe('the appeal window', () => {
  it('is open on the 10th day after publication (Beijing time) and closed after it, with nothing written', async () => {
    const w = await world();
    t.clock.set('2026-04-12T15:00:00.000Z'); // 23:00 on 12 April in Beijing
    let member = await relogin(t, w.member);
    const lastDay = await appeal(member, w.e.late);
    expect(lastDay.status).toBe(200);
    await act(member, lastDay.body.id, 'withdraw');
    t.clock.set('2026-04-12T16:30:00.000Z'); // 00:30 on 13 April in Beijing
    member = await relogin(t, member);
    const before = await pointsFootprint(t.db);
    const late = await appeal(member, w.e.late);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('appeal_window_closed');
    expect(late.body.error.details).toMatchObject({ publishedOn: '2026-04-02', deadline: '2026-04-12' });
    expect(late.body.error.message).toContain('2026-04-12');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('every lodging and decision is in the audit log', async () => {
    const w = await world();
    const upheld = await lodged(w, 'absence');
    await act(w.affairs, upheld, 'uphold', '属实');
    const dismissed = await lodged(w, 'dismissMe');
    await act(w.affairs, dismissed, 'dismiss', '无记录');
    const withdrawn = await lodged(w, 'withdrawMe');
    await act(w.member, withdrawn, 'withdraw');
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'points_appeal')
      .orderBy('seq')
      .execute();
    const of = (id: number) => rows.filter((r) => r.entity_id === String(id)).map((r) => r.action);
    expect(of(upheld)).toEqual(['points.appeal.create', 'points.appeal.uphold']);
    expect(of(dismissed)).toEqual(['points.appeal.create', 'points.appeal.dismiss']);
    expect(of(withdrawn)).toEqual(['points.appeal.create', 'points.appeal.withdraw']);
  });
});
