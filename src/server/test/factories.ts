import { randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../../db/kysely.js';
import type { MemberRow, OrgRow } from '../../db/types.js';
import type { Role } from '../../domain/access/roles.js';
import type { OrgKind } from '../../domain/org/tree.js';
import { bumpDataVersion } from '../lib/data-version.js';
import { hashPassword } from '../modules/auth/password.js';
import { bootstrapOrg, bootstrapUser } from '../modules/org/bootstrap.js';

/** Unique data per call, so tests never depend on each other's rows. */
export const uniq = (prefix = 'x') => `${prefix}${randomBytes(4).toString('hex')}`;

export const TEST_PASSWORD = 'Test-pass-2026';
let hashed: Promise<string> | undefined;
const testHash = () => {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
};

export async function makeOrg(
  db: DbOrTrx,
  kind: OrgKind,
  parent: OrgRow | null,
  name?: string,
): Promise<OrgRow> {
  const code = uniq(kind.slice(0, 2).toUpperCase());
  return bootstrapOrg(db, {
    kind,
    code,
    name: name ?? `${kind} ${code}`,
    parentId: parent?.id ?? null,
    activeFrom: '2020-01-01',
  });
}

/** A small party tree: root → two committees → two branches each → a group in the first. */
export async function makeTree(db: DbOrTrx) {
  const root = await makeOrg(db, 'committee', null, '测试党委');
  const countyA = await makeOrg(db, 'committee', root, 'A县党委');
  const countyB = await makeOrg(db, 'committee', root, 'B县党委');
  const branchA1 = await makeOrg(db, 'branch', countyA, 'A1支部');
  const branchA2 = await makeOrg(db, 'branch', countyA, 'A2支部');
  const branchB1 = await makeOrg(db, 'branch', countyB, 'B1支部');
  const groupA1 = await makeOrg(db, 'group', branchA1, 'A1第一党小组');
  const unitRoot = await makeOrg(db, 'grassroots', null, '运维检修部');
  return { root, countyA, countyB, branchA1, branchA2, branchB1, groupA1, unitRoot };
}

export async function makeMember(
  db: DbOrTrx,
  branch: OrgRow,
  over: Partial<MemberRow> = {},
): Promise<MemberRow> {
  const at = new Date().toISOString();
  const row = await db
    .insertInto('member')
    .values({
      employee_no: uniq('E'),
      name: over.name ?? `党员${uniq('')}`,
      gender: 'M',
      birth_date: '1990-01-01',
      is_party_member: 1,
      status: 'full',
      join_date: '2015-07-01',
      full_date: '2016-07-01',
      branch_id: branch.id,
      unit_id: null,
      post: null,
      phone: null,
      active: 1,
      created_at: at,
      updated_at: at,
      ...over,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // As the member repo's writes do: lists and boards kept per data version see the new member.
  await bumpDataVersion(db, 'directory');
  await db
    .insertInto('member_branch_history')
    .values({
      member_id: row.id,
      branch_id: branch.id,
      from_date: '2020-01-01',
      to_date: null,
      reason: 'test',
      created_at: at,
    })
    .execute();
  return row;
}

/** A user with the given grants; log in with `account` and TEST_PASSWORD. */
export async function makeUser(db: DbOrTrx, grants: { role: Role; orgId: number }[], memberId?: number) {
  const account = uniq('u');
  const id = await bootstrapUser(db, {
    account,
    displayName: account,
    passwordHash: await testHash(),
    grants,
    memberId: memberId ?? null,
  });
  return { id, account };
}
