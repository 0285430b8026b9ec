import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/kysely.js';
import { roles } from '../domain/access/roles.js';
import { type Deps, systemClock } from '../server/lib/context.js';
import { login } from '../server/modules/auth/auth.service.js';
import { createTestDb, fixedClock, type TestDb, testDialect } from '../server/test/harness.js';
import { demoTestDb } from '../test-support/demo-db.js';
import { auditCommand } from './audit-command.js';
import { backupCommand } from './backup-command.js';
import type { CliIo } from './seed-command.js';
import { seedCommand } from './seed-command.js';
import {
  DEMO_BRANCH_CODE,
  DEMO_PASSWORD,
  demoAccounts,
  HISTORY_EPOCH,
  seedDemo,
  seedDemoIfEmpty,
} from './seed-demo.js';
import { ScaleNeedsPostgresError, seedScale } from './seed-scale.js';
import { userCommand } from './user-command.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-cli-'));
  tmpDirs.push(d);
  return d;
};

/** An io whose output the test reads; configured for the test database like an operator's shell. */
function captureIo(url: string, extra: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIo = {
    env: { KAOHE_DATABASE_URL: url, KAOHE_DATA_DIR: tmpDir(), ...extra },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  };
  return { io, out: () => out, err: () => err };
}

async function count(
  db: Db,
  table: 'org' | 'member' | 'audit_log' | 'app_user' | 'org_closure' | 'member_branch_history',
) {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The closure table holds exactly one row per (node, ancestor-or-self), at the right distance:
 * so for every org the number of its ancestor rows is its depth + 1.
 */
async function expectClosureConsistent(db: Db) {
  const orgs = await db.selectFrom('org').select(['id', 'parent_id']).execute();
  const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const expected = new Set<string>();
  for (const o of orgs) {
    let node: number | null = o.id;
    for (let depth = 0; node != null; depth++) {
      expected.add(`${node}>${o.id}@${depth}`);
      node = parent.get(node) ?? null;
    }
  }
  const rows = await db.selectFrom('org_closure').selectAll().execute();
  const actual = new Set(rows.map((r) => `${r.ancestor_id}>${r.descendant_id}@${r.depth}`));
  expect(rows.length).toBe(actual.size);
  expect(actual).toEqual(expected);
}

const deps = (db: Db): Deps => ({ db, dialect: testDialect, clock: systemClock, dataDir: os.tmpdir() });

/**
 * Seeding the demo is the heaviest set-up here: on PostgreSQL, on a 2-core machine busy with
 * other suites, the full demo has taken over four minutes. Such set-ups get a liveness bound
 * well above that, not the default hook timeout.
 */
const SEED_TIMEOUT = 600_000;

describe('kaohe seed --demo', () => {
  let t: TestDb;
  let db: Db;
  let seedOut: string;

  beforeAll(async () => {
    t = await createTestDb();
    db = t.handle.db;
    const c = captureIo(t.url);
    expect(await seedCommand(['--demo'], c.io)).toBe(0);
    seedOut = c.out();
  }, SEED_TIMEOUT);
  afterAll(() => t.drop());

  it('prints what it loaded and every demo account with the password', () => {
    expect(seedOut).toContain('滨海供电公司党委');
    expect(seedOut).toContain(DEMO_PASSWORD);
    for (const a of demoAccounts) expect(seedOut).toContain(a.account);
  });

  it('builds the bureau: 6 county committees, 18 units, ~40 branches with 2–3 groups, each linked to a unit', async () => {
    const orgs = await db.selectFrom('org').selectAll().execute();
    const root = orgs.find((o) => o.tree === 'party' && o.parent_id == null);
    expect(root?.name).toBe('滨海供电公司党委');
    expect(orgs.filter((o) => o.tree === 'party' && o.parent_id == null)).toHaveLength(1);
    expect(orgs.filter((o) => o.kind === 'committee' && o.parent_id === root?.id)).toHaveLength(6);
    const topUnits = orgs.filter((o) => o.tree === 'unit' && o.parent_id == null);
    expect(topUnits).toHaveLength(18);
    expect(new Set(topUnits.map((u) => u.kind))).toEqual(new Set(['department', 'grassroots']));
    expect(orgs.some((o) => o.kind === 'work_area')).toBe(true);
    expect(orgs.some((o) => o.kind === 'team')).toBe(true);
    expect(orgs.filter((o) => o.kind === 'general_branch').length).toBeGreaterThan(0);

    const branches = orgs.filter((o) => o.kind === 'branch');
    expect(branches.length).toBeGreaterThanOrEqual(36);
    expect(branches.length).toBeLessThanOrEqual(46);
    const unitIds = new Set(orgs.filter((o) => o.tree === 'unit').map((o) => o.id));
    for (const b of branches) {
      expect(b.linked_unit_id != null && unitIds.has(b.linked_unit_id), `${b.name} is linked to a unit`).toBe(
        true,
      );
      const groups = orgs.filter((o) => o.parent_id === b.id);
      expect(groups.every((g) => g.kind === 'group')).toBe(true);
      expect(groups.length).toBeGreaterThanOrEqual(2);
      expect(groups.length).toBeLessThanOrEqual(3);
    }
  });

  it('keeps the closure table consistent', async () => {
    await expectClosureConsistent(db);
  });

  it('has ~800 members, ~8% probationary, ~40 non-party staff, with histories from join date or 2024-01-01', async () => {
    const members = await db.selectFrom('member').selectAll().execute();
    const party = members.filter((m) => m.is_party_member === 1);
    const staff = members.filter((m) => m.is_party_member === 0);
    expect(party.length).toBeGreaterThanOrEqual(750);
    expect(party.length).toBeLessThanOrEqual(850);
    expect(staff.length).toBeGreaterThanOrEqual(30);
    expect(staff.length).toBeLessThanOrEqual(50);
    expect(staff.every((s) => s.branch_id == null && s.unit_id != null && s.status == null)).toBe(true);

    const probationary = party.filter((m) => m.status === 'probationary');
    expect(probationary.length / party.length).toBeGreaterThan(0.04);
    expect(probationary.length / party.length).toBeLessThan(0.13);
    const yearAgo = new Date(Date.now() - 366 * 86_400_000).toISOString().slice(0, 10);
    for (const m of probationary) {
      expect(m.full_date).toBeNull();
      expect(m.join_date && m.join_date >= yearAgo).toBe(true);
    }
    for (const m of party) {
      expect(m.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(m.phone).toMatch(/^1[358]\d{9}$/);
      expect(m.employee_no).toMatch(/^BH\d{6}$/);
      expect(m.birth_date && m.birth_date >= '1965-01-01' && m.birth_date <= '2000-12-31').toBe(true);
      expect(m.branch_id).not.toBeNull();
      expect(m.post).toBeTruthy();
    }
    expect(new Set(party.map((m) => m.gender))).toEqual(new Set(['M', 'F']));
    expect(new Set(members.map((m) => m.employee_no)).size).toBe(members.length);

    const history = await db.selectFrom('member_branch_history').selectAll().execute();
    expect(history).toHaveLength(party.length);
    const byMember = new Map(party.map((m) => [m.id, m]));
    for (const h of history) {
      const m = byMember.get(h.member_id);
      expect(h.branch_id).toBe(m?.branch_id);
      const join = m?.join_date ?? '';
      expect(h.from_date).toBe([join, HISTORY_EPOCH].sort().at(-1));
      expect(h.to_date).toBeNull();
    }
  });

  it('creates one account per role with the right grants, and each logs in with the demo password', async () => {
    const root = await db
      .selectFrom('org')
      .select('id')
      .where('code', '=', 'BH')
      .where('tree', '=', 'party')
      .executeTakeFirstOrThrow();
    const branch = await db
      .selectFrom('org')
      .select('id')
      .where('code', '=', DEMO_BRANCH_CODE)
      .executeTakeFirstOrThrow();
    expect(new Set(demoAccounts.map((a) => a.role))).toEqual(new Set(roles));
    // One account per role, plus the secretary of every other branch and two more members of the
    // annual inspection's team.
    const branches = await db.selectFrom('org').select('id').where('kind', '=', 'branch').execute();
    expect(await count(db, 'app_user')).toBe(demoAccounts.length + branches.length - 1 + 2);
    const team = await db
      .selectFrom('app_user')
      .select('account')
      .where('account', 'like', 'inspector_')
      .execute();
    expect(team.map((u) => u.account).sort()).toEqual(['inspector2', 'inspector3']);
    for (const a of demoAccounts) {
      expect(a.account).toMatch(/^[a-z]+$/);
      const user = await db
        .selectFrom('app_user')
        .selectAll()
        .where('account', '=', a.account)
        .executeTakeFirstOrThrow();
      const grants = await db
        .selectFrom('role_grant')
        .select(['role', 'org_id'])
        .where('user_id', '=', user.id)
        .execute();
      const at = a.role === 'secretary' || a.role === 'member' ? branch.id : root.id;
      expect(grants).toEqual([{ role: a.role, org_id: at }]);
      expect(user.must_change_password).toBe(0);
      const session = await login(deps(db), { account: a.account, password: DEMO_PASSWORD, ip: '10.0.0.1' });
      expect(session.user.grants).toEqual([{ role: a.role, orgId: at }]);
    }
    const memberUser = await db
      .selectFrom('app_user')
      .select('member_id')
      .where('account', '=', 'member')
      .executeTakeFirstOrThrow();
    const linked = await db
      .selectFrom('member')
      .select('branch_id')
      .where('id', '=', memberUser.member_id ?? -1)
      .executeTakeFirstOrThrow();
    expect(linked.branch_id).toBe(branch.id);
  });

  it('writes audit rows for orgs and users and a seed.demo summary', async () => {
    const rows = await db.selectFrom('audit_log').select(['action', 'actor_account']).execute();
    expect(rows.filter((r) => r.action === 'org.create')).toHaveLength(await count(db, 'org'));
    expect(rows.filter((r) => r.action === 'user.create')).toHaveLength(await count(db, 'app_user'));
    expect(rows.filter((r) => r.action === 'seed.demo')).toHaveLength(1);
  });

  it('refuses a database that is not empty and writes nothing', async () => {
    const before = {
      org: await count(db, 'org'),
      member: await count(db, 'member'),
      audit: await count(db, 'audit_log'),
    };
    const c = captureIo(t.url);
    expect(await seedCommand(['--demo'], c.io)).toBe(1);
    expect(c.err()).toMatch(/not empty/);
    expect(await seedDemoIfEmpty(db)).toBeNull();
    await expect(seedDemo(db)).rejects.toThrow(/already holds/);
    expect({
      org: await count(db, 'org'),
      member: await count(db, 'member'),
      audit: await count(db, 'audit_log'),
    }).toEqual(before);
  });
});

/** How many orgs of each kind the database holds. */
async function orgKinds(d: Db): Promise<Record<string, number>> {
  const kinds = await d
    .selectFrom('org')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
  return Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
}

const people = (d: Db) =>
  d
    .selectFrom('member')
    .select(['employee_no', 'name', 'gender', 'birth_date', 'post', 'phone'])
    .orderBy('employee_no')
    .execute();
const orgTree = (d: Db) =>
  d.selectFrom('org').select(['code', 'name', 'kind', 'sort_order']).orderBy('code').execute();

// Its own suite so that the two databases never exist at once (see the note in the report on
// Kysely's migrator and concurrent PostgreSQL schemas).
describe('the demo is deterministic', () => {
  it(
    'gives the same people and the same tree every time, on any day',
    async () => {
      const snapshot = async (today: string) => {
        const t = await createTestDb();
        try {
          await seedDemo(t.handle.db, { today, evaluation: false });
          return { people: await people(t.handle.db), tree: await orgTree(t.handle.db) };
        } finally {
          await t.drop();
        }
      };
      const first = await snapshot('2026-03-16');
      const second = await snapshot('2027-06-30');
      expect(second.people).toHaveLength(first.people.length);
      expect(second.people).toEqual(first.people);
      expect(second.tree).toEqual(first.tree);
    },
    SEED_TIMEOUT,
  );
});

describe('kaohe seed --scale', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it(
    'bureau: 5,000 members in 300 branches, closure consistent, histories written',
    async () => {
      const messages: string[] = [];
      const r = await seedScale(t.handle.db, 'bureau', { onProgress: (m) => messages.push(m) });
      const db = t.handle.db;
      expect(r.members).toBe(5_000);
      expect(r.orgs).toBe(await count(db, 'org'));
      expect(messages.length).toBeGreaterThan(0);
      const n = await orgKinds(db);
      expect(n.branch).toBe(300);
      expect(n.committee).toBe(7);
      expect(n.general_branch).toBeGreaterThan(0);
      expect(n.group).toBeGreaterThanOrEqual(600);
      expect(n.group).toBeLessThanOrEqual(900);
      expect(await count(db, 'member')).toBe(5_000);
      expect(await count(db, 'member_branch_history')).toBe(5_000);
      await expectClosureConsistent(db);
      // Every member sits in a branch, and every branch has members.
      const empty = await db
        .selectFrom('org')
        .select('id')
        .where('kind', '=', 'branch')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('member').select('member.id').whereRef('member.branch_id', '=', 'org.id'),
            ),
          ),
        )
        .execute();
      expect(empty).toEqual([]);
      const audit = await db.selectFrom('audit_log').select(['action']).execute();
      expect(audit).toEqual([{ action: 'seed.scale' }]);
    },
    SEED_TIMEOUT,
  );

  it(
    'refuses a database with orgs unless forced, then adds a second tree beside the first',
    async () => {
      const c = captureIo(t.url);
      expect(await seedCommand(['--scale', 'bureau'], c.io)).toBe(1);
      expect(c.err()).toMatch(/--force/);
      expect(await count(t.handle.db, 'member')).toBe(5_000);
      const forced = captureIo(t.url);
      expect(await seedCommand(['--scale', 'bureau', '--force'], forced.io)).toBe(0);
      expect(forced.out()).toMatch(/5,000 members/);
      expect(await count(t.handle.db, 'member')).toBe(10_000);
      const roots = await t.handle.db
        .selectFrom('org')
        .select('code')
        .where('parent_id', 'is', null)
        .orderBy('code')
        .execute();
      expect(roots.map((r) => r.code)).toEqual(['SB', 'SBB']);
      await expectClosureConsistent(t.handle.db);
    },
    SEED_TIMEOUT,
  );

  it('rejects a bad argument', async () => {
    const c = captureIo(t.url);
    expect(await seedCommand(['--scale', 'city'], c.io)).toBe(1);
    expect(await seedCommand([], c.io)).toBe(1);
    expect(c.err()).toMatch(/--demo or --scale/);
  });
});

describe('kaohe seed --scale group', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it.runIf(testDialect === 'sqlite')(
    'is refused on SQLite with a clear message, nothing written',
    async () => {
      const c = captureIo(t.url);
      expect(await seedCommand(['--scale', 'group'], c.io)).toBe(1);
      expect(c.err()).toMatch(/PostgreSQL only/);
      await expect(seedScale(t.handle.db, 'group', { members: 1_000 })).rejects.toBeInstanceOf(
        ScaleNeedsPostgresError,
      );
      expect(await count(t.handle.db, 'org')).toBe(0);
      expect(await count(t.handle.db, 'member')).toBe(0);
    },
  );

  it.runIf(testDialect === 'postgres')(
    'a reduced group (--members): 12 provinces of 14 cities, branches in proportion, closure consistent',
    async () => {
      const c = captureIo(t.url);
      expect(await seedCommand(['--scale', 'group', '--members', '12000'], c.io)).toBe(0);
      expect(c.out()).toMatch(/12,000 members \(720 branches\)/);
      const db = t.handle.db;
      const n = await orgKinds(db);
      expect(n.branch).toBe(720);
      // Root, 12 provinces, 168 cities, 6 counties under each city.
      expect(n.committee).toBe(1 + 12 + 168 + 168 * 6);
      expect(await count(db, 'member')).toBe(12_000);
      expect(await count(db, 'member_branch_history')).toBe(12_000);
      const sample = await db.selectFrom('member').select('employee_no').orderBy('id').limit(1).execute();
      expect(sample.map((m) => m.employee_no)).toEqual(['SG0000001']);
      await expectClosureConsistent(db);
    },
    SEED_TIMEOUT,
  );

  it('rejects a --members that is not a positive whole number', async () => {
    const c = captureIo(t.url);
    expect(await seedCommand(['--scale', 'province', '--members', 'many'], c.io)).toBe(1);
    expect(await seedCommand(['--scale', 'province', '--members', '0'], c.io)).toBe(1);
    expect(await seedCommand(['--demo', '--members', '10'], c.io)).toBe(1);
    expect(c.err()).toMatch(/--members/);
  });
});

describe('kaohe audit verify', () => {
  let t: TestDb;
  // The chain is the same whatever it records: the demo without its joint evaluation is enough.
  beforeAll(async () => {
    t = await demoTestDb({ evaluation: false });
  }, SEED_TIMEOUT);
  afterAll(() => t.drop());

  const verify = async () => {
    const c = captureIo(t.url);
    const code = await auditCommand(['verify'], c.io);
    return { code, out: c.out() };
  };

  it('passes on a fresh seed and reports the row count', async () => {
    const rows = await count(t.handle.db, 'audit_log');
    const r = await verify();
    expect(r.code).toBe(0);
    expect(r.out).toContain(`审计链完整 / audit chain intact: ${rows} rows`);
  });

  it('names the tampered row, and passes again once it is restored', async () => {
    const db = t.handle.db;
    const k = 17;
    const original = await db
      .selectFrom('audit_log')
      .select('after_json')
      .where('seq', '=', k)
      .executeTakeFirstOrThrow();
    await db.updateTable('audit_log').set({ after_json: '{"name":"篡改"}' }).where('seq', '=', k).execute();
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(new RegExp(`broken at seq ${k}: row content does not match its hash`));
    await db.updateTable('audit_log').set({ after_json: original.after_json }).where('seq', '=', k).execute();
    expect((await verify()).code).toBe(0);
  });

  it('notices a deleted last row', async () => {
    const db = t.handle.db;
    const last = await db
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.out).toContain(`broken at seq ${last.seq}`);
  });
});

describe('kaohe user', () => {
  let t: TestDb;
  let db: Db;
  let branchMember: string;
  beforeAll(async () => {
    t = await demoTestDb({ evaluation: false });
    db = t.handle.db;
    const m = await db
      .selectFrom('member')
      .innerJoin('org', 'org.id', 'member.branch_id')
      .leftJoin('app_user', 'app_user.member_id', 'member.id')
      .select('member.employee_no')
      .where('org.code', '=', 'BHB14')
      // Not the branch secretary, who has an account already.
      .where('app_user.id', 'is', null)
      .orderBy('member.employee_no')
      .executeTakeFirstOrThrow();
    branchMember = m.employee_no;
  }, SEED_TIMEOUT);
  afterAll(() => t.drop());

  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const c = captureIo(t.url, env);
    const code = await userCommand(argv, c.io);
    return { code, out: c.out(), err: c.err() };
  };

  it('creates a user with grants and a member link; the user logs in and must change the password', async () => {
    const r = await run(
      [
        'create',
        'zhang.san',
        '--name',
        '张三',
        '--role',
        'secretary',
        '--org',
        'BHB14',
        '--role',
        'member',
        '--member',
        branchMember,
      ],
      { KAOHE_NEW_PASSWORD: 'Secret-pass-1' },
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('secretary @ BHB14');
    expect(r.out).not.toContain('Secret-pass-1');
    const user = await db
      .selectFrom('app_user')
      .selectAll()
      .where('account', '=', 'zhang.san')
      .executeTakeFirstOrThrow();
    expect(user.must_change_password).toBe(1);
    expect(user.display_name).toBe('张三');
    const branch = await db
      .selectFrom('org')
      .select('id')
      .where('code', '=', 'BHB14')
      .executeTakeFirstOrThrow();
    const member = await db
      .selectFrom('member')
      .select('id')
      .where('employee_no', '=', branchMember)
      .executeTakeFirstOrThrow();
    expect(user.member_id).toBe(member.id);
    const session = await login(deps(db), {
      account: 'zhang.san',
      password: 'Secret-pass-1',
      ip: '10.0.0.2',
    });
    expect(session.user.grants).toEqual([
      { role: 'secretary', orgId: branch.id },
      { role: 'member', orgId: branch.id },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_account', 'org_id'])
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(user.id))
      .where('action', '!=', 'auth.login')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'user.create', actor_account: 'cli', org_id: null },
      { action: 'grant.create', actor_account: 'cli', org_id: branch.id },
      { action: 'grant.create', actor_account: 'cli', org_id: branch.id },
    ]);
  });

  it('generates and prints a password when none is given', async () => {
    const r = await run(['create', 'li.si', '--name', '李四', '--role', 'inspector', '--org', 'BH']);
    expect(r.code).toBe(0);
    const password = /initial password: (\S+)/.exec(r.out)?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{14}$/);
    const session = await login(deps(db), { account: 'li.si', password, ip: '10.0.0.3' });
    expect(session.user.grants).toHaveLength(1);
  });

  it('explains bad input and creates nothing', async () => {
    const users = await count(db, 'app_user');
    const cases: [string[], RegExp][] = [
      [
        ['create', 'u1', '--name', 'U', '--role', 'boss', '--org', 'BH'],
        /unknown role "boss".*admin, committee/,
      ],
      [['create', 'u1', '--name', 'U', '--role', 'admin', '--org', 'NOPE'], /no org with code "NOPE"/],
      [['create', 'u1', '--name', 'U', '--role', 'admin'], /needs an --org/],
      [['create', 'u1', '--name', 'U', '--org', 'BH'], /must follow a --role/],
      [['create', 'zhang.san', '--name', 'U'], /already exists/],
      [['create', 'u1', '--name', 'U', '--member', 'BH999999'], /no member with employee number/],
      [['create', 'u1', '--name', 'U', '--member', branchMember], /already has the account "zhang.san"/],
      [['create', 'u 1', '--name', 'U'], /invalid account/],
      [['create', 'u1'], /--name/],
      [['create', 'u1', '--name', 'U', '--password', 'short'], /at least 8 characters/],
      [['create', 'u1', '--name', 'U', '--bogus'], /bogus/],
      [['delete', 'u1'], /unknown user command/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv, { KAOHE_NEW_PASSWORD: 'Secret-pass-1' });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
    expect(await count(db, 'app_user')).toBe(users);
  });

  it('resets a password: ends sessions, clears the throttle, and forces a change at next login', async () => {
    // One instant for every attempt: the third failure makes the next attempts wait.
    const d = { ...deps(db), clock: fixedClock(new Date().toISOString()) };
    await login(d, { account: 'zhang.san', password: 'Secret-pass-1', ip: '10.0.0.4' });
    for (let i = 0; i < 5; i++) {
      await expect(login(d, { account: 'zhang.san', password: 'wrong-1', ip: '10.0.0.4' })).rejects.toThrow();
    }
    await expect(
      login(d, { account: 'zhang.san', password: 'Secret-pass-1', ip: '10.0.0.4' }),
    ).rejects.toMatchObject({
      code: 'too_many_attempts',
    });
    const user = await db
      .selectFrom('app_user')
      .select('id')
      .where('account', '=', 'zhang.san')
      .executeTakeFirstOrThrow();
    await db.updateTable('app_user').set({ must_change_password: 0 }).where('id', '=', user.id).execute();

    const r = await run(['reset-password', 'zhang.san'], { KAOHE_NEW_PASSWORD: 'New-pass-2026' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ended 2 session\(s\), cleared 3 failed login\(s\)/);
    expect(await db.selectFrom('session').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    const after = await db
      .selectFrom('app_user')
      .select('must_change_password')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(after.must_change_password).toBe(1);
    await expect(
      login(d, { account: 'zhang.san', password: 'Secret-pass-1', ip: '10.0.0.5' }),
    ).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    const session = await login(d, { account: 'zhang.san', password: 'New-pass-2026', ip: '10.0.0.5' });
    expect(session.user.account).toBe('zhang.san');
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_account'])
      .where('action', '=', 'user.reset_password')
      .where('entity_id', '=', String(user.id))
      .execute();
    expect(audit).toEqual([{ actor_account: 'cli' }]);
  });

  it('reports an unknown account on reset', async () => {
    const r = await run(['reset-password', 'ghost'], { KAOHE_NEW_PASSWORD: 'New-pass-2026' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no account "ghost"/);
  });
});

describe('kaohe backup', () => {
  it.skipIf(testDialect === 'postgres')(
    'copies a live SQLite database into a readable file with the same rows',
    async () => {
      const t = await demoTestDb({ evaluation: false });
      try {
        const file = path.join(tmpDir(), 'backup.db');
        const c = captureIo(t.url);
        expect(await backupCommand([file], c.io)).toBe(0);
        expect(c.out()).toMatch(/quick_check ok/);
        expect(c.out()).toMatch(/\d+ pages, [\d.]+ MB/);
        const copy = new SQLite(file, { readonly: true });
        try {
          for (const table of [
            'org',
            'org_closure',
            'member',
            'member_branch_history',
            'app_user',
            'audit_log',
          ] as const) {
            const row = copy.prepare(`select count(*) as n from ${table}`).get() as { n: number };
            expect(row.n, table).toBe(await count(t.handle.db, table));
          }
        } finally {
          copy.close();
        }
        const again = captureIo(t.url);
        expect(await backupCommand([file], again.io)).toBe(1);
        expect(again.err()).toMatch(/--force/);
        expect(await backupCommand([file, '--force'], again.io)).toBe(0);
      } finally {
        await t.drop();
      }
    },
    SEED_TIMEOUT,
  );

  it('for PostgreSQL prints the pg_dump command with the password masked, and exits 1', async () => {
    const c = captureIo('postgres://kaohe:s3cret@db.internal:5432/kaohe?schema=k1');
    expect(await backupCommand(['kaohe.dump'], c.io)).toBe(1);
    expect(c.err()).toContain(
      'pg_dump --format=custom --file="kaohe.dump" --schema=k1 \'postgres://kaohe:***@db.internal:5432/kaohe\'',
    );
    expect(c.err()).not.toContain('s3cret');
  });
});

describe('kaohe --help', () => {
  it('lists the commands', () => {
    const r = spawnSync(process.execPath, ['bin/kaohe.js', '--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const cmd of ['serve', 'migrate', 'seed --demo', 'user create', 'audit verify', 'backup FILE']) {
      expect(r.stdout).toContain(cmd);
    }
  });
});
