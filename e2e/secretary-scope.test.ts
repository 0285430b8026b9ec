import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/cli/seed-demo.js';
import { loginThroughForm, newPage, type Served, serveDemo, shot } from './harness.js';

/** Journey: a branch secretary logs in and sees their own branch's members, and no other's. */
let s: Served;
beforeAll(async () => {
  s = await serveDemo({ evaluation: false });
});
afterAll(() => s.close());

describe('branch secretary scope', () => {
  it('lists only the own branch and is refused another branch’s member, in the page and the API', async () => {
    const { context, page } = await newPage(s);
    await loginThroughForm(page, 'secretary', DEMO_PASSWORD);
    const me = await (await page.request.get('/api/v1/auth/me')).json();
    const branchId: number = me.grants.find((g: { role: string }) => g.role === 'secretary').orgId;

    await page.getByRole('menuitem', { name: '组织与党员' }).click();
    const tree = page.getByRole('tree');
    await expect
      .poll(() => tree.getByText('变电运维中心第一党支部').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await tree.getByText('滨海供电公司党委').count()).toBe(0);
    expect(await tree.getByText('变电运维中心第二党支部').count()).toBe(0);
    await shot(page, 'secretary-01-own-branch');

    // Every member the API lists sits in the secretary's branch or one of its party groups.
    const inScope = await s.db
      .selectFrom('org_closure')
      .select('descendant_id')
      .where('ancestor_id', '=', branchId)
      .execute();
    const scope = new Set(inScope.map((r) => r.descendant_id));
    const list = await (await page.request.get('/api/v1/members?pageSize=200')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((m: { branchId: number }) => scope.has(m.branchId))).toBe(true);

    // A member of another branch: refused by the API and by the page.
    const stranger = await s.db
      .selectFrom('member')
      .select(['id', 'name'])
      .where('branch_id', 'not in', [...scope])
      .where('is_party_member', '=', 1)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect((await page.request.get(`/api/v1/members/${stranger.id}`)).status()).toBe(403);
    expect((await page.request.get(`/api/v1/members?q=${encodeURIComponent(stranger.name)}`)).ok()).toBe(
      true,
    );
    const search = await (
      await page.request.get(`/api/v1/members?q=${encodeURIComponent(stranger.name)}&pageSize=200`)
    ).json();
    expect(search.items.map((m: { id: number }) => m.id)).not.toContain(stranger.id);
    await page.goto(`/members/${stranger.id}`);
    await expect
      .poll(() => page.getByText('您没有权限执行此操作').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.getByText(stranger.name).count()).toBe(0);
    await shot(page, 'secretary-02-other-branch-refused');
    await context.close();
  });
});
