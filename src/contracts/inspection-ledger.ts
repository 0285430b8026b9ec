import { z } from 'zod';
import { SEED_PATTERN } from '../domain/inspection/sampling.js';
import { isoDate, positiveId } from './common.js';

/** Schemas of the ledger spot-check (抽查基层班组台帐, SPEC §5). */

export const ledgerTeam = z.object({
  teamId: z.number().int(),
  code: z.string(),
  name: z.string(),
  sortKey: z.string().nullable(),
  rank: z.number().int().nullable(),
  sampled: z.boolean(),
  scored: z.boolean(),
  deductions: z.array(z.object({ points: z.number(), note: z.string() })),
  /** 100 − Σ deductions (≥ 0) once scored. */
  score: z.number().nullable(),
});

export const ledgerUnit = z.object({
  unitId: z.number().int(),
  code: z.string(),
  name: z.string(),
  teams: z.array(ledgerTeam),
  /** Mean over the scored sample, two decimals; null when nothing is scored yet. */
  component: z.number().nullable(),
});

export const ledgerState = z.enum(['open', 'frozen', 'seeded', 'drawn']);

export const ledgerView = z.object({
  campaignId: z.number().int(),
  title: z.string(),
  year: z.number().int(),
  state: ledgerState,
  sampleSize: z.number().int().nullable(),
  drawDate: z.string().nullable(),
  manifestSha256: z.string().nullable(),
  manifestText: z.string().nullable(),
  seed: z.string().nullable(),
  units: z.array(ledgerUnit),
});

export const freezeBody = z.object({
  sampleSize: z.number().int().min(1).max(50).optional(),
  drawDate: isoDate.optional(),
});
export const seedBody = z.object({
  seed: z.string().trim().regex(SEED_PATTERN, 'digits, letters and - only, at most 64'),
});
export const teamParams = z.object({ id: positiveId, teamId: positiveId });
export const scoreBody = z.object({
  deductions: z
    .array(
      z.object({
        points: z.number().positive().max(100).multipleOf(0.01),
        note: z.string().trim().min(1).max(500),
      }),
    )
    .max(100),
});

export const publicLedger = z.object({
  campaignId: z.number().int(),
  title: z.string(),
  manifestText: z.string(),
  manifestSha256: z.string(),
  seed: z.string().nullable(),
  sample: z.array(z.object({ unitCode: z.string(), teamCodes: z.array(z.string()) })).nullable(),
});
