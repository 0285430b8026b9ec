import type { Db } from '../../../db/kysely.js';
import { democraticComponent } from '../inspection-ballots/ballots.service.js';
import { ledgerComponent } from '../inspection-ledger/ledger.service.js';

/**
 * A unit's democratic-evaluation component: its score in hundredths, as every score of the
 * inspection is (null = void, e.g. fewer than 5 ballots).
 */
export type DemocraticComponent = { score: number | null; ballots: number };
/** A unit's ledger spot-check component: the mean over its sampled teams, in hundredths (null = void). */
export type LedgerComponent = { score: number | null; sampled: number };

/** The ballot and ledger modules answer points with two decimals (80.89); the composite counts hundredths. */
const hundredths = (score: number | null) => (score === null ? null : Math.round(score * 100));

/**
 * The two components scored by the ballot and ledger modules, keyed by unit org id: the mean
 * rating of a closed ballot box with at least 5 ballots (`inspection-ballots`), and the mean
 * ledger score over the drawn sample (`inspection-ledger`). A unit missing from a map, or with a
 * null score, has that component void: the results spread its weight over the others and say so.
 */
export async function externalComponents(
  db: Db,
  campaignId: number,
): Promise<{ democratic: Map<number, DemocraticComponent>; ledger: Map<number, LedgerComponent> }> {
  const [democratic, ledger] = await Promise.all([
    democraticComponent(db, campaignId),
    ledgerComponent(db, campaignId),
  ]);
  return {
    democratic: new Map([...democratic].map(([unit, d]) => [unit, { ...d, score: hundredths(d.score) }])),
    ledger: new Map([...ledger].map(([unit, l]) => [unit, { ...l, score: hundredths(l.score) }])),
  };
}
