/**
 * The numbers of a quarter score (total, capped bonus per dimension, deductions, veto entries)
 * from per-item sums, as the close needs them for a whole province at once: the database sums
 * each member's entries per item, and only an item whose count cap is passed needs its entries
 * one by one. The same arithmetic as {@link computeQuarterScore}, which stays the explanation
 * (and the oracle these totals are tested against):
 * - no cap: every point in force counts;
 * - points cap C: entries count until their sum reaches C, so the item counts min(Σ points, C);
 * - count cap N: if the units in force are at most N all count, else the first N units in date
 *   order (ties by id) count, the crossing entry for ⌊points × free units / quantity⌋.
 */

import type { Hundredths } from './hundredths.js';
import { compareEntriesForCap } from './quarter-score.js';
import { type Dimension, dimensions, type SchemeItem, type SchemeRules } from './scheme.js';

/** An entry in force, for the one case its order matters (a count cap that is passed). */
export interface OrderedEntry {
  readonly id: number;
  readonly occurredOn: string;
  readonly quantity: number;
  readonly points: Hundredths;
}

/** One member's entries in force of one item, summed. */
export interface ItemSums {
  readonly itemCode: string;
  /** Σ points of the entries in force. */
  readonly raw: Hundredths;
  /** Σ quantity of the entries in force. */
  readonly units: number;
  /** The entries in force themselves; needed only when the item has a count cap that `units` passes. */
  readonly entries?: readonly OrderedEntry[];
}

export interface QuarterTotals {
  readonly total: Hundredths;
  readonly bonusCapped: Readonly<Record<Dimension, Hundredths>>;
  readonly deductionTotal: Hundredths;
}

/** Whether the item's counted points depend on the order of its entries (a count cap that is passed). */
export function needsEntries(item: Pick<SchemeItem, 'quarterCap'>, units: number): boolean {
  return item.quarterCap?.kind === 'count' && units > item.quarterCap.value;
}

/** What an item's entries in force count after its quarter cap. */
export function countedOfItem(item: Pick<SchemeItem, 'code' | 'quarterCap'>, sums: ItemSums): Hundredths {
  const cap = item.quarterCap;
  if (cap === null) return sums.raw;
  if (cap.kind === 'points') return Math.min(sums.raw, cap.value);
  if (sums.units <= cap.value) return sums.raw;
  if (!sums.entries) throw new RangeError(`Item ${item.code} passes its count cap: its entries are needed`);
  let free = cap.value;
  let counted = 0;
  for (const e of [...sums.entries].sort(compareEntriesForCap)) {
    const units = Math.min(e.quantity, free);
    counted +=
      units === e.quantity ? e.points : Number((BigInt(e.points) * BigInt(units)) / BigInt(e.quantity));
    free -= units;
  }
  return counted;
}

/** A member's counted points (after each item's cap) summed per bonus dimension, and of the deductions. */
export interface CountedSums {
  readonly bonus: Readonly<Record<Dimension, Hundredths>>;
  readonly deductions: Hundredths;
}

/** Adds an item's counted points to the sums of its dimension (bonus) or to the deductions. */
export function addCounted(
  sums: { bonus: Record<Dimension, Hundredths>; deductions: Hundredths },
  item: Pick<SchemeItem, 'dimension' | 'direction'>,
  counted: Hundredths,
): void {
  if (item.direction === 'bonus') sums.bonus[item.dimension] += counted;
  else sums.deductions += counted;
}

/** The totals from counted sums: max(0, base + Σ_dim min(bonus_dim, cap_dim) − deductions). */
export function totalsOfCounted(
  rules: Pick<SchemeRules, 'baseScore' | 'bonusCaps'>,
  counted: CountedSums,
): QuarterTotals {
  const bonusCapped = { political: 0, professional: 0, civility: 0 };
  let bonusTotal = 0;
  for (const d of dimensions) {
    bonusCapped[d] = Math.min(counted.bonus[d], rules.bonusCaps[d]);
    bonusTotal += bonusCapped[d];
  }
  return {
    total: Math.max(0, rules.baseScore + bonusTotal - counted.deductions),
    bonusCapped,
    deductionTotal: counted.deductions,
  };
}

/**
 * The totals of a member's quarter: max(0, base + Σ_dim min(bonus_dim, cap_dim) − deductions).
 * Throws RangeError on an item the scheme does not have.
 */
export function quarterTotals(
  rules: Pick<SchemeRules, 'baseScore' | 'bonusCaps'>,
  items: ReadonlyMap<string, SchemeItem>,
  sums: readonly ItemSums[],
): QuarterTotals {
  const counted = { bonus: { political: 0, professional: 0, civility: 0 }, deductions: 0 };
  for (const s of sums) {
    const item = items.get(s.itemCode);
    if (!item) throw new RangeError(`An entry has an unknown item: ${s.itemCode}`);
    addCounted(counted, item, countedOfItem(item, s));
  }
  return totalsOfCounted(rules, counted);
}
