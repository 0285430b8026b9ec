import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow, OrgRow } from '../../db/types.js';
import { type Role, roles } from '../../domain/access/roles.js';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { type Client, createTestApp, fixedClock, login, type Res, type TestApp } from '../test/harness.js';

/**
 * The member-points endpoints × every role × a target inside or outside the role's subtree.
 * Roles are granted at county committee A (the scheme belongs to the root); "inside" targets
 * are branches under A, "outside" ones under B. `allowed` lists the roles that may act inside.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let schemeId = 0;
const clients = new Map<Role, Client>();
const as = (role: Role): Client => {
  const c = clients.get(role);
  if (!c) throw new Error(`no client for ${role}`);
  return c;
};

const items = [
  {
    code: 'P01',
    name: '主题党日',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 200 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
];

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
  tree = await makeTree(t.db);
  const affairsRoot = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  const committeeRoot = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'committee', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  const s = await affairsRoot.post('/api/v1/points/schemes', {
    rootOrgId: tree.root.id,
    year: 2026,
    name: '2026',
  });
  schemeId = s.body.id;
  await affairsRoot.inject({
    method: 'PUT',
    url: `/api/v1/points/schemes/${schemeId}/draft`,
    payload: { rules: s.body.draft.rules, items },
  });
  await committeeRoot.post(`/api/v1/points/schemes/${schemeId}/adopt`);
  for (const role of roles) {
    const u = await makeUser(t.db, [{ role, orgId: tree.countyA.id }]);
    clients.set(role, await login(t.app, u.account, TEST_PASSWORD));
  }
});
afterAll(() => t.close());

type Where = 'inside' | 'outside';
const county = (w: Where) => (w === 'inside' ? tree.countyA : tree.countyB);
const branchWithMember = async (w: Where): Promise<{ branch: OrgRow; member: MemberRow }> => {
  const branch = await makeOrg(t.db, 'branch', county(w));
  return { branch, member: await makeMember(t.db, branch) };
};
/** A submitted entry made directly in the database (so the matrix tests one step at a time). */
const submittedEntry = async (w: Where, kind: 'normal' | 'adjustment' = 'normal') => {
  const { branch, member } = await branchWithMember(w);
  const at = '2026-03-10T02:00:00.000Z';
  const row = await t.db
    .insertInto('points_entry')
    .values({
      scheme_id: schemeId,
      member_id: member.id,
      branch_id: branch.id,
      item_code: 'P01',
      occurred_on: '2026-03-10',
      quarter: '2026-Q1',
      quantity: 1,
      points: 200,
      note: null,
      kind,
      state: 'submitted',
      activity_id: null,
      revokes_entry_id: null,
      appeal_id: null,
      created_by: 1,
      created_at: at,
      updated_at: at,
      submitted_at: at,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
    })
    .returning(['id', 'row_version'])
    .executeTakeFirstOrThrow();
  return row;
};

interface Case {
  name: string;
  allowed: Role[];
  call(c: Client, where: Where): Promise<Res>;
}

const cases: Case[] = [
  {
    name: 'POST /points/entries (enter for a member)',
    allowed: ['secretary'],
    call: async (c, w) => {
      const { member } = await branchWithMember(w);
      return c.post('/api/v1/points/entries', {
        schemeId,
        memberId: member.id,
        itemCode: 'P01',
        occurredOn: '2026-03-02',
      });
    },
  },
  {
    name: 'POST /points/activities',
    allowed: ['secretary'],
    call: async (c, w) => {
      const { branch, member } = await branchWithMember(w);
      return c.post('/api/v1/points/activities', {
        schemeId,
        branchId: branch.id,
        title: '主题党日',
        kind: '主题党日',
        occurredOn: '2026-03-03',
        itemCode: 'P01',
        memberIds: [member.id],
      });
    },
  },
  {
    name: 'approve a submitted entry',
    allowed: ['affairs'],
    call: async (c, w) => {
      const e = await submittedEntry(w);
      return c.post(`/api/v1/points/entries/${e.id}/actions`, {
        action: 'approve',
        rowVersion: e.row_version,
      });
    },
  },
  {
    name: 'return a submitted entry',
    allowed: ['affairs'],
    call: async (c, w) => {
      const e = await submittedEntry(w);
      return c.post(`/api/v1/points/entries/${e.id}/actions`, {
        action: 'return',
        reason: '缺少佐证',
        rowVersion: e.row_version,
      });
    },
  },
  {
    name: 'bulk approve',
    allowed: ['affairs'],
    call: async (c, w) =>
      c.post('/api/v1/points/entries/bulk', {
        ids: [(await submittedEntry(w)).id, (await submittedEntry(w)).id],
        action: 'approve',
      }),
  },
  {
    name: 'GET /points/entries/:id',
    allowed: ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector'],
    call: async (c, w) => c.get(`/api/v1/points/entries/${(await submittedEntry(w)).id}`),
  },
];

describe('points permission matrix', () => {
  for (const kase of cases) {
    for (const role of roles) {
      for (const where of ['inside', 'outside'] as const) {
        const expectAllowed = where === 'inside' && kase.allowed.includes(role);
        it(`${kase.name} as ${role} ${where} → ${expectAllowed ? 'allowed' : '403'}`, async () => {
          const c = as(role);
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
          const before = await byActor();
          const res = await kase.call(c, where);
          if (expectAllowed) {
            expect(res.status, JSON.stringify(res.body)).toBe(200);
          } else {
            expect(res.status, JSON.stringify(res.body)).toBe(403);
            expect(await byActor()).toBe(before);
          }
        });
      }
    }
  }
});

describe('points scheme and quarter roles', () => {
  it('only affairs at the root creates a scheme; only the committee adopts; nobody below the root does either', async () => {
    for (const role of roles) {
      const res = await as(role).post('/api/v1/points/schemes', {
        rootOrgId: tree.root.id,
        year: 2027,
        name: 'x',
      });
      expect(res.status).toBe(403);
      expect((await as(role).post(`/api/v1/points/schemes/${schemeId}/adopt`)).status).not.toBe(200);
    }
  });

  it('county-level roles can neither close nor publish the root’s quarter', async () => {
    for (const role of roles) {
      expect((await as(role).post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/close`)).status).toBe(
        403,
      );
      expect(
        (await as(role).post(`/api/v1/points/schemes/${schemeId}/quarters/2026-Q1/publish`)).status,
      ).toBe(403);
    }
  });

  it('the review queue lists only entries inside the reviewer’s subtree', async () => {
    const inside = await submittedEntry('inside');
    const outside = await submittedEntry('outside');
    const res = await as('affairs').get('/api/v1/points/entries?state=submitted&pageSize=200');
    const ids = res.body.items.map((e: { id: number }) => e.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect((await as('member').get('/api/v1/points/entries?state=submitted')).status).toBe(403);
  });
});
