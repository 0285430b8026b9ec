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
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let committee: Client;
let secA1: Client;
let secB1: Client;
let member: Client;
let otherMember: Client;
let schemeId = 0;
const m: MemberRow[] = [];
const e: Record<string, number> = {};

const appeal = (c: Client, entryId: number, reason = '我当天请假，有审批记录') =>
  c.post('/api/v1/points/appeals', { entryId, reason });
const act = (c: Client, id: number, action: string, reason?: string) =>
  c.post(`/api/v1/points/appeals/${id}/actions`, reason === undefined ? { action } : { action, reason });
const boardRow = async (c: Client, memberId: number) =>
  (
    await c.get(`/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1&orgId=${tree.branchA1.id}`)
  ).body.items.find((r: Json) => r.memberId === memberId);

async function enter(
  memberRow: MemberRow,
  itemCode: string,
  occurredOn: string,
  quantity = 1,
): Promise<number> {
  const res = await secA1.post('/api/v1/points/entries', {
    schemeId,
    memberId: memberRow.id,
    itemCode,
    occurredOn,
    quantity,
    submit: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
  tree = await makeTree(t.db);
  for (let i = 0; i < 3; i++) m.push(await makeMember(t.db, tree.branchA1, { name: `A1党员${i}` }));
  const bMember = await makeMember(t.db, tree.branchB1, { name: 'B1党员' });
  const client = async (
    role: 'affairs' | 'committee' | 'secretary' | 'member',
    orgId: number,
    memberId?: number,
  ) => login(t.app, (await makeUser(t.db, [{ role, orgId }], memberId)).account, TEST_PASSWORD);
  affairs = await client('affairs', tree.root.id);
  committee = await client('committee', tree.root.id);
  secA1 = await client('secretary', tree.branchA1.id);
  secB1 = await client('secretary', tree.branchB1.id);
  member = await client('member', tree.branchA1.id, m[0]?.id);
  otherMember = await client('member', tree.branchB1.id, bMember.id);
  schemeId = await createAdoptedScheme(affairs, committee, tree.root.id, 2026);
  const m0 = m[0] as MemberRow;
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
  t.clock.set('2026-04-02T02:00:00.000Z');
  affairs = await relogin(t, affairs);
  committee = await relogin(t, committee);
  secA1 = await relogin(t, secA1);
  secB1 = await relogin(t, secB1);
  member = await relogin(t, member);
  otherMember = await relogin(t, otherMember);
  expect((await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`)).status).toBe(200);
});
afterAll(() => t.close());

let absenceAppeal = 0;

describe('lodging an appeal', () => {
  it('is refused before the quarter is published, and nothing is written', async () => {
    const before = await pointsFootprint(t.db);
    const res = await appeal(member, e.absence as number);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('quarter_not_published');
    expect(await pointsFootprint(t.db)).toEqual(before);
    expect((await committee.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/publish`)).status).toBe(
      200,
    );
  });

  it('a member cannot appeal someone else’s entry, a rejected entry, or without a reason', async () => {
    const before = await pointsFootprint(t.db);
    expect((await appeal(member, e.others as number)).status).toBe(403);
    expect((await appeal(otherMember, e.absence as number)).status).toBe(403);
    expect((await appeal(secA1, e.absence as number)).status).toBe(403);
    const rejected = await appeal(member, e.rejected as number);
    expect(rejected.status).toBe(409);
    expect(rejected.body.error.code).toBe('entry_not_appealable');
    expect((await appeal(member, e.absence as number, '  ')).status).toBe(400);
    expect((await appeal(member, 999_999)).status).toBe(404);
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('a member appeals their own approved entry: open, with its deadline; one open appeal per entry', async () => {
    const res = await appeal(member, e.absence as number);
    expect(res.status).toBe(200);
    absenceAppeal = res.body.id;
    expect(res.body).toMatchObject({
      entryId: e.absence,
      itemCode: 'D01',
      itemName: '无故缺席组织生活',
      direction: 'deduction',
      points: 300,
      memberId: (m[0] as MemberRow).id,
      state: 'open',
      quarter: '2026-Q1',
      deadline: '2026-04-12',
      actions: ['withdraw'],
    });
    const entry = await t.db
      .selectFrom('points_entry')
      .select('appeal_id')
      .where('id', '=', e.absence as number)
      .executeTakeFirstOrThrow();
    expect(entry.appeal_id).toBe(absenceAppeal);
    const before = await pointsFootprint(t.db);
    const again = await appeal(member, e.absence as number, '补充说明');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('appeal_exists');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('two appeals of one entry at the same moment: exactly one is lodged', async () => {
    const results = await Promise.all([0, 1, 2].map(() => appeal(member, e.race as number)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual([
      'appeal_exists',
      'appeal_exists',
    ]);
  });
});

describe('who sees appeals', () => {
  it('the member their own, the branch secretary their branch, affairs and the committee their subtree', async () => {
    expect((await member.get('/api/v1/points/appeals')).body.total).toBe(2);
    expect((await secA1.get('/api/v1/points/appeals')).body.total).toBe(2);
    expect((await affairs.get('/api/v1/points/appeals?state=open')).body.total).toBe(2);
    expect((await committee.get(`/api/v1/points/appeals?schemeId=${schemeId}`)).body.total).toBe(2);
    expect((await secB1.get('/api/v1/points/appeals')).body.total).toBe(0);
    expect((await otherMember.get('/api/v1/points/appeals')).body.total).toBe(0);
    expect((await otherMember.get(`/api/v1/points/appeals/${absenceAppeal}`)).status).toBe(403);
    expect((await secB1.get(`/api/v1/points/appeals/${absenceAppeal}`)).status).toBe(403);
    const forAffairs = await affairs.get(`/api/v1/points/appeals/${absenceAppeal}`);
    expect(forAffairs.body.actions.sort()).toEqual(['dismiss', 'uphold']);
    expect((await secA1.get(`/api/v1/points/appeals/${absenceAppeal}`)).body.actions).toEqual([]);
  });
});

describe('deciding', () => {
  it('only affairs decides, always with a reason; secretaries, the committee and the member cannot', async () => {
    const before = await pointsFootprint(t.db);
    expect((await act(secA1, absenceAppeal, 'uphold', '属实')).status).toBe(403);
    expect((await act(committee, absenceAppeal, 'uphold', '属实')).status).toBe(403);
    expect((await act(member, absenceAppeal, 'uphold', '属实')).status).toBe(403);
    expect((await act(otherMember, absenceAppeal, 'withdraw')).status).toBe(403);
    const noReason = await act(affairs, absenceAppeal, 'uphold');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('reason_required');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('upheld: an adjustment cancelling the entry goes to the committee; once approved the board is recomputed, history kept', async () => {
    const m0 = (m[0] as MemberRow).id;
    // 60 + 主题党日 2×2 + 志愿服务 3×1 − 缺席 3 = 64; m1 has 66 and ranks first.
    expect(await boardRow(member, m0)).toMatchObject({ total: 6400, rank: 2 });
    const upheld = await act(affairs, absenceAppeal, 'uphold', '经核实当天请假，扣分撤销');
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({
      state: 'upheld',
      decisionReason: '经核实当天请假，扣分撤销',
      decidedByAccount: affairs.account,
      adjustmentState: 'submitted',
      actions: [],
    });
    const adjId = upheld.body.adjustmentEntryId as number;
    const adj = await committee.get(`/api/v1/points/entries/${adjId}`);
    expect(adj.body).toMatchObject({
      kind: 'adjustment',
      state: 'submitted',
      revokesEntryId: e.absence,
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
    expect(adjRow.appeal_id).toBe(absenceAppeal);
    // Nothing counts until the committee approves.
    expect((await boardRow(member, m0)).total).toBe(6400);
    const approved = await committee.post(`/api/v1/points/entries/${adjId}/actions`, {
      action: 'approve',
      rowVersion: adj.body.rowVersion,
    });
    expect(approved.body.state).toBe('approved');
    expect(await boardRow(member, m0)).toMatchObject({ total: 6700, rank: 1 });
    const explained = await member.get(
      `/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/members/${m0}/explain`,
    );
    const d01 = explained.body.explanation.items.find((i: Json) => i.itemCode === 'D01');
    expect(d01.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entryId: e.absence, revokedBy: adjId, counted: 0 }),
        expect.objectContaining({ entryId: adjId, revokes: e.absence, counted: 0 }),
      ]),
    );
    // History kept: the appealed entry is still approved, the appeal still upheld.
    expect((await member.get(`/api/v1/points/entries/${e.absence}`)).body.state).toBe('approved');
    expect((await member.get(`/api/v1/points/appeals/${absenceAppeal}`)).body).toMatchObject({
      state: 'upheld',
      adjustmentState: 'approved',
    });
    // The cancelled entry cannot be appealed, nor cancelled, again.
    const before = await pointsFootprint(t.db);
    const again = await appeal(member, e.absence as number);
    expect(again.body.error.code).toBe('entry_already_revoked');
    const secondCancel = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: m0,
      itemCode: 'D01',
      occurredOn: '2026-03-03',
      kind: 'adjustment',
      revokesEntryId: e.absence,
    });
    expect(secondCancel.body.error.code).toBe('entry_already_revoked');
    expect((await appeal(member, adjId)).body.error.code).toBe('entry_not_appealable');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('a decided appeal cannot be decided again', async () => {
    const res = await act(affairs, absenceAppeal, 'dismiss', '改判');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_transition');
  });

  it('dismissed: the reason is kept and the score does not move', async () => {
    const lodged = await appeal(member, e.dismissMe as number, '志愿服务应计两次');
    const dismissed = await act(affairs, lodged.body.id, 'dismiss', '只有一次签到记录');
    expect(dismissed.body).toMatchObject({
      state: 'dismissed',
      decisionReason: '只有一次签到记录',
      adjustmentEntryId: null,
    });
    expect((await boardRow(member, (m[0] as MemberRow).id)).total).toBe(6700);
  });

  it('withdrawn by the member, not by affairs; the entry may then be appealed again', async () => {
    const lodged = await appeal(member, e.withdrawMe as number);
    expect((await act(affairs, lodged.body.id, 'withdraw')).status).toBe(403);
    const withdrawn = await act(member, lodged.body.id, 'withdraw');
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', decisionReason: null });
    expect((await appeal(member, e.withdrawMe as number)).status).toBe(200);
  });
});

describe('the appeal window', () => {
  it('is open on the 10th day after publication (Beijing time) and closed after it, with nothing written', async () => {
    t.clock.set('2026-04-12T15:00:00.000Z'); // 23:00 on 12 April in Beijing
    member = await relogin(t, member);
    const lastDay = await appeal(member, e.late as number);
    expect(lastDay.status).toBe(200);
    await act(member, lastDay.body.id, 'withdraw');
    t.clock.set('2026-04-12T16:30:00.000Z'); // 00:30 on 13 April in Beijing
    member = await relogin(t, member);
    const before = await pointsFootprint(t.db);
    const late = await appeal(member, e.late as number);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('appeal_window_closed');
    expect(late.body.error.details).toMatchObject({ publishedOn: '2026-04-02', deadline: '2026-04-12' });
    expect(late.body.error.message).toContain('2026-04-12');
    expect(await pointsFootprint(t.db)).toEqual(before);
  });

  it('every lodging and decision is in the audit log', async () => {
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'points_appeal')
      .orderBy('seq')
      .execute();
    const ofAbsence = rows.filter((r) => r.entity_id === String(absenceAppeal)).map((r) => r.action);
    expect(ofAbsence).toEqual(['points.appeal.create', 'points.appeal.uphold']);
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['points.appeal.dismiss', 'points.appeal.withdraw']),
    );
  });
});
