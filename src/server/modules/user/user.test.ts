import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, createTestApp, login, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let admin: Client;
let countyAdmin: Client;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  admin = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  countyAdmin = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'admin', orgId: tree.countyA.id }])).account,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

describe('users and grants', () => {
  it('creates a user linked to a member who must change the initial password', async () => {
    const m = await makeMember(t.db, tree.branchA1);
    const account = uniq('zhang');
    const res = await admin.post('/api/v1/users', {
      account,
      displayName: '张三',
      password: 'Init-pass-1',
      memberId: m.id,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ account, memberId: m.id, active: true, grants: [] });
    const c = await login(t.app, account, 'Init-pass-1');
    const me = await c.get('/api/v1/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    const before = await c.get(`/api/v1/members/${m.id}`);
    expect(before.status).toBe(403);
    expect(before.body.error.code).toBe('password_change_required');
    await c.post('/api/v1/auth/password', { currentPassword: 'Init-pass-1', newPassword: 'Mine-pass-2' });
    expect((await c.get(`/api/v1/members/${m.id}`)).status).toBe(200);
  });

  it('refuses a duplicate account, a weak password and a second account for one member', async () => {
    const account = uniq('dup');
    await admin.post('/api/v1/users', { account, displayName: 'x', password: 'Init-pass-1' });
    expect(
      (await admin.post('/api/v1/users', { account, displayName: 'y', password: 'Init-pass-1' })).body.error
        .code,
    ).toBe('duplicate_account');
    expect(
      (await admin.post('/api/v1/users', { account: uniq('w'), displayName: 'y', password: 'password' })).body
        .error.code,
    ).toBe('weak_password');
    const m = await makeMember(t.db, tree.branchA1);
    await admin.post('/api/v1/users', {
      account: uniq('m'),
      displayName: 'y',
      password: 'Init-pass-1',
      memberId: m.id,
    });
    expect(
      (
        await admin.post('/api/v1/users', {
          account: uniq('m'),
          displayName: 'y',
          password: 'Init-pass-1',
          memberId: m.id,
        })
      ).status,
    ).toBe(409);
  });

  it('grants a role at a node, which reaches the subtree, and removes it', async () => {
    const u = await makeUser(t.db, []);
    const granted = await admin.post(`/api/v1/users/${u.id}/grants`, {
      role: 'secretary',
      orgId: tree.branchA1.id,
    });
    expect(granted.body.grants).toEqual([
      expect.objectContaining({ role: 'secretary', orgId: tree.branchA1.id }),
    ]);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    const orgs = await c.get('/api/v1/orgs');
    expect(orgs.body.items.map((o: { id: number }) => o.id).sort()).toEqual(
      [tree.branchA1.id, tree.groupA1.id].sort(),
    );
    const dup = await admin.post(`/api/v1/users/${u.id}/grants`, {
      role: 'secretary',
      orgId: tree.branchA1.id,
    });
    expect(dup.status).toBe(409);
    const bad = await admin.post(`/api/v1/users/${u.id}/grants`, { role: 'king', orgId: tree.branchA1.id });
    expect(bad.body.error.code).toBe('validation_failed');
    const removed = await admin.delete(`/api/v1/users/${u.id}/grants/${granted.body.grants[0].id}`);
    expect(removed.body.grants).toEqual([]);
    // The change takes effect on the next request of the existing session.
    expect((await c.get('/api/v1/orgs')).status).toBe(403);
  });

  it('a county admin lists only users of its subtree and cannot grant outside it', async () => {
    const inA = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA2.id }]);
    const inB = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchB1.id }]);
    const list = await countyAdmin.get('/api/v1/users?pageSize=200');
    const ids = list.body.items.map((u: { id: number }) => u.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(inB.id);
    expect(
      (await countyAdmin.post(`/api/v1/users/${inA.id}/grants`, { role: 'admin', orgId: tree.root.id }))
        .status,
    ).toBe(403);
    expect(
      (
        await countyAdmin.post('/api/v1/users', {
          account: uniq('z'),
          displayName: 'z',
          password: 'Init-pass-1',
        })
      ).status,
    ).toBe(403);
  });

  it('reset-password ends the sessions and forces a change; disabling blocks login', async () => {
    const u = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }]);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    expect(
      (await admin.post(`/api/v1/users/${u.id}/reset-password`, { newPassword: 'Brand-new-9' })).status,
    ).toBe(200);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    const again = await login(t.app, u.account, 'Brand-new-9');
    expect((await again.get('/api/v1/auth/me')).body.mustChangePassword).toBe(true);
    await admin.patch(`/api/v1/users/${u.id}`, { active: false });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: u.account, password: 'Brand-new-9' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('account_disabled');
  });

  it('a session already read sees a granted role, a new name, a reset password and a disabled account on its next request', async () => {
    // Each step follows a request of the session, so the server holds it in memory (see
    // lib/session-cache.ts): the change must still show on the very next request.
    const u = await makeUser(t.db, []);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    expect((await c.get('/api/v1/orgs')).status).toBe(403);
    const granted = await admin.post(`/api/v1/users/${u.id}/grants`, {
      role: 'secretary',
      orgId: tree.branchA1.id,
    });
    expect(granted.status).toBe(200);
    expect((await c.get('/api/v1/orgs')).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${u.id}`, { displayName: '改名之后' })).status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).body.displayName).toBe('改名之后');
    await admin.delete(`/api/v1/users/${u.id}/grants/${granted.body.grants[0].id}`);
    expect((await c.get('/api/v1/orgs')).status).toBe(403);
    await admin.patch(`/api/v1/users/${u.id}`, { active: false });
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    await admin.patch(`/api/v1/users/${u.id}`, { active: true });
    const again = await login(t.app, u.account, TEST_PASSWORD);
    expect((await again.get('/api/v1/auth/me')).status).toBe(200);
    await admin.post(`/api/v1/users/${u.id}/reset-password`, { newPassword: 'Brand-new-9' });
    expect((await again.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('an admin cannot disable themself or drop their own admin grant', async () => {
    const me = await admin.get('/api/v1/auth/me');
    expect((await admin.patch(`/api/v1/users/${me.body.id}`, { active: false })).status).toBe(409);
    expect((await admin.delete(`/api/v1/users/${me.body.id}/grants/${me.body.grants[0].id}`)).status).toBe(
      409,
    );
  });
});

describe('unlocking a slowed login', () => {
  const attempt = (account: string, password: string, remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account, password },
      remoteAddress,
    });

  const slowDown = async (account: string, address: string) => {
    for (let i = 0; i < 3; i++)
      expect((await attempt(account, 'wrong-pass-1', address)).statusCode).toBe(401);
    expect((await attempt(account, TEST_PASSWORD, address)).statusCode).toBe(429);
  };

  it('an admin clears the failures, the owner logs in at once, and the unlock is audited', async () => {
    const u = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }]);
    await slowDown(u.account, '10.5.0.1');
    const res = await admin.post(`/api/v1/users/${u.id}/unlock-login`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, failuresCleared: 3 });
    expect((await attempt(u.account, TEST_PASSWORD, '10.5.0.1')).statusCode).toBe(200);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_account', 'after_json'])
      .where('action', '=', 'user.unlock_login')
      .where('entity_id', '=', String(u.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_account).toBe(admin.account);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toEqual({ failuresCleared: 3 });
  });

  it('only an admin whose scope holds the user may unlock', async () => {
    const inA = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA2.id }]);
    const inB = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchB1.id }]);
    await slowDown(inB.account, '10.5.0.2');
    const secretary = await login(
      t.app,
      (await makeUser(t.db, [{ role: 'secretary', orgId: tree.countyA.id }])).account,
      TEST_PASSWORD,
    );
    const bySecretary = await secretary.post(`/api/v1/users/${inA.id}/unlock-login`);
    expect(bySecretary.status).toBe(403);
    expect(bySecretary.body.error.code).toBe('forbidden');
    const outside = await countyAdmin.post(`/api/v1/users/${inB.id}/unlock-login`);
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('forbidden');
    // Still slowed: nothing was cleared.
    expect((await attempt(inB.account, TEST_PASSWORD, '10.5.0.2')).statusCode).toBe(429);
    expect((await countyAdmin.post(`/api/v1/users/${inA.id}/unlock-login`)).status).toBe(200);
    expect((await admin.post('/api/v1/users/999999/unlock-login')).status).toBe(404);
  });
});
