import { type Expression, type SqlBool, sql } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { TermsTermTable } from '../../../db/types.js';
import type { OrgIdSubquery } from '../../lib/permissions.js';

/** Queries of the 二十四节气 calendar. No rules: the service decides, these read and write. */

export const CHECKIN_EVIDENCE = 'terms_checkin';

export function findCalendar(db: DbOrTrx, id: number) {
  return db
    .selectFrom('terms_calendar')
    .innerJoin('org', 'org.id', 'terms_calendar.org_id')
    .selectAll('terms_calendar')
    .select('org.name as org_name')
    .where('terms_calendar.id', '=', id)
    .executeTakeFirst();
}
export type CalendarRow = NonNullable<Awaited<ReturnType<typeof findCalendar>>>;

export function calendarOf(db: DbOrTrx, orgId: number, year: number) {
  return db
    .selectFrom('terms_calendar')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Calendars of the orgs in `ancestors` (of the user's grants) or in the user's scope. */
export function listCalendars(
  db: DbOrTrx,
  ancestors: readonly number[],
  scope: OrgIdSubquery | null,
  year?: number,
  publishedOnly = false,
) {
  let q = db
    .selectFrom('terms_calendar')
    .innerJoin('org', 'org.id', 'terms_calendar.org_id')
    .select([
      'terms_calendar.id',
      'terms_calendar.org_id',
      'org.name as org_name',
      'terms_calendar.year',
      'terms_calendar.state',
      'terms_calendar.published_at',
    ])
    .where((eb) =>
      eb.or([
        ...(ancestors.length > 0 ? [eb('terms_calendar.org_id', 'in', [...ancestors])] : []),
        ...(scope ? [eb('terms_calendar.org_id', 'in', scope)] : []),
        ...(ancestors.length === 0 && !scope ? [sql<SqlBool>`1 = 0`] : []),
      ]),
    );
  if (year !== undefined) q = q.where('terms_calendar.year', '=', year);
  if (publishedOnly) q = q.where('terms_calendar.state', '=', 'published');
  return q.orderBy('terms_calendar.year', 'desc').orderBy('terms_calendar.id').execute();
}

export async function insertCalendar(
  db: DbOrTrx,
  v: { orgId: number; year: number; by: number; at: string },
): Promise<number> {
  const row = await db
    .insertInto('terms_calendar')
    .values({
      org_id: v.orgId,
      year: v.year,
      state: 'draft',
      library_version: null,
      closes_at: null,
      created_by: v.by,
      created_at: v.at,
      published_by: null,
      published_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function publishCalendar(
  db: DbOrTrx,
  id: number,
  v: { version: string; closesAt: string; by: number; at: string },
) {
  return db
    .updateTable('terms_calendar')
    .set({
      state: 'published',
      library_version: v.version,
      closes_at: v.closesAt,
      published_by: v.by,
      published_at: v.at,
    })
    .where('id', '=', id)
    .where('state', '=', 'draft')
    .executeTakeFirst();
}

export function termsOf(db: DbOrTrx, calendarId: number) {
  return db
    .selectFrom('terms_term')
    .leftJoin('app_user', 'app_user.id', 'terms_term.corrected_by')
    .selectAll('terms_term')
    .select('app_user.display_name as corrected_by_name')
    .where('calendar_id', '=', calendarId)
    .orderBy('position')
    .execute();
}

export async function insertTerms(db: DbOrTrx, rows: TermsTermTable[]) {
  await db.insertInto('terms_term').values(rows).execute();
}

export function correctTerm(
  db: DbOrTrx,
  calendarId: number,
  position: number,
  v: { startsAt: string; by: number; at: string; reason: string },
) {
  return db
    .updateTable('terms_term')
    .set({ starts_at: v.startsAt, corrected_by: v.by, corrected_at: v.at, correction_reason: v.reason })
    .where('calendar_id', '=', calendarId)
    .where('position', '=', position)
    .execute();
}

/** The calendar's tasks in term order, with how many orgs each is assigned to. */
export function tasksOf(db: DbOrTrx, calendarId: number) {
  return db
    .selectFrom('terms_task')
    .select(['id', 'position', 'sort_order', 'title', 'description', 'evidence_required'])
    .select((eb) =>
      eb
        .selectFrom('terms_assignment')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('terms_assignment.task_id', '=', 'terms_task.id')
        .as('assigned'),
    )
    .where('calendar_id', '=', calendarId)
    .orderBy('position')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function replaceTasks(
  db: DbOrTrx,
  calendarId: number,
  tasks: readonly { position: number; title: string; description: string; evidenceRequired: boolean }[],
) {
  await db.deleteFrom('terms_task').where('calendar_id', '=', calendarId).execute();
  if (tasks.length === 0) return;
  const order = new Map<number, number>();
  await db
    .insertInto('terms_task')
    .values(
      tasks.map((t) => {
        const n = (order.get(t.position) ?? 0) + 1;
        order.set(t.position, n);
        return {
          calendar_id: calendarId,
          position: t.position,
          sort_order: n,
          title: t.title,
          description: t.description,
          evidence_required: t.evidenceRequired ? 1 : 0,
        };
      }),
    )
    .execute();
}

export function tasksByIds(db: DbOrTrx, ids: readonly number[]) {
  return db
    .selectFrom('terms_task')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Branches under `ancestorId` active during the year, optionally only those in `within`. */
export function branchesUnder(db: DbOrTrx, ancestorIds: readonly number[], year: number) {
  return db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.descendant_id')
    .select('org.id')
    .distinct()
    .where('org_closure.ancestor_id', 'in', [...ancestorIds])
    .where('org.kind', '=', 'branch')
    .where('org.active_from', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('org.active_to', 'is', null), eb('org.active_to', '>=', `${year}-01-01`)]))
    .execute();
}

export async function existingAssignments(
  db: DbOrTrx,
  taskIds: readonly number[],
  orgIds: readonly number[],
) {
  const out: { task_id: number; org_id: number }[] = [];
  for (let i = 0; i < orgIds.length; i += 1000) {
    const rows = await db
      .selectFrom('terms_assignment')
      .select(['task_id', 'org_id'])
      .where('task_id', 'in', [...taskIds])
      .where('org_id', 'in', orgIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.push(r);
  }
  return out;
}

export async function insertAssignments(
  db: DbOrTrx,
  rows: {
    task_id: number;
    calendar_id: number;
    position: number;
    org_id: number;
    assigned_by: number;
    assigned_at: string;
  }[],
) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('terms_assignment')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/**
 * The branches of a matrix: under the calendar's org, optionally a subtree, and in the user's
 * scope — `scope` null when the user's grants already cover the whole of it (the usual case),
 * which spares the database a subquery over every org of the installation.
 */
function matrixOrgs(
  db: DbOrTrx,
  calendarOrgId: number,
  year: number,
  scope: OrgIdSubquery | null,
  within?: number,
) {
  let q = db
    .selectFrom('org_closure')
    .innerJoin('org', 'org.id', 'org_closure.descendant_id')
    .where('org_closure.ancestor_id', '=', calendarOrgId)
    .where('org.kind', '=', 'branch')
    .where('org.active_from', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('org.active_to', 'is', null), eb('org.active_to', '>=', `${year}-01-01`)]));
  if (scope) q = q.where('org.id', 'in', scope);
  if (within !== undefined)
    q = q.where(
      'org.id',
      'in',
      db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', within),
    );
  return q;
}

export async function matrixOrgCount(
  db: DbOrTrx,
  calendarOrgId: number,
  year: number,
  scope: OrgIdSubquery | null,
  within?: number,
) {
  const row = await matrixOrgs(db, calendarOrgId, year, scope, within)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function matrixOrgPage(
  db: DbOrTrx,
  calendarOrgId: number,
  year: number,
  scope: OrgIdSubquery | null,
  within: number | undefined,
  limit: number,
  offset: number,
) {
  return matrixOrgs(db, calendarOrgId, year, scope, within)
    .select(['org.id', 'org.code', 'org.name'])
    .orderBy('org.sort_order')
    .orderBy('org.code')
    .orderBy('org.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

const onTimeSql = sql<number>`sum(case when terms_checkin.late = 0 then 1 else 0 end)`;
const lateSql = sql<number>`sum(case when terms_checkin.late = 1 then 1 else 0 end)`;

/** Per org and term of the given orgs: tasks assigned, checked in on time, checked in late. */
export async function cellCounts(db: DbOrTrx, calendarId: number, orgIds: readonly number[]) {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('terms_assignment')
    .leftJoin('terms_checkin', 'terms_checkin.assignment_id', 'terms_assignment.id')
    .select(['terms_assignment.org_id', 'terms_assignment.position'])
    .select((eb) => [eb.fn.countAll<number>().as('assigned'), onTimeSql.as('on_time'), lateSql.as('late')])
    .where('terms_assignment.calendar_id', '=', calendarId)
    .where('terms_assignment.org_id', 'in', [...orgIds])
    .groupBy(['terms_assignment.org_id', 'terms_assignment.position'])
    .execute();
  return rows.map((r) => ({
    orgId: r.org_id,
    position: r.position,
    assigned: Number(r.assigned),
    onTime: Number(r.on_time ?? 0),
    late: Number(r.late ?? 0),
  }));
}

/**
 * Per term over every branch of the matrix: cells fully checked in on time, fully checked in
 * with a late one, and assigned but not fully checked in (one grouped pass in the database).
 */
export async function termAggregates(
  db: DbOrTrx,
  calendarId: number,
  calendarOrgId: number,
  year: number,
  scope: OrgIdSubquery | null,
  within?: number,
) {
  const orgIds = matrixOrgs(db, calendarOrgId, year, scope, within).select('org.id');
  const cells = db
    .selectFrom('terms_assignment')
    .leftJoin('terms_checkin', 'terms_checkin.assignment_id', 'terms_assignment.id')
    .select(['terms_assignment.org_id', 'terms_assignment.position'])
    .select((eb) => [eb.fn.countAll<number>().as('assigned'), onTimeSql.as('on_time'), lateSql.as('late')])
    .where('terms_assignment.calendar_id', '=', calendarId)
    .where('terms_assignment.org_id', 'in', orgIds)
    .groupBy(['terms_assignment.org_id', 'terms_assignment.position'])
    .as('cell');
  const complete: Expression<SqlBool> = sql<SqlBool>`cell.on_time + cell.late >= cell.assigned`;
  const rows = await db
    .selectFrom(cells)
    .select('cell.position')
    .select([
      sql<number>`sum(case when ${complete} and cell.late = 0 then 1 else 0 end)`.as('complete'),
      sql<number>`sum(case when ${complete} and cell.late > 0 then 1 else 0 end)`.as('complete_late'),
      sql<number>`sum(case when ${complete} then 0 else 1 end)`.as('incomplete'),
    ])
    .groupBy('cell.position')
    .execute();
  return rows.map((r) => ({
    position: r.position,
    complete: Number(r.complete ?? 0),
    completeLate: Number(r.complete_late ?? 0),
    incomplete: Number(r.incomplete ?? 0),
  }));
}

const assignmentBase = (db: DbOrTrx) =>
  db
    .selectFrom('terms_assignment')
    .innerJoin('terms_task', 'terms_task.id', 'terms_assignment.task_id')
    .innerJoin('terms_calendar', 'terms_calendar.id', 'terms_assignment.calendar_id')
    .innerJoin('org', 'org.id', 'terms_assignment.org_id')
    .leftJoin('terms_checkin', 'terms_checkin.assignment_id', 'terms_assignment.id')
    .leftJoin('app_user', 'app_user.id', 'terms_checkin.checked_in_by')
    .select([
      'terms_assignment.id',
      'terms_assignment.calendar_id',
      'terms_assignment.position',
      'terms_assignment.org_id',
      'terms_calendar.year',
      'terms_calendar.org_id as calendar_org_id',
      'terms_task.id as task_id',
      'terms_task.title',
      'terms_task.description',
      'terms_task.evidence_required',
      'org.name as org_name',
      'terms_checkin.note',
      'terms_checkin.late',
      'terms_checkin.checked_in_at',
      'app_user.display_name as checked_in_by_name',
    ]);

export function findAssignment(db: DbOrTrx, id: number) {
  return assignmentBase(db).where('terms_assignment.id', '=', id).executeTakeFirst();
}
export type AssignmentRow = NonNullable<Awaited<ReturnType<typeof findAssignment>>>;

/** The assignments of orgs in `orgs` in the published calendars of a year, optionally one term. */
export function assignmentsOf(db: DbOrTrx, orgs: OrgIdSubquery, year: number, position?: number) {
  let q = assignmentBase(db)
    .where('terms_assignment.org_id', 'in', orgs)
    .where('terms_calendar.year', '=', year)
    .where('terms_calendar.state', '=', 'published');
  if (position !== undefined) q = q.where('terms_assignment.position', '=', position);
  return q
    .orderBy('terms_assignment.position')
    .orderBy('terms_task.sort_order')
    .orderBy('org.sort_order')
    .orderBy('terms_assignment.id')
    .limit(2000)
    .execute();
}

/** Every term of the calendars named, keyed by calendar. */
export async function termsOfCalendars(db: DbOrTrx, calendarIds: readonly number[]) {
  if (calendarIds.length === 0) return [];
  return db
    .selectFrom('terms_term')
    .innerJoin('terms_calendar', 'terms_calendar.id', 'terms_term.calendar_id')
    .select([
      'terms_term.calendar_id',
      'terms_term.position',
      'terms_term.name',
      'terms_term.starts_at',
      'terms_calendar.closes_at',
    ])
    .where('terms_term.calendar_id', 'in', [...calendarIds])
    .orderBy('terms_term.calendar_id')
    .orderBy('terms_term.position')
    .execute();
}

export function filesOfCheckins(db: DbOrTrx, assignmentIds: readonly number[]) {
  if (assignmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_link')
    .innerJoin('file_upload', 'file_upload.id', 'evidence_link.file_id')
    .select(['evidence_link.entity_id', 'file_upload.id', 'file_upload.original_name'])
    .where('evidence_link.entity_type', '=', CHECKIN_EVIDENCE)
    .where('evidence_link.entity_id', 'in', [...assignmentIds])
    .orderBy('file_upload.id')
    .execute();
}

export function refsOfCheckins(db: DbOrTrx, assignmentIds: readonly number[]) {
  if (assignmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('terms_checkin_ref')
    .selectAll()
    .where('assignment_id', 'in', [...assignmentIds])
    .orderBy('ref_type')
    .orderBy('ref_id')
    .execute();
}

export async function insertCheckin(
  db: DbOrTrx,
  v: {
    assignmentId: number;
    note: string;
    late: boolean;
    by: number;
    at: string;
    fileIds: readonly number[];
    activityIds: readonly number[];
    entryIds: readonly number[];
  },
) {
  // Two check-ins racing: the second inserts nothing and is told so (the caller rolls back).
  const inserted = await db
    .insertInto('terms_checkin')
    .values({
      assignment_id: v.assignmentId,
      note: v.note,
      late: v.late ? 1 : 0,
      checked_in_by: v.by,
      checked_in_at: v.at,
    })
    .onConflict((oc) => oc.column('assignment_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  const refs = [
    ...[...new Set(v.activityIds)].map((ref_id) => ({
      assignment_id: v.assignmentId,
      ref_type: 'points_activity' as const,
      ref_id,
    })),
    ...[...new Set(v.entryIds)].map((ref_id) => ({
      assignment_id: v.assignmentId,
      ref_type: 'points_entry' as const,
      ref_id,
    })),
  ];
  if (refs.length > 0) await db.insertInto('terms_checkin_ref').values(refs).execute();
  const files = [...new Set(v.fileIds)];
  if (files.length > 0)
    await db
      .insertInto('evidence_link')
      .values(
        files.map((file_id) => ({
          file_id,
          entity_type: CHECKIN_EVIDENCE,
          entity_id: v.assignmentId,
          created_by: v.by,
          created_at: v.at,
        })),
      )
      .execute();
  return true;
}

/** Open tasks of orgs in `orgs`: not checked in, in published calendars, started before `now`. */
export function uncheckedStarted(db: DbOrTrx, orgs: OrgIdSubquery, now: string, fromYear: number) {
  return db
    .selectFrom('terms_assignment')
    .innerJoin('terms_calendar', 'terms_calendar.id', 'terms_assignment.calendar_id')
    .innerJoin('terms_term', (j) =>
      j
        .onRef('terms_term.calendar_id', '=', 'terms_assignment.calendar_id')
        .onRef('terms_term.position', '=', 'terms_assignment.position'),
    )
    .leftJoin('terms_checkin', 'terms_checkin.assignment_id', 'terms_assignment.id')
    .select([
      'terms_assignment.id',
      'terms_assignment.calendar_id',
      'terms_assignment.position',
      'terms_assignment.org_id',
    ])
    .where('terms_assignment.org_id', 'in', orgs)
    .where('terms_calendar.state', '=', 'published')
    .where('terms_calendar.year', '>=', fromYear)
    .where('terms_checkin.assignment_id', 'is', null)
    .where('terms_term.starts_at', '<=', now)
    .limit(5000)
    .execute();
}

/**
 * Of the orgs, those a published calendar of one of the years covers (their own or an
 * ancestor's), with the year: one statement for the to-do's every org and year.
 */
export function publishedCoverage(db: DbOrTrx, orgIds: readonly number[], years: readonly number[]) {
  return db
    .selectFrom('terms_calendar as tc')
    .innerJoin('org_closure as c', 'c.ancestor_id', 'tc.org_id')
    .select(['c.descendant_id as org_id', 'tc.year'])
    .where('c.descendant_id', 'in', orgIds)
    .where('tc.year', 'in', years)
    .where('tc.state', '=', 'published')
    .execute();
}
