import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp, login, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
});
afterAll(() => t.close());

describe('health', () => {
  it('reports status, database and version without a session', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      database: expect.stringMatching(/^(sqlite|postgres)$/),
    });
    expect(res.json().version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('login', () => {
  it('returns the user with grants and a session cookie that is httpOnly and SameSite', async () => {
    const u = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: u.account, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.grants).toEqual([
      expect.objectContaining({ role: 'secretary', orgId: tree.branchA1.id, orgName: 'A1支部' }),
    ]);
    expect(body.permissions).toContain('member.read');
    expect(body.permissions).not.toContain('org.manage');
    const cookie = res.cookies.find((c) => c.name === 'kaohe_sid');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await t.app.inject({ url: '/api/v1/auth/me', cookies: { kaohe_sid: cookie?.value ?? '' } });
    expect(me.statusCode).toBe(200);
    expect(me.json().account).toBe(u.account);
  });

  it('rejects a wrong password with 401 invalid_credentials in both languages', async () => {
    const u = await makeUser(t.db, []);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: u.account, password: 'nope' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
    expect(res.json().error.message).toBe('Wrong account or password');
    expect(res.json().error.messages['zh-CN']).toBe('账号或密码错误');
  });

  it('gives the same answer for an unknown account', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: 'ghost', password: 'x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
  });

  it('throttles an account after 5 failures, even with the right password', async () => {
    const u = await makeUser(t.db, []);
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { account: u.account, password: 'bad' },
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: u.account, password: TEST_PASSWORD },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('too_many_attempts');
    t.clock.advance(16 * 60_000);
    const later = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: u.account, password: TEST_PASSWORD },
    });
    expect(later.statusCode).toBe(200);
  });

  it('rejects a body with missing fields as validation_failed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account: 'a' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });
});

describe('sessions and CSRF', () => {
  it('refuses API calls without a session', async () => {
    const res = await t.app.inject({ url: '/api/v1/orgs' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('refuses a state-changing call without the CSRF token and accepts it with one', async () => {
    const u = await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }]);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    const without = await c.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'x-csrf-token': 'wrong' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const ok = await c.post('/api/v1/auth/logout');
    expect(ok.status).toBe(200);
    const after = await c.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
  });

  it('ends a session after 8 idle hours', async () => {
    const u = await makeUser(t.db, []);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    t.clock.advance(9 * 3600_000);
    const res = await c.get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_expired');
  });

  it('changes the password after checking the current one', async () => {
    const u = await makeUser(t.db, []);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    expect(
      (await c.post('/api/v1/auth/password', { currentPassword: 'wrong', newPassword: 'Newpass123' })).body
        .error.code,
    ).toBe('wrong_password');
    expect(
      (await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' })).body
        .error.code,
    ).toBe('weak_password');
    expect(
      (await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Newpass123' }))
        .status,
    ).toBe(200);
    await expect(login(t.app, u.account, TEST_PASSWORD)).rejects.toThrow();
    await login(t.app, u.account, 'Newpass123');
  });
});
