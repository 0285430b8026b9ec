import { z } from 'zod';
import { cellStatuses } from '../domain/terms/matrix.js';
import { paged, pageQuery, positiveId } from './common.js';

/** Schemas of the 二十四节气 calendar (党建工作二十四节气月例表, SPEC §4). Instants are ISO-8601 UTC. */

export const termDto = z.object({
  /** 0 = 小寒 … 23 = 冬至. */
  position: z.number().int(),
  name: z.string(),
  startsAt: z.string(),
  /** The next term's start: the window is [startsAt, endsAt). */
  endsAt: z.string(),
  /** What the library gives; differs from startsAt after an admin's correction. */
  libraryStartsAt: z.string(),
  correction: z.object({ by: z.string().nullable(), at: z.string(), reason: z.string() }).nullable(),
});
export type TermDto = z.infer<typeof termDto>;

export const taskDto = z.object({
  id: z.number().int(),
  position: z.number().int(),
  sortOrder: z.number().int(),
  title: z.string(),
  description: z.string(),
  evidenceRequired: z.boolean(),
  /** How many orgs the task is assigned to. */
  assignedOrgs: z.number().int(),
});
export type TaskDto = z.infer<typeof taskDto>;

export const calendarSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  state: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
});
export type CalendarSummary = z.infer<typeof calendarSummary>;

export const calendarDto = calendarSummary.extend({
  /** `tyme4ts@1.5.2`: the library the terms were frozen from (null while a draft follows the library). */
  libraryVersion: z.string().nullable(),
  /** Where the last window ends: the next year's 小寒. */
  closesAt: z.string(),
  terms: z.array(termDto),
  tasks: z.array(taskDto),
  /** What the caller may do with it. */
  can: z.object({ manage: z.boolean(), correct: z.boolean() }),
});
export type CalendarDto = z.infer<typeof calendarDto>;

export const calendarListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const calendarListResponse = z.object({ items: z.array(calendarSummary) });

export const createCalendarBody = z.object({
  orgId: positiveId,
  year: z.number().int().min(2000).max(2099),
});

const taskInput = z.object({
  position: z.number().int().min(0).max(23),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).default(''),
  evidenceRequired: z.boolean(),
});
export const tasksBody = z.object({ tasks: z.array(taskInput).min(1).max(120) });

export const correctTermBody = z.object({
  /** Beijing wall-clock minute, `YYYY-MM-DD HH:mm`. */
  startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, 'YYYY-MM-DD HH:mm'),
  reason: z.string().trim().min(2).max(500),
});
export const calendarTermParams = z.object({
  id: positiveId,
  position: z.coerce.number().int().min(0).max(23),
});

export const assignBody = z.object({
  taskIds: z.array(positiveId).min(1).max(200),
  /** `subtree`: every branch under each org of `orgIds`; `orgs`: exactly these branches. */
  mode: z.enum(['subtree', 'orgs']),
  orgIds: z.array(positiveId).min(1).max(10_000),
});
export const assignResponse = z.object({
  created: z.number().int(),
  alreadyAssigned: z.number().int(),
  orgs: z.number().int(),
});

export const cellStatus = z.enum(cellStatuses);
export const statusTotals = z.object({
  done: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  open: z.number().int(),
  not_assigned: z.number().int(),
});

export const matrixQuery = pageQuery.extend({
  /** Only the branches under this org. */
  orgId: positiveId.optional(),
});
export const matrixResponse = paged(
  z.object({
    orgId: z.number().int(),
    orgCode: z.string(),
    orgName: z.string(),
    cells: z.array(z.object({ status: cellStatus, assigned: z.number().int(), done: z.number().int() })),
    totals: statusTotals,
  }),
).extend({
  calendarId: z.number().int(),
  year: z.number().int(),
  /** The server's instant the statuses were judged at. */
  now: z.string(),
  terms: z.array(
    z.object({ position: z.number().int(), name: z.string(), startsAt: z.string(), endsAt: z.string() }),
  ),
  /** Per term, over every branch of the matrix (not only this page). */
  termTotals: z.array(statusTotals),
});
export type MatrixDto = z.infer<typeof matrixResponse>;

export const assignmentDto = z.object({
  id: z.number().int(),
  calendarId: z.number().int(),
  year: z.number().int(),
  position: z.number().int(),
  termName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Until when a late check-in is still taken. */
  lateUntil: z.string(),
  taskId: z.number().int(),
  title: z.string(),
  description: z.string(),
  evidenceRequired: z.boolean(),
  orgId: z.number().int(),
  orgName: z.string(),
  status: cellStatus,
  /** A check-in is taken now (the window or the late period is running and none is recorded). */
  canCheckIn: z.boolean(),
  checkin: z
    .object({
      note: z.string(),
      late: z.boolean(),
      at: z.string(),
      by: z.string(),
      files: z.array(z.object({ id: z.number().int(), name: z.string() })),
      refs: z.array(z.object({ type: z.enum(['points_activity', 'points_entry']), id: z.number().int() })),
    })
    .nullable(),
});
export type AssignmentDto = z.infer<typeof assignmentDto>;

export const myAssignmentsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const myAssignmentsResponse = z.object({ items: z.array(assignmentDto) });

export const checkinBody = z.object({
  note: z.string().trim().max(2000),
  /** Uploaded evidence (files endpoint), by id. */
  fileIds: z.array(positiveId).max(20).default([]),
  /** Records already kept that the check-in cites instead of an upload. */
  activityIds: z.array(positiveId).max(20).default([]),
  entryIds: z.array(positiveId).max(50).default([]),
});

export const currentTermResponse = z.object({
  /** Today in China on the server's clock. */
  today: z.string(),
  term: z
    .object({ position: z.number().int(), name: z.string(), startsAt: z.string(), endsAt: z.string() })
    .nullable(),
  /** Calendar days to the window's last day (0 on that day). */
  daysLeft: z.number().int(),
  /** The published calendar the term and tasks come from, if any. */
  calendarId: z.number().int().nullable(),
  tasks: z.array(assignmentDto),
});
export type CurrentTermDto = z.infer<typeof currentTermResponse>;
