import type { z } from 'zod';
import type { boardQuery } from '../../../contracts/points.js';
import { type DbOrTrx, forLargeStatements } from '../../../db/kysely.js';
import { allows, pointsDeductionViewerRoles, rolesAt } from '../../../domain/access/roles.js';
import { parsePeriodKey, quarterRange } from '../../../domain/calendar/index.js';
import type { PartyKind } from '../../../domain/org/tree.js';
import {
  type ApprovedEntry,
  computeQuarterScore,
  type QuarterScore,
  viewQuarterScore,
} from '../../../domain/points/quarter-score.js';
import {
  addCounted,
  type CountedSums,
  countedOfItem,
  totalsOfCounted,
} from '../../../domain/points/quarter-totals.js';
import { movement, type OrgPathNode, rankingScopeKey } from '../../../domain/points/ranking.js';
import type { Scheme, SchemeItem } from '../../../domain/points/scheme.js';
import { nextQuarterState, type QuarterAction } from '../../../domain/points/workflow.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { deferDataVersions, flushDataVersions } from '../../lib/data-version.js';
import { AppError } from '../../lib/errors.js';
import { type KeptView, keptView } from '../../lib/kept-answers.js';
import { ancestorsOf, reachesInto, rolesAtOrg } from '../../lib/permissions.js';
import * as boardRepo from './board.repo.js';
import { approvedEntryRows, countWaitingNormal } from './entry.repo.js';
import { viewEntries } from './entry-view.js';
import { notPublished, transitionError } from './points.common.js';
import * as repo from './quarter.repo.js';
import { currentVersion, findScheme, versionById, versionRules } from './scheme.service.js';

function bounds(quarter: string) {
  const p = parsePeriodKey(quarter);
  if (p.kind !== 'quarter') throw new AppError('validation_failed', { field: 'quarter' });
  return { year: p.year, ...quarterRange(p.year, p.quarter) };
}

/** Each org of the root's tree with its path root → … → org, and its branch (a group's branch). */
export async function orgPaths(db: DbOrTrx, rootOrgId: number) {
  const rows = await repo.orgAncestorsUnder(db, rootOrgId);
  const paths = new Map<number, { orgId: number; kind: PartyKind; depth: number }[]>();
  for (const r of rows) {
    const list = paths.get(r.descendant_id) ?? [];
    list.push({ orgId: r.ancestor_id, kind: r.kind as PartyKind, depth: r.depth });
    paths.set(r.descendant_id, list);
  }
  const out = new Map<number, { path: OrgPathNode[]; branchId: number }>();
  for (const [orgId, list] of paths) {
    list.sort((a, b) => b.depth - a.depth);
    const path = list.map((n) => ({ orgId: n.orgId, kind: n.kind }));
    const branch = [...path].reverse().find((n) => n.kind === 'branch');
    out.set(orgId, { path, branchId: branch?.orgId ?? orgId });
  }
  return out;
}

/**
 * Who belongs to the scheme in a quarter, and in which branch they are ranked: party members
 * with a branch of the root's tree during the quarter, placed where they were on its last day
 * (or today, for a quarter still running). Before a member's first history row they count in
 * the branch they were first recorded in (as in `branchOnDate`).
 */
export async function quarterMembers(
  db: DbOrTrx,
  rootOrgId: number,
  start: string,
  end: string,
  today: string,
  range?: repo.MemberIdRange,
) {
  const rows = await repo.partyBranchHistoryUnder(db, rootOrgId, range);
  const at = end < today ? end : today;
  const result = new Map<number, number>();
  let i = 0;
  while (i < rows.length) {
    const memberId = rows[i]?.member_id ?? 0;
    const own = [];
    while (i < rows.length && rows[i]?.member_id === memberId) own.push(rows[i++]);
    const hist = own.filter((r) => r !== undefined);
    const first = hist[0];
    if (!first) continue;
    // Overlap with the quarter. The first row reaches back to the day the member joined the party
    // (a roster imported today still covers the year so far), but never before it: someone who
    // joined in Q4 belongs to Q4 only, and is flagged at year end for being present too briefly.
    const joined = first.join_date;
    const present = hist.some(
      (r, k) =>
        (k === 0 ? joined == null || joined <= end : r.from_date <= end) &&
        (r.to_date == null || r.to_date > start),
    );
    if (!present) continue;
    let branch = at < first.from_date ? first.branch_id : null;
    for (const r of hist)
      if (r.from_date <= at && (r.to_date == null || at < r.to_date)) branch = r.branch_id;
    if (branch == null)
      branch = [...hist].reverse().find((r) => r.from_date <= end)?.branch_id ?? first.branch_id;
    result.set(memberId, branch);
  }
  return result;
}

/** The approved entries of a scheme's quarter for some members (the only entries that count), by member. */
export async function approvedEntries(
  db: DbOrTrx,
  schemeId: number,
  quarter: string,
  memberIds: number[],
): Promise<Map<number, ApprovedEntry[]>> {
  return entriesByMember(await approvedEntryRows(db, schemeId, quarter, memberIds));
}

function entriesByMember(rows: Awaited<ReturnType<typeof approvedEntryRows>>) {
  const by = new Map<number, ApprovedEntry[]>();
  for (const r of rows) {
    const e: ApprovedEntry = {
      id: r.id,
      itemCode: r.item_code,
      occurredOn: r.occurred_on,
      quantity: r.quantity,
      points: r.points,
      kind: r.kind,
      revokesEntryId: r.revokes_entry_id,
    };
    const list = by.get(r.member_id);
    if (list) list.push(e);
    else by.set(r.member_id, [e]);
  }
  return by;
}

/**
 * What a stored quarter score keeps in `explanation_json`: its inputs, named compactly — the
 * member's approved entries of the quarter up to entry `lastEntryId` (`entries` of them, cancelled
 * entries and cancellations included; approved entries are never edited, and a later approval
 * in a closed quarter rescores the member) — and the veto entries among them, which the year's
 * grading reads. With the score's rule version (`version_id`) the full explanation is derived on
 * demand by the domain's `computeQuarterScore` ({@link storedExplanation}), field for field what
 * a close storing it whole would have kept, without writing kilobytes of JSON per member at every
 * close. Scores stored before this format hold the full {@link QuarterScore}, read as is.
 */
export interface StoredQuarterInputs {
  readonly entries: number;
  readonly lastEntryId: number;
  readonly vetoEntryIds: readonly number[];
}

function storedInputs(entries: readonly ApprovedEntry[], score: QuarterScore): string {
  const inputs: StoredQuarterInputs = {
    entries: entries.length,
    lastEntryId: entries.reduce((m, e) => Math.max(m, e.id), 0),
    vetoEntryIds: score.vetoEntryIds,
  };
  return JSON.stringify(inputs);
}

/**
 * The full explanation of a stored quarter score: derived from the entries it names under the
 * scheme version it records (the close's own computation), or the explanation itself for a
 * score stored whole. Throws if the entries no longer match what the score was computed from.
 */
export async function storedExplanation(
  db: DbOrTrx,
  stored: { readonly explanation_json: string; readonly member_id: number },
  quarter: { readonly scheme_id: number; readonly quarter: string },
  scheme: Pick<Scheme, 'rules' | 'items'>,
): Promise<QuarterScore> {
  const parsed = JSON.parse(stored.explanation_json) as QuarterScore | StoredQuarterInputs;
  if (!('lastEntryId' in parsed)) return parsed;
  const entries =
    (await approvedEntries(db, quarter.scheme_id, quarter.quarter, [stored.member_id])).get(
      stored.member_id,
    ) ?? [];
  const inputs = entries.filter((e) => e.id <= parsed.lastEntryId);
  if (inputs.length !== parsed.entries) {
    throw new Error(
      `quarter score of member ${stored.member_id}: ${inputs.length} approved entries up to #${parsed.lastEntryId}, ${parsed.entries} when computed`,
    );
  }
  return computeQuarterScore(scheme.rules, new Map(scheme.items.map((i) => [i.code, i])), inputs);
}

interface MemberSums {
  counted: CountedSums;
  /** An item of the member's entries that the scheme does not have (scoring the member throws). */
  unknownItem: string | null;
  entries: number;
  lastEntryId: number;
  vetoEntryIds: number[];
}

/**
 * The database's counted sums of a quarter, by member (see `repo.memberTotalsOfQuarter`): one pass
 * over the range's entries that checks no cancellation, then the members owning a cancelled entry
 * counted again with the check (a few hundred ids a statement), replacing their sums. The items
 * whose count cap is passed are counted here from their entries, in date order (`countedOfItem`).
 */
async function countedByMember(
  db: DbOrTrx,
  schemeId: number,
  quarter: string,
  items: readonly SchemeItem[],
  vetoItems: readonly string[],
  range: repo.MemberIdRange,
): Promise<Map<number, MemberSums>> {
  const out = new Map<number, MemberSums>();
  const add = (rows: readonly repo.MemberTotalsRow[]) => {
    for (const r of rows) {
      const counted = {
        bonus: {
          political: Number(r.political),
          professional: Number(r.professional),
          civility: Number(r.civility),
        },
        deductions: Number(r.deductions),
      };
      if (r.passed) {
        for (const part of r.passed.split('|')) {
          const [head = '', ordered = ''] = part.split('=');
          const [k, raw, units] = head.split(' ').map(Number);
          const item = items[k ?? -1];
          if (!item) throw new RangeError(`no item at position ${k}`);
          const entries = ordered.split(';').map((x) => {
            const [occurredOn = '', id, quantity, points] = x.split(' ');
            return { occurredOn, id: Number(id), quantity: Number(quantity), points: Number(points) };
          });
          addCounted(
            counted,
            item,
            countedOfItem(item, { itemCode: item.code, raw: raw ?? 0, units: units ?? 0, entries }),
          );
        }
      }
      const vetoEntryIds = r.veto_ids ? r.veto_ids.split(',').map(Number) : [];
      vetoEntryIds.sort((a, b) => a - b);
      out.set(r.member_id, {
        counted,
        unknownItem: r.unknown ? (r.unknown.split(',')[0] ?? '') : null,
        entries: Number(r.n),
        lastEntryId: Number(r.last_id),
        vetoEntryIds,
      });
    }
  };
  add(await repo.memberTotalsOfQuarter(db, schemeId, quarter, items, vetoItems, range));
  const cancelled = await repo.membersWithCancelledEntries(db, schemeId, quarter, range);
  for (let i = 0; i < cancelled.length; i += 500) {
    const some = cancelled.slice(i, i + 500);
    for (const id of some) out.delete(id);
    add(await repo.memberTotalsOfQuarter(db, schemeId, quarter, items, vetoItems, range, some));
  }
  return out;
}

const scoreColumns = (s: QuarterScore) => ({
  total: s.total,
  bonus_political: s.perDimension.political.bonusCapped,
  bonus_professional: s.perDimension.professional.bonusCapped,
  bonus_civility: s.perDimension.civility.bonusCapped,
  deductions: s.deductionTotal,
  has_veto: (s.vetoEntryIds.length > 0 ? 1 : 0) as 0 | 1,
});

/**
 * Computes every member's score of a quarter with the scheme version in force and stores it
 * with its explanation and ranks (in the branch, and in the scheme's ranking scope). Members
 * are read and scored a range of `chunk` member ids at a time into a staging table, then stored
 * ranked by the database in one `INSERT … SELECT` (each score row written once), so the server
 * holds one range's rows at a time whatever the size of the scheme (a group of a million members
 * closes in well under 512 MB). Runs in a transaction (its own if `db` is not one): the staging
 * table is the connection's.
 */
export async function computeQuarter(
  db: DbOrTrx,
  quarterId: number,
  at: string,
  today: string,
  chunk = 10_000,
): Promise<number> {
  if (!db.isTransaction)
    return db.transaction().execute((trx) => computeQuarter(trx, quarterId, at, today, chunk));
  await forLargeStatements(db);
  const q = await repo.quarterById(db, quarterId);
  const s = await findScheme(db, q.scheme_id);
  const { row: version, scheme } = await currentVersion(db, q.scheme_id);
  const { start, end } = bounds(q.quarter);
  // Each org's branch and ranking scope; the paths themselves are not kept.
  const placeOf = new Map<number, { branchId: number; scopeOrgId: number }>();
  for (const [orgId, p] of await orgPaths(db, s.root_org_id)) {
    placeOf.set(orgId, {
      branchId: p.branchId,
      scopeOrgId: rankingScopeKey(scheme.rules.rankingScope, p.path),
    });
  }
  const vetoItems = scheme.items.filter((i) => i.veto).map((i) => i.code);
  await repo.deleteScores(db, quarterId);
  await repo.createScoreStage(db);
  const none: MemberSums = {
    counted: { bonus: { political: 0, professional: 0, civility: 0 }, deductions: 0 },
    unknownItem: null,
    entries: 0,
    lastEntryId: 0,
    vetoEntryIds: [],
  };
  const { lo, hi } = await repo.memberIdBounds(db);
  let stored = 0;
  for (let from = lo; from <= hi; from += chunk) {
    const range = { from, to: from + chunk };
    const members = await quarterMembers(db, s.root_org_id, start, end, today, range);
    if (members.size === 0) continue;
    // The database counts every member's entries in one pass; only the items whose count cap is
    // passed (their order matters) and veto items bring their entries back.
    const sums = await countedByMember(db, q.scheme_id, q.quarter, scheme.items, vetoItems, range);
    const rows: repo.StagedScore[] = [];
    for (const [memberId, org] of members) {
      const place = placeOf.get(org);
      if (!place) continue;
      const mine = sums.get(memberId) ?? none;
      if (mine.unknownItem !== null)
        throw new RangeError(`An entry has an unknown item: ${mine.unknownItem}`);
      const t = totalsOfCounted(scheme.rules, mine.counted);
      rows.push([
        memberId,
        place.branchId,
        place.scopeOrgId,
        t.total,
        t.bonusCapped.political,
        t.bonusCapped.professional,
        t.bonusCapped.civility,
        t.deductionTotal,
        mine.vetoEntryIds.length > 0 ? 1 : 0,
        JSON.stringify({
          entries: mine.entries,
          lastEntryId: mine.lastEntryId,
          vetoEntryIds: mine.vetoEntryIds,
        } satisfies StoredQuarterInputs),
      ]);
    }
    await repo.stageScores(db, rows);
    stored += rows.length;
  }
  await repo.storeStagedScores(db, quarterId, version.id, at);
  // Every org's board histogram, stored with the scores (a board reads its org's, never the subtree).
  await boardRepo.storeBoardTotals(db, quarterId);
  await repo.updateQuarter(db, quarterId, { computed_at: at, version_id: version.id });
  return stored;
}

/**
 * After an adjustment is approved in a closed or published quarter (a late correction, an
 * upheld appeal), recomputes that member's score and the ranks around it. Open quarters have
 * no stored scores yet: nothing to do.
 */
export async function recomputeMemberIfClosed(
  db: DbOrTrx,
  schemeId: number,
  quarter: string,
  memberId: number,
  at: string,
): Promise<void> {
  const q = await repo.findQuarter(db, schemeId, quarter);
  if (!q || q.state === 'open') return;
  const existing = await repo.findScore(db, q.id, memberId);
  if (!existing) return;
  // The quarter's own rule version: a later re-adoption must not rescore one member of an old board.
  const { row: version, scheme } = q.version_id
    ? await versionById(db, q.version_id)
    : await currentVersion(db, schemeId);
  const entries = (await approvedEntries(db, schemeId, quarter, [memberId])).get(memberId) ?? [];
  const score = computeQuarterScore(scheme.rules, new Map(scheme.items.map((i) => [i.code, i])), entries);
  const columns = scoreColumns(score);
  await repo.updateScore(db, q.id, memberId, {
    ...columns,
    version_id: version.id,
    explanation_json: storedInputs(entries, score),
    computed_at: at,
  });
  await boardRepo.moveBoardTotal(db, q.id, existing.branch_id, existing.total, columns.total);
  // The same competition ranks as the close (`competitionRank`): only the rows the member passed
  // or fell below move, by one (a 20,000-member scope is not ranked again for one score).
  await repo.moveRank(db, q.id, 'branch_id', existing.branch_id, memberId, existing.total, columns.total);
  await repo.moveRank(
    db,
    q.id,
    'scope_org_id',
    existing.scope_org_id,
    memberId,
    existing.total,
    columns.total,
  );
}

export async function getQuarter(ctx: Ctx, schemeId: number, quarter: string) {
  const s = await findScheme(ctx.db, schemeId);
  if (!(await reachesInto(ctx.db, ctx.user, 'points.scheme.read', s.root_org_id))) {
    throw new AppError('forbidden', { permission: 'points.scheme.read' });
  }
  if (!quarter.startsWith(`${s.year}-`)) throw new AppError('validation_failed', { field: 'quarter' });
  const q = await repo.findQuarter(ctx.db, schemeId, quarter);
  const count = q ? await repo.countScores(ctx.db, q.id) : 0;
  return {
    schemeId,
    quarter,
    state: q?.state ?? ('open' as const),
    closedAt: q?.closed_at ?? null,
    publishedAt: q?.published_at ?? null,
    publishedOn: q?.published_on ?? null,
    computedAt: q?.computed_at ?? null,
    members: count,
    versionId: q?.version_id ?? null,
  };
}

/**
 * Closes (affairs), reopens (affairs, with a reason, before publication) or publishes
 * (committee) a quarter. Closing refuses while entries of the quarter still wait for review,
 * and computes every member's score; publishing makes the board visible to members.
 */
export async function quarterAction(
  ctx: Ctx,
  schemeId: number,
  quarter: string,
  action: QuarterAction,
  reason?: string,
) {
  await ctx.db.transaction().execute(async (trx) => {
    // A close runs for seconds at province scale: its versions move at the end (lib/data-version).
    deferDataVersions(trx);
    const s = await findScheme(trx, schemeId);
    if (!quarter.startsWith(`${s.year}-`)) throw new AppError('validation_failed', { field: 'quarter' });
    const roles = await rolesAtOrg(trx, ctx.user, s.root_org_id);
    // Someone with no role over the whole scheme learns nothing about the quarter's state.
    if (!roles.some((r) => r === 'affairs' || r === 'committee')) {
      throw new AppError('forbidden', { permission: `points.quarter.${action}` });
    }
    const q = await repo.ensureQuarter(trx, schemeId, quarter);
    const next = nextQuarterState(q.state, action, roles, reason);
    if (!next.ok) throw transitionError(next.error, { quarter, state: q.state, action });
    const at = nowIso(ctx.clock);
    const today = todayInChina(ctx.clock);
    if (action === 'close') {
      const { end } = bounds(quarter);
      if (today <= end)
        throw new AppError('validation_failed', { reason: 'the quarter has not ended yet', end });
      const pending = { n: await countWaitingNormal(trx, schemeId, quarter) };
      if (pending.n > 0) {
        throw new AppError(
          'conflict',
          { reason: 'entries still wait for review', pending: pending.n },
          {
            zh: `该季度还有 ${pending.n} 条积分记录待审核，请先审核完毕`,
            en: `${pending.n} entries of this quarter still wait for review; finish the review first`,
          },
        );
      }
      await repo.updateQuarter(trx, q.id, { state: 'closed', closed_by: ctx.user.id, closed_at: at });
      await computeQuarter(trx, q.id, at, today);
    } else if (action === 'reopen') {
      await repo.updateQuarter(trx, q.id, { state: 'open', closed_by: null, closed_at: null });
      await repo.deleteScores(trx, q.id);
      await boardRepo.dropBoardTotals(trx, q.id);
    } else {
      await repo.updateQuarter(trx, q.id, {
        state: 'published',
        published_by: ctx.user.id,
        published_at: at,
        published_on: today,
      });
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: `points.quarter.${action}`,
        entityType: 'points_quarter',
        entityId: q.id,
        orgId: s.root_org_id,
        before: { state: q.state },
        after: { state: next.state, quarter, reason: reason ?? null },
      },
    ]);
    await flushDataVersions(trx);
  });
  return getQuarter(ctx, schemeId, quarter);
}

// ── boards ──────────────────────────────────────────────────────────────────────────────

/**
 * What a board and its permission check read besides the page's rows: the scheme, the org, the
 * quarter and the one before, the rules, orgs' ancestors, the viewer's branch and the orgs above
 * it. Read fresh (`freshBoardReads`), or kept per data version (`keptBoardReads`): the checks
 * that follow are the same code either way.
 */
interface BoardReads {
  scheme(id: number): ReturnType<typeof findScheme>;
  org(orgId: number): Promise<{ id: number; name: string } | undefined>;
  quarterPair(schemeId: number, quarter: string, previous: string): ReturnType<typeof boardRepo.quarterPair>;
  rules(schemeId: number, versionId: number | null): Promise<Scheme['rules']>;
  ancestors(orgId: number): Promise<number[]>;
  memberBranch(memberId: number): Promise<number | null | undefined>;
  orgsAbove(branchId: number): ReturnType<typeof repo.orgsAbove>;
}

function freshBoardReads(db: DbOrTrx): BoardReads {
  return {
    scheme: (id) => findScheme(db, id),
    org: async (orgId) => (await boardRepo.orgNamed(db, orgId))[0],
    quarterPair: (schemeId, quarter, previous) => boardRepo.quarterPair(db, schemeId, quarter, previous),
    // The rules only: the board needs no items.
    rules: async (schemeId, versionId) =>
      versionId != null ? versionRules(db, versionId) : (await currentVersion(db, schemeId)).scheme.rules,
    ancestors: (orgId) => ancestorsOf(db, orgId),
    memberBranch: (memberId) => repo.memberBranch(db, memberId),
    orgsAbove: (branchId) => repo.orgsAbove(db, branchId),
  };
}

/** The same reads, each kept under the data versions the request read (`lib/kept-answers.ts`). */
function keptBoardReads(db: DbOrTrx, view: KeptView): BoardReads {
  const fresh = freshBoardReads(db);
  return {
    scheme: (id) => view.fact(`scheme ${id}`, () => fresh.scheme(id)),
    org: (orgId) => view.fact(`org ${orgId}`, () => fresh.org(orgId)),
    quarterPair: (schemeId, quarter, previous) =>
      view.fact(`quarters ${schemeId} ${quarter} ${previous}`, () =>
        fresh.quarterPair(schemeId, quarter, previous),
      ),
    rules: (schemeId, versionId) =>
      view.fact(`rules ${schemeId} ${versionId}`, () => fresh.rules(schemeId, versionId)),
    ancestors: (orgId) => view.fact(`ancestors ${orgId}`, () => fresh.ancestors(orgId)),
    memberBranch: (memberId) => view.fact(`branch of ${memberId}`, () => fresh.memberBranch(memberId)),
    orgsAbove: (branchId) => view.fact(`orgs above ${branchId}`, () => fresh.orgsAbove(branchId)),
  };
}

/**
 * Who may see a quarter's scores for an org: once published, anyone whose roles reach into the
 * org (a member sees their own branch's board); before, the committee and affairs only.
 * Returns whether the viewer sees others' deduction totals.
 */
async function boardAccess(
  ctx: Ctx,
  reads: BoardReads,
  orgId: number,
  quarter: string,
  published: boolean,
  rules: Scheme['rules'],
): Promise<{ showDeductions: boolean }> {
  const ancestors = await reads.ancestors(orgId);
  // `can(…, 'points.results.read', orgId)` and `rolesAtOrg(…, orgId)` on the org's ancestors.
  if (!published && allows(ctx.user.grants, 'points.results.read', ancestors))
    return { showDeductions: true };
  const roles = rolesAt(ctx.user.grants, ancestors);
  let mayRead = roles.length > 0;
  if (!mayRead && ctx.user.memberId != null) {
    // A member reads the board of their own branch (and of the party group inside it).
    const branchId = await reads.memberBranch(ctx.user.memberId);
    if (branchId != null) mayRead = (await reads.ancestors(branchId)).includes(orgId);
  }
  if (!mayRead) throw new AppError('forbidden', { permission: 'points.board.read' });
  // Someone who will read this board once it is published is told "not yet", not "forbidden".
  if (!published) throw notPublished(quarter);
  return {
    showDeductions:
      rules.boardPrivacy.showOthersDeductions || roles.some((r) => pointsDeductionViewerRoles.includes(r)),
  };
}

/** `a.localeCompare(b)`'s order (the same collator), without building it again on every comparison. */
const byEmployeeNo = new Intl.Collator();

/**
 * The board (亮分榜) of an org for a quarter: every member of its subtree ranked by score
 * (competition ranking), with the dimension breakdown and the movement against the previous
 * quarter's rank in the same org.
 */
export async function board(ctx: Ctx, query: z.infer<typeof boardQuery>) {
  return boardPage(ctx, query, await boardFrame(ctx, query, freshBoardReads(ctx.db)));
}

/**
 * The board as the board's route serves it: the permission checks run on every request, on the
 * scheme, quarters, orgs and viewer's branch kept per data version; the answer itself, serialised
 * by `serialize`, is kept under the query, the org it resolved to, whether the viewer sees others'
 * deductions and the viewer's member id (their own row's deductions and their branch's orgs show
 * in it). Byte for byte what `board` answers (`kept-answers.test.ts`).
 */
export async function keptBoard(
  ctx: Ctx,
  query: z.infer<typeof boardQuery>,
  serialize: (answer: Awaited<ReturnType<typeof board>>) => string,
) {
  const view = await keptView(ctx.db);
  const frame = await boardFrame(ctx, query, keptBoardReads(ctx.db, view));
  const key = JSON.stringify([
    'board',
    frame.schemeId,
    query.quarter,
    frame.orgId,
    query.q || '',
    query.page,
    query.pageSize,
    frame.access.showDeductions,
    ctx.user.memberId,
  ]);
  const answer = await view.answerOf(key, async () => serialize(await boardPage(ctx, query, frame)));
  return { view, key, answer };
}

/** Everything a board decides before its rows: the org, the quarters, the rules and the viewer's access. */
async function boardFrame(ctx: Ctx, query: z.infer<typeof boardQuery>, reads: BoardReads) {
  const s = await reads.scheme(query.schemeId);
  const orgId =
    query.orgId ??
    (ctx.user.memberId ? ((await reads.memberBranch(ctx.user.memberId)) ?? s.root_org_id) : s.root_org_id);
  const org = await reads.org(orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: orgId });
  // This quarter and the one before it (for the movement) in one read.
  const p = parsePeriodKey(query.quarter);
  const previousKey = p.kind === 'quarter' && p.quarter > 1 ? `${p.year}-Q${p.quarter - 1}` : query.quarter;
  const pair = await reads.quarterPair(s.id, query.quarter, previousKey);
  const q = pair.find((r) => r.quarter === query.quarter);
  const state = q?.state ?? 'open';
  const rules = await reads.rules(s.id, q?.version_id ?? s.current_version_id);
  const access = await boardAccess(ctx, reads, orgId, query.quarter, state === 'published', rules);
  const memberBranch = ctx.user.memberId != null ? await reads.memberBranch(ctx.user.memberId) : null;
  const memberScopes =
    memberBranch == null
      ? []
      : (await reads.orgsAbove(memberBranch)).map((o) => ({
          orgId: o.id,
          name: o.name,
          code: o.code,
        }));
  return {
    schemeId: s.id,
    rootOrgId: s.root_org_id,
    orgId,
    orgName: org.name,
    p,
    previousKey,
    pair,
    q,
    state,
    access,
    memberScopes,
  };
}

/** The board's answer for a frame: ranks from the stored histogram, the page's rows, the movement. */
async function boardPage(
  ctx: Ctx,
  query: z.infer<typeof boardQuery>,
  frame: Awaited<ReturnType<typeof boardFrame>>,
) {
  const { orgId, p, previousKey, pair, q, state, access } = frame;
  const empty = {
    items: [],
    total: 0,
    page: query.page,
    pageSize: query.pageSize,
    memberScopes: frame.memberScopes,
    schemeId: frame.schemeId,
    quarter: query.quarter,
    orgId,
    orgName: frame.orgName,
    state,
    versionId: q?.version_id ?? null,
  };
  if (!q || state === 'open') return empty;
  // Ranks follow from the totals alone: a histogram of the subtree's totals gives every rank,
  // the dense rank and the row count; only the page's rows (and those tied with them) are read.
  const now = rankTable(await boardRepo.totalsHistogram(ctx.db, q.id, orgId));
  const from = (query.page - 1) * query.pageSize;
  let total: number;
  let pageRows: Awaited<ReturnType<typeof boardRepo.boardRowsBetween>>;
  if (query.q) {
    const needle = query.q;
    const found = (await boardRepo.boardRowsLike(ctx.db, q.id, orgId, needle)).filter(
      (r) => r.name.includes(needle) || r.employee_no.startsWith(needle),
    );
    total = found.length;
    pageRows = inBoardOrder(found).slice(from, from + query.pageSize);
  } else {
    total = now.count;
    const window = now.window(from, query.pageSize);
    if (window) {
      // The rows of those totals: found by total (one closure lookup per row of the quarter with
      // those totals; the scheme's root holds them all) when that is fewer lookups than walking
      // the subtree's orgs, taken as a quarter of its scores (a branch has its party groups).
      const all =
        orgId === frame.rootOrgId
          ? now.countBetween(window.low, window.high)
          : await boardRepo.countBetween(ctx.db, q.id, frame.rootOrgId, window.low, window.high);
      const rows = await boardRepo.boardRowsBetween(
        ctx.db,
        q.id,
        orgId,
        window.low,
        window.high,
        4 * all <= now.count,
      );
      pageRows = inBoardOrder(rows).slice(from - window.before, from - window.before + query.pageSize);
    } else pageRows = [];
  }
  // Movement counts distinct scores passed, not tied members passed (see denseRanks), in the
  // previous quarter's board of the same org.
  let denseBefore = new Map<number, number>();
  if (p.kind === 'quarter' && p.quarter > 1 && pageRows.length > 0) {
    const prev = pair.find((r) => r.quarter === previousKey);
    if (prev && prev.state === 'published') {
      const before = rankTable(await boardRepo.totalsHistogram(ctx.db, prev.id, orgId));
      const ids = pageRows.map((r) => r.member_id);
      denseBefore = new Map(
        (await boardRepo.totalsOfMembersUnder(ctx.db, prev.id, orgId, ids)).map((r) => [
          r.member_id,
          before.dense(Number(r.total)),
        ]),
      );
    }
  }
  return {
    ...empty,
    total,
    items: pageRows.map((r) => {
      const rank = now.rank(r.total);
      return {
        rank,
        movement: movement(denseBefore.get(r.member_id) ?? null, now.dense(r.total)),
        memberId: r.member_id,
        name: r.name,
        employeeNo: r.employee_no,
        branchId: r.branch_id,
        branchName: r.branch_name,
        total: r.total,
        political: r.bonus_political,
        professional: r.bonus_professional,
        civility: r.bonus_civility,
        deductions: access.showDeductions || r.member_id === ctx.user.memberId ? r.deductions : null,
      };
    }),
  };
}

/** Board order: total descending, then employee number (the collator's order). */
function inBoardOrder<T extends { total: number; employee_no: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.total - a.total || byEmployeeNo.compare(a.employee_no, b.employee_no));
}

/**
 * What a histogram of totals (highest first) tells: the competition rank and the dense rank of
 * a total (as `competitionRank` and `denseRanks` over the rows would), the row count, and the
 * totals a page of the board spans, with how many rows have a higher total than all of them.
 */
export function rankTable(histogram: readonly { total: number; n: number }[]) {
  const rankOf = new Map<number, number>();
  const denseOf = new Map<number, number>();
  const startOf: number[] = [];
  let count = 0;
  histogram.forEach((h, i) => {
    rankOf.set(h.total, count + 1);
    denseOf.set(h.total, i + 1);
    startOf.push(count);
    count += h.n;
  });
  /** Index of the histogram bar holding the row at `position` (0-based, board order). */
  const barAt = (position: number) => {
    let lo = 0;
    let hi = histogram.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((startOf[mid] ?? 0) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    count,
    /** How many rows have a total in [low, high]. */
    countBetween: (low: number, high: number) =>
      histogram.reduce((a, h) => (h.total >= low && h.total <= high ? a + h.n : a), 0),
    rank: (total: number) => rankOf.get(total) ?? 0,
    dense: (total: number) => denseOf.get(total) ?? 0,
    /**
     * The range of totals covering rows [from, from + size) of the board, and how many rows have
     * a higher total than the range (the rows read then start at that position). Null past the end.
     */
    window(from: number, size: number) {
      if (from >= count || size <= 0) return null;
      const first = barAt(from);
      const last = barAt(Math.min(count, from + size) - 1);
      return {
        high: histogram[first]?.total ?? 0,
        low: histogram[last]?.total ?? 0,
        before: startOf[first] ?? 0,
      };
    },
  };
}

/**
 * The org whose board shows a member of `branchId` to the viewer: the branch itself, or for a
 * member of another branch the nearest org above both branches — the board on which they read
 * that member's total, whose rule then decides what the explanation shows.
 */
async function boardShowing(ctx: Ctx, branchId: number): Promise<number> {
  if (ctx.user.memberId == null || (await rolesAtOrg(ctx.db, ctx.user, branchId)).length > 0) return branchId;
  const own = await repo.memberBranch(ctx.db, ctx.user.memberId);
  if (own == null || own === branchId) return branchId;
  return (await repo.nearestCommonAncestor(ctx.db, branchId, own)) ?? branchId;
}

/**
 * Explains one member's quarter score: the stored explanation (base, items, each entry and how
 * much of it counted after caps), the scheme version with its rules, and the entries. Others'
 * deduction detail follows the board's privacy rule.
 */
export async function explainScore(ctx: Ctx, schemeId: number, quarter: string, memberId: number) {
  const q = await repo.findQuarter(ctx.db, schemeId, quarter);
  if (!q || q.state === 'open') throw new AppError('quarter_open', { quarter });
  const row = await repo.findScore(ctx.db, q.id, memberId);
  if (!row) throw new AppError('not_found', { entity: 'points_quarter_score', memberId });
  const { row: version, scheme } = await versionById(ctx.db, row.version_id);
  const own = ctx.user.memberId === memberId;
  const access = own
    ? { showDeductions: true }
    : await boardAccess(
        ctx,
        freshBoardReads(ctx.db),
        await boardShowing(ctx, row.branch_id),
        quarter,
        q.state === 'published',
        scheme.rules,
      );
  const score = await storedExplanation(ctx.db, row, q, scheme);
  const view = viewQuarterScore(score, { isOwnScore: own, showOthersDeductions: access.showDeductions });
  const member = await repo.memberName(ctx.db, memberId);
  const visibleIds = view.items.flatMap((i) => i.entries.map((e) => e.entryId));
  return {
    memberId,
    name: member.name,
    quarter,
    total: row.total,
    rankInBranch: row.rank_in_branch,
    rankInScope: row.rank_in_scope,
    version: { id: version.id, version: version.version, rules: scheme.rules },
    computedAt: row.computed_at,
    explanation: view,
    entries: await viewEntries(ctx, visibleIds),
  };
}
