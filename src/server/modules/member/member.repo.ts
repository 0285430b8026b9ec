import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { MemberBranchHistoryTable, MemberTable, NewMember } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/**
 * A set of orgs a member must belong to: party orgs match `branch_id`, administrative units
 * match `unit_id`. Keeping the two apart (rather than `branch_id IN … OR unit_id IN …`) lets
 * both databases use the member indexes.
 */
export interface OrgSet {
  party: OrgIdSubquery | null;
  unit: OrgIdSubquery | null;
  /** The party orgs whose subtrees `party` holds. */
  partyRoots: readonly number[];
}

export interface MemberFilter {
  /** Null: the user reaches every org (no scope filter). */
  scope: OrgSet | null;
  subtree?: OrgSet | undefined;
  q?: string | undefined;
  status?: 'probationary' | 'full' | undefined;
  isPartyMember?: boolean | undefined;
  includeInactive?: boolean | undefined;
}

function filtered(db: DbOrTrx, f: MemberFilter, inEmployeeNoOrder = false) {
  let q = db.selectFrom('member');
  for (const set of [f.scope, f.subtree]) {
    if (!set) continue;
    const { party, unit } = set;
    if (party && unit)
      q = q.where((eb) => eb.or([eb('member.branch_id', 'in', party), eb('member.unit_id', 'in', unit)]));
    else if (party) q = q.where('member.branch_id', 'in', party);
    else if (unit) q = q.where('member.unit_id', 'in', unit);
    else q = q.where(sql<boolean>`1 = 0`);
  }
  if (f.q) {
    // Prefix match on the employee number, substring match on the name.
    const text = f.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    q = q.where((eb) =>
      eb.or([
        eb('member.employee_no', 'like', sql<string>`${`${text}%`} escape '\\'`),
        eb('member.name', 'like', sql<string>`${`%${text}%`} escape '\\'`),
      ]),
    );
  }
  if (f.status) q = q.where('member.status', '=', f.status);
  if (f.isPartyMember !== undefined) q = q.where('member.is_party_member', '=', f.isPartyMember ? 1 : 0);
  if (!f.includeInactive) {
    // The whole organisation in employee-number order: walk the employee-number index and check
    // each row's flag (`+` keeps SQLite from picking the (active, branch) index and sorting every
    // active member for one page).
    q = inEmployeeNoOrder ? q.where(sql<number>`+member.active`, '=', 1) : q.where('member.active', '=', 1);
  }
  return q;
}

/**
 * The one party org whose subtree the filter asks for (its `subtree`, or without one its
 * `scope`), or null: that subtree's members in employee-number order are one range of
 * `member_order` (migration 0031), which serves both the subtree and the order.
 */
function orderOrgOf(f: MemberFilter): number | null {
  const set = f.subtree ?? f.scope;
  if (!set || set.unit || !set.party || set.partyRoots.length !== 1) return null;
  return set.partyRoots[0] ?? null;
}

/**
 * The ids of a subtree's members that pass the filter, in employee-number order, from
 * `member_order`: the subtree and the active flag from its range alone; any other condition
 * (scope, search, status, party membership) checked on each member's row as the range is walked.
 */
function orderedIds(db: DbOrTrx, f: MemberFilter, org: number, after?: string | undefined) {
  let q = db.selectFrom('member_order as o').where('o.org_id', '=', org);
  if (!f.includeInactive) q = q.where('o.active', '=', 1);
  if (after !== undefined) q = q.where('o.employee_no', '>', after);
  const rest: MemberFilter = {
    ...f,
    scope: f.subtree ? f.scope : null,
    subtree: undefined,
    includeInactive: true,
  };
  if (rest.scope || rest.q || rest.status || rest.isPartyMember !== undefined)
    q = q.where((eb) =>
      eb.exists(
        filtered(db, rest).select(sql<number>`1`.as('one')).where('member.id', '=', sql<number>`o.member_id`),
      ),
    );
  return q;
}

function counted(db: DbOrTrx, f: MemberFilter) {
  const org = orderOrgOf(f);
  return org == null
    ? filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n'))
    : orderedIds(db, f, org).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** The page's member ids in employee-number order, `limit` after `offset` (or after `after`). */
function pageIds(db: DbOrTrx, f: MemberFilter, limit: number, offset: number, after?: string | undefined) {
  const org = orderOrgOf(f);
  if (org != null)
    return orderedIds(db, f, org, after)
      .select('o.member_id as id')
      .orderBy('o.employee_no')
      .limit(limit)
      .offset(offset);
  const wholeOrganisation = !f.scope && !f.subtree && !f.q;
  let ids = filtered(db, f, wholeOrganisation).select('member.id');
  if (after !== undefined) ids = ids.where('member.employee_no', '>', after);
  return ids.orderBy('member.employee_no').limit(limit).offset(offset);
}

export async function countMembers(db: DbOrTrx, f: MemberFilter): Promise<number> {
  const r = await counted(db, f).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * A page of the list in employee-number order: `limit` rows after `offset` rows, or, with
 * `after`, the rows whose employee number follows it (keyset: an index range, however deep).
 */
export function listMembers(
  db: DbOrTrx,
  f: MemberFilter,
  limit: number,
  offset: number,
  after?: string | undefined,
) {
  // The page's ids first, ordered from an index alone (`member_order` for a party subtree, the
  // employee-number index for the whole organisation), then only those rows read in full.
  return db
    .selectFrom('member')
    .leftJoin('org as b', 'b.id', 'member.branch_id')
    .selectAll('member')
    .select('b.name as branch_name')
    .where('member.id', 'in', pageIds(db, f, limit, offset, after))
    .orderBy('member.employee_no')
    .execute();
}

/**
 * `listMembers`' page (by offset) with `countMembers`' count on each row (`total_count`): the
 * count and the page in one statement.
 */
export function countedMembersPage(db: DbOrTrx, f: MemberFilter, limit: number, offset: number) {
  return db
    .selectFrom('member')
    .leftJoin('org as b', 'b.id', 'member.branch_id')
    .selectAll('member')
    .select(['b.name as branch_name', counted(db, f).as('total_count')])
    .where('member.id', 'in', pageIds(db, f, limit, offset))
    .orderBy('member.employee_no')
    .execute();
}

export function findMember(db: DbOrTrx, id: number) {
  return db
    .selectFrom('member')
    .leftJoin('org as b', 'b.id', 'member.branch_id')
    .leftJoin('org as u', 'u.id', 'member.unit_id')
    .selectAll('member')
    .select(['b.name as branch_name', 'u.name as unit_name'])
    .where('member.id', '=', id)
    .executeTakeFirst();
}

export function findMemberByEmployeeNo(db: DbOrTrx, employeeNo: string) {
  return db.selectFrom('member').selectAll().where('employee_no', '=', employeeNo).executeTakeFirst();
}

export async function insertMember(db: DbOrTrx, row: NewMember) {
  await bumpDataVersion(db, 'directory');
  return db.insertInto('member').values(row).returningAll().executeTakeFirstOrThrow();
}

export function branchHistory(db: DbOrTrx, memberId: number) {
  return db
    .selectFrom('member_branch_history as h')
    .innerJoin('org as b', 'b.id', 'h.branch_id')
    .select(['h.branch_id', 'b.name as branch_name', 'h.from_date', 'h.to_date', 'h.reason'])
    .where('h.member_id', '=', memberId)
    .orderBy('h.from_date')
    .orderBy('h.id')
    .execute();
}

export function openHistoryRow(db: DbOrTrx, memberId: number) {
  return db
    .selectFrom('member_branch_history')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('to_date', 'is', null)
    .executeTakeFirst();
}

/**
 * The branch a member belonged to on `date` (`from_date` inclusive, `to_date` exclusive): the
 * rule by which a score belongs to the branch where it was earned. Before the first row (the
 * day the record was made) the member counts in the branch they were first recorded in.
 */
export async function branchOnDate(db: DbOrTrx, memberId: number, date: string): Promise<number | null> {
  const rows = await db
    .selectFrom('member_branch_history')
    .select(['branch_id', 'from_date', 'to_date'])
    .where('member_id', '=', memberId)
    .orderBy('from_date')
    .orderBy('id')
    .execute();
  const first = rows[0];
  if (!first) return null;
  if (date < first.from_date) return first.branch_id;
  const hit = rows.find((r) => r.from_date <= date && (r.to_date == null || date < r.to_date));
  return hit?.branch_id ?? null;
}

/** Which tree each of the orgs belongs to. */
export function orgTrees(db: DbOrTrx, ids: readonly number[]) {
  return db.selectFrom('org').select(['id', 'tree']).where('id', 'in', ids).execute();
}

/** The subtrees of the orgs, as a subquery of org ids. */
export function subtreeIdsOf(db: DbOrTrx, ids: readonly number[]): OrgIdSubquery {
  return db.selectFrom('org_closure').select('descendant_id as id').where('ancestor_id', 'in', ids);
}

export function orgsByIds(db: DbOrTrx, ids: readonly number[]) {
  return db.selectFrom('org').selectAll().where('id', 'in', ids).execute();
}

export function accountOfMember(db: DbOrTrx, memberId: number) {
  return db.selectFrom('app_user').select('account').where('member_id', '=', memberId).executeTakeFirst();
}

export function takenEmployeeNos(db: DbOrTrx, employeeNos: readonly string[]) {
  return db.selectFrom('member').select('employee_no').where('employee_no', 'in', employeeNos).execute();
}

export async function insertMembers(db: DbOrTrx, rows: readonly NewMember[]) {
  await bumpDataVersion(db, 'directory');
  return db.insertInto('member').values(rows).returningAll().execute();
}

export async function insertHistoryRows(
  db: DbOrTrx,
  rows: readonly Insertable<MemberBranchHistoryTable>[],
): Promise<void> {
  await db.insertInto('member_branch_history').values(rows).execute();
}

export async function closeHistoryRow(db: DbOrTrx, id: number, toDate: string): Promise<void> {
  await db.updateTable('member_branch_history').set({ to_date: toDate }).where('id', '=', id).execute();
}

export function findMemberRow(db: DbOrTrx, id: number) {
  return db.selectFrom('member').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateMemberReturning(db: DbOrTrx, id: number, patch: Updateable<MemberTable>) {
  await bumpDataVersion(db, 'directory');
  return db.updateTable('member').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function updateMember(db: DbOrTrx, id: number, patch: Updateable<MemberTable>): Promise<void> {
  await bumpDataVersion(db, 'directory');
  await db.updateTable('member').set(patch).where('id', '=', id).execute();
}
