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
