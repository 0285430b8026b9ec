/**
 * Test fixtures of the democratic evaluation and the ledger spot-check: a committee with an
 * affairs officer, an inspector and an outsider (affairs at another committee); a campaign row
 * with two target units (each with teams), inserted directly into the frame of migration 0012.
 */
import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgRow } from '../../../db/types.js';
import { makeOrg, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, type Json, login, type Res, type TestApp } from '../../test/harness.js';

export interface BallotFixture {
  t: TestApp;
  root: OrgRow;
  units: OrgRow[];
  teams: OrgRow[][];
  campaignId: number;
  affairs: Client;
  affairs2: Client;
  inspector: Client;
  outsider: Client;
}

/** Inserts a campaign with its target units straight into the frame tables (owned by another module). */
export async function insertCampaign(
  db: DbOrTrx,
  orgId: number,
  createdBy: number,
  units: readonly OrgRow[],
  year = 2026,
): Promise<number> {
  const at = '2026-03-16T02:00:00.000Z';
  const row = await db
    .insertInto('insp_campaign')
    .values({
      org_id: orgId,
      year,
      title: `${year}年度综合检查考核`,
      state: 'inspecting',
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('insp_unit')
    .values(units.map((u, i) => ({ campaign_id: row.id, org_id: u.id, sort_order: i })))
    .execute();
  return row.id;
}

export async function createBallotFixture(opts: { teamsPerUnit?: number[] } = {}): Promise<BallotFixture> {
  const t = await createTestApp();
  const db = t.db;
  const root = await makeOrg(db, 'committee', null, '供电局党委');
  const other = await makeOrg(db, 'committee', null, '另一党委');
  const unitA = await makeOrg(db, 'grassroots', null, '运维检修部');
  const unitB = await makeOrg(db, 'department', null, '营销部');
  const units = [unitA, unitB];
  const teams: OrgRow[][] = [];
  for (const [i, n] of (opts.teamsPerUnit ?? [5, 2]).entries()) {
    const list: OrgRow[] = [];
    const area = await makeOrg(db, 'work_area', units[i] as OrgRow, `工区${i}`);
    for (let j = 0; j < n; j++)
      list.push(await makeOrg(db, 'team', j % 2 === 0 ? area : (units[i] as OrgRow), `班组${i}-${j}`));
    teams.push(list);
  }
  const affairsU = await makeUser(db, [{ role: 'affairs', orgId: root.id }]);
  const affairs2U = await makeUser(db, [{ role: 'affairs', orgId: root.id }]);
  const inspectorU = await makeUser(db, [{ role: 'inspector', orgId: root.id }]);
  const outsiderU = await makeUser(db, [{ role: 'affairs', orgId: other.id }]);
  const campaignId = await insertCampaign(db, root.id, affairsU.id, units);
  return {
    t,
    root,
    units,
    teams,
    campaignId,
    affairs: await login(t.app, affairsU.account, TEST_PASSWORD),
    affairs2: await login(t.app, affairs2U.account, TEST_PASSWORD),
    inspector: await login(t.app, inspectorU.account, TEST_PASSWORD),
    outsider: await login(t.app, outsiderU.account, TEST_PASSWORD),
  };
}

let addressSeq = 1;
/** A public request from its own client address (so the per-address rate limit stays out of the way). */
export async function anonPost(
  t: TestApp,
  url: string,
  payload: unknown,
  address?: string,
): Promise<Res<Json>> {
  addressSeq += 1;
  const raw = await t.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    remoteAddress: address ?? `10.9.${(addressSeq >> 8) & 255}.${addressSeq & 255}`,
  });
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : null, raw };
}

export const allGood = (items = 5) =>
  Object.fromEntries(Array.from({ length: items }, (_, i) => [String(i + 1), 'good']));
