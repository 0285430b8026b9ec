/**
 * A member's quarter score (一季一评), fully explained: every counted hundredth is traceable to an
 * approved entry, the cap that cut it, and the rule that produced the total. This result is what
 * the board's "explain this score" view shows and what a stored result records.
 */
import { compareIsoDate, type IsoDate, parseIsoDate } from '../calendar/dates.js';
import type { Hundredths } from './hundredths.js';
import {
  type Dimension,
  type Direction,
  dimensions,
  type QuarterCap,
  type SchemeItem,
  type SchemeRules,
} from './scheme.js';

/** An entry kind: a normal entry, or an `adjustment` (a late correction, committee-approved). */
export type EntryKind = 'normal' | 'adjustment';

/** An approved entry of one member in one quarter, as the service loads it. */
export interface ApprovedEntry {
  readonly id: number;
  readonly itemCode: string;
  readonly occurredOn: IsoDate;
  /** Whole units of the item (次/小时/项), ≥ 1. */
  readonly quantity: number;
  /** Positive magnitude in hundredths; the item's direction says whether it adds or deducts. */
  readonly points: Hundredths;
  readonly kind: EntryKind;
  /**
   * Set on an adjustment that cancels an earlier approved entry of the same item (an upheld
   * appeal, a wrong entry): the cancelled entry then counts as if it had never been approved
   * (it no longer uses up the item's cap and no longer triggers a veto); the cancelling
   * adjustment itself counts nothing. To correct an amount, cancel the entry and add a new one.
   * The service dates the cancelling adjustment like the entry it cancels, so both fall in the
   * same quarter.
   */
  readonly revokesEntryId?: number | null;
}

/** How one entry fared. */
export interface EntryScore {
  readonly entryId: number;
  readonly kind: EntryKind;
  readonly occurredOn: IsoDate;
  readonly quantity: number;
  /** The entry's approved points (magnitude, hundredths). */
  readonly points: Hundredths;
  /** The hundredths of it that counted after the item's quarter cap (0 when revoked). */
  readonly counted: Hundredths;
  /** `item_cap` when the item's quarter cap cut this entry (fully or in part). */
  readonly cappedBy: null | 'item_cap';
  /** Id of the adjustment that cancelled this entry, if any. */
  readonly revokedBy: number | null;
  /** For a cancelling adjustment: the entry it cancels. */
  readonly revokes: number | null;
}

/** One item's entries in the order its cap consumes them (date, then entry id). */
export interface ItemScore {
  readonly itemCode: string;
  readonly dimension: Dimension;
  readonly direction: Direction;
  readonly veto: boolean;
  readonly cap: QuarterCap | null;
  readonly entries: readonly EntryScore[];
  /** Sum of the points of the entries in force (not revoked, not cancelling adjustments). */
  readonly rawTotal: Hundredths;
  /** Sum of `counted`: what reaches the dimension. */
  readonly countedTotal: Hundredths;
  readonly capApplied: boolean;
}

/** One dimension's arithmetic: raw bonus → after item caps → after the dimension cap; deductions. */
export interface DimensionScore {
  readonly bonusCap: Hundredths;
  readonly bonusRaw: Hundredths;
  readonly bonusAfterItemCaps: Hundredths;
  /** min(bonusAfterItemCaps, bonusCap). */
  readonly bonusCapped: Hundredths;
  readonly deductionsRaw: Hundredths;
  /** Deductions after item caps; deductions have no dimension cap. */
  readonly deductions: Hundredths;
}

export interface QuarterScore {
  /** max(0, base + Σ bonusCapped − Σ deductions). */
  readonly total: Hundredths;
  readonly base: Hundredths;
  /** Σ over dimensions of bonusCapped. */
  readonly bonusTotal: Hundredths;
  /** Σ over dimensions of deductions. */
  readonly deductionTotal: Hundredths;
  /** base + bonusTotal − deductionTotal, before the floor at 0. */
  readonly unflooredTotal: Hundredths;
  readonly flooredAtZero: boolean;
  readonly perDimension: Readonly<Record<Dimension, DimensionScore>>;
  /** Items with at least one entry, in the scheme's order. */
  readonly items: readonly ItemScore[];
  readonly dimensionCapsApplied: readonly Dimension[];
  /** Approved, uncancelled entries of veto items (ascending ids): any one makes the year 警示型. */
  readonly vetoEntryIds: readonly number[];
}

/**
 * Indexes scheme items by code for {@link computeQuarterScore}. A Map, not an object, so that a
 * code such as "constructor" cannot meet a prototype property. Throws on a duplicate code.
 */
export function indexItemsByCode(items: readonly SchemeItem[]): Map<string, SchemeItem> {
  const byCode = new Map<string, SchemeItem>();
  for (const item of items) {
    if (byCode.has(item.code)) throw new RangeError(`Duplicate item code: ${item.code}`);
    byCode.set(item.code, item);
  }
  return byCode;
}

/** Entry order for caps: date it happened, then entry id (SPEC §2: "first N occurrences"). */
export function compareEntriesForCap(
  a: Pick<ApprovedEntry, 'occurredOn' | 'id'>,
  b: Pick<ApprovedEntry, 'occurredOn' | 'id'>,
): number {
  return compareIsoDate(a.occurredOn, b.occurredOn) || a.id - b.id;
}

/**
 * The quarter score of one member (SPEC §2):
 *
 *     quarter = max(0, base + Σ_dim min(bonus_dim, cap_dim) − deductions)
 *
 * "Caps apply in order: an item's per-quarter cap first (approved points beyond it do not count),
 * then the dimension's bonus cap." Within an item, entries are taken in date order (ties by id):
 * - count cap N: the first N units of quantity count; an entry that crosses N counts for the
 *   units still free (its points × free units / quantity, rounded down);
 * - points cap C: entries count until their sum reaches C; the entry that crosses C counts in part.
 * An item cap limits how much of that item counts whatever its direction, so it applies to
 * deduction items too; deductions have no dimension cap. `entries` must be the member's approved
 * entries dated in the quarter ("Only approved entries count"). Throws RangeError on data that
 * breaks the module's invariants (unknown item, duplicate id, bad date, non-integer points).
 */
export function computeQuarterScore(
  rules: Pick<SchemeRules, 'baseScore' | 'bonusCaps'>,
  items: ReadonlyMap<string, SchemeItem>,
  entries: readonly ApprovedEntry[],
): QuarterScore {
  assertHundredths(rules.baseScore, 'base score');
  for (const d of dimensions) assertHundredths(rules.bonusCaps[d], `bonus cap of ${d}`, 0);

  const revokedBy = checkEntries(items, entries);
  const byItem = new Map<string, ApprovedEntry[]>();
  for (const entry of entries) {
    const list = byItem.get(entry.itemCode);
    if (list) list.push(entry);
    else byItem.set(entry.itemCode, [entry]);
  }

  const itemScores: ItemScore[] = [];
  const vetoEntryIds: number[] = [];
  for (const [code, item] of items) {
    const list = byItem.get(code);
    if (!list) continue;
    const score = scoreItem(item, [...list].sort(compareEntriesForCap), revokedBy);
    itemScores.push(score);
    if (item.veto) {
      for (const line of score.entries) if (isInForce(line)) vetoEntryIds.push(line.entryId);
    }
  }
  vetoEntryIds.sort((a, b) => a - b);

  const perDimension = {} as Record<Dimension, DimensionScore>;
  const dimensionCapsApplied: Dimension[] = [];
  let bonusTotal = 0;
  let deductionTotal = 0;
  for (const d of dimensions) {
    const inDimension = itemScores.filter((s) => s.dimension === d);
    const sum = (direction: Direction, pick: (s: ItemScore) => number): number =>
      inDimension.filter((s) => s.direction === direction).reduce((acc, s) => acc + pick(s), 0);
    const bonusCap = rules.bonusCaps[d];
    const bonusAfterItemCaps = sum('bonus', (s) => s.countedTotal);
    const bonusCapped = Math.min(bonusAfterItemCaps, bonusCap);
    if (bonusAfterItemCaps > bonusCap) dimensionCapsApplied.push(d);
    const deductions = sum('deduction', (s) => s.countedTotal);
    perDimension[d] = {
      bonusCap,
      bonusRaw: sum('bonus', (s) => s.rawTotal),
      bonusAfterItemCaps,
      bonusCapped,
      deductionsRaw: sum('deduction', (s) => s.rawTotal),
      deductions,
    };
    bonusTotal += bonusCapped;
    deductionTotal += deductions;
  }

  const unflooredTotal = rules.baseScore + bonusTotal - deductionTotal;
  return {
    total: Math.max(0, unflooredTotal),
    base: rules.baseScore,
    bonusTotal,
    deductionTotal,
    unflooredTotal,
    flooredAtZero: unflooredTotal < 0,
    perDimension,
    items: itemScores,
    dimensionCapsApplied,
    vetoEntryIds,
  };
}

/** An entry that is approved and in force: neither cancelled nor itself a cancellation. */
function isInForce(line: Pick<EntryScore, 'revokedBy' | 'revokes'>): boolean {
  return line.revokedBy === null && line.revokes === null;
}

function scoreItem(
  item: SchemeItem,
  sorted: readonly ApprovedEntry[],
  revokedBy: ReadonlyMap<number, number>,
): ItemScore {
  const cap = item.quarterCap;
  let free = cap === null ? Number.POSITIVE_INFINITY : cap.value; // units or hundredths still free
  const lines: EntryScore[] = [];
  let rawTotal = 0;
  let countedTotal = 0;
  let capApplied = false;
  for (const entry of sorted) {
    const base = {
      entryId: entry.id,
      kind: entry.kind,
      occurredOn: entry.occurredOn,
      quantity: entry.quantity,
      points: entry.points,
      revokedBy: revokedBy.get(entry.id) ?? null,
      revokes: entry.revokesEntryId ?? null,
    };
    if (!isInForce(base)) {
      lines.push({ ...base, counted: 0, cappedBy: null });
      continue;
    }
    let counted: number;
    let cut: boolean; // the cap kept part or all of this entry out
    if (cap === null) {
      counted = entry.points;
      cut = false;
    } else if (cap.kind === 'count') {
      const units = Math.min(entry.quantity, free);
      counted = units === entry.quantity ? entry.points : partOf(entry.points, units, entry.quantity);
      cut = units < entry.quantity;
      free -= units;
    } else {
      counted = Math.min(entry.points, free);
      cut = counted < entry.points;
      free -= counted;
    }
    const cappedBy = cut ? 'item_cap' : null;
    if (cut) capApplied = true;
    rawTotal += entry.points;
    countedTotal += counted;
    lines.push({ ...base, counted, cappedBy });
  }
  return {
    itemCode: item.code,
    dimension: item.dimension,
    direction: item.direction,
    veto: item.veto,
    cap,
    entries: lines,
    rawTotal,
    countedTotal,
    capApplied,
  };
}

/** ⌊points × units / quantity⌋ exactly (BigInt: the product may pass 2^53). */
function partOf(points: number, units: number, quantity: number): number {
  return Number((BigInt(points) * BigInt(units)) / BigInt(quantity));
}

function assertHundredths(value: number, what: string, min = Number.MIN_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`Invalid ${what}: ${value}`);
}

/** Checks the invariants the service guarantees; returns cancelled entry id → cancelling adjustment id. */
function checkEntries(
  items: ReadonlyMap<string, SchemeItem>,
  entries: readonly ApprovedEntry[],
): Map<number, number> {
  const byId = new Map<number, ApprovedEntry>();
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.id)) throw new RangeError(`Invalid entry id: ${entry.id}`);
    if (byId.has(entry.id)) throw new RangeError(`Duplicate entry id: ${entry.id}`);
    byId.set(entry.id, entry);
    if (!items.has(entry.itemCode))
      throw new RangeError(`Entry ${entry.id} has an unknown item: ${entry.itemCode}`);
    parseIsoDate(entry.occurredOn);
    if (!Number.isSafeInteger(entry.quantity) || entry.quantity < 1) {
      throw new RangeError(`Entry ${entry.id} has an invalid quantity: ${entry.quantity}`);
    }
    assertHundredths(entry.points, `points of entry ${entry.id}`, 0);
  }
  const revokedBy = new Map<number, number>();
  for (const entry of entries) {
    const target = entry.revokesEntryId;
    if (target === undefined || target === null) continue;
    const revoked = byId.get(target);
    if (entry.kind !== 'adjustment')
      throw new RangeError(`Only an adjustment can cancel an entry (entry ${entry.id})`);
    if (!revoked)
      throw new RangeError(`Adjustment ${entry.id} cancels entry ${target}, which is not among the entries`);
    if (revoked.itemCode !== entry.itemCode) {
      throw new RangeError(`Adjustment ${entry.id} cancels entry ${target} of another item`);
    }
    if (revoked.revokesEntryId !== undefined && revoked.revokesEntryId !== null) {
      throw new RangeError(
        `Adjustment ${entry.id} cancels a cancellation (${target}); enter the entry again instead`,
      );
    }
    if (revokedBy.has(target)) throw new RangeError(`Entry ${target} is cancelled twice`);
    revokedBy.set(target, entry.id);
  }
  return revokedBy;
}

/** What a viewer of the board may see of a member's explained quarter score. */
export type QuarterScoreView = QuarterScore & {
  /** True when the deduction items' entries (and veto entry ids) were removed for this viewer. */
  readonly deductionDetailHidden: boolean;
};

/**
 * The explained score as a given viewer may see it (SPEC §2: "Members see their own entries in
 * full; others' deductions show only as totals unless the scheme says otherwise"). For someone
 * else's score, unless `showOthersDeductions`, the deduction items and veto entry ids are
 * dropped while every total (per dimension and overall) stays, so the numbers still add up.
 */
export function viewQuarterScore(
  score: QuarterScore,
  viewer: { readonly isOwnScore: boolean; readonly showOthersDeductions: boolean },
): QuarterScoreView {
  if (viewer.isOwnScore || viewer.showOthersDeductions) return { ...score, deductionDetailHidden: false };
  return {
    ...score,
    items: score.items.filter((item) => item.direction === 'bonus'),
    vetoEntryIds: [],
    deductionDetailHidden: true,
  };
}
