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
import {
  createAdoptedScheme,
  defaultRules,
  pointsFootprint,
  seedApproved,
  testItems,
} from './points.fixtures.js';

/**
 * Trial scoring (试算): this year's scheme is copied from last year's, edited, and applied to
 * last year's approved entries next to the version in force, before the committee adopts it.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let committee: Client;
let secA1: Client;
let memberA1: Client;
let lastYear = 0;
let thisYear = 0;
const a: MemberRow[] = [];
const b: MemberRow[] = [];
const DAYS = ['2025-02-10', '2025-05-12', '2025-08-11', '2025-11-10'];

const trial = (c: Client, id: number, body: object = {}) =>
  c.post(`/api/v1/points/schemes/${id}/trial`, body);
const saveDraft = (c: Client, id: number, rules: object, items: object[]) =>
  c.inject({ method: 'PUT', url: `/api/v1/points/schemes/${id}/draft`, payload: { rules, items } });

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2025-01-10T02:00:00.000Z') });
  tree = await makeTree(t.db);
  for (let i = 0; i < 20; i++)
    a.push(
      await makeMember(t.db, tree.branchA1, {
        name: `A党员${i}`,
        employee_no: `TA${String(i).padStart(2, '0')}`,
      }),
    );
  for (let i = 0; i < 10; i++)
    b.push(
      await makeMember(t.db, tree.branchB1, {
        name: `B党员${i}`,
        employee_no: `TB${String(i).padStart(2, '0')}`,
      }),
    );
  const client = async (
    role: 'affairs' | 'committee' | 'secretary' | 'member',
    orgId: number,
    memberId?: number,
  ) => {
    const u = await makeUser(t.db, [{ role, orgId }], memberId);
    return { id: u.id, c: await login(t.app, u.account, TEST_PASSWORD) };
  };
  const aff = await client('affairs', tree.root.id);
  affairs = aff.c;
  committee = (await client('committee', tree.root.id)).c;
  secA1 = (await client('secretary', tree.branchA1.id)).c;
  memberA1 = (await client('member', tree.branchA1.id, a[0]?.id)).c;
  lastYear = await createAdoptedScheme(affairs, committee, tree.root.id, 2025);
  for (const day of DAYS) {
    for (const [i, m] of a.entries()) {
      await seedApproved(t.db, {
        schemeId: lastYear,
        member: m,
        branchId: tree.branchA1.id,
        itemCode: 'J02',
        occurredOn: day,
        points: 1500 - 30 * i,
        createdBy: aff.id,
      });
      // The lowest member also did volunteer service, an item the new draft drops.
      if (i === 19)
        await seedApproved(t.db, {
          schemeId: lastYear,
          member: m,
          branchId: tree.branchA1.id,
          itemCode: 'C01',
          occurredOn: day,
          points: 100,
          createdBy: aff.id,
        });
    }
    for (const [i, m] of b.entries())
      await seedApproved(t.db, {
        schemeId: lastYear,
        member: m,
        branchId: tree.branchB1.id,
        itemCode: 'J02',
        occurredOn: day,
        points: 1400 - 50 * i,
        createdBy: aff.id,
      });
  }
  // An entry still waiting for review never counts, in a trial either.
  await t.db
    .updateTable('points_entry')
    .set({ state: 'submitted' })
    .where(
      'id',
      '=',
      await seedApproved(t.db, {
        schemeId: lastYear,
        member: a[19] as MemberRow,
        branchId: tree.branchA1.id,
        itemCode: 'J02',
        occurredOn: '2025-12-01',
        points: 1500,
        createdBy: aff.id,
      }),
    )
    .execute();
  t.clock.set('2026-02-10T02:00:00.000Z');
  affairs = await login(t.app, affairs.account, TEST_PASSWORD);
  committee = await login(t.app, committee.account, TEST_PASSWORD);
  secA1 = await login(t.app, secA1.account, TEST_PASSWORD);
  memberA1 = await login(t.app, memberA1.account, TEST_PASSWORD);
  const copy = await affairs.post('/api/v1/points/schemes', {
    rootOrgId: tree.root.id,
    year: 2026,
    name: '2026年度党员积分方案',
    copyFromSchemeId: lastYear,
  });
  expect(copy.status).toBe(200);
  thisYear = copy.body.id;
});
afterAll(() => t.close());

describe('trial scoring of a draft', () => {
  it('an unchanged copy of last year’s scheme changes nobody’s tier', async () => {
    const res = await trial(affairs, thisYear);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      year: 2025,
      sourceSchemeId: lastYear,
      quarters: ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'],
      members: 30,
      entries: 124,
      currentVersion: { schemeId: lastYear, version: 1 },
      draftVersion: { schemeId: thisYear, version: 1 },
      droppedEntries: { current: 0, draft: 0 },
      changed: [],
    });
    // A: n = 20 → limits 1, 4, 10; B: n = 10 → 0, 2, 5.
    const expected = { benchmark: 1, excellent: 5, good: 9, qualified: 15, warning: 0 };
    expect(res.body.current).toEqual(expected);
    expect(res.body.draft).toEqual(expected);
  });

  it('shows who would move when the draft widens 标杆 to 10% and drops an item', async () => {
    const detail = await affairs.get(`/api/v1/points/schemes/${thisYear}`);
    const rules = { ...detail.body.draft.rules, tierRule: { ...defaultRules.tierRule, benchmark: 10 } };
    const items = testItems.filter((i) => i.code !== 'C01');
    expect((await saveDraft(affairs, thisYear, rules, items)).statusCode).toBe(200);
    const before = await pointsFootprint(t.db);
    const res = await trial(committee, thisYear, { year: 2025 });
    expect(res.status).toBe(200);
    expect(await pointsFootprint(t.db)).toEqual(before);
    expect(res.body.droppedEntries).toEqual({ current: 0, draft: 4 });
    expect(res.body.draft).toEqual({ benchmark: 3, excellent: 3, good: 9, qualified: 15, warning: 0 });
    const byNo = new Map(res.body.changed.map((c: Json) => [c.employeeNo, c]));
    expect([...byNo.keys()].sort()).toEqual(['TA01', 'TB00']);
    expect(byNo.get('TA01')).toMatchObject({
      name: 'A党员1',
      branchName: 'A1支部',
      currentScore: 7470,
      draftScore: 7470,
      currentTier: 'excellent',
      draftTier: 'benchmark',
    });
    expect(byNo.get('TB00')).toMatchObject({
      currentTier: 'excellent',
      draftTier: 'benchmark',
      currentScore: 7400,
    });
  });

  it('scores the scheme’s own year so far when asked', async () => {
    const res = await trial(affairs, thisYear, { year: 2026 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      year: 2026,
      sourceSchemeId: thisYear,
      quarters: ['2026-Q1'],
      entries: 0,
    });
  });

  it('falls back to the scheme’s own year when there is no scheme the year before', async () => {
    const detail = await affairs.get(`/api/v1/points/schemes/${lastYear}`);
    expect((await saveDraft(affairs, lastYear, detail.body.current.rules, testItems)).statusCode).toBe(200);
    const res = await trial(affairs, lastYear);
    expect(res.body).toMatchObject({ year: 2025, sourceSchemeId: lastYear, changed: [] });
    const missing = await trial(affairs, thisYear, { year: 2019 });
    expect(missing.status).toBe(404);
  });

  it('is for affairs and the committee only', async () => {
    expect((await trial(secA1, thisYear)).status).toBe(403);
    expect((await trial(memberA1, thisYear)).status).toBe(403);
  });

  it('refuses a draft with errors, and a scheme without a draft', async () => {
    const detail = await affairs.get(`/api/v1/points/schemes/${thisYear}`);
    const bad = { ...detail.body.draft.rules, tierRule: { ...defaultRules.tierRule, benchmark: 30 } };
    await saveDraft(affairs, thisYear, bad, testItems);
    const invalid = await trial(affairs, thisYear);
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('scheme_invalid');
    await saveDraft(affairs, thisYear, detail.body.draft.rules, testItems);
    expect((await committee.post(`/api/v1/points/schemes/${thisYear}/adopt`)).status).toBe(200);
    const none = await trial(affairs, thisYear);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('no_draft');
  });
});
