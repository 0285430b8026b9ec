import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type {
  BranchMonthView,
  branchStatus,
  branchStatusQuery,
  monthListResponse,
  monthView,
  selfSaveBody,
} from '../../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../../db/kysely.js';
import {
  assignPeerRaters,
  availableBranchMonthActions,
  availableMonthActions,
  type BranchMonthAction,
  type BranchMonthState,
  branchMonthActions,
  canSubmitSelf,
  defaultPeerRatersPerBranch,
  defaultPlanSettings,
  drawPeerRaters,
  effectiveMonthState,
  effectivePlanState,
  errorsOf,
  type Issue,
  isLate,
  type MonthDeadlines,
  monthDeadlines,
  nextBranchMonthState,
  nextMonthState,
  type PeerAssignment,
  type PlanTemplate,
  peerSeedOf,
  type QuarterPlan,
  type SelfEntry,
  type VerificationEntry,
  validateSelfEvaluation,
  validateVerification,
} from '../../../../domain/branch-eval/index.js';
import type { HolidayCalendar, IsoDate } from '../../../../domain/calendar/index.js';
import { type Actor, type AuditInput, appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../../lib/context.js';
import { AppError, blockedBy } from '../../../lib/errors.js';
import { type Page, paginate } from '../../../lib/pagination.js';
import { authorize, can, reachesInto, requireSomewhere, rolesAtOrg } from '../../../lib/permissions.js';
import { loadHolidayCalendar } from '../../calendar/calendar.service.js';
import * as orgService from '../../org/org.service.js';
import {
  flag,
  issueDto,
  issueError,
  issuesError,
  type MonthParts,
  monthParts,
  parsePlanJson,
  planStateOn,
  settingsOf,
  toQuarterPlan,
} from '../branch-eval.common.js';
import { computeMonthResults } from '../compute.js';
import {
  checkEvidence,
  type EvidenceOfScore,
  evidenceCount,
  evidenceDates,
  evidenceOf,
  signalOf,
} from '../evidence.js';
import * as planRepo from '../library/plan.repo.js';
import { correctedFiguresOf } from '../results/corrections.service.js';
import * as resultsRepo from '../results/results.repo.js';
import * as verificationRepo from '../verification/verification.repo.js';
import * as roundRepo from './round.repo.js';

/** The calendar, today and a month's deadlines: what every round rule needs. */
export interface RoundClock {
  readonly cal: HolidayCalendar;
  readonly today: IsoDate;
  readonly parts: MonthParts;
  readonly deadlines: MonthDeadlines;
}

/** Today (China time) and the month's deadlines from the holiday calendar in force (admin overrides included). */
export async function roundClock(ctx: Ctx, db: DbOrTrx, month: string): Promise<RoundClock> {
  const cal = await loadHolidayCalendar(db);
  const parts = monthParts(month);
  return {
    cal,
    today: todayInChina(ctx.clock),
    parts,
    deadlines: monthDeadlines(cal, parts.year, parts.month),
  };
}

/** A branch's plan for the month's quarter; the round runs on approved plans only. */
export async function approvedPlanOf(
  db: DbOrTrx,
  branchId: number,
  rc: RoundClock,
): Promise<{ row: planRepo.PlanRow; version: planRepo.PlanVersionRow; plan: QuarterPlan }> {
  const row = await planRepo.findPlanOfBranch(db, branchId, rc.parts.quarterKey);
  if (!row || row.current_version_id == null) {
    if (!(await orgService.findOrgRow(db, branchId)))
      throw new AppError('not_found', { entity: 'org', id: branchId });
    throw new AppError('no_plan', { branchId, quarter: rc.parts.quarterKey });
  }
  const version = await planRepo.findVersion(db, row.current_version_id);
  if (!version) throw new AppError('no_plan', { branchId, quarter: rc.parts.quarterKey });
  const plan = toQuarterPlan(row, version.plan_json);
  if (effectivePlanState(plan, rc.today) === 'draft') {
    throw new AppError('plan_not_approved', { branchId, quarter: rc.parts.quarterKey });
  }
  return { row, version, plan };
}

/**
 * The default peer assignment of a round's month, computed — what opening the month stores, and
 * what a read of a month nobody has opened yet shows. With a seed (months opened since the draw):
 * SPEC §3's draw of about 6 raters per branch from its nearest committee (the committee above
 * where that has too few), balanced and rotated by the seed; `short` lists the branches left with
 * fewer than the minimum, which get no peer component. Without (months opened before): every
 * other branch of the committee, as they were stored.
 */
export async function defaultAssignmentOf(
  db: DbOrTrx,
  orgId: number,
  quarterKey: string,
  seed: string | null,
): Promise<{ assignment: PeerAssignment; warnings: Issue[]; short: number[] }> {
  const branches = await roundRepo.roundBranches(db, orgId, quarterKey);
  const versions = await planRepo.versionsByIds(
    db,
    branches.flatMap((b) => (b.current_version_id == null ? [] : [b.current_version_id])),
  );
  // The strictest plan setting of the round: a group is short of raters if any plan says so.
  const minRaters = Math.max(
    defaultPlanSettings.minPeerRaters,
    ...versions.map((v) => parsePlanJson(v.plan_json).minPeerRaters),
  );
  if (seed !== null) {
    const paths = await roundRepo.committeePathsOfRound(db, orgId, quarterKey);
    return drawPeerRaters(
      branches.map((b) => ({ id: b.branch_id, committees: paths.get(b.branch_id) ?? [] })),
      { perBranch: Math.max(defaultPeerRatersPerBranch, minRaters), minRaters, seed },
    );
  }
  const committees = await roundRepo.parentCommitteesOfRound(db, orgId, quarterKey);
  return {
    ...assignPeerRaters(
      branches.map((b) => ({ id: b.branch_id, parentId: committees.get(b.branch_id) ?? b.parent_id })),
      { minRaters },
    ),
    short: [],
  };
}

/**
 * The seed a round's month draws its raters from: the stored one once it is open (null for a
 * month opened before the draw), else the one it will open with — derived from the round, the
 * month and the installation's secret, so nobody can work it out from public facts.
 */
export async function monthPeerSeed(
  db: DbOrTrx,
  orgId: number,
  monthKey: string,
  month?: { peer_seed: string | null },
): Promise<string | null> {
  return month ? month.peer_seed : peerSeedOf(orgId, monthKey, await roundRepo.peerSecret(db));
}

/**
 * Stores the default peer assignment for every branch of the round that has none yet — so the
 * office's edits are kept when it is run again after a plan was added. Returns the warnings of
 * groups with too few raters.
 */
export async function addDefaultAssignments(
  db: DbOrTrx,
  month: roundRepo.MonthRow,
  quarterKey: string,
  at: string,
): Promise<Issue[]> {
  const { assignment, warnings } = await defaultAssignmentOf(
    db,
    month.org_id,
    quarterKey,
    await monthPeerSeed(db, month.org_id, month.month, month),
  );
  const existing = new Set((await roundRepo.assignmentsOfMonth(db, month.id)).map((a) => a.rated_branch_id));
  await roundRepo.insertAssignments(
    db,
    assignment
      .filter((a) => !existing.has(a.rated))
      .flatMap((a) =>
        a.raters.map((rater) => ({
          month_id: month.id,
          rated_branch_id: a.rated,
          rater_branch_id: rater,
          source: 'default' as const,
          created_at: at,
        })),
      ),
  );
  return warnings;
}

/**
 * The month of a round, opened by the first call that changes something in it (a secretary's
 * first save, the office drawing or setting raters, the committee's approval) — never by a read,
 * and never by a peer sheet (its audit row would name the rater's person at the sheet's moment).
 * Opening stores the month and its default peer assignment and is audited under the caller.
 */
export async function ensureMonth(
  db: DbOrTrx,
  actor: Actor,
  orgId: number,
  parts: MonthParts,
  at: string,
): Promise<roundRepo.MonthRow> {
  const created = await roundRepo.insertMonthIfMissing(
    db,
    orgId,
    parts.key,
    at,
    peerSeedOf(orgId, parts.key),
  );
  const month = await roundRepo.findMonth(db, orgId, parts.key);
  if (!month) throw new AppError('internal');
  if (created) {
    const warnings = await addDefaultAssignments(db, month, parts.quarterKey, at);
    const assignments = (await roundRepo.assignmentsOfMonth(db, month.id)).length;
    await appendAudit(db, actor, at, [
      {
        action: 'branch_eval.month.open',
        entityType: 'be_month',
        entityId: month.id,
        orgId,
        after: { month: parts.key, assignments, warnings: warnings.map((w) => w.code) },
      },
    ]);
  }
  return month;
}

/** A month nobody has opened yet, as a read shows it: nothing is stored (id 0 matches no row). */
export function unopenedMonth(orgId: number, key: string): roundRepo.MonthRow {
  return {
    id: 0,
    org_id: orgId,
    month: key,
    state: 'open',
    approved_by: null,
    approved_at: null,
    published_by: null,
    published_at: null,
    published_on: null,
    created_at: '',
    result_version: 1,
    correction_count: 0,
    corrected_at: null,
    // Not drawn yet: reads compute the default through monthPeerSeed.
    peer_seed: null,
  };
}

export interface Loaded {
  readonly rc: RoundClock;
  readonly planRow: planRepo.PlanRow;
  readonly version: planRepo.PlanVersionRow;
  readonly plan: PlanTemplate;
  readonly month: roundRepo.MonthRow;
  readonly bm: roundRepo.BranchMonthRow;
}

/** A branch's month as a read sees it: what is stored, or the month as it would open (nothing is written). */
async function readBranchMonth(ctx: Ctx, db: DbOrTrx, branchId: number, monthKey: string): Promise<Loaded> {
  const rc = await roundClock(ctx, db, monthKey);
  const { row, version } = await approvedPlanOf(db, branchId, rc);
  const month =
    (await roundRepo.findMonth(db, row.org_id, rc.parts.key)) ?? unopenedMonth(row.org_id, rc.parts.key);
  const stored = month.id === 0 ? undefined : await roundRepo.findBranchMonth(db, month.id, branchId);
  const bm: roundRepo.BranchMonthRow = stored ?? {
    id: 0,
    month_id: month.id,
    branch_id: branchId,
    plan_id: row.id,
    plan_version_id: version.id,
    state: 'self_open',
    window_reopened: 0,
    reopen_reason: null,
    submitted_at: null,
    submitted_late: 0,
    returned_reason: null,
    verified_by: null,
    verified_at: null,
    verified_late: 0,
    created_at: '',
    updated_at: '',
  };
  const used =
    bm.plan_version_id === version.id ? version : await planRepo.findVersion(db, bm.plan_version_id);
  if (!used) throw new AppError('internal');
  return { rc, planRow: row, version: used, plan: parsePlanJson(used.plan_json), month, bm };
}

/** A branch's month with its plan version, opened (and the branch's row created) on first use by a change. */
export async function loadBranchMonth(
  ctx: Ctx,
  db: DbOrTrx,
  branchId: number,
  monthKey: string,
): Promise<Loaded> {
  const rc = await roundClock(ctx, db, monthKey);
  const { row, version } = await approvedPlanOf(db, branchId, rc);
  const at = nowIso(ctx.clock);
  const month = await ensureMonth(db, ctx.user, row.org_id, rc.parts, at);
  let bm = await roundRepo.findBranchMonth(db, month.id, branchId);
  if (!bm) {
    await roundRepo.insertBranchMonthIfMissing(db, {
      month_id: month.id,
      branch_id: branchId,
      plan_id: row.id,
      plan_version_id: version.id,
      state: 'self_open',
      reopen_reason: null,
      submitted_at: null,
      returned_reason: null,
      verified_by: null,
      verified_at: null,
      created_at: at,
      updated_at: at,
    });
    bm = await roundRepo.findBranchMonth(db, month.id, branchId);
    if (!bm) throw new AppError('internal');
  }
  // The version the month was opened with: a plan is frozen from its quarter's start, so this is
  // the approved version, recorded so every result names the settings that produced it.
  const used =
    bm.plan_version_id === version.id ? version : await planRepo.findVersion(db, bm.plan_version_id);
  if (!used) throw new AppError('internal');
  return { rc, planRow: row, version: used, plan: parsePlanJson(used.plan_json), month, bm };
}

export function refuseIfClosed(l: Pick<Loaded, 'month' | 'rc'>): void {
  const state = effectiveMonthState(l.month.state, l.rc.today, l.rc.deadlines);
  if (state === 'approved' || state === 'published') {
    throw new AppError('month_closed', { month: l.rc.parts.key });
  }
}

// ── the branch's sheet ────────────────────────────────────────────────────────────────────

/** The self-evaluation sheet as the domain checks it. */
function selfSheet(
  plan: PlanTemplate,
  selfRows: readonly { code: string; score: number | null; id: number }[],
  evidence: ReadonlyMap<number, EvidenceOfScore>,
): Record<string, SelfEntry> {
  const sheet: Record<string, SelfEntry> = {};
  for (const i of plan.indicators) {
    const row = selfRows.find((r) => r.code === i.code);
    if (row) sheet[i.code] = { score: row.score, evidenceCount: evidenceCount(evidence.get(row.id)) };
  }
  return sheet;
}

function verificationSheet(
  plan: PlanTemplate,
  selfRows: readonly { code: string; score: number | null }[],
  rows: readonly {
    code: string;
    verified: number | null;
    done: 0 | 1 | null;
    innovation_award: number | null;
    reason: string | null;
  }[],
): Record<string, VerificationEntry> {
  const sheet: Record<string, VerificationEntry> = {};
  for (const i of plan.indicators) {
    const v = rows.find((r) => r.code === i.code);
    if (!v) continue;
    sheet[i.code] = {
      self: selfRows.find((r) => r.code === i.code)?.score ?? null,
      verified: v.verified,
      done: v.done === null ? null : v.done === 1,
      innovationAward: v.innovation_award,
      reason: v.reason,
    };
  }
  return sheet;
}

/**
 * A branch's month: its plan, self scores, notes and evidence, state, deadlines and the steps the
 * viewer may take. Readable by the branch's own secretaries and by those above who read it
 * (never by another branch). Verified scores are shown to the office and those above at once,
 * to the branch once the month is published; peer scores are never part of this view.
 */
export async function getBranchMonth(ctx: Ctx, branchId: number, monthKey: string): Promise<BranchMonthView> {
  await authorize(ctx.db, ctx.user, 'branch_eval.read', branchId);
  return viewOf(ctx, await readBranchMonth(ctx, ctx.db, branchId, monthKey));
}

export async function viewOf(ctx: Ctx, l: Loaded): Promise<BranchMonthView> {
  const { rc, plan, month, bm } = l;
  const db = ctx.db;
  const selfRows = await roundRepo.selfScoresOf(db, [bm.id]);
  const evidence = await evidenceOf(
    db,
    selfRows.map((r) => r.id),
  );
  const verifs = await verificationRepo.verificationsOf(db, [bm.id]);
  const citations = bm.id === 0 ? [] : await verificationRepo.citationsOf(db, [bm.id]);
  const monthState = effectiveMonthState(month.state, rc.today, rc.deadlines);
  const verificationVisible =
    monthState === 'published' || (await can(db, ctx.user, 'branch_eval.results.read', bm.branch_id));
  const roles = await rolesAtOrg(db, ctx.user, bm.branch_id);
  // Corrections after publication change the figures in force; the verification stays as it was.
  const corrected = verificationVisible ? await correctedFiguresOf(db, month.id, bm.branch_id) : {};
  const windowReopened = bm.window_reopened === 1;
  const branch = await orgService.findOrgRow(db, bm.branch_id);
  const empty: EvidenceOfScore = { files: [], activities: [], entries: [] };
  return {
    orgId: month.org_id,
    branchId: bm.branch_id,
    branchName: branch?.name ?? '',
    month: rc.parts.key,
    monthState,
    state: bm.state,
    deadlines: rc.deadlines,
    plan: {
      id: l.planRow.id,
      versionId: l.version.id,
      version: l.version.version,
      settings: settingsOf(plan),
    },
    windowOpen: canSubmitSelf(rc.today, rc.deadlines, windowReopened).ok,
    windowReopened,
    reopenReason: bm.reopen_reason,
    submittedAt: bm.submitted_at,
    submittedLate: bm.submitted_late === 1,
    returnedReason: bm.returned_reason,
    verifiedAt: bm.verified_at,
    verifiedLate: bm.verified_late === 1,
    actions: availableBranchMonthActions(bm.state, roles, {
      today: rc.today,
      deadlines: rc.deadlines,
      monthState: month.state,
      windowReopened,
    }).map((t) => t.action),
    verificationVisible,
    indicators: plan.indicators.map((i) => {
      const self = selfRows.find((r) => r.code === i.code);
      const v = verifs.find((r) => r.code === i.code);
      const e = self ? (evidence.get(self.id) ?? empty) : empty;
      return {
        ...i,
        selfScore: self?.score ?? null,
        note: self?.note ?? null,
        evidence: {
          files: e.files,
          activities: e.activities.map(({ createdAt: _c, ...a }) => a),
          entries: e.entries.map(({ createdAt: _c, ...x }) => x),
        },
        verification:
          verificationVisible && v
            ? {
                verified: v.verified,
                done: v.done === null ? null : v.done === 1,
                innovationAward: v.innovation_award,
                reason: v.reason,
              }
            : null,
        projects: verificationVisible
          ? citations
              .filter((c) => c.code === i.code)
              .map((c) => ({
                projectId: c.project_id,
                title: c.title,
                year: c.year,
                points: c.points,
                note: c.note,
              }))
          : [],
        correction: corrected[i.code] ?? null,
      };
    }),
    issues: validateSelfEvaluation(plan, selfSheet(plan, selfRows, evidence)).map(issueDto),
    signal: signalOf(evidenceDates(evidence.values()), rc.parts),
    history: await historyOf(db, bm.id),
  };
}

const stepPrefix = 'branch_eval.branch_month.';

/** The branch-month's steps from the audit log (audit_entity_idx), oldest first. */
async function historyOf(db: DbOrTrx, branchMonthId: number): Promise<BranchMonthView['history']> {
  const rows = await roundRepo.branchMonthAuditRows(db, branchMonthId, stepPrefix);
  return rows.flatMap((r) => {
    const action = r.action.slice(stepPrefix.length);
    if (!(branchMonthActions as readonly string[]).includes(action)) return [];
    const after = r.after_json
      ? (JSON.parse(r.after_json) as { late?: boolean; reason?: string | null })
      : {};
    return [
      {
        action: action as BranchMonthAction,
        at: r.at,
        late: after.late === true,
        reason: after.reason ?? null,
      },
    ];
  });
}

/**
 * Saves the branch's self-evaluation as it is being entered (SPEC §3 step 1: score, note and
 * evidence per indicator). Allowed to the branch's secretary while the window is open (or
 * reopened) and the sheet is not submitted, or after the office returned it. A score above the
 * indicator's max, an unknown indicator or evidence the user may not use is refused and nothing
 * is saved. Evidence lists, when given, replace the indicator's evidence.
 */
export async function saveSelf(
  ctx: Ctx,
  branchId: number,
  monthKey: string,
  input: z.infer<typeof selfSaveBody>,
): Promise<BranchMonthView> {
  const l = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.self', branchId);
    const l = await loadBranchMonth(ctx, trx, branchId, monthKey);
    refuseIfClosed(l);
    const { bm, plan, rc } = l;
    if (bm.state !== 'self_open' && bm.state !== 'returned') {
      throw new AppError(
        'invalid_transition',
        { state: bm.state },
        {
          zh: '自评已提交，撤回或被退回后才能修改',
          en: 'The self-evaluation is submitted; it can change only after a withdrawal or a return',
        },
      );
    }
    if (bm.state === 'self_open') {
      const window = canSubmitSelf(rc.today, rc.deadlines, bm.window_reopened === 1);
      if (!window.ok) throw issueError(window.error);
    }
    const sheet: Record<string, SelfEntry> = {};
    for (const e of input.entries) sheet[e.code] = { score: e.score ?? null };
    const problems = validateSelfEvaluation(plan, sheet).filter(
      (i) => i.code !== 'self_missing' && i.code !== 'evidence_missing',
    );
    if (errorsOf(problems).length > 0) throw issuesError(errorsOf(problems));
    await checkEvidence(ctx, trx, branchId, {
      files: input.entries.flatMap((e) => e.fileIds ?? []),
      activities: input.entries.flatMap((e) => e.activityIds ?? []),
      entries: input.entries.flatMap((e) => e.entryIds ?? []),
    });

    const at = nowIso(ctx.clock);
    const before = await roundRepo.selfScoresOf(trx, [bm.id]);
    const beforeEvidence = await evidenceOf(
      trx,
      before.map((r) => r.id),
    );
    const audit: AuditInput[] = [];
    for (const e of input.entries) {
      const old = before.find((r) => r.code === e.code);
      const score = e.score === undefined ? (old?.score ?? null) : e.score;
      const note = e.note === undefined ? (old?.note ?? null) : e.note;
      const id = await roundRepo.upsertSelfScore(trx, {
        branch_month_id: bm.id,
        code: e.code,
        score,
        note,
        updated_by: ctx.user.id,
        updated_at: at,
      });
      const had = old ? beforeEvidence.get(old.id) : undefined;
      const replace = async (
        given: number[] | undefined,
        current: number[],
        link: (ids: number[]) => Promise<void>,
        unlink: (ids: number[]) => Promise<void>,
      ) => {
        if (given === undefined) return;
        const want = [...new Set(given)];
        await unlink(current.filter((x) => !want.includes(x)));
        await link(want.filter((x) => !current.includes(x)));
      };
      await replace(
        e.fileIds,
        had?.files.map((f) => f.id) ?? [],
        (ids) => roundRepo.linkFiles(trx, id, ids, ctx.user.id, at),
        (ids) => roundRepo.unlinkFiles(trx, id, ids),
      );
      await replace(
        e.activityIds,
        had?.activities.map((a) => a.id) ?? [],
        (ids) => roundRepo.linkRefs(trx, id, 'points_activity', ids, ctx.user.id, at),
        (ids) => roundRepo.unlinkRefs(trx, id, 'points_activity', ids),
      );
      await replace(
        e.entryIds,
        had?.entries.map((x) => x.id) ?? [],
        (ids) => roundRepo.linkRefs(trx, id, 'points_entry', ids, ctx.user.id, at),
        (ids) => roundRepo.unlinkRefs(trx, id, 'points_entry', ids),
      );
      audit.push({
        action: 'branch_eval.self.save',
        entityType: 'be_self_score',
        entityId: id,
        orgId: branchId,
        before: old
          ? {
              month: rc.parts.key,
              code: e.code,
              score: old.score,
              note: old.note,
              files: had?.files.map((f) => f.id) ?? [],
              activities: had?.activities.map((a) => a.id) ?? [],
              entries: had?.entries.map((x) => x.id) ?? [],
            }
          : null,
        after: {
          month: rc.parts.key,
          code: e.code,
          score,
          note,
          files: e.fileIds ?? had?.files.map((f) => f.id) ?? [],
          activities: e.activityIds ?? had?.activities.map((a) => a.id) ?? [],
          entries: e.entryIds ?? had?.entries.map((x) => x.id) ?? [],
        },
      });
    }
    await appendAudit(trx, ctx.user, at, audit);
    return l;
  });
  return viewOf(ctx, l);
}

/**
 * Takes a step of a branch's month (SPEC §3 steps 1 and 3, domain round.ts): the secretary
 * submits, withdraws or resubmits; the office returns for evidence, verifies, reopens a closed
 * window or a verification — each with the domain's role, date and data rules. Submitting late
 * (a reopened window, a resubmission after the deadline) and verifying after the 5th working day
 * are allowed and flagged. A concurrent step by someone else is `stale_record`.
 */
export async function branchMonthStep(
  ctx: Ctx,
  branchId: number,
  monthKey: string,
  action: BranchMonthAction,
  reason: string | undefined,
): Promise<BranchMonthView> {
  const l = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.read', branchId);
    const l = await loadBranchMonth(ctx, trx, branchId, monthKey);
    const { bm, plan, rc, month } = l;
    const roles = await rolesAtOrg(trx, ctx.user, branchId);
    let checks: Issue[] | undefined;
    const selfRows = await roundRepo.selfScoresOf(trx, [bm.id]);
    if (action === 'submit' || action === 'resubmit') {
      const evidence = await evidenceOf(
        trx,
        selfRows.map((r) => r.id),
      );
      checks = validateSelfEvaluation(plan, selfSheet(plan, selfRows, evidence));
    } else if (action === 'verify') {
      checks = validateVerification(
        plan,
        verificationSheet(plan, selfRows, await verificationRepo.verificationsOf(trx, [bm.id])),
      );
    }
    const step = nextBranchMonthState(bm.state, action, roles, {
      today: rc.today,
      deadlines: rc.deadlines,
      monthState: month.state,
      windowReopened: bm.window_reopened === 1,
      reason: reason ?? null,
      ...(checks === undefined ? {} : { checks }),
    });
    if (!step.ok) {
      const code = step.error.code;
      if ((code === 'self_evaluation_incomplete' || code === 'verification_incomplete') && checks) {
        throw issuesError(errorsOf(checks), code);
      }
      throw issueError(step.error);
    }
    const at = nowIso(ctx.clock);
    const set: Parameters<typeof roundRepo.updateBranchMonth>[3] = { state: step.state, updated_at: at };
    switch (action) {
      case 'submit':
      case 'resubmit':
        Object.assign(set, { submitted_at: at, submitted_late: flag(step.late), window_reopened: 0 });
        break;
      case 'withdraw':
        Object.assign(set, { submitted_at: null, submitted_late: 0 });
        break;
      case 'reopen_window':
        Object.assign(set, { window_reopened: 1, reopen_reason: reason ?? null });
        break;
      case 'return':
        Object.assign(set, { returned_reason: reason ?? null });
        break;
      case 'verify':
        Object.assign(set, { verified_by: ctx.user.id, verified_at: at, verified_late: flag(step.late) });
        break;
      case 'reopen_verification':
        Object.assign(set, { verified_by: null, verified_at: null, verified_late: 0 });
        break;
    }
    if (!(await roundRepo.updateBranchMonth(trx, bm.id, bm.state, set))) {
      throw new AppError('stale_record', { branchMonthId: bm.id });
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: `branch_eval.branch_month.${action}`,
        entityType: 'be_branch_month',
        entityId: bm.id,
        orgId: branchId,
        before: { month: rc.parts.key, state: bm.state },
        after: { month: rc.parts.key, state: step.state, late: step.late, reason: reason ?? null },
      },
    ]);
    const after = await roundRepo.findBranchMonth(trx, month.id, branchId);
    if (!after) throw new AppError('internal');
    return { ...l, bm: after };
  });
  return viewOf(ctx, l);
}

// ── the month of a round ──────────────────────────────────────────────────────────────────

async function requireBoard(ctx: Ctx, orgId: number): Promise<void> {
  if (!(await orgService.findOrgRow(ctx.db, orgId)))
    throw new AppError('not_found', { entity: 'org', id: orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.board.read', orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.board.read', orgId });
  }
}

/** Why the committee cannot approve the month: the unverified branches named, else the rule's issue. */
function approveRefusal(
  issue: Parameters<typeof issueError>[0],
  branches: readonly { branch_id: number; code: string; name: string }[],
): AppError {
  if (issue.code !== 'unverified_branches') return issueError(issue);
  const ids = new Set(issue.details.branches as readonly number[]);
  const list = branches.filter((b) => ids.has(b.branch_id));
  return new AppError(
    'unverified_branches',
    { branches: list.map((b) => ({ id: b.branch_id, code: b.code, name: b.name })) },
    {
      zh: `以下 ${list.length} 个支部尚未完成验证，不能审定本月：${list.map((b) => b.name).join('、')}`,
      en: `${list.length} branches are not verified yet, so the month cannot be approved: ${list.map((b) => b.name).join(', ')}`,
    },
  );
}

/** The month of a round (SPEC §3 月评): state in force, deadlines, progress counts and the committee's steps. */
export async function getMonth(
  ctx: Ctx,
  orgId: number,
  monthKey: string,
): Promise<z.infer<typeof monthView>> {
  await requireBoard(ctx, orgId);
  const rc = await roundClock(ctx, ctx.db, monthKey);
  const org = await orgService.findOrgRow(ctx.db, orgId);
  const month = await roundRepo.findMonth(ctx.db, orgId, rc.parts.key);
  const branches = await roundRepo.roundBranches(ctx.db, orgId, rc.parts.quarterKey);
  const bms = month ? await roundRepo.branchMonthsOf(ctx.db, month.id) : [];
  const roles = await rolesAtOrg(ctx.db, ctx.user, orgId);
  return monthViewOf(rc, orgId, org?.name ?? '', month, branches, bms, roles);
}

/**
 * The month view from rows in hand: getMonth's reads, or the approval's own (which has just read
 * the round's branches and branch months and changed only the month's row).
 */
function monthViewOf(
  rc: RoundClock,
  orgId: number,
  orgName: string,
  month: roundRepo.MonthRow | undefined,
  branches: readonly { branch_id: number; code: string; name: string }[],
  bms: readonly { branch_id: number; state: BranchMonthState }[],
  roles: Awaited<ReturnType<typeof rolesAtOrg>>,
): z.infer<typeof monthView> {
  const stored = month?.state ?? 'open';
  // Indexed once: a round has thousands of branches (a search per branch was quadratic).
  const stateById = new Map(bms.map((b) => [b.branch_id, b.state]));
  const stateOf = (id: number): BranchMonthState => stateById.get(id) ?? 'self_open';
  const counted = new Map<BranchMonthState, number>();
  for (const b of branches) {
    const s = stateOf(b.branch_id);
    counted.set(s, (counted.get(s) ?? 0) + 1);
  }
  const countState = (s: BranchMonthState) => counted.get(s) ?? 0;
  const actions = availableMonthActions(stored, roles, rc.today, rc.deadlines)
    .map((t) => t.action)
    .filter((a): a is 'approve' | 'publish' => a === 'approve' || a === 'publish');
  // 审定 is offered only when it would pass: otherwise the button says why (the refusal's words).
  const blocked: ReturnType<typeof blockedBy>[] = [];
  if (actions.includes('approve')) {
    const step = nextMonthState(stored, 'approve', roles, {
      today: rc.today,
      deadlines: rc.deadlines,
      branches: branches.map((b) => ({ branchId: b.branch_id, state: stateOf(b.branch_id) })),
    });
    if (!step.ok) blocked.push(blockedBy('approve', approveRefusal(step.error, branches)));
    else if (branches.length === 0) blocked.push(blockedBy('approve', new AppError('no_branches')));
  }
  return {
    orgId,
    orgName,
    month: rc.parts.key,
    state: effectiveMonthState(stored, rc.today, rc.deadlines),
    deadlines: rc.deadlines,
    approvedAt: month?.approved_at ?? null,
    publishedAt: month?.published_at ?? null,
    publishedOn: month?.published_on ?? null,
    actions,
    blocked,
    resultVersion: month?.approved_at ? month.result_version : null,
    correctionCount: month?.correction_count ?? 0,
    correctedAt: month?.corrected_at ?? null,
    counts: {
      branches: branches.length,
      selfOpen: countState('self_open'),
      submitted: countState('self_submitted'),
      returned: countState('returned'),
      verified: countState('verified'),
    },
  };
}

/** The months of a round, newest first. */
export async function listMonths(
  ctx: Ctx,
  orgId: number,
  year: number | undefined,
  page: number,
  pageSize: number,
): Promise<z.infer<typeof monthListResponse>> {
  await requireBoard(ctx, orgId);
  const cal = await loadHolidayCalendar(ctx.db);
  const today = todayInChina(ctx.clock);
  return paginate(
    page,
    pageSize,
    () => roundRepo.countMonthsOfOrg(ctx.db, orgId, year),
    async (limit, offset) =>
      (await roundRepo.listMonthsOfOrg(ctx.db, orgId, year, limit, offset)).map((m) => {
        const p = monthParts(m.month);
        return {
          month: m.month,
          state: effectiveMonthState(m.state, today, monthDeadlines(cal, p.year, p.month)),
          publishedOn: m.published_on,
        };
      }),
  );
}

/**
 * Where every branch of the round stands this month, with late and overdue flags: all branches
 * for those who read the round's org, the viewer's own for a secretary.
 */
export async function listBranchStatuses(
  ctx: Ctx,
  monthKey: string,
  query: z.infer<typeof branchStatusQuery>,
): Promise<Page<z.infer<typeof branchStatus>>> {
  const roots = requireSomewhere(ctx.user, 'branch_eval.read');
  const whole = await can(ctx.db, ctx.user, 'branch_eval.read', query.orgId);
  const rc = await roundClock(ctx, ctx.db, monthKey);
  let branches = await roundRepo.roundBranches(ctx.db, query.orgId, rc.parts.quarterKey);
  if (!whole) {
    const visible = new Set(await orgService.orgIdsUnder(ctx.db, roots));
    branches = branches.filter((b) => visible.has(b.branch_id));
  }
  const month = await roundRepo.findMonth(ctx.db, query.orgId, rc.parts.key);
  const bms = new Map(
    (month ? await roundRepo.branchMonthsOf(ctx.db, month.id) : []).map((x) => [x.branch_id, x]),
  );
  const rows = branches.map((b) => {
    const bm = bms.get(b.branch_id);
    const state: BranchMonthState = bm?.state ?? 'self_open';
    const reopened = bm?.window_reopened === 1;
    return {
      branchId: b.branch_id,
      branchCode: b.code,
      branchName: b.name,
      planState: planStateOn(b, rc.today),
      state,
      submittedAt: bm?.submitted_at ?? null,
      submittedLate: bm?.submitted_late === 1,
      windowReopened: reopened,
      verifiedAt: bm?.verified_at ?? null,
      verifiedLate: bm?.verified_late === 1,
      selfOverdue: state === 'self_open' && !reopened && isLate(rc.today, rc.deadlines.selfDue),
      verifyOverdue: state !== 'verified' && isLate(rc.today, rc.deadlines.verifyDue),
    };
  });
  // The office's order: sheets waiting for verification first, then returned ones, open ones,
  // verified ones; the round's own order within each (a stable sort).
  const filtered = query.state
    ? rows.filter((r) => r.state === query.state)
    : [...rows].sort((a, b) => statusOrder[a.state] - statusOrder[b.state]);
  const offset = (query.page - 1) * query.pageSize;
  const page = filtered.slice(offset, offset + query.pageSize);
  // The daily-work signal of the page's branches, from their evidence so far.
  const pageBms = page.flatMap((r) => {
    const bm = bms.get(r.branchId);
    return bm ? [bm] : [];
  });
  const selfRows = await roundRepo.selfScoresOf(
    ctx.db,
    pageBms.map((b) => b.id),
  );
  const evidence = await evidenceOf(
    ctx.db,
    selfRows.map((r) => r.id),
  );
  const signalOfBranch = new Map(
    pageBms.map((bm) => [
      bm.branch_id,
      signalOf(
        evidenceDates(
          selfRows
            .filter((r) => r.branch_month_id === bm.id)
            .flatMap((r) => {
              const e = evidence.get(r.id);
              return e ? [e] : [];
            }),
        ),
        rc.parts,
      ),
    ]),
  );
  const noEvidence = signalOf([], rc.parts);
  return {
    items: page.map((r) => ({ ...r, signal: signalOfBranch.get(r.branchId) ?? noEvidence })),
    total: filtered.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const statusOrder: Record<BranchMonthState, number> = {
  self_submitted: 0,
  returned: 1,
  self_open: 2,
  verified: 3,
};

/**
 * The committee approves the month for ALL branches of the round at once (SPEC §3 step 4): refused
 * before the window has closed and, with the list of them, while any branch is not verified —
 * nothing changes then. On approval every branch's score, the rankings by total and by indicator
 * with movement, and the daily-work signal are computed and kept as approved.
 */
export async function approveMonth(
  ctx: Ctx,
  orgId: number,
  monthKey: string,
): Promise<z.infer<typeof monthView>> {
  const view = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.month.approve', orgId);
    const rc = await roundClock(ctx, trx, monthKey);
    const at = nowIso(ctx.clock);
    const branches = await roundRepo.roundBranches(trx, orgId, rc.parts.quarterKey);
    const existing = await roundRepo.findMonth(trx, orgId, rc.parts.key);
    // A month nobody has opened has no row yet; approving it is refused below (no branch is verified).
    const month =
      existing ?? (branches.length > 0 ? await ensureMonth(trx, ctx.user, orgId, rc.parts, at) : undefined);
    const bms = month ? await roundRepo.branchMonthsOf(trx, month.id) : [];
    const roles = await rolesAtOrg(trx, ctx.user, orgId);
    const stateOf = new Map(bms.map((x) => [x.branch_id, x.state]));
    const step = nextMonthState(month?.state ?? 'open', 'approve', roles, {
      today: rc.today,
      deadlines: rc.deadlines,
      branches: branches.map((b) => ({
        branchId: b.branch_id,
        state: stateOf.get(b.branch_id) ?? 'self_open',
      })),
    });
    if (!step.ok) throw approveRefusal(step.error, branches);
    if (!month) throw new AppError('no_branches');
    const peer = await peerSheetsOfMonth(trx, month.id);
    const results = await computeMonthResults(trx, month, rc.parts, bms, at, new Map(), peer.lists);
    const moved = await roundRepo.updateMonth(trx, month.id, ['open', 'verifying'], {
      state: 'approved',
      approved_by: ctx.user.id,
      approved_at: at,
    });
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError('stale_record', { monthId: month.id });
    await resultsRepo.insertMonthScores(trx, results.scores);
    await resultsRepo.insertIndicatorRanksRanked(trx, month.id, results.prevMonthId, results.indicatorScores);
    // The month's peer rows are rewritten in the approval's transaction, so on PostgreSQL not even
    // their transaction ids say when each sheet came in (read above: the values are unchanged).
    await roundRepo.resealPeerScores(trx, month.id);
    await appendAudit(trx, ctx.user, at, [
      // The month's peer sheets enter the audit log here, as counts (see submitPeer).
      {
        action: 'branch_eval.peer.sheets',
        entityType: 'be_month',
        entityId: month.id,
        orgId,
        after: { month: rc.parts.key, ...peer.record },
      },
      {
        action: 'branch_eval.month.approve',
        entityType: 'be_month',
        entityId: month.id,
        orgId,
        before: { month: rc.parts.key, state: month.state },
        after: {
          month: rc.parts.key,
          state: 'approved',
          totals: results.scores.map((s) => ({ branchId: s.branch_id, total: s.total, rank: s.rank })),
        },
      },
    ]);
    // The month view from what is in hand: the approval changed the month's row only (its
    // branches and branch months were read above), so they are not read a second time.
    const org = await orgService.findOrgRow(trx, orgId);
    const approved = { ...month, state: 'approved' as const, approved_by: ctx.user.id, approved_at: at };
    return { rc, org, approved, branches, bms, roles };
  });
  // The view is for those who may read the board (as getMonth asks).
  await requireBoard(ctx, orgId);
  return monthViewOf(
    view.rc,
    orgId,
    view.org?.name ?? '',
    view.approved,
    view.branches,
    view.bms,
    view.roles,
  );
}

/**
 * A month's peer scores read once, for both of the approval's uses: the bare lists scoring needs
 * (per rated branch and indicator, ascending, no rater named) and the sheets as the audit log
 * keeps them (SPEC §7 anonymity, like ballots): how many sheets from how many rater branches for
 * how many rated branches, and a SHA-256 of every score (rated, rater, indicator, score in key
 * order) so that a later change to a stored score shows — never which branch rated which, nor
 * who typed a sheet. The database writes each rated branch's rows as one block of text in
 * (rated, rater, code) order: fed in that order, the digest is the same as one update per score,
 * and its lines are the scores (indicator codes hold no separator: letters, digits, _ . -).
 */
async function peerSheetsOfMonth(trx: DbOrTrx, monthId: number) {
  const digest = createHash('sha256');
  let sheets = 0;
  let scores = 0;
  const raters = new Set<string>();
  const lists = new Map<string, number[]>();
  const blocks = await roundRepo.peerDigestBlocksOfMonth(trx, monthId);
  for (const b of blocks) {
    digest.update(b.block);
    sheets += Number(b.sheets);
    scores += Number(b.scores);
    // A block is one rated branch's lines: each line read in place by its separators (108,000
    // lines at province scale, not split into arrays of strings), its scores gathered by code.
    const text = b.block;
    const byCode = new Map<string, number[]>();
    for (let at = 0; at < text.length; ) {
      const end = text.indexOf('\n', at);
      const lineEnd = end === -1 ? text.length : end;
      const s1 = text.indexOf('\u001f', at);
      const s2 = text.indexOf('\u001f', s1 + 1);
      const s3 = text.indexOf('\u001f', s2 + 1);
      raters.add(text.slice(s1 + 1, s2));
      const code = text.slice(s2 + 1, s3);
      const score = Number(text.slice(s3 + 1, lineEnd));
      const list = byCode.get(code);
      if (list) list.push(score);
      else byCode.set(code, [score]);
      at = lineEnd + 1;
    }
    for (const [code, list] of byCode) lists.set(`${b.rated_branch_id}:${code}`, list);
  }
  // Ascending: the rater order of the block does not travel into the scores.
  for (const list of lists.values()) list.sort((a, b) => a - b);
  return {
    lists,
    record: {
      sheets,
      raterBranches: raters.size,
      ratedBranches: blocks.length,
      scores,
      sha256: digest.digest('hex'),
    },
  };
}

/** The committee publishes an approved month (SPEC §3 step 5): results and rankings become visible to the round. */
export async function publishMonth(
  ctx: Ctx,
  orgId: number,
  monthKey: string,
): Promise<z.infer<typeof monthView>> {
  await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.month.approve', orgId);
    const rc = await roundClock(ctx, trx, monthKey);
    const month = await roundRepo.findMonth(trx, orgId, rc.parts.key);
    const roles = await rolesAtOrg(trx, ctx.user, orgId);
    const step = nextMonthState(month?.state ?? 'open', 'publish', roles, {
      today: rc.today,
      deadlines: rc.deadlines,
      branches: [],
    });
    if (!step.ok) throw issueError(step.error);
    if (!month) throw new AppError('invalid_transition');
    const at = nowIso(ctx.clock);
    const moved = await roundRepo.updateMonth(trx, month.id, ['approved'], {
      state: 'published',
      published_by: ctx.user.id,
      published_at: at,
      published_on: rc.today,
    });
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError('stale_record', { monthId: month.id });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.month.publish',
        entityType: 'be_month',
        entityId: month.id,
        orgId,
        before: { month: rc.parts.key, state: month.state },
        after: { month: rc.parts.key, state: 'published', publishedOn: rc.today },
      },
    ]);
  });
  return getMonth(ctx, orgId, monthKey);
}
