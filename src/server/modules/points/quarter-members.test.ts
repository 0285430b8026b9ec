import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTree } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { quarterMembers } from './quarter.service.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
});
afterAll(() => t.close());

describe('who belongs to a quarter', () => {
  it('counts a long-standing member recorded late in every quarter, a new member only from joining, and places a transferred member where they ended', async () => {
    const veteran = await makeMember(t.db, tree.branchA1, { join_date: '2001-07-01' });
    await t.db
      .updateTable('member_branch_history')
      .set({ from_date: '2026-11-20' })
      .where('member_id', '=', veteran.id)
      .execute();
    const newcomer = await makeMember(t.db, tree.branchA1, {
      join_date: '2026-05-01',
      status: 'probationary',
    });
    await t.db
      .updateTable('member_branch_history')
      .set({ from_date: '2026-05-01' })
      .where('member_id', '=', newcomer.id)
      .execute();
    const mover = await makeMember(t.db, tree.branchA1);
    await t.db
      .updateTable('member_branch_history')
      .set({ to_date: '2026-02-15' })
      .where('member_id', '=', mover.id)
      .execute();
    await t.db
      .insertInto('member_branch_history')
      .values({
        member_id: mover.id,
        branch_id: tree.branchB1.id,
        from_date: '2026-02-15',
        to_date: null,
        reason: 'test',
        created_at: '2026-02-15T00:00:00Z',
      })
      .execute();
    const q1 = await quarterMembers(t.db, tree.root.id, '2026-01-01', '2026-03-31', '2026-11-24');
    const q2 = await quarterMembers(t.db, tree.root.id, '2026-04-01', '2026-06-30', '2026-11-24');
    expect(q1.get(veteran.id)).toBe(tree.branchA1.id);
    expect(q1.has(newcomer.id)).toBe(false);
    expect(q2.get(newcomer.id)).toBe(tree.branchA1.id);
    expect(q1.get(mover.id)).toBe(tree.branchB1.id);
  });
});
