/**
 * "Explain every number": turns the server's explained quarter score (the domain's
 * `QuarterScoreView`, as the contract's `quarterScoreExplanation` types it) into the rows the explain drawer prints — base, each dimension's bonus
 * raw → after item caps → after the dimension cap, each item with every entry and how much of
 * it counted — and checks that the printed parts add up to the printed total.
 */
import type { QuarterScoreExplanation } from '../../contracts/points-explanation.js';
import type { Dimension, Direction, QuarterCap } from '../../domain/points/scheme.js';

const DIMENSIONS: readonly Dimension[] = ['political', 'professional', 'civility'];

/** What the drawer knows of an entry besides the explanation (from the entries list). */
export interface EntryInfo {
  id: number;
  itemCode: string;
  itemName: string;
  note: string | null;
  kind: 'normal' | 'adjustment';
}

export interface ExplainEntryRow {
  entryId: number;
  occurredOn: string;
  quantity: number;
  points: number;
  counted: number;
  /** The item's quarter cap cut this entry, fully or in part. */
  capped: boolean;
  kind: 'normal' | 'adjustment';
  /** Cancelled by this adjustment (counts nothing). */
  revokedBy: number | null;
  /** This adjustment cancels that entry (counts nothing itself). */
  revokes: number | null;
  note: string | null;
}

export interface ExplainItemRow {
  code: string;
  name: string;
  direction: Direction;
  veto: boolean;
  cap: QuarterCap | null;
  rawTotal: number;
  countedTotal: number;
  capApplied: boolean;
  entries: ExplainEntryRow[];
}

export interface ExplainDimensionRow {
  dimension: Dimension;
  bonusRaw: number;
  bonusAfterItemCaps: number;
  bonusCap: number;
  bonusCapped: number;
  dimensionCapApplied: boolean;
  deductionsRaw: number;
  deductions: number;
  items: ExplainItemRow[];
}

export interface ExplainModel {
  base: number;
  total: number;
  bonusTotal: number;
  deductionTotal: number;
  unflooredTotal: number;
  flooredAtZero: boolean;
  deductionDetailHidden: boolean;
  vetoEntryIds: number[];
  dimensions: ExplainDimensionRow[];
  /** base + Σ bonus after caps − Σ deductions equals the unfloored total (it always should). */
  addsUp: boolean;
}

/** Builds the drawer's rows from the explanation the API sends (typed by the contract). */
export function buildExplain(score: QuarterScoreExplanation, entries: readonly EntryInfo[]): ExplainModel {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const nameOf = (code: string) => entries.find((e) => e.itemCode === code)?.itemName ?? code;
  const dimensions = DIMENSIONS.map((d): ExplainDimensionRow => {
    const dim = score.perDimension[d];
    return {
      dimension: d,
      bonusRaw: dim.bonusRaw,
      bonusAfterItemCaps: dim.bonusAfterItemCaps,
      bonusCap: dim.bonusCap,
      bonusCapped: dim.bonusCapped,
      dimensionCapApplied: score.dimensionCapsApplied.includes(d),
      deductionsRaw: dim.deductionsRaw,
      deductions: dim.deductions,
      items: score.items
        .filter((i) => i.dimension === d)
        .map((i) => ({
          code: i.itemCode,
          name: nameOf(i.itemCode),
          direction: i.direction,
          veto: i.veto,
          cap: i.cap,
          rawTotal: i.rawTotal,
          countedTotal: i.countedTotal,
          capApplied: i.capApplied,
          entries: i.entries.map((e) => ({
            entryId: e.entryId,
            occurredOn: e.occurredOn,
            quantity: e.quantity,
            points: e.points,
            counted: e.counted,
            capped: e.cappedBy === 'item_cap',
            kind: e.kind,
            revokedBy: e.revokedBy,
            revokes: e.revokes,
            note: byId.get(e.entryId)?.note ?? null,
          })),
        })),
    };
  });
  const bonus = dimensions.reduce((s, d) => s + d.bonusCapped, 0);
  const deductions = dimensions.reduce((s, d) => s + d.deductions, 0);
  return {
    base: score.base,
    total: score.total,
    bonusTotal: score.bonusTotal,
    deductionTotal: score.deductionTotal,
    unflooredTotal: score.unflooredTotal,
    flooredAtZero: score.flooredAtZero,
    deductionDetailHidden: score.deductionDetailHidden === true,
    vetoEntryIds: [...score.vetoEntryIds],
    dimensions,
    addsUp:
      score.base + bonus - deductions === score.unflooredTotal &&
      Math.max(0, score.unflooredTotal) === score.total,
  };
}
