import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../lib/audit.js';
import { makeTree, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, createTestApp, login, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  admin = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'admin', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  for (let i = 0; i < 5; i++) {
    await admin.post('/api/v1/orgs', {
      kind: 'branch',
      code: uniq('AU'),
      name: `审计支部${i}`,
      parentId: tree.countyA.id,
    });
  }
});
afterAll(() => t.close());

describe('audit log', () => {
  it('names each row’s entity: an org by name and code, a user by account', async () => {
    const orgs = (await admin.get('/api/v1/audit?action=org.create&pageSize=200')).body.items;
    const branch = orgs.find((r: { after: { name?: string } }) => r.after?.name === '审计支部2');
    expect(branch.entityName).toBe(`审计支部2（${branch.after.code}）`);
    const logins = (await admin.get('/api/v1/audit?action=auth.login&pageSize=1')).body.items;
    expect(logins[0].entityName).toBe(admin.account);
  });

  it('records who, when, what, before and after, newest first, filterable', async () => {
    const res = await admin.get('/api/v1/audit?action=org.create&pageSize=3');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.total).toBeGreaterThanOrEqual(5);
    const [first, second] = res.body.items;
    expect(first.seq).toBeGreaterThan(second.seq);
    expect(first).toMatchObject({
      actorAccount: admin.account,
      entityType: 'org',
      after: expect.objectContaining({ name: '审计支部4' }),
    });
    expect(first.at).toBe(t.clock.now().toISOString());
  });

  it('chains every row to the previous one, and the verify endpoint says intact', async () => {
    const res = await admin.post('/api/v1/audit/verify');
    expect(res.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(res.body.checked).toBeGreaterThan(5);
  });

  it('names the first row whose content was changed behind the app’s back', async () => {
    const target = await t.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'org.create')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const original = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', target.seq)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('audit_log')
      .set({ after_json: '{"name":"篡改"}' })
      .where('seq', '=', target.seq)
      .execute();
    const broken = await verifyAuditChain(t.db);
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: target.seq });
    // Putting the original content back makes the chain whole again.
    await t.db
      .updateTable('audit_log')
      .set({ after_json: original.after_json })
      .where('seq', '=', target.seq)
      .execute();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('notices a deleted last row through the chain head', async () => {
    await admin.post('/api/v1/orgs', {
      kind: 'branch',
      code: uniq('AU'),
      name: '最后一个',
      parentId: tree.countyA.id,
    });
    const last = await t.db
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const row = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', last.seq)
      .executeTakeFirstOrThrow();
    await t.db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
    const res = await verifyAuditChain(t.db);
    expect(res.ok).toBe(false);
    expect(res.firstBrokenSeq).toBe(last.seq);
    await t.db.insertInto('audit_log').values(row).execute();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('rolls back the audit rows with a failed change', async () => {
    const before = await t.db.selectFrom('audit_head').select('last_seq').executeTakeFirstOrThrow();
    const res = await admin.post('/api/v1/orgs', {
      kind: 'branch',
      code: tree.branchA1.code,
      name: 'dup',
      parentId: tree.countyA.id,
    });
    expect(res.status).toBe(409);
    const after = await t.db.selectFrom('audit_head').select('last_seq').executeTakeFirstOrThrow();
    expect(after.last_seq).toBe(before.last_seq);
  });

  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        admin.post('/api/v1/orgs', {
          kind: 'branch',
          code: uniq('CC'),
          name: `并发${i}`,
          parentId: tree.countyB.id,
        }),
      ),
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('never lists a peer sheet as written before sheets were counted, nor the rater branches of an old rater edit', async () => {
    // Rows as earlier versions wrote them: the rater's person with the sheet, the raters by id.
    const rater = await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }]);
    await t.db.transaction().execute((trx) =>
      appendAudit(trx, { id: rater.id, account: rater.account }, '2026-03-20T02:00:00.000Z', [
        {
          action: 'branch_eval.peer.submit',
          entityType: 'be_peer_sheet',
          entityId: 1,
          orgId: tree.branchA1.id,
          after: { month: '2026-03', rater: tree.branchA1.id, rated: 424242, scores: { E1: 2741 } },
        },
        {
          action: 'branch_eval.peer.set_raters',
          entityType: 'be_month',
          entityId: 1,
          orgId: tree.countyA.id,
          before: { month: '2026-03', rated: 424242, raters: [tree.branchA1.id, 919191] },
          after: { month: '2026-03', rated: 424242, raters: [919191] },
        },
      ]),
    );
    for (const url of [
      '/api/v1/audit?pageSize=200',
      '/api/v1/audit?entityType=be_peer_sheet',
      '/api/v1/audit?action=branch_eval.peer',
      `/api/v1/audit?actor=${rater.account}`,
      '/api/v1/audit?from=2026-03-20&to=2026-03-20',
    ]) {
      const res = await admin.get(url);
      expect(res.status).toBe(200);
      // Every value the page holds, but the chain's hashes: random hex, which may hold any digits.
      const values = leaves(res.body).filter((v) => !/^[0-9a-f]{32,}$/i.test(v));
      const actions = res.body.items.map((r: { action: string }) => r.action);
      expect(actions, url).not.toContain('branch_eval.peer.submit');
      expect(
        values.filter((v) => v.includes('2741')),
        url,
      ).toEqual([]);
      expect(
        values.filter((v) => v.includes('919191')),
        url,
      ).toEqual([]);
    }
    const edit = (await admin.get('/api/v1/audit?action=branch_eval.peer.set_raters')).body.items[0];
    expect(edit).toMatchObject({ before: { rated: 424242, raters: 2 }, after: { rated: 424242, raters: 1 } });
    // Still in the chain, which stays intact.
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

/** Every number, string and boolean in a JSON value, as text. */
function leaves(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object')
    return Object.values(value as Record<string, unknown>).flatMap((v) => leaves(v));
  return [String(value)];
}
