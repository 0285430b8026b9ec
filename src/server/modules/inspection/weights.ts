/** The campaign's versioned component weights. */
import type { DbOrTrx } from '../../../db/kysely.js';
import { defaultWeights, type Weights } from '../../../domain/inspection/index.js';
import * as repo from './inspection.repo.js';

/** A weight row as the contract shows it. */
export function weightView(r: repo.WeightRow | null) {
  if (!r) return { version: 0, weights: { ...defaultWeights }, note: null, createdAt: null, createdBy: null };
  return {
    version: r.version,
    weights: {
      selfCheck: r.self_check,
      report: r.report,
      document: r.document,
      democratic: r.democratic,
      ledger: r.ledger,
    },
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.created_by_name ?? null,
  };
}

/** The weights in force (newest version; the SPEC defaults as version 0 while none is saved). */
export async function weightsInForce(
  db: DbOrTrx,
  campaignId: number,
): Promise<{ version: number; weights: Weights }> {
  const [newest] = await repo.weightVersions(db, campaignId);
  const v = weightView(newest ?? null);
  return { version: v.version, weights: v.weights };
}
