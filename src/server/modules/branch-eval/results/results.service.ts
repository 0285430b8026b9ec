/**
 * Results of the joint evaluation (SPEC §3): rankings by total and by indicator with movement,
 * score explanations, quarter scores, annual grades, the secretaries' meeting report and chart
 * data. Everything here reads the scores kept when the committee approved the month; nothing
 * here names a rater (peer scores appear only as anonymous numbers).
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type {
  categoryChart,
  gradeBoardResponse,
  indicatorRankingResponse,
  monthReport,
  movementChart,
  quarterBoardResponse,
  RankingRow,
  rankingsResponse,
  ScoreExplanation,
} from '../../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../../db/kysely.js';
import { gradeWithRule } from '../../../../domain/branch-eval/grade-rule.js';
import {
  type Category,
  categoryLabels,
  effectiveMonthState,
  formatPoints,
  gradeLabels,
  incompletenessNote,
  type MonthDeadlines,
  type MonthState,
  monthDeadlines,
  type PlanTemplate,
  planPointsByCategory,
  quarterScore,
} from '../../../../domain/branch-eval/index.js';
import { monthKey, monthsOfQuarter, parsePeriodKey } from '../../../../domain/calendar/index.js';
import { appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { workbookToBuffer } from '../../../lib/excel.js';
import { type KeptView, keptView } from '../../../lib/kept-answers.js';
import { type Page, paginate } from '../../../lib/pagination.js';
import { authorize, can, reachesInto } from '../../../lib/permissions.js';
import { loadHolidayCalendar } from '../../calendar/calendar.service.js';
import * as orgService from '../../org/org.service.js';
import { monthParts, parsePlanJson, quarterParts, settingsOf } from '../branch-eval.common.js';
import { explanationOf, explanationsOf } from '../compute.js';
import { groupBy } from '../evidence.js';
import * as planRepo from '../library/plan.repo.js';
import * as roundRepo from '../round/round.repo.js';
import { type RuleInForce, ruleInForce } from './grade-rules.service.js';
import * as resultsRepo from './results.repo.js';

type Indicators = { code: string; name: string; category: Category }[];

const signalOfRow = (s: { evidence_total: number; evidence_late: number; signal_tenths: number | null }) => ({
  total: s.evidence_total,
  late: s.evidence_late,
  percentTenths: s.signal_tenths,
  percentText:
    s.signal_tenths === null ? null : `${Math.floor(s.signal_tenths / 10)}.${s.signal_tenths % 10}`,
});

/** The columns of a stored month score that a ranking row shows (no explanation). */
type ScoreRow = Awaited<ReturnType<typeof resultsRepo.rankingPage>>[number];

/** A stored month score as a ranking row, with the daily-work signal beside it. */
export function rankingRowOf(s: ScoreRow): RankingRow {
  return {
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
    signal: signalOfRow(s),
    correction:
      s.correction_count > 0 && s.corrected_at !== null
        ? { count: s.correction_count, correctedAt: s.corrected_at }
        : null,
  };
}

/** A stored rank by one indicator as a ranking row. */
export function indicatorRankRowOf(r: {
  rank: number;
  prev_rank: number | null;
  movement: number | null;
  branch_id: number;
  branch_code: string;
  branch_name: string;
  score: number;
}) {
  return {
    rank: r.rank,
    previousRank: r.prev_rank,
    movement: r.movement,
    branchId: r.branch_id,
    branchCode: r.branch_code,
    branchName: r.branch_name,
    score: r.score,
  };
}

/** The month's state in force (deadlines from the holiday calendar). */
async function stateOf(
  ctx: Ctx,
  month: roundRepo.MonthRow | undefined,
  key: string,
  reads: MonthReads = freshMonthReads(ctx.db),
): Promise<MonthState> {
  if (!month) return 'open';
  const p = monthParts(key);
  return effectiveMonthState(month.state, todayInChina(ctx.clock), await reads.deadlines(p.year, p.month));
}

/**
 * What deciding whether a month's results are readable reads besides the grants: the org, the
 * month and its deadlines (from the holiday calendar). Read fresh, or kept per data version
 * (`keptMonthReads`): the checks that follow are the same code either way.
 */
interface MonthReads {
  org(id: number): ReturnType<typeof orgService.findOrgRow>;
  month(orgId: number, key: string): ReturnType<typeof roundRepo.findMonth>;
  deadlines(year: number, month: number): Promise<MonthDeadlines>;
}

function freshMonthReads(db: DbOrTrx): MonthReads {
  return {
    org: (id) => orgService.findOrgRow(db, id),
    month: (orgId, key) => roundRepo.findMonth(db, orgId, key),
    deadlines: async (year, month) => monthDeadlines(await loadHolidayCalendar(db), year, month),
  };
}

/**
 * The same reads, each kept under the data versions the request read (`lib/kept-answers.ts`):
 * orgs are `directory`'s, months and the holiday calendar `branch_eval`'s.
 */
function keptMonthReads(db: DbOrTrx, view: KeptView): MonthReads {
  const fresh = freshMonthReads(db);
  return {
    org: (id) => view.fact(`be org ${id}`, () => fresh.org(id)),
    month: (orgId, key) => view.fact(`be month ${orgId} ${key}`, () => fresh.month(orgId, key)),
    deadlines: (year, month) =>
      view.fact(`be deadlines ${year} ${month}`, () => fresh.deadlines(year, month)),
  };
}

/**
 * The month of a round whose results the viewer may read: once published, anyone who sees the
 * round's board (SPEC §1 "members see published boards"); once approved, those who read results
 * of the round's org (the committee, the office, affairs, admins); before that nobody
 * (`results_not_available`).
 */
export async function readableMonth(
  ctx: Ctx,
  orgId: number,
  key: string,
  reads: MonthReads = freshMonthReads(ctx.db),
): Promise<{
  month: roundRepo.MonthRow;
  state: MonthState;
  org: NonNullable<Awaited<ReturnType<typeof orgService.findOrgRow>>>;
}> {
  const org = await reads.org(orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.board.read', orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.board.read', orgId });
  }
  const month = await reads.month(orgId, monthParts(key).key);
  const state = await stateOf(ctx, month, key, reads);
  if (!month || state === 'open' || state === 'verifying')
    throw new AppError('results_not_available', { month: key });
  if (state === 'approved' && !(await can(ctx.db, ctx.user, 'branch_eval.results.read', orgId))) {
    throw new AppError('results_not_available', { month: key });
  }
  return { month, state, org };
}

/**
 * Adds each version's indicators not seen yet, in the order the versions come: a round has a plan
 * version per branch, mostly with the same text, so each distinct text is parsed once.
 */
function collectIndicators(
  out: Indicators,
  versionIds: readonly number[],
  versions: ReadonlyMap<number, { plan_json: string }>,
  parsed: Map<string, PlanTemplate>,
): void {
  const seen = new Set(out.map((o) => o.code));
  for (const id of versionIds) {
    const json = versions.get(id)?.plan_json;
    if (json === undefined) continue;
    let plan = parsed.get(json);
    if (!plan) {
      plan = parsePlanJson(json);
      parsed.set(json, plan);
    }
    for (const i of plan.indicators) {
      if (seen.has(i.code)) continue;
      seen.add(i.code);
      out.push({ code: i.code, name: i.name, category: i.category });
    }
  }
}

/**
 * The indicators ranked in a month, in plan order of first appearance along the ranking by total,
 * with names and categories — without reading every score: branches are walked in ranking order a
 * growing slice at a time, and the walk stops once every code the month ranked (be_indicator_rank
 * holds each branch's plan indicators) has been met — usually in the first slice, since plans are
 * tailored from one template.
 */
export async function rankedIndicatorsOf(db: DbOrTrx, monthId: number): Promise<Indicators> {
  const codes = await resultsRepo.indicatorCodesOfMonth(db, monthId);
  const out: Indicators = [];
  const seenVersions = new Set<number>();
  const parsed = new Map<string, PlanTemplate>();
  for (let offset = 0, size = 8; ; offset += size, size = Math.min(size * 4, 2048)) {
    const slice = await resultsRepo.planVersionsInRankOrder(db, monthId, size, offset);
    const fresh: number[] = [];
    for (const s of slice) {
      if (seenVersions.has(s.plan_version_id)) continue;
      seenVersions.add(s.plan_version_id);
      fresh.push(s.plan_version_id);
    }
    const versions = new Map((await planRepo.versionsByIds(db, fresh)).map((v) => [v.id, v]));
    collectIndicators(out, fresh, versions, parsed);
    const found = new Set(out.map((o) => o.code));
    if (slice.length < size || (codes.length > 0 && codes.every((c) => found.has(c)))) return out;
  }
}

/** The branches under `within` as the subquery the results queries filter by; undefined: the whole round. */
const subtreeOf = (db: DbOrTrx, within: number | undefined) =>
  within === undefined ? undefined : orgService.subtreeIdsQuery(db, within);

/**
 * `within`, when given, must be the round's org or inside it: a branch list narrowed to a county
 * of a bureau-wide round. Outside the round it would only ever list nothing, so it is refused.
 */
async function checkWithin(ctx: Ctx, orgId: number, within: number | undefined): Promise<void> {
  if (within === undefined || within === orgId) return;
  if (!(await orgService.isInSubtree(ctx.db, orgId, within))) {
    throw new AppError(
      'validation_failed',
      { field: 'within', orgId, within },
      {
        zh: '筛选的组织不在本轮联评联考范围内',
        en: 'The organisation to narrow to is not inside this round',
      },
    );
  }
}

/**
 * The month's ranking by total (SPEC §3 指标动态排序), one page read in rank order from the ranks
 * stored at approval, optionally narrowed to the branches under `within` (ranks stay the
 * round's), with the list of ranked indicators.
 */
export async function rankings(
  ctx: Ctx,
  orgId: number,
  key: string,
  page: number,
  pageSize: number,
  within?: number,
): Promise<z.infer<typeof rankingsResponse>> {
  return rankingsPage(ctx, orgId, await monthFrame(ctx, orgId, key, within), page, pageSize, within);
}

/** The checks of a month's rankings (the month readable, `within` inside the round): the same code kept or not. */
async function monthFrame(
  ctx: Ctx,
  orgId: number,
  key: string,
  within: number | undefined,
  reads: MonthReads = freshMonthReads(ctx.db),
) {
  const frame = await readableMonth(ctx, orgId, key, reads);
  await checkWithin(ctx, orgId, within);
  return frame;
}

/** The checks of a quarter's or year's board (the round's board readable, `within` inside it). */
async function boardFrame(
  ctx: Ctx,
  orgId: number,
  within: number | undefined,
  reads: MonthReads = freshMonthReads(ctx.db),
): Promise<void> {
  await requireBoard(ctx, orgId, reads);
  await checkWithin(ctx, orgId, within);
}

/**
 * A results page as its route serves it: the data sets' versions read first, then the page's
 * checks run as on a fresh read (`check`), and only then the answer is looked up, kept under `key`
 * — the route, its parameters and what the checks decided that shows in the answer — or computed,
 * serialised and kept (`lib/kept-answers.ts`). Nothing of these answers depends on the viewer
 * beyond the checks. Byte for byte the fresh answer (`kept-results.test.ts`).
 */
async function keptPage<F, T>(
  ctx: Ctx,
  check: (reads: MonthReads) => Promise<F>,
  keyOf: (frame: F) => readonly unknown[],
  compute: (frame: F, view: KeptView) => Promise<T>,
  serialize: (answer: T) => string,
) {
  const view: KeptView = await keptView(ctx.db);
  const frame = await check(keptMonthReads(ctx.db, view));
  const key = JSON.stringify(keyOf(frame));
  const answer = await view.answerOf(key, async () => serialize(await compute(frame, view)));
  return { view, key, answer };
}

/** `rankings` as its route serves it: kept per data version, checked on every request. */
export function keptRankings(
  ctx: Ctx,
  orgId: number,
  key: string,
  page: number,
  pageSize: number,
  within: number | undefined,
  serialize: (answer: z.infer<typeof rankingsResponse>) => string,
) {
  return keptPage(
    ctx,
    (reads) => monthFrame(ctx, orgId, key, within, reads),
    // The month's state in force shows in the answer and moves with the date, not with the data.
    (f) => ['rankings', orgId, key, f.state, page, pageSize, within ?? null],
    (f, view) => rankingsPage(ctx, orgId, f, page, pageSize, within, keptRankingReads(ctx.db, view)),
    serialize,
  );
}

/** `indicatorRanking` as its route serves it: kept per data version, checked on every request. */
export function keptIndicatorRanking(
  ctx: Ctx,
  orgId: number,
  key: string,
  code: string,
  page: number,
  pageSize: number,
  within: number | undefined,
  serialize: (answer: z.infer<typeof indicatorRankingResponse>) => string,
) {
  return keptPage(
    ctx,
    (reads) => monthFrame(ctx, orgId, key, within, reads),
    (f) => ['indicator ranking', orgId, key, f.state, code, page, pageSize, within ?? null],
    (f, view) => indicatorRankingPage(ctx, f, code, page, pageSize, within, keptRankingReads(ctx.db, view)),
    serialize,
  );
}

/** `quarterBoard` as its route serves it: kept per data version, checked on every request. */
export function keptQuarterBoard(
  ctx: Ctx,
  orgId: number,
  quarter: string,
  p: number,
  size: number,
  within: number | undefined,
  serialize: (answer: z.infer<typeof quarterBoardResponse>) => string,
) {
  return keptPage(
    ctx,
    (reads) => boardFrame(ctx, orgId, within, reads),
    () => ['quarter board', orgId, quarter, p, size, within ?? null],
    (_, view) => quarterBoardPage(ctx, orgId, quarter, p, size, within, keptBoardOrder(ctx.db, view)),
    serialize,
  );
}

/**
 * `gradeBoard` as its route serves it: kept per data version, checked on every request. The rule
 * in force is read on every request and is part of the key: its view names the user who saved it,
 * whose name is not a data set of its own.
 */
export function keptGradeBoard(
  ctx: Ctx,
  orgId: number,
  year: number,
  p: number,
  size: number,
  within: number | undefined,
  serialize: (answer: z.infer<typeof gradeBoardResponse>) => string,
) {
  return keptPage(
    ctx,
    async (reads) => {
      await boardFrame(ctx, orgId, within, reads);
      return ruleInForce(ctx.db, orgId, year);
    },
    (rule) => ['grade board', orgId, year, p, size, within ?? null, rule.view],
    (rule, view) => gradesOf(ctx.db, orgId, year, p, size, within, rule, keptBoardOrder(ctx.db, view)),
    serialize,
  );
}

/**
 * What a ranking page reads about its whole month besides its own rows: the ranked indicators and
 * the number of rows in scope. Read fresh, or kept per data version (`keptRankingReads`), then
 * shared by every page of the month.
 */
interface RankingReads {
  indicators(monthId: number): Promise<Indicators>;
  countRanking(monthId: number, within: number | undefined): Promise<number>;
  countIndicator(monthId: number, code: string, within: number | undefined): Promise<number>;
}

function freshRankingReads(db: DbOrTrx): RankingReads {
  return {
    indicators: (monthId) => rankedIndicatorsOf(db, monthId),
    countRanking: (monthId, within) => resultsRepo.countRanking(db, monthId, subtreeOf(db, within)),
    countIndicator: (monthId, code, within) =>
      resultsRepo.countIndicatorRank(db, monthId, code, subtreeOf(db, within)),
  };
}

/** The same reads, each kept under the data versions the request read (`lib/kept-answers.ts`). */
function keptRankingReads(db: DbOrTrx, view: KeptView): RankingReads {
  const fresh = freshRankingReads(db);
  return {
    indicators: (monthId) =>
      view.fact(
        `be indicators ${monthId}`,
        () => fresh.indicators(monthId),
        (list) => list.reduce((n, i) => n + 96 + 2 * (i.code.length + i.name.length), 0),
      ),
    countRanking: (monthId, within) =>
      view.fact(`be ranking count ${monthId} within ${within ?? '-'}`, () =>
        fresh.countRanking(monthId, within),
      ),
    countIndicator: (monthId, code, within) =>
      view.fact(`be indicator count ${monthId} ${JSON.stringify(code)} within ${within ?? '-'}`, () =>
        fresh.countIndicator(monthId, code, within),
      ),
  };
}

async function rankingsPage(
  ctx: Ctx,
  orgId: number,
  frame: Awaited<ReturnType<typeof readableMonth>>,
  page: number,
  pageSize: number,
  within: number | undefined,
  reads: RankingReads = freshRankingReads(ctx.db),
): Promise<z.infer<typeof rankingsResponse>> {
  const { month, state, org } = frame;
  const result = await paginate(
    page,
    pageSize,
    () => reads.countRanking(month.id, within),
    async (limit, offset) =>
      (await resultsRepo.rankingPage(ctx.db, month.id, limit, offset, subtreeOf(ctx.db, within))).map(
        rankingRowOf,
      ),
  );
  return {
    ...result,
    orgId,
    orgName: org.name,
    month: month.month,
    state,
    publishedOn: month.published_on,
    indicators: await reads.indicators(month.id),
    resultVersion: month.result_version,
    correctionCount: month.correction_count,
    correctedAt: month.corrected_at,
  };
}

/** The month's ranking by one indicator, with movement against last month; one page in SQL. */
export async function indicatorRanking(
  ctx: Ctx,
  orgId: number,
  key: string,
  code: string,
  page: number,
  pageSize: number,
  within?: number,
): Promise<z.infer<typeof indicatorRankingResponse>> {
  return indicatorRankingPage(ctx, await monthFrame(ctx, orgId, key, within), code, page, pageSize, within);
}

async function indicatorRankingPage(
  ctx: Ctx,
  frame: Awaited<ReturnType<typeof readableMonth>>,
  code: string,
  page: number,
  pageSize: number,
  within: number | undefined,
  reads: RankingReads = freshRankingReads(ctx.db),
): Promise<z.infer<typeof indicatorRankingResponse>> {
  const { month } = frame;
  const indicator = (await reads.indicators(month.id)).find((i) => i.code === code);
  if (!indicator) throw new AppError('unknown_indicator', { code });
  const result = await paginate(
    page,
    pageSize,
    () => reads.countIndicator(month.id, code, within),
    async (limit, offset) =>
      (await resultsRepo.indicatorRank(ctx.db, month.id, code, limit, offset, subtreeOf(ctx.db, within))).map(
        indicatorRankRowOf,
      ),
  );
  return { ...result, month: month.month, ...indicator };
}

/** Everything of a month's rankings at once: for exports, the report and the benchmarking API. */
export async function fullRankings(db: DbOrTrx, month: roundRepo.MonthRow) {
  const scores = await resultsRepo.monthScores(db, month.id);
  const indicators = await rankedIndicatorsOf(db, month.id);
  const ranks = await resultsRepo.indicatorRanksOf(db, month.id);
  return {
    total: scores.map(rankingRowOf),
    scores,
    indicators: indicators.map((i) => ({
      ...i,
      rows: ranks.filter((r) => r.code === i.code).map(indicatorRankRowOf),
    })),
  };
}

/**
 * How a branch's month score came about (SPEC §7 "every published number can be traced"): per
 * indicator the self score and note, the peer scores as anonymous numbers with the dropped highest
 * and lowest, the verified score and the office's reason, the weights used, the rounding; the plan
 * version and its settings. The branch's own readers see it once published; results readers once
 * approved.
 */
export async function explainScore(ctx: Ctx, branchId: number, key: string): Promise<ScoreExplanation> {
  const parts = monthParts(key);
  const plan = await planRepo.findPlanOfBranch(ctx.db, branchId, parts.quarterKey);
  const month = plan ? await roundRepo.findMonth(ctx.db, plan.org_id, parts.key) : undefined;
  // Those who work on the branch's evaluation, and everyone whose grant sits at the branch or
  // above it and reads the boards (a member sees how their own branch's score came about).
  const mayRead =
    (await can(ctx.db, ctx.user, 'branch_eval.read', branchId)) ||
    (await can(ctx.db, ctx.user, 'branch_eval.board.read', branchId));
  const mayReadResults = await can(ctx.db, ctx.user, 'branch_eval.results.read', branchId);
  if (!mayRead && !mayReadResults) throw new AppError('forbidden', { permission: 'branch_eval.read' });
  const state = await stateOf(ctx, month, key);
  const row = month ? await resultsRepo.monthScoreOf(ctx.db, month.id, branchId) : undefined;
  if (!month || !row || !(state === 'published' || (state === 'approved' && mayReadResults))) {
    throw new AppError('results_not_available', { month: key, branchId });
  }
  const version = await planRepo.findVersion(ctx.db, row.plan_version_id);
  if (!version) throw new AppError('internal');
  const stored = explanationOf(row.explanation_json, parsePlanJson(version.plan_json));
  const branch = await orgService.findOrgRow(ctx.db, branchId);
  const rect = (await resultsRepo.rectificationsOf(ctx.db, [month.id])).find((r) => r.branch_id === branchId);
  return {
    orgId: month.org_id,
    branchId,
    branchName: branch?.name ?? '',
    month: month.month,
    state,
    plan: {
      id: version.plan_id,
      versionId: version.id,
      version: version.version,
      settings: settingsOf(parsePlanJson(version.plan_json)),
    },
    total: row.total,
    byCategory: {
      mandatory: row.mandatory,
      basic: row.basic,
      evaluative: row.evaluative,
      innovation: row.innovation,
    },
    rank: row.rank,
    previousRank: row.prev_rank,
    movement: row.movement,
    mandatoryMissed: row.mandatory_missed === 1,
    missedIndicators: stored.month.missedIndicators,
    rectification: rect ? { note: rect.note, acceptedAt: rect.accepted_at } : null,
    innovationAwarded: stored.month.innovationAwarded,
    innovationCapped: stored.month.innovationCapped,
    signal: signalOfRow(row),
    indicators: stored.month.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      category: i.category,
      maxPoints: i.maxPoints,
      score: i.score,
      counted: i.counted,
      exact: { numerator: i.exact.numerator, denominator: i.exact.denominator },
      formula: i.formula,
      self: i.parts.self,
      selfNote: stored.notes[i.code] ?? null,
      peer: i.parts.peer
        ? {
            used: [...i.parts.peer.used],
            droppedHigh: i.parts.peer.dropped.high,
            droppedLow: i.parts.peer.dropped.low,
            count: i.parts.peer.count,
            meanRounded: i.parts.peer.meanRounded,
          }
        : null,
      verified: i.parts.verified,
      done: i.parts.done,
      innovationAward: i.parts.innovationAward,
      projects: [...(stored.projects?.[i.code] ?? [])],
      verifyReason: stored.reasons[i.code] ?? null,
      weightsUsed: i.parts.weightsUsed ? { ...i.parts.weightsUsed } : null,
      explanation: i.explanation,
      corrections: [...(stored.corrections?.[i.code] ?? [])],
    })),
    computedAt: row.computed_at,
    peerWithheld: stored.peerWithheld ?? null,
    resultVersion: month.result_version,
    correction:
      row.correction_count > 0 && row.corrected_at !== null
        ? { count: row.correction_count, correctedAt: row.corrected_at }
        : null,
  };
}

async function requireBoard(
  ctx: Ctx,
  orgId: number,
  reads: MonthReads = freshMonthReads(ctx.db),
): Promise<void> {
  if (!(await reads.org(orgId))) throw new AppError('not_found', { entity: 'org', id: orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.board.read', orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.board.read', orgId });
  }
}

/** Published month totals of a round by branch and month key (the movement chart). */
async function publishedTotals(db: DbOrTrx, orgId: number, from: string, to: string) {
  const months = await roundRepo.publishedMonths(db, orgId, from, to);
  const scores = await resultsRepo.scoresOfMonths(
    db,
    months.map((m) => m.id),
  );
  return { months, scores, keyOf: (monthId: number) => months.find((m) => m.id === monthId)?.month ?? '' };
}

function page<T>(rows: readonly T[], p: number, size: number): Page<T> {
  return { items: rows.slice((p - 1) * size, p * size), total: rows.length, page: p, pageSize: size };
}

type QuarterOrderRow = Awaited<ReturnType<typeof resultsRepo.quarterBoardPage>>[number];
type YearOrderRow = Awaited<ReturnType<typeof resultsRepo.gradeBoardPage>>[number];

/**
 * Where a quarter or year board page gets its branches in order (with their scores, ranks, names
 * and the count in scope): a page ordered and cut in SQL (`freshBoardOrder`), or the board's whole
 * order read once per data version and cut here (`keptBoardOrder`).
 */
interface BoardOrder {
  quarter(
    monthIds: readonly number[],
    within: number | undefined,
    limit: number,
    offset: number,
  ): Promise<QuarterOrderRow[]>;
  year(
    monthIds: readonly number[],
    within: number | undefined,
    limit: number,
    offset: number,
  ): Promise<YearOrderRow[]>;
}

function freshBoardOrder(db: DbOrTrx): BoardOrder {
  return {
    quarter: (monthIds, within, limit, offset) =>
      resultsRepo.quarterBoardPage(db, monthIds, limit, offset, subtreeOf(db, within)),
    year: (monthIds, within, limit, offset) =>
      resultsRepo.gradeBoardPage(db, monthIds, limit, offset, subtreeOf(db, within)),
  };
}

/** What a row of a board's kept order is counted at (`KeptView.fact`): its fields and two strings. */
const orderBytes = (rows: readonly { branch_code: string; branch_name: string }[]) =>
  rows.reduce((n, r) => n + 128 + 2 * (r.branch_code.length + r.branch_name.length), 0);

/**
 * A board's whole order kept under the data versions the request read: the aggregate of every
 * branch's month totals, which each page's SQL ran again to cut its 50 rows, runs once per board
 * (its months and `within`) and version, shared by the first views of all its pages (together:
 * `KeptView.fact` loads once). The same SQL without its limit, so the same rows in the same order.
 */
function keptBoardOrder(db: DbOrTrx, view: KeptView): BoardOrder {
  const key = (what: string, monthIds: readonly number[], within: number | undefined) =>
    `be ${what} order ${monthIds.join(',')} within ${within ?? '-'}`;
  return {
    quarter: async (monthIds, within, limit, offset) =>
      (
        await view.fact(
          key('quarter', monthIds, within),
          () => resultsRepo.quarterBoardPage(db, monthIds, undefined, 0, subtreeOf(db, within)),
          orderBytes,
        )
      ).slice(offset, offset + limit),
    year: async (monthIds, within, limit, offset) =>
      (
        await view.fact(
          key('year', monthIds, within),
          () => resultsRepo.gradeBoardPage(db, monthIds, undefined, 0, subtreeOf(db, within)),
          orderBytes,
        )
      ).slice(offset, offset + limit),
  };
}

/**
 * A board page whose query also counts the rows in scope on each row (the aggregate is the
 * expensive part, so it is not run twice); only a page past the end asks for the count apart.
 */
async function boardPage<R extends { total: number }, T>(
  p: number,
  size: number,
  rows: (limit: number, offset: number) => Promise<R[]>,
  count: () => Promise<number>,
  toItems: (rows: R[]) => Promise<T[]>,
): Promise<Page<T>> {
  const got = await rows(size, (p - 1) * size);
  const total = got[0]?.total ?? (p === 1 ? 0 : await count());
  return { items: await toItems(got), total, page: p, pageSize: size };
}

/**
 * The board's order and the domain disagreeing would mean the SQL aggregate is not the spec's
 * rounding: better a failed request than a board whose ranks contradict its scores.
 */
function sameScore(what: string, branchId: number, sqlScore: number, domainScore: number | null) {
  if (sqlScore !== domainScore) {
    throw new Error(`${what} of branch ${branchId}: SQL ${sqlScore} ≠ domain ${String(domainScore)}`);
  }
}

/**
 * Quarter scores (SPEC §3 季考: the mean of the three month totals, rounded half-up) of the
 * round's branches from published months, ranked among all of them (1, 2, 2, 4); a quarter with a
 * month missing is flagged. The page is ordered and cut in SQL; its rows are then worked out by
 * the domain from their month totals (and must agree with the SQL).
 */
export async function quarterBoard(
  ctx: Ctx,
  orgId: number,
  quarter: string,
  p: number,
  size: number,
  within?: number,
): Promise<z.infer<typeof quarterBoardResponse>> {
  await boardFrame(ctx, orgId, within);
  return quarterBoardPage(ctx, orgId, quarter, p, size, within);
}

async function quarterBoardPage(
  ctx: Ctx,
  orgId: number,
  quarter: string,
  p: number,
  size: number,
  within: number | undefined,
  order: BoardOrder = freshBoardOrder(ctx.db),
): Promise<z.infer<typeof quarterBoardResponse>> {
  const q = quarterParts(quarter);
  const keys = monthsOfQuarter(q.year, q.quarter).map((m) => monthKey(m.year, m.month));
  const months = await roundRepo.publishedMonths(ctx.db, orgId, keys[0] ?? '', keys[2] ?? '');
  const monthIds = months.map((m) => m.id);
  if (monthIds.length === 0) return { items: [], total: 0, page: p, pageSize: size, orgId, quarter };
  const result = await boardPage(
    p,
    size,
    (limit, offset) => order.quarter(monthIds, within, limit, offset),
    () => resultsRepo.countBoard(ctx.db, monthIds, subtreeOf(ctx.db, within)),
    async (ranked) => {
      const totals = await resultsRepo.boardScoresOf(
        ctx.db,
        monthIds,
        ranked.map((r) => r.branch_id),
      );
      const keyOf = new Map(months.map((m) => [m.id, m.month]));
      const totalOf = new Map(totals.map((t) => [`${t.branch_id}:${keyOf.get(t.month_id)}`, t.total]));
      return ranked.map((r) => {
        const monthTotals = keys.map((k) => totalOf.get(`${r.branch_id}:${k}`) ?? null);
        const qs = quarterScore(monthTotals);
        sameScore('quarter score', r.branch_id, r.score, qs.score);
        return {
          branchId: r.branch_id,
          branchCode: r.branch_code,
          branchName: r.branch_name,
          months: keys.map((k, i) => ({ month: k, total: monthTotals[i] ?? null })),
          score: qs.score,
          complete: qs.complete,
          missingMonths: qs.missingMonths,
          rank: r.rank as number | null,
        };
      });
    },
  );
  return { ...result, orgId, quarter };
}

/**
 * Annual grades (SPEC §3 年定级): the mean of the four quarter scores graded by the round
 * committee's grade rule for the year in force (floors 先进/良好/一般, default 90/80/70; 后进
 * below, and — unless the rule says otherwise — whenever a month had a missed mandatory indicator
 * the committee has not accepted as rectified). Every row names the rule version and the floor
 * that decided it. From published months only; a year with a quarter missing or a quarter still
 * lacking months (Q4 holding only October) is flagged `complete: false`. Highest annual score
 * first, ordered and cut in SQL; each row of the page is graded by the domain.
 */
export async function gradeBoard(
  ctx: Ctx,
  orgId: number,
  year: number,
  p: number,
  size: number,
  within?: number,
): Promise<z.infer<typeof gradeBoardResponse>> {
  await boardFrame(ctx, orgId, within);
  return gradesOf(ctx.db, orgId, year, p, size, within);
}

/** The grade board without the reader's checks: for the board, its xlsx and the benchmarking API. */
export async function gradesOf(
  db: DbOrTrx,
  orgId: number,
  year: number,
  p: number,
  size: number,
  within?: number,
  inForce?: RuleInForce,
  order: BoardOrder = freshBoardOrder(db),
): Promise<z.infer<typeof gradeBoardResponse>> {
  const ctx = { db };
  const { rule, view } = inForce ?? (await ruleInForce(db, orgId, year));
  const thresholds = { advanced: rule.advanced, good: rule.good, average: rule.average };
  const months = await roundRepo.publishedMonths(ctx.db, orgId, `${year}-01`, `${year}-12`);
  const monthIds = months.map((m) => m.id);
  const head = { orgId, year, thresholds, rule: view };
  if (monthIds.length === 0) return { items: [], total: 0, page: p, pageSize: size, ...head };
  const keyOf = new Map(months.map((m) => [m.id, m.month]));
  const result = await boardPage(
    p,
    size,
    (limit, offset) => order.year(monthIds, within, limit, offset),
    () => resultsRepo.countBoard(ctx.db, monthIds, subtreeOf(ctx.db, within)),
    async (ranked) => {
      const ids = ranked.map((r) => r.branch_id);
      const scores = await resultsRepo.boardScoresOf(ctx.db, monthIds, ids);
      const rects = new Set(
        (await resultsRepo.rectificationsOfBranches(ctx.db, monthIds, ids)).map(
          (r) => `${r.branch_id}:${r.month_id}`,
        ),
      );
      const byBranch = groupBy(scores, (s) => s.branch_id);
      return ranked.map((r) => {
        const mine = byBranch.get(r.branch_id) ?? [];
        const totalOf = new Map(mine.map((s) => [keyOf.get(s.month_id) ?? '', s.total]));
        const byQuarter = ([1, 2, 3, 4] as const).map((q) =>
          quarterScore(monthsOfQuarter(year, q).map((m) => totalOf.get(monthKey(m.year, m.month)) ?? null)),
        );
        const quarters = byQuarter.map((q) => q.score);
        const flags = mine
          .filter((s) => s.mandatory_missed === 1)
          .map((s) => ({
            month: keyOf.get(s.month_id) ?? '',
            mandatoryMissed: true,
            rectified: rects.has(`${r.branch_id}:${s.month_id}`),
          }))
          .sort((a, b) => a.month.localeCompare(b.month));
        const g = gradeWithRule(byQuarter, flags, rule, view.version);
        sameScore('annual score', r.branch_id, r.annual, g.annualScore);
        return {
          branchId: r.branch_id,
          branchCode: r.branch_code,
          branchName: r.branch_name,
          quarters,
          annualScore: g.annualScore,
          grade: g.grade,
          gradeLabel: g.grade ? gradeLabels[g.grade] : null,
          reason: { code: g.reason.code, zh: g.reason.zh, en: g.reason.en },
          complete: g.complete,
          missingQuarters: g.missingQuarters,
          incompleteQuarters: g.incompleteQuarters,
          unrectifiedMonths: g.unrectifiedMonths,
          ruleVersion: g.ruleVersion,
          floor: g.floor,
          explanation: g.explanation,
        };
      });
    },
  );
  return { ...result, ...head };
}

/**
 * The committee accepts a branch's rectification (整改) of a month with a missed mandatory
 * indicator: a new record; the approved score stays as it was, and the annual grade no longer
 * forces 后进 for that month.
 */
export async function rectify(
  ctx: Ctx,
  branchId: number,
  key: string,
  note: string,
): Promise<ScoreExplanation> {
  await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.month.approve', branchId);
    const parts = monthParts(key);
    const plan = await planRepo.findPlanOfBranch(trx, branchId, parts.quarterKey);
    const month = plan ? await roundRepo.findMonth(trx, plan.org_id, parts.key) : undefined;
    const row = month ? await resultsRepo.monthScoreOf(trx, month.id, branchId) : undefined;
    if (!month || !row) throw new AppError('results_not_available', { month: key, branchId });
    if (row.mandatory_missed !== 1) throw new AppError('nothing_to_rectify', { month: key, branchId });
    if ((await resultsRepo.rectificationsOf(trx, [month.id])).some((r) => r.branch_id === branchId)) {
      throw new AppError('already_rectified', { month: key, branchId });
    }
    const at = nowIso(ctx.clock);
    await resultsRepo.insertRectification(trx, {
      month_id: month.id,
      branch_id: branchId,
      note,
      accepted_by: ctx.user.id,
      accepted_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.rectify',
        entityType: 'be_month_score',
        entityId: month.id,
        orgId: branchId,
        after: { month: key, branchId, note },
      },
    ]);
  });
  return explainScore(ctx, branchId, key);
}

/**
 * The printable report for the monthly secretaries' meeting (SPEC §3 支部书记例会): the ranking
 * table, the biggest movers up and down, the missed mandatory items and the daily-work signal.
 */
export async function monthReportOf(
  ctx: Ctx,
  orgId: number,
  key: string,
): Promise<z.infer<typeof monthReport>> {
  const { month, state, org } = await readableMonth(ctx, orgId, key);
  const { total, scores, indicators } = await fullRankings(ctx.db, month);
  const rects = await resultsRepo.rectificationsOf(ctx.db, [month.id]);
  const moved = total.filter((r) => r.movement !== null && r.movement !== 0);
  const missed = scores.filter((s) => s.mandatory_missed === 1);
  const explained = await explanationsOf(ctx.db, missed);
  const p = parsePeriodKey(month.month);
  return {
    orgId,
    orgName: org.name,
    month: month.month,
    state,
    publishedOn: month.published_on,
    title: p.kind === 'month' ? `${org.name} ${p.year}年${p.month}月党支部联评联考结果` : org.name,
    rows: total,
    movers: {
      up: moved
        .filter((r) => (r.movement ?? 0) > 0)
        .sort((a, b) => (b.movement ?? 0) - (a.movement ?? 0) || a.rank - b.rank)
        .slice(0, 5),
      down: moved
        .filter((r) => (r.movement ?? 0) < 0)
        .sort((a, b) => (a.movement ?? 0) - (b.movement ?? 0) || a.rank - b.rank)
        .slice(0, 5),
    },
    missedMandatory: missed.map((s) => {
      const stored = explained.get(s);
      if (!stored) throw new AppError('internal');
      return {
        branchId: s.branch_id,
        branchName: s.branch_name,
        indicators: stored.month.missedIndicators.map((code) => ({
          code,
          name: indicators.find((i) => i.code === code)?.name ?? code,
        })),
        rectified: rects.some((r) => r.branch_id === s.branch_id),
      };
    }),
    signal: total
      .map((r) => ({ branchId: r.branchId, branchName: r.branchName, ...r.signal }))
      .sort((a, b) => (b.percentTenths ?? -1) - (a.percentTenths ?? -1) || a.branchId - b.branchId),
  };
}

/** Ranking movement over months (SPEC §6 charts): each branch's rank and total per published month. */
export async function movementChartOf(
  ctx: Ctx,
  orgId: number,
  from: string,
  to: string,
  p: number,
  size: number,
): Promise<z.infer<typeof movementChart>> {
  await requireBoard(ctx, orgId);
  if (from > to) throw new AppError('validation_failed', { field: 'from', reason: 'from is after to' });
  const { months, scores } = await publishedTotals(ctx.db, orgId, from, to);
  if (months.length > 36)
    throw new AppError('validation_failed', { field: 'to', reason: 'at most 36 months' });
  const byBranch = groupBy(scores, (s) => s.branch_id);
  const rows = [...byBranch.keys()]
    .sort((a, b) => a - b)
    .map((id) => {
      const mine = byBranch.get(id) ?? [];
      return {
        branchId: id,
        branchCode: mine[0]?.branch_code ?? '',
        branchName: mine[0]?.branch_name ?? '',
        ranks: months.map((m) => mine.find((s) => s.month_id === m.id)?.rank ?? null),
        totals: months.map((m) => mine.find((s) => s.month_id === m.id)?.total ?? null),
      };
    });
  return { ...page(rows, p, size), orgId, months: months.map((m) => m.month) };
}

/** Points by category per branch for one month (in ranking order), beside the plan's maxima (SPEC §6 charts). */
export async function categoryChartOf(
  ctx: Ctx,
  orgId: number,
  key: string,
  p: number,
  size: number,
  within?: number,
): Promise<z.infer<typeof categoryChart>> {
  const { month } = await readableMonth(ctx, orgId, key);
  await checkWithin(ctx, orgId, within);
  const result = await paginate(
    p,
    size,
    () => resultsRepo.countRanking(ctx.db, month.id, subtreeOf(ctx.db, within)),
    async (limit, offset) => {
      const scores = await resultsRepo.rankingPage(
        ctx.db,
        month.id,
        limit,
        offset,
        subtreeOf(ctx.db, within),
      );
      const versions = new Map(
        (await planRepo.versionsByIds(ctx.db, [...new Set(scores.map((s) => s.plan_version_id))])).map(
          (v) => [v.id, v],
        ),
      );
      return scores.map((s) => {
        const v = versions.get(s.plan_version_id);
        return {
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
          planned: v
            ? planPointsByCategory(parsePlanJson(v.plan_json))
            : { mandatory: 0, basic: 0, evaluative: 0, innovation: 0 },
        };
      });
    },
  );
  return { ...result, orgId, month: month.month };
}

const movementText = (m: number | null) => (m === null ? '新' : m > 0 ? `↑${m}` : m < 0 ? `↓${-m}` : '—');
const pointsCell = (h: number) => Number(formatPoints(h));

/**
 * The month's rankings as an xlsx (SPEC §3 "an Excel export of each month's rankings"): the
 * ranking by total with categories, movement and the daily-work signal; then every indicator's
 * ranking. Scores are written as numbers shown with two decimals.
 */
export async function rankingsWorkbook(
  db: DbOrTrx,
  org: { name: string },
  month: roundRepo.MonthRow,
): Promise<{ fileName: string; buffer: Buffer }> {
  const { total, indicators } = await fullRankings(db, month);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = wb.addWorksheet('总排名', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '名次', key: 'rank', width: 8 },
    { header: '变动', key: 'movement', width: 8 },
    { header: '支部编码', key: 'code', width: 14 },
    { header: '支部名称', key: 'name', width: 28 },
    { header: '总分', key: 'total', width: 10, style: { numFmt: '0.00' } },
    ...(['mandatory', 'basic', 'evaluative', 'innovation'] as const).map((c) => ({
      header: categoryLabels[c].zh,
      key: c,
      width: 10,
      style: { numFmt: '0.00' },
    })),
    { header: '必备项缺失', key: 'missed', width: 12 },
    { header: '末三天上传占比(%)', key: 'signal', width: 18 },
    { header: '发布后更正', key: 'corrected', width: 22 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of total) {
    ws.addRow({
      rank: r.rank,
      movement: movementText(r.movement),
      code: r.branchCode,
      name: r.branchName,
      total: pointsCell(r.total),
      mandatory: pointsCell(r.byCategory.mandatory),
      basic: pointsCell(r.byCategory.basic),
      evaluative: pointsCell(r.byCategory.evaluative),
      innovation: pointsCell(r.byCategory.innovation),
      missed: r.mandatoryMissed ? '是' : '否',
      signal: r.signal.percentText ?? '—',
      corrected: r.correction
        ? `已更正 ${r.correction.count} 次（${r.correction.correctedAt.slice(0, 10)}）`
        : '—',
    });
  }
  const wi = wb.addWorksheet('分项排名', { views: [{ state: 'frozen', ySplit: 1 }] });
  wi.columns = [
    { header: '指标编码', key: 'icode', width: 12 },
    { header: '指标名称', key: 'iname', width: 24 },
    { header: '类别', key: 'cat', width: 8 },
    { header: '名次', key: 'rank', width: 8 },
    { header: '变动', key: 'movement', width: 8 },
    { header: '支部编码', key: 'code', width: 14 },
    { header: '支部名称', key: 'name', width: 28 },
    { header: '得分', key: 'score', width: 10, style: { numFmt: '0.00' } },
  ];
  wi.getRow(1).font = { bold: true };
  for (const i of indicators) {
    for (const r of i.rows) {
      wi.addRow({
        icode: i.code,
        iname: i.name,
        cat: categoryLabels[i.category].zh,
        rank: r.rank,
        movement: movementText(r.movement),
        code: r.branchCode,
        name: r.branchName,
        score: pointsCell(r.score),
      });
    }
  }
  return { fileName: `${org.name}-${month.month}-联评联考排名.xlsx`, buffer: await workbookToBuffer(wb) };
}

/** Every row of a year's grade board, a large page at a time. */
export async function allGrades(db: DbOrTrx, orgId: number, year: number) {
  const size = 1000;
  const first = await gradesOf(db, orgId, year, 1, size);
  const items = [...first.items];
  for (let p = 2; (p - 1) * size < first.total; p++)
    items.push(...(await gradesOf(db, orgId, year, p, size)).items);
  return { ...first, items };
}

/** "第4季度缺第2、3个月" for a row whose year is incomplete; '' when complete. */
function lacksText(r: {
  missingQuarters: number[];
  incompleteQuarters: { quarter: number; missingMonths: number[] }[];
}) {
  return (
    incompletenessNote({
      missingQuarters: r.missingQuarters,
      incompleteQuarters: r.incompleteQuarters,
    })?.zh.replace(/^全年成绩尚不完整：/, '') ?? ''
  );
}

/**
 * A year's annual grades as an xlsx: every branch's quarter scores, annual score and grade, and —
 * while the year is not complete — which quarters and months the grade still lacks (等级暂定).
 */
export async function gradesWorkbook(
  db: DbOrTrx,
  org: { name: string },
  orgId: number,
  year: number,
): Promise<{ fileName: string; buffer: Buffer }> {
  const board = await allGrades(db, orgId, year);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = wb.addWorksheet('年定级', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '支部编码', key: 'code', width: 14 },
    { header: '支部名称', key: 'name', width: 28 },
    ...[1, 2, 3, 4].map((q) => ({
      header: `第${q}季度`,
      key: `q${q}`,
      width: 10,
      style: { numFmt: '0.00' },
    })),
    { header: '年度得分', key: 'annual', width: 10, style: { numFmt: '0.00' } },
    { header: '等级', key: 'grade', width: 8 },
    { header: '成绩完整', key: 'complete', width: 10 },
    { header: '尚缺（等级暂定）', key: 'lacks', width: 32 },
    { header: '依据', key: 'why', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of board.items) {
    ws.addRow({
      code: r.branchCode,
      name: r.branchName,
      ...Object.fromEntries(r.quarters.map((q, i) => [`q${i + 1}`, q === null ? '—' : pointsCell(q)])),
      annual: r.annualScore === null ? '—' : pointsCell(r.annualScore),
      grade: r.gradeLabel?.zh ?? '—',
      complete: r.complete ? '是' : '否',
      lacks: lacksText(r),
      why: r.explanation.zh,
    });
  }
  return { fileName: `${org.name}-${year}年-年定级.xlsx`, buffer: await workbookToBuffer(wb) };
}

/** The grades xlsx for a reader of the round's boards. */
export async function exportGrades(ctx: Ctx, orgId: number, year: number) {
  await requireBoard(ctx, orgId);
  const org = await orgService.findOrgRow(ctx.db, orgId);
  return gradesWorkbook(ctx.db, { name: org?.name ?? '' }, orgId, year);
}

/** The rankings xlsx for a reader of the round (same access as the rankings). */
export async function exportRankings(ctx: Ctx, orgId: number, key: string) {
  const { month, org } = await readableMonth(ctx, orgId, key);
  return rankingsWorkbook(ctx.db, org, month);
}
