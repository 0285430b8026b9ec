import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { z } from 'zod';
import type {
  AssignmentDto,
  assignBody,
  CalendarDto,
  CalendarSummary,
  CurrentTermDto,
  checkinBody,
  correctTermBody,
  MatrixDto,
  matrixQuery,
  tasksBody,
} from '../../../contracts/terms.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import { allows, scopeRoots } from '../../../domain/access/roles.js';
import {
  beijingMinute,
  type CellStatus,
  cellStatus,
  checkInProblem,
  checkInTiming,
  daysLeft,
  defaultTermTasks,
  emptyTotals,
  lateUntil,
  parseBeijingMinute,
  type StatusTotals,
  sequenceProblem,
  type TermStart,
  type TermWindow,
  termNames,
  termTotalsOf,
  termWindows,
  totalsOf,
  windowAt,
} from '../../../domain/terms/index.js';
import { libraryTermsOfYear } from '../../../domain/terms/term-library.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import {
  ancestorsOf,
  authorize,
  can,
  reachesInto,
  requireSomewhere,
  scopeOrgIds,
} from '../../lib/permissions.js';
import { checkEvidence } from '../branch-eval/evidence.js';
import * as orgService from '../org/org.service.js';
import * as repo from './terms.repo.js';

/**
 * Use cases of the 二十四节气 calendar (党建工作二十四节气月例表, SPEC §4). A calendar belongs to
 * an org (usually the bureau's committee) and a year; while a draft its terms follow the library
 * and its tasks can be edited; publishing freezes the 24 instants with the library's version.
 * Tasks are then assigned to branches, which check them in inside their term's window (or late,
 * for one more window's length: domain/terms/checkin.ts).
 */

let libraryVersion: string | undefined;
/** `tyme4ts@1.5.2`: the installed calendar library, recorded with each published calendar. */
export function termLibraryVersion(): string {
  if (!libraryVersion) {
    // The package exports no package.json: walk up from its entry point.
    let dir = path.dirname(createRequire(import.meta.url).resolve('tyme4ts'));
    while (!fs.existsSync(path.join(dir, 'package.json')) && dir !== path.dirname(dir))
      dir = path.dirname(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    libraryVersion = `tyme4ts@${pkg.version}`;
  }
  return libraryVersion;
}

type TermRow = Awaited<ReturnType<typeof repo.termsOf>>[number];

/** A calendar's windows: the frozen table once published, the library's while a draft. */
function windowsOf(cal: repo.CalendarRow, rows: readonly TermRow[]): TermWindow[] {
  if (cal.state === 'published' && cal.closes_at && rows.length === 24) {
    return termWindows(
      rows.map((r) => ({ position: r.position, name: r.name as TermStart['name'], startsAt: r.starts_at })),
      cal.closes_at,
    );
  }
  const lib = libraryTermsOfYear(cal.year);
  return termWindows(lib.starts, lib.closesAt);
}

async function calendarOrThrow(db: DbOrTrx, id: number): Promise<repo.CalendarRow> {
  const cal = await repo.findCalendar(db, id);
  if (!cal) throw new AppError('not_found', { entity: 'terms_calendar', id });
  return cal;
}

/** A calendar the user may read: they hold `terms.read` at its org, above it or inside its subtree. */
async function readableCalendar(ctx: Ctx, id: number): Promise<repo.CalendarRow> {
  const cal = await calendarOrThrow(ctx.db, id);
  if (!(await reachesInto(ctx.db, ctx.user, 'terms.read', cal.org_id)))
    throw new AppError('forbidden', { permission: 'terms.read', calendarId: id });
  return cal;
}

async function calendarDto(ctx: Ctx, db: DbOrTrx, cal: repo.CalendarRow): Promise<CalendarDto> {
  const rows = await repo.termsOf(db, cal.id);
  const windows = windowsOf(cal, rows);
  const lib = cal.state === 'published' ? undefined : libraryTermsOfYear(cal.year);
  const tasks = await repo.tasksOf(db, cal.id);
  return {
    id: cal.id,
    orgId: cal.org_id,
    orgName: cal.org_name,
    year: cal.year,
    state: cal.state,
    publishedAt: cal.published_at,
    libraryVersion: cal.library_version,
    closesAt: cal.closes_at ?? lib?.closesAt ?? '',
    terms: windows.map((w) => {
      const row = rows[w.position];
      return {
        position: w.position,
        name: w.name,
        startsAt: w.startsAt,
        endsAt: w.endsAt,
        libraryStartsAt: row?.library_starts_at ?? w.startsAt,
        correction:
          row?.corrected_at && row.correction_reason
            ? { by: row.corrected_by_name ?? null, at: row.corrected_at, reason: row.correction_reason }
            : null,
      };
    }),
    tasks: tasks.map((t) => ({
      id: t.id,
      position: t.position,
      sortOrder: t.sort_order,
      title: t.title,
      description: t.description,
      evidenceRequired: t.evidence_required === 1,
      assignedOrgs: Number(t.assigned ?? 0),
    })),
    can: {
      manage: await can(db, ctx.user, 'terms.manage', cal.org_id),
      correct: cal.state === 'published' && (await can(db, ctx.user, 'terms.correct', cal.org_id)),
    },
  };
}

/** Orgs above the user's grants (their calendars apply to them) and the user's `terms.read` scope. */
async function calendarsVisible(ctx: Ctx, year: number | undefined, publishedOnly: boolean) {
  const ancestors = new Set<number>();
  for (const g of ctx.user.grants) for (const a of await ancestorsOf(ctx.db, g.orgId)) ancestors.add(a);
  const roots = scopeRoots(ctx.user.grants, 'terms.read');
  const scope = roots.length > 0 ? await scopeOrgIds(ctx.db, roots) : null;
  if (roots.length === 0 && scopeRoots(ctx.user.grants, 'terms.checkin').length === 0) return [];
  return repo.listCalendars(ctx.db, [...ancestors], scope, year, publishedOnly);
}

/** The calendars the user reaches, newest year first. */
export async function listCalendars(ctx: Ctx, year?: number): Promise<{ items: CalendarSummary[] }> {
  requireSomewhere(ctx.user, 'terms.read');
  const rows = await calendarsVisible(ctx, year, false);
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      year: r.year,
      state: r.state,
      publishedAt: r.published_at,
    })),
  };
}

/** A calendar with its terms, windows and tasks. */
export async function getCalendar(ctx: Ctx, id: number): Promise<CalendarDto> {
  return calendarDto(ctx, ctx.db, await readableCalendar(ctx, id));
}

/**
 * Starts a year's calendar for an org (affairs): a draft whose tasks are last year's calendar's,
 * or the default tasks of a power-supply bureau when there is none.
 */
export async function createCalendar(ctx: Ctx, input: { orgId: number; year: number }): Promise<CalendarDto> {
  await authorize(ctx.db, ctx.user, 'terms.manage', input.orgId);
  const at = nowIso(ctx.clock);
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (await repo.calendarOf(trx, input.orgId, input.year))
      throw new AppError('terms_calendar_exists', { orgId: input.orgId, year: input.year });
    const id = await repo.insertCalendar(trx, { ...input, by: ctx.user.id, at });
    const previous = await repo.calendarOf(trx, input.orgId, input.year - 1);
    const tasks = previous
      ? (await repo.tasksOf(trx, previous.id)).map((t) => ({
          position: t.position,
          title: t.title,
          description: t.description,
          evidenceRequired: t.evidence_required === 1,
        }))
      : defaultTermTasks;
    await repo.replaceTasks(trx, id, tasks);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'terms.calendar.create',
        entityType: 'terms_calendar',
        entityId: id,
        orgId: input.orgId,
        after: {
          year: input.year,
          tasksFrom: previous ? `calendar ${previous.id}` : 'default',
          tasks: tasks.length,
        },
      },
    ]);
    return id;
  });
  return getCalendar(ctx, id);
}

/** Replaces a draft calendar's tasks (the template of each term); a published one is frozen. */
export async function setTasks(ctx: Ctx, id: number, input: z.infer<typeof tasksBody>): Promise<CalendarDto> {
  const at = nowIso(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    const cal = await calendarOrThrow(trx, id);
    await authorize(trx, ctx.user, 'terms.manage', cal.org_id);
    if (cal.state !== 'draft') throw new AppError('terms_calendar_published', { id });
    const before = await repo.tasksOf(trx, id);
    await repo.replaceTasks(trx, id, input.tasks);
    const view = (t: { position: number; title: string; evidenceRequired: boolean }) =>
      `${termNames[t.position]}:${t.title}${t.evidenceRequired ? '*' : ''}`;
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'terms.tasks.set',
        entityType: 'terms_calendar',
        entityId: id,
        orgId: cal.org_id,
        before: before.map((t) => view({ ...t, evidenceRequired: t.evidence_required === 1 })),
        after: input.tasks.map(view),
      },
    ]);
  });
  return getCalendar(ctx, id);
}

/** Publishes a draft: the library's 24 instants are frozen with its version (affairs). */
export async function publishCalendar(ctx: Ctx, id: number): Promise<CalendarDto> {
  const at = nowIso(ctx.clock);
  const version = termLibraryVersion();
  await ctx.db.transaction().execute(async (trx) => {
    const cal = await calendarOrThrow(trx, id);
    await authorize(trx, ctx.user, 'terms.manage', cal.org_id);
    if (cal.state !== 'draft') throw new AppError('terms_calendar_published', { id });
    const lib = libraryTermsOfYear(cal.year);
    const updated = await repo.publishCalendar(trx, id, {
      version,
      closesAt: lib.closesAt,
      by: ctx.user.id,
      at,
    });
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('terms_calendar_published', { id });
    await repo.insertTerms(
      trx,
      lib.starts.map((s) => ({
        calendar_id: id,
        position: s.position,
        name: s.name,
        starts_at: s.startsAt,
        library_starts_at: s.startsAt,
        corrected_by: null,
        corrected_at: null,
        correction_reason: null,
      })),
    );
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'terms.calendar.publish',
        entityType: 'terms_calendar',
        entityId: id,
        orgId: cal.org_id,
        after: {
          libraryVersion: version,
          terms: lib.starts.map((s) => `${s.name} ${beijingMinute(s.startsAt)}`),
          closesAt: lib.closesAt,
        },
      },
    ]);
  });
  return getCalendar(ctx, id);
}

/**
 * An admin corrects a published term's start (e.g. to follow an official table that differs by
 * a minute): the new instant must stay between its neighbours; the library's stays on record.
 */
export async function correctTerm(
  ctx: Ctx,
  id: number,
  position: number,
  input: z.infer<typeof correctTermBody>,
): Promise<CalendarDto> {
  const at = nowIso(ctx.clock);
  const startsAt = parseBeijingMinute(input.startsAt);
  if (!startsAt) throw new AppError('validation_failed', { field: 'startsAt', value: input.startsAt });
  await ctx.db.transaction().execute(async (trx) => {
    const cal = await calendarOrThrow(trx, id);
    await authorize(trx, ctx.user, 'terms.correct', cal.org_id);
    if (cal.state !== 'published' || !cal.closes_at)
      throw new AppError('terms_calendar_not_published', { id });
    const rows = await repo.termsOf(trx, id);
    const starts = rows.map((r) => ({
      position: r.position,
      name: r.name as TermStart['name'],
      startsAt: r.position === position ? startsAt : r.starts_at,
    }));
    const problem = sequenceProblem(starts, cal.closes_at);
    if (problem)
      throw new AppError('terms_invalid_sequence', { position, startsAt: input.startsAt, problem });
    const before = rows[position];
    await repo.correctTerm(trx, id, position, { startsAt, by: ctx.user.id, at, reason: input.reason });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'terms.term.correct',
        entityType: 'terms_calendar',
        entityId: id,
        orgId: cal.org_id,
        before: { position, name: before?.name, startsAt: before?.starts_at },
        after: { position, name: before?.name, startsAt, reason: input.reason },
      },
    ]);
  });
  return getCalendar(ctx, id);
}

/**
 * Assigns tasks of a published calendar to branches (affairs): every branch under each org named
 * (`subtree`), or exactly the branches named (`orgs`); each must lie under the calendar's org and
 * in the user's reach. Existing assignments are kept; nothing is assigned twice.
 */
export async function assignTasks(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof assignBody>,
): Promise<{ created: number; alreadyAssigned: number; orgs: number }> {
  const at = nowIso(ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    const cal = await calendarOrThrow(trx, id);
    await authorize(trx, ctx.user, 'terms.manage', cal.org_id);
    if (cal.state !== 'published') throw new AppError('terms_calendar_not_published', { id });
    const tasks = await repo.tasksByIds(trx, input.taskIds);
    for (const taskId of input.taskIds)
      if (!tasks.some((t) => t.id === taskId && t.calendar_id === id))
        throw new AppError('not_found', { entity: 'terms_task', id: taskId });
    const named = [...new Set(input.orgIds)];
    for (const orgId of named) {
      await authorize(trx, ctx.user, 'terms.manage', orgId);
      if (!(await orgService.isInSubtree(trx, cal.org_id, orgId)))
        throw new AppError('terms_not_a_branch', { orgId });
    }
    const branches = (await repo.branchesUnder(trx, named, cal.year)).map((r) => r.id);
    if (input.mode === 'orgs') {
      const isBranch = new Set(branches);
      const wrong = named.filter((o) => !isBranch.has(o));
      if (wrong.length > 0) throw new AppError('terms_not_a_branch', { orgIds: wrong });
    }
    const existing = await repo.existingAssignments(trx, input.taskIds, branches);
    const has = new Set(existing.map((e) => `${e.task_id}:${e.org_id}`));
    const rows = tasks.flatMap((t) =>
      branches
        .filter((o) => !has.has(`${t.id}:${o}`))
        .map((org_id) => ({
          task_id: t.id,
          calendar_id: id,
          position: t.position,
          org_id,
          assigned_by: ctx.user.id,
          assigned_at: at,
        })),
    );
    await repo.insertAssignments(trx, rows);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'terms.assign',
        entityType: 'terms_calendar',
        entityId: id,
        orgId: cal.org_id,
        after: {
          taskIds: input.taskIds,
          mode: input.mode,
          orgIds: named,
          branches: branches.length,
          created: rows.length,
        },
      },
    ]);
    return { created: rows.length, alreadyAssigned: existing.length, orgs: branches.length };
  });
}

/**
 * The org × term matrix of a calendar over the branches the user reaches (optionally one
 * subtree), one page of branches at a time; the per-term totals cover every branch, not only
 * the page. Statuses are judged at the server's current instant.
 */
export async function termMatrix(
  ctx: Ctx,
  id: number,
  q: Pick<z.infer<typeof matrixQuery>, 'orgId'> & { page: number; pageSize: number },
): Promise<MatrixDto> {
  const cal = await readableCalendar(ctx, id);
  const roots = requireSomewhere(ctx.user, 'terms.read');
  // Grants at or above the matrix's top (the subtree asked for, else the calendar's org) cover
  // all of it; otherwise the branches are cut to what the grants reach.
  const top = q.orgId ?? cal.org_id;
  const covered = allows(ctx.user.grants, 'terms.read', await ancestorsOf(ctx.db, top));
  const scope = covered ? null : await scopeOrgIds(ctx.db, roots);
  const now = nowIso(ctx.clock);
  const windows = windowsOf(cal, await repo.termsOf(ctx.db, id));
  const [total, orgs, aggregates] = await Promise.all([
    repo.matrixOrgCount(ctx.db, cal.org_id, cal.year, scope, q.orgId),
    repo.matrixOrgPage(ctx.db, cal.org_id, cal.year, scope, q.orgId, q.pageSize, (q.page - 1) * q.pageSize),
    repo.termAggregates(ctx.db, id, cal.org_id, cal.year, scope, q.orgId),
  ]);
  const counts = await repo.cellCounts(
    ctx.db,
    id,
    orgs.map((o) => o.id),
  );
  const byCell = new Map(counts.map((c) => [`${c.orgId}:${c.position}`, c]));
  const items = orgs.map((o) => {
    const cells = windows.map((w) => {
      const c = byCell.get(`${o.id}:${w.position}`) ?? { assigned: 0, onTime: 0, late: 0 };
      return { status: cellStatus(c, w, now), assigned: c.assigned, done: c.onTime + c.late };
    });
    return {
      orgId: o.id,
      orgCode: o.code,
      orgName: o.name,
      cells,
      totals: totalsOf(cells.map((c) => c.status)),
    };
  });
  const aggregateOf = new Map(aggregates.map((a) => [a.position, a]));
  const termTotals: StatusTotals[] = windows.map((w) => {
    const a = aggregateOf.get(w.position) ?? { complete: 0, completeLate: 0, incomplete: 0 };
    return total === 0 ? emptyTotals() : termTotalsOf({ orgs: total, ...a }, w, now);
  });
  return {
    calendarId: id,
    year: cal.year,
    now,
    terms: windows.map((w) => ({
      position: w.position,
      name: w.name,
      startsAt: w.startsAt,
      endsAt: w.endsAt,
    })),
    termTotals,
    items,
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The status of one assigned task at `now`, as a matrix cell of one task. */
function statusOfOne(a: repo.AssignmentRow, w: TermWindow, now: string): CellStatus {
  const done = a.checked_in_at !== null;
  return cellStatus(
    { assigned: 1, onTime: done && a.late === 0 ? 1 : 0, late: done && a.late === 1 ? 1 : 0 },
    w,
    now,
  );
}

async function assignmentDtos(
  db: DbOrTrx,
  rows: readonly repo.AssignmentRow[],
  now: string,
  mayCheckIn: (orgId: number) => boolean,
): Promise<AssignmentDto[]> {
  const calendarIds = [...new Set(rows.map((r) => r.calendar_id))];
  const termRows = await repo.termsOfCalendars(db, calendarIds);
  const windows = new Map<number, TermWindow[]>();
  for (const cid of calendarIds) {
    const mine = termRows.filter((t) => t.calendar_id === cid);
    const closes = mine[0]?.closes_at;
    if (!closes || mine.length !== 24) continue;
    windows.set(
      cid,
      termWindows(
        mine.map((t) => ({ position: t.position, name: t.name as TermStart['name'], startsAt: t.starts_at })),
        closes,
      ),
    );
  }
  const ids = rows.map((r) => r.id);
  const [files, refs] = await Promise.all([repo.filesOfCheckins(db, ids), repo.refsOfCheckins(db, ids)]);
  return rows.flatMap((a) => {
    const w = windows.get(a.calendar_id)?.[a.position];
    if (!w) return [];
    const timing = checkInTiming(w, now);
    return [
      {
        id: a.id,
        calendarId: a.calendar_id,
        year: a.year,
        position: a.position,
        termName: w.name,
        startsAt: w.startsAt,
        endsAt: w.endsAt,
        lateUntil: lateUntil(w),
        taskId: a.task_id,
        title: a.title,
        description: a.description,
        evidenceRequired: a.evidence_required === 1,
        orgId: a.org_id,
        orgName: a.org_name,
        status: statusOfOne(a, w, now),
        canCheckIn:
          a.checked_in_at === null && (timing === 'on_time' || timing === 'late') && mayCheckIn(a.org_id),
        checkin:
          a.checked_in_at === null
            ? null
            : {
                note: a.note ?? '',
                late: a.late === 1,
                at: a.checked_in_at,
                by: a.checked_in_by_name ?? '',
                files: files
                  .filter((f) => f.entity_id === a.id)
                  .map((f) => ({ id: f.id, name: f.original_name })),
                refs: refs
                  .filter((r) => r.assignment_id === a.id)
                  .map((r) => ({ type: r.ref_type, id: r.ref_id })),
              },
      },
    ];
  });
}

/** The tasks of the orgs the user checks in for (secretaries), in the published calendars of a year. */
export async function myAssignments(ctx: Ctx, year?: number): Promise<{ items: AssignmentDto[] }> {
  const roots = scopeRoots(ctx.user.grants, 'terms.checkin');
  if (roots.length === 0) return { items: [] };
  const y = year ?? Number(todayInChina(ctx.clock).slice(0, 4));
  const rows = await repo.assignmentsOf(ctx.db, await scopeOrgIds(ctx.db, roots), y);
  return { items: await assignmentDtos(ctx.db, rows, nowIso(ctx.clock), () => true) };
}

/** One assigned task, for anyone who reads its org's records. */
export async function getAssignment(ctx: Ctx, id: number): Promise<AssignmentDto> {
  const a = await repo.findAssignment(ctx.db, id);
  if (!a) throw new AppError('not_found', { entity: 'terms_assignment', id });
  await authorize(ctx.db, ctx.user, 'terms.read', a.org_id);
  const mayCheckIn = await can(ctx.db, ctx.user, 'terms.checkin', a.org_id);
  const [dto] = await assignmentDtos(ctx.db, [a], nowIso(ctx.clock), () => mayCheckIn);
  if (!dto) throw new AppError('not_found', { entity: 'terms_assignment', id });
  return dto;
}

/**
 * Checks a task in for its org (the branch's secretary): inside the window it is on time, in the
 * late period it is recorded as late, before or after both it is refused. A note is required;
 * evidence only where the task requires it — uploaded files or records already kept (activities,
 * point entries) of the branch, checked by the branch evaluation's own rule. All or nothing.
 */
export async function checkIn(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof checkinBody>,
): Promise<AssignmentDto> {
  const now = nowIso(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    const a = await repo.findAssignment(trx, id);
    if (!a) throw new AppError('not_found', { entity: 'terms_assignment', id });
    await authorize(trx, ctx.user, 'terms.checkin', a.org_id);
    if (a.checked_in_at !== null) throw new AppError('terms_already_checked_in', { id, at: a.checked_in_at });
    const cal = await calendarOrThrow(trx, a.calendar_id);
    const w = windowsOf(cal, await repo.termsOf(trx, a.calendar_id))[a.position];
    if (!w) throw new AppError('not_found', { entity: 'terms_term', position: a.position });
    const timing = checkInTiming(w, now);
    if (timing === 'not_open') throw new AppError('terms_window_not_open', { id, startsAt: w.startsAt });
    if (timing === 'closed') throw new AppError('terms_window_closed', { id, lateUntil: lateUntil(w) });
    const evidenceCount = input.fileIds.length + input.activityIds.length + input.entryIds.length;
    const problem = checkInProblem(
      { evidenceRequired: a.evidence_required === 1 },
      { note: input.note, evidenceCount },
    );
    if (problem === 'note_missing') throw new AppError('terms_note_required', { id });
    if (problem === 'evidence_required') throw new AppError('terms_evidence_required', { id });
    await checkEvidence(ctx, trx, a.org_id, {
      files: input.fileIds,
      activities: input.activityIds,
      entries: input.entryIds,
    });
    const late = timing === 'late';
    const recorded = await repo.insertCheckin(trx, {
      assignmentId: id,
      note: input.note,
      late,
      by: ctx.user.id,
      at: now,
      fileIds: input.fileIds,
      activityIds: input.activityIds,
      entryIds: input.entryIds,
    });
    if (!recorded) throw new AppError('terms_already_checked_in', { id });
    await appendAudit(trx, ctx.user, now, [
      {
        action: 'terms.checkin',
        entityType: 'terms_assignment',
        entityId: id,
        orgId: a.org_id,
        after: {
          task: a.title,
          term: w.name,
          late,
          note: input.note,
          files: input.fileIds,
          activities: input.activityIds,
          entries: input.entryIds,
        },
      },
    ]);
  });
  return getAssignment(ctx, id);
}

/**
 * The home page's card: the term running now (from the user's published calendar of the year,
 * else the library), the tasks of the user's orgs in it and the days left in its window.
 */
export async function currentTerm(ctx: Ctx): Promise<CurrentTermDto> {
  const now = nowIso(ctx.clock);
  const today = todayInChina(ctx.clock);
  const year = Number(today.slice(0, 4));
  const calendars = await calendarsVisible(ctx, year, true);
  const cal = calendars[0] ? await repo.findCalendar(ctx.db, calendars[0].id) : undefined;
  const windows = cal
    ? windowsOf(cal, await repo.termsOf(ctx.db, cal.id))
    : (() => {
        const lib = libraryTermsOfYear(year);
        return termWindows(lib.starts, lib.closesAt);
      })();
  // Before 小寒 in early January the running term is last year's 冬至.
  let w = windowAt(windows, now);
  if (!w) {
    const prev = libraryTermsOfYear(year - 1);
    w = windowAt(termWindows(prev.starts, prev.closesAt), now);
  }
  const roots = scopeRoots(ctx.user.grants, 'terms.checkin');
  const rows =
    w && roots.length > 0
      ? await repo.assignmentsOf(
          ctx.db,
          await scopeOrgIds(ctx.db, roots),
          Number(w.startsAt.slice(0, 4)) === year ? year : year - 1,
          w.position,
        )
      : [];
  return {
    today,
    term: w ? { position: w.position, name: w.name, startsAt: w.startsAt, endsAt: w.endsAt } : null,
    daysLeft: w ? daysLeft(today, w.endsAt) : 0,
    calendarId: cal?.id ?? null,
    tasks: await assignmentDtos(ctx.db, rows, now, () => true),
  };
}
