import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type {
  freezeBody,
  ledgerView,
  publicLedger,
  scoreBody,
} from '../../../contracts/inspection-ledger.js';
import type { Db, DbOrTrx } from '../../../db/kysely.js';
import {
  DEFAULT_SAMPLE_SIZE,
  drawSample,
  ledgerScoreHundredths,
  type Manifest,
  parseManifest,
  serializeManifest,
} from '../../../domain/inspection/sampling.js';
import { roundHalfUp } from '../../../domain/shared/rounding.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, type Deps, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import {
  authorizedCampaign,
  type CampaignFrame,
  campaignUnits,
  findCampaign,
} from '../inspection-ballots/campaign.common.js';
import * as repo from './ledger.repo.js';

type View = z.input<typeof ledgerView>;

/** Node's SHA-256 in the domain's shape (the browser passes SubtleCrypto's). */
export const nodeSha256 = async (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const actorOf = (ctx: Ctx) => ({ id: ctx.user.id, account: ctx.user.account });

type LedgerRow = NonNullable<Awaited<ReturnType<typeof repo.findLedger>>>;
const stateOf = (l: LedgerRow | undefined): View['state'] =>
  !l ? 'open' : l.drawn_at ? 'drawn' : l.seed ? 'seeded' : 'frozen';

async function viewOf(db: DbOrTrx, c: CampaignFrame): Promise<View> {
  const ledger = await repo.findLedger(db, c.id);
  const units = await campaignUnits(db, c.id);
  const teams = ledger ? await repo.ledgerTeams(db, c.id) : [];
  const deds = ledger ? await repo.deductions(db, c.id) : [];
  const component = await componentFrom(teams, deds);
  return {
    campaignId: c.id,
    title: c.title,
    year: c.year,
    state: stateOf(ledger),
    sampleSize: ledger?.sample_size ?? null,
    drawDate: ledger?.draw_date ?? null,
    manifestSha256: ledger?.manifest_sha256 ?? null,
    manifestText: ledger?.manifest_text ?? null,
    seed: ledger?.seed ?? null,
    units: units.map((u) => ({
      ...u,
      component: component.get(u.unitId)?.score ?? null,
      teams: teams
        .filter((t) => t.unit_id === u.unitId)
        .map((t) => {
          const own = deds.filter((d) => d.team_id === t.team_id);
          return {
            teamId: t.team_id,
            code: t.team_code,
            name: t.team_name,
            sortKey: t.sort_key,
            rank: t.draw_rank,
            sampled: t.sampled === 1,
            scored: t.scored === 1,
            deductions: own.map((d) => ({ points: d.points / 100, note: d.note })),
            score: t.scored === 1 ? ledgerScoreHundredths(own.map((d) => d.points)) / 100 : null,
          };
        }),
    })),
  };
}

function componentFrom(
  teams: Awaited<ReturnType<typeof repo.ledgerTeams>>,
  deds: Awaited<ReturnType<typeof repo.deductions>>,
): Map<number, { score: number | null; sampled: number }> {
  const out = new Map<number, { score: number | null; sampled: number; sum: number; scored: number }>();
  for (const t of teams) {
    const u = out.get(t.unit_id) ?? { score: null, sampled: 0, sum: 0, scored: 0 };
    if (t.sampled === 1) {
      u.sampled += 1;
      if (t.scored === 1) {
        u.scored += 1;
        u.sum += ledgerScoreHundredths(deds.filter((d) => d.team_id === t.team_id).map((d) => d.points));
      }
    }
    out.set(t.unit_id, u);
  }
  return new Map(
    [...out].map(([id, u]) => [
      id,
      { score: u.scored > 0 ? roundHalfUp(u.sum, u.scored) / 100 : null, sampled: u.sampled },
    ]),
  );
}

/** The ledger spot-check of a campaign as the organiser and inspectors see it. */
export async function getLedger(ctx: Ctx, campaignId: number): Promise<View> {
  const c = await authorizedCampaign(ctx.db, ctx.user, 'inspection.ledger.read', campaignId);
  return viewOf(ctx.db, c);
}

/**
 * Freezes and publishes the manifest: for each target unit, its `team` nodes active on the draw
 * date, in the canonical text (domain/inspection/sampling) with its SHA-256. Once only: the
 * seed comes after, so nobody can pick the population knowing the seed.
 */
export async function freezeManifest(
  ctx: Ctx,
  campaignId: number,
  body: z.output<typeof freezeBody>,
): Promise<View> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ledger.manage', campaignId);
    if (await repo.findLedger(trx, c.id)) throw new AppError('manifest_frozen');
    const drawDate = body.drawDate ?? todayInChina(ctx.clock);
    const sampleSize = body.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    const units = await campaignUnits(trx, c.id);
    const manifest: Manifest = { campaignId: c.id, year: c.year, drawDate, sampleSize, units: [] };
    const teamRows: { team_id: number; unit_id: number; team_code: string; team_name: string }[] = [];
    for (const u of units) {
      const teams = await repo.activeTeamsUnder(trx, u.unitId, drawDate);
      manifest.units.push({
        code: u.code,
        name: u.name,
        teams: teams.map((t) => ({ code: t.code, name: t.name })),
      });
      for (const t of teams)
        teamRows.push({ team_id: t.id, unit_id: u.unitId, team_code: t.code, team_name: t.name });
    }
    const text = serializeManifest(manifest);
    const sha = await nodeSha256(text);
    const at = nowIso(ctx.clock);
    await repo.insertLedger(trx, {
      campaign_id: c.id,
      sample_size: sampleSize,
      draw_date: drawDate,
      manifest_text: text,
      manifest_sha256: sha,
      frozen_at: at,
      frozen_by: ctx.user.id,
      seed: null,
      seed_at: null,
      seed_by: null,
      drawn_at: null,
    });
    await repo.insertLedgerTeams(trx, c.id, teamRows);
    await appendAudit(trx, actorOf(ctx), at, [
      {
        action: 'inspection.ledger.freeze',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        after: { manifestSha256: sha, drawDate, sampleSize, teams: teamRows.length },
      },
    ]);
    return viewOf(trx, c);
  });
}

/** Records the seed after the manifest is frozen; it may be corrected until the sample is drawn. */
export async function recordSeed(ctx: Ctx, campaignId: number, seed: string): Promise<View> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ledger.manage', campaignId);
    const ledger = await repo.findLedger(trx, c.id);
    if (!ledger) throw new AppError('manifest_not_frozen');
    if (ledger.drawn_at) throw new AppError('seed_locked', { seed: ledger.seed });
    const at = nowIso(ctx.clock);
    await repo.setSeed(trx, c.id, seed, at, ctx.user.id);
    await appendAudit(trx, actorOf(ctx), at, [
      {
        action: 'inspection.ledger.seed',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        before: { seed: ledger.seed },
        after: { seed, manifestSha256: ledger.manifest_sha256 },
      },
    ]);
    return viewOf(trx, c);
  });
}

/**
 * Draws the sample from the published manifest text and the seed (SPEC §5) and locks the seed.
 * Drawing again changes nothing: the same inputs give the same sample.
 */
export async function drawLedgerSample(ctx: Ctx, campaignId: number): Promise<View> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ledger.manage', campaignId);
    const ledger = await repo.findLedger(trx, c.id);
    if (!ledger) throw new AppError('manifest_not_frozen');
    if (!ledger.seed) throw new AppError('seed_missing');
    if (ledger.drawn_at) return viewOf(trx, c);
    const manifest = parseManifest(ledger.manifest_text);
    const drawn = await drawSample(manifest.units, ledger.seed, manifest.sampleSize, nodeSha256);
    const rows = await repo.ledgerTeams(trx, c.id);
    const idOf = new Map(rows.map((r) => [r.team_code, r.team_id]));
    for (const u of drawn) {
      for (const t of u.teams) {
        await repo.setTeamDraw(trx, c.id, idOf.get(t.code) ?? -1, {
          sort_key: t.key,
          draw_rank: t.rank,
          sampled: t.sampled ? 1 : 0,
        });
      }
    }
    const at = nowIso(ctx.clock);
    await repo.markDrawn(trx, c.id, at);
    await appendAudit(trx, actorOf(ctx), at, [
      {
        action: 'inspection.ledger.draw',
        entityType: 'insp_campaign',
        entityId: c.id,
        orgId: c.orgId,
        after: {
          seed: ledger.seed,
          manifestSha256: ledger.manifest_sha256,
          sample: drawn.map((u) => ({
            unit: u.code,
            teams: u.teams.filter((t) => t.sampled).map((t) => t.code),
          })),
        },
      },
    ]);
    return viewOf(trx, c);
  });
}

/** Scores a sampled team's ledger: its deductions (each with a note) replace the previous ones. */
export async function scoreLedger(
  ctx: Ctx,
  campaignId: number,
  teamId: number,
  body: z.output<typeof scoreBody>,
): Promise<View> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await authorizedCampaign(trx, ctx.user, 'inspection.ledger.score', campaignId);
    const ledger = await repo.findLedger(trx, c.id);
    if (!ledger?.drawn_at) throw new AppError('team_not_sampled', { teamId });
    const team = (await repo.ledgerTeams(trx, c.id)).find((t) => t.team_id === teamId);
    if (!team) throw new AppError('not_found', { entity: 'team', id: teamId });
    if (team.sampled !== 1) throw new AppError('team_not_sampled', { teamId });
    const before = (await repo.deductions(trx, c.id)).filter((d) => d.team_id === teamId);
    await repo.deleteTeamDeductions(trx, c.id, teamId);
    const rows = body.deductions.map((d) => ({
      campaign_id: c.id,
      team_id: teamId,
      points: Math.round(d.points * 100),
      note: d.note,
    }));
    if (rows.length > 0) await repo.insertDeductions(trx, rows);
    const at = nowIso(ctx.clock);
    await repo.markTeamScored(trx, c.id, teamId, ctx.user.id, at);
    await appendAudit(trx, actorOf(ctx), at, [
      {
        action: 'inspection.ledger.score',
        entityType: 'insp_ledger_team',
        entityId: `${c.id}:${teamId}`,
        orgId: team.unit_id,
        before: team.scored === 1 ? before.map((d) => ({ points: d.points, note: d.note })) : null,
        after: rows.map((d) => ({ points: d.points, note: d.note })),
      },
    ]);
    return viewOf(trx, c);
  });
}

/** The published manifest, seed and sample: enough for anyone to re-draw. No session. */
export async function publishedLedger(deps: Deps, campaignId: number): Promise<z.input<typeof publicLedger>> {
  const c = await findCampaign(deps.db, campaignId);
  const ledger = c ? await repo.findLedger(deps.db, c.id) : undefined;
  if (!c || !ledger) throw new AppError('not_found', { entity: 'ledger', id: campaignId });
  let sample: { unitCode: string; teamCodes: string[] }[] | null = null;
  if (ledger.drawn_at) {
    const units = await campaignUnits(deps.db, c.id);
    const teams = await repo.ledgerTeams(deps.db, c.id);
    sample = units.map((u) => ({
      unitCode: u.code,
      teamCodes: teams.filter((t) => t.unit_id === u.unitId && t.sampled === 1).map((t) => t.team_code),
    }));
  }
  return {
    campaignId: c.id,
    title: c.title,
    manifestText: ledger.manifest_text,
    manifestSha256: ledger.manifest_sha256,
    seed: ledger.seed,
    sample,
  };
}

/**
 * The ledger component for the composite (SPEC §5): per target unit, the mean over its scored
 * sample of 100 − Σ deductions (two decimals, half up) and the sample's size; `score` is null
 * while nothing of the unit's sample is scored.
 */
export async function ledgerComponent(
  db: Db,
  campaignId: number,
): Promise<Map<number, { score: number | null; sampled: number }>> {
  const units = await campaignUnits(db, campaignId);
  const comp = componentFrom(await repo.ledgerTeams(db, campaignId), await repo.deductions(db, campaignId));
  return new Map(units.map((u) => [u.unitId, comp.get(u.unitId) ?? { score: null, sampled: 0 }]));
}
