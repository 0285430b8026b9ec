import type { DbOrTrx } from '../../db/kysely.js';
import { precompiled } from '../../db/precompiled.js';
import type { DataVersionTable } from '../../db/types.js';

/**
 * The data sets whose answers app instances keep (migrations 0027, 0028; ARCHITECTURE.md "Kept
 * answers"):
 * - `branch_eval`: the branch evaluation's months, month scores, rankings by indicator,
 *   rectifications, grade rules and plan versions;
 * - `points`: schemes and their versions, quarters (state, rule version), quarter scores and the
 *   board's stored histograms;
 * - `directory`: orgs (names, codes, parents), the org closure, members (names, numbers, branches).
 */
export type DataSet = DataVersionTable['name'];

const bump = precompiled(1, (db, name: DataSet) =>
  db
    .updateTable('data_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('name', '=', name),
);

/**
 * Moves a data set's version: every write to a table of the set calls it in the write's own
 * transaction (the repos that write those tables do), so the new version becomes visible to every
 * instance together with the data, and answers kept under the old version are no longer served.
 * On PostgreSQL the version's row stays locked until the transaction ends: writers of one set
 * take their turns at its commit.
 */
export async function bumpDataVersion(db: DbOrTrx, name: DataSet): Promise<void> {
  await bump(db, name);
}

const versions = precompiled(0, (db) =>
  db.selectFrom('data_version').select(['name', 'version']).orderBy('name'),
);

/** The versions of every data set as one text (`branch_eval:3,directory:12,points:40`): one indexed read. */
export async function dataStamp(db: DbOrTrx): Promise<string> {
  const rows = await versions(db);
  return rows.map((r) => `${r.name}:${r.version}`).join(',');
}
