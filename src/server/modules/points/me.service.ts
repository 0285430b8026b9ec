import { computeQuarterScore } from '../../../domain/points/quarter-score.js';
import { movement } from '../../../domain/points/ranking.js';
import { appealDeadline } from '../../../domain/points/workflow.js';
import type { Ctx } from '../../lib/context.js';
import { todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { ancestorIdsNearestFirst } from '../org/org.service.js';
import { approvedEntryRows, latestEntryIdsOf } from './entry.repo.js';
import { viewEntries } from './entry-view.js';
import { quarterOfDate } from './points.common.js';
import { countScoresInBranch, memberWithBranch, publishedScoresOf } from './quarter.repo.js';
import { latestAdoptedSchemeIdUpTo, schemeIdOf } from './scheme.repo.js';
import { currentVersion, getScheme } from './scheme.service.js';

/**
 * A member's own page: their scheme, each quarter's published score with rank in the branch
 * and movement, the running quarter's provisional score, their entries and the scheme's items
 * (for declarations). Unpublished quarters show no score.
 */
export async function myPoints(ctx: Ctx, year?: number) {
  if (ctx.user.memberId == null) throw new AppError('forbidden', { reason: 'not linked to a member' });
  const memberId = ctx.user.memberId;
  const m = await memberWithBranch(ctx.db, memberId);
  const today = todayInChina(ctx.clock);
  const y = year ?? Number(today.slice(0, 4));
  const member = { id: m.id, name: m.name, branchId: m.branch_id, branchName: m.branch_name };
  // The root committee is the farthest ancestor of the branch.
  const rootId = m.branch_id ? (await ancestorIdsNearestFirst(ctx.db, m.branch_id)).at(-1) : undefined;
  const root = rootId === undefined ? undefined : { id: rootId };
  // Without a year asked for: this year's scheme once adopted, else the latest adopted one before
  // it — in January last year's fourth quarter is still being closed and published.
  const schemeRow = root
    ? year !== undefined
      ? await schemeIdOf(ctx.db, root.id, y)
      : ((await latestAdoptedSchemeIdUpTo(ctx.db, root.id, y)) ?? (await schemeIdOf(ctx.db, root.id, y)))
    : undefined;
  if (!schemeRow) return { member, scheme: null, quarters: [], provisional: null, entries: [], items: [] };
  const detail = await getScheme(ctx, schemeRow.id);
  const { scheme } =
    detail.currentVersion != null ? await currentVersion(ctx.db, schemeRow.id) : { scheme: null };
  const scores = await publishedScoresOf(ctx.db, schemeRow.id, memberId);
  const sizes = new Map<string, number>();
  for (const s of scores) {
    sizes.set(s.quarter, await countScoresInBranch(ctx.db, s.quarter_id, s.branch_id));
  }
  let prevRank: number | null = null;
  const quarters = detail.quarters.map((q) => {
    const s = scores.find((r) => r.quarter === q.quarter);
    const row = {
      quarter: q.quarter,
      state: q.state,
      total: s?.total ?? null,
      political: s?.bonus_political ?? null,
      professional: s?.bonus_professional ?? null,
      civility: s?.bonus_civility ?? null,
      deductions: s?.deductions ?? null,
      rankInBranch: s?.rank_in_branch ?? null,
      branchSize: sizes.get(q.quarter) ?? null,
      movement: s ? movement(prevRank, s.rank_in_branch) : null,
      appealUntil:
        s?.published_on && scheme ? appealDeadline(s.published_on, scheme.rules.appealWindowDays) : null,
    };
    prevRank = s?.rank_in_branch ?? null;
    return row;
  });
  const entryIds = await latestEntryIdsOf(ctx.db, schemeRow.id, memberId, 200);
  let provisional = null;
  if (scheme && today.startsWith(`${detail.year}-`)) {
    const running = quarterOfDate(today);
    const approved = await approvedEntryRows(ctx.db, schemeRow.id, running, [memberId]);
    const score = computeQuarterScore(
      scheme.rules,
      new Map(scheme.items.map((i) => [i.code, i])),
      approved.map((r) => ({
        id: r.id,
        itemCode: r.item_code,
        occurredOn: r.occurred_on,
        quantity: r.quantity,
        points: r.points,
        kind: r.kind,
        revokesEntryId: r.revokes_entry_id,
      })),
    );
    provisional = { quarter: running, total: score.total };
  }
  return {
    member,
    scheme: {
      id: detail.id,
      rootOrgId: detail.rootOrgId,
      rootOrgName: detail.rootOrgName,
      year: detail.year,
      name: detail.name,
      currentVersion: detail.currentVersion,
      hasDraft: detail.hasDraft,
    },
    quarters,
    provisional,
    entries: await viewEntries(ctx, entryIds),
    items: scheme ? [...scheme.items] : [],
  };
}
