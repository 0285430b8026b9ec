import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';

/**
 * The projects' versioned settings (grade floors, reminder and escalation days; SPEC §4) read with
 * their history: the version in force (the defaults, version 1, until one is saved) and every
 * saved version with who saved it and when — for the committee that may save them only.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
const c: Record<string, Client> = {};
const names: Record<string, string> = {};
const rule = {
  excellent: 9_000,
  good: 8_000,
  pass: 6_000,
  reminderDays: 3,
  affairsAfter: 5,
  committeeAfter: 10,
};
const cl = (who: string): Client => {
  const x = c[who];
  if (!x) throw new Error(`no client ${who}`);
  return x;
};
const status = async (who: string, method: 'PUT', url: string, payload: object) => {
  const r = await cl(who).inject({ method, url, payload });
  return { status: r.statusCode, body: r.json() as Json };
};

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-02-02T02:00:00.000Z') });
  tree = await makeTree(t.db);
  const other = await makeOrg(t.db, 'committee', null, '另一党委');
  for (const [who, role, orgId] of [
    ['committee', 'committee', tree.root.id],
    ['committee2', 'committee', tree.root.id],
    ['otherCommittee', 'committee', other.id],
    ['secretary', 'secretary', tree.branchA1.id],
  ] as const) {
    const u = await makeUser(t.db, [{ role, orgId }]);
    c[who] = await login(t.app, u.account, TEST_PASSWORD);
    names[who] = (
      await t.db
        .selectFrom('app_user')
        .select('display_name')
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow()
    ).display_name;
  }
});
afterAll(() => t.close());

describe('the projects’ settings and their history', () => {
  const url = () => `/api/v1/projects/rules?orgId=${tree.root.id}&year=2026`;

  it('shows the defaults as version 1 until a version is saved', async () => {
    const r = await cl('committee').get(url());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.current).toEqual({ version: 1, isDefault: true, ...rule });
    expect(r.body.history).toEqual([]);
  });

  it('lists every saved version newest first with who saved it and when', async () => {
    const put = (who: string, body: object) => status(who, 'PUT', '/api/v1/projects/rules', body);
    expect(
      (
        await put('committee', {
          orgId: tree.root.id,
          year: 2026,
          ...rule,
          reminderDays: 5,
          expectedVersion: 0,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await put('committee2', {
          orgId: tree.root.id,
          year: 2026,
          ...rule,
          excellent: 9_500,
          reminderDays: 5,
          expectedVersion: 2,
        })
      ).status,
    ).toBe(200);
    const r = await cl('committee').get(url());
    expect(r.status).toBe(200);
    expect(r.body.current).toEqual({
      version: 3,
      isDefault: false,
      ...rule,
      excellent: 9_500,
      reminderDays: 5,
    });
    expect(
      (r.body.history as Json[]).map((h) => [h.version, h.excellent, h.reminderDays, h.createdBy.name]),
    ).toEqual([
      [3, 9_500, 5, names.committee2],
      [2, 9_000, 5, names.committee],
    ]);
    expect(r.body.history[0].createdAt).toBe('2026-02-02T02:00:00.000Z');
    // Another year keeps its own settings.
    expect(
      (await cl('committee').get(`/api/v1/projects/rules?orgId=${tree.root.id}&year=2027`)).body.current
        .version,
    ).toBe(1);
  });

  it('is refused to a secretary and to another organisation’s committee', async () => {
    for (const who of ['secretary', 'otherCommittee']) {
      const r = await cl(who).get(url());
      expect(r.status, who).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });
});
