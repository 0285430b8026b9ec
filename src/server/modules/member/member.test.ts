import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg, makeTree, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, createTestApp, type Json, login, type TestApp } from '../../test/harness.js';
import { branchOnDate } from './member.repo.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let secretary: Client;

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  affairs = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
  secretary = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }])).account,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

const newMember = (branchId: number, over: Record<string, unknown> = {}) => ({
  employeeNo: uniq('E'),
  name: '张建国',
  gender: 'M',
  birthDate: '1985-04-12',
  status: 'full',
  joinDate: '2010-07-01',
  fullDate: '2011-07-01',
  branchId,
  post: '变电运维工',
  phone: '13800138000',
  ...over,
});

describe('members', () => {
  it('creates a member with a first branch-history row', async () => {
    const res = await affairs.post('/api/v1/members', newMember(tree.branchA1.id));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: '张建国',
      branchId: tree.branchA1.id,
      branchName: 'A1支部',
      status: 'full',
    });
    expect(res.body.history).toEqual([expect.objectContaining({ branchId: tree.branchA1.id, toDate: null })]);
  });

  it('refuses a duplicate 工号, a committee as branch, a bad date and a probationary status missing', async () => {
    const first = await affairs.post('/api/v1/members', newMember(tree.branchA1.id));
    const dup = await affairs.post(
      '/api/v1/members',
      newMember(tree.branchA1.id, { employeeNo: first.body.employeeNo }),
    );
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('duplicate_employee_no');
    const notBranch = await affairs.post('/api/v1/members', newMember(tree.countyA.id));
    expect(notBranch.body.error.code).toBe('not_a_branch');
    const badDate = await affairs.post(
      '/api/v1/members',
      newMember(tree.branchA1.id, { birthDate: '1985-02-30' }),
    );
    expect(badDate.body.error.code).toBe('validation_failed');
    const noStatus = await affairs.post(
      '/api/v1/members',
      newMember(tree.branchA1.id, { status: undefined }),
    );
    expect(noStatus.body.error.code).toBe('validation_failed');
    const unknownBranch = await affairs.post('/api/v1/members', newMember(987654));
    expect(unknownBranch.status).toBe(404);
  });

  it('searches by name and 工号 prefix, filters by status and subtree, and pages', async () => {
    const br = await makeOrg(t.db, 'branch', tree.countyB);
    for (let i = 0; i < 25; i++) {
      await makeMember(t.db, br, {
        name: i < 3 ? `欧阳明${i}` : `李${i}`,
        status: i % 5 === 0 ? 'probationary' : 'full',
        employee_no: `PG${String(i).padStart(4, '0')}${uniq('')}`,
      });
    }
    const page1 = await affairs.get(`/api/v1/members?orgId=${br.id}&pageSize=10`);
    expect(page1.body.total).toBe(25);
    expect(page1.body.items).toHaveLength(10);
    const page3 = await affairs.get(`/api/v1/members?orgId=${br.id}&pageSize=10&page=3`);
    expect(page3.body.items).toHaveLength(5);
    const byName = await affairs.get(`/api/v1/members?orgId=${br.id}&q=${encodeURIComponent('欧阳')}`);
    expect(byName.body.total).toBe(3);
    const byNo = await affairs.get(`/api/v1/members?orgId=${br.id}&q=PG0001`);
    expect(byNo.body.total).toBe(1);
    const prob = await affairs.get(`/api/v1/members?orgId=${br.id}&status=probationary`);
    expect(prob.body.total).toBe(5);
    const countyB = await affairs.get(`/api/v1/members?orgId=${tree.countyB.id}&pageSize=1`);
    expect(countyB.body.total).toBeGreaterThanOrEqual(25);
    const tooBig = await affairs.get('/api/v1/members?pageSize=5000');
    expect(tooBig.body.error.code).toBe('validation_failed');
  });

  it('pages by cursor: the same rows as by number, stable when a member is added before the cursor', async () => {
    const br = await makeOrg(t.db, 'branch', tree.countyB);
    const tag = uniq('');
    for (let i = 0; i < 23; i++)
      await makeMember(t.db, br, { employee_no: `KS${tag}${String(i * 2).padStart(3, '0')}` });
    const byNumber: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await affairs.get(`/api/v1/members?orgId=${br.id}&pageSize=10&page=${page}`);
      byNumber.push(...res.body.items.map((m: { employeeNo: string }) => m.employeeNo));
    }
    const byCursor: string[] = [];
    let after: string | null = null;
    const totals: (number | null)[] = [];
    for (let page = 1; ; page++) {
      const res: { status: number; body: Json } = await affairs.get(
        `/api/v1/members?orgId=${br.id}&pageSize=10&page=${page}${after ? `&after=${after}` : ''}`,
      );
      expect(res.status).toBe(200);
      byCursor.push(...res.body.items.map((m: { employeeNo: string }) => m.employeeNo));
      totals.push(res.body.total);
      after = res.body.nextCursor;
      if (!after) break;
      if (page === 1) {
        // A member filed before the cursor does not shift the next page (an offset would).
        await makeMember(t.db, br, { employee_no: `KS${tag}001` });
      }
    }
    expect(byNumber).toHaveLength(23);
    expect(byCursor).toEqual(byNumber);
    expect(totals).toEqual([23, null, null]);
    const bad = await affairs.get(
      `/api/v1/members?orgId=${br.id}&after=${encodeURIComponent('not a cursor!')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('treats % and _ in a search as plain characters', async () => {
    const br = await makeOrg(t.db, 'branch', tree.countyB);
    await makeMember(t.db, br, { name: '王五' });
    const res = await affairs.get(`/api/v1/members?orgId=${br.id}&q=${encodeURIComponent('%')}`);
    expect(res.body.total).toBe(0);
  });

  it('transfers a member: the old branch keeps the past, the new branch has the future', async () => {
    const m = await makeMember(t.db, tree.branchA1);
    const res = await affairs.post(`/api/v1/members/${m.id}/transfer`, {
      toBranchId: tree.branchB1.id,
      date: '2026-03-01',
      reason: '工作调动',
    });
    expect(res.status).toBe(200);
    expect(res.body.branchId).toBe(tree.branchB1.id);
    expect(res.body.history).toEqual([
      expect.objectContaining({ branchId: tree.branchA1.id, fromDate: '2020-01-01', toDate: '2026-03-01' }),
      expect.objectContaining({
        branchId: tree.branchB1.id,
        fromDate: '2026-03-01',
        toDate: null,
        reason: '工作调动',
      }),
    ]);
    expect(await branchOnDate(t.db, m.id, '2026-02-28')).toBe(tree.branchA1.id);
    expect(await branchOnDate(t.db, m.id, '2026-03-01')).toBe(tree.branchB1.id);
    expect(await branchOnDate(t.db, m.id, '2019-05-01')).toBe(tree.branchA1.id);
    const backwards = await affairs.post(`/api/v1/members/${m.id}/transfer`, {
      toBranchId: tree.branchA2.id,
      date: '2026-02-01',
    });
    expect(backwards.body.error.code).toBe('validation_failed');
  });

  it('lets a secretary read but not change their branch, and not see another branch', async () => {
    const mine = await makeMember(t.db, tree.branchA1);
    const other = await makeMember(t.db, tree.branchA2);
    expect((await secretary.get(`/api/v1/members/${mine.id}`)).status).toBe(200);
    expect((await secretary.get(`/api/v1/members/${other.id}`)).status).toBe(403);
    expect((await secretary.patch(`/api/v1/members/${mine.id}`, { post: 'x' })).status).toBe(403);
    const list = await secretary.get('/api/v1/members?pageSize=200');
    const branches = new Set(list.body.items.map((m: { branchId: number }) => m.branchId));
    expect([...branches].every((b) => b === tree.branchA1.id || b === tree.groupA1.id)).toBe(true);
  });

  it('deactivates a member without deleting them', async () => {
    const m = await makeMember(t.db, tree.branchA2);
    const res = await affairs.post(`/api/v1/members/${m.id}/deactivate`, {
      date: '2026-03-10',
      reason: '退休',
    });
    expect(res.body.active).toBe(false);
    const active = await affairs.get(`/api/v1/members?orgId=${tree.branchA2.id}&pageSize=200`);
    expect(active.body.items.map((x: { id: number }) => x.id)).not.toContain(m.id);
    const all = await affairs.get(
      `/api/v1/members?orgId=${tree.branchA2.id}&pageSize=200&includeInactive=true`,
    );
    expect(all.body.items.map((x: { id: number }) => x.id)).toContain(m.id);
  });
});
