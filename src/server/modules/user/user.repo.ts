/** Queries of user accounts and their role grants. Kysely only, no business rules. */
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { AppUserTable, RoleGrantTable } from '../../../db/types.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/** Users holding a grant inside the scope or linked to a member inside it ('all': every user), matching `q`. */
function usersQuery(db: DbOrTrx, scope: OrgIdSubquery | 'all', q?: string) {
  let query = db.selectFrom('app_user');
  if (scope !== 'all') {
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('role_grant')
            .select('role_grant.id')
            .whereRef('role_grant.user_id', '=', 'app_user.id')
            .where('role_grant.org_id', 'in', scope),
        ),
        eb.exists(
          eb
            .selectFrom('member')
            .select('member.id')
            .whereRef('member.id', '=', 'app_user.member_id')
            .where('member.branch_id', 'in', scope),
        ),
      ]),
    );
  }
  if (q)
    query = query.where((eb) =>
      eb.or([eb('account', 'like', `%${q}%`), eb('display_name', 'like', `%${q}%`)]),
    );
  return query;
}

export async function countUsers(db: DbOrTrx, scope: OrgIdSubquery | 'all', q?: string): Promise<number> {
  return Number(
    (
      await usersQuery(db, scope, q)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** One page of user ids by account. */
export async function userIdsPage(
  db: DbOrTrx,
  scope: OrgIdSubquery | 'all',
  q: string | undefined,
  limit: number,
  offset: number,
): Promise<number[]> {
  return (
    await usersQuery(db, scope, q).select('id').orderBy('account').limit(limit).offset(offset).execute()
  ).map((r) => r.id);
}

export function findVisibleUser(db: DbOrTrx, scope: OrgIdSubquery | 'all', id: number) {
  return usersQuery(db, scope).select('id').where('app_user.id', '=', id).executeTakeFirst();
}

export function findUserId(db: DbOrTrx, id: number) {
  return db.selectFrom('app_user').select('id').where('id', '=', id).executeTakeFirst();
}

export async function grantsOf(db: DbOrTrx, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('role_grant')
    .innerJoin('org', 'org.id', 'role_grant.org_id')
    .select([
      'role_grant.id',
      'role_grant.user_id',
      'role_grant.role',
      'role_grant.org_id',
      'org.name',
      'org.code',
    ])
    .where('role_grant.user_id', 'in', userIds)
    .orderBy('role_grant.id')
    .execute();
}

export function usersByIds(db: DbOrTrx, ids: number[]) {
  return db.selectFrom('app_user').selectAll().where('id', 'in', ids).orderBy('account').execute();
}

export function findUserIdByAccount(db: DbOrTrx, account: string) {
  return db.selectFrom('app_user').select('id').where('account', '=', account).executeTakeFirst();
}

export function findMemberOrgs(db: DbOrTrx, memberId: number) {
  return db
    .selectFrom('member')
    .select(['branch_id', 'unit_id'])
    .where('id', '=', memberId)
    .executeTakeFirst();
}

export function findUserIdOfMember(db: DbOrTrx, memberId: number) {
  return db.selectFrom('app_user').select('id').where('member_id', '=', memberId).executeTakeFirst();
}

export async function insertUser(db: DbOrTrx, values: Insertable<AppUserTable>): Promise<{ id: number }> {
  return db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow();
}

export function userNameAndActive(db: DbOrTrx, id: number) {
  return db
    .selectFrom('app_user')
    .select(['display_name', 'active'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function updateUserReturning(db: DbOrTrx, id: number, set: Updateable<AppUserTable>) {
  return db
    .updateTable('app_user')
    .set(set)
    .where('id', '=', id)
    .returning(['display_name', 'active'])
    .executeTakeFirstOrThrow();
}

export async function updateUser(db: DbOrTrx, id: number, set: Updateable<AppUserTable>): Promise<void> {
  await db.updateTable('app_user').set(set).where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: DbOrTrx, userId: number): Promise<void> {
  await db.deleteFrom('session').where('user_id', '=', userId).execute();
}

/** Deletes the failed (and other) login attempts recorded at the user's account. */
export async function deleteLoginAttemptsOfUser(db: DbOrTrx, id: number): Promise<void> {
  await db
    .deleteFrom('login_attempt')
    .where('account', '=', db.selectFrom('app_user').select('account').where('id', '=', id))
    .execute();
}

export function accountOf(db: DbOrTrx, id: number) {
  return db.selectFrom('app_user').select('account').where('id', '=', id).executeTakeFirstOrThrow();
}

export function findUserMember(db: DbOrTrx, id: number) {
  return db.selectFrom('app_user').select(['id', 'member_id']).where('id', '=', id).executeTakeFirst();
}

export function findGrant(db: DbOrTrx, userId: number, role: string, orgId: number) {
  return db
    .selectFrom('role_grant')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

export function insertGrant(db: DbOrTrx, values: Insertable<RoleGrantTable>) {
  return db.insertInto('role_grant').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findGrantOfUser(db: DbOrTrx, grantId: number, userId: number) {
  return db
    .selectFrom('role_grant')
    .selectAll()
    .where('id', '=', grantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function deleteGrant(db: DbOrTrx, grantId: number): Promise<void> {
  await db.deleteFrom('role_grant').where('id', '=', grantId).execute();
}
