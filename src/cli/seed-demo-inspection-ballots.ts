import type { Db } from '../db/kysely.js';
import type { Rating } from '../domain/inspection/ballots.js';
import type { Ctx } from '../server/lib/context.js';
import {
  castBallot,
  closeBallotBox,
  issueBallotBatch,
  openBallotBox,
} from '../server/modules/inspection-ballots/ballots.service.js';
import {
  drawLedgerSample,
  freezeManifest,
  getLedger,
  recordSeed,
  scoreLedger,
} from '../server/modules/inspection-ledger/ledger.service.js';
import { type DemoTimeline, demoTimeline } from './demo-timeline.js';
import { createRng, isPostgres } from './seed-basics.js';

const NOTES = ['学习记录不全', '三会一课记录缺页', '签到表未签字', '台帐未按月归档', '整改记录缺佐证'];
// Rating weights of a satisfied workforce: mostly 好 and 较好.
const WEIGHTED: Rating[] = ['good', 'good', 'good', 'fair_good', 'fair_good', 'average', 'poor'];

/**
 * The demo's democratic evaluation and ledger spot-check, through the real use cases, for
 * whatever inspection campaigns exist (none: nothing to do). A campaign under review or published
 * gets a closed ballot box (ten or so ballots per unit, one unit under five to show the void rule)
 * and a drawn, scored ledger sample; a campaign still running gets a drawn sample and an open
 * ballot box, so the organiser can print a ballot pack and vote from a phone. A campaign whose
 * box or manifest already exists is left alone. With `only`, just that campaign, run to the end
 * (box closed, sample scored) on the given day: last year's campaign gets all five components
 * before it is published.
 */
export async function seedDemoInspectionBallots(
  db: Db,
  today: string,
  only?: { campaignId: number; finishedOn: string },
  timeline: DemoTimeline = demoTimeline(today),
): Promise<{ campaigns: number; ballots: number }> {
  const campaigns = await db.selectFrom('insp_campaign').selectAll().orderBy('year').execute();
  const rng = createRng(2026_1207);
  const dialect = isPostgres(db) ? ('postgres' as const) : ('sqlite' as const);
  const affairsUser = await db
    .selectFrom('app_user')
    .select(['id', 'account'])
    .where('account', '=', 'affairs')
    .executeTakeFirst();
  let ballots = 0;
  let done = 0;
  for (const c of campaigns) {
    const hasBox = await db
      .selectFrom('insp_ballot_box')
      .select('campaign_id')
      .where('campaign_id', '=', c.id)
      .executeTakeFirst();
    const hasLedger = await db
      .selectFrom('insp_ledger')
      .select('campaign_id')
      .where('campaign_id', '=', c.id)
      .executeTakeFirst();
    if (hasBox || hasLedger) continue;
    if (only && c.id !== only.campaignId) continue;
    const finished = only !== undefined || c.state === 'review' || c.state === 'published';
    const day = only ? only.finishedOn : finished ? `${c.year}-11-20` : today;
    // 10:00 on the day, on the demo's walk (never later than it reaches, never backwards).
    await timeline.moveTo(new Date(`${day}T02:00:00.000Z`));
    const clock = timeline.clock;
    const ctx: Ctx = {
      db,
      dialect,
      clock,
      dataDir: '',
      user: {
        id: affairsUser?.id ?? c.created_by,
        account: affairsUser?.account ?? 'affairs',
        displayName: '党群工作部',
        memberId: null,
        grants: [
          { role: 'affairs', orgId: c.org_id },
          { role: 'inspector', orgId: c.org_id },
        ],
      },
      locale: 'zh-CN',
    };
    const units = await db
      .selectFrom('insp_unit')
      .select('org_id')
      .where('campaign_id', '=', c.id)
      .orderBy('sort_order')
      .execute();
    if (units.length === 0) continue;
    done += 1;

    // Ledger: manifest frozen on the draw day, a seed as drawn at the kick-off meeting, the draw.
    await freezeManifest(ctx, c.id, { drawDate: day });
    await recordSeed(ctx, c.id, `${c.year}${String(rng.int(100000, 999999))}`);
    await drawLedgerSample(ctx, c.id);
    if (finished) {
      for (const u of (await getLedger(ctx, c.id)).units) {
        for (const t of u.teams.filter((x) => x.sampled)) {
          const n = rng.int(0, 2);
          await scoreLedger(ctx, c.id, t.teamId, {
            deductions: Array.from({ length: n }, () => ({
              points: rng.pick([0.5, 1, 2]),
              note: rng.pick(NOTES),
            })),
          });
        }
      }
    }

    // Ballots: the box opens; a finished campaign's voters have voted and the box is closed.
    if (!finished) {
      await openBallotBox(ctx, c.id);
      continue;
    }
    const perUnit = units.map((_, i) => (i === units.length - 1 ? 3 : rng.int(8, 14)));
    const batch = await issueBallotBatch(ctx, c.id, {
      units: units.map((u, i) => ({ unitId: u.org_id, count: (perUnit[i] ?? 0) + 2 })),
    });
    await openBallotBox(ctx, c.id);
    const left = new Map(units.map((u, i) => [u.org_id, perUnit[i] ?? 0]));
    const items = (
      await db.selectFrom('insp_ballot_item').select('item_no').where('campaign_id', '=', c.id).execute()
    ).map((i) => i.item_no);
    for (const slip of batch.slips) {
      const n = left.get(slip.unitId) ?? 0;
      if (n === 0) continue;
      left.set(slip.unitId, n - 1);
      const answers = Object.fromEntries(items.map((i) => [String(i), rng.pick(WEIGHTED)]));
      await castBallot(ctx, slip.code, answers);
      ballots += 1;
    }
    await closeBallotBox(ctx, c.id);
  }
  return { campaigns: done, ballots };
}
