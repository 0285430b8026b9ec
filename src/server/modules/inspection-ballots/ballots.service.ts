import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { z } from 'zod';
import type {
  ballotOverview,
  batchBody,
  batchResponse,
  itemsBody,
  paperBody,
  paperSheet,
  usedCodesResponse,
} from '../../../contracts/inspection-ballots.js';
import type { Db, DbOrTrx } from '../../../db/kysely.js';
import {
  CODE_LENGTH,
  checkBallot,
  codeFromRandomBytes,
  defaultBallotItems,
  MIN_BALLOTS,
  normalizeCode,
  type Rating,
  ratings,
  ratingValue,
} from '../../../domain/inspection/ballots.js';
import {
  overallMeanHundredths,
  type RatingCounts,
  tallyUnit,
  zeroCounts,
} from '../../../domain/inspection/tally.js';
import { appendAudit, canonicalJson } from '../../lib/audit.js';
import { type Ctx, type Deps, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import * as repo from './ballots.repo.js';
import { authorizedCampaign, type CampaignFrame, campaignUnits, findCampaign } from './campaign.common.js';

type Overview = z.input<typeof ballotOverview>;

/** SHA-256 of a normalised code: the only form in which the server keeps a code. */
export const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

const actorOf = (ctx: Ctx) => ({ id: ctx.user.id, account: ctx.user.account });
const hundredthsToNumber = (h: number) => h / 100;

async function itemsOf(db: DbOrTrx, campaignId: number) {
  const rows = await repo.listItems(db, campaignId);
  if (rows.length > 0) return rows.map((r) => ({ itemNo: r.item_no, zh: r.name_zh, en: r.name_en }));
  return defaultBallotItems.map((it, i) => ({ itemNo: i + 1, zh: it.zh, en: it.en }));
}

async function boxOf(db: DbOrTrx, campaignId: number) {
  const box = await repo.findBox(db, campaignId);
  return box ?? { campaign_id: campaignId, state: 'setup' as const, opened_on: null, closed_on: null };
}

async function overviewOf(db: DbOrTrx, c: CampaignFrame): Promise<Overview> {
  const [box, items, units, codes] = await Promise.all([
    boxOf(db, c.id),
    itemsOf(db, c.id),
    campaignUnits(db, c.id),
    repo.codeCounts(db, c.id),
  ]);
  const counts = box.state === 'closed' ? await repo.readCounts(db, c.id) : null;
  return {
    campaignId: c.id,
    title: c.title,
    year: c.year,
    state: box.state,
    openedOn: box.opened_on,
    closedOn: box.closed_on,
    minBallots: MIN_BALLOTS,
    items,
    units: units.map((u) => ({
      ...u,
      issued: codes.get(u.unitId)?.issued ?? 0,
      used: codes.get(u.unitId)?.used ?? 0,
      tally: counts
        ? tallyDto(
            items.map((i) => i.itemNo),
            counts.get(u.unitId),
          )
        : null,
    })),
  };
}

function tallyDto(itemNos: number[], unitCounts: Map<number, RatingCounts> | undefined) {
  const t = tallyUnit(itemNos.map((itemNo) => ({ itemNo, counts: unitCounts?.get(itemNo) ?? zeroCounts() })));
  return {
    visible: t.visible,
    // Below the minimum even the number of ballots stays hidden.
    ballots: t.visible ? t.ballots : null,
    mean: t.meanHundredths === null ? null : hundredthsToNumber(t.meanHundredths),
    goodRate: t.goodRateHundredths === null ? null : hundredthsToNumber(t.goodRateHundredths),
    items: t.items.map((i) => ({
      itemNo: i.itemNo,
      counts: i.counts,
      ballots: i.ballots,
      mean: hundredthsToNumber(i.meanHundredths),
      goodRate: hundredthsToNumber(i.goodRateHundredths),
    })),
  };
}

/** The ballot box of a campaign: items, codes issued and used per unit, tallies after close. */
export async function getBallotOverview(ctx: Ctx, campaignId: number): Promise<Overview> {
  const c = await authorizedCampaign(ctx.db, ctx.user, 'inspection.ballots.read', campaignId);
  return overviewOf(ctx.db, c);
}

/** Sets the ballot items; only before the box opens (the counts are keyed by item). */
export async function setBallotItems(
  ctx: Ctx,
  campaignId: number,
  body: z.output<typeof itemsBody>,
): Promise<Overview> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ballots.manage', campaignId);
    const box = await boxOf(trx, c.id);
    if (box.state !== 'setup') throw new AppError('ballot_box_state', { state: box.state });
    const before = await itemsOf(trx, c.id);
    await repo.upsertBox(trx, c.id, { state: 'setup', opened_on: null, closed_on: null });
    await repo.replaceItems(
      trx,
      c.id,
      body.items.map((i) => ({ zh: i.zh, en: i.en || i.zh })),
    );
    await appendAudit(trx, actorOf(ctx), nowIso(ctx.clock), [
      {
        action: 'inspection.ballots.items',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        before: before.map((i) => i.zh),
        after: body.items.map((i) => i.zh),
      },
    ]);
    return overviewOf(trx, c);
  });
}

/** Fisher–Yates with crypto randomness: the printed order says nothing about anything stored. */
function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}

/**
 * Issues a batch of one-time codes per unit: crypto-random, stored only as SHA-256 with the
 * unit and a used flag; the plain codes are returned once, shuffled, for the printable pack.
 * The audit row records how many codes each unit got, nothing more.
 */
export async function issueBallotBatch(
  ctx: Ctx,
  campaignId: number,
  body: z.output<typeof batchBody>,
): Promise<z.input<typeof batchResponse>> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ballots.manage', campaignId);
    const box = await boxOf(trx, c.id);
    if (box.state === 'closed') throw new AppError('ballot_box_state', { state: box.state });
    const units = new Map((await campaignUnits(trx, c.id)).map((u) => [u.unitId, u]));
    const slips: { code: string; unitId: number; unitName: string }[] = [];
    for (const { unitId, count } of body.units) {
      const unit = units.get(unitId);
      if (!unit) throw new AppError('unit_not_in_campaign', { unitId });
      for (let i = 0; i < count; i++) {
        slips.push({ code: codeFromRandomBytes(randomBytes(CODE_LENGTH)), unitId, unitName: unit.name });
      }
    }
    if (!(await repo.findBox(trx, c.id))) await repo.upsertBox(trx, c.id, box);
    await repo.insertCodes(
      trx,
      c.id,
      slips.map((s) => ({ hash: hashCode(s.code), unitId: s.unitId })),
    );
    await appendAudit(trx, actorOf(ctx), nowIso(ctx.clock), [
      {
        action: 'inspection.ballots.codes.issue',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        after: { units: body.units.map((u) => ({ unitId: u.unitId, codes: u.count })) },
      },
    ]);
    return { campaignTitle: c.title, slips: shuffle(slips) };
  });
}

/** Opens the box: fixes the items and makes the zero counts of every unit × item × rating. */
export async function openBallotBox(ctx: Ctx, campaignId: number): Promise<Overview> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ballots.manage', campaignId);
    const box = await boxOf(trx, c.id);
    if (box.state !== 'setup') throw new AppError('ballot_box_state', { state: box.state });
    const items = await itemsOf(trx, c.id);
    if ((await repo.listItems(trx, c.id)).length === 0) await repo.replaceItems(trx, c.id, items);
    const units = await campaignUnits(trx, c.id);
    if (units.length === 0) throw new AppError('ballot_box_state', { reason: 'no units' });
    await repo.createZeroCounts(
      trx,
      c.id,
      units.map((u) => u.unitId),
      items.map((i) => i.itemNo),
    );
    await repo.upsertBox(trx, c.id, { state: 'open', opened_on: todayInChina(ctx.clock), closed_on: null });
    await appendAudit(trx, actorOf(ctx), nowIso(ctx.clock), [
      {
        action: 'inspection.ballots.open',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        before: { state: 'setup' },
        after: { state: 'open', items: items.length, units: units.length },
      },
    ]);
    return overviewOf(trx, c);
  });
}

/**
 * Closes the box and rewrites the campaign's codes in hash order (see `repo.rewriteCodes`), then
 * stores the codes and counts in key order (`repo.storeBallotTablesInKeyOrder`). The
 * audit row holds per unit only counts: codes issued and used.
 */
export async function closeBallotBox(ctx: Ctx, campaignId: number): Promise<Overview> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ballots.manage', campaignId);
    const box = await boxOf(trx, c.id);
    if (box.state !== 'open') throw new AppError('ballot_box_state', { state: box.state });
    await repo.rewriteCodes(trx, c.id);
    await repo.storeBallotTablesInKeyOrder(trx);
    await repo.upsertBox(trx, c.id, {
      state: 'closed',
      opened_on: box.opened_on,
      closed_on: todayInChina(ctx.clock),
    });
    const view = await overviewOf(trx, c);
    await appendAudit(trx, actorOf(ctx), nowIso(ctx.clock), [
      {
        action: 'inspection.ballots.close',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        before: { state: 'open' },
        after: {
          state: 'closed',
          units: view.units.map((u) => ({ unitId: u.unitId, issued: u.issued, used: u.used })),
        },
      },
    ]);
    return view;
  });
}

/** After close: a unit's codes issued and used and the sorted hashes of the used ones. */
export async function usedCodesOf(
  ctx: Ctx,
  campaignId: number,
  unitId: number,
): Promise<z.input<typeof usedCodesResponse>> {
  const c = await authorizedCampaign(ctx.db, ctx.user, 'inspection.ballots.read', campaignId);
  const box = await boxOf(ctx.db, c.id);
  if (box.state !== 'closed') throw new AppError('ballot_box_state', { state: box.state });
  if (!(await campaignUnits(ctx.db, c.id)).some((u) => u.unitId === unitId))
    throw new AppError('unit_not_in_campaign', { unitId });
  const codes = (await repo.codeCounts(ctx.db, c.id)).get(unitId) ?? { issued: 0, used: 0 };
  return { unitId, ...codes, usedHashes: await repo.usedHashes(ctx.db, c.id, unitId) };
}

// ——— public ballot ———

/** The code's row, or the one error for used, unknown and malformed codes alike. */
async function usableCode(db: DbOrTrx, raw: string) {
  const code = normalizeCode(raw);
  const row = code ? await repo.findCode(db, hashCode(code)) : undefined;
  if (!code || !row || row.used === 1) throw new AppError('invalid_ballot_code');
  return { hash: hashCode(code), ...row };
}

/**
 * What a code votes on: campaign id and title, unit name and items. No login. The campaign id
 * lets the ballot page link the public "was my code counted" page; every slip of the campaign
 * gets the same id (public, like the title), so it says nothing about the code or its use.
 */
export async function checkBallotCode(deps: Deps, raw: string) {
  const code = await usableCode(deps.db, raw);
  const box = await boxOf(deps.db, code.campaign_id);
  if (box.state !== 'open') throw new AppError('ballot_box_closed');
  const c = await findCampaign(deps.db, code.campaign_id);
  const unit = (await campaignUnits(deps.db, code.campaign_id)).find((u) => u.unitId === code.unit_id);
  return {
    campaignId: code.campaign_id,
    campaignTitle: c?.title ?? '',
    unitName: unit?.name ?? '',
    items: await itemsOf(deps.db, code.campaign_id),
  };
}

/**
 * The items of campaigns whose box has left set-up, per database: they can no longer change
 * (`setBallotItems` refuses once the box is open), so a ballot need not read them again. Call
 * only when the box is known to be open or closed.
 */
const frozenItems = new WeakMap<DbOrTrx, Map<number, number[]>>();

async function ballotItemNos(db: Db, campaignId: number): Promise<number[]> {
  let cache = frozenItems.get(db);
  if (!cache) {
    cache = new Map();
    frozenItems.set(db, cache);
  }
  const hit = cache.get(campaignId);
  if (hit) return hit;
  const itemNos = (await repo.listItems(db, campaignId)).map((i) => i.item_no);
  cache.set(campaignId, itemNos);
  return itemNos;
}

/**
 * Casts one ballot. The code, its box and the ballot are checked first, outside any
 * transaction; then one transaction marks the code used — only if it is still unused and its
 * box still open, so of many concurrent submissions exactly one counts — and adds the ratings
 * to the unit's counts. Nothing else is written: no ballot row, no time, no audit row, no
 * address.
 */
export async function castBallot(deps: Deps, raw: string, answers: Record<string, string>): Promise<void> {
  const code = normalizeCode(raw);
  if (!code) throw new AppError('invalid_ballot_code');
  const hash = hashCode(code);
  const row = await repo.findCodeWithBox(deps.db, hash);
  if (!row || row.used === 1) throw new AppError('invalid_ballot_code');
  if (row.state !== 'open') throw new AppError('ballot_box_closed');
  const itemNos = await ballotItemNos(deps.db, row.campaign_id);
  const problems = checkBallot(itemNos, answers);
  if (problems.length > 0) throw new AppError('ballot_invalid', { problems });
  const add = new Map<string, number>();
  for (const itemNo of itemNos) add.set(repo.countKey(itemNo, answers[String(itemNo)] as Rating), 1);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.markCodeUsedWhileOpen(trx, hash, row.campaign_id))) {
      // Used meanwhile by a concurrent submission, or the box closed since the check above.
      const now = await repo.findCodeWithBox(trx, hash);
      throw new AppError(
        now && now.used === 0 && now.state !== 'open' ? 'ballot_box_closed' : 'invalid_ballot_code',
      );
    }
    const rows = await repo.addToUnitCounts(trx, row.campaign_id, row.unit_id, add);
    if (rows !== itemNos.length * ratings.length)
      throw new AppError('ballot_box_state', { reason: 'counts missing' });
  });
}

// ——— paper ballots ———

type PaperSheet = z.input<typeof paperSheet>;

function sheetStatus(entries: { counts_json: string; ballots: number; applied: number }[]): {
  status: PaperSheet['status'];
  differences: string[];
} {
  if (entries.some((e) => e.applied === 1)) return { status: 'applied', differences: [] };
  if (entries.length < 2) return { status: 'waiting', differences: [] };
  const [a, b] = entries as [(typeof entries)[0], (typeof entries)[0]];
  const diffs: string[] = [];
  if (a.ballots !== b.ballots) diffs.push(`ballots: ${a.ballots} ≠ ${b.ballots}`);
  const ca = JSON.parse(a.counts_json) as Record<string, RatingCounts>;
  const cb = JSON.parse(b.counts_json) as Record<string, RatingCounts>;
  for (const item of Object.keys(ca)) {
    for (const r of ratings) {
      if (ca[item]?.[r] !== cb[item]?.[r])
        diffs.push(`item ${item} ${r}: ${ca[item]?.[r]} ≠ ${cb[item]?.[r]}`);
    }
  }
  return { status: diffs.length === 0 ? 'applied' : 'mismatch', differences: diffs };
}

/** Paper tally sheets of the campaign and whether their two entries agree. */
export async function listPaperSheets(ctx: Ctx, campaignId: number): Promise<{ items: PaperSheet[] }> {
  const c = await authorizedCampaign(ctx.db, ctx.user, 'inspection.ballots.paper', campaignId);
  const units = new Map((await campaignUnits(ctx.db, c.id)).map((u) => [u.unitId, u.name]));
  const rows = await repo.paperEntries(ctx.db, c.id);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.unit_id}|${r.sheet_no}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return {
    items: [...groups.values()].map((g) => {
      const first = g[0] as (typeof g)[0];
      return {
        unitId: first.unit_id,
        unitName: units.get(first.unit_id) ?? '',
        sheetNo: first.sheet_no,
        entries: g.length,
        ballots: first.ballots,
        ...sheetStatus(g),
      };
    }),
  };
}

/**
 * Enters one person's tally sheet of paper ballots. The second entry of a sheet must come from
 * another person; when the two agree, the sheet's counts go into the unit's counts (the same
 * counts as the online ballots) and the sheet is closed; when they differ, the differences are
 * shown and each person may re-enter their own sheet.
 */
export async function enterPaperSheet(
  ctx: Ctx,
  campaignId: number,
  body: z.output<typeof paperBody>,
): Promise<PaperSheet> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ballots.paper', campaignId);
    const box = await boxOf(trx, c.id);
    if (box.state !== 'open') throw new AppError('ballot_box_closed');
    const unit = (await campaignUnits(trx, c.id)).find((u) => u.unitId === body.unitId);
    if (!unit) throw new AppError('unit_not_in_campaign', { unitId: body.unitId });
    const itemNos = (await repo.listItems(trx, c.id)).map((i) => i.item_no);
    const keys = Object.keys(body.counts)
      .map(Number)
      .sort((a, b) => a - b);
    const sums = itemNos
      .map((i) => body.counts[String(i)])
      .map((cnt) => (cnt ? ratings.reduce((s, r) => s + cnt[r], 0) : -1));
    if (keys.join() !== itemNos.join() || sums.some((s) => s !== body.ballots))
      throw new AppError('paper_counts_invalid', { items: itemNos });
    const counts = Object.fromEntries(
      itemNos.map((i) => [String(i), body.counts[String(i)] as RatingCounts]),
    );
    const existing = await repo.sheetEntries(trx, c.id, unit.unitId, body.sheetNo);
    if (existing.some((e) => e.applied === 1)) throw new AppError('paper_entry_rule', { reason: 'applied' });
    const mine = existing.find((e) => e.entered_by === ctx.user.id);
    if (!mine && existing.length >= 2) throw new AppError('paper_entry_rule', { reason: 'two entries' });
    const values = {
      entered_by: ctx.user.id,
      entered_at: nowIso(ctx.clock),
      ballots: body.ballots,
      counts_json: canonicalJson(counts) ?? '{}',
      applied: 0,
    };
    if (mine) {
      await repo.updatePaperEntry(trx, c.id, unit.unitId, body.sheetNo, mine.entry_no, values);
    } else {
      await repo.insertPaperEntry(trx, {
        campaign_id: c.id,
        unit_id: unit.unitId,
        sheet_no: body.sheetNo,
        entry_no: existing.length + 1,
        ...values,
      });
    }
    const entries = await repo.sheetEntries(trx, c.id, unit.unitId, body.sheetNo);
    const { status, differences } = sheetStatus(entries);
    if (status === 'applied') {
      const add = new Map<string, number>();
      for (const i of itemNos)
        for (const r of ratings) add.set(repo.countKey(i, r), counts[String(i)]?.[r] ?? 0);
      await repo.addToUnitCounts(trx, c.id, unit.unitId, add);
      await repo.markSheetApplied(trx, c.id, unit.unitId, body.sheetNo);
    }
    await appendAudit(trx, actorOf(ctx), nowIso(ctx.clock), [
      {
        action: 'inspection.ballots.paper',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        after: { unitId: unit.unitId, sheetNo: body.sheetNo, ballots: body.ballots, status },
      },
    ]);
    return {
      unitId: unit.unitId,
      unitName: unit.name,
      sheetNo: body.sheetNo,
      entries: entries.length,
      ballots: body.ballots,
      status,
      differences,
    };
  });
}

/**
 * The democratic-evaluation component for the composite (SPEC §5): per target unit, the mean
 * rating on 0–100 (two decimals) and the number of ballots; `score` is null (void) while the box
 * is not closed or when the unit has fewer than 5 ballots. The database sums the counts (two
 * aggregates, one row per unit); the ballots (the largest item total) and the mean are the
 * tally's own (`overallMeanHundredths`, the same as `tallyUnit` gives over the unit's counts;
 * count rows exist only for the box's items, made when it opened).
 */
export async function democraticComponent(
  db: Db,
  campaignId: number,
): Promise<Map<number, { score: number | null; ballots: number }>> {
  const box = await repo.findBox(db, campaignId);
  const unitIds = await repo.campaignUnitIds(db, campaignId);
  const sums = await repo.countSumsPerUnit(db, campaignId, ratingValue);
  const largest = await repo.largestItemTotalPerUnit(db, campaignId);
  const out = new Map<number, { score: number | null; ballots: number }>();
  for (const unitId of unitIds) {
    const s = sums.get(unitId) ?? { ratingsGiven: 0, weightedSum: 0 };
    const ballots = largest.get(unitId) ?? 0;
    const mean = overallMeanHundredths({ ballots, ...s });
    out.set(unitId, { score: box?.state === 'closed' && mean !== null ? mean / 100 : null, ballots });
  }
  return out;
}
