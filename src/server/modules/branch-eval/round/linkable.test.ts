import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSchemeItems } from '../../../../cli/seed-demo-points.js';
import { makeMember } from '../../../test/factories.js';
import { insertAdoptedScheme } from '../../points/scheme.service.js';
import { BASE, createFixture, type Fixture } from '../branch-eval.fixtures.js';

/**
 * `GET /branches/:id/months/:month/linkable`: what a branch recorded in member points that month
 * (activities with their attendees, single entries) — offered to its self-evaluation as evidence
 * to link rather than upload again. Only the branch's own records, of that month, live ones.
 */
let f: Fixture;
const M = '2026-03';
const url = (branchId: number, month = M, q = '') =>
  `${BASE}/branches/${branchId}/months/${month}/linkable${q}`;
let ids: { activity: number; otherMonth: number; otherBranch: number; single: number; rejected: number };

beforeAll(async () => {
  f = await createFixture();
  const [a1, a2] = f.branches;
  if (!a1 || !a2) throw new Error('fixture');
  const db = f.t.db;
  const by = (await db.selectFrom('app_user').select('id').executeTakeFirstOrThrow()).id;
  const scheme = {
    id: (
      await insertAdoptedScheme(db, {
        rootOrgId: f.root.id,
        year: 2026,
        name: '2026年度党员积分管理方案',
        items: demoSchemeItems,
        byUserId: by,
      })
    ).schemeId,
  };
  const activity = async (branchId: number, title: string, on: string) =>
    (
      await db
        .insertInto('points_activity')
        .values({
          scheme_id: scheme.id,
          branch_id: branchId,
          title,
          kind: '主题党日',
          occurred_on: on,
          item_code: 'ZZ01',
          quantity: 1,
          points: 200,
          note: null,
          created_by: by,
          created_at: `${on}T03:00:00.000Z`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const members = [await makeMember(db, a1), await makeMember(db, a1), await makeMember(db, a1)];
  const entry = async (memberId: number, on: string, state: string, activityId: number | null) =>
    (
      await db
        .insertInto('points_entry')
        .values({
          scheme_id: scheme.id,
          member_id: memberId,
          branch_id: a1.id,
          item_code: 'ZZ01',
          occurred_on: on,
          quarter: '2026-Q1',
          quantity: 1,
          points: 200,
          note: null,
          kind: 'normal',
          state,
          activity_id: activityId,
          revokes_entry_id: null,
          appeal_id: null,
          created_by: by,
          created_at: `${on}T03:00:00.000Z`,
          updated_at: `${on}T03:00:00.000Z`,
          submitted_at: null,
          decided_by: null,
          decided_at: null,
          decision_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const act = await activity(a1.id, '3月主题党日', '2026-03-05');
  for (const [k, m] of members.entries())
    await entry(m.id, '2026-03-05', k === 2 ? 'rejected' : 'approved', act);
  ids = {
    activity: act,
    otherMonth: await activity(a1.id, '4月主题党日', '2026-04-02'),
    otherBranch: await activity(a2.id, '3月主题党日', '2026-03-06'),
    single: await entry(members[0]?.id ?? 0, '2026-03-20', 'submitted', null),
    rejected: await entry(members[1]?.id ?? 0, '2026-03-21', 'rejected', null),
  };
});
afterAll(() => f.t.close());

describe('records a self-evaluation can link', () => {
  it('lists the branch’s activities of the month with live attendees, and its live single entries', async () => {
    const a1 = f.branches[0]?.id ?? 0;
    const r = await f.c('sec1').get(url(a1));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.activities).toEqual([
      expect.objectContaining({
        id: ids.activity,
        title: '3月主题党日',
        itemName: '参加主题党日活动',
        attendees: 2,
        files: 0,
      }),
    ]);
    expect(r.body.entries.items.map((e: { id: number }) => e.id)).toEqual([ids.single]);
    expect(r.body.entries.total).toBe(1);
    expect(r.body.entries.items[0].memberName).toBeTruthy();
    const april = await f.c('sec1').get(url(a1, '2026-04'));
    expect(april.body.activities.map((a: { id: number }) => a.id)).toEqual([ids.otherMonth]);
    expect(april.body.entries.items).toEqual([]);
  });

  it('answers the office of the round, and refuses other branches, members and other committees', async () => {
    const a1 = f.branches[0]?.id ?? 0;
    expect((await f.c('office').get(url(a1))).status).toBe(200);
    for (const who of ['sec2', 'secB1', 'officeB', 'member'] as const) {
      expect((await f.c(who).get(url(a1))).status, who).toBe(403);
    }
    expect((await f.c('sec1').get(url(a1, '2026-13'))).status).toBe(400);
  });
});
