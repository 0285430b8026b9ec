import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, login, type TestApp } from '../../test/harness.js';

/** A PATCH that changes nothing leaves no audit row; one that changes something leaves one. */

let t: TestApp;
let admin: Client;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  const u = await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }]);
  admin = await login(t.app, u.account, TEST_PASSWORD);
});
afterAll(() => t.close());

async function auditRows(): Promise<number> {
  const r = await t.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('a PATCH that changes nothing', () => {
  it('on an org, a member and a user writes no audit row', async () => {
    const m = await makeMember(t.db, tree.branchA1);
    const u = await makeUser(t.db, [{ role: 'member', orgId: tree.branchA1.id }]);
    const org = (await admin.get(`/api/v1/orgs/${tree.branchA2.id}`)).body as { name: string };
    const member = (await admin.get(`/api/v1/members/${m.id}`)).body as { name: string };
    const user = (await admin.get(`/api/v1/users/${u.id}`)).body as { displayName: string };
    const cases: [string, object][] = [
      [`/api/v1/orgs/${tree.branchA2.id}`, {}],
      [`/api/v1/orgs/${tree.branchA2.id}`, { name: org.name }],
      [`/api/v1/members/${m.id}`, {}],
      [`/api/v1/members/${m.id}`, { name: member.name }],
      [`/api/v1/users/${u.id}`, {}],
      [`/api/v1/users/${u.id}`, { displayName: user.displayName }],
    ];
    for (const [url, body] of cases) {
      const before = await auditRows();
      const res = await admin.patch(url, body);
      expect(res.status, res.raw.body).toBe(200);
      expect({ url, body, added: (await auditRows()) - before }).toEqual({ url, body, added: 0 });
    }
  });

  it('but a real change is still audited once', async () => {
    const m = await makeMember(t.db, tree.branchA1);
    const u = await makeUser(t.db, [{ role: 'member', orgId: tree.branchA1.id }]);
    const cases: [string, object][] = [
      [`/api/v1/orgs/${tree.branchA2.id}`, { name: 'A2支部（新）' }],
      [`/api/v1/members/${m.id}`, { name: '改过的名字' }],
      [`/api/v1/users/${u.id}`, { displayName: '新显示名' }],
    ];
    for (const [url, body] of cases) {
      const before = await auditRows();
      const res = await admin.patch(url, body);
      expect(res.status, res.raw.body).toBe(200);
      expect({ url, added: (await auditRows()) - before }).toEqual({ url, added: 1 });
    }
  });
});
