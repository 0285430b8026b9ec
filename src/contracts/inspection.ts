/**
 * Schemas of the annual inspection (SPEC §5): campaigns, criteria, self-check, hearing, findings,
 * rectification and results. Scores are integer hundredths (85.95 → 8595) everywhere.
 */
import { z } from 'zod';
import { campaignActions, campaignStates, componentKeys } from '../domain/inspection/index.js';
import { isoDate, positiveId } from './common.js';
import { importCellError, importColumn, importPreviewRow } from './io.js';

const hundredths = z.number().int().min(0);
/** A 0–100 score in hundredths. */
const score100 = z.number().int().min(0).max(10_000);
const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });

export const campaignState = z.enum(campaignStates);
export const campaignAction = z.enum(campaignActions);
export const componentKey = z.enum(componentKeys);

export const campaignParams = z.object({ id: positiveId });
export const campaignUnitParams = z.object({ id: positiveId, unitId: positiveId });
export const orgIdQuery = z.object({ orgId: positiveId.optional() });

export const weightsSchema = z.object({
  selfCheck: z.number().int().min(0).max(100),
  report: z.number().int().min(0).max(100),
  document: z.number().int().min(0).max(100),
  democratic: z.number().int().min(0).max(100),
  ledger: z.number().int().min(0).max(100),
});

export const weightVersion = z.object({
  version: z.number().int(),
  weights: weightsSchema,
  note: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});

export const criterionView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  max: hundredths,
  whatToCheck: z.string(),
});
export type CriterionView = z.infer<typeof criterionView>;

export const criterionInput = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9_.-]+$/),
  name: z.string().trim().min(1).max(100),
  max: z.number().int().min(1).max(100_000),
  whatToCheck: z.string().max(2000).default(''),
});

export const campaignSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  title: z.string(),
  state: campaignState,
  units: z.number().int(),
  publishedAt: z.string().nullable(),
});
export const campaignListResponse = z.object({ items: z.array(campaignSummary) });

export const timetable = z.object({
  selfCheckDue: isoDate.nullable(),
  onsiteFrom: isoDate.nullable(),
  onsiteTo: isoDate.nullable(),
  publishOn: isoDate.nullable(),
});

export const campaignUnitView = z.object({
  orgId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  selfSubmitted: z.boolean(),
  reviewDone: z.boolean(),
  hearingScores: z.number().int(),
  findings: z.number().int(),
  /** Whether the caller belongs to this unit (so may not score it, and may self-check it). */
  mine: z.boolean(),
});

export const campaignDetail = campaignSummary.extend({
  timetable,
  /** Working-day deadlines used the holiday calendar of a year nobody entered. */
  calendarUncertain: z.boolean(),
  unitList: z.array(campaignUnitView),
  inspectors: z.array(z.object({ userId: z.number().int(), name: z.string(), account: z.string() })),
  criteria: z.array(criterionView),
  criteriaTotal: hundredths,
  weights: weightVersion,
  weightVersions: z.array(weightVersion),
  /** What the caller may do: the state machine's buttons and the stage's inputs. */
  allowedActions: z.array(campaignAction),
  can: z.object({
    manage: z.boolean(),
    review: z.boolean(),
    score: z.boolean(),
    selfCheckUnits: z.array(z.number().int()),
    readResults: z.boolean(),
    /** The democratic evaluation's ballot box and tallies (inspection.ballots.read). */
    ballots: z.boolean(),
    /** The ledger spot-check's manifest, seed and sample (inspection.ledger.read). */
    ledger: z.boolean(),
  }),
  /** What the organiser may pick as target units while the campaign is a draft (else empty). */
  unitCandidates: z.array(
    z.object({ orgId: z.number().int(), code: z.string(), name: z.string(), kind: z.string() }),
  ),
  /** Rectification items of last year's campaign still open or closed, for the on-site team. */
  lastYearRectifications: z.object({ open: z.number().int(), closed: z.number().int() }),
});
export type CampaignDetail = z.infer<typeof campaignDetail>;

export const campaignCreateBody = z.object({
  orgId: positiveId,
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1).max(100),
  /** Criteria from the built-in template or from the same committee's campaign of the year before. */
  criteriaFrom: z.enum(['template', 'last_year']).default('template'),
  /** Target units; default the departments and grassroots units at the top of the unit tree. */
  unitIds: z.array(positiveId).max(500).optional(),
  inspectorIds: z.array(positiveId).max(200).default([]),
});

export const campaignUpdateBody = z.object({
  title: z.string().trim().min(1).max(100).optional(),
  timetable: timetable.partial().optional(),
});

export const unitsBody = z.object({ orgIds: z.array(positiveId).min(1).max(500) });
export const inspectorsBody = z.object({ userIds: z.array(positiveId).max(200) });
export const transitionBody = z.object({ action: campaignAction });
export const weightsBody = z.object({
  weights: weightsSchema,
  expectedVersion: z.number().int().min(0),
  note: z.string().max(500).optional(),
});
export const criteriaBody = z.object({ criteria: z.array(criterionInput).min(1).max(200) });

export const inspectorCandidates = z.object({
  items: z.array(z.object({ userId: z.number().int(), name: z.string(), account: z.string() })),
});

export const evidenceRef = z.object({
  type: z.enum(['points_activity', 'points_entry']),
  id: positiveId,
});
export const evidenceView = z.object({
  files: z.array(z.object({ id: z.number().int(), name: z.string(), mime: z.string() })),
  records: z.array(z.object({ type: evidenceRef.shape.type, id: z.number().int(), label: z.string() })),
});

export const selfCheckView = z.object({
  campaignId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  state: campaignState,
  editable: z.boolean(),
  due: z.string().nullable(),
  selfReport: z.string().nullable(),
  submittedAt: z.string().nullable(),
  items: z.array(
    criterionView.extend({
      self: hundredths.nullable(),
      note: z.string().nullable(),
      evidence: evidenceView,
    }),
  ),
  /** Σ self / Σ max × 100 so far (hundredths). */
  score: score100.nullable(),
  /** Where the caller's evidence uploads go (`orgId` of POST /files); null when they may not upload. */
  evidenceOrgId: z.number().int().nullable(),
});

/** Records of the unit's own branches in the campaign's year that a self-check may link. */
export const evidenceRecordList = z.object({
  items: z.array(
    z.object({
      type: evidenceRef.shape.type,
      id: z.number().int(),
      label: z.string(),
      branchName: z.string(),
    }),
  ),
  /** Whether more records exist than were listed (the newest are listed). */
  truncated: z.boolean(),
});

export const selfCheckBody = z.object({
  items: z
    .array(
      z.object({
        criterionId: positiveId,
        self: hundredths,
        note: z.string().max(2000).optional(),
        fileIds: z.array(positiveId).max(20).default([]),
        records: z.array(evidenceRef).max(20).default([]),
      }),
    )
    .max(200),
  selfReport: z.string().max(20_000).optional(),
  submit: z.boolean().default(false),
});

export const findingView = z.object({
  id: z.number().int(),
  criterionId: z.number().int(),
  criterionCode: z.string(),
  deduction: hundredths,
  note: z.string(),
  by: z.string(),
  createdAt: z.string(),
  evidence: evidenceView,
  rectificationId: z.number().int().nullable(),
});

export const unitInspectionView = z.object({
  campaignId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  state: campaignState,
  editable: z.boolean(),
  selfReport: z.string().nullable(),
  selfSubmitted: z.boolean(),
  criteria: z.array(
    criterionView.extend({ self: hundredths.nullable(), deducted: hundredths, score: hundredths }),
  ),
  /** The caller's own hearing score; others' only to the organiser and the committee. */
  myHearing: z.object({ score: score100, note: z.string().nullable() }).nullable(),
  hearingScores: z.array(z.object({ inspector: z.string(), score: score100, note: z.string().nullable() })),
  findings: z.array(findingView),
  reviewDone: z.boolean(),
  /** Who may own a rectification item of the unit: the secretaries of the branches serving it. */
  owners: z.array(z.object({ userId: z.number().int(), name: z.string() })),
  /** Where the caller's evidence uploads for findings go (`orgId` of POST /files); null: none. */
  evidenceOrgId: z.number().int().nullable(),
});

export const hearingBody = z.object({ score: score100, note: z.string().max(2000).optional() });
export const findingBody = z.object({
  criterionId: positiveId,
  deduction: z.number().int().min(1).max(100_000),
  note: z.string().trim().min(1).max(2000),
  fileIds: z.array(positiveId).max(20).default([]),
});

export const rectificationView = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  year: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  findingId: z.number().int(),
  criterionCode: z.string(),
  findingNote: z.string(),
  title: z.string(),
  owner: z.object({ id: z.number().int(), name: z.string() }),
  dueOn: z.string(),
  overdue: z.boolean(),
  state: z.enum(['open', 'closed']),
  closingNote: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export const rectificationListQuery = z.object({
  campaignId: positiveId.optional(),
  unitId: positiveId.optional(),
  state: z.enum(['open', 'closed']).optional(),
});
export const rectificationListResponse = z.object({ items: z.array(rectificationView) });
export const rectificationCreateBody = z.object({
  ownerUserId: positiveId,
  title: z.string().trim().min(1).max(200),
  /** Due this many working days from today (server's day, holiday calendar). */
  workingDays: z.number().int().min(1).max(250).default(20),
});
export const rectificationCloseBody = z.object({ note: z.string().trim().min(1).max(2000) });

export const resultRow = z.object({
  unitId: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  components: z.object({
    selfCheck: score100.nullable(),
    report: score100.nullable(),
    document: score100.nullable(),
    democratic: score100.nullable(),
    ledger: score100.nullable(),
  }),
  voided: z.array(componentKey),
  /** Weights used, in hundredths of a percent (display); they are w / Σ w of what counts. */
  weightsUsed: weightsSchema.extend({
    selfCheck: z.number().int(),
    report: z.number().int(),
    document: z.number().int(),
    democratic: z.number().int(),
    ledger: z.number().int(),
  }),
  composite: score100.nullable(),
  rank: z.number().int().nullable(),
  /** What is missing for the unit to be scored (no hearing score, review not done). */
  unscored: z.array(z.string()),
});
export type ResultRow = z.infer<typeof resultRow>;

export const resultsResponse = z.object({
  campaignId: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  orgName: z.string(),
  state: campaignState,
  /** Whether these are the stored, published results (else computed now, for the organiser and committee). */
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  ruleVersion: z.string(),
  weightVersion: z.number().int(),
  weights: weightsSchema,
  rows: z.array(resultRow),
  /** Sentences the results carry, e.g. "民主测评不足 5 票：权重按比例分配". */
  notes: z.array(bilingual),
});
export type ResultsResponse = z.infer<typeof resultsResponse>;

export const unitExplanation = z.object({
  ruleVersion: z.string(),
  weightVersion: z.number().int(),
  weights: weightsSchema,
  components: resultRow.shape.components,
  weightsUsed: z.object({
    numerators: weightsSchema,
    denominator: z.number().int(),
    display: resultRow.shape.weightsUsed,
    voided: z.array(componentKey),
    respread: z.boolean(),
  }),
  composite: score100.nullable(),
  inputs: z.object({
    selfCheck: z.object({
      criteria: z.array(z.object({ code: z.string(), max: hundredths, self: hundredths })),
      submitted: z.boolean(),
    }),
    report: z.object({ scores: z.array(score100), kept: z.array(score100), dropped: z.array(score100) }),
    document: z.object({
      criteria: z.array(
        z.object({ code: z.string(), max: hundredths, deducted: hundredths, score: hundredths }),
      ),
    }),
    democratic: z.object({ ballots: z.number().int() }).nullable(),
    ledger: z.object({ sampled: z.number().int() }).nullable(),
  }),
});

export const unitResultResponse = z.object({
  campaignId: z.number().int(),
  year: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  published: z.boolean(),
  rank: z.number().int().nullable(),
  explanation: unitExplanation,
  criteria: z.array(criterionView),
  findings: z.array(findingView),
  rectifications: z.array(rectificationView),
});

export const componentChart = z.object({
  units: z.array(z.string()),
  series: z.array(z.object({ key: componentKey, values: z.array(score100.nullable()) })),
  composite: z.array(score100.nullable()),
});

export const criteriaImportResult = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(importCellError),
  errorsTruncated: z.boolean(),
  columns: z.array(importColumn),
  preview: z.array(importPreviewRow),
  committed: z.boolean(),
  imported: z.number().int(),
});
