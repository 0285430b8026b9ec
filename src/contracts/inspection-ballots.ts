import { z } from 'zod';
import { ratings } from '../domain/inspection/ballots.js';
import { positiveId } from './common.js';

/** Schemas of the democratic evaluation (民主测评, SPEC §5). */

export const rating = z.enum(ratings);
export const boxState = z.enum(['setup', 'open', 'closed']);
export const ratingCounts = z.object({
  good: z.number().int().min(0),
  fair_good: z.number().int().min(0),
  average: z.number().int().min(0),
  poor: z.number().int().min(0),
});

export const ballotItem = z.object({
  itemNo: z.number().int(),
  zh: z.string(),
  en: z.string(),
});

export const campaignUnitParams = z.object({ id: positiveId, unitId: positiveId });

export const itemsBody = z.object({
  items: z
    .array(z.object({ zh: z.string().trim().min(1).max(40), en: z.string().trim().max(80).default('') }))
    .min(1)
    .max(20),
});

export const itemTally = z.object({
  itemNo: z.number().int(),
  counts: ratingCounts,
  ballots: z.number().int(),
  mean: z.number(),
  goodRate: z.number(),
});

export const unitTally = z.object({
  visible: z.boolean(),
  ballots: z.number().int().nullable(),
  mean: z.number().nullable(),
  goodRate: z.number().nullable(),
  items: z.array(itemTally),
});

export const ballotUnit = z.object({
  unitId: z.number().int(),
  code: z.string(),
  name: z.string(),
  issued: z.number().int(),
  used: z.number().int(),
  /** Filled only after the box closed, and only with figures for ≥ 5 ballots. */
  tally: unitTally.nullable(),
});

export const ballotOverview = z.object({
  campaignId: z.number().int(),
  title: z.string(),
  year: z.number().int(),
  state: boxState,
  openedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  minBallots: z.number().int(),
  items: z.array(ballotItem),
  units: z.array(ballotUnit),
});

export const batchBody = z.object({
  units: z
    .array(z.object({ unitId: z.number().int().positive(), count: z.number().int().min(1).max(2000) }))
    .min(1)
    .max(500),
});

export const ballotSlip = z.object({ code: z.string(), unitId: z.number().int(), unitName: z.string() });
export const batchResponse = z.object({
  campaignTitle: z.string(),
  /** The codes in plain text: they exist only in this answer, in random order. */
  slips: z.array(ballotSlip),
});

export const usedCodesResponse = z.object({
  unitId: z.number().int(),
  issued: z.number().int(),
  used: z.number().int(),
  /** SHA-256 of each used code, sorted (not in the order they were used). */
  usedHashes: z.array(z.string()),
});

/** After close, public: every unit's codes issued and used and the hashes of the used codes. */
export const countedCodesResponse = z.object({
  campaignId: z.number().int(),
  title: z.string(),
  closedOn: z.string().nullable(),
  units: z.array(usedCodesResponse.extend({ name: z.string() })),
});

export const paperBody = z.object({
  unitId: z.number().int().positive(),
  sheetNo: z.number().int().min(1).max(10000),
  ballots: z.number().int().min(1).max(100000),
  counts: z.record(z.string().regex(/^[0-9]+$/), ratingCounts),
});

export const paperSheet = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  sheetNo: z.number().int(),
  entries: z.number().int(),
  /** both entries agree and went into the counts; mismatch: they differ (see `differences`). */
  status: z.enum(['waiting', 'applied', 'mismatch']),
  ballots: z.number().int(),
  differences: z.array(z.string()),
});
export const paperList = z.object({ items: z.array(paperSheet) });

// Public ballot: the code travels only in the body.
export const ballotCode = z.string().max(64);
export const ballotCheckBody = z.object({ code: ballotCode });
export const ballotCheckResponse = z.object({
  /**
   * The slip's campaign (public, like its title), for the link to the "was my code counted" page.
   * It names the campaign only: nothing about the code's use, order or time.
   */
  campaignId: z.number().int(),
  campaignTitle: z.string(),
  unitName: z.string(),
  items: z.array(ballotItem),
});
export const ballotCastBody = z.object({ code: ballotCode, answers: z.record(z.string(), z.string()) });
export const ballotCastResponse = z.object({ ok: z.literal(true) });
