import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/kysely.js';
import { createTestDb, type TestDb, testDialect } from '../test/harness.js';
import {
  bumpDataVersion,
  type DataSet,
  dataStamp,
  deferDataVersions,
  flushDataVersions,
} from './data-version.js';

let tdb: TestDb;

beforeAll(async () => {
  tdb = await createTestDb();
});
afterAll(() => tdb.drop());

const versionOf = async (db: DbOrTrx, name: DataSet) =>
  Number(
    (await db.selectFrom('data_version').select('version').where('name', '=', name).executeTakeFirstOrThrow())
      .version,
  );

describe('data versions moved at the end of a long transaction', () => {
  it('move once, at the flush, by one per set written, and are seen with the data at the commit', async () => {
    const db = tdb.handle.db;
    const before = { points: await versionOf(db, 'points'), directory: await versionOf(db, 'directory') };
    const stamp = await dataStamp(db);
    await db.transaction().execute(async (trx) => {
      deferDataVersions(trx);
      await bumpDataVersion(trx, 'points');
      await bumpDataVersion(trx, 'points');
      await bumpDataVersion(trx, 'directory');
      // Not moved yet, inside or outside the transaction.
      expect(await versionOf(trx, 'points')).toBe(before.points);
      await flushDataVersions(trx);
      expect(await versionOf(trx, 'points')).toBe(before.points + 1);
      expect(await versionOf(trx, 'directory')).toBe(before.directory + 1);
      // A second flush moves nothing more; a later bump moves at once.
      await flushDataVersions(trx);
      expect(await versionOf(trx, 'points')).toBe(before.points + 1);
    });
    expect(await versionOf(db, 'points')).toBe(before.points + 1);
    expect(await versionOf(db, 'directory')).toBe(before.directory + 1);
    expect(await dataStamp(db)).not.toBe(stamp);
  });

  it('move nothing when the transaction rolls back', async () => {
    const db = tdb.handle.db;
    const before = await versionOf(db, 'points');
    await expect(
      db.transaction().execute(async (trx) => {
        deferDataVersions(trx);
        await bumpDataVersion(trx, 'points');
        await flushDataVersions(trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await versionOf(db, 'points')).toBe(before);
  });

  it.runIf(testDialect === 'postgres')(
    'leave the version row unlocked until the flush: another writer of the set does not wait (PostgreSQL)',
    async () => {
      const db = tdb.handle.db;
      /** Another transaction's bump, refused (55P03) rather than kept waiting if the row is locked. */
      const otherWriter = () =>
        db.transaction().execute(async (other) => {
          await sql`set local lock_timeout = '300ms'`.execute(other);
          await bumpDataVersion(other, 'points');
        });
      // Deferred: the long transaction has written, the other writer goes through.
      await db.transaction().execute(async (trx) => {
        deferDataVersions(trx);
        await bumpDataVersion(trx, 'points');
        await expect(otherWriter()).resolves.toBeUndefined();
        await flushDataVersions(trx);
      });
      // Not deferred: the row is locked from the first bump, and the other writer would wait.
      await db.transaction().execute(async (trx) => {
        await bumpDataVersion(trx, 'points');
        await expect(otherWriter()).rejects.toThrow(/lock timeout/);
      });
    },
  );
});
