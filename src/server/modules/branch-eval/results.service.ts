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
} from '../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import {
  annualGrade,
  type Category,
  categoryLabels,
  competitionRanks,
  defaultGradeThresholds,
  effectiveMonthState,
  formatPoints,
  gradeLabels,
  type MonthState,
  monthDeadlines,
  planPointsByCategory,
  quarterScore,
} from '../../../domain/branch-eval/index.js';
import { monthKey, monthsOfQuarter, parsePeriodKey } from '../../../domain/calendar/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { workbookToBuffer } from '../../lib/excel.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { authorize, can, reachesInto } from '../../lib/permissions.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import { monthParts, parsePlanJson, quarterParts, settingsOf } from './branch-eval.common.js';
import * as repo from './branch-eval.repo.js';
import type { StoredExplanation } from './compute.js';
import { groupBy } from './evidence.js';

type Indicators = { code: string; name: string; category: Category }[];

const signalOfRow = (s: { evidence_total: number; evidence_late: number; signal_tenths: number | null }) => ({
  total: s.evidence_total,
  late: s.evidence_late,
  percentTenths: s.signal_tenths,
  percentText:
    s.signal_tenths === null ? null : `${Math.floor(s.signal_tenths / 10)}.${s.signal_tenths % 10}`,
});

type ScoreRow = Awaited<ReturnType<typeof repo.monthScores>>[number];

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
  };
}

/** The month's state in force (deadlines from the holiday calendar). */
async function stateOf(ctx: Ctx, month: repo.MonthRow | undefined, key: string): Promise<MonthState> {
  if (!month) return 'open';
  const p = monthParts(key);
  const cal = await loadHolidayCalendar(ctx.db);
  return effectiveMonthState(month.state, todayInChina(ctx.clock), monthDeadlines(cal, p.year, p.month));
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
): Promise<{
  month: repo.MonthRow;
  state: MonthState;
  org: NonNullable<Awaited<ReturnType<typeof repo.findOrg>>>;
}> {
  const org = await repo.findOrg(ctx.db, orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.board.read', orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.board.read', orgId });
  }
  const month = await repo.findMonth(ctx.db, orgId, monthParts(key).key);
  const state = await stateOf(ctx, month, key);
  if (!month || state === 'open' || state === 'verifying')
    throw new AppError('results_not_available', { month: key });
  if (state === 'approved' && !(await can(ctx.db, ctx.user, 'branch_eval.results.read', orgId))) {
    throw new AppError('results_not_available', { month: key });
  }
  return { month, state, org };
}

/** The indicators ranked in a month, in plan order of first appearance, with names and categories. */
export async function indicatorsOfMonth(
  db: DbOrTrx,
  scores: readonly { plan_version_id: number }[],
): Promise<Indicators> {
  const versions = await repo.versionsByIds(db, [...new Set(scores.map((s) => s.plan_version_id))]);
  const out: Indicators = [];
  for (const s of scores) {
    const v = versions.find((x) => x.id === s.plan_version_id);
    if (!v) continue;
    for (const i of parsePlanJson(v.plan_json).indicators) {
      if (!out.some((o) => o.code === i.code)) out.push({ code: i.code, name: i.name, category: i.category });
    }
  }
  return out;
}

/** The month's ranking by total (SPEC §3 指标动态排序), paginated, with the list of ranked indicators. */
export async function rankings(
  ctx: Ctx,
  orgId: number,
  key: string,
  page: number,
  pageSize: number,
): Promise<z.infer<typeof rankingsResponse>> {
  const { month, state, org } = await readableMonth(ctx, orgId, key);
  const result = await paginate(
    page,
    pageSize,
    () => repo.countMonthScores(ctx.db, month.id),
    async (limit, offset) => (await repo.monthScores(ctx.db, month.id, limit, offset)).map(rankingRowOf),
  );
  return {
    ...result,
    orgId,
    orgName: org.name,
    month: month.month,
    state,
    publishedOn: month.published_on,
    indicators: await indicatorsOfMonth(ctx.db, await repo.monthScores(ctx.db, month.id)),
  };
}

/** The month's ranking by one indicator, with movement against last month. */
export async function indicatorRanking(
  ctx: Ctx,
  orgId: number,
  key: string,
  code: string,
  page: number,
  pageSize: number,
): Promise<z.infer<typeof indicatorRankingResponse>> {
  const { month } = await readableMonth(ctx, orgId, key);
  const indicator = (await indicatorsOfMonth(ctx.db, await repo.monthScores(ctx.db, month.id))).find(
    (i) => i.code === code,
  );
  if (!indicator) throw new AppError('unknown_indicator', { code });
  const result = await paginate(
    page,
    pageSize,
    () => repo.countIndicatorRank(ctx.db, month.id, code),
    async (limit, offset) =>
      (await repo.indicatorRank(ctx.db, month.id, code, limit, offset)).map((r) => ({
        rank: r.rank,
        previousRank: r.prev_rank,
        movement: r.movement,
        branchId: r.branch_id,
        branchCode: r.branch_code,
        branchName: r.branch_name,
        score: r.score,
      })),
  );
  return { ...result, month: month.month, ...indicator };
}

/** Everything of a month's rankings at once: for exports, the report and the benchmarking API. */
export async function fullRankings(db: DbOrTrx, month: repo.MonthRow) {
  const scores = await repo.monthScores(db, month.id);
  const indicators = await indicatorsOfMonth(db, scores);
  const ranks = await repo.indicatorRanksOf(db, month.id);
  return {
    total: scores.map(rankingRowOf),
    scores,
    indicators: indicators.map((i) => ({
      ...i,
      rows: ranks
        .filter((r) => r.code === i.code)
        .map((r) => ({
          rank: r.rank,
          previousRank: r.prev_rank,
          movement: r.movement,
          branchId: r.branch_id,
          branchCode: r.branch_code,
          branchName: r.branch_name,
          score: r.score,
        })),
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
  const plan = await repo.findPlanOfBranch(ctx.db, branchId, parts.quarterKey);
  const month = plan ? await repo.findMonth(ctx.db, plan.org_id, parts.key) : undefined;
  const mayRead = await can(ctx.db, ctx.user, 'branch_eval.read', branchId);
  const mayReadResults = await can(ctx.db, ctx.user, 'branch_eval.results.read', branchId);
  if (!mayRead && !mayReadResults) throw new AppError('forbidden', { permission: 'branch_eval.read' });
  const state = await stateOf(ctx, month, key);
  const row = month ? await repo.monthScoreOf(ctx.db, month.id, branchId) : undefined;
  if (!month || !row || !(state === 'published' || (state === 'approved' && mayReadResults))) {
    throw new AppError('results_not_available', { month: key, branchId });
  }
  const version = await repo.findVersion(ctx.db, row.plan_version_id);
  if (!version) throw new AppError('internal');
  const stored = JSON.parse(row.explanation_json) as StoredExplanation;
  const branch = await repo.findOrg(ctx.db, branchId);
  const rect = (await repo.rectificationsOf(ctx.db, [month.id])).find((r) => r.branch_id === branchId);
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
      verifyReason: stored.reasons[i.code] ?? null,
      weightsUsed: i.parts.weightsUsed ? { ...i.parts.weightsUsed } : null,
      explanation: i.explanation,
    })),
    computedAt: row.computed_at,
  };
}

async function requireBoard(ctx: Ctx, orgId: number): Promise<void> {
  if (!(await repo.findOrg(ctx.db, orgId))) throw new AppError('not_found', { entity: 'org', id: orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.board.read', orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.board.read', orgId });
  }
}

/** Published month totals of a round by branch and month key (quarter and annual boards, charts). */
async function publishedTotals(db: DbOrTrx, orgId: number, from: string, to: string) {
  const months = await repo.publishedMonths(db, orgId, from, to);
  const scores = await repo.scoresOfMonths(
    db,
    months.map((m) => m.id),
  );
  return { months, scores, keyOf: (monthId: number) => months.find((m) => m.id === monthId)?.month ?? '' };
}

function page<T>(rows: readonly T[], p: number, size: number): Page<T> {
  return { items: rows.slice((p - 1) * size, p * size), total: rows.length, page: p, pageSize: size };
}

/**
 * Quarter scores (SPEC §3 季考: the mean of the three month totals, rounded half-up) of every
 * branch of the round, from published months; a quarter with a month missing is flagged.
 */
export async function quarterBoard(
  ctx: Ctx,
  orgId: number,
  quarter: string,
  p: number,
  size: number,
): Promise<z.infer<typeof quarterBoardResponse>> {
  await requireBoard(ctx, orgId);
  const q = quarterParts(quarter);
  const keys = monthsOfQuarter(q.year, q.quarter).map((m) => monthKey(m.year, m.month));
  const { scores, keyOf } = await publishedTotals(ctx.db, orgId, keys[0] ?? '', keys[2] ?? '');
  const byBranch = groupBy(scores, (s) => s.branch_id);
  const rows = [...byBranch].map(([id, mine]) => {
    const totals = keys.map((k) => mine.find((s) => keyOf(s.month_id) === k)?.total ?? null);
    const qs = quarterScore(totals);
    return {
      branchId: id,
      branchCode: mine[0]?.branch_code ?? '',
      branchName: mine[0]?.branch_name ?? '',
      months: keys.map((k, i) => ({ month: k, total: totals[i] ?? null })),
      score: qs.score,
      complete: qs.complete,
      missingMonths: qs.missingMonths,
      rank: null as number | null,
    };
  });
  const scored = rows.filter((r) => r.score !== null);
  const ranks = competitionRanks(scored.map((r) => r.score ?? 0));
  scored.forEach((r, i) => {
    r.rank = ranks[i] ?? null;
  });
  rows.sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.branchId - b.branchId,
  );
  return { ...page(rows, p, size), orgId, quarter };
}

/**
 * Annual grades (SPEC §3 年定级): the mean of the four quarter scores graded 先进/良好/一般/后进 at
 * 90/80/70, and 后进 whenever a month had a missed mandatory indicator the committee has not
 * accepted as rectified. From published months only; incomplete years are flagged.
 */
export async function gradeBoard(
  ctx: Ctx,
  orgId: number,
  year: number,
  p: number,
  size: number,
): Promise<z.infer<typeof gradeBoardResponse>> {
  await requireBoard(ctx, orgId);
  const { months, scores, keyOf } = await publishedTotals(ctx.db, orgId, `${year}-01`, `${year}-12`);
  const rects = await repo.rectificationsOf(
    ctx.db,
    months.map((m) => m.id),
  );
  const byBranch = groupBy(scores, (s) => s.branch_id);
  const rows = [...byBranch].map(([id, mine]) => {
    const quarters = ([1, 2, 3, 4] as const).map(
      (q) =>
        quarterScore(
          monthsOfQuarter(year, q).map(
            (m) => mine.find((s) => keyOf(s.month_id) === monthKey(m.year, m.month))?.total ?? null,
          ),
        ).score,
    );
    const flags = mine
      .filter((s) => s.mandatory_missed === 1)
      .map((s) => ({
        month: keyOf(s.month_id),
        mandatoryMissed: true,
        rectified: rects.some((r) => r.month_id === s.month_id && r.branch_id === id),
      }))
      .sort((a, b) => a.month.localeCompare(b.month));
    const g = annualGrade(quarters, flags, defaultGradeThresholds);
    return {
      branchId: id,
      branchCode: mine[0]?.branch_code ?? '',
      branchName: mine[0]?.branch_name ?? '',
      quarters,
      annualScore: g.annualScore,
      grade: g.grade,
      gradeLabel: g.grade ? gradeLabels[g.grade] : null,
      reason: { code: g.reason.code, zh: g.reason.zh, en: g.reason.en },
      complete: g.complete,
      unrectifiedMonths: g.unrectified.map((m) => m.month ?? ''),
    };
  });
  rows.sort((a, b) => (b.annualScore ?? -1) - (a.annualScore ?? -1) || a.branchId - b.branchId);
  return { ...page(rows, p, size), orgId, year, thresholds: { ...defaultGradeThresholds } };
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
    const plan = await repo.findPlanOfBranch(trx, branchId, parts.quarterKey);
    const month = plan ? await repo.findMonth(trx, plan.org_id, parts.key) : undefined;
    const row = month ? await repo.monthScoreOf(trx, month.id, branchId) : undefined;
    if (!month || !row) throw new AppError('results_not_available', { month: key, branchId });
    if (row.mandatory_missed !== 1) throw new AppError('nothing_to_rectify', { month: key, branchId });
    if ((await repo.rectificationsOf(trx, [month.id])).some((r) => r.branch_id === branchId)) {
      throw new AppError('already_rectified', { month: key, branchId });
    }
    const at = nowIso(ctx.clock);
    await repo.insertRectification(trx, {
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
  const rects = await repo.rectificationsOf(ctx.db, [month.id]);
  const moved = total.filter((r) => r.movement !== null && r.movement !== 0);
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
    missedMandatory: scores
      .filter((s) => s.mandatory_missed === 1)
      .map((s) => {
        const stored = JSON.parse(s.explanation_json) as StoredExplanation;
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
        branchName: mine[0]?.branch_name ?? '',
        ranks: months.map((m) => mine.find((s) => s.month_id === m.id)?.rank ?? null),
        totals: months.map((m) => mine.find((s) => s.month_id === m.id)?.total ?? null),
      };
    });
  return { ...page(rows, p, size), orgId, months: months.map((m) => m.month) };
}

/** Points by category per branch for one month, beside the plan's maxima (SPEC §6 charts). */
export async function categoryChartOf(
  ctx: Ctx,
  orgId: number,
  key: string,
  p: number,
  size: number,
): Promise<z.infer<typeof categoryChart>> {
  const { month } = await readableMonth(ctx, orgId, key);
  const scores = await repo.monthScores(ctx.db, month.id);
  const versions = await repo.versionsByIds(ctx.db, [...new Set(scores.map((s) => s.plan_version_id))]);
  const rows = scores.map((s) => {
    const v = versions.find((x) => x.id === s.plan_version_id);
    return {
      branchId: s.branch_id,
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
  return { ...page(rows, p, size), orgId, month: month.month };
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
  month: repo.MonthRow,
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

/** The rankings xlsx for a reader of the round (same access as the rankings). */
export async function exportRankings(ctx: Ctx, orgId: number, key: string) {
  const { month, org } = await readableMonth(ctx, orgId, key);
  return rankingsWorkbook(ctx.db, org, month);
}
