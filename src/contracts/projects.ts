import { z } from 'zod';
import { projectActions, projectStates } from '../domain/projects/lifecycle.js';
import { reportStatuses } from '../domain/projects/milestones.js';
import { projectGrades } from '../domain/projects/panel.js';
import { isoDate, paged, pageQuery, positiveId } from './common.js';

/** Schemas of the party-building projects (党建项目化管理, SPEC §4). Points are integer hundredths. */
export const projectState = z.enum(projectStates);
export const projectAction = z.enum(projectActions);
export const projectOrigin = z.enum(['assigned', 'proposed']);
export const projectGrade = z.enum(projectGrades);
export const reportStatus = z.enum(reportStatuses);
const label = z.object({ zh: z.string(), en: z.string() });

const text = (max: number) => z.string().trim().max(max);
const tag = z.string().trim().min(1).max(30);

export const milestoneInput = z.object({
  name: z.string().trim().min(1).max(100),
  deliverable: text(500).default(''),
  due: isoDate,
});

const contentFields = {
  title: z.string().trim().min(1).max(120),
  requirements: text(4000),
  objectives: text(4000),
  measures: text(4000),
  expectedResults: text(4000),
  tags: z.array(tag).max(10),
  /** Members of the owning org. */
  teamMemberIds: z.array(z.number().int().positive()).max(50),
  milestones: z.array(milestoneInput).max(24),
};

/** A project's editable content (立项申请书). */
export const projectContent = z.object({
  ...contentFields,
  requirements: contentFields.requirements.default(''),
  objectives: contentFields.objectives.default(''),
  measures: contentFields.measures.default(''),
  expectedResults: contentFields.expectedResults.default(''),
  tags: contentFields.tags.default([]),
  teamMemberIds: contentFields.teamMemberIds.default([]),
  milestones: contentFields.milestones.default([]),
});

export const projectCreateBody = projectContent.extend({
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  origin: projectOrigin,
});
/** Only the fields given change (no defaults: an absent timetable is kept, not emptied). */
export const projectUpdateBody = z
  .object(contentFields)
  .partial()
  .extend({
    summary: text(8000).optional(),
  });

export const planDraftBody = z.object({
  /** The committee whose year plan it is. */
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  /** Copy the plan's assigned projects of the year before, or draft one project per owner from a template. */
  source: z.enum(['last_year', 'template']),
  template: projectContent.optional(),
  ownerOrgIds: z.array(z.number().int().positive()).max(500).default([]),
  /** With `template`: draft from a stored template (its dates moved into the plan's year). */
  templateId: z.number().int().positive().optional(),
});
/** A year-plan template kept for reuse (年度计划模板库). */
export const planTemplateBody = z.object({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  template: projectContent,
});
export const planTemplateQuery = z.object({ orgId: positiveId });
export const planTemplateList = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      createdBy: z.string(),
      createdAt: z.string(),
      template: projectContent,
    }),
  ),
});
export const planIssueBody = z.object({
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
});
export const planResult = z.object({ count: z.number().int(), projectIds: z.array(z.number().int()) });

export const projectListQuery = pageQuery.extend({
  year: z.coerce.number().int().optional(),
  orgId: positiveId.optional(),
  origin: projectOrigin.optional(),
  state: projectState.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  tag: z.string().max(30).optional(),
  q: z.string().max(100).optional(),
});

export const projectSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  year: z.number().int(),
  origin: projectOrigin,
  state: projectState,
  orgId: z.number().int(),
  orgName: z.string(),
  planOrgId: z.number().int(),
  tags: z.array(z.string()),
  grade: projectGrade.nullable(),
  score: z.number().int().nullable(),
  overdueMilestones: z.number().int(),
  nextDue: z.string().nullable(),
  sourceProjectId: z.number().int().nullable(),
});
export type ProjectSummary = z.infer<typeof projectSummary>;
export const projectPage = paged(projectSummary);

export const evidenceRef = z.object({
  /** `be_self_score`: an indicator of the branch's monthly evaluation, with its note and evidence. */
  type: z.enum(['file', 'points_activity', 'points_entry', 'be_self_score']),
  id: z.number().int(),
  label: z.string(),
  date: z.string().nullable(),
});

export const milestoneView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  name: z.string(),
  deliverable: z.string(),
  baselineDue: z.string(),
  currentDue: z.string(),
  judgedDue: z.string(),
  phase: z.enum(['reported', 'open', 'due_soon', 'overdue']),
  overdueWorkingDays: z.number().int(),
  escalation: z.enum(['none', 'affairs', 'committee']),
  reportedOn: z.string().nullable(),
  onTime: z.boolean().nullable(),
  changes: z.array(
    z.object({
      id: z.number().int(),
      newDue: z.string(),
      reason: z.string(),
      state: z.enum(['pending', 'approved', 'rejected']),
      requestedBy: z.string(),
      requestedAt: z.string(),
      decidedBy: z.string().nullable(),
      decidedAt: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});

/** One line of the project's timeline: a decision, a report or a comment (replies nested). */
export const timelineEntry = z.object({
  kind: z.enum(['decision', 'report', 'comment']),
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: projectAction.nullable(),
  fromState: projectState.nullable(),
  toState: projectState.nullable(),
  rule: z.string().nullable(),
  text: z.string(),
  milestoneId: z.number().int().nullable(),
  reportStatus: reportStatus.nullable(),
  onTime: z.boolean().nullable(),
  evidence: z.array(evidenceRef),
  replies: z.array(z.object({ id: z.number().int(), at: z.string(), actor: z.string(), text: z.string() })),
  /** The comment or report it comments on. */
  target: z.object({ type: z.enum(['project', 'decision', 'report']), id: z.number().int() }).nullable(),
});

export const allowedActionView = z.object({
  action: projectAction,
  label,
  allowed: z.boolean(),
  reasonRequired: z.boolean(),
  whyNot: label.nullable(),
});

export const criterionView = z.object({ code: z.string(), name: z.string(), max: z.number().int() });

export const panelView = z.object({
  members: z.array(z.object({ userId: z.number().int(), name: z.string(), submitted: z.boolean() })),
  criteria: z.array(criterionView),
  /** Whether the caller sits on the panel, and their own sheet. */
  mine: z
    .object({
      submitted: z.boolean(),
      scores: z.array(z.object({ code: z.string(), points: z.number().int() })),
    })
    .nullable(),
  complete: z.boolean(),
  /** Every member's total and the aggregation — only once all are in. */
  explanation: z
    .object({
      totals: z.array(
        z.object({
          panelist: z.number().int(),
          name: z.string(),
          total: z.number().int(),
          dropped: z.enum(['highest', 'lowest']).nullable(),
        }),
      ),
      dropped: z.array(z.number().int()),
      counted: z.number().int(),
      sum: z.number().int(),
      score: z.number().int(),
      grade: projectGrade,
      ruleVersion: z.number().int(),
      bands: z.object({
        version: z.number().int(),
        excellent: z.number().int(),
        good: z.number().int(),
        pass: z.number().int(),
      }),
    })
    .nullable(),
});

export const projectDetail = projectSummary.extend({
  requirements: z.string(),
  objectives: z.string(),
  measures: z.string(),
  expectedResults: z.string(),
  summary: z.string(),
  suspendedFrom: projectState.nullable(),
  team: z.array(z.object({ memberId: z.number().int(), name: z.string() })),
  milestones: z.array(milestoneView),
  timeline: z.array(timelineEntry),
  actions: z.array(allowedActionView),
  /** What the caller is to this project. */
  actors: z.array(z.enum(['owner', 'committee', 'panel'])),
  canComment: z.boolean(),
  canEdit: z.boolean(),
  panel: panelView.nullable(),
  source: z.object({ id: z.number().int(), title: z.string() }).nullable(),
  adoptions: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      orgName: z.string(),
      grade: projectGrade.nullable(),
    }),
  ),
});
export type ProjectDetail = z.infer<typeof projectDetail>;

export const actionBody = z.object({ action: projectAction, comment: text(2000).optional() });

export const reportBody = z.object({
  /** 按期 / 滞后 / 完成, as the owner declares it. */
  progress: reportStatus,
  text: z.string().trim().min(1).max(4000),
  fileIds: z.array(z.number().int().positive()).max(20).default([]),
  activityIds: z.array(z.number().int().positive()).max(20).default([]),
  entryIds: z.array(z.number().int().positive()).max(50).default([]),
  /** Self scores of the branch's monthly evaluation (an indicator with its note and evidence). */
  evalEvidenceIds: z.array(z.number().int().positive()).max(20).default([]),
});

/** What a milestone report can link instead of uploading again, for one month (SPEC §4, §7). */
export const reportLinkableQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
});
export const reportLinkableResponse = z.object({
  projectId: z.number().int(),
  orgId: z.number().int(),
  month: z.string(),
  activities: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      kind: z.string(),
      occurredOn: z.string(),
      itemName: z.string(),
      attendees: z.number().int(),
      files: z.number().int(),
    }),
  ),
  /** The first 50 single point entries of the month. */
  entries: z.array(
    z.object({
      id: z.number().int(),
      memberName: z.string(),
      itemName: z.string(),
      occurredOn: z.string(),
      points: z.number().int(),
    }),
  ),
  /** The branch's monthly-evaluation evidence items: self scores with a note or evidence. */
  evalEvidence: z.array(
    z.object({
      id: z.number().int(),
      branchId: z.number().int(),
      month: z.string(),
      code: z.string(),
      name: z.string(),
      score: z.number().int().nullable(),
      note: z.string().nullable(),
      evidenceCount: z.number().int(),
    }),
  ),
});
export const changeRequestBody = z.object({ newDue: isoDate, reason: z.string().trim().min(1).max(1000) });
export const changeDecisionBody = z.object({
  decision: z.enum(['approve', 'reject']),
  note: text(1000).optional(),
});
export const commentBody = z.object({
  text: z.string().trim().min(1).max(2000),
  target: z.enum(['project', 'decision', 'report']).default('project'),
  targetId: z.number().int().positive().optional(),
  /** Replying to a comment. */
  parentId: z.number().int().positive().optional(),
});

export const panelBody = z.object({
  userIds: z.array(z.number().int().positive()).min(1).max(15),
  criteria: z
    .array(
      z.object({
        code: z.string().trim().min(1).max(20),
        name: z.string().trim().min(1).max(40),
        max: z.number().int().min(1).max(10_000),
      }),
    )
    .max(10)
    .optional(),
});
export const scoreBody = z.object({
  scores: z
    .array(z.object({ code: z.string().min(1).max(20), points: z.number().int() }))
    .min(1)
    .max(10),
});

export const panelCandidatesResponse = z.object({
  items: z.array(z.object({ userId: z.number().int(), name: z.string(), roles: z.array(z.string()) })),
});

export const boardResponse = z.object({
  columns: z.array(
    z.object({ state: projectState, items: z.array(projectSummary), total: z.number().int() }),
  ),
});
export const ganttQuery = z.object({
  year: z.coerce.number().int(),
  orgId: positiveId.optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export const ganttResponse = z.object({
  rows: z.array(
    z.object({
      projectId: z.number().int(),
      title: z.string(),
      orgName: z.string(),
      state: projectState,
      milestones: z.array(
        z.object({
          id: z.number().int(),
          name: z.string(),
          start: z.string(),
          due: z.string(),
          baselineDue: z.string(),
          phase: z.enum(['reported', 'open', 'due_soon', 'overdue']),
        }),
      ),
    }),
  ),
  truncated: z.boolean(),
});
export const chartsQuery = z.object({ year: z.coerce.number().int(), orgId: positiveId.optional() });
export const chartsResponse = z.object({
  stateByOrg: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      counts: z.record(z.string(), z.number().int()),
    }),
  ),
  onTimeByOrg: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      due: z.number().int(),
      onTime: z.number().int(),
      rate: z.number().int().nullable(),
    }),
  ),
  grades: z.record(z.string(), z.number().int()),
});
export const exportQuery = projectListQuery.omit({ page: true, pageSize: true });

export const libraryQuery = pageQuery.extend({
  q: z.string().max(100).optional(),
  tag: z.string().max(30).optional(),
});
export const libraryItem = z.object({
  projectId: z.number().int(),
  title: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  tags: z.array(z.string()),
  summary: z.string(),
  measures: z.string(),
  results: z.string(),
  score: z.number().int().nullable(),
  promotedAt: z.string(),
  adoptions: z.number().int(),
  adoptionGrades: z.record(z.string(), z.number().int()),
});
export const libraryPage = paged(libraryItem);
export const adoptBody = z.object({
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
});
export const idResult = z.object({ id: z.number().int() });

/** A new version of a committee's settings for a year's projects (grade floors, working-day reminders). */
export const ruleBody = z.object({
  orgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  excellent: z.number().int().min(0).max(10_000),
  good: z.number().int().min(0).max(10_000),
  pass: z.number().int().min(0).max(10_000),
  reminderDays: z.number().int().min(0).max(30),
  affairsAfter: z.number().int().min(1).max(60),
  committeeAfter: z.number().int().min(1).max(120),
  /** The version the editor saw (0: the defaults); a save on top of another's is refused. */
  expectedVersion: z.number().int().min(0),
});
export const ruleResult = z.object({ version: z.number().int() });
export const ruleQuery = z.object({
  orgId: positiveId,
  year: z.coerce.number().int().min(2000).max(2100),
});
const ruleValues = {
  excellent: z.number().int(),
  good: z.number().int(),
  pass: z.number().int(),
  reminderDays: z.number().int(),
  affairsAfter: z.number().int(),
  committeeAfter: z.number().int(),
};
/** A committee's settings of a year: the version in force and every saved version, newest first. */
export const ruleHistory = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  /** Version 1 is the defaults (nothing saved). */
  current: z.object({ version: z.number().int(), isDefault: z.boolean(), ...ruleValues }),
  history: z.array(
    z.object({
      version: z.number().int(),
      ...ruleValues,
      createdBy: z.object({ id: z.number().int(), name: z.string() }),
      createdAt: z.string(),
    }),
  ),
});
