/**
 * Branch joint evaluation (SPEC §3 党支部联评联考): request and response contracts. Points are
 * integer hundredths everywhere (85.95 → 8595), months are `YYYY-MM`, quarters `YYYY-Qn`.
 *
 * Anonymity: no response a rated branch's users can get carries a rater (branch or person).
 * Only the assignment and peer-score views, refused to the rated branch's users, name raters.
 */
import { z } from 'zod';
import { categories } from '../domain/branch-eval/indicators.js';
import { blockedAction, paged, positiveId } from './common.js';
import { importCellError, importColumn, importPreviewRow } from './io.js';

const hundredths = z.number().int();
const id = z.number().int().positive();
const pageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const category = z.enum(categories);
export const monthKeySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const quarterKeySchema = z.string().regex(/^\d{4}-Q[1-4]$/, 'YYYY-Qn');

export const label = z.object({ zh: z.string(), en: z.string() });

/** A problem found by the rules, with its message in both languages. */
export const issueDto = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  indicator: z.string().nullable(),
  message: label,
  details: z.record(z.string(), z.unknown()),
});
export type IssueDto = z.infer<typeof issueDto>;

// ── indicator library (指标库) ──────────────────────────────────────────────────────────

export const indicatorView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  code: z.string(),
  name: z.string(),
  category,
  maxPoints: hundredths,
  criteria: z.string(),
  evidenceRequired: z.boolean(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type IndicatorView = z.infer<typeof indicatorView>;

export const indicatorListQuery = z.object({
  orgId: positiveId,
  category: category.optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
  ...pageFields,
});
export const indicatorListResponse = paged(indicatorView);

const indicatorCode = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');
const indicatorFields = {
  name: z.string().trim().min(1).max(100),
  category,
  maxPoints: z.number().int().min(1).max(100_000),
  criteria: z.string().trim().max(2000).default(''),
  evidenceRequired: z.boolean().default(false),
};
export const indicatorCodeSchema = indicatorCode;
export const indicatorNameSchema = indicatorFields.name;
export const indicatorCriteriaSchema = z.string().trim().max(2000);
export const indicatorCreateBody = z.object({ orgId: id, code: indicatorCode, ...indicatorFields });
export const indicatorUpdateBody = z.object({
  name: indicatorFields.name.optional(),
  category: category.optional(),
  maxPoints: indicatorFields.maxPoints.optional(),
  criteria: z.string().trim().max(2000).optional(),
  evidenceRequired: z.boolean().optional(),
  active: z.boolean().optional(),
});

export const indicatorImportQuery = z.object({ orgId: positiveId });
export const indicatorImportResult = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(importCellError),
  errorsTruncated: z.boolean(),
  columns: z.array(importColumn),
  preview: z.array(importPreviewRow),
  committed: z.boolean(),
  /** Rows written: new indicators plus updated ones (matched by code). */
  imported: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
});
export type IndicatorImportResult = z.infer<typeof indicatorImportResult>;

// ── templates and quarter plans (季度指标方案) ──────────────────────────────────────────

export const planIndicator = z.object({
  code: z.string(),
  name: z.string(),
  category,
  maxPoints: hundredths,
  criteria: z.string(),
  evidenceRequired: z.boolean(),
});
export const weights = z.object({
  self: z.number().int().min(0).max(100),
  peer: z.number().int().min(0).max(100),
  verified: z.number().int().min(0).max(100),
});
export const planSettings = z.object({
  totalPoints: z.number().int().min(1).max(100_000),
  innovationCap: z.number().int().min(0).max(100_000),
  weights,
  minPeerRaters: z.number().int().min(1).max(100),
});
export const pointsByCategory = z.object({
  mandatory: hundredths,
  basic: hundredths,
  evaluative: hundredths,
  innovation: hundredths,
});

/** An indicator taken from the library by code, optionally at other max points. */
export const indicatorPick = z.object({ code: indicatorCode, maxPoints: z.number().int().min(1).optional() });

export const templateView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  settings: planSettings,
  indicators: z.array(planIndicator),
  pointsByCategory,
  issues: z.array(issueDto),
  updatedAt: z.string(),
});
export const templateListQuery = z.object({ orgId: positiveId, ...pageFields });
export const templateListResponse = paged(templateView);
export const templateCreateBody = z.object({
  orgId: id,
  name: z.string().trim().min(1).max(100),
  settings: planSettings.optional(),
  indicators: z.array(indicatorPick).max(200),
});
export const templateUpdateBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  settings: planSettings.optional(),
  indicators: z.array(indicatorPick).max(200).optional(),
});

export const planState = z.enum(['draft', 'approved', 'frozen']);
export const planAction = z.enum(['approve', 'reopen']);

export const planSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  branchId: z.number().int(),
  branchCode: z.string(),
  branchName: z.string(),
  quarter: z.string(),
  /** The state in force today: an approved plan is frozen from its quarter's first day. */
  state: planState,
  version: z.number().int(),
  versionId: z.number().int(),
  approvedAt: z.string().nullable(),
  approvedLate: z.boolean(),
  pointsByCategory,
  errorCount: z.number().int(),
});
export const planDetail = planSummary.extend({
  templateId: z.number().int().nullable(),
  settings: planSettings,
  indicators: z.array(planIndicator),
  issues: z.array(issueDto),
  /** The steps the viewer may take now (the buttons to show). */
  actions: z.array(planAction),
  canTailor: z.boolean(),
  versions: z.array(
    z.object({
      id: z.number().int(),
      version: z.number().int(),
      state: z.enum(['draft', 'approved', 'superseded']),
      note: z.string().nullable(),
      createdAt: z.string(),
      approvedAt: z.string().nullable(),
    }),
  ),
});
export type PlanDetail = z.infer<typeof planDetail>;
export const planListQuery = z.object({
  orgId: positiveId,
  quarter: quarterKeySchema,
  state: planState.optional(),
  ...pageFields,
});
export const planListResponse = paged(planSummary);
export const planGenerateBody = z.object({
  templateId: id,
  quarter: quarterKeySchema,
  /** Only these branches (default: every active branch under the template's org). */
  branchIds: z.array(id).max(5000).optional(),
});
export const planBatchResponse = z.object({
  created: z.array(planSummary),
  skipped: z.array(z.object({ branchId: z.number().int(), branchName: z.string(), reason: z.string() })),
});
export const planTailorBody = z.object({
  add: z.array(indicatorPick).max(100).optional(),
  remove: z.array(indicatorCode).max(100).optional(),
  points: z.record(z.string(), z.number().int().min(1)).optional(),
  settings: planSettings.optional(),
  note: z.string().trim().max(500).optional(),
});
export const reasonBody = z.object({ reason: z.string().trim().max(500).optional() });
export const planCopyBody = z.object({ orgId: id, fromQuarter: quarterKeySchema });
/** The committee approves every draft plan of a round's quarter in its reach, all or none. */
export const planApproveQuarterBody = z.object({ orgId: id, quarter: quarterKeySchema });
export const planApproveQuarterResponse = z.object({
  orgId: z.number().int(),
  quarter: z.string(),
  approved: z.array(planSummary),
  /** Approved on or after the quarter's first day: flagged late and frozen at once. */
  late: z.boolean(),
});
/** One plan that kept a quarter from being approved (`details.plans` of the 422 `plan_invalid`). */
export const planRefusal = z.object({
  planId: z.number().int(),
  branchId: z.number().int(),
  branchCode: z.string(),
  branchName: z.string(),
  issues: z.array(issueDto),
});
export type PlanRefusal = z.infer<typeof planRefusal>;
export const branchPlanParams = z.object({
  branchId: positiveId,
  quarter: quarterKeySchema,
});
/** Library indicators a plan or template of the org can take: its own and its ancestors' libraries. */
export const planIndicatorOptionsQuery = z.object({
  orgId: positiveId,
  category: category.optional(),
  q: z.string().trim().max(50).optional(),
  ...pageFields,
});
export const planIndicatorOptionsResponse = paged(indicatorView.extend({ orgName: z.string() }));

// ── the monthly round (月评) ────────────────────────────────────────────────────────────

export const monthState = z.enum(['open', 'verifying', 'approved', 'published']);
export const branchMonthState = z.enum(['self_open', 'self_submitted', 'returned', 'verified']);
export const branchMonthAction = z.enum([
  'submit',
  'withdraw',
  'reopen_window',
  'return',
  'resubmit',
  'verify',
  'reopen_verification',
]);
export const deadlines = z.object({
  opensOn: z.string(),
  selfDue: z.string(),
  peerDue: z.string(),
  verifyStart: z.string(),
  verifyDue: z.string(),
  /** A deadline was counted across a year whose holidays are not entered yet (`unknownYears`): it may be wrong. */
  calendarUncertain: z.boolean(),
  unknownYears: z.array(z.number().int()),
});

export const monthParams = z.object({ month: monthKeySchema });
export const orgQuery = z.object({ orgId: positiveId });
export const orgBody = z.object({ orgId: id });
export const monthView = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  month: z.string(),
  state: monthState,
  deadlines,
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedOn: z.string().nullable(),
  actions: z.array(z.enum(['approve', 'publish'])),
  /** Of those, what the state refuses for now and why (审定 while branches are unverified). */
  blocked: z.array(blockedAction),
  /** The result version in force (1: as approved; each approved correction adds one); null before approval. */
  resultVersion: z.number().int().nullable(),
  /** Approved corrections after publication, and when the last one was approved. */
  correctionCount: z.number().int(),
  correctedAt: z.string().nullable(),
  counts: z.object({
    branches: z.number().int(),
    selfOpen: z.number().int(),
    submitted: z.number().int(),
    returned: z.number().int(),
    verified: z.number().int(),
  }),
});
export const monthListQuery = z.object({
  orgId: positiveId,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...pageFields,
});
export const monthListResponse = paged(
  z.object({
    month: z.string(),
    state: monthState,
    publishedOn: z.string().nullable(),
  }),
);
export const signalDto = z.object({
  /** Evidence items of the month (files and linked records). */
  total: z.number().int(),
  /** Recorded in the month's last three calendar days or later. */
  late: z.number().int(),
  /** The share in tenths of a percent (333 = 33.3%); null without evidence. */
  percentTenths: z.number().int().nullable(),
  percentText: z.string().nullable(),
});
export const branchStatus = z.object({
  branchId: z.number().int(),
  branchCode: z.string(),
  branchName: z.string(),
  planState: planState,
  state: branchMonthState,
  submittedAt: z.string().nullable(),
  submittedLate: z.boolean(),
  windowReopened: z.boolean(),
  verifiedAt: z.string().nullable(),
  verifiedLate: z.boolean(),
  /** Not submitted and the window has closed (not reopened). */
  selfOverdue: z.boolean(),
  /** Not verified and the verification deadline has passed. */
  verifyOverdue: z.boolean(),
  /** The daily-work signal of the evidence so far (shown, never scored). */
  signal: signalDto,
});
export const branchStatusQuery = z.object({
  orgId: positiveId,
  state: branchMonthState.optional(),
  ...pageFields,
});
export const branchStatusResponse = paged(branchStatus);

export const branchMonthParams = z.object({
  branchId: positiveId,
  month: monthKeySchema,
});
export const evidenceFileDto = z.object({
  id: z.number().int(),
  name: z.string(),
  mime: z.string(),
  uploadedAt: z.string(),
});
export const evidenceDto = z.object({
  files: z.array(evidenceFileDto),
  activities: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      kind: z.string(),
      occurredOn: z.string(),
      files: z.array(evidenceFileDto),
    }),
  ),
  entries: z.array(
    z.object({
      id: z.number().int(),
      itemCode: z.string(),
      occurredOn: z.string(),
      memberName: z.string(),
      files: z.array(evidenceFileDto),
    }),
  ),
});
/**
 * Innovation points awarded to the branch citing one of its excellent projects (SPEC §4 "Feeds
 * branch evaluation"): part of the indicator's innovation award, traced to the project.
 */
export const innovationProjectDto = z.object({
  projectId: z.number().int(),
  title: z.string(),
  year: z.number().int(),
  points: hundredths,
  note: z.string().nullable(),
});
export const innovationAwardBody = z.object({
  /** The innovation indicator of the branch's plan the points go to. */
  code: indicatorCode,
  projectId: id,
  points: z.number().int().positive().max(100_000),
  note: z.string().trim().max(500).optional(),
});
export const innovationProjectParams = branchMonthParams.extend({ projectId: positiveId });
export const innovationCandidatesResponse = z.object({
  branchId: z.number().int(),
  items: z.array(
    z.object({
      projectId: z.number().int(),
      title: z.string(),
      year: z.number().int(),
      score: hundredths.nullable(),
      /** Where the project was already cited (a project is cited once), or null. */
      cited: z.object({ month: z.string(), code: z.string(), points: hundredths }).nullable(),
    }),
  ),
});
export const verificationDto = z.object({
  verified: hundredths.nullable(),
  done: z.boolean().nullable(),
  innovationAward: hundredths.nullable(),
  reason: z.string().nullable(),
});
/** One step of a branch's month, from the audit log (who: the branch or the office, never a rater). */
export const branchMonthStep = z.object({
  action: branchMonthAction,
  at: z.string(),
  late: z.boolean(),
  reason: z.string().nullable(),
});
export const branchMonthView = z.object({
  orgId: z.number().int(),
  branchId: z.number().int(),
  branchName: z.string(),
  month: z.string(),
  monthState,
  state: branchMonthState,
  deadlines,
  plan: z.object({
    id: z.number().int(),
    versionId: z.number().int(),
    version: z.number().int(),
    settings: planSettings,
  }),
  windowOpen: z.boolean(),
  windowReopened: z.boolean(),
  reopenReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedLate: z.boolean(),
  returnedReason: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedLate: z.boolean(),
  actions: z.array(branchMonthAction),
  /** Whether verification scores are shown (to the office at once; to the branch once published). */
  verificationVisible: z.boolean(),
  indicators: z.array(
    planIndicator.extend({
      selfScore: hundredths.nullable(),
      note: z.string().nullable(),
      evidence: evidenceDto,
      verification: verificationDto.nullable(),
      /** Excellent projects cited for this innovation indicator (shown with the verification). */
      projects: z.array(innovationProjectDto),
      /** The figures in force after approved corrections (shown with the verification), or null. */
      correction: z
        .object({
          verified: hundredths.nullable(),
          done: z.boolean().nullable(),
          innovationAward: hundredths.nullable(),
          count: z.number().int(),
          correctedAt: z.string(),
        })
        .nullable(),
    }),
  ),
  /** What still blocks submitting the self-evaluation. */
  issues: z.array(issueDto),
  signal: signalDto,
  /** The steps taken so far, oldest first: submitted, withdrawn, returned, reopened, verified… */
  history: z.array(branchMonthStep),
});
export type BranchMonthView = z.infer<typeof branchMonthView>;

export const selfSaveBody = z.object({
  entries: z
    .array(
      z.object({
        code: indicatorCode,
        score: z.number().int().nullable().optional(),
        note: z.string().trim().max(1000).nullable().optional(),
        /** Replaces the linked evidence when given: uploaded files, points activities, points entries. */
        fileIds: z.array(id).max(50).optional(),
        activityIds: z.array(id).max(50).optional(),
        entryIds: z.array(id).max(200).optional(),
      }),
    )
    .max(200),
});
export const branchActionBody = z.object({
  action: branchMonthAction,
  reason: z.string().trim().max(500).optional(),
});
export const verificationSaveBody = z.object({
  entries: z
    .array(
      z.object({
        code: indicatorCode,
        verified: z.number().int().nullable().optional(),
        done: z.boolean().nullable().optional(),
        innovationAward: z.number().int().nullable().optional(),
        reason: z.string().trim().max(500).nullable().optional(),
      }),
    )
    .max(200),
});

// ── peer evaluation (互评) ──────────────────────────────────────────────────────────────

export const assignmentRow = z.object({
  ratedBranchId: z.number().int(),
  ratedBranchName: z.string(),
  /** True when the viewer belongs to the rated branch: its raters are not shown to them. */
  hidden: z.boolean(),
  raterCount: z.number().int(),
  raters: z.array(
    z.object({
      branchId: z.number().int(),
      branchName: z.string(),
      source: z.enum(['default', 'office']),
      submitted: z.boolean(),
    }),
  ),
});
export const assignmentsQuery = z.object({ orgId: positiveId, ...pageFields });
export const assignmentsResponse = paged(assignmentRow).extend({ warnings: z.array(issueDto) });
export const assignmentsUpdateBody = z.object({ orgId: id, raterBranchIds: z.array(id).max(500) });
export const ratedParams = z.object({
  month: monthKeySchema,
  ratedBranchId: positiveId,
});

export const peerTasksQuery = z.object({ month: monthKeySchema, ...pageFields });
export const peerTask = z.object({
  orgId: z.number().int(),
  raterBranchId: z.number().int(),
  raterBranchName: z.string(),
  ratedBranchId: z.number().int(),
  ratedBranchName: z.string(),
  due: z.string(),
  /** False until the month is opened (a branch of the round saved, or the office set raters). */
  opened: z.boolean(),
  open: z.boolean(),
  submitted: z.boolean(),
  overdue: z.boolean(),
  indicators: z.array(planIndicator),
  /** This rater's own scores (never anyone else's). */
  scores: z.record(z.string(), hundredths).nullable(),
  /**
   * What the rated branch wrote and attached this month for each evaluative indicator (SPEC §3:
   * the rater sees "their self-evaluation notes and evidence … never the self score").
   */
  context: z.array(z.object({ code: z.string(), note: z.string().nullable(), evidence: evidenceDto })),
});
export const peerTasksResponse = paged(peerTask);
export const peerSubmitBody = z.object({
  raterBranchId: id,
  scores: z.record(z.string(), z.number().int()),
});
export const peerScoresResponse = z.object({
  ratedBranchId: z.number().int(),
  ratedBranchName: z.string(),
  month: z.string(),
  raters: z.array(
    z.object({
      branchId: z.number().int(),
      branchName: z.string(),
      scores: z.record(z.string(), hundredths),
    }),
  ),
});

// ── results (scores, rankings, boards) ──────────────────────────────────────────────────

export const rankingRow = z.object({
  rank: z.number().int(),
  previousRank: z.number().int().nullable(),
  /** Last month's rank − this month's rank: +3 climbed three places; null when new. */
  movement: z.number().int().nullable(),
  branchId: z.number().int(),
  branchCode: z.string(),
  branchName: z.string(),
  total: hundredths,
  byCategory: pointsByCategory,
  mandatoryMissed: z.boolean(),
  signal: signalDto,
  /** Approved corrections of this branch's month after publication ("更正"), or null. */
  correction: z.object({ count: z.number().int(), correctedAt: z.string() }).nullable(),
});
export type RankingRow = z.infer<typeof rankingRow>;
export const rankingsQuery = z.object({
  orgId: positiveId,
  /**
   * Only the branches under this org (the round's org or one inside it, e.g. a county committee
   * of a bureau-wide round); ranks stay the round's, the page and total count those branches.
   */
  within: positiveId.optional(),
  ...pageFields,
});
export const rankingsResponse = paged(rankingRow).extend({
  orgId: z.number().int(),
  orgName: z.string(),
  month: z.string(),
  state: monthState,
  publishedOn: z.string().nullable(),
  indicators: z.array(z.object({ code: z.string(), name: z.string(), category })),
  resultVersion: z.number().int(),
  correctionCount: z.number().int(),
  correctedAt: z.string().nullable(),
});
export const indicatorRankParams = z.object({ month: monthKeySchema, code: indicatorCode });
export const indicatorRankRow = z.object({
  rank: z.number().int(),
  previousRank: z.number().int().nullable(),
  movement: z.number().int().nullable(),
  branchId: z.number().int(),
  branchCode: z.string(),
  branchName: z.string(),
  score: hundredths,
});
export const indicatorRankingResponse = paged(indicatorRankRow).extend({
  month: z.string(),
  code: z.string(),
  name: z.string(),
  category,
});

/** The office's figures of one indicator: verified score, done (mandatory), award (innovation). */
export const verifiedFigures = z.object({
  verified: hundredths.nullable(),
  done: z.boolean().nullable(),
  innovationAward: hundredths.nullable(),
});
/** One approved correction of an indicator, as the explanation shows it (who approved it and when). */
export const correctionTrailEntry = z.object({
  correctionId: z.number().int(),
  before: verifiedFigures,
  after: verifiedFigures,
  reason: z.string(),
  filedAt: z.string(),
  approvedBy: z.object({ id: z.number().int(), name: z.string() }),
  approvedAt: z.string(),
});

export const scoreExplanation = z.object({
  orgId: z.number().int(),
  branchId: z.number().int(),
  branchName: z.string(),
  month: z.string(),
  state: monthState,
  plan: z.object({
    id: z.number().int(),
    versionId: z.number().int(),
    version: z.number().int(),
    settings: planSettings,
  }),
  total: hundredths,
  byCategory: pointsByCategory,
  rank: z.number().int(),
  previousRank: z.number().int().nullable(),
  movement: z.number().int().nullable(),
  mandatoryMissed: z.boolean(),
  missedIndicators: z.array(z.string()),
  rectification: z.object({ note: z.string(), acceptedAt: z.string() }).nullable(),
  innovationAwarded: hundredths,
  innovationCapped: z.boolean(),
  signal: signalDto,
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      category,
      maxPoints: hundredths,
      score: hundredths,
      /** What counted toward the total (innovation beyond the cap counts in part or not at all). */
      counted: hundredths,
      exact: z.object({ numerator: z.number().int(), denominator: z.number().int() }),
      formula: z.string(),
      self: hundredths.nullable(),
      selfNote: z.string().nullable(),
      /** Peer scores WITHOUT raters, ascending; the dropped highest and lowest shown apart. */
      peer: z
        .object({
          used: z.array(hundredths),
          droppedHigh: hundredths.nullable(),
          droppedLow: hundredths.nullable(),
          /** How many scores the mean is taken over (`used.length`; the dropped ones not counted). */
          count: z.number().int(),
          meanRounded: hundredths.nullable(),
        })
        .nullable(),
      verified: hundredths.nullable(),
      done: z.boolean().nullable(),
      innovationAward: hundredths.nullable(),
      /** The projects cited for this innovation award, with the points each brought. */
      projects: z.array(innovationProjectDto),
      verifyReason: z.string().nullable(),
      weightsUsed: weights.nullable(),
      explanation: label,
      /** Approved corrections of this indicator after publication, oldest first (the first `before` is the office's verification). */
      corrections: z.array(correctionTrailEntry),
    }),
  ),
  computedAt: z.string(),
  /**
   * Set when the branch had fewer peer raters than the minimum that month: no peer component (its
   * weight moved to the verified score). Null otherwise.
   */
  peerWithheld: z.object({ raters: z.number().int(), required: z.number().int() }).nullable(),
  /** The result version this explanation belongs to, and the corrections of the branch's month. */
  resultVersion: z.number().int(),
  correction: z.object({ count: z.number().int(), correctedAt: z.string() }).nullable(),
});
export type ScoreExplanation = z.infer<typeof scoreExplanation>;

export const quarterParams = z.object({ quarter: quarterKeySchema });
export const quarterBoardResponse = paged(
  z.object({
    branchId: z.number().int(),
    branchCode: z.string(),
    branchName: z.string(),
    months: z.array(z.object({ month: z.string(), total: hundredths.nullable() })),
    score: hundredths.nullable(),
    complete: z.boolean(),
    missingMonths: z.array(z.number().int()),
    rank: z.number().int().nullable(),
  }),
).extend({ orgId: z.number().int(), quarter: z.string() });

export const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const gradeFloor = z.object({
  grade: z.enum(['advanced', 'good', 'average']),
  points: hundredths,
  reached: z.boolean(),
});
export const gradeRuleView = z.object({
  /** 0: the defaults (no version saved for the year). */
  version: z.number().int(),
  isDefault: z.boolean(),
  advanced: hundredths,
  good: hundredths,
  average: hundredths,
  /** An unrectified missed mandatory month makes the branch 后进 whatever its score. */
  unrectifiedMandatoryLagging: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});
export type GradeRuleView = z.infer<typeof gradeRuleView>;
export const gradeBoardResponse = paged(
  z.object({
    branchId: z.number().int(),
    branchCode: z.string(),
    branchName: z.string(),
    quarters: z.array(hundredths.nullable()),
    annualScore: hundredths.nullable(),
    grade: z.enum(['advanced', 'good', 'average', 'lagging']).nullable(),
    gradeLabel: label.nullable(),
    reason: label.extend({ code: z.string() }),
    /** False while a quarter has no score or a counted quarter lacks months: the grade is not final. */
    complete: z.boolean(),
    /** Quarters (1–4) without any published month. */
    missingQuarters: z.array(z.number().int()),
    /** Quarters counted with months (1–3 within the quarter) still unpublished. */
    incompleteQuarters: z.array(
      z.object({ quarter: z.number().int(), missingMonths: z.array(z.number().int()) }),
    ),
    unrectifiedMonths: z.array(z.string()),
    /** The grade rule version that graded this row (0: the defaults, nothing saved). */
    ruleVersion: z.number().int(),
    /** The floor the grade was decided by (reached, or for 后进 by score the one missed). */
    floor: gradeFloor.nullable(),
    /** Why this grade, naming the floor and the rule version. */
    explanation: label,
  }),
).extend({
  orgId: z.number().int(),
  year: z.number().int(),
  thresholds: z.object({ advanced: hundredths, good: hundredths, average: hundredths }),
  /** The rule every row was graded with. */
  rule: gradeRuleView,
});

/**
 * The round committee's annual grade rule for a year (年定级): the one in force and every saved
 * version, newest first. Version 0 is the defaults (90/80/70, unrectified mandatory → 后进).
 */
export const gradeRuleResponse = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  current: gradeRuleView,
  versions: z.array(gradeRuleView),
  defaults: gradeRuleView,
  /** Floors must lie within 0 and this (plan total + innovation cap), strictly descending. */
  maxFloor: hundredths,
  /** The caller may save a new version. */
  canEdit: z.boolean(),
});
/**
 * Saves a new version of the rule. `expectedVersion` is the version the editor saw (0 for the
 * defaults): if someone saved meanwhile the save is refused with `stale_record`.
 */
export const gradeRuleBody = z.object({
  orgId: id,
  advanced: hundredths,
  good: hundredths,
  average: hundredths,
  unrectifiedMandatoryLagging: z.boolean(),
  note: z.string().trim().max(500).optional(),
  expectedVersion: z.number().int().min(0),
});

export const rectifyBody = z.object({ note: z.string().trim().min(1).max(1000) });

export const monthReport = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  month: z.string(),
  state: monthState,
  publishedOn: z.string().nullable(),
  title: z.string(),
  rows: z.array(rankingRow),
  movers: z.object({ up: z.array(rankingRow), down: z.array(rankingRow) }),
  missedMandatory: z.array(
    z.object({
      branchId: z.number().int(),
      branchName: z.string(),
      indicators: z.array(z.object({ code: z.string(), name: z.string() })),
      rectified: z.boolean(),
    }),
  ),
  /** Branches by their last-three-days share, highest first (shown, never scored). */
  signal: z.array(
    z.object({
      branchId: z.number().int(),
      branchName: z.string(),
      total: z.number().int(),
      late: z.number().int(),
      percentTenths: z.number().int().nullable(),
      percentText: z.string().nullable(),
    }),
  ),
});

export const movementQuery = z.object({
  orgId: positiveId,
  from: monthKeySchema,
  to: monthKeySchema,
  ...pageFields,
});
export const movementChart = paged(
  z.object({
    branchId: z.number().int(),
    branchCode: z.string(),
    branchName: z.string(),
    ranks: z.array(z.number().int().nullable()),
    totals: z.array(hundredths.nullable()),
  }),
).extend({ orgId: z.number().int(), months: z.array(z.string()) });
export const categoryChart = paged(
  z.object({
    branchId: z.number().int(),
    branchCode: z.string(),
    branchName: z.string(),
    total: hundredths,
    byCategory: pointsByCategory,
    planned: pointsByCategory,
  }),
).extend({ orgId: z.number().int(), month: z.string() });

// ── integration keys and the benchmarking API (对标管理信息系统) ─────────────────────────

export const integrationKeyView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  /** The key's first characters, to recognise it; the key itself is never stored. */
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  active: z.boolean(),
});
export const integrationKeyListQuery = z.object({
  orgId: positiveId.optional(),
  ...pageFields,
});
export const integrationKeyListResponse = paged(integrationKeyView);
export const integrationKeyCreateBody = z.object({ orgId: id, name: z.string().trim().min(1).max(100) });
/** Answered once, when the key is issued: `key` is not shown again. */
export const integrationKeyCreated = integrationKeyView.extend({ key: z.string() });
export const integrationKeyRevokeBody = z.object({ reason: z.string().trim().min(1).max(500) });

export const integrationOrg = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export const integrationMonthsQuery = z.object({ since: monthKeySchema.optional() });
export const integrationMonthsResponse = z.object({
  org: integrationOrg,
  months: z.array(
    z.object({
      month: z.string(),
      publishedAt: z.string(),
      publishedOn: z.string(),
      branches: z.number().int(),
      /** Changes when an approved correction changes the month's numbers: fetch the month again. */
      version: z.number().int(),
      correctionCount: z.number().int(),
      correctedAt: z.string().nullable(),
      href: z.string(),
      /** The month's rankings one by one, a page at a time (the same rows as `href`). */
      rankings: z.string(),
      xlsx: z.string(),
    }),
  ),
});
const integrationRankRow = z.object({
  rank: z.number().int(),
  previousRank: z.number().int().nullable(),
  movement: z.number().int().nullable(),
  branchId: z.number().int(),
  branchCode: z.string(),
  branchName: z.string(),
});
const integrationMonthHead = {
  org: integrationOrg,
  month: z.string(),
  publishedAt: z.string(),
  publishedOn: z.string(),
  version: z.number().int(),
  correctionCount: z.number().int(),
  correctedAt: z.string().nullable(),
};
export const integrationMonthResponse = z.object({
  ...integrationMonthHead,
  total: z.array(
    integrationRankRow.extend({
      total: hundredths,
      totalText: z.string(),
      byCategory: pointsByCategory,
      mandatoryMissed: z.boolean(),
      signalPercentTenths: z.number().int().nullable(),
      /** The branch's month was corrected after publication. */
      corrected: z.boolean(),
    }),
  ),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      category,
      rows: z.array(integrationRankRow.extend({ score: hundredths, scoreText: z.string() })),
    }),
  ),
});
export type IntegrationMonthResponse = z.infer<typeof integrationMonthResponse>;

/**
 * One ranking of a published month a page at a time (a province month holds 6,000 branches in
 * each of some twenty rankings: the whole month is megabytes). `after` is the `next` cursor of the
 * page before; it names the result version it was read under, so a page asked for after a
 * correction is refused (409 `cursor_stale`) instead of mixing two versions.
 */
export const integrationRankingQuery = z.object({
  after: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'version.rank.branchId')
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const integrationIndicatorParams = z.object({
  month: monthKeySchema,
  code: z.string().min(1).max(40),
});
/** The rankings of a published month, each with its row count and the address of its first page. */
export const integrationRankingsIndex = z.object({
  ...integrationMonthHead,
  branches: z.number().int(),
  rankings: z.array(
    z.object({
      /** `total`, or the indicator's code. */
      code: z.string(),
      name: z.string(),
      category: category.nullable(),
      rows: z.number().int(),
      href: z.string(),
    }),
  ),
});
const rankingPageFields = {
  /** The cursor of the next page (its full address in `next`), null on the last page. */
  after: z.string().nullable(),
  next: z.string().nullable(),
};
export const integrationTotalPage = z.object({
  ...integrationMonthHead,
  code: z.literal('total'),
  rows: integrationMonthResponse.shape.total,
  ...rankingPageFields,
});
export const integrationIndicatorPage = z.object({
  ...integrationMonthHead,
  code: z.string(),
  name: z.string(),
  category,
  rows: z.array(integrationRankRow.extend({ score: hundredths, scoreText: z.string() })),
  ...rankingPageFields,
});

/** A year's annual grades for the benchmarking system; `complete: false` means provisional. */
export const integrationGradesResponse = z.object({
  org: integrationOrg,
  year: z.number().int(),
  /** True only when every branch's four quarters are published with all their months. */
  complete: z.boolean(),
  ruleVersion: z.number().int(),
  grades: z.array(
    z.object({
      branchId: z.number().int(),
      branchCode: z.string(),
      branchName: z.string(),
      quarters: z.array(hundredths.nullable()),
      annualScore: hundredths.nullable(),
      annualScoreText: z.string().nullable(),
      grade: z.enum(['advanced', 'good', 'average', 'lagging']).nullable(),
      gradeLabel: label.nullable(),
      /** False: a quarter has no score or lacks months; the grade is provisional. */
      complete: z.boolean(),
      missingQuarters: z.array(z.number().int()),
      incompleteQuarters: z.array(
        z.object({ quarter: z.number().int(), missingMonths: z.array(z.number().int()) }),
      ),
      explanation: label,
    }),
  ),
});

// ── corrections after publication (更正) ─────────────────────────────────────────────────

export const correctionState = z.enum(['pending', 'approved', 'rejected']);
export const correctionAction = z.enum(['approve', 'reject']);
/** One indicator to correct: the office's figure(s) as they should have been. */
export const correctionItemBody = z.object({
  code: indicatorCode,
  verified: z.number().int().nullable().optional(),
  done: z.boolean().nullable().optional(),
  innovationAward: z.number().int().nullable().optional(),
});
/** The office files a correction against a published branch-month (reason required). */
export const correctionCreateBody = z.object({
  branchId: id,
  month: monthKeySchema,
  items: z.array(correctionItemBody).min(1).max(50),
  reason: z.string().trim().min(1).max(1000),
  fileIds: z.array(id).max(20).optional(),
});
export const correctionApproveBody = z.object({ note: z.string().trim().max(500).optional() });
export const correctionRejectBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const correctionView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  month: z.string(),
  branchId: z.number().int(),
  branchCode: z.string(),
  branchName: z.string(),
  state: correctionState,
  reason: z.string(),
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      category,
      maxPoints: hundredths,
      /** The figures in force when the correction was filed. */
      before: verifiedFigures,
      after: verifiedFigures,
    }),
  ),
  files: z.array(evidenceFileDto),
  filedBy: z.object({ id: z.number().int(), name: z.string() }),
  filedAt: z.string(),
  decidedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
  /** The committee's reason for a rejection, or its note on an approval. */
  decisionNote: z.string().nullable(),
  /** The month's result version the approval produced. */
  resultVersion: z.number().int().nullable(),
  /** The steps the viewer may take now (the buttons to show). */
  actions: z.array(correctionAction),
});
export type CorrectionView = z.infer<typeof correctionView>;
export const correctionListQuery = z.object({
  orgId: positiveId,
  month: monthKeySchema.optional(),
  state: correctionState.optional(),
  branchId: positiveId.optional(),
  ...pageFields,
});
export const correctionListResponse = paged(correctionView);

/** The result versions of a month, newest first: every one stays readable. */
export const resultVersionsResponse = z.object({
  orgId: z.number().int(),
  month: z.string(),
  current: z.number().int(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      /** `approval`: the committee's approval; `correction`: an approved correction of this month;
       * `movement`: the month before was corrected, so this month's movement changed. */
      cause: z.enum(['approval', 'correction', 'movement']),
      correctionId: z.number().int().nullable(),
      createdAt: z.string(),
      createdBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      current: z.boolean(),
    }),
  ),
});
export const resultVersionParams = z.object({
  month: monthKeySchema,
  version: z.coerce.number().int().min(1),
});
/** A kept version's ranking by total, as it was. */
export const resultVersionRankingResponse = paged(rankingRow.omit({ correction: true })).extend({
  orgId: z.number().int(),
  month: z.string(),
  version: z.number().int(),
  current: z.boolean(),
});

// ── the caller's rounds ────────────────────────────────────────────────────────────────

export const myRoundsResponse = z.object({
  rounds: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), latestQuarter: z.string() })),
  /** Branches the caller's grants are at (a secretary's or member's own branch). */
  branches: z.array(z.object({ branchId: z.number().int(), branchName: z.string() })),
});

// ── records a self-evaluation can link (一次留痕) ─────────────────────────────────────────

export const linkableQuery = z.object({ ...pageFields });
export const linkableResponse = z.object({
  branchId: z.number().int(),
  month: z.string(),
  /** The month's activities (at most 200), with how many members took part and their files. */
  activities: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      kind: z.string(),
      occurredOn: z.string(),
      itemCode: z.string(),
      itemName: z.string(),
      attendees: z.number().int(),
      files: z.number().int(),
    }),
  ),
  /** Single entries (not from an activity), submitted or approved, paged. */
  entries: paged(
    z.object({
      id: z.number().int(),
      itemCode: z.string(),
      itemName: z.string(),
      deduction: z.boolean(),
      occurredOn: z.string(),
      memberName: z.string(),
      points: hundredths,
      state: z.string(),
      note: z.string().nullable(),
      files: z.number().int(),
    }),
  ),
});
