import { z } from 'zod';
import { dimensions, directions, rankingScopes } from '../domain/points/scheme.js';
import { isoDate, paged } from './common.js';

/** Points in the API are integer hundredths (85.95 points → 8595), like everywhere in Kaohe. */
const hundredths = z.number().int();

export const dimension = z.enum(dimensions);
export const direction = z.enum(directions);

export const schemeItem = z.object({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(100),
  dimension,
  direction,
  points: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('fixed'), value: hundredths }),
    z.object({ kind: z.literal('range'), min: hundredths, max: hundredths }),
  ]),
  unit: z.string().trim().min(1).max(10),
  quarterCap: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('count'), value: z.number().int() }),
      z.object({ kind: z.literal('points'), value: hundredths }),
    ])
    .nullable(),
  evidenceRequired: z.boolean(),
  veto: z.boolean(),
});
export type SchemeItemDto = z.infer<typeof schemeItem>;

export const schemeRules = z.object({
  baseScore: hundredths,
  bonusCaps: z.object({ political: hundredths, professional: hundredths, civility: hundredths }),
  tierRule: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('quota'),
      benchmark: z.number().int(),
      excellent: z.number().int(),
      good: z.number().int(),
      warningBelow: hundredths,
    }),
    z.object({
      kind: z.literal('threshold'),
      benchmark: hundredths,
      excellent: hundredths,
      good: hundredths,
      warningBelow: hundredths,
    }),
  ]),
  annualFormula: z.literal('mean_of_present_quarters'),
  rankingScope: z.enum(rankingScopes),
  boardPrivacy: z.object({ showOthersDeductions: z.boolean() }),
  minQuartersForUnflagged: z.number().int(),
  appealWindowDays: z.number().int(),
  reviewOverdueDays: z.number().int(),
});

export const schemeIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message_zh: z.string(),
  message_en: z.string(),
});

export const schemeVersion = z.object({
  id: z.number().int(),
  version: z.number().int(),
  state: z.enum(['draft', 'adopted', 'superseded']),
  rules: schemeRules,
  items: z.array(schemeItem),
  note: z.string().nullable(),
  createdAt: z.string(),
  adoptedAt: z.string().nullable(),
  issues: z.array(schemeIssue),
});

export const schemeSummary = z.object({
  id: z.number().int(),
  rootOrgId: z.number().int(),
  rootOrgName: z.string(),
  year: z.number().int(),
  name: z.string(),
  currentVersion: z.number().int().nullable(),
  hasDraft: z.boolean(),
});

export const schemeDetail = schemeSummary.extend({
  current: schemeVersion.nullable(),
  draft: schemeVersion.nullable(),
  /** Quarters of the year with their states. */
  quarters: z.array(
    z.object({
      quarter: z.string(),
      state: z.enum(['open', 'closed', 'published']),
      publishedOn: z.string().nullable(),
    }),
  ),
});
export type SchemeDetail = z.infer<typeof schemeDetail>;

export const schemeListQuery = z.object({ year: z.coerce.number().int().optional() });
export const schemeListResponse = z.object({ items: z.array(schemeSummary) });

export const schemeCreateBody = z.object({
  rootOrgId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(1).max(100),
  /** Start from this scheme's current rules and items (e.g. last year's) instead of the defaults. */
  copyFromSchemeId: z.number().int().positive().optional(),
});

export const schemeDraftBody = z.object({
  rules: schemeRules,
  items: z.array(schemeItem).max(500),
  note: z.string().trim().max(500).nullable().optional(),
});

export const trialBody = z.object({ year: z.number().int().min(2000).max(2100).optional() });
export const trialResponse = z.object({
  year: z.number().int(),
  members: z.number().int(),
  entries: z.number().int(),
  current: z.record(z.string(), z.number().int()),
  draft: z.record(z.string(), z.number().int()),
  changed: z.array(
    z.object({
      memberId: z.number().int(),
      name: z.string(),
      branchName: z.string(),
      currentScore: hundredths.nullable(),
      draftScore: hundredths.nullable(),
      currentTier: z.string(),
      draftTier: z.string(),
    }),
  ),
});

// ── entries ──────────────────────────────────────────────────────────────────────────────

export const entryState = z.enum([
  'declared',
  'returned_to_member',
  'withdrawn',
  'draft',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'discarded',
]);
export const entryAction = z.enum([
  'confirm',
  'return_declaration',
  'redeclare',
  'withdraw',
  'submit',
  'resubmit',
  'discard',
  'approve',
  'return',
  'reject',
]);

export const evidenceFile = z.object({
  id: z.number().int(),
  name: z.string(),
  mime: z.string(),
  previewable: z.boolean(),
});

export const entryView = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  employeeNo: z.string(),
  branchId: z.number().int(),
  branchName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  dimension,
  direction,
  occurredOn: z.string(),
  quarter: z.string(),
  quantity: z.number().int(),
  points: hundredths,
  note: z.string().nullable(),
  kind: z.enum(['normal', 'adjustment']),
  state: entryState,
  activityId: z.number().int().nullable(),
  revokesEntryId: z.number().int().nullable(),
  evidence: z.array(evidenceFile),
  createdByAccount: z.string(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  waitingDays: z.number().nullable(),
  overdue: z.boolean(),
  rowVersion: z.number().int(),
  /** What the viewer may do with it now (the buttons to show). */
  actions: z.array(entryAction),
});
export type EntryView = z.infer<typeof entryView>;

const entryFields = {
  itemCode: z.string().trim().min(1).max(20),
  occurredOn: isoDate,
  quantity: z.number().int().min(1).max(1000).default(1),
  /** For a range item: points per occurrence chosen by the enterer (hundredths). */
  points: hundredths.optional(),
  note: z.string().trim().max(500).nullable().optional(),
  fileIds: z.array(z.number().int().positive()).max(20).default([]),
};

export const entryCreateBody = z.object({
  schemeId: z.number().int().positive(),
  memberId: z.number().int().positive(),
  ...entryFields,
  kind: z.enum(['normal', 'adjustment']).default('normal'),
  /** For an adjustment: the approved entry it cancels. */
  revokesEntryId: z.number().int().positive().optional(),
  submit: z.boolean().default(false),
});
export const declarationBody = z.object({ schemeId: z.number().int().positive(), ...entryFields });
export const entryUpdateBody = z.object({
  occurredOn: isoDate.optional(),
  quantity: z.number().int().min(1).max(1000).optional(),
  points: hundredths.optional(),
  note: z.string().trim().max(500).nullable().optional(),
  fileIds: z.array(z.number().int().positive()).max(20).optional(),
  rowVersion: z.number().int(),
});
export const entryActionBody = z.object({
  action: entryAction,
  reason: z.string().trim().max(500).optional(),
  rowVersion: z.number().int(),
});
export const bulkActionBody = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(500),
  action: entryAction,
  reason: z.string().trim().max(500).optional(),
});
export const bulkActionResponse = z.object({ done: z.array(z.number().int()), entries: z.array(entryView) });

export const activityCreateBody = z.object({
  schemeId: z.number().int().positive(),
  branchId: z.number().int().positive(),
  title: z.string().trim().min(1).max(100),
  /** 主题党日, 三会一课, 志愿服务, 其他 … free text with suggestions in the UI. */
  kind: z.string().trim().min(1).max(30),
  occurredOn: isoDate,
  itemCode: z.string().trim().min(1).max(20),
  quantity: z.number().int().min(1).max(1000).default(1),
  points: hundredths.optional(),
  note: z.string().trim().max(500).nullable().optional(),
  memberIds: z.array(z.number().int().positive()).min(1).max(1000),
  fileIds: z.array(z.number().int().positive()).max(20).default([]),
  submit: z.boolean().default(true),
});
export const activityView = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  branchId: z.number().int(),
  branchName: z.string(),
  title: z.string(),
  kind: z.string(),
  occurredOn: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  quantity: z.number().int(),
  points: hundredths,
  note: z.string().nullable(),
  attendees: z.number().int(),
  entryIds: z.array(z.number().int()),
  evidence: z.array(evidenceFile),
  createdAt: z.string(),
});
export const activityListQuery = z.object({
  branchId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const activityListResponse = paged(activityView);

export const entryListQuery = z.object({
  schemeId: z.coerce.number().int().positive().optional(),
  orgId: z.coerce.number().int().positive().optional(),
  memberId: z.coerce.number().int().positive().optional(),
  state: entryState.optional(),
  kind: z.enum(['normal', 'adjustment']).optional(),
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional(),
  /** ISO week key, e.g. 2026-W12: entries submitted that week. */
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/)
    .optional(),
  itemCode: z.string().max(20).optional(),
  dimension: dimension.optional(),
  overdueOnly: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const entryListResponse = paged(entryView);

export const reviewCountsResponse = z.object({
  items: z.array(
    z.object({
      branchId: z.number().int(),
      branchName: z.string(),
      waiting: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  waiting: z.number().int(),
  overdue: z.number().int(),
});

// ── quarters and boards ──────────────────────────────────────────────────────────────────

export const quarterParams = z.object({
  id: z.coerce.number().int().positive(),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
});
export const quarterActionBody = z.object({ reason: z.string().trim().max(500).optional() });
export const quarterView = z.object({
  schemeId: z.number().int(),
  quarter: z.string(),
  state: z.enum(['open', 'closed', 'published']),
  closedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedOn: z.string().nullable(),
  computedAt: z.string().nullable(),
  members: z.number().int(),
  versionId: z.number().int().nullable(),
});

export const boardQuery = z.object({
  schemeId: z.coerce.number().int().positive(),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  orgId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const boardRow = z.object({
  rank: z.number().int(),
  movement: z.number().int().nullable(),
  memberId: z.number().int(),
  name: z.string(),
  employeeNo: z.string(),
  branchId: z.number().int(),
  branchName: z.string(),
  total: hundredths,
  political: hundredths,
  professional: hundredths,
  civility: hundredths,
  /** Null when the scheme's privacy rule hides others' deductions (the total still includes them). */
  deductions: hundredths.nullable(),
});
export const boardResponse = paged(boardRow).extend({
  schemeId: z.number().int(),
  quarter: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  state: z.enum(['open', 'closed', 'published']),
  versionId: z.number().int().nullable(),
});

export const explainParams = z.object({
  id: z.coerce.number().int().positive(),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  memberId: z.coerce.number().int().positive(),
});
export const explainResponse = z.object({
  memberId: z.number().int(),
  name: z.string(),
  quarter: z.string(),
  total: hundredths,
  rankInBranch: z.number().int(),
  rankInScope: z.number().int(),
  version: z.object({ id: z.number().int(), version: z.number().int(), rules: schemeRules }),
  computedAt: z.string(),
  /** The domain's explained score (base, per-dimension caps, items with each entry counted). */
  explanation: z.unknown(),
  entries: z.array(entryView),
});

export const myPointsResponse = z.object({
  member: z.object({
    id: z.number().int(),
    name: z.string(),
    branchId: z.number().int().nullable(),
    branchName: z.string().nullable(),
  }),
  scheme: schemeSummary.nullable(),
  quarters: z.array(
    z.object({
      quarter: z.string(),
      state: z.enum(['open', 'closed', 'published']),
      total: hundredths.nullable(),
      political: hundredths.nullable(),
      professional: hundredths.nullable(),
      civility: hundredths.nullable(),
      deductions: hundredths.nullable(),
      rankInBranch: z.number().int().nullable(),
      branchSize: z.number().int().nullable(),
      movement: z.number().int().nullable(),
      appealUntil: z.string().nullable(),
    }),
  ),
  /** The running quarter's score from approved entries so far (not yet published). */
  provisional: z.object({ quarter: z.string(), total: hundredths }).nullable(),
  entries: z.array(entryView),
  items: z.array(schemeItem),
});
