import type { DbOrTrx } from '../../../db/kysely.js';
import { rebuildBoardTotals } from './board.repo.js';

/**
 * After an org moves in the tree: every quarter's stored board histograms (亮分榜) of the given
 * orgs (those above the org's old and new place) are counted again from the stored scores.
 */
export function recountBoardTotals(db: DbOrTrx, orgIds: readonly number[]): Promise<void> {
  return rebuildBoardTotals(db, orgIds);
}
