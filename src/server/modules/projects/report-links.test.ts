import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../db/types.js';
import type { Json } from '../../test/harness.js';
import { approvedPlans, BASE, createFixture, type Fixture } from '../branch-eval/branch-eval.fixtures.js';

/**
 * A milestone report links the branch's monthly-evaluation evidence (SPEC §4 "linked from what is
 * already recorded … the branch's monthly evaluation evidence", §7 record once): the report's
 * picker offers the owner's activities, entries and self-evaluation items of a month; the report
 * cites the item and the timeline labels it; another branch's item, or another branch's user,
 * is refused with nothing written.
 */
let f: Fixture;
let a1: OrgRow;
let a2: OrgRow;
let projectId = 0;
let milestoneId = 0;
const M = '2026-03';
const ok = (r: { status: number; body: Json }) => {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const err = (r: { status: number; body: Json }, status: number, code: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.messages['zh-CN']).toBeTruthy();
  expect(r.body.error.messages.en).toBeTruthy();
};
const reports = async () => (await f.t.db.selectFrom('pj_report').select('id').execute()).length;

beforeAll(async () => {
  f = await createFixture();
  a1 = f.branches[0] as OrgRow;
  a2 = f.branches[1] as OrgRow;
  await approvedPlans(f, '2026-Q1');
  await f.at(`${M}-10T02:00:00.000Z`);
  for (const [who, b] of [
    ['sec1', a1],
    ['sec2', a2],
  ] as const) {
    const saved = await f.c(who).inject({
      method: 'PUT',
      url: `${BASE}/branches/${b.id}/months/${M}/self`,
      payload: {
        entries: [
          { code: 'M1', score: 2000, fileIds: [f.fileOf.get(b.id)] },
          { code: 'B1', score: 2800, note: '三会一课按计划开展，记录齐全' },
          { code: 'E1', score: 2500 },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }
  const created = ok(
    await f.c('sec1').post('/api/v1/projects', {
      orgId: a1.id,
      year: 2026,
      origin: 'proposed',
      title: '党员服务队进社区',
      requirements: '总体要求',
      objectives: '目标',
      expectedResults: '预期成果',
      milestones: [{ name: '调研', deliverable: '调研报告', due: '2026-03-31' }],
    }),
  );
  projectId = created.id;
  ok(await f.c('sec1').post(`/api/v1/projects/${projectId}/actions`, { action: 'submit' }));
  ok(await f.c('committee').post(`/api/v1/projects/${projectId}/actions`, { action: 'approve' }));
  ok(await f.c('sec1').post(`/api/v1/projects/${projectId}/actions`, { action: 'start' }));
  milestoneId = ok(await f.c('sec1').get(`/api/v1/projects/${projectId}`)).milestones[0].id;
});
afterAll(() => f.t.close());

describe('a milestone report links the monthly evaluation’s evidence', () => {
  it('the picker offers the branch’s self-evaluation items with a note or evidence, to the owner only', async () => {
    const picker = ok(await f.c('sec1').get(`/api/v1/projects/${projectId}/linkable?month=${M}`));
    expect(picker.orgId).toBe(a1.id);
    const items = picker.evalEvidence as Json[];
    expect(items.map((i) => [i.code, i.branchId, i.evidenceCount])).toEqual([
      ['B1', a1.id, 0],
      ['M1', a1.id, 1],
    ]);
    expect(items.find((i) => i.code === 'B1')).toMatchObject({
      name: '三会一课',
      note: '三会一课按计划开展，记录齐全',
      score: 2800,
      month: M,
    });
    err(await f.c('sec2').get(`/api/v1/projects/${projectId}/linkable?month=${M}`), 403, 'forbidden');
    err(await f.c('secB1').get(`/api/v1/projects/${projectId}/linkable?month=${M}`), 403, 'forbidden');
    err(
      await f.c('sec1').get(`/api/v1/projects/${projectId}/linkable?month=2026-13`),
      400,
      'validation_failed',
    );
  });

  it('refuses another branch’s item or an unknown one, writing nothing', async () => {
    const other = await f.t.db
      .selectFrom('be_self_score as s')
      .innerJoin('be_branch_month as bm', 'bm.id', 's.branch_month_id')
      .select('s.id')
      .where('bm.branch_id', '=', a2.id)
      .where('s.code', '=', 'M1')
      .executeTakeFirstOrThrow();
    const before = await reports();
    const url = `/api/v1/projects/${projectId}/milestones/${milestoneId}/reports`;
    err(
      await f.c('sec1').post(url, { progress: 'done', text: '调研完成', evalEvidenceIds: [other.id] }),
      403,
      'forbidden',
    );
    err(
      await f.c('sec1').post(url, { progress: 'done', text: '调研完成', evalEvidenceIds: [999_999] }),
      404,
      'not_found',
    );
    expect(await reports()).toBe(before);
  });

  it('the report cites the item once recorded and the timeline names it', async () => {
    const picker = ok(await f.c('sec1').get(`/api/v1/projects/${projectId}/linkable?month=${M}`));
    const b1 = (picker.evalEvidence as Json[]).find((i) => i.code === 'B1');
    ok(
      await f.c('sec1').post(`/api/v1/projects/${projectId}/milestones/${milestoneId}/reports`, {
        progress: 'done',
        text: '调研完成，见本月支部联评联考自评材料',
        evalEvidenceIds: [b1.id],
      }),
    );
    const detail = ok(await f.c('committee').get(`/api/v1/projects/${projectId}`));
    const report = (detail.timeline as Json[]).find((e) => e.kind === 'report');
    expect(report.evidence).toEqual([
      {
        type: 'be_self_score',
        id: b1.id,
        label: `${M} · B1 三会一课 · 三会一课按计划开展，记录齐全`,
        date: null,
      },
    ]);
  });
});
