/**
 * Corrections after publication (更正) of the joint evaluation. SPEC §7: "Approved records are
 * corrected by new records, never edited in place; every change is in the audit log" and "every
 * published number can be traced to the entries … and rule version that produced it".
 *
 * The office files a correction of verified scores (and innovation awards, and whether a
 * mandatory item was done) against a published branch-month, with a reason and optionally
 * evidence; the office's verification stays as it was. The committee approves or rejects it. An
 * approval computes a new result version of the whole month in one transaction — every branch's
 * total and rank (ranks depend on each other), the indicator rankings, and the movement of the
 * following month when that month already has results — and keeps every earlier version
 * readable. Peer scores are never corrected here: they belong to anonymous raters.
 */
import type { z } from 'zod';
import type {
  CorrectionView,
  correctionCreateBody,
  correctionListQuery,
  resultVersionRankingResponse,
  resultVersionsResponse,
} from '../../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../../db/kysely.js';
import type { Role } from '../../../../domain/access/roles.js';
import {
  actionsFrom,
  applyTransition,
  errorsOf,
  type Indicator,
  issue,
  movement,
  step,
  type Transition,
  type VerificationEntry,
  validateVerification,
} from '../../../../domain/branch-eval/index.js';
import { monthKey, nextMonth } from '../../../../domain/calendar/index.js';
import { type AuditInput, appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { paginate } from '../../../lib/pagination.js';
import { authorize, can, rolesAtOrg } from '../../../lib/permissions.js';
import { flag, issueError, issuesError, monthParts, parsePlanJson } from '../branch-eval.common.js';
import {
  type CorrectedFigures,
  type Corrections,
  type CorrectionTrailEntry,
  computeMonthResultsWithRanks,
  explanationOf,
  explanationOfRow,
  type StoredExplanation,
  type VerifiedFigures,
} from '../compute.js';
import { checkEvidence, groupBy } from '../evidence.js';
import * as planRepo from '../library/plan.repo.js';
import * as roundRepo from '../round/round.repo.js';
import * as resultsRepo from './results.repo.js';
import { readableMonth } from './results.service.js';

// ── the correction's state machine ────────────────────────────────────────────────────────

export type CorrectionState = resultsRepo.CorrectionRow['state'];
export type CorrectionAction = 'approve' | 'reject';

/**
 * A correction waits for the committee, which approves it or rejects it with a reason (STYLE:
 * one state machine per entity with the role allowed for each step; the UI shows its buttons
 * from the `actions` the server derives from this table).
 */
export const correctionTransitions: readonly Transition<CorrectionState, CorrectionAction>[] = [
  step('pending', 'approve', 'approved', ['committee']),
  step('pending', 'reject', 'rejected', ['committee'], { reasonRequired: true }),
];

const stateLabels: Record<CorrectionState, { zh: string; en: string }> = {
  pending: { zh: '待审定', en: 'pending' },
  approved: { zh: '已通过', en: 'approved' },
  rejected: { zh: '已驳回', en: 'rejected' },
};

// ── figures in force ──────────────────────────────────────────────────────────────────────

const sameFigures = (a: VerifiedFigures, b: VerifiedFigures) =>
  a.verified === b.verified && a.done === b.done && a.innovationAward === b.innovationAward;

/** The office's figures each indicator was scored with in the results in force (after earlier corrections). */
function figuresInForce(stored: StoredExplanation): Map<string, VerifiedFigures & { self: number | null }> {
  return new Map(
    stored.month.indicators.map((i) => [
      i.code,
      {
        verified: i.parts.verified,
        done: i.parts.done,
        innovationAward: i.parts.innovationAward,
        self: i.parts.self,
      },
    ]),
  );
}

const fromFlag = (f: 0 | 1 | null): boolean | null => (f === null ? null : f === 1);

/**
 * The figures approved corrections put in force for a branch's month, by indicator code, with how
 * many corrections and when the last was approved (read from the stored explanation in force).
 * Empty when the month was never corrected.
 */
export async function correctedFiguresOf(
  db: DbOrTrx,
  monthId: number,
  branchId: number,
): Promise<Record<string, VerifiedFigures & { readonly count: number; readonly correctedAt: string }>> {
  const row = await resultsRepo.monthScoreOf(db, monthId, branchId);
  if (!row || row.correction_count === 0) return {};
  // The corrections are kept whole in both stored forms (see StoredMonthInputs): no plan needed.
  const stored = JSON.parse(row.explanation_json) as Pick<StoredExplanation, 'corrections'>;
  const out: Record<string, VerifiedFigures & { count: number; correctedAt: string }> = {};
  for (const [code, trail] of Object.entries(stored.corrections ?? {})) {
    const last = trail[trail.length - 1];
    if (last) out[code] = { ...last.after, count: trail.length, correctedAt: last.approvedAt };
  }
  return out;
}

/**
 * Every approved correction of a month, in the order they were approved (their result versions),
 * as the figures they put in force per branch-month and indicator with the trail behind them.
 */
async function approvedCorrections(db: DbOrTrx, monthId: number): Promise<Corrections> {
  const approved = (await resultsRepo.correctionsOfMonth(db, monthId, 'approved')).sort(
    (a, b) => (a.result_version ?? 0) - (b.result_version ?? 0) || a.id - b.id,
  );
  const items = groupBy(
    await resultsRepo.correctionItemsOf(
      db,
      approved.map((c) => c.id),
    ),
    (i) => i.correction_id,
  );
  const out = new Map<number, Record<string, CorrectedFigures>>();
  for (const c of approved) {
    const mine = out.get(c.branch_month_id) ?? {};
    for (const i of items.get(c.id) ?? []) {
      const entry: CorrectionTrailEntry = {
        correctionId: c.id,
        before: {
          verified: i.before_verified,
          done: fromFlag(i.before_done),
          innovationAward: i.before_innovation_award,
        },
        after: { verified: i.verified, done: fromFlag(i.done), innovationAward: i.innovation_award },
        reason: c.reason,
        filedAt: c.filed_at,
        approvedBy: { id: c.decided_by ?? 0, name: c.decided_by_name ?? '' },
        approvedAt: c.decided_at ?? '',
      };
      const prev = Object.hasOwn(mine, i.code) ? mine[i.code] : undefined;
      mine[i.code] = { ...entry.after, trail: [...(prev?.trail ?? []), entry] };
    }
    out.set(c.branch_month_id, mine);
  }
  return out;
}

// ── views ─────────────────────────────────────────────────────────────────────────────────

/** Corrections as the API shows them, with the indicator names of each branch's plan version. */
async function viewsOf(ctx: Ctx, rows: readonly resultsRepo.CorrectionFullRow[]): Promise<CorrectionView[]> {
  if (rows.length === 0) return [];
  const db = ctx.db;
  const items = groupBy(
    await resultsRepo.correctionItemsOf(
      db,
      rows.map((r) => r.id),
    ),
    (i) => i.correction_id,
  );
  const files = groupBy(
    await resultsRepo.correctionFilesOf(
      db,
      rows.map((r) => r.id),
    ),
    (f) => f.entity_id,
  );
  const bms = new Map<number, number>();
  for (const r of rows) {
    const bm = await roundRepo.findBranchMonth(db, r.month_id, r.branch_id);
    if (bm) bms.set(r.id, bm.plan_version_id);
  }
  const versions = new Map(
    (await planRepo.versionsByIds(db, [...new Set(bms.values())])).map((v) => [
      v.id,
      parsePlanJson(v.plan_json).indicators,
    ]),
  );
  const rolesByOrg = new Map<number, Role[]>();
  const out: CorrectionView[] = [];
  for (const r of rows) {
    let roles = rolesByOrg.get(r.org_id);
    if (!roles) {
      roles = (await can(db, ctx.user, 'branch_eval.month.approve', r.org_id))
        ? await rolesAtOrg(db, ctx.user, r.org_id)
        : [];
      rolesByOrg.set(r.org_id, roles);
    }
    const indicators: readonly Indicator[] = versions.get(bms.get(r.id) ?? 0) ?? [];
    out.push({
      id: r.id,
      orgId: r.org_id,
      month: r.month,
      branchId: r.branch_id,
      branchCode: r.branch_code,
      branchName: r.branch_name,
      state: r.state,
      reason: r.reason,
      items: (items.get(r.id) ?? []).map((i) => {
        const ind = indicators.find((x) => x.code === i.code);
        return {
          code: i.code,
          name: ind?.name ?? i.code,
          category: ind?.category ?? 'basic',
          maxPoints: ind?.maxPoints ?? 0,
          before: {
            verified: i.before_verified,
            done: fromFlag(i.before_done),
            innovationAward: i.before_innovation_award,
          },
          after: { verified: i.verified, done: fromFlag(i.done), innovationAward: i.innovation_award },
        };
      }),
      files: (files.get(r.id) ?? []).map((f) => ({
        id: f.id,
        name: f.original_name,
        mime: f.mime,
        uploadedAt: f.uploaded_at,
      })),
      filedBy: { id: r.filed_by, name: r.filed_by_name },
      filedAt: r.filed_at,
      decidedBy: r.decided_by === null ? null : { id: r.decided_by, name: r.decided_by_name ?? '' },
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
      resultVersion: r.result_version,
      actions: actionsFrom(correctionTransitions, r.state, roles).map((t) => t.action),
    });
  }
  return out;
}

/**
 * One correction: readable by those who read the round's results (the office, the committee,
 * party affairs, admins). A branch's own users see an approved correction in the explanation.
 */
export async function getCorrection(ctx: Ctx, id: number): Promise<CorrectionView> {
  const row = await resultsRepo.findCorrection(ctx.db, id);
  if (!row) throw new AppError('not_found', { entity: 'be_correction', id });
  await authorize(ctx.db, ctx.user, 'branch_eval.results.read', row.branch_id);
  const [view] = await viewsOf(ctx, [row]);
  if (!view) throw new AppError('internal');
  return view;
}

/** The corrections of a round, newest first, by month, state and branch (the committee's pending list). */
export async function listCorrections(ctx: Ctx, query: z.infer<typeof correctionListQuery>) {
  await authorize(ctx.db, ctx.user, 'branch_eval.results.read', query.orgId);
  const filter: resultsRepo.CorrectionFilter = {
    orgId: query.orgId,
    month: query.month === undefined ? undefined : monthParts(query.month).key,
    state: query.state,
    branchId: query.branchId,
  };
  return paginate(
    query.page,
    query.pageSize,
    () => resultsRepo.countCorrections(ctx.db, filter),
    async (limit, offset) => viewsOf(ctx, await resultsRepo.listCorrections(ctx.db, filter, limit, offset)),
  );
}

// ── filing ────────────────────────────────────────────────────────────────────────────────

/** The published month of a branch with its results in force, or a clear refusal. */
async function publishedBranchMonth(db: DbOrTrx, branchId: number, key: string) {
  const parts = monthParts(key);
  const plan = await planRepo.findPlanOfBranch(db, branchId, parts.quarterKey);
  const month = plan ? await roundRepo.findMonth(db, plan.org_id, parts.key) : undefined;
  const row = month ? await resultsRepo.monthScoreOf(db, month.id, branchId) : undefined;
  const bm = month ? await roundRepo.findBranchMonth(db, month.id, branchId) : undefined;
  if (!plan || (month?.state === 'published' && (!row || !bm))) {
    throw new AppError(
      'not_found',
      { entity: 'branch month', branchId, month: parts.key },
      {
        zh: `该支部不在 ${parts.key} 联评联考的结果范围内`,
        en: `The branch has no result in the ${parts.key} joint evaluation`,
      },
    );
  }
  if (month?.state !== 'published' || !row || !bm) {
    throw new AppError(
      'results_not_available',
      { month: parts.key, state: month?.state ?? 'open' },
      {
        zh: `${parts.key} 的结果尚未发布；发布前的修改请在验证中进行，发布后才能提出更正`,
        en: `The results of ${parts.key} are not published; before publication change the verification, corrections are for published months`,
      },
    );
  }
  return { parts, month, row, bm };
}

/**
 * The office files a correction against a published branch-month (SPEC §7): one or more
 * indicators with the corrected verified score (for mandatory items also whether done; for
 * innovation the award), a reason, optionally evidence. Refused with nothing written: a month
 * not published, a branch without a result that month, a score out of range or an input the
 * indicator does not take, figures equal to those in force, an indicator already in a pending
 * correction, or a user who is not the branch's joint-evaluation office.
 */
export async function fileCorrection(
  ctx: Ctx,
  input: z.infer<typeof correctionCreateBody>,
): Promise<CorrectionView> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.verify', input.branchId);
    const { parts, month, row, bm } = await publishedBranchMonth(trx, input.branchId, input.month);
    const version = await planRepo.findVersion(trx, row.plan_version_id);
    if (!version) throw new AppError('internal');
    const plan = parsePlanJson(version.plan_json);
    const inForce = figuresInForce(explanationOf(row.explanation_json, plan));

    const codes = input.items.map((i) => i.code);
    const dup = codes.find((c, n) => codes.indexOf(c) !== n);
    if (dup !== undefined) {
      throw new AppError(
        'validation_failed',
        { field: 'items', code: dup },
        { zh: `指标 ${dup} 重复填写`, en: `Indicator ${dup} is listed twice` },
      );
    }
    const unknown = codes.filter((c) => !plan.indicators.some((i) => i.code === c));
    if (unknown.length > 0) {
      throw issuesError(unknown.map((code) => issue('unknown_indicator', { code }, { indicator: code })));
    }
    const items = input.items.map((i) => {
      const before = inForce.get(i.code) ?? { verified: null, done: null, innovationAward: null, self: null };
      const after: VerifiedFigures = {
        verified: i.verified === undefined ? before.verified : i.verified,
        done: i.done === undefined ? before.done : i.done,
        innovationAward: i.innovationAward === undefined ? before.innovationAward : i.innovationAward,
      };
      return { code: i.code, before, after };
    });
    // The domain's verification rules (range, inputs each category takes, done ⇒ verified), with
    // the correction's reason standing for the office's reason.
    const sheet: Record<string, VerificationEntry> = {};
    for (const i of items) sheet[i.code] = { self: i.before.self, ...i.after, reason: input.reason };
    const problems = errorsOf(validateVerification(plan, sheet)).filter(
      (p) => p.indicator !== null && codes.includes(p.indicator),
    );
    if (problems.length > 0) throw issuesError(problems);
    if (items.every((i) => sameFigures(i.before, i.after))) {
      throw new AppError(
        'validation_failed',
        { field: 'items' },
        {
          zh: '更正后的分数与现行结果相同，无需更正',
          en: 'The corrected figures equal those in force; there is nothing to correct',
        },
      );
    }
    const pending = await resultsRepo.correctionsOfMonth(trx, month.id, 'pending');
    const pendingCodes = new Set(
      (
        await resultsRepo.correctionItemsOf(
          trx,
          pending.filter((c) => c.branch_id === input.branchId).map((c) => c.id),
        )
      ).map((i) => i.code),
    );
    const clash = codes.filter((c) => pendingCodes.has(c));
    if (clash.length > 0) {
      throw new AppError(
        'conflict',
        { codes: clash },
        {
          zh: `指标 ${clash.join('、')} 已有待审定的更正，请等待党委处理后再提交`,
          en: `Indicator ${clash.join(', ')} already has a correction waiting for the committee`,
        },
      );
    }
    const fileIds = [...new Set(input.fileIds ?? [])];
    await checkEvidence(ctx, trx, input.branchId, { files: fileIds, activities: [], entries: [] });

    const at = nowIso(ctx.clock);
    const id = await resultsRepo.insertCorrection(trx, {
      month_id: month.id,
      branch_id: input.branchId,
      branch_month_id: bm.id,
      state: 'pending',
      reason: input.reason,
      filed_by: ctx.user.id,
      filed_at: at,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      result_version: null,
    });
    const nullableFlag = (b: boolean | null) => (b === null ? null : flag(b));
    await resultsRepo.insertCorrectionItems(
      trx,
      items.map((i) => ({
        correction_id: id,
        code: i.code,
        before_verified: i.before.verified,
        before_done: nullableFlag(i.before.done),
        before_innovation_award: i.before.innovationAward,
        verified: i.after.verified,
        done: nullableFlag(i.after.done),
        innovation_award: i.after.innovationAward,
      })),
    );
    await resultsRepo.linkCorrectionFiles(trx, id, fileIds, ctx.user.id, at);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.correction.file',
        entityType: 'be_correction',
        entityId: id,
        orgId: input.branchId,
        after: {
          month: parts.key,
          branchId: input.branchId,
          state: 'pending',
          reason: input.reason,
          items: items.map((i) => ({
            code: i.code,
            before: {
              verified: i.before.verified,
              done: i.before.done,
              innovationAward: i.before.innovationAward,
            },
            after: i.after,
          })),
          fileIds,
        },
      },
    ]);
    return id;
  });
  return getCorrection(ctx, id);
}

// ── the committee's decision ──────────────────────────────────────────────────────────────

/** A pending correction the user may decide (the state machine's role and reason rules). */
async function decidable(
  ctx: Ctx,
  trx: DbOrTrx,
  id: number,
  action: CorrectionAction,
  reason: string | null,
): Promise<resultsRepo.CorrectionFullRow> {
  const c = await resultsRepo.findCorrection(trx, id);
  if (!c) throw new AppError('not_found', { entity: 'be_correction', id });
  await authorize(trx, ctx.user, 'branch_eval.month.approve', c.org_id);
  if (c.state !== 'pending') {
    const s = stateLabels[c.state];
    throw new AppError(
      'invalid_transition',
      { state: c.state, action },
      {
        zh: `该更正已处理（${s.zh}），不能再次审定`,
        en: `This correction has already been decided (${s.en}); it cannot be decided again`,
      },
    );
  }
  const stepped = applyTransition(
    correctionTransitions,
    c.state,
    action,
    await rolesAtOrg(trx, ctx.user, c.org_id),
    reason,
  );
  if (!stepped.ok) throw issueError(stepped.error);
  return c;
}

type ResultRows = Awaited<ReturnType<typeof computeMonthResultsWithRanks>>;

/** Keeps a month's results in force as their version before they are first replaced. */
async function keepFirstVersion(trx: DbOrTrx, month: roundRepo.MonthRow): Promise<void> {
  if ((await resultsRepo.resultVersionsOf(trx, month.id)).length > 0) return;
  await resultsRepo.insertResultVersion(trx, {
    month_id: month.id,
    version: month.result_version,
    cause: 'approval',
    correction_id: null,
    created_by: month.approved_by,
    created_at: month.approved_at ?? month.created_at,
  });
  await resultsRepo.snapshotResults(trx, month.id, month.result_version);
}

/**
 * The following month was ranked against the corrected one: its previous ranks and movement (by
 * total and by indicator) follow the new ranks, as a new result version of that month. Nothing
 * is written when no movement changes. Returns that month's new version, or null.
 */
async function followMovement(
  ctx: Ctx,
  trx: DbOrTrx,
  month: roundRepo.MonthRow,
  results: ResultRows,
  correctionId: number,
  at: string,
): Promise<{ month: roundRepo.MonthRow; version: number; changed: number } | null> {
  const p = monthParts(month.month);
  const n = nextMonth(p);
  const next = await roundRepo.findMonth(trx, month.org_id, monthKey(n.year, n.month));
  if (!next || (next.state !== 'approved' && next.state !== 'published')) return null;
  const rankOf = new Map(results.scores.map((s) => [s.branch_id, s.rank]));
  const indicatorRankOf = new Map(results.indicatorRanks.map((r) => [`${r.code}:${r.branch_id}`, r.rank]));
  const scores = (await resultsRepo.monthScores(trx, next.id)).flatMap((s) => {
    const prev = rankOf.get(s.branch_id) ?? null;
    const mv = movement(prev, s.rank);
    return prev === s.prev_rank && mv === s.movement ? [] : [{ s, prev, mv }];
  });
  const ranks = (await resultsRepo.indicatorRanksOf(trx, next.id)).flatMap((r) => {
    const prev = indicatorRankOf.get(`${r.code}:${r.branch_id}`) ?? null;
    const mv = movement(prev, r.rank);
    return prev === r.prev_rank && mv === r.movement ? [] : [{ r, prev, mv }];
  });
  if (scores.length === 0 && ranks.length === 0) return null;
  await keepFirstVersion(trx, next);
  if (!(await resultsRepo.bumpResultVersion(trx, next.id, next.result_version, {}))) {
    throw new AppError('stale_record', { monthId: next.id });
  }
  for (const { s, prev, mv } of scores)
    await resultsRepo.setScoreMovement(trx, next.id, s.branch_id, prev, mv);
  for (const { r, prev, mv } of ranks) {
    await resultsRepo.setIndicatorMovement(trx, next.id, r.code, r.branch_id, prev, mv);
  }
  const version = next.result_version + 1;
  await resultsRepo.insertResultVersion(trx, {
    month_id: next.id,
    version,
    cause: 'movement',
    correction_id: correctionId,
    created_by: ctx.user.id,
    created_at: at,
  });
  await resultsRepo.snapshotResults(trx, next.id, version);
  return { month: next, version, changed: scores.length + ranks.length };
}

/**
 * The committee approves a correction (SPEC §7): in one transaction the correction is approved,
 * the month's results are computed again for every branch of the round with all approved
 * corrections in force, kept as the month's next result version (the version before stays
 * readable), and put in force for every board, export and the benchmarking API; the following
 * month's movement follows when it already has results. Approving a decided correction, or two
 * approvals of the same month at once, is refused and changes nothing.
 */
export async function approveCorrection(
  ctx: Ctx,
  id: number,
  note: string | undefined,
): Promise<CorrectionView> {
  await ctx.db.transaction().execute(async (trx) => {
    const c = await decidable(ctx, trx, id, 'approve', null);
    const month = await roundRepo.findMonthById(trx, c.month_id);
    if (month?.state !== 'published') throw new AppError('results_not_available', { month: c.month });
    const at = nowIso(ctx.clock);
    const version = month.result_version;
    // First write of the transaction: on PostgreSQL it locks the month, so a concurrent approval
    // waits here and then finds the version moved on.
    if (
      !(await resultsRepo.bumpResultVersion(trx, month.id, version, {
        corrected_at: at,
        correction_count: month.correction_count + 1,
      }))
    ) {
      throw new AppError('stale_record', { monthId: month.id });
    }
    const current = await resultsRepo.monthScores(trx, month.id);
    const mine = current.find((s) => s.branch_id === c.branch_id);
    if (!mine) throw new AppError('internal');
    // The figures the correction was filed against must still be in force.
    const inForce = figuresInForce(await explanationOfRow(trx, mine));
    const items = await resultsRepo.correctionItemsOf(trx, [id]);
    const moved = items.filter((i) => {
      const f = inForce.get(i.code);
      return (
        !f ||
        !sameFigures(f, {
          verified: i.before_verified,
          done: fromFlag(i.before_done),
          innovationAward: i.before_innovation_award,
        })
      );
    });
    if (moved.length > 0) {
      throw new AppError(
        'stale_record',
        { codes: moved.map((i) => i.code) },
        {
          zh: `指标 ${moved.map((i) => i.code).join('、')} 的分数在提交更正后已被其他更正改变，请驳回后重新提交`,
          en: `The figures of ${moved.map((i) => i.code).join(', ')} changed after this correction was filed; reject it and file it again`,
        },
      );
    }
    if (
      !(await resultsRepo.decideCorrection(trx, id, {
        state: 'approved',
        decided_by: ctx.user.id,
        decided_at: at,
        decision_note: note?.trim() ? note.trim() : null,
        result_version: version + 1,
      }))
    ) {
      throw new AppError('stale_record', { correctionId: id });
    }

    await keepFirstVersion(trx, month);
    const corrections = await approvedCorrections(trx, month.id);
    const scored = new Set(current.map((s) => s.branch_id));
    const bms = (await roundRepo.branchMonthsOf(trx, month.id)).filter((b) => scored.has(b.branch_id));
    const results = await computeMonthResultsWithRanks(
      trx,
      month,
      monthParts(month.month),
      bms,
      at,
      corrections,
    );
    // The "corrected" mark of each branch: how many approved corrections, the last one's date.
    const approved = await resultsRepo.correctionsOfMonth(trx, month.id, 'approved');
    const marks = new Map<number, { count: number; at: string }>();
    for (const a of approved) {
      const m = marks.get(a.branch_id);
      const when = a.decided_at ?? at;
      marks.set(a.branch_id, { count: (m?.count ?? 0) + 1, at: m && m.at > when ? m.at : when });
    }
    const scores = results.scores.map((s) => {
      const m = marks.get(s.branch_id);
      return { ...s, correction_count: m?.count ?? 0, corrected_at: m?.at ?? null };
    });
    await resultsRepo.replaceResults(trx, month.id, scores, results.indicatorRanks);
    await resultsRepo.insertResultVersion(trx, {
      month_id: month.id,
      version: version + 1,
      cause: 'correction',
      correction_id: id,
      created_by: ctx.user.id,
      created_at: at,
    });
    await resultsRepo.snapshotResults(trx, month.id, version + 1);
    const following = await followMovement(ctx, trx, month, results, id, at);

    const before = new Map(current.map((s) => [s.branch_id, s]));
    const changed = results.scores.flatMap((s) => {
      const b = before.get(s.branch_id);
      return b && b.total === s.total && b.rank === s.rank
        ? []
        : [
            {
              branchId: s.branch_id,
              total: [b?.total ?? null, s.total],
              rank: [b?.rank ?? null, s.rank],
            },
          ];
    });
    const after = results.scores.find((s) => s.branch_id === c.branch_id);
    const audit: AuditInput[] = [
      {
        action: 'branch_eval.correction.approve',
        entityType: 'be_correction',
        entityId: id,
        orgId: c.branch_id,
        before: {
          month: month.month,
          state: 'pending',
          version,
          total: mine.total,
          rank: mine.rank,
          mandatoryMissed: mine.mandatory_missed === 1,
        },
        after: {
          month: month.month,
          state: 'approved',
          version: version + 1,
          note: note?.trim() ? note.trim() : null,
          total: after?.total ?? null,
          rank: after?.rank ?? null,
          mandatoryMissed: after ? after.mandatory_missed === 1 : null,
          items: items.map((i) => ({
            code: i.code,
            verified: i.verified,
            done: i.done,
            innovationAward: i.innovation_award,
          })),
          changed,
        },
      },
    ];
    if (following) {
      audit.push({
        action: 'branch_eval.month.movement_update',
        entityType: 'be_month',
        entityId: following.month.id,
        orgId: month.org_id,
        before: { month: following.month.month, version: following.version - 1 },
        after: {
          month: following.month.month,
          version: following.version,
          cause: { correctionId: id, month: month.month },
          rowsChanged: following.changed,
        },
      });
    }
    await appendAudit(trx, ctx.user, at, audit);
  });
  return getCorrection(ctx, id);
}

/** The committee rejects a correction with a reason; the results in force stay as they are. */
export async function rejectCorrection(ctx: Ctx, id: number, reason: string): Promise<CorrectionView> {
  await ctx.db.transaction().execute(async (trx) => {
    const c = await decidable(ctx, trx, id, 'reject', reason);
    const at = nowIso(ctx.clock);
    if (
      !(await resultsRepo.decideCorrection(trx, id, {
        state: 'rejected',
        decided_by: ctx.user.id,
        decided_at: at,
        decision_note: reason,
      }))
    ) {
      throw new AppError('stale_record', { correctionId: id });
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.correction.reject',
        entityType: 'be_correction',
        entityId: id,
        orgId: c.branch_id,
        before: { month: c.month, state: 'pending' },
        after: { month: c.month, state: 'rejected', reason },
      },
    ]);
  });
  return getCorrection(ctx, id);
}

// ── result versions ───────────────────────────────────────────────────────────────────────

/**
 * Every result version of a month, newest first (SPEC §7 traceability): 1 is the committee's
 * approval; later ones name the correction behind them. Same access as the month's rankings.
 */
export async function listResultVersions(
  ctx: Ctx,
  orgId: number,
  key: string,
): Promise<z.infer<typeof resultVersionsResponse>> {
  const { month } = await readableMonth(ctx, orgId, key);
  const rows = await resultsRepo.resultVersionsOf(ctx.db, month.id);
  const versions =
    rows.length > 0
      ? rows.map((v) => ({
          version: v.version,
          cause: v.cause,
          correctionId: v.correction_id,
          createdAt: v.created_at,
          createdBy: v.created_by === null ? null : { id: v.created_by, name: v.created_by_name ?? '' },
          current: v.version === month.result_version,
        }))
      : [
          {
            version: month.result_version,
            cause: 'approval' as const,
            correctionId: null,
            createdAt: month.approved_at ?? month.created_at,
            createdBy: await approverOf(ctx.db, month.approved_by),
            current: true,
          },
        ];
  return { orgId, month: month.month, current: month.result_version, versions };
}

async function approverOf(db: DbOrTrx, userId: number | null) {
  if (userId === null) return null;
  const u = await resultsRepo.userDisplayName(db, userId);
  return { id: userId, name: u?.display_name ?? '' };
}

const signalOf = (s: { evidence_total: number; evidence_late: number; signal_tenths: number | null }) => ({
  total: s.evidence_total,
  late: s.evidence_late,
  percentTenths: s.signal_tenths,
  percentText:
    s.signal_tenths === null ? null : `${Math.floor(s.signal_tenths / 10)}.${s.signal_tenths % 10}`,
});

/** A kept version's ranking by total, one page, as it was when it was in force. */
export async function resultVersionRanking(
  ctx: Ctx,
  orgId: number,
  key: string,
  version: number,
  page: number,
  pageSize: number,
): Promise<z.infer<typeof resultVersionRankingResponse>> {
  const { month } = await readableMonth(ctx, orgId, key);
  const kept = (await resultsRepo.resultVersionsOf(ctx.db, month.id)).some((v) => v.version === version);
  // A month never corrected keeps its only version in the rows in force.
  const inForceOnly = !kept && version === month.result_version;
  if (!kept && !inForceOnly) {
    throw new AppError(
      'not_found',
      { entity: 'result version', month: month.month, version },
      {
        zh: `${month.month} 没有第 ${version} 版结果`,
        en: `${month.month} has no result version ${version}`,
      },
    );
  }
  const result = await paginate(
    page,
    pageSize,
    () =>
      inForceOnly
        ? resultsRepo.countMonthScores(ctx.db, month.id)
        : resultsRepo.countVersionScores(ctx.db, month.id, version),
    async (limit, offset) =>
      (inForceOnly
        ? await resultsRepo.monthScores(ctx.db, month.id, limit, offset)
        : await resultsRepo.versionScores(ctx.db, month.id, version, limit, offset)
      ).map((s) => ({
        rank: s.rank,
        previousRank: s.prev_rank,
        movement: s.movement,
        branchId: s.branch_id,
        branchCode: s.branch_code,
        branchName: s.branch_name,
        total: s.total,
        byCategory: {
          mandatory: s.mandatory,
          basic: s.basic,
          evaluative: s.evaluative,
          innovation: s.innovation,
        },
        mandatoryMissed: s.mandatory_missed === 1,
        signal: signalOf(s),
      })),
  );
  return { ...result, orgId, month: month.month, version, current: version === month.result_version };
}
