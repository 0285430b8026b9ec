import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PjProjectTable } from '../../../db/types.js';
import { makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';

/**
 * The projects' counted to-do items (counted together in one statement): each role sees the
 * counts of its own scope only — a secretary the projects to detail, the committee the proposals,
 * due-date changes and summaries without a panel, a panelist the sheets still to score.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-06-10T02:00:00.000Z') });
});
afterAll(() => t.close());

describe('projects in the to-do list', () => {
  it('counts what waits for each role in its own scope', async () => {
    const tree = await makeTree(t.db);
    const creator = await makeUser(t.db, []);
    const panelist = await makeUser(t.db, []);
    const at = '2026-06-01T02:00:00.000Z';
    const project = async (orgId: number, state: PjProjectTable['state']) =>
      (
        await t.db
          .insertInto('pj_project')
          .values({
            plan_org_id: tree.root.id,
            org_id: orgId,
            year: 2026,
            origin: 'proposed',
            state,
            suspended_from: null,
            title: `项目 ${state}`,
            requirements: '',
            objectives: '',
            measures: '',
            expected_results: '',
            summary: '',
            search_text: '',
            tags_text: '',
            source_project_id: null,
            score: null,
            grade: null,
            explanation_json: null,
            rule_version: null,
            next_due: null,
            promoted_at: null,
            created_by: creator.id,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const a1 = tree.branchA1.id;
    const b1 = tree.branchB1.id;
    await project(a1, 'research');
    await project(a1, 'research');
    await project(b1, 'research');
    await project(a1, 'proposal');
    await project(b1, 'proposal');
    await project(b1, 'proposal');
    // Summaries: one without a panel in each county; two with the panelist, one already scored.
    await project(a1, 'summary');
    await project(b1, 'summary');
    for (const scored of [false, true]) {
      const id = await project(a1, 'summary');
      await t.db.insertInto('pj_panelist').values({ project_id: id, user_id: panelist.id }).execute();
      if (scored)
        await t.db
          .insertInto('pj_score_sheet')
          .values({ project_id: id, user_id: panelist.id, scores_json: '{}', total: 80, submitted_at: at })
          .execute();
    }
    const implementing = await project(a1, 'implementing');
    const milestone = await t.db
      .insertInto('pj_milestone')
      .values({
        project_id: implementing,
        seq: 1,
        name: '节点',
        deliverable: '',
        baseline_due: '2026-12-01',
        current_due: '2026-12-01',
        reported_on: null,
        on_time: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const state of ['pending', 'pending', 'rejected'] as const)
      await t.db
        .insertInto('pj_due_change')
        .values({
          milestone_id: milestone.id,
          project_id: implementing,
          old_due: '2026-12-01',
          new_due: '2026-12-20',
          reason: '延期',
          state,
          requested_by: creator.id,
          requested_at: at,
          decided_by: null,
          decided_at: null,
          decided_on: null,
          note: null,
        })
        .execute();

    const signIn = async (grants: { role: 'secretary' | 'committee'; orgId: number }[]) =>
      login(t.app, (await makeUser(t.db, grants)).account, TEST_PASSWORD);
    const counts = async (c: Client) =>
      Object.fromEntries(
        ((await c.get('/api/v1/todo')).body.items as { kind: string; count: number }[])
          .filter((i) => i.kind.startsWith('projects.') && !i.kind.startsWith('projects.milestone'))
          .map((i) => [i.kind, i.count]),
      );
    expect(await counts(await signIn([{ role: 'secretary', orgId: a1 }]))).toEqual({
      'projects.proposal.detail': 2,
    });
    expect(await counts(await signIn([{ role: 'committee', orgId: tree.countyA.id }]))).toEqual({
      'projects.intake': 1,
      'projects.change': 2,
      'projects.panel.name': 1,
    });
    expect(
      await counts(
        await signIn([
          { role: 'committee', orgId: tree.root.id },
          { role: 'secretary', orgId: b1 },
        ]),
      ),
    ).toEqual({
      'projects.proposal.detail': 1,
      'projects.intake': 3,
      'projects.change': 2,
      'projects.panel.name': 2,
    });
    const panel = await login(t.app, panelist.account, TEST_PASSWORD);
    expect(await counts(panel)).toEqual({ 'projects.panel.score': 1 });
  });
});
