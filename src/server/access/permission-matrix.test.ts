import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../db/types.js';
import { type Permission, permissions, type Role, roles } from '../../domain/access/roles.js';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { type Client, createTestApp, login, type Res, type TestApp } from '../test/harness.js';

/**
 * Every endpoint × every role × a target inside or outside the role's subtree. Each role is
 * granted at county committee A; "inside" targets live under A, "outside" ones under county B.
 * A call is allowed exactly when the permission table gives the role the endpoint's
 * permission and the target is inside; otherwise the server must answer 403 and change nothing.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
const clients = new Map<Role, Client>();
const as = (role: Role): Client => {
  const c = clients.get(role);
  if (!c) throw new Error(`no client for ${role}`);
  return c;
};

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  for (const role of roles) {
    const u = await makeUser(t.db, [{ role, orgId: tree.countyA.id }]);
    clients.set(role, await login(t.app, u.account, TEST_PASSWORD));
  }
});
afterAll(() => t.close());

type Where = 'inside' | 'outside';
interface Case {
  name: string;
  permission: Permission;
  call(c: Client, where: Where): Promise<Res>;
}

const county = (w: Where) => (w === 'inside' ? tree.countyA : tree.countyB);
const branch = async (w: Where): Promise<OrgRow> => makeOrg(t.db, 'branch', county(w));
const member = async (w: Where) => makeMember(t.db, await branch(w));

const cases: Case[] = [
  {
    name: 'GET /orgs/:id',
    permission: 'org.read',
    call: async (c, w) => c.get(`/api/v1/orgs/${(await branch(w)).id}`),
  },
  {
    name: 'POST /orgs',
    permission: 'org.manage',
    call: async (c, w) =>
      c.post('/api/v1/orgs', {
        kind: 'branch',
        code: `B${Math.random().toString(36).slice(2, 9)}`,
        name: '新支部',
        parentId: county(w).id,
      }),
  },
  {
    name: 'PATCH /orgs/:id',
    permission: 'org.manage',
    call: async (c, w) => c.patch(`/api/v1/orgs/${(await branch(w)).id}`, { name: '改名' }),
  },
  {
    name: 'POST /orgs/:id/move',
    permission: 'org.manage',
    call: async (c, w) =>
      c.post(`/api/v1/orgs/${(await branch(w)).id}/move`, {
        parentId: (await makeOrg(t.db, 'general_branch', county(w))).id,
      }),
  },
  {
    name: 'POST /orgs/:id/deactivate',
    permission: 'org.manage',
    call: async (c, w) => c.post(`/api/v1/orgs/${(await branch(w)).id}/deactivate`, {}),
  },
  {
    name: 'GET /members?orgId',
    permission: 'member.read',
    call: async (c, w) => c.get(`/api/v1/members?orgId=${county(w).id}`),
  },
  {
    name: 'GET /members/:id',
    permission: 'member.read',
    call: async (c, w) => c.get(`/api/v1/members/${(await member(w)).id}`),
  },
  {
    name: 'POST /members',
    permission: 'member.manage',
    call: async (c, w) =>
      c.post('/api/v1/members', {
        employeeNo: `N${Math.random().toString(36).slice(2, 10)}`,
        name: '新党员',
        gender: 'F',
        status: 'full',
        branchId: (await branch(w)).id,
      }),
  },
  {
    name: 'PATCH /members/:id',
    permission: 'member.manage',
    call: async (c, w) => c.patch(`/api/v1/members/${(await member(w)).id}`, { post: '班长' }),
  },
  {
    name: 'POST /members/:id/transfer',
    permission: 'member.manage',
    call: async (c, w) =>
      c.post(`/api/v1/members/${(await member(w)).id}/transfer`, {
        toBranchId: (await branch(w)).id,
        date: '2026-03-01',
      }),
  },
  {
    name: 'POST /members/:id/deactivate',
    permission: 'member.manage',
    call: async (c, w) =>
      c.post(`/api/v1/members/${(await member(w)).id}/deactivate`, { date: '2026-03-01' }),
  },
  {
    name: 'GET /users/:id',
    permission: 'user.read',
    call: async (c, w) =>
      c.get(
        `/api/v1/users/${(await makeUser(t.db, [{ role: 'secretary', orgId: (await branch(w)).id }])).id}`,
      ),
  },
  {
    name: 'PATCH /users/:id',
    permission: 'user.manage',
    call: async (c, w) =>
      c.patch(
        `/api/v1/users/${(await makeUser(t.db, [{ role: 'secretary', orgId: (await branch(w)).id }])).id}`,
        { displayName: '改' },
      ),
  },
  {
    name: 'POST /users/:id/reset-password',
    permission: 'user.manage',
    call: async (c, w) =>
      c.post(
        `/api/v1/users/${(await makeUser(t.db, [{ role: 'secretary', orgId: (await branch(w)).id }])).id}/reset-password`,
        { newPassword: 'Reset-2026x' },
      ),
  },
  {
    name: 'POST /users/:id/unlock-login',
    permission: 'user.manage',
    call: async (c, w) =>
      c.post(
        `/api/v1/users/${(await makeUser(t.db, [{ role: 'secretary', orgId: (await branch(w)).id }])).id}/unlock-login`,
      ),
  },
  {
    name: 'POST /users/:id/grants',
    permission: 'user.manage',
    call: async (c, w) => {
      const u = await makeUser(t.db, []);
      return c.post(`/api/v1/users/${u.id}/grants`, { role: 'secretary', orgId: (await branch(w)).id });
    },
  },
  {
    name: 'DELETE /users/:id/grants/:grantId',
    permission: 'user.manage',
    call: async (c, w) => {
      const u = await makeUser(t.db, [{ role: 'secretary', orgId: (await branch(w)).id }]);
      const g = await t.db
        .selectFrom('role_grant')
        .select('id')
        .where('user_id', '=', u.id)
        .executeTakeFirstOrThrow();
      return c.delete(`/api/v1/users/${u.id}/grants/${g.id}`);
    },
  },
  {
    name: 'GET /members/export.xlsx?orgId',
    permission: 'member.read',
    call: async (c, w) => c.get(`/api/v1/members/export.xlsx?orgId=${(await branch(w)).id}`),
  },
  {
    name: 'GET /files/:id',
    permission: 'evidence.read',
    call: async (c, w) => {
      const b = await branch(w);
      // An upload by someone else, for an org inside or outside the caller's subtree.
      const uploader = await makeUser(t.db, [{ role: 'secretary', orgId: b.id }]);
      const at = new Date().toISOString();
      const hash = `${Math.random().toString(16).slice(2)}${'0'.repeat(48)}`.slice(0, 64);
      await t.db
        .insertInto('file_blob')
        .values({ hash, size: 4, mime: 'image/png', created_at: at })
        .execute();
      const f = await t.db
        .insertInto('file_upload')
        .values({ hash, original_name: 'x.png', org_id: b.id, uploaded_by: uploader.id, uploaded_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return c.get(`/api/v1/files/${f.id}/meta`);
    },
  },
];

describe('permission matrix', () => {
  for (const kase of cases) {
    for (const role of roles) {
      for (const where of ['inside', 'outside'] as const) {
        const expectAllowed =
          where === 'inside' && (permissions[kase.permission] as readonly Role[]).includes(role);
        it(`${kase.name} as ${role} ${where} → ${expectAllowed ? 'allowed' : '403'}`, async () => {
          const c = clients.get(role);
          if (!c) throw new Error('no client');
          const byActor = async () =>
            Number(
              (
                await t.db
                  .selectFrom('audit_log')
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where('actor_account', '=', c.account)
                  .where('action', 'not like', 'auth.%')
                  .executeTakeFirstOrThrow()
              ).n,
            );
          const auditBefore = await byActor();
          const res = await kase.call(c, where);
          if (expectAllowed) {
            expect(res.status, JSON.stringify(res.body)).toBe(200);
          } else {
            expect(res.status, JSON.stringify(res.body)).toBe(403);
            expect(res.body.error.code).toBe('forbidden');
            // Nothing was written in the caller's name.
            expect(await byActor()).toBe(auditBefore);
          }
        });
      }
    }
  }
});

describe('lists are scoped to the subtree', () => {
  it('GET /orgs shows only the subtree of the grant', async () => {
    for (const role of ['admin', 'secretary', 'committee'] as const) {
      const res = await as(role).get('/api/v1/orgs');
      const ids = new Set((res.body.items as { id: number }[]).map((o) => o.id));
      expect(ids.has(tree.countyA.id)).toBe(true);
      expect(ids.has(tree.branchA1.id)).toBe(true);
      expect(ids.has(tree.countyB.id)).toBe(false);
      expect(ids.has(tree.branchB1.id)).toBe(false);
      expect(ids.has(tree.root.id)).toBe(false);
    }
  });

  it('GET /members without orgId lists only members inside the grant', async () => {
    const inside = await makeMember(t.db, tree.branchA1);
    const outside = await makeMember(t.db, tree.branchB1);
    const res = await as('eval_office').get('/api/v1/members?pageSize=200');
    const ids = (res.body.items as { id: number }[]).map((m) => m.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
  });

  it('roles without the permission get 403 on lists', async () => {
    expect((await as('member').get('/api/v1/orgs')).status).toBe(403);
    expect((await as('member').get('/api/v1/members')).status).toBe(403);
    expect((await as('inspector').get('/api/v1/members')).status).toBe(403);
    for (const role of roles.filter((r) => r !== 'admin')) {
      expect((await as(role).get('/api/v1/users')).status).toBe(403);
      expect((await as(role).get('/api/v1/audit')).status).toBe(403);
    }
  });

  it('a county admin sees only audit rows about its subtree', async () => {
    const res = await as('admin').get('/api/v1/audit?pageSize=200');
    expect(res.status).toBe(200);
    const scoped = await t.db
      .selectFrom('org_closure')
      .select('descendant_id')
      .where('ancestor_id', '=', tree.countyA.id)
      .execute();
    const allowed = new Set(scoped.map((r) => r.descendant_id));
    for (const row of res.body.items as { orgId: number | null }[]) {
      expect(row.orgId !== null && allowed.has(row.orgId)).toBe(true);
    }
  });

  it('a member can read their own record and nobody else’s', async () => {
    const self = await makeMember(t.db, tree.branchA1);
    const other = await makeMember(t.db, tree.branchA1);
    const u = await makeUser(t.db, [{ role: 'member', orgId: tree.branchA1.id }], self.id);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    expect((await c.get(`/api/v1/members/${self.id}`)).status).toBe(200);
    expect((await c.get(`/api/v1/members/${other.id}`)).status).toBe(403);
  });
});
