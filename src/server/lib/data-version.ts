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
 * - `directory`: orgs (names, codes, parents), the org closure, members (names, numbers, branches);
 * - `entries` (migration 0032): the points entries' workflow — entries, their revisions and
 *   evidence links, appeals. Moved by every submission and decision, so it is left out of the
 *   boards' stamp (`dataStamp`) and read only by what shows entries (`workflowStamp`).
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
  const pending = deferred.get(db);
  if (pending) pending.add(name);
  else await bump(db, name);
}

/** Transactions whose version moves wait for `flushDataVersions`, with the sets they moved. */
const deferred = new WeakMap<DbOrTrx, Set<DataSet>>();

/**
 * For a long transaction (a quarter's close): the versions its writes move are moved at its end,
 * by `flushDataVersions`, instead of at its first write. Each version row is then locked only from
 * the flush to the commit, not for the whole transaction, so on PostgreSQL another write of the
 * same set (an approved adjustment in another scheme) does not wait for the close. Nothing changes
 * for a reader: the data and the new version still become visible together at the commit.
 */
export function deferDataVersions(trx: DbOrTrx): void {
  if (!deferred.has(trx)) deferred.set(trx, new Set());
}

/** Moves the versions a deferring transaction's writes moved; call it last, before the commit. */
export async function flushDataVersions(trx: DbOrTrx): Promise<void> {
  const pending = deferred.get(trx);
  if (!pending) return;
  deferred.delete(trx);
  for (const name of [...pending].sort()) await bump(trx, name);
}

const versions = precompiled(0, (db) =>
  db.selectFrom('data_version').select(['name', 'version']).orderBy('name'),
);

/**
 * The versions of the boards' data sets as one text (`branch_eval:3,directory:12,points:40`): one
 * indexed read. `entries` is not among them: a decision on an entry changes no board.
 */
export async function dataStamp(db: DbOrTrx): Promise<string> {
  const rows = await versions(db);
  return rows
    .filter((r) => r.name !== 'entries')
    .map((r) => `${r.name}:${r.version}`)
    .join(',');
}

/**
 * The versions of every data set, `entries` included, as one text: what the answers that show
 * entries (the review queue, the entry lists) are kept under. One indexed read.
 */
export async function workflowStamp(db: DbOrTrx): Promise<string> {
  const rows = await versions(db);
  return rows.map((r) => `${r.name}:${r.version}`).join(',');
}
