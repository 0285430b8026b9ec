import { roundHalfUp } from '../shared/rounding.js';
import { MIN_BALLOTS, type Rating, ratings, ratingValue } from './ballots.js';

/** Counts of one item: how many ballots gave each rating. */
export type RatingCounts = Record<Rating, number>;

export interface ItemTally {
  itemNo: number;
  counts: RatingCounts;
  ballots: number;
  /** Mean rating on 0–100, in hundredths (8567 = 85.67). */
  meanHundredths: number;
  /** Share of 好 + 较好 in hundredths of a percent (6667 = 66.67 %). */
  goodRateHundredths: number;
}

export interface UnitTally {
  /** Ballots cast for the unit (every ballot rates every item, so any item's total). */
  ballots: number;
  /** False below MIN_BALLOTS: nothing of the tally may be shown or used. */
  visible: boolean;
  items: ItemTally[];
  /** Over all items' ratings together. */
  meanHundredths: number | null;
  goodRateHundredths: number | null;
}

export const zeroCounts = (): RatingCounts => ({ good: 0, fair_good: 0, average: 0, poor: 0 });

const total = (c: RatingCounts) => ratings.reduce((s, r) => s + c[r], 0);
const weighted = (c: RatingCounts) => ratings.reduce((s, r) => s + c[r] * ratingValue[r], 0);

/**
 * A unit's tally from its counts per item × rating: each item's mean and 好+较好 rate, and the
 * overall ones over every rating given, rounded once, half up, to two decimals. Below
 * MIN_BALLOTS ballots the tally is hidden: `visible` false and no figure at all.
 */
export function tallyUnit(items: readonly { itemNo: number; counts: RatingCounts }[]): UnitTally {
  const ballots = items.length === 0 ? 0 : Math.max(...items.map((i) => total(i.counts)));
  if (ballots < MIN_BALLOTS) {
    return { ballots, visible: false, items: [], meanHundredths: null, goodRateHundredths: null };
  }
  const rows: ItemTally[] = items.map((i) => {
    const n = total(i.counts);
    return {
      itemNo: i.itemNo,
      counts: { ...i.counts },
      ballots: n,
      meanHundredths: n === 0 ? 0 : roundHalfUp(weighted(i.counts) * 100, n),
      goodRateHundredths: n === 0 ? 0 : roundHalfUp((i.counts.good + i.counts.fair_good) * 10000, n),
    };
  });
  const all = zeroCounts();
  for (const i of items) for (const r of ratings) all[r] += i.counts[r];
  const n = total(all);
  return {
    ballots,
    visible: true,
    items: rows,
    meanHundredths: overallMeanHundredths({ ballots, ratingsGiven: n, weightedSum: weighted(all) }),
    goodRateHundredths: roundHalfUp((all.good + all.fair_good) * 10000, n),
  };
}

/**
 * What the composite needs of a unit's tally, from three sums over its counts (as a database
 * aggregate gives them): `ballots` (the largest item total), every rating given, and the sum of
 * their values (`ratingValue`). The same overall mean as `tallyUnit`'s, null below MIN_BALLOTS.
 */
export function overallMeanHundredths(t: { ballots: number; ratingsGiven: number; weightedSum: number }) {
  if (t.ballots < MIN_BALLOTS || t.ratingsGiven === 0) return null;
  return roundHalfUp(t.weightedSum * 100, t.ratingsGiven);
}
