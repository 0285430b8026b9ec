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

  it('rejects a body with missing fields as validation_failed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { account: 'a' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });
});

const attempt = (account: string, password: string, remoteAddress: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { account, password },
    remoteAddress,
    headers: { 'accept-language': 'en' },
  });

describe('login throttling', () => {
  it('answers a guesser at one account from one address with 429 and a growing Retry-After', async () => {
    const u = await makeUser(t.db, []);
    for (let i = 0; i < 3; i++) expect((await attempt(u.account, 'bad', '10.1.0.1')).statusCode).toBe(401);
    const waits: string[] = [];
    for (let i = 0; i < 3; i++) {
      const slowed = await attempt(u.account, TEST_PASSWORD, '10.1.0.1');
      expect(slowed.statusCode).toBe(429);
      expect(slowed.json().error.code).toBe('too_many_attempts');
      const wait = String(slowed.headers['retry-after']);
      expect(slowed.json().error.details).toMatchObject({ scope: 'pair', retryAfterSeconds: Number(wait) });
      expect(slowed.json().error.message).toContain(`${wait} s`);
      expect(slowed.json().error.messages['zh-CN']).toContain(`${wait} 秒`);
      waits.push(wait);
      t.clock.advance(Number(wait) * 1000);
      expect((await attempt(u.account, 'bad', '10.1.0.1')).statusCode).toBe(401);
    }
    expect(waits).toEqual(['1', '2', '4']);
    // A throttled attempt is not counted: the wait does not grow while the guesser hammers.
    const again = await attempt(u.account, 'bad', '10.1.0.1');
    expect(again.headers['retry-after']).toBe('8');
    expect((await attempt(u.account, 'bad', '10.1.0.1')).headers['retry-after']).toBe('8');
    // Once the wait is over, the right password works: failures slow, they never lock.
    t.clock.advance(8000);
    expect((await attempt(u.account, TEST_PASSWORD, '10.1.0.1')).statusCode).toBe(200);
  });

  it('slows an unknown account exactly like a known one', async () => {
    const ghost = `ghost-${Math.random().toString(36).slice(2)}`;
    for (let i = 0; i < 3; i++) expect((await attempt(ghost, 'bad', '10.1.0.2')).statusCode).toBe(401);
    const slowed = await attempt(ghost, 'bad', '10.1.0.2');
    expect(slowed.statusCode).toBe(429);
    expect(slowed.headers['retry-after']).toBe('1');
  });

  it('an attacker hammering from many addresses cannot keep the owner out of their usual one', async () => {
    const u = await makeUser(t.db, []);
    // The owner logs in from their usual address.
    expect((await attempt(u.account, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(200);
    t.clock.advance(60_000);
    // The attacker: three guesses from each of twenty addresses, far past the account's ceiling.
    let refused = 0;
    for (let a = 1; a <= 20; a++) {
      for (let i = 0; i < 3; i++) {
        const r = await attempt(u.account, `guess-${a}-${i}`, `10.66.0.${a}`);
        expect([401, 429]).toContain(r.statusCode);
        if (r.statusCode === 429) {
          refused++;
          expect(r.json().error.details.scope).toBe('account');
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    // A new address is slowed even with the right password (it could be the attacker's lucky guess)…
    const stranger = await attempt(u.account, TEST_PASSWORD, '10.77.0.1');
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().error.details.scope).toBe('account');
    // …and so is the attacker's own address…
    expect((await attempt(u.account, TEST_PASSWORD, '10.66.0.1')).statusCode).toBe(429);
    // …but the owner, from their usual address, logs in at once.
    expect((await attempt(u.account, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(200);
  });

  it('slows one address that sprays many accounts, and only that address', async () => {
    const users = await Promise.all(Array.from({ length: 25 }, () => makeUser(t.db, [])));
    let firstSlowed = -1;
    for (const [i, u] of users.entries()) {
      const r = await attempt(u.account, 'Spring2026', '10.3.0.1');
      if (r.statusCode === 429) {
        firstSlowed = i;
        expect(r.json().error.details.scope).toBe('address');
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        break;
      }
      expect(r.statusCode).toBe(401);
    }
    expect(firstSlowed).toBe(20);
    const victim = users[24];
    if (!victim) throw new Error('no user');
    expect((await attempt(victim.account, TEST_PASSWORD, '10.3.0.1')).statusCode).toBe(429);
    expect((await attempt(victim.account, TEST_PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });
});

describe('login throttling under concurrent attempts', () => {
  it('a parallel burst of guesses gets no more tries than a sequential one', async () => {
    const u = await makeUser(t.db, []);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt(u.account, `burst-${i}`, '10.4.0.1')),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 401)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
  });

  it('many people logging in at once behind one address do not slow each other', async () => {
    const users = await Promise.all(Array.from({ length: 25 }, () => makeUser(t.db, [])));
    const results = await Promise.all(users.map((u) => attempt(u.account, TEST_PASSWORD, '10.4.0.2')));
    expect(results.map((r) => r.statusCode)).toEqual(users.map(() => 200));
  });
});

describe('a password that must be changed', () => {
  it('allows only me, change-password and logout until it is changed', async () => {
    const adminUser = await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }]);
    const admin = await login(t.app, adminUser.account, TEST_PASSWORD);
    const account = `fresh${Math.random().toString(36).slice(2, 8)}`;
    const created = await admin.post('/api/v1/users', {
      account,
      displayName: '新用户',
      password: 'Init-pass-1',
    });
    expect(created.status).toBe(200);
    expect(
      (await admin.post(`/api/v1/users/${created.body.id}/grants`, { role: 'admin', orgId: tree.countyA.id }))
        .status,
    ).toBe(200);
    const c = await login(t.app, account, 'Init-pass-1');
    const me = await c.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(true);

    const read = await c.inject({ method: 'GET', url: '/api/v1/orgs', headers: { 'accept-language': 'en' } });
    expect(read.statusCode).toBe(403);
    expect(read.json().error.code).toBe('password_change_required');
    expect(read.json().error.message).toMatch(/change your password/i);
    expect(read.json().error.messages['zh-CN']).toContain('修改密码');
    const orgsBefore = await t.db.selectFrom('org').select('id').execute();
    const write = await c.post('/api/v1/orgs', {
      kind: 'branch',
      code: `BX${Math.random().toString(36).slice(2, 8)}`,
      name: '不该建成',
      parentId: tree.countyA.id,
    });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('password_change_required');
    expect(await t.db.selectFrom('org').select('id').execute()).toHaveLength(orgsBefore.length);
    expect((await c.get(`/api/v1/users/${created.body.id}`)).body.error.code).toBe(
      'password_change_required',
    );

    expect(
      (
        await c.post('/api/v1/auth/password', {
          currentPassword: 'Init-pass-1',
          newPassword: 'Own-pass-2026',
        })
      ).status,
    ).toBe(200);
    expect((await c.get('/api/v1/auth/me')).body.mustChangePassword).toBe(false);
    expect((await c.get('/api/v1/orgs')).status).toBe(200);
    const afterWrite = await c.post('/api/v1/orgs', {
      kind: 'branch',
      code: `BY${Math.random().toString(36).slice(2, 8)}`,
      name: '新支部',
      parentId: tree.countyA.id,
    });
    expect(afterWrite.status).toBe(200);
  });

  it('still lets the user log out', async () => {
    const u = await makeUser(t.db, []);
    await t.db.updateTable('app_user').set({ must_change_password: 1 }).where('id', '=', u.id).execute();
    const c = await login(t.app, u.account, TEST_PASSWORD);
    expect((await c.get('/api/v1/todo')).status).toBe(403);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
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

describe('who is logged in (/auth/session)', () => {
  it('answers 200 with no user without a session or with a stale cookie, and the user with one', async () => {
    const none = await t.app.inject({ url: '/api/v1/auth/session' });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ user: null, day: null });

    const stale = await t.app.inject({ url: '/api/v1/auth/session', cookies: { kaohe_sid: 'forged.value' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ user: null, day: null });

    const u = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }]);
    const c = await login(t.app, u.account, TEST_PASSWORD);
    const mine = await c.get('/api/v1/auth/session');
    expect(mine.status).toBe(200);
    expect(mine.body.user).toMatchObject({ account: u.account, csrfToken: c.csrf });
    expect(mine.body.user.permissions).toContain('member.read');
    // The server's day comes with it, as /calendar/today gives it.
    expect(mine.body.day).toEqual((await c.get('/api/v1/calendar/today')).body);

    await c.post('/api/v1/auth/logout');
    expect((await c.get('/api/v1/auth/session')).body).toEqual({ user: null, day: null });
  });
});
