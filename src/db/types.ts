import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row types of the database. Conventions that hold on both SQLite and PostgreSQL:
 * timestamps are ISO-8601 UTC text, calendar dates are `YYYY-MM-DD` text, booleans are 0/1
 * integers, scores are integer hundredths. See ARCHITECTURE.md ("Data conventions").
 */
export type Flag = 0 | 1;

export interface OrgTable {
  id: Generated<number>;
  tree: 'party' | 'unit';
  kind: string;
  code: string;
  name: string;
  parent_id: number | null;
  sort_order: number;
  active_from: string;
  active_to: string | null;
  linked_unit_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface OrgClosureTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

/**
 * A party org's subtree's members in employee-number order: one row per member and per ancestor
 * of its branch, written only by triggers on `member` and `org_closure` (migration 0031).
 */
export interface MemberOrderTable {
  org_id: number;
  employee_no: string;
  member_id: number;
  active: number;
}

export interface MemberTable {
  id: Generated<number>;
  employee_no: string;
  name: string;
  gender: 'M' | 'F';
  birth_date: string | null;
  is_party_member: Flag;
  status: 'probationary' | 'full' | null;
  join_date: string | null;
  full_date: string | null;
  branch_id: number | null;
  unit_id: number | null;
  post: string | null;
  phone: string | null;
  active: Flag;
  created_at: string;
  updated_at: string;
}

export interface MemberBranchHistoryTable {
  id: Generated<number>;
  member_id: number;
  branch_id: number;
  from_date: string;
  to_date: string | null;
  reason: string | null;
  created_at: string;
}

export interface AppUserTable {
  id: Generated<number>;
  account: string;
  display_name: string;
  password_hash: string;
  member_id: number | null;
  active: Flag;
  must_change_password: Flag;
  locale: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  org_id: number;
  granted_by: number | null;
  granted_at: string;
}

export interface SessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  account: string;
  ip: string;
  at: string;
  success: Flag;
  /** 1 while the password is being checked (then `success` says how it went). */
  pending: Generated<Flag>;
}

/** Where an account logged in successfully: a hash of the address, never the address itself. */
export interface LoginAddressTable {
  user_id: number;
  address_hash: string;
  last_success_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_user_id: number | null;
  actor_account: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: number | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface HolidayOverrideTable {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
  created_by: number | null;
  created_at: string;
}

export interface FileBlobTable {
  hash: string;
  size: number;
  mime: string;
  created_at: string;
}

export interface FileUploadTable {
  id: Generated<number>;
  hash: string;
  original_name: string;
  org_id: number | null;
  uploaded_by: number;
  uploaded_at: string;
}

export interface EvidenceLinkTable {
  id: Generated<number>;
  file_id: number;
  entity_type: string;
  entity_id: number;
  created_by: number;
  created_at: string;
}

export interface PointsSchemeTable {
  id: Generated<number>;
  root_org_id: number;
  year: number;
  name: string;
  current_version_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface PointsSchemeVersionTable {
  id: Generated<number>;
  scheme_id: number;
  version: number;
  state: 'draft' | 'adopted' | 'superseded';
  rules_json: string;
  items_json: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
  adopted_by: number | null;
  adopted_at: string | null;
}

export interface PointsActivityTable {
  id: Generated<number>;
  scheme_id: number;
  branch_id: number;
  title: string;
  kind: string;
  occurred_on: string;
  item_code: string;
  quantity: number;
  points: number;
  note: string | null;
  created_by: number;
  created_at: string;
}

export interface PointsEntryTable {
  id: Generated<number>;
  scheme_id: number;
  member_id: number;
  branch_id: number;
  item_code: string;
  occurred_on: string;
  quarter: string;
  quantity: number;
  points: number;
  note: string | null;
  kind: 'normal' | 'adjustment';
  state: string;
  activity_id: number | null;
  revokes_entry_id: number | null;
  appeal_id: number | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  row_version: Generated<number>;
}

export interface PointsQuarterTable {
  id: Generated<number>;
  scheme_id: number;
  quarter: string;
  state: 'open' | 'closed' | 'published';
  version_id: number | null;
  closed_by: number | null;
  closed_at: string | null;
  published_by: number | null;
  published_at: string | null;
  published_on: string | null;
  computed_at: string | null;
}

export interface PointsQuarterScoreTable {
  quarter_id: number;
  member_id: number;
  branch_id: number;
  scope_org_id: number;
  total: number;
  bonus_political: number;
  bonus_professional: number;
  bonus_civility: number;
  deductions: number;
  rank_in_branch: number;
  rank_in_scope: number;
  has_veto: Flag;
  version_id: number;
  explanation_json: string;
  computed_at: string;
}

/** How many of an org subtree's scores of a quarter have a total (the board's histogram, stored). */
export interface PointsBoardTotalTable {
  quarter_id: number;
  org_id: number;
  total: number;
  n: number;
}

/** A data set's version, moved by every write that changes its answers (migrations 0027, 0028). */
export interface DataVersionTable {
  name: 'branch_eval' | 'directory' | 'entries' | 'points';
  version: number;
}

export interface PointsYearTable {
  id: Generated<number>;
  scheme_id: number;
  state: 'draft' | 'submitted' | 'approved' | 'published';
  version_id: number | null;
  computed_at: string | null;
  published_at: string | null;
  published_on: string | null;
  updated_at: string;
}

export interface PointsYearResultTable {
  year_id: number;
  member_id: number;
  branch_id: number;
  scope_org_id: number;
  annual_score: number | null;
  quarters_present: number;
  flagged: Flag;
  has_veto: Flag;
  tier: string;
  reason: string;
  c: number | null;
  n: number;
  rank_in_scope: number | null;
}

export interface PointsActionTable {
  id: Generated<number>;
  year_id: number;
  member_id: number;
  branch_id: number;
  tier: string;
  code: string;
  name: string;
  owner_user_id: number | null;
  due_on: string | null;
  done_at: string | null;
  done_by: number | null;
  done_note: string | null;
}

export interface PointsAppealTable {
  id: Generated<number>;
  entry_id: number;
  quarter_id: number;
  member_id: number;
  branch_id: number;
  reason: string;
  state: string;
  created_by: number;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  adjustment_entry_id: number | null;
}

// Branch joint evaluation (SPEC §3), migration 0004.
export interface BeIndicatorTable {
  id: Generated<number>;
  org_id: number;
  code: string;
  name: string;
  category: string;
  max_points: number;
  criteria: string;
  evidence_required: Flag;
  active: Flag;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface BeTemplateTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  plan_json: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface BePlanTable {
  id: Generated<number>;
  org_id: number;
  branch_id: number;
  quarter: string;
  template_id: number | null;
  state: 'draft' | 'approved' | 'frozen';
  current_version_id: number | null;
  approved_by: number | null;
  approved_at: string | null;
  approved_on: string | null;
  approved_late: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface BePlanVersionTable {
  id: Generated<number>;
  plan_id: number;
  version: number;
  state: 'draft' | 'approved' | 'superseded';
  plan_json: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
  approved_by: number | null;
  approved_at: string | null;
}

export interface BeMonthTable {
  id: Generated<number>;
  org_id: number;
  month: string;
  state: 'open' | 'verifying' | 'approved' | 'published';
  approved_by: number | null;
  approved_at: string | null;
  published_by: number | null;
  published_at: string | null;
  published_on: string | null;
  created_at: string;
  /** The result version in force (1: as approved; each approved correction adds one). */
  result_version: Generated<number>;
  /** Approved corrections of the month and when the last one was approved. */
  correction_count: Generated<number>;
  corrected_at: string | null;
  /** The seed the month's peer raters were drawn from (null: opened before the draw, whole committee). */
  peer_seed: string | null;
}

export interface BeBranchMonthTable {
  id: Generated<number>;
  month_id: number;
  branch_id: number;
  plan_id: number;
  plan_version_id: number;
  state: 'self_open' | 'self_submitted' | 'returned' | 'verified';
  window_reopened: Generated<Flag>;
  reopen_reason: string | null;
  submitted_at: string | null;
  submitted_late: Generated<Flag>;
  returned_reason: string | null;
  verified_by: number | null;
  verified_at: string | null;
  verified_late: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface BeSelfScoreTable {
  id: Generated<number>;
  branch_month_id: number;
  code: string;
  score: number | null;
  note: string | null;
  updated_by: number | null;
  updated_at: string;
}

export interface BeEvidenceRefTable {
  id: Generated<number>;
  self_score_id: number;
  ref_type: 'points_activity' | 'points_entry';
  ref_id: number;
  created_by: number;
  created_at: string;
}

export interface BePeerAssignmentTable {
  month_id: number;
  rated_branch_id: number;
  rater_branch_id: number;
  source: 'default' | 'office';
  created_at: string;
}

/** No time and no id: nothing orders or times a single sheet (migration 0007). */
export interface BePeerScoreTable {
  month_id: number;
  rated_branch_id: number;
  rater_branch_id: number;
  code: string;
  score: number;
}

export interface BeVerificationTable {
  id: Generated<number>;
  branch_month_id: number;
  code: string;
  verified: number | null;
  done: Flag | null;
  innovation_award: number | null;
  reason: string | null;
  updated_by: number | null;
  updated_at: string;
}

export interface BeMonthScoreTable {
  month_id: number;
  branch_id: number;
  plan_version_id: number;
  total: number;
  mandatory: number;
  basic: number;
  evaluative: number;
  innovation: number;
  mandatory_missed: Flag;
  rank: number;
  prev_rank: number | null;
  movement: number | null;
  evidence_total: number;
  evidence_late: number;
  signal_tenths: number | null;
  explanation_json: string;
  computed_at: string;
  /** Approved corrections of this branch's month and when the last one was approved. */
  correction_count: Generated<number>;
  corrected_at: string | null;
}

export interface BeIndicatorRankTable {
  month_id: number;
  code: string;
  branch_id: number;
  score: number;
  rank: number;
  prev_rank: number | null;
  movement: number | null;
}

export interface BeRectificationTable {
  id: Generated<number>;
  month_id: number;
  branch_id: number;
  note: string;
  accepted_by: number;
  accepted_at: string;
}

/** A version of a round committee's annual grade rule (年定级); rows are never updated. */
export interface BeGradeRuleTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  version: number;
  advanced: number;
  good: number;
  average: number;
  unrectified_lagging: Flag;
  note: string | null;
  created_by: number;
  created_at: string;
}

/** A correction of verified scores filed after publication (SPEC §7: a new record, never an edit). */
export interface BeCorrectionTable {
  id: Generated<number>;
  month_id: number;
  branch_id: number;
  branch_month_id: number;
  state: 'pending' | 'approved' | 'rejected';
  reason: string;
  filed_by: number;
  filed_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
  result_version: number | null;
}

export interface BeCorrectionItemTable {
  correction_id: number;
  code: string;
  before_verified: number | null;
  before_done: Flag | null;
  before_innovation_award: number | null;
  verified: number | null;
  done: Flag | null;
  innovation_award: number | null;
}

/** A result version of a month; its rows are in the two `*_version` tables and never change. */
export interface BeResultVersionTable {
  month_id: number;
  version: number;
  cause: 'approval' | 'correction' | 'movement';
  correction_id: number | null;
  created_by: number | null;
  created_at: string;
}

export type BeMonthScoreVersionTable = Omit<BeMonthScoreTable, 'correction_count' | 'corrected_at'> & {
  version: number;
};

export interface BeIndicatorRankVersionTable extends BeIndicatorRankTable {
  version: number;
}

export interface BeIntegrationKeyTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: number;
  created_at: string;
  revoked_by: number | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  last_used_at: string | null;
}

/** Annual inspection (SPEC §5): the campaign of a year, its target units and its team. */
export interface InspCampaignTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  state: 'draft' | 'self_check' | 'inspecting' | 'review' | 'published';
  created_by: number;
  created_at: string;
  updated_at: string;
  /** 0013: the timetable (dates) and when the committee published. */
  self_check_due: string | null;
  onsite_from: string | null;
  onsite_to: string | null;
  publish_on: string | null;
  published_at: string | null;
}

export interface InspUnitTable {
  campaign_id: number;
  org_id: number;
  sort_order: number;
}

export interface InspInspectorTable {
  campaign_id: number;
  user_id: number;
}

export interface TermsCalendarTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  state: 'draft' | 'published';
  library_version: string | null;
  closes_at: string | null;
  created_by: number;
  created_at: string;
  published_by: number | null;
  published_at: string | null;
}

export interface TermsTermTable {
  calendar_id: number;
  position: number;
  name: string;
  starts_at: string;
  library_starts_at: string;
  corrected_by: number | null;
  corrected_at: string | null;
  correction_reason: string | null;
}

export interface TermsTaskTable {
  id: Generated<number>;
  calendar_id: number;
  position: number;
  sort_order: number;
  title: string;
  description: string;
  evidence_required: number;
}

export interface TermsAssignmentTable {
  id: Generated<number>;
  task_id: number;
  calendar_id: number;
  position: number;
  org_id: number;
  assigned_by: number;
  assigned_at: string;
}

export interface TermsCheckinTable {
  assignment_id: number;
  note: string;
  late: number;
  checked_in_by: number;
  checked_in_at: string;
}

export interface TermsCheckinRefTable {
  assignment_id: number;
  ref_type: 'points_activity' | 'points_entry';
  ref_id: number;
}

/** Democratic evaluation (SPEC §5): the campaign's ballot box (setup → open → closed, days only). */
export interface InspBallotBoxTable {
  campaign_id: number;
  state: 'setup' | 'open' | 'closed';
  opened_on: string | null;
  closed_on: string | null;
}
export interface InspBallotItemTable {
  campaign_id: number;
  item_no: number;
  name_zh: string;
  name_en: string;
}
/** A one-time ballot code, kept only as its SHA-256: no id, no time, no person. */
export interface InspBallotCodeTable {
  code_hash: string;
  campaign_id: number;
  unit_id: number;
  used: number;
}
/** Answers as counts per unit × item × rating: nothing orders or times one ballot. */
export interface InspBallotCountTable {
  campaign_id: number;
  unit_id: number;
  item_no: number;
  rating: string;
  n: number;
}
/** One person's tally sheet of a pile of paper ballots; two matching entries go into the counts. */
export interface InspPaperEntryTable {
  campaign_id: number;
  unit_id: number;
  sheet_no: number;
  entry_no: number;
  entered_by: number;
  entered_at: string;
  ballots: number;
  counts_json: string;
  applied: number;
}
/** Ledger spot-check: the frozen manifest, the seed and when the sample was drawn. */
export interface InspLedgerTable {
  campaign_id: number;
  sample_size: number;
  draw_date: string;
  manifest_text: string;
  manifest_sha256: string;
  frozen_at: string;
  frozen_by: number;
  seed: string | null;
  seed_at: string | null;
  seed_by: number | null;
  drawn_at: string | null;
}
export interface InspLedgerTeamTable {
  campaign_id: number;
  team_id: number;
  unit_id: number;
  team_code: string;
  team_name: string;
  sort_key: string | null;
  draw_rank: number | null;
  sampled: number;
  scored: number;
  scored_by: number | null;
  scored_at: string | null;
}
export interface InspLedgerDeductionTable {
  id: Generated<number>;
  campaign_id: number;
  team_id: number;
  /** Hundredths of a point. */
  points: number;
  note: string;
}

/** The installation's secret behind the peer draw's seeds (one row, drawn by migration 0016). */
export interface BePeerSecretTable {
  id: number;
  secret: string;
}

/** Versioned component weights of a campaign (whole percents, summing to 100). */
export interface InspWeightTable {
  campaign_id: number;
  version: number;
  self_check: number;
  report: number;
  document: number;
  democratic: number;
  ledger: number;
  note: string | null;
  created_by: number;
  created_at: string;
}

/** A criterion (考核细则) of a campaign; max in hundredths. */
export interface InspCriterionTable {
  id: Generated<number>;
  campaign_id: number;
  code: string;
  name: string;
  max_points: number;
  what_to_check: string;
  sort_order: number;
}

export interface InspUnitStateTable {
  campaign_id: number;
  org_id: number;
  self_report: string | null;
  self_submitted_at: string | null;
  self_submitted_by: number | null;
  review_done_at: string | null;
  review_done_by: number | null;
}

export interface InspSelfScoreTable {
  id: Generated<number>;
  campaign_id: number;
  criterion_id: number;
  org_id: number;
  score: number;
  note: string | null;
  updated_by: number;
  updated_at: string;
}

export interface InspHearingScoreTable {
  campaign_id: number;
  org_id: number;
  inspector_id: number;
  score: number;
  note: string | null;
  updated_at: string;
}

export interface InspFindingTable {
  id: Generated<number>;
  campaign_id: number;
  criterion_id: number;
  org_id: number;
  deduction: number;
  note: string;
  created_by: number;
  created_at: string;
}

export interface InspEvidenceRefTable {
  entity_type: 'insp_self_score' | 'insp_finding';
  entity_id: number;
  ref_type: 'points_activity' | 'points_entry';
  ref_id: number;
}

export interface InspRectificationTable {
  id: Generated<number>;
  campaign_id: number;
  finding_id: number;
  org_id: number;
  title: string;
  owner_user_id: number;
  due_on: string;
  state: 'open' | 'closed';
  closing_note: string | null;
  closed_by: number | null;
  closed_at: string | null;
  created_by: number;
  created_at: string;
}

export interface InspResultTable {
  campaign_id: number;
  org_id: number;
  composite: number | null;
  rank: number | null;
  weight_version: number;
  rule_version: string;
  explanation_json: string;
  published_at: string;
}

export interface BeInnovationProjectTable {
  id: Generated<number>;
  branch_month_id: number;
  code: string;
  project_id: number;
  points: number;
  note: string | null;
  created_by: number;
  created_at: string;
}

export interface PjPlanTemplateTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  items_json: string;
  created_by: number;
  created_at: string;
}

export interface PjRuleTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  version: number;
  excellent: number;
  good: number;
  pass: number;
  reminder_days: number;
  affairs_after: number;
  committee_after: number;
  created_by: number;
  created_at: string;
}

export interface PjProjectTable {
  id: Generated<number>;
  plan_org_id: number;
  org_id: number;
  year: number;
  origin: 'assigned' | 'proposed';
  state: ProjectStateText;
  suspended_from: ProjectStateText | null;
  title: string;
  requirements: string;
  objectives: string;
  measures: string;
  expected_results: string;
  summary: string;
  search_text: string;
  tags_text: string;
  source_project_id: number | null;
  score: number | null;
  grade: 'excellent' | 'good' | 'pass' | 'fail' | null;
  explanation_json: string | null;
  rule_version: number | null;
  next_due: string | null;
  promoted_at: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

/** The project lifecycle's states (domain/projects/lifecycle.ts). */
export type ProjectStateText =
  | 'draft'
  | 'research'
  | 'proposal'
  | 'approved'
  | 'rejected'
  | 'implementing'
  | 'summary'
  | 'evaluated'
  | 'promoted'
  | 'suspended'
  | 'cancelled';

export interface PjTagTable {
  project_id: number;
  tag: string;
}

export interface PjTeamTable {
  project_id: number;
  member_id: number;
}

export interface PjDecisionTable {
  id: Generated<number>;
  project_id: number;
  action: string;
  from_state: ProjectStateText | null;
  to_state: ProjectStateText;
  rule: string;
  comment: string | null;
  actor_id: number;
  at: string;
}

export interface PjMilestoneTable {
  id: Generated<number>;
  project_id: number;
  seq: number;
  name: string;
  deliverable: string;
  baseline_due: string;
  current_due: string;
  reported_on: string | null;
  on_time: Flag | null;
}

export interface PjDueChangeTable {
  id: Generated<number>;
  milestone_id: number;
  project_id: number;
  old_due: string;
  new_due: string;
  reason: string;
  state: 'pending' | 'approved' | 'rejected';
  requested_by: number;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decided_on: string | null;
  note: string | null;
}

export interface PjReportTable {
  id: Generated<number>;
  milestone_id: number;
  project_id: number;
  status: 'on_track' | 'behind' | 'done';
  body: string;
  reported_on: string;
  on_time: Flag;
  created_by: number;
  created_at: string;
}

export interface PjReportRefTable {
  report_id: number;
  ref_type: 'points_activity' | 'points_entry' | 'be_self_score';
  ref_id: number;
}

export interface PjCommentTable {
  id: Generated<number>;
  project_id: number;
  target_type: 'project' | 'decision' | 'report';
  target_id: number | null;
  parent_id: number | null;
  body: string;
  author_id: number;
  at: string;
}

export interface PjPanelistTable {
  project_id: number;
  user_id: number;
}

export interface PjCriterionTable {
  project_id: number;
  code: string;
  name: string;
  max: number;
  sort_order: number;
}

export interface PjScoreSheetTable {
  project_id: number;
  user_id: number;
  scores_json: string;
  total: number;
  submitted_at: string;
}

export interface IdempotencyKeyTable {
  user_id: number;
  endpoint: string;
  key: string;
  request_hash: string;
  state: 'pending' | 'done';
  lock_token: string;
  response: string | null;
  created_at: string;
  expires_at: string;
}

export interface PointsEntryRevisionTable {
  entry_id: number;
  seq: number;
  action: 'returned' | 'resubmitted';
  /** JSON: the entry's content (date, quantity, points, note, evidence) at that step. */
  content: string;
  /** JSON: the changes since the return, on `resubmitted`. */
  changes: string | null;
  reason: string | null;
  by_user_id: number;
  at: string;
}

export interface Database {
  data_version: DataVersionTable;
  org: OrgTable;
  org_closure: OrgClosureTable;
  member: MemberTable;
  member_order: MemberOrderTable;
  member_branch_history: MemberBranchHistoryTable;
  app_user: AppUserTable;
  role_grant: RoleGrantTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  login_address: LoginAddressTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  holiday_override: HolidayOverrideTable;
  file_blob: FileBlobTable;
  file_upload: FileUploadTable;
  evidence_link: EvidenceLinkTable;
  points_scheme: PointsSchemeTable;
  points_scheme_version: PointsSchemeVersionTable;
  points_activity: PointsActivityTable;
  points_entry: PointsEntryTable;
  points_quarter: PointsQuarterTable;
  points_quarter_score: PointsQuarterScoreTable;
  points_board_total: PointsBoardTotalTable;
  points_year: PointsYearTable;
  points_year_result: PointsYearResultTable;
  points_action: PointsActionTable;
  points_appeal: PointsAppealTable;
  be_indicator: BeIndicatorTable;
  be_template: BeTemplateTable;
  be_plan: BePlanTable;
  be_plan_version: BePlanVersionTable;
  be_month: BeMonthTable;
  be_branch_month: BeBranchMonthTable;
  be_self_score: BeSelfScoreTable;
  be_evidence_ref: BeEvidenceRefTable;
  be_peer_assignment: BePeerAssignmentTable;
  be_peer_score: BePeerScoreTable;
  be_verification: BeVerificationTable;
  be_month_score: BeMonthScoreTable;
  be_indicator_rank: BeIndicatorRankTable;
  be_rectification: BeRectificationTable;
  be_integration_key: BeIntegrationKeyTable;
  be_grade_rule: BeGradeRuleTable;
  be_correction: BeCorrectionTable;
  be_correction_item: BeCorrectionItemTable;
  be_result_version: BeResultVersionTable;
  be_month_score_version: BeMonthScoreVersionTable;
  be_indicator_rank_version: BeIndicatorRankVersionTable;
  insp_campaign: InspCampaignTable;
  insp_unit: InspUnitTable;
  insp_inspector: InspInspectorTable;
  terms_calendar: TermsCalendarTable;
  terms_term: TermsTermTable;
  terms_task: TermsTaskTable;
  terms_assignment: TermsAssignmentTable;
  terms_checkin: TermsCheckinTable;
  terms_checkin_ref: TermsCheckinRefTable;
  insp_ballot_box: InspBallotBoxTable;
  insp_ballot_item: InspBallotItemTable;
  insp_ballot_code: InspBallotCodeTable;
  insp_ballot_count: InspBallotCountTable;
  insp_paper_entry: InspPaperEntryTable;
  insp_ledger: InspLedgerTable;
  insp_ledger_team: InspLedgerTeamTable;
  insp_ledger_deduction: InspLedgerDeductionTable;
  be_peer_secret: BePeerSecretTable;
  insp_weight: InspWeightTable;
  insp_criterion: InspCriterionTable;
  insp_unit_state: InspUnitStateTable;
  insp_self_score: InspSelfScoreTable;
  insp_hearing_score: InspHearingScoreTable;
  insp_finding: InspFindingTable;
  insp_evidence_ref: InspEvidenceRefTable;
  insp_rectification: InspRectificationTable;
  insp_result: InspResultTable;
  pj_rule: PjRuleTable;
  pj_plan_template: PjPlanTemplateTable;
  be_innovation_project: BeInnovationProjectTable;
  pj_project: PjProjectTable;
  pj_tag: PjTagTable;
  pj_team: PjTeamTable;
  pj_decision: PjDecisionTable;
  pj_milestone: PjMilestoneTable;
  pj_due_change: PjDueChangeTable;
  pj_report: PjReportTable;
  pj_report_ref: PjReportRefTable;
  pj_comment: PjCommentTable;
  pj_panelist: PjPanelistTable;
  pj_criterion: PjCriterionTable;
  pj_score_sheet: PjScoreSheetTable;
  idempotency_key: IdempotencyKeyTable;
  points_entry_revision: PointsEntryRevisionTable;
}

export type OrgRow = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type OrgUpdate = Updateable<OrgTable>;
export type MemberRow = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type RoleGrantRow = Selectable<RoleGrantTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
