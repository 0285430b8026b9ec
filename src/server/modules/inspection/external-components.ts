import type { Db } from '../../../db/kysely.js';

/** A unit's democratic-evaluation component: its score (null = void, e.g. fewer than 5 ballots). */
export type DemocraticComponent = { score: number | null; ballots: number };
/** A unit's ledger spot-check component: the mean over its sampled teams (null = void). */
export type LedgerComponent = { score: number | null; sampled: number };

/**
 * The two components scored by the ballot and ledger modules, keyed by unit org id: it reads
 * `democraticComponent` of `inspection-ballots/ballots.service.ts` and `ledgerComponent` of
 * `inspection-ledger/ledger.service.ts`. Until those modules are part of the build it answers
 * empty maps, which the results treat as void components (their weight spread over the others,
 * said on the results).
 */
export async function externalComponents(
  _db: Db,
  _campaignId: number,
): Promise<{ democratic: Map<number, DemocraticComponent>; ledger: Map<number, LedgerComponent> }> {
  return { democratic: new Map(), ledger: new Map() };
}
