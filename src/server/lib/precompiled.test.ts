import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/kysely.js';
import { precompiled } from '../../db/precompiled.js';
import { makeTree } from '../test/factories.js';
import { createTestDb, type TestDb } from '../test/harness.js';

let tdb: TestDb;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
  tdb = await createTestDb();
  tree = await makeTree(tdb.handle.db);
});
afterAll(() => tdb.drop());

/** Orgs under a node whose name is not a given one: two values bound, one in a subquery. */
const builder = (db: DbOrTrx, orgId: number, notNamed: string) =>
  db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId))
    .where('name', '!=', notNamed)
    .orderBy('id');

describe('a precompiled query', () => {
  const compiled = precompiled(2, builder);

  it('answers what the query builder answers, for every call’s values, outside and inside a transaction', async () => {
    const db = tdb.handle.db;
    for (const [orgId, name] of [
      [tree.root.id, 'A县党委'],
      [tree.countyA.id, 'A1支部'],
      [tree.branchB1.id, 'nothing'],
      [tree.countyB.id, 'B1支部'],
    ] as const) {
      const want = await builder(db, orgId, name).execute();
      expect(want.length).toBeGreaterThan(0);
      expect(await compiled(db, orgId, name)).toEqual(want);
      expect(await db.transaction().execute((trx) => compiled(trx, orgId, name))).toEqual(want);
    }
    // A county's subtree holds none of the other county's branches.
    expect((await compiled(db, tree.countyB.id, '')).map((o) => o.id)).not.toContain(tree.branchA1.id);
  });

  it('refuses a build that does not bind each of its arguments (its shape would depend on them)', async () => {
    const shaped = precompiled(1, (db, orgId: number) =>
      db
        .selectFrom('org')
        .select('id')
        .where('id', 'in', [tree.root.id])
        .$if(orgId > 0, (q) => q.orderBy('id')),
    );
    await expect(shaped(tdb.handle.db, tree.root.id)).rejects.toThrow(/bind each of its 1 arguments/);
  });
});
