import { z } from 'zod';
import { dimensions, directions, rankingScopes } from '../domain/points/scheme.js';
import { type TierReason, tiers } from '../domain/points/tiers.js';
import { appealActions, appealStates, yearActions, yearStates } from '../domain/points/workflow.js';
import { blockedAction, isoDate, paged, positiveId } from './common.js';
import { quarterScoreExplanation } from './points-explanation.js';

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
      /** Why the viewer cannot open this quarter's board yet (not published), or null. */
      boardBlocked: blockedAction.nullable(),
    }),
  ),
});
export type SchemeDetail = z.infer<typeof schemeDetail>;

export const schemeListQuery = z.object({ year: z.coerce.number().int().optional() });
export const schemeListResponse = z.object({
  items: z.array(
    schemeSummary.extend({
      /** The four quarters of the year with their states (a page picks its quarter from these). */
      quarters: z.array(z.object({ quarter: z.string(), state: z.enum(['open', 'closed', 'published']) })),
    }),
  ),
});

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
const trialTier = z.enum(tiers);
/** A version a trial applied: the draft, or the version it is compared with. */
const trialVersion = z.object({
  schemeId: z.number().int(),
  versionId: z.number().int(),
  version: z.number().int(),
});
export const trialResponse = z.object({
  /** The year whose approved entries were scored. */
  year: z.number().int(),
  /** The scheme those entries belong to (last year's scheme of the same root, or this one). */
  sourceSchemeId: z.number().int().nullable(),
  /** Quarters of that year that were scored (all four for a past year; those begun so far for this one). */
  quarters: z.array(z.string()),
  /** Members graded (present in at least one scored quarter). */
  members: z.number().int(),
  /** Approved entries scored. */
  entries: z.number().int(),
  /** The version compared with: this scheme's version in force, else the source scheme's. */
  currentVersion: trialVersion.nullable(),
  draftVersion: trialVersion,
  /** Entries of items the version does not have, which therefore count nothing under it. */
  droppedEntries: z.object({ current: z.number().int(), draft: z.number().int() }),
  /** Members per tier under the current version and under the draft. */
  current: z.record(z.string(), z.number().int()),
  draft: z.record(z.string(), z.number().int()),
  changed: z.array(
    z.object({
      memberId: z.number().int(),
      name: z.string(),
      employeeNo: z.string(),
      branchId: z.number().int(),
      branchName: z.string(),
      currentScore: hundredths.nullable(),
      draftScore: hundredths.nullable(),
      currentTier: trialTier.nullable(),
      draftTier: trialTier,
    }),
  ),
});
export type TrialResponse = z.infer<typeof trialResponse>;

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
  'recall',
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

/** One corrected field of a returned entry (see domain/points/revision.ts). */
export const entryChange = z.discriminatedUnion('field', [
  z.object({
    field: z.enum(['occurredOn', 'note']),
    before: z.string().nullable(),
    after: z.string().nullable(),
  }),
  z.object({ field: z.enum(['quantity', 'points']), before: z.number(), after: z.number() }),
  z.object({ field: z.literal('evidence'), added: z.array(z.string()), removed: z.array(z.string()) }),
]);
/** A step of a returned entry's history: returned (with the reason) or resubmitted (with the changes). */
export const entryRevision = z.object({
  action: z.enum(['returned', 'resubmitted']),
  at: z.string(),
  byAccount: z.string(),
  reason: z.string().nullable(),
  changes: z.array(entryChange),
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
  /** Whether the viewer may correct its date, quantity, points, note and evidence now. */
  editable: z.boolean(),
  /** A returned entry: what was changed since it was returned (empty: nothing yet). */
  changesSinceReturn: z.array(entryChange).nullable(),
  /** Returns and resubmissions, oldest first. */
  history: z.array(entryRevision),
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
  branchId: positiveId.optional(),
  /** Only activities with entries waiting for review (the review queue's groups). */
  waiting: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const activityListResponse = paged(activityView);
/** One activity with who attended (their entries' states) and the branch's members who did not. */
export const activityDetail = activityView.extend({
  present: z.array(
    z.object({
      memberId: z.number().int(),
      memberName: z.string(),
      employeeNo: z.string(),
      entryId: z.number().int(),
      state: entryState,
    }),
  ),
  absent: z.array(z.object({ memberId: z.number().int(), memberName: z.string(), employeeNo: z.string() })),
});

export const entryListQuery = z.object({
  schemeId: positiveId.optional(),
  orgId: positiveId.optional(),
  memberId: positiveId.optional(),
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
  /** The entries one activity created (a 主题党日 reviewed as a group). */
  activityId: positiveId.optional(),
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
  id: positiveId,
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
  schemeId: positiveId,
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  orgId: positiveId.optional(),
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
  /**
   * The boards the caller reads as a member (SPEC §2: a board is visible to the members of its
   * org): their branch and every org above it, nearest first. Empty for a user with no member.
   */
  memberScopes: z.array(z.object({ orgId: z.number().int(), name: z.string(), code: z.string() })),
});

export const explainParams = z.object({
  id: positiveId,
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  memberId: positiveId,
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
  explanation: quarterScoreExplanation,
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

// ── year tiers (年度总评) ──────────────────────────────────────────────────────────────────

export const tier = z.enum(tiers);
const tierReasonValues = [
  'veto',
  'below_warning',
  'quota',
  'threshold',
] as const satisfies readonly TierReason[];
export const tierReason = z.enum(tierReasonValues);
export const yearState = z.enum(yearStates);
/** Members per tier. */
export const tierDistribution = z.object({
  benchmark: z.number().int(),
  excellent: z.number().int(),
  good: z.number().int(),
  qualified: z.number().int(),
  warning: z.number().int(),
});
/** The cumulative quota limits ⌊5%·n⌋, ⌊20%·n⌋, ⌊50%·n⌋ applied in a scope; null under a threshold rule. */
export const quotaLimits = z.object({
  benchmark: z.number().int(),
  excellent: z.number().int(),
  good: z.number().int(),
});

export const yearView = z.object({
  schemeId: z.number().int(),
  year: z.number().int(),
  state: yearState,
  /** The scheme version whose tier rule graded the year (recorded at each computation). */
  versionId: z.number().int().nullable(),
  version: z.number().int().nullable(),
  computedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedOn: z.string().nullable(),
  quarters: z.array(z.object({ quarter: z.string(), state: z.enum(['open', 'closed', 'published']) })),
  /** Quarters still to be published before the year can be computed. */
  notPublished: z.array(z.string()),
  members: z.number().int(),
  /** Members whose quarter scores changed since the computation (e.g. an upheld appeal). */
  stale: z.number().int(),
  distribution: tierDistribution,
  /** What the viewer may do now: `compute` and the year workflow's actions. */
  actions: z.array(z.enum(['compute', ...yearActions])),
  /** Of those, what the state refuses for now, and why (测算等次 before every quarter is published). */
  blocked: z.array(blockedAction),
});
export type YearView = z.infer<typeof yearView>;

export const yearActionBody = z.object({ reason: z.string().trim().max(500).optional() });

export const yearResultsQuery = z.object({
  /** The org whose subtree to list (default: the scheme's root). */
  orgId: positiveId.optional(),
  tier: tier.optional(),
  flagged: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const yearExportQuery = yearResultsQuery.omit({ page: true, pageSize: true });

/** Why a member's year came out as it did, in numbers and in words. */
export const yearExplanation = z.object({
  /** The four quarters: the stored quarter score used (null = not in the scheme that quarter). */
  quarters: z.array(
    z.object({ quarter: z.string(), total: hundredths.nullable(), versionId: z.number().int().nullable() }),
  ),
  formula: z.literal('mean_of_present_quarters'),
  sum: hundredths,
  quartersPresent: z.number().int(),
  /** The annual score the quarter scores give today; differs from the stored one when stale. */
  recomputed: hundredths.nullable(),
  stale: z.boolean(),
  vetoEntryIds: z.array(z.number().int()),
  limits: quotaLimits.nullable(),
  rule: schemeRules.shape.tierRule,
  minQuartersForUnflagged: z.number().int(),
  text: z.object({ zh: z.string(), en: z.string() }),
});

export const yearResultRow = z.object({
  memberId: z.number().int(),
  name: z.string(),
  employeeNo: z.string(),
  branchId: z.number().int(),
  branchName: z.string(),
  scopeOrgId: z.number().int(),
  scopeOrgName: z.string(),
  annualScore: hundredths.nullable(),
  quartersPresent: z.number().int(),
  flagged: z.boolean(),
  hasVeto: z.boolean(),
  tier,
  reason: tierReason,
  c: z.number().int().nullable(),
  n: z.number().int(),
  rankInScope: z.number().int().nullable(),
  explanation: yearExplanation,
});
export type YearResultRow = z.infer<typeof yearResultRow>;

export const yearResultsResponse = paged(yearResultRow).extend({
  schemeId: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  state: yearState,
  versionId: z.number().int().nullable(),
  /** Members per tier in the org's subtree (before the tier and flagged filters): the chart's data. */
  distribution: tierDistribution,
  /** Each ranking scope met in the subtree, with the quota limits applied to it. */
  scopes: z.array(
    z.object({
      scopeOrgId: z.number().int(),
      scopeOrgName: z.string(),
      n: z.number().int(),
      limits: quotaLimits.nullable(),
      distribution: tierDistribution,
    }),
  ),
  rule: schemeRules.shape.tierRule.nullable(),
});

export const myYearResponse = z.object({
  schemeId: z.number().int(),
  state: yearState,
  /** The member's own result: only once the year is published. */
  result: yearResultRow.nullable(),
});

// ── rewards and penalties (奖惩) ────────────────────────────────────────────────────────────

/** `open`: not done and not past due; `overdue`: not done and past its due date; `done`. */
export const actionStatus = z.enum(['open', 'done', 'overdue']);
export const tierActionView = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  year: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  employeeNo: z.string(),
  branchId: z.number().int(),
  branchName: z.string(),
  tier,
  code: z.string(),
  name: z.string(),
  ownerUserId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: actionStatus,
  doneAt: z.string().nullable(),
  doneByAccount: z.string().nullable(),
  doneNote: z.string().nullable(),
  /** Whether the viewer may mark it done. */
  canComplete: z.boolean(),
});
export type TierActionView = z.infer<typeof tierActionView>;
export const actionListQuery = z.object({
  schemeId: positiveId.optional(),
  orgId: positiveId.optional(),
  status: actionStatus.optional(),
  tier: tier.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const actionListResponse = paged(tierActionView);
export const actionDoneBody = z.object({ note: z.string().trim().min(1).max(500) });

// ── appeals (申诉) ─────────────────────────────────────────────────────────────────────────

export const appealState = z.enum(appealStates);
export const appealAction = z.enum(appealActions);
export const appealCreateBody = z.object({
  entryId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(1000),
});
export const appealActionBody = z.object({
  action: appealAction,
  /** Required to uphold or dismiss: the member reads it. */
  reason: z.string().trim().max(1000).optional(),
});
export const appealView = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  quarter: z.string(),
  entryId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  occurredOn: z.string(),
  points: hundredths,
  direction,
  memberId: z.number().int(),
  memberName: z.string(),
  branchId: z.number().int(),
  branchName: z.string(),
  reason: z.string(),
  state: appealState,
  createdAt: z.string(),
  /** Last day the appeal could be lodged (publication + the scheme's window). */
  deadline: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedByAccount: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** The adjustment an upheld appeal created, and where it stands (the committee approves it). */
  adjustmentEntryId: z.number().int().nullable(),
  adjustmentState: entryState.nullable(),
  actions: z.array(appealAction),
});
export type AppealView = z.infer<typeof appealView>;
export const appealListQuery = z.object({
  schemeId: positiveId.optional(),
  orgId: positiveId.optional(),
  memberId: positiveId.optional(),
  state: appealState.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const appealListResponse = paged(appealView);

// ── spreadsheets of the points module ─────────────────────────────────────────────────────

export const boardExportQuery = boardQuery.omit({ page: true, pageSize: true });

/** A problem the scheme checks find in the imported items, located at the sheet's row. */
export const importedSchemeIssue = schemeIssue.extend({ row: z.number().int().nullable() });

/**
 * The answer of a points import (items into the draft, or entries): the same shape as the
 * org and member imports, with the scheme's own checks of imported items.
 */
export const pointsImportResult = z.object({
  kind: z.enum(['points_items', 'points_entries']),
  total: z.number().int(),
  valid: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(
    z.object({
      row: z.number().int(),
      column: z.string(),
      columnLetter: z.string(),
      header: z.string(),
      code: z.string(),
      message: z.string(),
      messages: z.object({ 'zh-CN': z.string(), en: z.string() }),
      value: z.string().nullable(),
    }),
  ),
  errorsTruncated: z.boolean(),
  columns: z.array(
    z.object({ key: z.string(), header: z.string(), letter: z.string(), required: z.boolean() }),
  ),
  preview: z.array(
    z.object({
      row: z.number().int(),
      ok: z.boolean(),
      values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
  ),
  committed: z.boolean(),
  imported: z.number().int(),
  /** Items import: the scheme checks of the draft with these items (shown, not blocking). */
  schemeIssues: z.array(importedSchemeIssue),
  /** Entries import: the ids of the entries created. */
  entryIds: z.array(z.number().int()),
});
export type PointsImportResult = z.infer<typeof pointsImportResult>;
