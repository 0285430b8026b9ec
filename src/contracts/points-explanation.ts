import { z } from 'zod';
import type { QuarterScoreView } from '../domain/points/quarter-score.js';
import { dimensions, directions } from '../domain/points/scheme.js';

/**
 * A member's explained quarter score as the API sends it: the domain's `QuarterScoreView`
 * (base, each dimension raw → after item caps → after the dimension cap, every item with each
 * entry and how much of it counted), so the browser reads it typed. Points are integer hundredths.
 */
const hundredths = z.number().int();
const dimension = z.enum(dimensions);

const entryScore = z.object({
  entryId: z.number().int(),
  kind: z.enum(['normal', 'adjustment']),
  occurredOn: z.string(),
  quantity: z.number().int(),
  points: hundredths,
  counted: hundredths,
  cappedBy: z.literal('item_cap').nullable(),
  revokedBy: z.number().int().nullable(),
  revokes: z.number().int().nullable(),
});

const itemScore = z.object({
  itemCode: z.string(),
  dimension,
  direction: z.enum(directions),
  veto: z.boolean(),
  cap: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('count'), value: z.number().int() }),
      z.object({ kind: z.literal('points'), value: hundredths }),
    ])
    .nullable(),
  entries: z.array(entryScore).readonly(),
  rawTotal: hundredths,
  countedTotal: hundredths,
  capApplied: z.boolean(),
});

const dimensionScore = z.object({
  bonusCap: hundredths,
  bonusRaw: hundredths,
  bonusAfterItemCaps: hundredths,
  bonusCapped: hundredths,
  deductionsRaw: hundredths,
  deductions: hundredths,
});

export const quarterScoreExplanation = z.object({
  total: hundredths,
  base: hundredths,
  bonusTotal: hundredths,
  deductionTotal: hundredths,
  unflooredTotal: hundredths,
  flooredAtZero: z.boolean(),
  perDimension: z.object({
    political: dimensionScore,
    professional: dimensionScore,
    civility: dimensionScore,
  }),
  items: z.array(itemScore).readonly(),
  dimensionCapsApplied: z.array(dimension).readonly(),
  vetoEntryIds: z.array(z.number().int()).readonly(),
  deductionDetailHidden: z.boolean(),
});

/** What the browser reads is exactly the domain's view: a field added there must be added here. */
export type QuarterScoreExplanation = z.infer<typeof quarterScoreExplanation>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsDomain: Same<QuarterScoreExplanation, QuarterScoreView> = true;
void sameAsDomain;
