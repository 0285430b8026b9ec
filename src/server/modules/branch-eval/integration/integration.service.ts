/**
 * The benchmarking information system's access (SPEC §3 "Publication to the benchmarking
 * information system (对标管理信息系统): a stable, documented API and an Excel export of each
 * month's rankings"). An admin issues a key for a round's org; the key is shown once and only its
 * SHA-256 is stored, so a database leak does not leak keys. The API is read-only and serves
 * published months only, which change only through an approved correction (a new result
 * version, shown in the list) — safe to poll.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  IntegrationMonthResponse,
  integrationIndicatorPage as indicatorPageSchema,
  integrationGradesResponse,
  integrationKeyCreateBody,
  integrationKeyCreated,
  integrationKeyListQuery,
  integrationKeyView,
  integrationMonthsResponse,
  integrationRankingQuery,
  integrationRankingsIndex,
  RankingRow,
  integrationTotalPage as totalPageSchema,
} from '../../../../contracts/branch-eval.js';
import { formatPoints } from '../../../../domain/branch-eval/index.js';
import { appendAudit } from '../../../lib/audit.js';
import { type Ctx, type Deps, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { type Page, paginate } from '../../../lib/pagination.js';
import { authorize, requireSomewhere, scopeOrgIds } from '../../../lib/permissions.js';
import * as orgService from '../../org/org.service.js';
import { monthParts } from '../branch-eval.common.js';
import {
  allGrades,
  fullRankings,
  indicatorRankRowOf,
  rankedIndicatorsOf,
  rankingRowOf,
  rankingsWorkbook,
} from '../results/results.service.js';
import * as roundRepo from '../round/round.repo.js';
import * as integrationRepo from './integration.repo.js';

type KeyView = z.infer<typeof integrationKeyView>;
type KeyRow = NonNullable<Awaited<ReturnType<typeof integrationRepo.findKey>>>;

const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

function keyView(k: KeyRow): KeyView {
  return {
    id: k.id,
    orgId: k.org_id,
    orgName: k.org_name,
    name: k.name,
    prefix: k.key_prefix,
    createdAt: k.created_at,
    revokedAt: k.revoked_at,
    revokeReason: k.revoke_reason,
    lastUsedAt: k.last_used_at,
    active: k.revoked_at === null,
  };
}

/** The integration keys of the orgs the admin manages (never the keys themselves). */
export async function listIntegrationKeys(
  ctx: Ctx,
  query: z.infer<typeof integrationKeyListQuery>,
): Promise<Page<KeyView>> {
  const roots = requireSomewhere(ctx.user, 'branch_eval.integration.manage');
  const scope = await scopeOrgIds(ctx.db, roots);
  return paginate(
    query.page,
    query.pageSize,
    () => integrationRepo.countKeys(ctx.db, scope, query.orgId),
    async (limit, offset) =>
      (await integrationRepo.listKeys(ctx.db, scope, query.orgId, limit, offset)).map(keyView),
  );
}

/**
 * Issues a key for a round's org (an admin). The answer carries the key itself, once; afterwards
 * only its prefix is shown.
 */
export async function issueIntegrationKey(
  ctx: Ctx,
  input: z.infer<typeof integrationKeyCreateBody>,
): Promise<z.infer<typeof integrationKeyCreated>> {
  const key = `kh_${randomBytes(24).toString('base64url')}`;
  const id = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.integration.manage', input.orgId);
    const at = nowIso(ctx.clock);
    const id = await integrationRepo.insertKey(trx, {
      org_id: input.orgId,
      name: input.name,
      key_hash: hashKey(key),
      key_prefix: key.slice(0, 10),
      created_by: ctx.user.id,
      created_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.integration_key.issue',
        entityType: 'be_integration_key',
        entityId: id,
        orgId: input.orgId,
        after: { name: input.name, prefix: key.slice(0, 10) },
      },
    ]);
    return id;
  });
  const row = await integrationRepo.findKey(ctx.db, id);
  if (!row) throw new AppError('internal');
  return { ...keyView(row), key };
}

/** Revokes a key at once (an admin, with a reason); the next call with it is answered 401. */
export async function revokeIntegrationKey(ctx: Ctx, id: number, reason: string): Promise<KeyView> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await integrationRepo.findKey(trx, id);
    if (!row) throw new AppError('not_found', { entity: 'be_integration_key', id });
    await authorize(trx, ctx.user, 'branch_eval.integration.manage', row.org_id);
    const at = nowIso(ctx.clock);
    if (!(await integrationRepo.revokeKey(trx, id, ctx.user.id, at, reason))) {
      throw new AppError('invalid_transition', { reason: 'the key is already revoked' });
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.integration_key.revoke',
        entityType: 'be_integration_key',
        entityId: id,
        orgId: row.org_id,
        before: { active: true },
        after: { active: false, reason },
      },
    ]);
  });
  const row = await integrationRepo.findKey(ctx.db, id);
  if (!row) throw new AppError('internal');
  return keyView(row);
}

export interface IntegrationCaller {
  readonly keyId: number;
  readonly orgId: number;
}

/**
 * The caller of the benchmarking API from its `Authorization: Bearer <key>` header: no header
 * `integration_key_missing`, an unknown key `integration_key_invalid`, a revoked one
 * `integration_key_revoked` (all 401).
 */
export async function authenticateIntegration(
  deps: Deps,
  header: string | undefined,
): Promise<IntegrationCaller> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) throw new AppError('integration_key_missing');
  const row = await integrationRepo.findKeyByHash(deps.db, hashKey(m[1]));
  if (!row) throw new AppError('integration_key_invalid');
  if (row.revoked_at !== null) throw new AppError('integration_key_revoked', { revokedAt: row.revoked_at });
  await integrationRepo.touchKey(deps.db, row.id, nowIso(deps.clock));
  return { keyId: row.id, orgId: row.org_id };
}

async function orgOf(deps: Deps, orgId: number) {
  const org = await orgService.findOrgRow(deps.db, orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: orgId });
  return { id: org.id, code: org.code, name: org.name };
}

const base = '/api/integration/v1/branch-eval/months';

/**
 * The result version of a published month: an approved correction after publication computes a
 * new one, so a poller sees the month change in the list (and in its ETag) and fetches it again.
 */
const versionOf = (m: roundRepo.MonthRow) => ({
  version: m.result_version,
  correctionCount: m.correction_count,
  correctedAt: m.corrected_at,
});

/** The published months of the key's round from `since` (default: the first), oldest first. */
export async function integrationMonths(
  deps: Deps,
  caller: IntegrationCaller,
  since: string | undefined,
): Promise<z.infer<typeof integrationMonthsResponse>> {
  const org = await orgOf(deps, caller.orgId);
  const months = await integrationRepo.publishedMonthsSince(deps.db, caller.orgId, since ?? '0000-00');
  const counts = await integrationRepo.scoreCounts(
    deps.db,
    months.map((m) => m.id),
  );
  return {
    org,
    months: months.map((m) => ({
      month: m.month,
      publishedAt: m.published_at ?? '',
      publishedOn: m.published_on ?? '',
      branches: Number(counts.find((c) => c.month_id === m.id)?.n ?? 0),
      ...versionOf(m),
      href: `${base}/${m.month}`,
      rankings: `${base}/${m.month}/rankings`,
      xlsx: `${base}/${m.month}/rankings.xlsx`,
    })),
  };
}

async function publishedMonth(deps: Deps, caller: IntegrationCaller, key: string) {
  const month = await roundRepo.findMonth(deps.db, caller.orgId, monthParts(key).key);
  if (month?.state !== 'published') {
    throw new AppError(
      'not_found',
      { entity: 'published month', month: key },
      { zh: `${key} 的结果尚未发布`, en: `The results of ${key} are not published` },
    );
  }
  return month;
}

/** A ranking row by total as the API gives it (points also as text, the signal as a number). */
function totalRowOf(r: RankingRow): IntegrationMonthResponse['total'][number] {
  return {
    rank: r.rank,
    previousRank: r.previousRank,
    movement: r.movement,
    branchId: r.branchId,
    branchCode: r.branchCode,
    branchName: r.branchName,
    total: r.total,
    totalText: formatPoints(r.total),
    byCategory: r.byCategory,
    mandatoryMissed: r.mandatoryMissed,
    signalPercentTenths: r.signal.percentTenths,
    corrected: r.correction !== null,
  };
}

/** One published month's rankings: by total and by every indicator, with movement. */
export async function integrationMonth(
  deps: Deps,
  caller: IntegrationCaller,
  key: string,
): Promise<IntegrationMonthResponse> {
  const org = await orgOf(deps, caller.orgId);
  const month = await publishedMonth(deps, caller, key);
  const { total, indicators } = await fullRankings(deps.db, month);
  return {
    org,
    month: month.month,
    publishedAt: month.published_at ?? '',
    publishedOn: month.published_on ?? '',
    ...versionOf(month),
    total: total.map(totalRowOf),
    indicators: indicators.map((i) => ({
      code: i.code,
      name: i.name,
      category: i.category,
      rows: i.rows.map((r) => ({ ...r, scoreText: formatPoints(r.score) })),
    })),
  };
}

/** What every answer about one published month starts with. */
const monthHead = (org: { id: number; code: string; name: string }, month: roundRepo.MonthRow) => ({
  org,
  month: month.month,
  publishedAt: month.published_at ?? '',
  publishedOn: month.published_on ?? '',
  ...versionOf(month),
});

/** The rankings of a published month: by total, then by each indicator in plan order. */
export async function integrationRankings(
  deps: Deps,
  caller: IntegrationCaller,
  key: string,
): Promise<z.infer<typeof integrationRankingsIndex>> {
  const org = await orgOf(deps, caller.orgId);
  const month = await publishedMonth(deps, caller, key);
  const [branches] = await integrationRepo.scoreCounts(deps.db, [month.id]);
  const counts = new Map(
    (await integrationRepo.indicatorRowCounts(deps.db, month.id)).map((c) => [c.code, Number(c.n)]),
  );
  const indicators = await rankedIndicatorsOf(deps.db, month.id);
  const at = `${base}/${month.month}/rankings`;
  return {
    ...monthHead(org, month),
    branches: Number(branches?.n ?? 0),
    rankings: [
      { code: 'total', name: '总排名', category: null, rows: Number(branches?.n ?? 0), href: `${at}/total` },
      ...indicators.map((i) => ({
        code: i.code,
        name: i.name,
        category: i.category,
        rows: counts.get(i.code) ?? 0,
        href: `${at}/indicators/${encodeURIComponent(i.code)}`,
      })),
    ],
  };
}

/**
 * The cursor a page was asked after: it must have been read under the month's current result
 * version (a correction re-ranks the month; paging on would mix two versions).
 */
function cursorOf(after: string | undefined, month: roundRepo.MonthRow): integrationRepo.RankCursor | null {
  if (after === undefined) return null;
  const [version, rank, branchId] = after.split('.').map(Number);
  if (version !== month.result_version) {
    throw new AppError('cursor_stale', {
      month: month.month,
      cursorVersion: version,
      version: month.result_version,
    });
  }
  return { rank: rank ?? 0, branchId: branchId ?? 0 };
}

/** The cursor after a page's last row, and the next page's address; null when the page was the last. */
function nextOf(
  rows: readonly { rank: number; branch_id: number }[],
  limit: number,
  month: roundRepo.MonthRow,
  path: string,
) {
  const last = rows[rows.length - 1];
  if (rows.length < limit || !last) return { after: null, next: null };
  const after = `${month.result_version}.${last.rank}.${last.branch_id}`;
  return { after, next: `${path}?after=${after}&limit=${limit}` };
}

/** A page of a published month's ranking by total, in rank order. */
export async function integrationTotalPage(
  deps: Deps,
  caller: IntegrationCaller,
  key: string,
  query: z.infer<typeof integrationRankingQuery>,
): Promise<z.infer<typeof totalPageSchema>> {
  const org = await orgOf(deps, caller.orgId);
  const month = await publishedMonth(deps, caller, key);
  const rows = await integrationRepo.totalPageAfter(
    deps.db,
    month.id,
    cursorOf(query.after, month),
    query.limit,
  );
  return {
    ...monthHead(org, month),
    code: 'total',
    rows: rows.map((s) => totalRowOf(rankingRowOf(s))),
    ...nextOf(rows, query.limit, month, `${base}/${month.month}/rankings/total`),
  };
}

/** A page of a published month's ranking by one indicator, in rank order (404: not ranked that month). */
export async function integrationIndicatorPage(
  deps: Deps,
  caller: IntegrationCaller,
  key: string,
  code: string,
  query: z.infer<typeof integrationRankingQuery>,
): Promise<z.infer<typeof indicatorPageSchema>> {
  const org = await orgOf(deps, caller.orgId);
  const month = await publishedMonth(deps, caller, key);
  const indicator = (await rankedIndicatorsOf(deps.db, month.id)).find((i) => i.code === code);
  if (!indicator) {
    throw new AppError(
      'not_found',
      { entity: 'indicator ranking', month: key, code },
      { zh: `${key} 没有指标 ${code} 的排名`, en: `${key} has no ranking by indicator ${code}` },
    );
  }
  const rows = await integrationRepo.indicatorPageAfter(
    deps.db,
    month.id,
    code,
    cursorOf(query.after, month),
    query.limit,
  );
  return {
    ...monthHead(org, month),
    code: indicator.code,
    name: indicator.name,
    category: indicator.category,
    rows: rows.map((r) => ({ ...indicatorRankRowOf(r), scoreText: formatPoints(r.score) })),
    ...nextOf(
      rows,
      query.limit,
      month,
      `${base}/${month.month}/rankings/indicators/${encodeURIComponent(code)}`,
    ),
  };
}

/** The same rankings as the xlsx a person downloads. */
export async function integrationMonthXlsx(deps: Deps, caller: IntegrationCaller, key: string) {
  const org = await orgOf(deps, caller.orgId);
  const month = await publishedMonth(deps, caller, key);
  return rankingsWorkbook(deps.db, org, month);
}

/**
 * A year's annual grades of the key's round, from published months only. A grade whose year is
 * not complete (a quarter without a score, or counted with months still unpublished — Q4 holding
 * only October) says so: `complete: false` with what it lacks; the whole answer is complete only
 * when every grade is.
 */
export async function integrationGrades(
  deps: Deps,
  caller: IntegrationCaller,
  year: number,
): Promise<z.infer<typeof integrationGradesResponse>> {
  const org = await orgOf(deps, caller.orgId);
  const board = await allGrades(deps.db, caller.orgId, year);
  return {
    org,
    year,
    complete: board.items.length > 0 && board.items.every((r) => r.complete),
    ruleVersion: board.rule.version,
    grades: board.items.map((r) => ({
      branchId: r.branchId,
      branchCode: r.branchCode,
      branchName: r.branchName,
      quarters: r.quarters,
      annualScore: r.annualScore,
      annualScoreText: r.annualScore === null ? null : formatPoints(r.annualScore),
      grade: r.grade,
      gradeLabel: r.gradeLabel,
      complete: r.complete,
      missingQuarters: r.missingQuarters,
      incompleteQuarters: r.incompleteQuarters,
      explanation: r.explanation,
    })),
  };
}
