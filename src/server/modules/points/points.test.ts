import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../../db/types.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';

/**
 * The member-points journey through the API, every role in turn: affairs drafts the scheme,
 * the committee adopts it, secretaries enter (single, activity, declaration confirmations),
 * affairs reviews, the quarter is closed and published, members read the board, an
 * adjustment corrects a closed quarter.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let committee: Client;
let secA1: Client;
let memberClient: Client;
let otherMemberClient: Client;
const a1: MemberRow[] = [];
let b1member: MemberRow;
let schemeId = 0;

const items = [
  {
    code: 'P01',
    name: '参加主题党日',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 200 },
    unit: '次',
    quarterCap: { kind: 'count', value: 3 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'P02',
    name: '志愿服务',
    dimension: 'civility',
    direction: 'bonus',
    points: { kind: 'range', min: 100, max: 500 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'J01',
    name: '技能竞赛获奖',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'fixed', value: 1000 },
    unit: '项',
    quarterCap: null,
    evidenceRequired: true,
    veto: false,
  },
  {
    code: 'D01',
    name: '无故缺席组织生活',
    dimension: 'political',
    direction: 'deduction',
    points: { kind: 'fixed', value: 300 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
];

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
  tree = await makeTree(t.db);
  for (let i = 0; i < 5; i++) a1.push(await makeMember(t.db, tree.branchA1, { name: `A1党员${i}` }));
  b1member = await makeMember(t.db, tree.branchB1, { name: 'B1党员' });
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
  secA1 = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }])).account,
    TEST_PASSWORD,
  );
  memberClient = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'member', orgId: tree.branchA1.id }], a1[0]?.id)).account,
    TEST_PASSWORD,
  );
  otherMemberClient = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'member', orgId: tree.branchB1.id }], b1member.id)).account,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

const m = (i: number) => {
  const row = a1[i];
  if (!row) throw new Error('no member');
  return row;
};

describe('scheme', () => {
  it('affairs drafts the year’s scheme with the SPEC defaults; the committee adopts it', async () => {
    const created = await affairs.post('/api/v1/points/schemes', {
      rootOrgId: tree.root.id,
      year: 2026,
      name: '2026年度党员积分方案',
    });
    expect(created.status).toBe(200);
    schemeId = created.body.id;
    expect(created.body.draft.rules).toMatchObject({
      baseScore: 6000,
      bonusCaps: { political: 1500, professional: 1500, civility: 1000 },
    });
    expect(
      (await affairs.post('/api/v1/points/schemes', { rootOrgId: tree.root.id, year: 2026, name: 'x' })).body
        .error.code,
    ).toBe('scheme_exists');
    const saved = await affairs.inject({
      method: 'PUT',
      url: `/api/v1/points/schemes/${schemeId}/draft`,
      payload: { rules: created.body.draft.rules, items },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().draft.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    // Entering before adoption is refused.
    expect(
      (
        await secA1.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'P01',
          occurredOn: '2026-03-02',
        })
      ).body.error.code,
    ).toBe('scheme_not_adopted');
    expect((await affairs.post(`/api/v1/points/schemes/${schemeId}/adopt`)).status).toBe(403);
    const adopted = await committee.post(`/api/v1/points/schemes/${schemeId}/adopt`);
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ currentVersion: 1, hasDraft: false });
  });

  it('refuses to adopt a draft whose caps or quotas do not add up', async () => {
    const bad = await affairs.inject({
      method: 'PUT',
      url: `/api/v1/points/schemes/${schemeId}/draft`,
      payload: {
        rules: {
          baseScore: 6000,
          bonusCaps: { political: 1500, professional: 1500, civility: 1000 },
          tierRule: { kind: 'quota', benchmark: 30, excellent: 20, good: 50, warningBelow: 6000 },
          annualFormula: 'mean_of_present_quarters',
          rankingScope: 'child_committee',
          boardPrivacy: { showOthersDeductions: false },
          minQuartersForUnflagged: 2,
          appealWindowDays: 10,
          reviewOverdueDays: 7,
        },
        items: [...items, { ...items[0], code: 'P01' }],
      },
    });
    const codes = bad.json().draft.issues.map((i: { code: string }) => i.code);
    expect(codes.length).toBeGreaterThan(0);
    const adopt = await committee.post(`/api/v1/points/schemes/${schemeId}/adopt`);
    expect(adopt.status).toBe(422);
    expect(adopt.body.error.code).toBe('scheme_invalid');
    const detail = await affairs.get(`/api/v1/points/schemes/${schemeId}`);
    expect(detail.body.currentVersion).toBe(1);
  });

  it('lets a secretary and a member read the scheme of their root committee', async () => {
    expect((await secA1.get(`/api/v1/points/schemes/${schemeId}`)).status).toBe(200);
    expect(
      (await memberClient.get('/api/v1/points/schemes')).body.items.map((s: { id: number }) => s.id),
    ).toContain(schemeId);
  });
});

describe('entries and review', () => {
  it('a secretary enters for their branch and not for another; bad points, dates and evidence are refused', async () => {
    const ok = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: m(0).id,
      itemCode: 'P02',
      occurredOn: '2026-03-02',
      points: 300,
      submit: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      state: 'submitted',
      points: 300,
      branchId: tree.branchA1.id,
      dimension: 'civility',
    });
    const other = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: b1member.id,
      itemCode: 'P01',
      occurredOn: '2026-03-02',
    });
    expect(other.status).toBe(403);
    expect(
      (
        await secA1.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'P02',
          occurredOn: '2026-03-02',
          points: 900,
        })
      ).body.error.code,
    ).toBe('points_out_of_range');
    expect(
      (
        await secA1.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'P02',
          occurredOn: '2026-03-02',
        })
      ).body.error.code,
    ).toBe('points_required');
    expect(
      (
        await secA1.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'P01',
          occurredOn: '2026-04-02',
        })
      ).body.error.code,
    ).toBe('date_in_future');
    expect(
      (
        await secA1.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'P01',
          occurredOn: '2025-12-30',
        })
      ).body.error.code,
    ).toBe('date_outside_year');
    expect(
      (
        await secA1.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'J01',
          occurredOn: '2026-03-02',
        })
      ).body.error.code,
    ).toBe('evidence_required');
    expect(
      (
        await secA1.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'ZZZ',
          occurredOn: '2026-03-02',
        })
      ).body.error.code,
    ).toBe('unknown_item');
    expect(
      (
        await affairs.post('/api/v1/points/entries', {
          schemeId,
          memberId: m(0).id,
          itemCode: 'P01',
          occurredOn: '2026-03-02',
        })
      ).status,
    ).toBe(403);
  });

  it('records one activity for many members at once, all or nothing', async () => {
    const bad = await secA1.post('/api/v1/points/activities', {
      schemeId,
      branchId: tree.branchA1.id,
      title: '3月主题党日',
      kind: '主题党日',
      occurredOn: '2026-03-10',
      itemCode: 'P01',
      memberIds: [m(0).id, m(1).id, b1member.id],
    });
    expect(bad.status).toBe(403);
    expect(bad.body.error.details.memberId).toBe(b1member.id);
    expect(
      Number(
        (
          await t.db
            .selectFrom('points_activity')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
    const ok = await secA1.post('/api/v1/points/activities', {
      schemeId,
      branchId: tree.branchA1.id,
      title: '3月主题党日',
      kind: '主题党日',
      occurredOn: '2026-03-10',
      itemCode: 'P01',
      memberIds: a1.map((x) => x.id),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.entryIds).toHaveLength(5);
    const entry = await secA1.get(`/api/v1/points/entries/${ok.body.entryIds[0]}`);
    expect(entry.body).toMatchObject({ activityId: ok.body.activityId, state: 'submitted', points: 200 });
  });

  it('affairs works the review queue: one by one with a version check, then in bulk', async () => {
    const queue = await affairs.get(`/api/v1/points/entries?state=submitted&schemeId=${schemeId}`);
    expect(queue.body.total).toBe(6);
    const counts = await affairs.get('/api/v1/points/review/counts');
    expect(counts.body.items).toEqual([
      expect.objectContaining({ branchId: tree.branchA1.id, waiting: 6, overdue: 0 }),
    ]);
    const [first, ...rest] = queue.body.items;
    expect(first.actions).toEqual(expect.arrayContaining(['approve', 'return', 'reject']));
    const approved = await affairs.post(`/api/v1/points/entries/${first.id}/actions`, {
      action: 'approve',
      rowVersion: first.rowVersion,
    });
    expect(approved.body.state).toBe('approved');
    // The same decision again by the same reviewer (another tab, a late click) is already done.
    const twice = await affairs.post(`/api/v1/points/entries/${first.id}/actions`, {
      action: 'approve',
      rowVersion: first.rowVersion,
    });
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({ state: 'approved', rowVersion: approved.body.rowVersion });
    // Another decision on it by the same reviewer meets the version check.
    const returnAfter = await affairs.post(`/api/v1/points/entries/${first.id}/actions`, {
      action: 'return',
      reason: '补充材料',
      rowVersion: first.rowVersion,
    });
    expect(returnAfter.status).toBe(409);
    expect(returnAfter.body.error.code).toBe('stale_record');
    const noReason = await affairs.post(`/api/v1/points/entries/${rest[0].id}/actions`, {
      action: 'return',
      rowVersion: rest[0].rowVersion,
    });
    expect(noReason.body.error.code).toBe('reason_required');
    // A secretary cannot approve, and a bulk with one bad id changes nothing.
    expect(
      (
        await secA1.post(`/api/v1/points/entries/${rest[0].id}/actions`, {
          action: 'approve',
          rowVersion: rest[0].rowVersion,
        })
      ).status,
    ).toBe(403);
    const badBulk = await affairs.post('/api/v1/points/entries/bulk', {
      ids: [...rest.map((e: { id: number }) => e.id), first.id],
      action: 'return',
      reason: '补充材料',
    });
    expect(badBulk.status).toBe(409);
    expect(badBulk.body.error.details.entryId).toBe(first.id);
    expect(
      (await affairs.get(`/api/v1/points/entries?state=submitted&schemeId=${schemeId}`)).body.total,
    ).toBe(5);
    const bulk = await affairs.post('/api/v1/points/entries/bulk', {
      ids: rest.map((e: { id: number }) => e.id),
      action: 'approve',
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.entries.every((e: { state: string }) => e.state === 'approved')).toBe(true);
  });

  it('concurrent approvals of one entry by two reviewers: exactly one succeeds', async () => {
    const e = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: m(2).id,
      itemCode: 'P02',
      occurredOn: '2026-03-12',
      points: 100,
      submit: true,
    });
    const second = await login(
      t.app,
      (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
      TEST_PASSWORD,
    );
    const results = await Promise.all(
      [affairs, second, second].map((c) =>
        c.post(`/api/v1/points/entries/${e.body.id}/actions`, {
          action: 'approve',
          rowVersion: e.body.rowVersion,
        }),
      ),
    );
    // One reviewer's approval wins; the other reviewer's are told it was handled, or (their own
    // twin request, after theirs won) that it is already done.
    const won = results.filter((r) => r.status === 200).map((r) => r.body.state);
    expect(won.length).toBeGreaterThanOrEqual(1);
    expect(won.every((s) => s === 'approved')).toBe(true);
    expect(results.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'stale_record')).toBe(
      true,
    );
    const approvals = await t.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('action', '=', 'points.entry.approve')
      .where('entity_id', '=', String(e.body.id))
      .execute();
    expect(approvals).toHaveLength(1);
  });

  it('a member declares for themself; the secretary returns it, the member re-declares, the secretary confirms', async () => {
    const d = await memberClient.post('/api/v1/points/declarations', {
      schemeId,
      itemCode: 'P02',
      occurredOn: '2026-03-14',
      points: 200,
      note: '社区义务劳动',
    });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ state: 'declared', memberId: m(0).id });
    expect((await otherMemberClient.get(`/api/v1/points/entries/${d.body.id}`)).status).toBe(403);
    const ret = await secA1.post(`/api/v1/points/entries/${d.body.id}/actions`, {
      action: 'return_declaration',
      reason: '请补充照片',
      rowVersion: d.body.rowVersion,
    });
    expect(ret.body.state).toBe('returned_to_member');
    const again = await memberClient.post(`/api/v1/points/entries/${d.body.id}/actions`, {
      action: 'redeclare',
      rowVersion: ret.body.rowVersion,
    });
    expect(again.body.state).toBe('declared');
    expect(
      (
        await memberClient.post(`/api/v1/points/entries/${d.body.id}/actions`, {
          action: 'confirm',
          rowVersion: again.body.rowVersion,
        })
      ).status,
    ).toBe(403);
    const confirmed = await secA1.post(`/api/v1/points/entries/${d.body.id}/actions`, {
      action: 'confirm',
      rowVersion: again.body.rowVersion,
    });
    expect(confirmed.body.state).toBe('submitted');
    await affairs.post(`/api/v1/points/entries/${d.body.id}/actions`, {
      action: 'approve',
      rowVersion: confirmed.body.rowVersion,
    });
  });
});

describe('quarter close, publication and board', () => {
  it('cannot close before the quarter ends, nor while entries wait for review', async () => {
    expect((await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`)).status).toBe(
      400,
    );
    const pending = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: m(3).id,
      itemCode: 'D01',
      occurredOn: '2026-03-13',
      submit: true,
    });
    t.clock.set('2026-04-02T02:00:00.000Z');
    // Two weeks later everyone logs in again (sessions end after 8 idle hours).
    affairs = await login(t.app, affairs.account, TEST_PASSWORD);
    committee = await login(t.app, committee.account, TEST_PASSWORD);
    secA1 = await login(t.app, secA1.account, TEST_PASSWORD);
    memberClient = await login(t.app, memberClient.account, TEST_PASSWORD);
    const refused = await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`);
    expect(refused.status).toBe(409);
    await affairs.post(`/api/v1/points/entries/${pending.body.id}/actions`, {
      action: 'approve',
      rowVersion: pending.body.rowVersion,
    });
    // One entry stays submitted-then-returned: not approved, so it must never count.
    const unapproved = await t.db
      .selectFrom('points_entry')
      .select('id')
      .where('state', '=', 'submitted')
      .execute();
    expect(unapproved).toHaveLength(0);
  });

  it('closes (affairs) and publishes (committee); nothing is visible to members before', async () => {
    const closed = await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', members: 6 });
    const early = await memberClient.get(`/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1`);
    // Not yet published is its own answer, not a missing permission; the scheme says so in advance.
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_published');
    expect(early.body.error.messages['zh-CN']).toContain('2026-Q1 尚未公布');
    const seen = await memberClient.get(`/api/v1/points/schemes/${schemeId}`);
    expect(seen.body.quarters[0]).toMatchObject({
      quarter: '2026-Q1',
      state: 'closed',
      boardBlocked: { action: 'board', code: 'not_published' },
    });
    expect(
      (await affairs.get(`/api/v1/points/schemes/${schemeId}`)).body.quarters[0].boardBlocked,
    ).toBeNull();
    expect((await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/publish`)).status).toBe(
      403,
    );
    const published = await committee.post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/publish`);
    expect(published.body.state).toBe('published');
    // The list of schemes carries the quarters' states, so a page picks its quarter without
    // waiting for the scheme's detail.
    const listed = (await memberClient.get('/api/v1/points/schemes')).body.items.find(
      (x: { id: number }) => x.id === schemeId,
    );
    expect(listed.quarters).toEqual([
      { quarter: '2026-Q1', state: 'published' },
      { quarter: '2026-Q2', state: 'open' },
      { quarter: '2026-Q3', state: 'open' },
      { quarter: '2026-Q4', state: 'open' },
    ]);
  });

  it('members see their branch board with ranks; others’ deductions only as totals; not another branch', async () => {
    const res = await memberClient.get(`/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1`);
    expect(res.status).toBe(200);
    expect(res.body.orgId).toBe(tree.branchA1.id);
    const rows = res.body.items as {
      memberId: number;
      total: number;
      rank: number;
      deductions: number | null;
      political: number;
      civility: number;
    }[];
    expect(rows).toHaveLength(5);
    const byMember = new Map(rows.map((r) => [r.memberId, r]));
    // m0: base 60 + 主题党日 2 + 志愿服务 3 + 2 (declared) = 67.
    expect(byMember.get(m(0).id)).toMatchObject({
      total: 6700,
      political: 200,
      civility: 500,
      deductions: 0,
    });
    // m2: 60 + 2 + 1 = 63; m3: 60 + 2 − 3 = 59 and its deductions are hidden from another member.
    expect(byMember.get(m(2).id)?.total).toBe(6300);
    expect(byMember.get(m(3).id)).toMatchObject({ total: 5900, deductions: null });
    // Competition ranking: m1 and m4 tie at 62.
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 3, 5]);
    // One rule (SPEC §2): a board is visible to the members of its org — the member's branch and
    // the orgs above it, which the answer lists; the boards above open, another branch's does not.
    expect(res.body.memberScopes.map((o: { orgId: number }) => o.orgId)).toEqual([
      tree.branchA1.id,
      tree.countyA.id,
      tree.root.id,
    ]);
    for (const o of res.body.memberScopes as { orgId: number }[]) {
      const up = await memberClient.get(
        `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1&orgId=${o.orgId}`,
      );
      expect(up.status, String(o.orgId)).toBe(200);
    }
    expect(
      (
        await memberClient.get(
          `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1&orgId=${tree.branchB1.id}`,
        )
      ).status,
    ).toBe(403);
    const officer = await secA1.get(
      `/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1` + `&orgId=${tree.branchA1.id}`,
    );
    expect(officer.body.items.find((r: { memberId: number }) => r.memberId === m(3).id).deductions).toBe(300);
  });

  it('explains a score: entries, what counted after caps, and the rule version', async () => {
    const res = await memberClient.get(
      `/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/members/${m(0).id}/explain`,
    );
    expect(res.status).toBe(200);
    expect(res.body.version).toMatchObject({
      version: 1,
      rules: expect.objectContaining({ baseScore: 6000 }),
    });
    const ex = res.body.explanation;
    expect(ex.base + ex.bonusTotal - ex.deductionTotal).toBe(res.body.total);
    expect(res.body.entries.map((e: { itemCode: string }) => e.itemCode).sort()).toEqual([
      'P01',
      'P02',
      'P02',
    ]);
    const other = await memberClient.get(
      `/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/members/${m(3).id}/explain`,
    );
    expect(other.body.explanation.deductionDetailHidden).toBe(true);
    expect(other.body.entries.map((e: { direction: string }) => e.direction)).not.toContain('deduction');
    // The committee's board lists the members of every branch under it, which a member reads: the
    // total of a member of another branch opens its explanation too, by the same board's rule.
    const elsewhere = await memberClient.get(
      `/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/members/${b1member.id}/explain`,
    );
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.memberId).toBe(b1member.id);
    expect(elsewhere.body.explanation.deductionDetailHidden).toBe(true);
  });

  it('a late correction goes in as an adjustment the committee approves, and the board follows', async () => {
    const normal = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: m(4).id,
      itemCode: 'P02',
      occurredOn: '2026-03-20',
      points: 500,
    });
    expect(normal.body.error.code).toBe('quarter_closed');
    const adj = await secA1.post('/api/v1/points/entries', {
      schemeId,
      memberId: m(4).id,
      itemCode: 'P02',
      occurredOn: '2026-03-20',
      points: 500,
      kind: 'adjustment',
      submit: true,
    });
    expect(adj.status).toBe(200);
    expect(
      (
        await affairs.post(`/api/v1/points/entries/${adj.body.id}/actions`, {
          action: 'approve',
          rowVersion: adj.body.rowVersion,
        })
      ).status,
    ).toBe(403);
    const ok = await committee.post(`/api/v1/points/entries/${adj.body.id}/actions`, {
      action: 'approve',
      rowVersion: adj.body.rowVersion,
    });
    expect(ok.body.state).toBe('approved');
    const res = await memberClient.get(`/api/v1/points/board?schemeId=${schemeId}&quarter=2026-Q1`);
    const byMember = new Map(res.body.items.map((r: { memberId: number }) => [r.memberId, r]));
    // m4: 62 + 5 = 67, now tied first with m0 (competition ranking: both 1, next is 3).
    expect(byMember.get(m(4).id)).toMatchObject({ total: 6700, rank: 1 });
    expect(byMember.get(m(0).id)).toMatchObject({ total: 6700, rank: 1 });
    expect(res.body.items.map((r: { rank: number }) => r.rank)).toEqual([1, 1, 3, 4, 5]);
  });

  it('the member’s own page shows published scores, rank and the provisional quarter', async () => {
    const res = await memberClient.get('/api/v1/points/me');
    expect(res.status).toBe(200);
    const q1 = res.body.quarters.find((q: { quarter: string }) => q.quarter === '2026-Q1');
    expect(q1).toMatchObject({
      state: 'published',
      total: 6700,
      rankInBranch: 1,
      branchSize: 5,
      appealUntil: '2026-04-12',
    });
    expect(res.body.provisional).toMatchObject({ quarter: '2026-Q2', total: 6000 });
    expect(res.body.entries.length).toBeGreaterThan(0);
  });
});
