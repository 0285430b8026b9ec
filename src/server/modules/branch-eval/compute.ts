import type { DbOrTrx } from '../../../db/kysely.js';
import {
  errorsOf,
  type IndicatorInputs,
  type MonthFigures,
  type MonthScore,
  type PlanTemplate,
  type PreviousRank,
  rankByIndicator,
  rankMonth,
  scoreMonth,
  scoreMonthFigures,
} from '../../../domain/branch-eval/index.js';
import { monthKey, previousMonth } from '../../../domain/calendar/index.js';
import { chinaDateOf, issuesError, type MonthParts, parsePlanJson } from './branch-eval.common.js';
import { groupBy, type signalOf, signalsOfMonth } from './evidence.js';
import * as planRepo from './library/plan.repo.js';
import * as resultsRepo from './results/results.repo.js';
import * as roundRepo from './round/round.repo.js';
import * as verificationRepo from './verification/verification.repo.js';

/** The office's figures of one indicator: verified score, done (mandatory), award (innovation). */
export interface VerifiedFigures {
  readonly verified: number | null;
  readonly done: boolean | null;
  readonly innovationAward: number | null;
}

/** One approved correction of an indicator after publication, as its explanation shows it. */
export interface CorrectionTrailEntry {
  readonly correctionId: number;
  /** The figures in force before this correction (the office's verification, or an earlier correction). */
  readonly before: VerifiedFigures;
  readonly after: VerifiedFigures;
  readonly reason: string;
  readonly filedAt: string;
  readonly approvedBy: { readonly id: number; readonly name: string };
  readonly approvedAt: string;
}

/** The figures approved corrections put in force for one indicator, with every correction behind them. */
export interface CorrectedFigures extends VerifiedFigures {
  readonly trail: readonly CorrectionTrailEntry[];
}

/** Corrected figures by branch-month id, then indicator code. */
export type Corrections = ReadonlyMap<number, Readonly<Record<string, CorrectedFigures>>>;

/** What is kept with an approved score so that it explains itself without recomputation. */
export interface StoredExplanation {
  readonly month: MonthScore;
  /** The branch's self-evaluation notes by indicator code. */
  readonly notes: Record<string, string | null>;
  /** The office's reasons by indicator code. */
  readonly reasons: Record<string, string | null>;
  /** Corrections after publication by indicator code (absent in results never corrected). */
  readonly corrections?: Record<string, readonly CorrectionTrailEntry[]>;
  /**
   * Set when the branch had fewer raters than its plan's minimum in a month drawn by seed (SPEC §3:
   * no peer component that month; the peer weight moves to the verified score). Absent otherwise.
   */
  readonly peerWithheld?: { readonly raters: number; readonly required: number };
  /**
   * Projects cited for innovation awards by indicator code, with the points each brought (SPEC §4
   * "Feeds branch evaluation"). Absent when none was cited.
   */
  readonly projects?: Record<string, readonly CitedProject[]>;
}

/** An excellent project cited for an innovation award, as the explanation keeps it. */
export interface CitedProject {
  readonly projectId: number;
  readonly title: string;
  readonly year: number;
  readonly points: number;
  readonly note: string | null;
}

/**
 * What `explanation_json` of a month score holds since the approval became set-based: the inputs
 * the domain scored (per indicator code: self, verified, done, award, the peer scores as bare
 * numbers in ascending order — never in rater order), the notes and reasons that are not empty,
 * and the parts kept whole (corrections, withheld peers, cited projects). The explanation is
 * derived from them under the score's plan version (`explanationOf`): the same `scoreMonth`, the
 * same answer as the full explanation earlier approvals stored, which is still read as it is.
 */
export interface StoredMonthInputs {
  readonly inputs: Record<string, IndicatorInputs>;
  readonly notes?: Record<string, string>;
  readonly reasons?: Record<string, string>;
  readonly corrections?: Record<string, readonly CorrectionTrailEntry[]>;
  readonly peerWithheld?: { readonly raters: number; readonly required: number };
  readonly projects?: Record<string, readonly CitedProject[]>;
}

function present(r: Record<string, string | null>): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(r)) {
    if (v === null) continue;
    out ??= {};
    out[k] = v;
  }
  return out;
}

/** The stored form of an approved score's explanation (see StoredMonthInputs). */
export function storedMonthInputs(
  inputs: Record<string, IndicatorInputs>,
  e: Omit<StoredExplanation, 'month'>,
): string {
  const notes = present(e.notes);
  const reasons = present(e.reasons);
  const stored: StoredMonthInputs = {
    inputs,
    ...(notes ? { notes } : {}),
    ...(reasons ? { reasons } : {}),
    ...(e.corrections ? { corrections: e.corrections } : {}),
    ...(e.peerWithheld ? { peerWithheld: e.peerWithheld } : {}),
    ...(e.projects ? { projects: e.projects } : {}),
  };
  return JSON.stringify(stored);
}

/**
 * A stored month score's explanation: as stored by earlier approvals (a full explanation), or
 * derived from its stored inputs under `plan`, the plan version the score names.
 */
export function explanationOf(json: string, plan: PlanTemplate): StoredExplanation {
  const parsed = JSON.parse(json) as StoredExplanation | StoredMonthInputs;
  if ('month' in parsed) return parsed;
  const result = scoreMonth(plan, parsed.inputs);
  // The inputs scored when they were stored; they score the same way under the same version.
  if (!result.ok) throw new Error('stored month inputs no longer score');
  const notes: Record<string, string | null> = {};
  const reasons: Record<string, string | null> = {};
  for (const i of plan.indicators) {
    notes[i.code] = parsed.notes?.[i.code] ?? null;
    reasons[i.code] = parsed.reasons?.[i.code] ?? null;
  }
  return {
    month: result.month,
    notes,
    reasons,
    ...(parsed.corrections ? { corrections: parsed.corrections } : {}),
    ...(parsed.peerWithheld ? { peerWithheld: parsed.peerWithheld } : {}),
    ...(parsed.projects ? { projects: parsed.projects } : {}),
  };
}

/** The explanation of one stored month score, under the plan version it names. */
export async function explanationOfRow(
  db: DbOrTrx,
  row: { readonly explanation_json: string; readonly plan_version_id: number },
): Promise<StoredExplanation> {
  const version = await planRepo.findVersion(db, row.plan_version_id);
  if (!version) throw new Error(`plan version ${row.plan_version_id} missing`);
  return explanationOf(row.explanation_json, parsePlanJson(version.plan_json));
}

/** Explanations of stored month scores, each under its own plan version (read once per version). */
export async function explanationsOf<
  R extends { readonly explanation_json: string; readonly plan_version_id: number },
>(db: DbOrTrx, rows: readonly R[]): Promise<Map<R, StoredExplanation>> {
  const versions = await planRepo.versionsByIds(db, [...new Set(rows.map((r) => r.plan_version_id))]);
  const plans = new Map(versions.map((v) => [v.id, parsePlanJson(v.plan_json)]));
  const out = new Map<R, StoredExplanation>();
  for (const r of rows) {
    const plan = plans.get(r.plan_version_id);
    if (!plan) throw new Error(`plan version ${r.plan_version_id} missing`);
    out.set(r, explanationOf(r.explanation_json, plan));
  }
  return out;
}

/** scoreMonth's figures, or its issues thrown as `verification_incomplete`. */
function figuresOf(plan: PlanTemplate, inputs: Record<string, IndicatorInputs>): MonthFigures {
  const result = scoreMonth(plan, inputs);
  if (!result.ok) throw issuesError(errorsOf(result.issues), 'verification_incomplete');
  const m = result.month;
  return {
    total: m.total,
    byCategory: m.byCategory,
    scores: m.indicators.map((i) => i.score),
    mandatoryMissed: m.mandatoryMissed,
  };
}

/**
 * A month's peer scores as bare numbers by `rated:code`, for the rated branches given: as the
 * database lists them (ascending, see peerScoreListsOfMonth), sorted again here so that no list
 * can keep a rater order.
 */
async function peerListsOfMonth(
  db: DbOrTrx,
  monthId: number,
  ratedIds: ReadonlySet<number>,
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const p of await roundRepo.peerScoreListsOfMonth(db, monthId)) {
    if (!ratedIds.has(p.rated_branch_id)) continue;
    out.set(
      `${p.rated_branch_id}:${p.code}`,
      p.scores
        .split(',')
        .map(Number)
        .sort((a, b) => a - b),
    );
  }
  return out;
}

/**
 * Scores every branch of an approved month and ranks them (SPEC §3 "Indicator score", "Rankings
 * … with change against last month"): each branch against the plan version its month was opened
 * with; peer scores enter as bare numbers (no rater reaches the stored explanation); movement
 * against the previous month of the same round when that month was approved. Throws
 * `verification_incomplete` with every problem if a branch's inputs do not score. `corrections`
 * (a new result version after publication) replace the office's figures they name and are kept
 * in the explanation beside the original verification. Ranks by total come ranked; every
 * indicator's score comes with the previous approved month's id (or null), for the database to
 * rank by indicator as it writes them (`insertIndicatorRanksRanked`), or for
 * `computeMonthResultsWithRanks` to rank here.
 */
export async function computeMonthResults(
  db: DbOrTrx,
  month: roundRepo.MonthRow,
  parts: MonthParts,
  bms: readonly roundRepo.BranchMonthRow[],
  at: string,
  corrections: Corrections = new Map(),
  /** The month's peer scores by `rated:code`, ascending, when the caller has read them (else read here). */
  peerLists?: ReadonlyMap<string, readonly number[]>,
) {
  // Read by month in a few statements (not by lists of ids), then kept to the branch months given
  // (a correction rescores the branches that have results).
  const bmIds = new Set(bms.map((b) => b.id));
  const branchIds = new Set(bms.map((b) => b.branch_id));
  // Each branch's month has its own plan version, but most versions hold the same plan (the
  // template's): each distinct text is read and parsed once, not 6,000 times.
  const plans = new Map<number, PlanTemplate>();
  for (const t of await planRepo.planTextsOfMonth(db, month.id)) {
    const plan = parsePlanJson(t.plan_json);
    for (const id of t.ids.split(',')) plans.set(Number(id), plan);
  }
  // Self scores and verifications together: one row per indicator of each branch month.
  const sheetRows = await roundRepo.sheetRowsOfMonth(db, month.id);
  const citedOf = groupBy(await verificationRepo.citationsOfMonth(db, month.id), (c) => c.branch_month_id);
  const evidenceAt = groupBy(await roundRepo.evidenceTimesOfMonth(db, month.id), (e) => e.branch_month_id);
  const signalOfDates = signalsOfMonth(parts);

  const computed: {
    bm: roundRepo.BranchMonthRow;
    plan: PlanTemplate;
    score: MonthFigures;
    /** The stored form: the inputs scored and the parts kept whole (see StoredMonthInputs). */
    stored: string;
    signal: ReturnType<typeof signalOf>;
  }[] = [];
  // Indexed once: a round can have thousands of branches, each with a score per indicator.
  const sheetOf = new Map<number, Map<string, roundRepo.SheetRow>>();
  for (const r of sheetRows) {
    if (!bmIds.has(r.branch_month_id)) continue;
    const m = sheetOf.get(r.branch_month_id);
    if (m) m.set(r.code, r);
    else sheetOf.set(r.branch_month_id, new Map([[r.code, r]]));
  }
  // Bare numbers per rated branch and indicator, ascending: as the approval read them with the
  // sheets' digest, or as the database lists them.
  const peersOf = peerLists ?? (await peerListsOfMonth(db, month.id, branchIds));
  // Months drawn by seed apply SPEC §3's minimum: fewer raters than the plan's minimum means no
  // peer component (with 2 raters the rated would know who scored it). Earlier months keep their rule.
  const raterCounts = new Map<number, number>();
  if (month.peer_seed !== null) {
    for (const a of await roundRepo.raterCountsOfMonth(db, month.id))
      raterCounts.set(a.rated_branch_id, Number(a.n));
  }
  for (const bm of bms) {
    const plan = plans.get(bm.plan_version_id);
    if (!plan) throw new Error(`plan version ${bm.plan_version_id} missing`);
    const raterCount = raterCounts.get(bm.branch_id) ?? 0;
    const peerWithheld =
      month.peer_seed !== null && raterCount < plan.minPeerRaters
        ? { raters: raterCount, required: plan.minPeerRaters }
        : undefined;
    const mine = sheetOf.get(bm.id);
    const inputs: Record<string, IndicatorInputs> = {};
    const notes: Record<string, string | null> = {};
    const reasons: Record<string, string | null> = {};
    const corrected = corrections.get(bm.id) ?? {};
    const trails: Record<string, readonly CorrectionTrailEntry[]> = {};
    for (const i of plan.indicators) {
      // The self score's columns are null where the office verified an indicator the branch left out.
      const v = mine?.get(i.code);
      const self = v?.score ?? null;
      notes[i.code] = v?.note ?? null;
      reasons[i.code] = v?.reason ?? null;
      const c = Object.hasOwn(corrected, i.code) ? corrected[i.code] : undefined;
      if (c) trails[i.code] = c.trail;
      const verified = c ? c.verified : (v?.verified ?? null);
      const done = c ? c.done : v?.done == null ? null : v.done === 1;
      const innovationAward = c ? c.innovationAward : (v?.innovation_award ?? null);
      switch (i.category) {
        case 'mandatory':
          inputs[i.code] = { self, verified, done };
          break;
        case 'basic':
          inputs[i.code] = { self, verified };
          break;
        case 'evaluative':
          // Bare numbers in ascending order: the rater branch does not travel past this line, and
          // the stored inputs keep no rater order.
          inputs[i.code] = {
            self,
            verified,
            peers: peerWithheld ? [] : (peersOf.get(`${bm.branch_id}:${i.code}`) ?? []),
          };
          break;
        case 'innovation':
          inputs[i.code] = { self, innovationAward };
          break;
      }
    }
    const projects: Record<string, CitedProject[]> = {};
    for (const c of citedOf.get(bm.id) ?? []) {
      const list = projects[c.code] ?? [];
      list.push({ projectId: c.project_id, title: c.title, year: c.year, points: c.points, note: c.note });
      projects[c.code] = list;
    }
    // The figures only (the explanation is derived from the stored inputs when it is asked for);
    // inputs that do not score are refused with scoreMonth's own issues.
    const figures = scoreMonthFigures(plan, inputs) ?? figuresOf(plan, inputs);
    computed.push({
      bm,
      plan,
      score: figures,
      stored: storedMonthInputs(inputs, {
        notes,
        reasons,
        ...(Object.keys(trails).length > 0 ? { corrections: trails } : {}),
        ...(peerWithheld ? { peerWithheld } : {}),
        ...(Object.keys(projects).length > 0 ? { projects } : {}),
      }),
      signal: signalOfDates((evidenceAt.get(bm.id) ?? []).map((e) => chinaDateOf(e.at))),
    });
  }

  const prevMonth = await roundRepo.findMonth(
    db,
    month.org_id,
    monthKey(previousMonth(parts).year, previousMonth(parts).month),
  );
  const prevApproved = prevMonth && (prevMonth.state === 'approved' || prevMonth.state === 'published');
  const prevTotals: PreviousRank[] = prevApproved
    ? (await resultsRepo.monthRanks(db, prevMonth.id)).map((s) => ({ branchId: s.branch_id, rank: s.rank }))
    : [];
  const ranked = rankMonth(
    computed.map((c) => ({ branchId: c.bm.branch_id, total: c.score.total })),
    prevTotals,
  );

  const rankOf = new Map(ranked.map((r) => [r.branchId, r]));
  const scores: resultsRepo.MonthScoreInsert[] = computed.map((c) => {
    const r = rankOf.get(c.bm.branch_id);
    if (!r) throw new Error('unranked branch');
    return {
      month_id: month.id,
      branch_id: c.bm.branch_id,
      plan_version_id: c.bm.plan_version_id,
      total: c.score.total,
      mandatory: c.score.byCategory.mandatory,
      basic: c.score.byCategory.basic,
      evaluative: c.score.byCategory.evaluative,
      innovation: c.score.byCategory.innovation,
      mandatory_missed: c.score.mandatoryMissed ? 1 : 0,
      rank: r.rank,
      prev_rank: r.previousRank,
      movement: r.movement,
      evidence_total: c.signal.total,
      evidence_late: c.signal.late,
      signal_tenths: c.signal.percentTenths,
      explanation_json: c.stored,
      computed_at: at,
    };
  });
  // Every indicator's rounded score, each indicator ranked in order of first appearance (as
  // rankByIndicator orders its rankings).
  const ordOf = new Map<string, number>();
  const indicatorScores: resultsRepo.IndicatorScoreRow[] = [];
  for (const c of computed) {
    c.plan.indicators.forEach((i, k) => {
      let ord = ordOf.get(i.code);
      if (ord === undefined) {
        ord = ordOf.size;
        ordOf.set(i.code, ord);
      }
      indicatorScores.push({ branchId: c.bm.branch_id, code: i.code, score: c.score.scores[k] ?? 0, ord });
    });
  }
  return { scores, indicatorScores, prevMonthId: prevApproved ? prevMonth.id : null };
}

/**
 * computeMonthResults with the rankings by indicator computed here by the domain (rankByIndicator
 * against last month's stored ranks), for a correction that compares them with the stored ones.
 * The approval has the database rank them as it writes them (insertIndicatorRanksRanked): the
 * same ranks, previous ranks and movement.
 */
export async function computeMonthResultsWithRanks(
  db: DbOrTrx,
  month: roundRepo.MonthRow,
  parts: MonthParts,
  bms: readonly roundRepo.BranchMonthRow[],
  at: string,
  corrections: Corrections = new Map(),
) {
  const { scores, indicatorScores, prevMonthId } = await computeMonthResults(
    db,
    month,
    parts,
    bms,
    at,
    corrections,
  );
  const prevByCode: Record<string, PreviousRank[]> = {};
  if (prevMonthId !== null) {
    for (const r of await resultsRepo.indicatorRanksOnly(db, prevMonthId)) {
      const list = prevByCode[r.code] ?? [];
      list.push({ branchId: r.branch_id, rank: r.rank });
      prevByCode[r.code] = list;
    }
  }
  const byBranch = new Map<number, { code: string; score: number }[]>();
  for (const r of indicatorScores) {
    const list = byBranch.get(r.branchId);
    if (list) list.push({ code: r.code, score: r.score });
    else byBranch.set(r.branchId, [{ code: r.code, score: r.score }]);
  }
  const byIndicator = rankByIndicator(
    [...byBranch].map(([branchId, indicators]) => ({ branchId, indicators })),
    prevByCode,
  );
  const indicatorRanks = byIndicator.flatMap((ir) =>
    ir.rows.map((r) => ({
      month_id: month.id,
      code: ir.code,
      branch_id: r.branchId,
      score: r.score,
      rank: r.rank,
      prev_rank: r.previousRank,
      movement: r.movement,
    })),
  );
  return { scores, indicatorRanks };
}
