import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, createTestApp, login, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  admin = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

const closureOf = async (id: number) =>
  (
    await t.db
      .selectFrom('org_closure')
      .select(['ancestor_id', 'depth'])
      .where('descendant_id', '=', id)
      .orderBy('depth')
      .execute()
  ).map((r) => [r.ancestor_id, r.depth]);

describe('org tree', () => {
  it('creates a branch and a group under it, with closure rows to every ancestor', async () => {
    const code = uniq('BR');
    const res = await admin.post('/api/v1/orgs', {
      kind: 'branch',
      code,
      name: '变电运维中心党支部',
      parentId: tree.countyA.id,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'branch',
      code,
      parentId: tree.countyA.id,
      tree: 'party',
      activeTo: null,
    });
    const group = await admin.post('/api/v1/orgs', {
      kind: 'group',
      code: uniq('GR'),
      name: '第一党小组',
      parentId: res.body.id,
    });
    expect(group.status).toBe(200);
    expect(await closureOf(group.body.id)).toEqual([
      [group.body.id, 0],
      [res.body.id, 1],
      [tree.countyA.id, 2],
      [tree.root.id, 3],
    ]);
  });

  it('refuses a duplicate code in the same tree and writes nothing', async () => {
    const before = await t.db
      .selectFrom('org')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await admin.post('/api/v1/orgs', {
      kind: 'branch',
      code: tree.branchA1.code,
      name: 'x',
      parentId: tree.countyA.id,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('duplicate_code');
    const after = await t.db
      .selectFrom('org')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses kinds that cannot sit under the parent', async () => {
    const groupUnderCommittee = await admin.post('/api/v1/orgs', {
      kind: 'group',
      code: uniq('G'),
      name: 'x',
      parentId: tree.countyA.id,
    });
    expect(groupUnderCommittee.body.error.code).toBe('invalid_parent');
    const unitUnderParty = await admin.post('/api/v1/orgs', {
      kind: 'team',
      code: uniq('T'),
      name: 'x',
      parentId: tree.branchA1.id,
    });
    expect(unitUnderParty.body.error.code).toBe('invalid_parent');
  });

  it('refuses wrong types, missing fields and unknown ids', async () => {
    const wrongType = await admin.post('/api/v1/orgs', {
      kind: 'branch',
      code: 12,
      name: 'x',
      parentId: 'abc',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('validation_failed');
    expect(wrongType.body.error.details.issues.length).toBeGreaterThan(0);
    const missing = await admin.post('/api/v1/orgs', { kind: 'branch' });
    expect(missing.body.error.code).toBe('validation_failed');
    const badKind = await admin.post('/api/v1/orgs', {
      kind: 'club',
      code: 'C1',
      name: 'x',
      parentId: tree.root.id,
    });
    expect(badKind.body.error.code).toBe('validation_failed');
    const unknown = await admin.patch('/api/v1/orgs/999999', { name: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('moves a subtree and rewrites the closure of every node in it', async () => {
    const gb = await makeOrg(t.db, 'general_branch', tree.countyB);
    const br = await makeOrg(t.db, 'branch', tree.countyA);
    const gr = await makeOrg(t.db, 'group', br);
    const res = await admin.post(`/api/v1/orgs/${br.id}/move`, { parentId: gb.id });
    expect(res.status).toBe(200);
    expect(res.body.parentId).toBe(gb.id);
    expect(await closureOf(gr.id)).toEqual([
      [gr.id, 0],
      [br.id, 1],
      [gb.id, 2],
      [tree.countyB.id, 3],
      [tree.root.id, 4],
    ]);
    const countyAIds = (
      await t.db
        .selectFrom('org_closure')
        .select('descendant_id')
        .where('ancestor_id', '=', tree.countyA.id)
        .execute()
    ).map((r) => r.descendant_id);
    expect(countyAIds).not.toContain(gr.id);
  });

  it('refuses to move a node under itself or its own descendant, and changes nothing', async () => {
    const gb = await makeOrg(t.db, 'general_branch', tree.countyA);
    const br = await makeOrg(t.db, 'branch', gb);
    const before = await closureOf(br.id);
    const self = await admin.post(`/api/v1/orgs/${gb.id}/move`, { parentId: gb.id });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('invalid_move');
    const under = await admin.post(`/api/v1/orgs/${tree.countyA.id}/move`, { parentId: br.id });
    expect(under.body.error.code).toBe('invalid_move');
    expect(await closureOf(br.id)).toEqual(before);
  });

  it('deactivates an empty node but keeps it (and never deletes), refusing one with members', async () => {
    const br = await makeOrg(t.db, 'branch', tree.countyA);
    await makeMember(t.db, br);
    const refused = await admin.post(`/api/v1/orgs/${br.id}/deactivate`, {});
    expect(refused.body.error.code).toBe('org_has_active_children');
    const empty = await makeOrg(t.db, 'branch', tree.countyA);
    const ok = await admin.post(`/api/v1/orgs/${empty.id}/deactivate`, { activeTo: '2026-03-31' });
    expect(ok.status).toBe(200);
    expect(ok.body.activeTo).toBe('2026-03-31');
    const list = await admin.get('/api/v1/orgs');
    expect(list.body.items.map((o: { id: number }) => o.id)).not.toContain(empty.id);
    const withInactive = await admin.get('/api/v1/orgs?includeInactive=true');
    expect(withInactive.body.items.map((o: { id: number }) => o.id)).toContain(empty.id);
    const under = await admin.post('/api/v1/orgs', {
      kind: 'group',
      code: uniq('G'),
      name: 'x',
      parentId: empty.id,
    });
    expect(under.body.error.code).toBe('org_inactive');
  });

  it('lists the unit tree separately and links a branch to a unit', async () => {
    const units = await admin.get('/api/v1/orgs?tree=unit');
    expect(units.body.items.map((o: { id: number }) => o.id)).toContain(tree.unitRoot.id);
    const linked = await admin.patch(`/api/v1/orgs/${tree.branchA2.id}`, { linkedUnitId: tree.unitRoot.id });
    expect(linked.body.linkedUnitId).toBe(tree.unitRoot.id);
    const wrong = await admin.patch(`/api/v1/orgs/${tree.branchA2.id}`, { linkedUnitId: tree.countyB.id });
    expect(wrong.status).toBe(404);
  });

  it('writes an audit row with before and after for a rename', async () => {
    const br = await makeOrg(t.db, 'branch', tree.countyA, '旧名称');
    await admin.patch(`/api/v1/orgs/${br.id}`, { name: '新名称' });
    const res = await admin.get(`/api/v1/audit?entityType=org&entityId=${br.id}&action=org.update`);
    expect(res.body.items[0]).toMatchObject({
      action: 'org.update',
      actorAccount: admin.account,
      before: expect.objectContaining({ name: '旧名称' }),
      after: expect.objectContaining({ name: '新名称' }),
    });
  });
});

describe('org list query', () => {
  it('reads includeInactive=false as false', async () => {
    const gone = await makeOrg(t.db, 'branch', tree.countyA);
    await admin.post(`/api/v1/orgs/${gone.id}/deactivate`, {});
    const res = await admin.get('/api/v1/orgs?includeInactive=false');
    expect(res.body.items.map((o: { id: number }) => o.id)).not.toContain(gone.id);
  });
});
