import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { PointsAppealTable } from '../../../db/types.js';
import { bumpDataVersion } from '../../lib/data-version.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/** Queries of appeals (申诉); the rules live in appeal.service.ts. */

export type AppealRow = Selectable<PointsAppealTable>;

export function findAppeal(db: DbOrTrx, id: number): Promise<AppealRow | undefined> {
  return db.selectFrom('points_appeal').selectAll().where('id', '=', id).executeTakeFirst();
}

export function openAppealOf(db: DbOrTrx, entryId: number) {
  return db
    .selectFrom('points_appeal')
    .select('id')
    .where('entry_id', '=', entryId)
    .where('state', '=', 'open')
    .executeTakeFirst();
}

/**
 * Locks an entry's row until the transaction ends (a no-op write): two appeals of one entry
 * lodged at the same moment then run one after the other, and the second sees the first.
 */
export async function lockEntry(db: DbOrTrx, entryId: number): Promise<void> {
  await db
    .updateTable('points_entry')
    .set((eb) => ({ appeal_id: eb.ref('appeal_id') }))
    .where('id', '=', entryId)
    .execute();
}

export async function setEntryAppeal(db: DbOrTrx, entryId: number, appealId: number) {
  await bumpDataVersion(db, 'entries');
  return db.updateTable('points_entry').set({ appeal_id: appealId }).where('id', '=', entryId).execute();
}

export async function insertAppeal(db: DbOrTrx, row: Insertable<PointsAppealTable>) {
  await bumpDataVersion(db, 'entries');
  return db.insertInto('points_appeal').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Records a decision unless the appeal has left `open` meanwhile (false then). */
export async function decideAppeal(
  db: DbOrTrx,
  id: number,
  values: Pick<AppealRow, 'state' | 'decided_by' | 'decided_at' | 'decision_reason' | 'adjustment_entry_id'>,
): Promise<boolean> {
  await bumpDataVersion(db, 'entries');
  const r = await db
    .updateTable('points_appeal')
    .set(values)
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface AppealFilter {
  /** Branches the viewer's officer roles reach; null when they have none. */
  scope: OrgIdSubquery | null;
  /** The viewer's own member id: their own appeals are always visible. */
  ownMemberId: number | null;
  subtree?: OrgIdSubquery | undefined;
  schemeId?: number | undefined;
  memberId?: number | undefined;
  state?: string | undefined;
  ids?: number[] | undefined;
}

function filteredAppeals(db: DbOrTrx, f: AppealFilter) {
  let q = db
    .selectFrom('points_appeal as a')
    .innerJoin('points_quarter as q', 'q.id', 'a.quarter_id')
    .where((eb) => {
      const visible = [];
      if (f.scope) visible.push(eb('a.branch_id', 'in', f.scope));
      if (f.ownMemberId != null) visible.push(eb('a.member_id', '=', f.ownMemberId));
      return visible.length ? eb.or(visible) : eb.lit(false);
    });
  if (f.subtree) q = q.where('a.branch_id', 'in', f.subtree);
  if (f.schemeId) q = q.where('q.scheme_id', '=', f.schemeId);
  if (f.memberId) q = q.where('a.member_id', '=', f.memberId);
  if (f.state) q = q.where('a.state', '=', f.state);
  if (f.ids) q = q.where('a.id', 'in', f.ids.length ? f.ids : [-1]);
  return q;
}

export async function countAppeals(db: DbOrTrx, f: AppealFilter): Promise<number> {
  const r = await filteredAppeals(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Appeals with what a list shows; open ones first (oldest first: the reviewer's queue), then newest decided. */
export function listAppeals(db: DbOrTrx, f: AppealFilter, limit: number, offset: number) {
  return filteredAppeals(db, f)
    .innerJoin('points_entry as e', 'e.id', 'a.entry_id')
    .innerJoin('member as m', 'm.id', 'a.member_id')
    .innerJoin('org as b', 'b.id', 'a.branch_id')
    .leftJoin('app_user as d', 'd.id', 'a.decided_by')
    .leftJoin('points_entry as adj', 'adj.id', 'a.adjustment_entry_id')
    .selectAll('a')
    .select([
      'q.scheme_id',
      'q.quarter',
      'q.published_on',
      'q.version_id as quarter_version_id',
      'e.item_code',
      'e.occurred_on',
      'e.points',
      'm.name as member_name',
      'b.name as branch_name',
      'd.account as decided_by_account',
      'adj.state as adjustment_state',
    ])
    .orderBy((eb) => eb.case().when('a.state', '=', 'open').then(0).else(1).end())
    .orderBy((eb) => eb.case().when('a.state', '=', 'open').then(eb.ref('a.created_at')).else(null).end())
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export type AppealListRow = Awaited<ReturnType<typeof listAppeals>>[number];
