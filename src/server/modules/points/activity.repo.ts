/** Queries of recorded activities (主题党日 …), their attendance and the branch's members: no rules here. */
import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

interface ActivityFilter {
  branchIn: OrgIdSubquery | null;
  subtreeIn: OrgIdSubquery | null;
  /** Only activities with submitted entries (points_entry_activity_idx). */
  waiting?: boolean;
}

function scoped(db: DbOrTrx, f: ActivityFilter) {
  let b = db.selectFrom('points_activity as a');
  if (f.branchIn) b = b.where('a.branch_id', 'in', f.branchIn);
  if (f.subtreeIn) b = b.where('a.branch_id', 'in', f.subtreeIn);
  if (f.waiting)
    b = b.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('points_entry as e')
          .select('e.id')
          .whereRef('e.activity_id', '=', 'a.id')
          .where('e.state', '=', 'submitted'),
      ),
    );
  return b;
}

/** A page of activities, the latest first (points_activity_branch_idx). */
export async function activitiesPage(db: DbOrTrx, f: ActivityFilter, limit: number, offset: number) {
  const total = await scoped(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await scoped(db, f)
    .innerJoin('org as o', 'o.id', 'a.branch_id')
    .selectAll('a')
    .select('o.name as branch_name')
    .orderBy('a.occurred_on', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return { total: Number(total.n), rows };
}

export function activityById(db: DbOrTrx, id: number) {
  return db
    .selectFrom('points_activity as a')
    .innerJoin('org as o', 'o.id', 'a.branch_id')
    .selectAll('a')
    .select('o.name as branch_name')
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The entries each activity created, with the member's name (points_entry_activity_idx). */
export function attendanceOf(db: DbOrTrx, activityIds: readonly number[]) {
  if (activityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points_entry as e')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .select(['e.id', 'e.activity_id', 'e.member_id', 'e.state', 'm.name as member_name', 'm.employee_no'])
    .where('e.activity_id', 'in', [...activityIds])
    .orderBy('m.employee_no')
    .execute();
}

/** The active party members of a branch (who could have attended). */
export function activeMembersOf(db: DbOrTrx, branchId: number) {
  return db
    .selectFrom('member')
    .select(['id', 'name', 'employee_no'])
    .where('branch_id', '=', branchId)
    .where('active', '=', 1)
    .where('is_party_member', '=', 1)
    .orderBy('employee_no')
    .execute();
}

/** The evidence files linked to these activities. */
export function activityEvidence(db: DbOrTrx, activityIds: readonly number[]) {
  if (activityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_link as l')
    .innerJoin('file_upload as f', 'f.id', 'l.file_id')
    .innerJoin('file_blob as fb', 'fb.hash', 'f.hash')
    .select(['l.entity_id', 'f.id', 'f.original_name', 'fb.mime'])
    .where('l.entity_type', '=', 'points_activity')
    .where('l.entity_id', 'in', [...activityIds])
    .orderBy('f.id')
    .execute();
}
