import type { Insertable } from 'kysely';
import type { z } from 'zod';
import type {
  YearResultRow as YearResultDto,
  YearView,
  yearExportQuery,
  yearResultsQuery,
} from '../../../contracts/points.js';
import { type DbOrTrx, forLargeStatements } from '../../../db/kysely.js';
import type { PointsYearResultTable } from '../../../db/types.js';
import { publishedTierReaderRoles, type Role } from '../../../domain/access/roles.js';
import { quarterKey } from '../../../domain/calendar/index.js';
import { annualScore } from '../../../domain/points/annual.js';
import { floorPercentOf, type Hundredths } from '../../../domain/points/hundredths.js';
import type { QuarterScore } from '../../../domain/points/quarter-score.js';
import { competitionRank, rankingScopeKey } from '../../../domain/points/ranking.js';
import type { SchemeRules, TierRule } from '../../../domain/points/scheme.js';
import {
  assignTiers,
  defaultTierActions,
  planTierActions,
  type QuotaLimits,
  type Tier,
  type TierCandidate,
  type TierReason,
  tierLabels,
} from '../../../domain/points/tiers.js';
import {
  availableActions,
  nextYearState,
  type QuarterState,
  type YearAction,
  yearTransitions,
} from '../../../domain/points/workflow.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError, blockedBy } from '../../lib/errors.js';
import { type KeptView, keptView } from '../../lib/kept-answers.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { can, reachesInto, rolesAtOrg, scopeOrgIds } from '../../lib/permissions.js';
import { transitionError } from './points.common.js';
import { orgName } from './quarter.repo.js';
import { orgPaths } from './quarter.service.js';
import { currentVersion, findScheme, versionById } from './scheme.service.js';
import {
  countResults,
  ensureYear,
  findYear,
  gradeYearInDatabase,
  insertActions,
  listResultMembers,
  listResults,
  quarterRowsOfScheme,
  resultSummaries,
  resultsOfMembers,
  secretariesByBranch,
  updateYearFrom,
  type YearResultFilter,
  type YearRow,
  yearInputRowsOfScheme,
  yearResultCounts,
  yearResultStates,
  yearResults,
  yearTierCounts,
} from './year.repo.js';

/**
 * The year's tiers (年度总评, SPEC §2): affairs computes the annual scores and tiers from the four
 * published quarters; the committee approves (审定) and publishes them; publication records each
 * tier's rewards and penalties (奖惩) as tracked actions.
 */

const QUARTERS = [1, 2, 3, 4] as const;

const emptyDistribution = (): Record<Tier, number> => ({
  benchmark: 0,
  excellent: 0,
  good: 0,
  qualified: 0,
  warning: 0,
});

/** Computing is the preparation of `submit`: the roles that may submit the year may compute it. */
function mayCompute(roles: readonly Role[]): boolean {
  return yearTransitions.some((t) => t.action === 'submit' && t.roles.some((r) => roles.includes(r)));
}

/** One member's year as the stored quarter scores give it. */
export interface YearInput {
  memberId: number;
  /** Quarter totals Q1..Q4, null where the member had no score (not in the scheme that quarter). */
  totals: (Hundredths | null)[];
  versionIds: (number | null)[];
  /** Branch and stored scope of the member's last scored quarter. */
  branchId: number;
  lastScopeOrgId: number;
  vetoEntryIds: number[];
}

/**
 * Reads every member's quarter scores of the scheme's year (optionally of some members only):
 * one row per member, pivoted by the database in one pass, with the stored inputs (for their veto
 * entry ids) of the scores that carry a veto.
 */
export async function loadYearInputs(
  db: DbOrTrx,
  schemeId: number,
  year: number,
  memberIds?: readonly number[],
  quarterRows?: readonly { id: number; quarter: string }[],
): Promise<Map<number, YearInput>> {
  const quarters = quarterRows ?? (await quarterRowsOfScheme(db, schemeId));
  const ids = QUARTERS.map((q) => quarters.find((r) => r.quarter === quarterKey(year, q))?.id ?? null);
  const others = quarters.filter((r) => !ids.includes(r.id)).map((r) => r.id);
  const rows = await yearInputRowsOfScheme(db, ids, others, memberIds);
  const inputs = new Map<number, YearInput>();
  for (const r of rows) {
    const vetoEntryIds: number[] = [];
    if (r.veto !== null) {
      // One stored explanation per line (JSON text never holds a raw line break).
      for (const line of r.veto.split('\n'))
        vetoEntryIds.push(...(JSON.parse(line) as Pick<QuarterScore, 'vetoEntryIds'>).vetoEntryIds);
      vetoEntryIds.sort((a, b) => a - b);
    }
    inputs.set(r.member_id, {
      memberId: r.member_id,
      totals: [r.t1, r.t2, r.t3, r.t4].map((t) => (t === null ? null : Number(t))),
      versionIds: [r.v1, r.v2, r.v3, r.v4].map((v) => (v === null ? null : Number(v))),
      branchId: Number(r.branch_id),
      lastScopeOrgId: Number(r.scope_org_id),
      vetoEntryIds,
    });
  }
  return inputs;
}

/**
 * Grades every member: annual score by the scheme's formula, the ranking scope by the
 * scheme's `rankingScope` from the member's branch of their last quarter, then per scope the
 * tiers (`assignTiers`) and the competition rank by annual score. The domain's grading, member
 * by member: `computeYear` grades in the database (`gradeYearInDatabase`), and year-oracle.test.ts
 * requires the same rows as this.
 */
export function gradeYear(
  rules: SchemeRules,
  inputs: ReadonlyMap<number, YearInput>,
  paths: Awaited<ReturnType<typeof orgPaths>>,
  yearId: number,
): Insertable<PointsYearResultTable>[] {
  const byScope = new Map<number, { input: YearInput; score: Hundredths }[]>();
  for (const input of inputs.values()) {
    const a = annualScore(input.totals, rules.minQuartersForUnflagged);
    if (a.score === null) continue;
    const path = paths.get(input.branchId);
    // A branch since moved out of the root's tree keeps the scope its last quarter recorded.
    const scope = path ? rankingScopeKey(rules.rankingScope, path.path) : input.lastScopeOrgId;
    const list = byScope.get(scope) ?? [];
    list.push({ input, score: a.score });
    byScope.set(scope, list);
  }
  const rows: Insertable<PointsYearResultTable>[] = [];
  for (const [scope, members] of byScope) {
    const candidates: TierCandidate[] = members.map((m) => ({
      memberId: m.input.memberId,
      annualScore: m.score,
      hasVeto: m.input.vetoEntryIds.length > 0,
      quartersPresent: m.input.totals.filter((t) => t !== null).length,
    }));
    const graded = assignTiers(rules, candidates);
    const ranks = new Map(
      competitionRank(candidates, (c) => c.annualScore).map(({ row, rank }) => [row.memberId, rank]),
    );
    graded.members.forEach((g, i) => {
      const c = candidates[i] as TierCandidate;
      const input = members[i]?.input as YearInput;
      rows.push({
        year_id: yearId,
        member_id: g.memberId,
        branch_id: input.branchId,
        scope_org_id: scope,
        annual_score: g.annualScore,
        quarters_present: c.quartersPresent,
        flagged: g.flagged ? 1 : 0,
        has_veto: c.hasVeto ? 1 : 0,
        tier: g.tier,
        reason: g.reason,
        c: g.c,
        n: g.n,
        rank_in_scope: ranks.get(g.memberId) ?? null,
      });
    });
  }
  return rows;
}

/**
 * The ranking scope of each org of the scheme's tree (`rankingScopeKey` of its path), as the
 * database grades with it; an org whose path holds no branch under the `branch` scope has none.
 */
export function rankingScopes(rules: SchemeRules, paths: Awaited<ReturnType<typeof orgPaths>>) {
  const scopes: [number, number][] = [];
  for (const [orgId, p] of paths) {
    if (rules.rankingScope === 'branch' && !p.path.some((n) => n.kind === 'branch')) continue;
    scopes.push([orgId, rankingScopeKey(rules.rankingScope, p.path)]);
  }
  return scopes;
}

/** The quarters of the scheme's year with their states, and those not yet published. */
function yearQuarters(rows: readonly { quarter: string; state: string }[], year: number) {
  const quarters = QUARTERS.map((q) => {
    const key = quarterKey(year, q);
    return { quarter: key, state: (rows.find((r) => r.quarter === key)?.state ?? 'open') as QuarterState };
  });
  return { quarters, notPublished: quarters.filter((q) => q.state !== 'published').map((q) => q.quarter) };
}

/** Members whose stored result no longer matches their quarter scores (an adjustment approved since). */
async function staleMembers(db: DbOrTrx, schemeId: number, year: number, y: YearRow): Promise<number[]> {
  if (y.computed_at == null) return [];
  const { scheme } = await versionById(db, y.version_id ?? 0);
  const inputs = await loadYearInputs(db, schemeId, year);
  return staleAgainst(inputs, await yearResultStates(db, y.id), scheme.rules.minQuartersForUnflagged);
}

/** The members of `stored` whose result differs from what `inputs` give, then those of `inputs` not stored. */
function staleAgainst(
  inputs: ReadonlyMap<number, YearInput>,
  stored: readonly { member_id: number; annual_score: number | null; has_veto: number }[],
  minQuartersForUnflagged: number,
): number[] {
  const stale = stored
    .filter((r) => {
      const input = inputs.get(r.member_id);
      if (!input) return true;
      const a = annualScore(input.totals, minQuartersForUnflagged);
      return a.score !== r.annual_score || (input.vetoEntryIds.length > 0 ? 1 : 0) !== r.has_veto;
    })
    .map((r) => r.member_id);
  // A member scored in some quarter since the computation is missing from the results.
  const graded = new Set(stored.map((r) => r.member_id));
  for (const id of inputs.keys()) if (!graded.has(id)) stale.push(id);
  return stale;
}

/**
 * Computes (or recomputes) the year's annual scores and tiers while the year is a draft: only
 * when all four quarters are published (otherwise `year_quarters_not_published` names those
 * that are not). Results replace the previous computation; the version whose tier rule graded
 * them is recorded. Affairs only.
 */
export async function computeYear(ctx: Ctx, schemeId: number): Promise<YearView> {
  const computed = await ctx.db.transaction().execute(async (trx) => {
    await forLargeStatements(trx);
    const s = await findScheme(trx, schemeId);
    const roles = await rolesAtOrg(trx, ctx.user, s.root_org_id);
    if (!mayCompute(roles)) throw new AppError('forbidden', { action: 'compute', schemeId });
    const at = nowIso(ctx.clock);
    const y = await ensureYear(trx, schemeId, at);
    if (y.state !== 'draft') throw new AppError('invalid_transition', { state: y.state, action: 'compute' });
    const quarterRows = await quarterRowsOfScheme(trx, schemeId);
    const { notPublished } = yearQuarters(quarterRows, s.year);
    if (notPublished.length > 0) throw quartersNotPublished(notPublished);
    const { row: version, scheme } = await currentVersion(trx, schemeId);
    const ids = QUARTERS.map((q) => quarterRows.find((r) => r.quarter === quarterKey(s.year, q))?.id ?? null);
    const others = quarterRows.filter((r) => !ids.includes(r.id)).map((r) => r.id);
    const { tierRule, minQuartersForUnflagged } = scheme.rules;
    await gradeYearInDatabase(
      trx,
      y.id,
      ids,
      others,
      rankingScopes(scheme.rules, await orgPaths(trx, s.root_org_id)),
      {
        kind: tierRule.kind,
        benchmark: tierRule.benchmark,
        excellent: tierRule.excellent,
        good: tierRule.good,
        warningBelow: tierRule.warningBelow,
        minQuartersForUnflagged,
      },
    );
    await updateYearFrom(trx, y.id, 'draft', { version_id: version.id, computed_at: at, updated_at: at });
    const distribution = emptyDistribution();
    let members = 0;
    let flagged = 0;
    for (const r of await yearResultCounts(trx, y.id)) {
      distribution[r.tier as Tier] += r.n;
      members += r.n;
      if (r.flagged === 1) flagged += r.n;
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.year.compute',
        entityType: 'points_year',
        entityId: y.id,
        orgId: s.root_org_id,
        before: { computedAt: y.computed_at, versionId: y.version_id },
        after: { computedAt: at, versionId: version.id, members, distribution, flagged },
      },
    ]);
    // Every member scored in one of the four quarters was just graded from those very scores by
    // the same arithmetic the staleness check repeats (`annualScore`): none is stale.
    const stale = 0;
    return { members, distribution, stale };
  });
  return getYear(ctx, schemeId, computed);
}

/**
 * Takes a step of the year's workflow: `submit` (affairs) → `approve` or `return` with a reason
 * (committee) → `publish` (committee). Submitting needs a computation; submitting, approving
 * and publishing refuse results that no longer match the quarter scores (`year_stale`: return
 * and recompute). Publication records each member's 奖惩 actions from the tier's templates, owned
 * by the first secretary of the member's branch and due counted from the publication day.
 */
export async function yearAction(
  ctx: Ctx,
  schemeId: number,
  action: YearAction,
  reason?: string,
): Promise<YearView> {
  await ctx.db.transaction().execute(async (trx) => {
    const s = await findScheme(trx, schemeId);
    const roles = await rolesAtOrg(trx, ctx.user, s.root_org_id);
    const at = nowIso(ctx.clock);
    const y = await ensureYear(trx, schemeId, at);
    const next = nextYearState(y.state, action, roles, reason);
    if (!next.ok) throw transitionError(next.error, { state: y.state, action });
    if (action === 'submit' && y.computed_at == null) throw new AppError('year_not_computed', { schemeId });
    if (action !== 'return') {
      const stale = await staleMembers(trx, schemeId, s.year, y);
      if (stale.length > 0) throw new AppError('year_stale', { members: stale.length, memberIds: stale });
    }
    const today = todayInChina(ctx.clock);
    const publishing = action === 'publish';
    const moved = await updateYearFrom(trx, y.id, y.state, {
      state: next.state,
      updated_at: at,
      ...(publishing ? { published_at: at, published_on: today } : {}),
    });
    if (!moved) throw new AppError('stale_record', { schemeId });
    let actions = 0;
    if (publishing) actions = await recordTierActions(trx, y.id, today);
    await appendAudit(trx, ctx.user, at, [
      {
        action: `points.year.${action}`,
        entityType: 'points_year',
        entityId: y.id,
        orgId: s.root_org_id,
        before: { state: y.state },
        after: {
          state: next.state,
          reason: reason ?? null,
          ...(publishing ? { publishedOn: today, actions } : {}),
        },
      },
    ]);
  });
  return getYear(ctx, schemeId);
}

/** Creates the 奖惩 actions of every published result; returns how many. */
async function recordTierActions(trx: DbOrTrx, yearId: number, publishedOn: string): Promise<number> {
  const owners = await secretariesByBranch(trx);
  const rows = (await yearResults(trx, yearId)).flatMap((r) =>
    // Tier actions are not (yet) a setting of the scheme: the domain's defaults apply.
    planTierActions(r.tier as Tier, publishedOn, defaultTierActions).map((a) => ({
      year_id: yearId,
      member_id: r.member_id,
      branch_id: r.branch_id,
      tier: r.tier,
      code: a.code,
      name: a.name_zh,
      owner_user_id: owners.get(r.branch_id) ?? null,
      due_on: a.dueOn,
      done_at: null,
      done_by: null,
      done_note: null,
    })),
  );
  await insertActions(trx, rows);
  return rows.length;
}

/** The year's tiers asked for before their publication by someone who reads them once published. */
function yearNotPublished(year?: number): AppError {
  return new AppError(
    'not_published',
    { year: year ?? null },
    {
      zh: `${year ? `${year} ` : ''}年度评级尚未公布，公布后可查看`,
      en: `The ${year ? `${year} ` : ''}annual tiers have not been published yet; they can be seen once published`,
    },
  );
}

/** The refusal of 测算等次 while some quarters of the year are not published. */
function quartersNotPublished(notPublished: readonly string[]): AppError {
  return new AppError(
    'year_quarters_not_published',
    { notPublished },
    {
      zh: `以下季度尚未亮分，不能进行年度总评：${notPublished.join('、')}`,
      en: `These quarters are not published yet, so the year cannot be graded: ${notPublished.join(', ')}`,
    },
  );
}

/**
 * The year's state and counts: before publication for those who read results (committee,
 * affairs); once published for anyone who reads the scheme. `actions` are the viewer's buttons.
 * `computed` gives the counts a computation has just stored (the view then reads them not again).
 */
export async function getYear(
  ctx: Ctx,
  schemeId: number,
  computed?: { members: number; distribution: Record<Tier, number>; stale: number },
): Promise<YearView> {
  const s = await findScheme(ctx.db, schemeId);
  const y = await findYear(ctx.db, schemeId);
  const state = y?.state ?? 'draft';
  const readsResults = await reachesInto(ctx.db, ctx.user, 'points.results.read', s.root_org_id);
  const readsScheme = await reachesInto(ctx.db, ctx.user, 'points.scheme.read', s.root_org_id);
  if (!readsResults && readsScheme && state !== 'published') throw yearNotPublished(s.year);
  if (!readsResults && !(state === 'published' && readsScheme))
    throw new AppError('forbidden', { permission: 'points.results.read' });
  const roles = await rolesAtOrg(ctx.db, ctx.user, s.root_org_id);
  const { quarters, notPublished } = yearQuarters(await quarterRowsOfScheme(ctx.db, schemeId), s.year);
  let distribution = emptyDistribution();
  let members = 0;
  if (computed) {
    distribution = { ...computed.distribution };
    members = computed.members;
  } else if (y) {
    for (const r of await yearTierCounts(ctx.db, y.id)) {
      distribution[r.tier as Tier] += r.n;
      members += r.n;
    }
  }
  const version = y?.version_id ? await versionById(ctx.db, y.version_id) : null;
  const actions: YearView['actions'] = availableActions(yearTransitions, state, roles).map((t) => t.action);
  if (state === 'draft' && mayCompute(roles)) actions.unshift('compute');
  let stale = 0;
  if (y && readsResults)
    stale = computed ? computed.stale : (await staleMembers(ctx.db, schemeId, s.year, y)).length;
  return {
    schemeId,
    year: s.year,
    state,
    versionId: y?.version_id ?? null,
    version: version?.row.version ?? null,
    computedAt: y?.computed_at ?? null,
    publishedAt: y?.published_at ?? null,
    publishedOn: y?.published_on ?? null,
    quarters,
    notPublished,
    members,
    stale,
    distribution,
    actions,
    blocked:
      actions.includes('compute') && notPublished.length > 0
        ? [blockedBy('compute', quartersNotPublished(notPublished))]
        : [],
  };
}

// ── results ─────────────────────────────────────────────────────────────────────────────

/** Two decimals from hundredths, without floats: 6650 → "66.50". */
export const fixed2 = (h: Hundredths): string => {
  const abs = Math.abs(h);
  return `${h < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

const limitsOf = (rule: TierRule, n: number): QuotaLimits | null =>
  rule.kind === 'quota'
    ? {
        benchmark: floorPercentOf(rule.benchmark, n),
        excellent: floorPercentOf(rule.excellent, n),
        good: floorPercentOf(rule.good, n),
      }
    : null;

type StoredRow = Awaited<ReturnType<typeof listResults>>[number];

/** The words of a tier decision, in both languages, from the numbers that made it. */
function tierText(
  r: StoredRow,
  rules: SchemeRules,
  limits: QuotaLimits | null,
  input: YearInput | undefined,
): { zh: string; en: string } {
  const tier = r.tier as Tier;
  const label = tierLabels[tier];
  const present = (input?.totals ?? []).filter((t): t is number => t !== null);
  const score = r.annual_score ?? 0;
  const meanZh = `年度得分 = (${present.map(fixed2).join(' + ')}) ÷ ${present.length} = ${fixed2(score)}`;
  const meanEn = `Annual score = (${present.map(fixed2).join(' + ')}) / ${present.length} = ${fixed2(score)}`;
  const rule = rules.tierRule;
  let zh: string;
  let en: string;
  const reason = r.reason as TierReason;
  if (reason === 'veto') {
    const ids = (input?.vetoEntryIds ?? []).map((id) => `#${id}`).join('、');
    zh = `有一票否决记录（${ids}），评为警示型`;
    en = `Has a veto entry (${ids.replaceAll('、', ', ')}): Warning`;
  } else if (reason === 'below_warning') {
    zh = `年度得分低于警示线 ${fixed2(rule.warningBelow)}，评为警示型`;
    en = `Annual score below the warning line ${fixed2(rule.warningBelow)}: Warning`;
  } else if (rule.kind === 'quota' && limits) {
    const bound: Record<Exclude<Tier, 'warning'>, [string, number, number] | null> = {
      benchmark: ['≤', rule.benchmark, limits.benchmark],
      excellent: ['≤', rule.excellent, limits.excellent],
      good: ['≤', rule.good, limits.good],
      qualified: ['>', rule.good, limits.good],
    };
    const b = tier === 'warning' ? null : bound[tier];
    const cmp = b ? `c = ${r.c} ${b[0]} ⌊${b[1]}% × ${r.n}⌋ = ${b[2]}` : '';
    zh = `范围内参评 ${r.n} 人，得分不低于本人的非警示型人数 ${cmp}，评为${label.zh}（同分在档位边界时一律取较低档）`;
    en = `${r.n} graded in the scope; members not in Warning scoring at least as much: ${cmp}, so ${label.en} (ties at a boundary take the lower tier)`;
  } else {
    const line =
      tier === 'benchmark'
        ? rule.benchmark
        : tier === 'excellent'
          ? rule.excellent
          : tier === 'good'
            ? rule.good
            : null;
    zh =
      line === null
        ? `年度得分未达良好型分数线 ${fixed2(rule.good)}，评为合格型`
        : `年度得分达到${label.zh}分数线 ${fixed2(line)}，评为${label.zh}`;
    en =
      line === null
        ? `Annual score below the Good threshold ${fixed2(rule.good)}: Qualified`
        : `Annual score reaches the ${label.en} threshold ${fixed2(line)}: ${label.en}`;
  }
  if (r.flagged) {
    zh += `；仅有 ${r.quarters_present} 个季度得分（少于 ${rules.minQuartersForUnflagged} 个），需复核`;
    en += `; scored in only ${r.quarters_present} quarter(s) (fewer than ${rules.minQuartersForUnflagged}): flagged for review`;
  }
  return { zh: `${meanZh}；${zh}`, en: `${meanEn}; ${en}` };
}

/** A stored result with its explanation: the quarter scores behind it, the rule, c/n and the words. */
function resultDto(
  r: StoredRow,
  rules: SchemeRules,
  input: YearInput | undefined,
  year: number,
): YearResultDto {
  const limits = limitsOf(rules.tierRule, r.n);
  const recomputed = input ? annualScore(input.totals, rules.minQuartersForUnflagged) : null;
  const stale =
    !input || recomputed?.score !== r.annual_score || (input.vetoEntryIds.length > 0 ? 1 : 0) !== r.has_veto;
  return {
    memberId: r.member_id,
    name: r.name,
    employeeNo: r.employee_no,
    branchId: r.branch_id,
    branchName: r.branch_name,
    scopeOrgId: r.scope_org_id,
    scopeOrgName: r.scope_name,
    annualScore: r.annual_score,
    quartersPresent: r.quarters_present,
    flagged: r.flagged === 1,
    hasVeto: r.has_veto === 1,
    tier: r.tier as Tier,
    reason: r.reason as TierReason,
    c: r.c,
    n: r.n,
    rankInScope: r.rank_in_scope,
    explanation: {
      quarters: QUARTERS.map((q, i) => ({
        quarter: quarterKey(year, q),
        total: input?.totals[i] ?? null,
        versionId: input?.versionIds[i] ?? null,
      })),
      formula: 'mean_of_present_quarters',
      sum: recomputed?.sum ?? 0,
      quartersPresent: r.quarters_present,
      recomputed: recomputed?.score ?? null,
      stale,
      vetoEntryIds: input?.vetoEntryIds ?? [],
      limits,
      rule: rules.tierRule,
      minQuartersForUnflagged: rules.minQuartersForUnflagged,
      text: tierText(r, rules, limits, input),
    },
  };
}

async function resultDtos(
  db: DbOrTrx,
  schemeId: number,
  year: number,
  rules: SchemeRules,
  rows: StoredRow[],
): Promise<YearResultDto[]> {
  if (rows.length === 0) return [];
  const inputs = await loadYearInputs(
    db,
    schemeId,
    year,
    rows.map((r) => r.member_id),
  );
  return rows.map((r) => resultDto(r, rules, inputs.get(r.member_id), year));
}

/**
 * Checks who may read an org's tier results: before publication the committee and affairs
 * (`points.results.read` at the org or above); after it, any officer whose roles reach the org
 * (a secretary their branch). Members read only their own tier ({@link myYear}).
 */
async function resultsAccess(ctx: Ctx, orgId: number, published: boolean): Promise<void> {
  const readsOncePublished = (await rolesAtOrg(ctx.db, ctx.user, orgId)).some((r) =>
    publishedTierReaderRoles.includes(r),
  );
  const ok = published ? readsOncePublished : await can(ctx.db, ctx.user, 'points.results.read', orgId);
  // Who will read them once published is told "not yet", not "forbidden".
  if (!ok && !published && readsOncePublished) throw yearNotPublished();
  if (!ok) throw new AppError('forbidden', { permission: 'points.results.read', orgId, published });
}

/**
 * What the year's results and their checks read besides the grants: the scheme, the org and the
 * year. Read fresh, or kept per data version (`keptYearReads`): the checks that follow are the
 * same code either way.
 */
interface YearReads {
  scheme(id: number): ReturnType<typeof findScheme>;
  org(id: number): ReturnType<typeof orgName>;
  year(schemeId: number): ReturnType<typeof findYear>;
}

function freshYearReads(db: DbOrTrx): YearReads {
  return {
    scheme: (id) => findScheme(db, id),
    org: (id) => orgName(db, id),
    year: (schemeId) => findYear(db, schemeId),
  };
}

/** The same reads, each kept under the data versions the request read (`lib/kept-answers.ts`). */
function keptYearReads(db: DbOrTrx, view: KeptView): YearReads {
  const fresh = freshYearReads(db);
  return {
    scheme: (id) => view.fact(`scheme ${id}`, () => fresh.scheme(id)),
    org: (id) => view.fact(`org name ${id}`, () => fresh.org(id)),
    year: (schemeId) => view.fact(`year of ${schemeId}`, () => fresh.year(schemeId)),
  };
}

/** The year, its rule and filters, once the caller may read the org's results. */
async function resultsContext(
  ctx: Ctx,
  schemeId: number,
  query: z.infer<typeof yearExportQuery>,
  reads: YearReads = freshYearReads(ctx.db),
) {
  const s = await reads.scheme(schemeId);
  const orgId = query.orgId ?? s.root_org_id;
  const org = await reads.org(orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: orgId });
  const y = await reads.year(schemeId);
  await resultsAccess(ctx, orgId, y?.state === 'published');
  const rules = y?.version_id ? (await versionById(ctx.db, y.version_id)).scheme.rules : null;
  const filter: YearResultFilter | null =
    y && y.computed_at != null
      ? {
          yearId: y.id,
          subtree: await scopeOrgIds(ctx.db, [orgId]),
          tier: query.tier,
          flagged: query.flagged === undefined ? undefined : query.flagged === 'true',
        }
      : null;
  return { s, org, y, rules, filter };
}

/**
 * The tier results of an org's subtree, paged (filters: tier, flagged), with the subtree's
 * distribution per tier (the chart) and, for each ranking scope met, its n and the quota limits
 * applied. Every row explains itself.
 */
export async function listYearResults(ctx: Ctx, schemeId: number, query: z.infer<typeof yearResultsQuery>) {
  return yearResultsPage(ctx, await resultsContext(ctx, schemeId, query), query);
}

/**
 * The year's results as their route serves them: the points and directory versions read first,
 * then the checks of `resultsContext` as on a fresh read, and only then the answer, kept under the
 * scheme, the org it resolved to and the query (nothing of it depends on the viewer beyond the
 * checks) — or computed, serialised by `serialize` and kept (`lib/kept-answers.ts`). Byte for
 * byte what `listYearResults` answers (`kept-answers.test.ts`).
 */
export async function keptYearResults(
  ctx: Ctx,
  schemeId: number,
  query: z.infer<typeof yearResultsQuery>,
  serialize: (answer: Awaited<ReturnType<typeof listYearResults>>) => string,
) {
  const view = await keptView(ctx.db);
  const context = await resultsContext(ctx, schemeId, query, keptYearReads(ctx.db, view));
  const key = JSON.stringify(['year results', context.s.id, context.org.id, query]);
  const answer = await view.answerOf(key, async () =>
    serialize(await yearResultsPage(ctx, context, query, keptResultReads(ctx.db, view, context.org.id))),
  );
  return { view, key, answer };
}

/**
 * What a page of the year's results reads about all of its org's results besides its own rows:
 * the distribution by scope and tier, and how many rows the filters keep. Read fresh, or kept per
 * data version (`keptResultReads`), then shared by every page of the org and filters.
 */
interface ResultReads {
  summaries(filter: YearResultFilter): ReturnType<typeof resultSummaries>;
  count(filter: YearResultFilter): Promise<number>;
  /** A page of the rows in the list's order (scope, rank in it, employee number). */
  page(filter: YearResultFilter, limit: number, offset: number): ReturnType<typeof listResults>;
}

function freshResultReads(db: DbOrTrx): ResultReads {
  return {
    summaries: (f) => resultSummaries(db, f),
    count: (f) => countResults(db, f),
    page: (f, limit, offset) => listResults(db, f, limit, offset),
  };
}

/** The same reads kept under the data versions the request read; `orgId` is the filter's subtree. */
function keptResultReads(db: DbOrTrx, view: KeptView, orgId: number): ResultReads {
  const fresh = freshResultReads(db);
  const key = (what: string, f: YearResultFilter) =>
    `${what} of year ${f.yearId} org ${orgId} ${JSON.stringify([f.tier ?? null, f.flagged ?? null])}`;
  return {
    summaries: (f) =>
      view.fact(
        key('year summaries', f),
        () => fresh.summaries(f),
        (rows) => rows.reduce((n, r) => n + 160 + 2 * (r.scope_name.length + r.tier.length), 0),
      ),
    count: (f) => view.fact(key('year count', f), () => fresh.count(f)),
    // The whole list's order (member ids) once, then each page's rows by their key: the order's
    // sort over every result of the subtree ran again for every page.
    page: async (f, limit, offset) => {
      const order = await view.fact(
        key('year order', f),
        () => listResultMembers(db, f),
        (ids) => 16 * ids.length,
      );
      return resultsOfMembers(db, f.yearId, order.slice(offset, offset + limit));
    },
  };
}

async function yearResultsPage(
  ctx: Ctx,
  { s, org, y, rules, filter }: Awaited<ReturnType<typeof resultsContext>>,
  query: z.infer<typeof yearResultsQuery>,
  reads: ResultReads = freshResultReads(ctx.db),
) {
  const distribution = emptyDistribution();
  const scopes = new Map<
    number,
    { scopeOrgId: number; scopeOrgName: string; n: number; distribution: Record<Tier, number> }
  >();
  let page: Page<YearResultDto> = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  if (filter && rules) {
    for (const r of await reads.summaries({ ...filter, tier: undefined, flagged: undefined })) {
      distribution[r.tier as Tier] += r.count;
      const sc = scopes.get(r.scope_org_id) ?? {
        scopeOrgId: r.scope_org_id,
        scopeOrgName: r.scope_name,
        n: r.n,
        distribution: emptyDistribution(),
      };
      sc.distribution[r.tier as Tier] += r.count;
      scopes.set(r.scope_org_id, sc);
    }
    page = await paginate(
      query.page,
      query.pageSize,
      () => reads.count(filter),
      async (limit, offset) =>
        resultDtos(ctx.db, s.id, s.year, rules, await reads.page(filter, limit, offset)),
    );
  }
  return {
    ...page,
    schemeId: s.id,
    orgId: org.id,
    orgName: org.name,
    state: y?.state ?? ('draft' as const),
    versionId: y?.version_id ?? null,
    distribution,
    scopes: [...scopes.values()].map((sc) => ({
      ...sc,
      limits: rules ? limitsOf(rules.tierRule, sc.n) : null,
    })),
    rule: rules?.tierRule ?? null,
  };
}

/** Every result of the export's filters, for the spreadsheet (same access as the list). */
export async function allYearResults(ctx: Ctx, schemeId: number, query: z.infer<typeof yearExportQuery>) {
  const { s, org, y, rules, filter } = await resultsContext(ctx, schemeId, query);
  const rows =
    filter && rules
      ? await resultDtos(ctx.db, s.id, s.year, rules, await listResults(ctx.db, filter, null, 0))
      : [];
  return { scheme: s, orgName: org.name, state: y?.state ?? ('draft' as const), rows };
}

/** A member's own tier: shown only once the committee has published the year. */
export async function myYear(ctx: Ctx, schemeId: number) {
  if (ctx.user.memberId == null) throw new AppError('forbidden', { reason: 'not linked to a member' });
  const s = await findScheme(ctx.db, schemeId);
  const y = await findYear(ctx.db, schemeId);
  const state = y?.state ?? ('draft' as const);
  if (!y || state !== 'published' || !y.version_id) return { schemeId, state, result: null };
  const { scheme } = await versionById(ctx.db, y.version_id);
  const rows = await listResults(
    ctx.db,
    {
      yearId: y.id,
      subtree: await scopeOrgIds(ctx.db, [s.root_org_id]),
      memberId: ctx.user.memberId,
    },
    1,
    0,
  );
  const [result] = await resultDtos(ctx.db, s.id, s.year, scheme.rules, rows);
  return { schemeId, state, result: result ?? null };
}
