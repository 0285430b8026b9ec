import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { PointsActivityTable, PointsEntryTable } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/** Queries of the points entries (积分记录), activities and their evidence: no rules here, the services decide. */

export type EntryRow = Selectable<PointsEntryTable>;

export function findEntry(db: DbOrTrx, id: number): Promise<EntryRow | undefined> {
  return db.selectFrom('points_entry').selectAll().where('id', '=', id).executeTakeFirst();
}

export function entryById(db: DbOrTrx, id: number): Promise<EntryRow> {
  return db.selectFrom('points_entry').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function entryOwner(db: DbOrTrx, id: number) {
  return db
    .selectFrom('points_entry')
    .select(['member_id', 'branch_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The adjustment in one of `states` that cancels the entry, if any. */
export async function revocationIn(
  db: DbOrTrx,
  entryId: number,
  states: readonly EntryRow['state'][],
): Promise<number | null> {
  const r = await db
    .selectFrom('points_entry')
    .select('id')
    .where('revokes_entry_id', '=', entryId)
    .where('state', 'in', [...states])
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function insertEntryRow(db: DbOrTrx, values: Insertable<PointsEntryTable>): Promise<EntryRow> {
  await bumpDataVersion(db, 'entries');
  return db.insertInto('points_entry').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates the entry only if it still has `rowVersion`; false when someone changed it first. */
export async function updateEntryAtVersion(
  db: DbOrTrx,
  id: number,
  rowVersion: number,
  values: Partial<Omit<EntryRow, 'id'>>,
): Promise<boolean> {
  await bumpDataVersion(db, 'entries');
  const r = await db
    .updateTable('points_entry')
    .set(values)
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function insertActivity(db: DbOrTrx, values: Insertable<PointsActivityTable>) {
  return db.insertInto('points_activity').values(values).returningAll().executeTakeFirstOrThrow();
}

export function filesByIds(db: DbOrTrx, ids: readonly number[]) {
  return db
    .selectFrom('file_upload')
    .select(['id', 'uploaded_by', 'org_id'])
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertEvidenceLinks(
  db: DbOrTrx,
  entityType: string,
  entityId: number,
  fileIds: readonly number[],
  byUserId: number,
  at: string,
): Promise<void> {
  if (fileIds.length === 0) return;
  await bumpDataVersion(db, 'entries');
  await db
    .insertInto('evidence_link')
    .values(
      fileIds.map((file_id) => ({
        file_id,
        entity_type: entityType,
        entity_id: entityId,
        created_by: byUserId,
        created_at: at,
      })),
    )
    .execute();
}

export async function deleteEvidenceLinks(db: DbOrTrx, entityType: string, entityId: number): Promise<void> {
  await bumpDataVersion(db, 'entries');
  await db
    .deleteFrom('evidence_link')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .execute();
}

export function memberFlags(db: DbOrTrx, memberId: number) {
  return db
    .selectFrom('member')
    .select(['id', 'active', 'is_party_member'])
    .where('id', '=', memberId)
    .executeTakeFirst();
}

/** Whether `orgId` lies in the tree under `rootOrgId` (itself included). */
export async function orgUnder(db: DbOrTrx, rootOrgId: number, orgId: number): Promise<boolean> {
  const r = await db
    .selectFrom('org_closure')
    .select('depth')
    .where('ancestor_id', '=', rootOrgId)
    .where('descendant_id', '=', orgId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Entries with the names the views show (member, branch, enterer's account). */
export function entriesWithNames(db: DbOrTrx, ids: readonly number[]) {
  return db
    .selectFrom('points_entry as e')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .innerJoin('org as b', 'b.id', 'e.branch_id')
    .innerJoin('app_user as u', 'u.id', 'e.created_by')
    .selectAll('e')
    .select([
      'm.name as member_name',
      'm.employee_no',
      'b.name as branch_name',
      'u.account as created_by_account',
    ])
    .where('e.id', 'in', [...ids])
    .execute();
}

/** The evidence files linked to these entries and to these activities. */
export function evidenceOf(db: DbOrTrx, entryIds: readonly number[], activityIds: readonly number[]) {
  return db
    .selectFrom('evidence_link as l')
    .innerJoin('file_upload as f', 'f.id', 'l.file_id')
    .innerJoin('file_blob as fb', 'fb.hash', 'f.hash')
    .select(['l.entity_type', 'l.entity_id', 'f.id', 'f.original_name', 'fb.mime'])
    .where((eb) =>
      eb.or([
        eb.and([eb('l.entity_type', '=', 'points_entry'), eb('l.entity_id', 'in', [...entryIds])]),
        ...(activityIds.length
          ? [eb.and([eb('l.entity_type', '=', 'points_activity'), eb('l.entity_id', 'in', [...activityIds])])]
          : []),
      ]),
    )
    .execute();
}

/** A scheme's overdue cutoff: its entries submitted before `before` are overdue. */
export interface OverdueCutoff {
  schemeId: number;
  before: string;
}

/** The filters of the entry list; every one set narrows it. */
export interface EntryFilter {
  branchIn?: OrgIdSubquery | null;
  subtreeIn?: OrgIdSubquery | null;
  memberId?: number | null;
  schemeId?: number | undefined;
  state?: EntryRow['state'] | undefined;
  kind?: EntryRow['kind'] | undefined;
  quarter?: string | undefined;
  itemCode?: string | undefined;
  itemCodeIn?: readonly string[] | null;
  activityId?: number | undefined;
  submittedFrom?: string;
  submittedTo?: string;
  /** Submitted entries overdue by one of these cutoffs. */
  overdue?: readonly OverdueCutoff[] | null;
}

function filtered(db: DbOrTrx, f: EntryFilter) {
  let b = db.selectFrom('points_entry');
  if (f.branchIn) b = b.where('branch_id', 'in', f.branchIn);
  if (f.memberId != null) b = b.where('member_id', '=', f.memberId);
  if (f.subtreeIn) b = b.where('branch_id', 'in', f.subtreeIn);
  if (f.schemeId) b = b.where('scheme_id', '=', f.schemeId);
  if (f.state) b = b.where('state', '=', f.state);
  if (f.kind) b = b.where('kind', '=', f.kind);
  if (f.quarter) b = b.where('quarter', '=', f.quarter);
  if (f.itemCode) b = b.where('item_code', '=', f.itemCode);
  if (f.activityId) b = b.where('activity_id', '=', f.activityId);
  if (f.itemCodeIn) b = b.where('item_code', 'in', f.itemCodeIn.length ? [...f.itemCodeIn] : ['\u0000']);
  if (f.submittedFrom !== undefined) b = b.where('submitted_at', '>=', f.submittedFrom);
  if (f.submittedTo !== undefined) b = b.where('submitted_at', '<=', f.submittedTo);
  const overdue = f.overdue;
  if (overdue) {
    b = b
      .where('state', '=', 'submitted')
      .where((eb) =>
        eb.or(
          overdue.map((c) => eb.and([eb('scheme_id', '=', c.schemeId), eb('submitted_at', '<', c.before)])),
        ),
      );
  }
  return b;
}

export async function countEntries(db: DbOrTrx, f: EntryFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A page of the filtered entries' ids: the oldest submission first, or the latest occurrence first. */
export async function entryIdsPage(
  db: DbOrTrx,
  f: EntryFilter,
  order: 'submitted' | 'occurred_desc',
  limit: number,
  offset: number,
): Promise<number[]> {
  const ordered =
    order === 'submitted'
      ? filtered(db, f).orderBy('submitted_at').orderBy('id')
      : filtered(db, f).orderBy('occurred_on', 'desc').orderBy('id', 'desc');
  return (await ordered.select('id').limit(limit).offset(offset).execute()).map((r) => r.id);
}

/**
 * A page of the filtered entries with names (the rows of `entriesWithNames`), in the order of
 * `entryIdsPage`, each carrying the count of every filtered entry (`total_count`): the count,
 * the page's ids and its rows in one statement. The outer order repeats the page's (the id last:
 * a total order), so the rows come as the ids would.
 */
export function entriesPageWithNames(
  db: DbOrTrx,
  f: EntryFilter,
  order: 'submitted' | 'occurred_desc',
  limit: number,
  offset: number,
) {
  const page =
    order === 'submitted'
      ? filtered(db, f).orderBy('submitted_at').orderBy('id')
      : filtered(db, f).orderBy('occurred_on', 'desc').orderBy('id', 'desc');
  const rows = db
    .selectFrom('points_entry as e')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .innerJoin('org as b', 'b.id', 'e.branch_id')
    .innerJoin('app_user as u', 'u.id', 'e.created_by')
    .selectAll('e')
    .select((eb) => [
      'm.name as member_name',
      'm.employee_no',
      'b.name as branch_name',
      'u.account as created_by_account',
      filtered(db, f).select(eb.fn.countAll<number>().as('n')).as('total_count'),
    ])
    .where('e.id', 'in', page.select('id').limit(limit).offset(offset));
  return (
    order === 'submitted'
      ? rows.orderBy('e.submitted_at').orderBy('e.id')
      : rows.orderBy('e.occurred_on', 'desc').orderBy('e.id', 'desc')
  ).execute();
}

/** Submitted entries per branch (optionally of some branches only), and how many are overdue. */
export function waitingPerBranch(
  db: DbOrTrx,
  cutoffs: readonly OverdueCutoff[],
  branchIn: OrgIdSubquery | null,
  subtreeIn: OrgIdSubquery | null,
) {
  let q = db
    .selectFrom('points_entry as e')
    .innerJoin('org as b', 'b.id', 'e.branch_id')
    .select((eb) => [
      'e.branch_id',
      'b.name',
      eb.fn.countAll<number>().as('waiting'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.or(
                cutoffs.map((c) =>
                  eb.and([eb('e.scheme_id', '=', c.schemeId), eb('e.submitted_at', '<', c.before)]),
                ),
              ),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .where('e.state', '=', 'submitted');
  if (branchIn) q = q.where('e.branch_id', 'in', branchIn);
  if (subtreeIn) q = q.where('e.branch_id', 'in', subtreeIn);
  return q.groupBy(['e.branch_id', 'b.name']).orderBy('b.name').execute();
}

/** The approved entries of a scheme's quarter for some members (none asked, none returned). */
export async function approvedEntryRows(
  db: DbOrTrx,
  schemeId: number,
  quarter: string,
  memberIds: readonly number[],
) {
  // `IN ()` is not valid SQL on either database.
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('points_entry')
    .select(['id', 'member_id', 'item_code', 'occurred_on', 'quantity', 'points', 'kind', 'revokes_entry_id'])
    .where('scheme_id', '=', schemeId)
    .where('quarter', '=', quarter)
    .where('state', '=', 'approved')
    .where('member_id', 'in', [...memberIds])
    .execute();
}

/** How many normal entries of a scheme's quarter still wait for review. */
export async function countWaitingNormal(db: DbOrTrx, schemeId: number, quarter: string): Promise<number> {
  const r = await db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('scheme_id', '=', schemeId)
    .where('quarter', '=', quarter)
    .where('state', '=', 'submitted')
    .where('kind', '=', 'normal')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A member's latest entries of a scheme (by occurrence), at most `limit`. */
export async function latestEntryIdsOf(db: DbOrTrx, schemeId: number, memberId: number, limit: number) {
  const rows = await db
    .selectFrom('points_entry')
    .select('id')
    .where('scheme_id', '=', schemeId)
    .where('member_id', '=', memberId)
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The nearest branch at or above the org (nearest first). */
export function nearestBranch(db: DbOrTrx, orgId: number) {
  return db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.ancestor_id')
    .select(['org.id', 'org.name'])
    .where('org_closure.descendant_id', '=', orgId)
    .where('org.kind', '=', 'branch')
    .orderBy('org_closure.depth')
    .executeTakeFirst();
}

export function membersByEmployeeNos(db: DbOrTrx, employeeNos: readonly string[]) {
  return db
    .selectFrom('member')
    .select(['id', 'name', 'employee_no'])
    .where('employee_no', 'in', employeeNos)
    .execute();
}

// ── revisions of returned entries ───────────────────────────────────────────────────────

export interface NewRevision {
  entry_id: number;
  action: 'returned' | 'resubmitted';
  content: string;
  changes: string | null;
  reason: string | null;
  by_user_id: number;
  at: string;
}

/** Appends a revision with the entry's next sequence number. */
export async function insertRevision(db: DbOrTrx, r: NewRevision): Promise<void> {
  await bumpDataVersion(db, 'entries');
  const last = await db
    .selectFrom('points_entry_revision')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('entry_id', '=', r.entry_id)
    .executeTakeFirst();
  await db
    .insertInto('points_entry_revision')
    .values({ ...r, seq: Number(last?.seq ?? 0) + 1 })
    .execute();
}

/** The revisions of some entries, oldest first, with who made them (the primary key serves it). */
export function revisionsOf(db: DbOrTrx, entryIds: readonly number[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points_entry_revision as r')
    .innerJoin('app_user as u', 'u.id', 'r.by_user_id')
    .select(['r.entry_id', 'r.seq', 'r.action', 'r.content', 'r.changes', 'r.reason', 'r.at', 'u.account'])
    .where('r.entry_id', 'in', [...entryIds])
    .orderBy('r.entry_id')
    .orderBy('r.seq')
    .execute();
}
