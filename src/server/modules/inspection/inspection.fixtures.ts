/**
 * Test fixture of the annual inspection: a bureau committee with two branches, a unit tree of
 * three departments/grassroots units (the first with a team under it, the second linked to by a
 * branch), and the people of SPEC §5: the affairs officer, the committee, three inspectors (the
 * third a member of unit 1's branch, so it may not score unit 1) and the secretaries of unit 1's
 * and unit 2's branches. `2026-03-16` is the server's day.
 */
import type { OrgRow } from '../../../db/types.js';
import { makeMember, makeOrg, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, type Json, login, type TestApp } from '../../test/harness.js';

export const IB = '/api/v1/inspection';

export type InspWho = 'affairs' | 'committee' | 'insp1' | 'insp2' | 'insp3' | 'sec1' | 'sec2' | 'outsider';

export interface InspFixture {
  t: TestApp;
  root: OrgRow;
  units: OrgRow[];
  team: OrgRow;
  branches: OrgRow[];
  ids: Record<InspWho, number>;
  c(who: InspWho): Client;
  /** A PUT as `who` (the test client has no put of its own). */
  put(who: InspWho, url: string, body: unknown): Promise<{ status: number; body: Json }>;
}

export async function createInspectionFixture(t?: TestApp): Promise<InspFixture> {
  const app = t ?? (await createTestApp());
  const db = app.db;
  const root = await makeOrg(db, 'committee', null, '供电局党委');
  const other = await makeOrg(db, 'committee', null, '其他党委');
  const u1 = await makeOrg(db, 'department', null, '办公室');
  const u2 = await makeOrg(db, 'grassroots', null, '变电运维中心');
  const u3 = await makeOrg(db, 'grassroots', null, '输电运检中心');
  const team = await makeOrg(db, 'team', u1, '综合班');
  const b1 = await makeOrg(db, 'branch', root, '办公室党支部');
  const b2 = await makeOrg(db, 'branch', root, '变电运维党支部');
  await db.updateTable('org').set({ linked_unit_id: u1.id }).where('id', '=', b1.id).execute();
  await db.updateTable('org').set({ linked_unit_id: u2.id }).where('id', '=', b2.id).execute();
  const m3 = await makeMember(db, b1, { name: '检查员三' });
  const users = {
    affairs: await makeUser(db, [{ role: 'affairs', orgId: root.id }]),
    committee: await makeUser(db, [{ role: 'committee', orgId: root.id }]),
    insp1: await makeUser(db, [{ role: 'inspector', orgId: root.id }]),
    insp2: await makeUser(db, [{ role: 'inspector', orgId: root.id }]),
    insp3: await makeUser(db, [{ role: 'inspector', orgId: root.id }], m3.id),
    sec1: await makeUser(db, [{ role: 'secretary', orgId: b1.id }]),
    sec2: await makeUser(db, [{ role: 'secretary', orgId: b2.id }]),
    outsider: await makeUser(db, [
      { role: 'affairs', orgId: other.id },
      { role: 'committee', orgId: other.id },
      { role: 'inspector', orgId: other.id },
    ]),
  };
  const clients = new Map<InspWho, Client>();
  for (const [who, u] of Object.entries(users))
    clients.set(who as InspWho, await login(app.app, u.account, TEST_PASSWORD));
  const client = (who: InspWho) => {
    const cl = clients.get(who);
    if (!cl) throw new Error(`no client ${who}`);
    return cl;
  };
  return {
    t: app,
    root,
    units: [u1, u2, u3],
    team,
    branches: [b1, b2],
    ids: Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.id])) as Record<InspWho, number>,
    c: client,
    put: async (who, url, body) => {
      const res = await client(who).inject({ method: 'PUT', url, payload: body as object });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
    },
  };
}

/**
 * A campaign of `committeeId` in the inspecting stage written straight to the database, for
 * tests that only need one to exist (the route sweep): one department, served by `branchId`,
 * with a criterion, a finding and a rectification item owned by `userId`.
 */
export async function insertInspectingCampaign(
  db: TestApp['db'],
  committeeId: number,
  branchId: number,
  userId: number,
): Promise<{ campaignId: number; unitId: number; findingId: number; rectificationId: number }> {
  const at = '2026-01-05T02:00:00.000Z';
  const unitOrg = await makeOrg(db, 'department', null, '检查考核测试部门');
  await db.updateTable('org').set({ linked_unit_id: unitOrg.id }).where('id', '=', branchId).execute();
  const c = await db
    .insertInto('insp_campaign')
    .values({
      org_id: committeeId,
      year: 2026,
      title: '2026年度综合检查考核',
      state: 'inspecting',
      created_by: userId,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('insp_unit').values({ campaign_id: c.id, org_id: unitOrg.id, sort_order: 1 }).execute();
  const k = await db
    .insertInto('insp_criterion')
    .values({
      campaign_id: c.id,
      code: 'A1',
      name: '思想政治建设',
      max_points: 10_000,
      what_to_check: '',
      sort_order: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const fnd = await db
    .insertInto('insp_finding')
    .values({
      campaign_id: c.id,
      criterion_id: k.id,
      org_id: unitOrg.id,
      deduction: 100,
      note: '记录不全',
      created_by: userId,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const r = await db
    .insertInto('insp_rectification')
    .values({
      campaign_id: c.id,
      finding_id: fnd.id,
      org_id: unitOrg.id,
      title: '补齐记录',
      owner_user_id: userId,
      due_on: '2026-02-02',
      state: 'open',
      created_by: userId,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { campaignId: c.id, unitId: unitOrg.id, findingId: fnd.id, rectificationId: r.id };
}
