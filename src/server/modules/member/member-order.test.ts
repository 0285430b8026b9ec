import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, createTestApp, login, type Res, type TestApp } from '../../test/harness.js';
import { membersSheetSpec } from '../io/members-import.js';

/**
 * `member_order` (migration 0031) holds, for every party org, its subtree's members in
 * employee-number order; the member list reads a subtree's pages, cursor pages and count from it.
 * After every kind of write to members or to the org tree it must equal the join it stands for,
 * and every list must equal the members a plain reading of the tree finds, for every viewer.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let admin: Client;
let countyAffairs: Client;
let secretary: Client;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  const client = async (role: 'admin' | 'affairs' | 'secretary', orgId: number) =>
    login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
  affairs = await client('affairs', tree.root.id);
  admin = await client('admin', tree.root.id);
  countyAffairs = await client('affairs', tree.countyA.id);
  secretary = await client('secretary', tree.branchA1.id);
  for (const [branch, n] of [
    [tree.branchA1, 4],
    [tree.groupA1, 2],
    [tree.branchA2, 3],
    [tree.branchB1, 3],
  ] as const)
    for (let i = 0; i < n; i++) await makeMember(t.db, branch, { employee_no: uniq('MO') });
});
afterAll(() => t.close());

/** The table against the join it stands for: every member under every ancestor of its branch. */
async function expectOrderTrue() {
  const want = await t.db
    .selectFrom('member as m')
    .innerJoin('org_closure as c', 'c.descendant_id', 'm.branch_id')
    .select(['c.ancestor_id as org_id', 'm.employee_no', 'm.id as member_id', 'm.active'])
    .orderBy('c.ancestor_id')
    .orderBy('m.employee_no')
    .execute();
  const got = await t.db
    .selectFrom('member_order')
    .select(['org_id', 'employee_no', 'member_id', 'active'])
    .orderBy('org_id')
    .orderBy('employee_no')
    .execute();
  expect(got).toEqual(want);
  expect(got.length).toBeGreaterThan(0);
}

/** A subtree's members (active, or all) in employee-number order, read from the tree itself. */
async function plainList(orgId: number, includeInactive: boolean) {
  let q = t.db
    .selectFrom('member')
    .select('id')
    .where(
      'branch_id',
      'in',
      t.db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId),
    );
  if (!includeInactive) q = q.where('active', '=', 1);
  return (await q.orderBy('employee_no').execute()).map((r) => r.id);
}

/** The list as a viewer reads it: page by page by cursor (2 a page), then by page number. */
async function listed(c: Client, query: string) {
  const ids: number[] = [];
  let after: string | null = null;
  let total: number | null = null;
  for (;;) {
    const res: Res = await c.get(`/api/v1/members?${query}&pageSize=2${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    if (!after) total = res.body.total;
    ids.push(...res.body.items.map((m: { id: number }) => m.id));
    after = res.body.nextCursor;
    if (!after) break;
  }
  const page2 = await c.get(`/api/v1/members?${query}&pageSize=2&page=2`);
  expect(page2.body.items.map((m: { id: number }) => m.id)).toEqual(ids.slice(2, 4));
  expect(total).toBe(ids.length);
  return ids;
}

/** Every party org's list, active and all, equals the plain reading, for the affairs officer at the root. */
async function expectListsTrue() {
  const orgs = await t.db.selectFrom('org').select('id').where('tree', '=', 'party').execute();
  for (const { id } of orgs)
    for (const all of [false, true])
      expect(await listed(affairs, `orgId=${id}&includeInactive=${all}`)).toEqual(await plainList(id, all));
}

async function importMembers(rows: [string, string][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员');
  ws.addRow(membersSheetSpec.columns.map((c) => c.header));
  for (const [no, code] of rows)
    ws.addRow([
      no,
      `导入${no}`,
      '女',
      '1990-03-04',
      '是',
      '正式党员',
      '2012-07-01',
      '2013-07-01',
      code,
      null,
      '岗位',
      null,
    ]);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), 'members.xlsx');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/io/import/members/commit',
    payload: form,
    cookies: { kaohe_sid: affairs.sid },
    headers: { 'x-csrf-token': affairs.csrf },
  });
  expect(res.statusCode).toBe(200);
}

describe("a subtree's members in employee-number order", () => {
  it('stays true after an insert, an import, a transfer, an org moved, a deactivation and a removal', async () => {
    await expectOrderTrue();
    await expectListsTrue();

    const created = await affairs.post('/api/v1/members', {
      employeeNo: uniq('MO'),
      name: '新党员',
      gender: 'F',
      birthDate: '1990-01-01',
      status: 'full',
      joinDate: '2012-07-01',
      fullDate: '2013-07-01',
      branchId: tree.branchA2.id,
    });
    expect(created.status).toBe(200);
    await expectOrderTrue();

    await importMembers([
      [uniq('MI'), tree.branchB1.code],
      [uniq('MI'), tree.branchA1.code],
      [uniq('MI'), tree.groupA1.code],
    ]);
    await expectOrderTrue();
    await expectListsTrue();

    const mover = (await makeMember(t.db, tree.branchA2, { employee_no: uniq('MO') })).id;
    await expectOrderTrue();
    const transfer = await affairs.post(`/api/v1/members/${mover}/transfer`, {
      toBranchId: tree.branchB1.id,
      date: '2026-03-01',
      reason: '工作调动',
    });
    expect(transfer.status).toBe(200);
    await expectOrderTrue();
    expect(await listed(affairs, `orgId=${tree.countyB.id}`)).toContain(mover);
    expect(await listed(affairs, `orgId=${tree.countyA.id}`)).not.toContain(mover);

    // A branch with its group and members moved to the other county.
    const moved = await admin.post(`/api/v1/orgs/${tree.branchA1.id}/move`, { parentId: tree.countyB.id });
    expect(moved.status).toBe(200);
    await expectOrderTrue();
    await expectListsTrue();

    const quitter = await makeMember(t.db, tree.branchA2, { employee_no: uniq('MO') });
    await expectOrderTrue();
    const off = await affairs.post(`/api/v1/members/${quitter.id}/deactivate`, {
      date: '2026-03-10',
      reason: '退休',
    });
    expect(off.status).toBe(200);
    await expectOrderTrue();
    await expectListsTrue();

    const gone = await makeMember(t.db, tree.branchB1, { employee_no: uniq('MO') });
    await expectOrderTrue();
    await t.db.deleteFrom('member_branch_history').where('member_id', '=', gone.id).execute();
    await t.db.deleteFrom('member').where('id', '=', gone.id).execute();
    await expectOrderTrue();

    // And back: the branch under its first county again.
    await admin.post(`/api/v1/orgs/${tree.branchA1.id}/move`, { parentId: tree.countyA.id });
    await expectOrderTrue();
    await expectListsTrue();
  });

  it('shows a viewer only their subtree, with and without an org asked for', async () => {
    const own = await plainList(tree.branchA1.id, false);
    expect(own.length).toBeGreaterThan(0);
    expect(await listed(secretary, 'includeInactive=false')).toEqual(own);
    expect(await listed(secretary, `orgId=${tree.groupA1.id}`)).toEqual(
      await plainList(tree.groupA1.id, false),
    );
    expect((await secretary.get(`/api/v1/members?orgId=${tree.countyA.id}`)).status).toBe(403);
    expect((await secretary.get(`/api/v1/members?orgId=${tree.branchB1.id}`)).status).toBe(403);

    const county = await plainList(tree.countyA.id, true);
    expect(await listed(countyAffairs, 'includeInactive=true')).toEqual(county);
    expect(await listed(countyAffairs, `orgId=${tree.branchA2.id}&includeInactive=true`)).toEqual(
      await plainList(tree.branchA2.id, true),
    );
    expect((await countyAffairs.get(`/api/v1/members?orgId=${tree.countyB.id}`)).status).toBe(403);
    const search = await countyAffairs.get(`/api/v1/members?q=${encodeURIComponent('导入')}&pageSize=100`);
    const searched = search.body.items.map((m: { id: number }) => m.id);
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.every((id: number) => county.includes(id))).toBe(true);
  });
});
