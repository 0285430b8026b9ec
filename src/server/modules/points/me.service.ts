import { computeQuarterScore } from '../../../domain/points/quarter-score.js';
import { movement } from '../../../domain/points/ranking.js';
import { appealDeadline } from '../../../domain/points/workflow.js';
import type { Ctx } from '../../lib/context.js';
import { todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { viewEntries } from './entry-view.js';
import { quarterOfDate } from './points.common.js';
import { currentVersion, getScheme } from './scheme.service.js';

/**
 * A member's own page: their scheme, each quarter's published score with rank in the branch
 * and movement, the running quarter's provisional score, their entries and the scheme's items
 * (for declarations). Unpublished quarters show no score.
 */
export async function myPoints(ctx: Ctx, year?: number) {
  if (ctx.user.memberId == null) throw new AppError('forbidden', { reason: 'not linked to a member' });
  const memberId = ctx.user.memberId;
  const m = await ctx.db
    .selectFrom('member')
    .leftJoin('org as b', 'b.id', 'member.branch_id')
    .select(['member.id', 'member.name', 'member.branch_id', 'b.name as branch_name'])
    .where('member.id', '=', memberId)
    .executeTakeFirstOrThrow();
  const today = todayInChina(ctx.clock);
  const y = year ?? Number(today.slice(0, 4));
  const member = { id: m.id, name: m.name, branchId: m.branch_id, branchName: m.branch_name };
  const root = m.branch_id
    ? await ctx.db
        .selectFrom('org_closure as c')
        .innerJoin('org as o', 'o.id', 'c.ancestor_id')
        .select('o.id')
        .where('c.descendant_id', '=', m.branch_id)
        .where('o.parent_id', 'is', null)
        .executeTakeFirst()
    : undefined;
  // Without a year asked for: this year's scheme once adopted, else the latest adopted one before
  // it — in January last year's fourth quarter is still being closed and published.
  const schemeRow = root
    ? year !== undefined
      ? await ctx.db
          .selectFrom('points_scheme')
          .select('id')
          .where('root_org_id', '=', root.id)
          .where('year', '=', y)
          .executeTakeFirst()
      : ((await ctx.db
          .selectFrom('points_scheme')
          .select('id')
          .where('root_org_id', '=', root.id)
          .where('year', '<=', y)
          .where('current_version_id', 'is not', null)
          .orderBy('year', 'desc')
          .limit(1)
          .executeTakeFirst()) ??
        (await ctx.db
          .selectFrom('points_scheme')
          .select('id')
          .where('root_org_id', '=', root.id)
          .where('year', '=', y)
          .executeTakeFirst()))
    : undefined;
  if (!schemeRow) return { member, scheme: null, quarters: [], provisional: null, entries: [], items: [] };
  const detail = await getScheme(ctx, schemeRow.id);
  const { scheme } =
    detail.currentVersion != null ? await currentVersion(ctx.db, schemeRow.id) : { scheme: null };
  const scores = await ctx.db
    .selectFrom('points_quarter as q')
    .innerJoin('points_quarter_score as s', 's.quarter_id', 'q.id')
    .select([
      'q.quarter',
      'q.state',
      'q.published_on',
      's.total',
      's.bonus_political',
      's.bonus_professional',
      's.bonus_civility',
      's.deductions',
      's.rank_in_branch',
      's.branch_id',
      'q.id as quarter_id',
    ])
    .where('q.scheme_id', '=', schemeRow.id)
    .where('s.member_id', '=', memberId)
    .where('q.state', '=', 'published')
    .orderBy('q.quarter')
    .execute();
  const sizes = new Map<string, number>();
  for (const s of scores) {
    const n = await ctx.db
      .selectFrom('points_quarter_score')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('quarter_id', '=', s.quarter_id)
      .where('branch_id', '=', s.branch_id)
      .executeTakeFirstOrThrow();
    sizes.set(s.quarter, Number(n.n));
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
  const entryIds = (
    await ctx.db
      .selectFrom('points_entry')
      .select('id')
      .where('scheme_id', '=', schemeRow.id)
      .where('member_id', '=', memberId)
      .orderBy('occurred_on', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute()
  ).map((r) => r.id);
  let provisional = null;
  if (scheme && today.startsWith(`${detail.year}-`)) {
    const running = quarterOfDate(today);
    const approved = await ctx.db
      .selectFrom('points_entry')
      .select(['id', 'item_code', 'occurred_on', 'quantity', 'points', 'kind', 'revokes_entry_id'])
      .where('scheme_id', '=', schemeRow.id)
      .where('member_id', '=', memberId)
      .where('quarter', '=', running)
      .where('state', '=', 'approved')
      .execute();
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
