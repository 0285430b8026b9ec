import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';

/**
 * The committee's stored year-plan templates (SPEC §4 "from a template"): one is stored from the
 * plan's content, listed for that committee only, and a later year's plan is drafted from it with
 * the milestone dates moved into that year. Another committee can neither read nor use it.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
const c: Record<string, Client> = {};
const cl = (who: string): Client => {
  const x = c[who];
  if (!x) throw new Error(`no client ${who}`);
  return x;
};
const template = {
  title: '党员身边无违章',
  requirements: '党建+安全生产',
  tags: ['党建+安全生产'],
  milestones: [
    { name: '调研', deliverable: '调研报告', due: '2026-03-31' },
    { name: '总结', deliverable: '总结报告', due: '2026-11-30' },
  ],
};
const count = async () => (await t.db.selectFrom('pj_plan_template').select('id').execute()).length;

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-12-01T02:00:00.000Z') });
  tree = await makeTree(t.db);
  const other = await makeOrg(t.db, 'committee', null, '另一党委');
  for (const [who, role, orgId] of [
    ['committee', 'committee', tree.root.id],
    ['otherCommittee', 'committee', other.id],
    ['secretary', 'secretary', tree.branchA1.id],
  ] as const)
    c[who] = await login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('year-plan templates', () => {
  let id = 0;
  it('the committee stores a template; others are refused and nothing is stored', async () => {
    for (const who of ['secretary', 'otherCommittee']) {
      const r = await cl(who).post('/api/v1/projects/plan/templates', {
        orgId: tree.root.id,
        name: 'x',
        template,
      });
      expect(r.status, who).toBe(403);
    }
    expect(await count()).toBe(0);
    const r = await cl('committee').post('/api/v1/projects/plan/templates', {
      orgId: tree.root.id,
      name: '安全生产类项目模板',
      template,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    id = r.body.id;
    const list = await cl('committee').get(`/api/v1/projects/plan/templates?orgId=${tree.root.id}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id,
      name: '安全生产类项目模板',
      template: { title: '党员身边无违章' },
    });
    expect(
      (await cl('otherCommittee').get(`/api/v1/projects/plan/templates?orgId=${tree.root.id}`)).status,
    ).toBe(403);
  });

  it('drafts next year’s plan from the stored template with its dates moved into that year', async () => {
    const r = await cl('committee').post('/api/v1/projects/plan/draft', {
      orgId: tree.root.id,
      year: 2027,
      source: 'template',
      templateId: id,
      ownerOrgIds: [tree.branchA1.id, tree.branchB1.id],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.count).toBe(2);
    const p = await cl('committee').get(`/api/v1/projects/${r.body.projectIds[0]}`);
    expect(p.body.title).toBe('党员身边无违章');
    expect((p.body.milestones as Json[]).map((m) => m.baselineDue)).toEqual(['2027-03-31', '2027-11-30']);
  });

  it('another committee cannot draft from it', async () => {
    const other = await t.db
      .selectFrom('org')
      .select('id')
      .where('name', '=', '另一党委')
      .executeTakeFirstOrThrow();
    const r = await cl('otherCommittee').post('/api/v1/projects/plan/draft', {
      orgId: other.id,
      year: 2027,
      source: 'template',
      templateId: id,
      ownerOrgIds: [other.id],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});
