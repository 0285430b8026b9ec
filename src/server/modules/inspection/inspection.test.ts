import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../test/harness.js';
import { multipart } from '../branch-eval/branch-eval.fixtures.js';
import { createInspectionFixture, IB, type InspFixture } from './inspection.fixtures.js';

/**
 * The annual inspection end to end through the API, on SQLite and PostgreSQL: set-up by the
 * affairs department, the self-check of a unit, the hearing and the findings of the team, the
 * committee's review and publication, rectification — with every role and scope refused where
 * it should be, and bad input refused with nothing changed.
 */
let f: InspFixture;
let id: number;
let crit: Json[];
const [U1, U2, U3] = [0, 1, 2];
const unit = (i: number) => f.units[i]?.id ?? 0;
const audits = async (prefix: string) =>
  (
    await f.t.db.selectFrom('audit_log').select(['action']).where('action', 'like', `${prefix}%`).execute()
  ).map((r) => r.action);
const count = async (table: 'insp_self_score' | 'insp_finding' | 'insp_hearing_score' | 'insp_weight') =>
  Number(
    (
      await f.t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const step = (who: Parameters<InspFixture['c']>[0], action: string) =>
  f.c(who).post(`${IB}/campaigns/${id}/transition`, { action });
const fullSelf = () =>
  crit.map((k) => ({
    criterionId: k.id,
    self: k.max - 100,
    note: `${k.code} 自评`,
    fileIds: [],
    records: [],
  }));

beforeAll(async () => {
  f = await createInspectionFixture();
}, 60_000);
afterAll(() => f.t.close());

describe('set-up by the affairs department', () => {
  it('creates a campaign with the default units, the template criteria and the default weights', async () => {
    const res = await f.c('affairs').post(`${IB}/campaigns`, {
      orgId: f.root.id,
      year: 2026,
      title: '2026年度综合检查考核',
      inspectorIds: [f.ids.insp1, f.ids.insp2, f.ids.insp3],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    id = res.body.id;
    crit = res.body.criteria;
    expect(res.body.state).toBe('draft');
    expect(res.body.unitList.map((u: Json) => u.orgId)).toEqual([unit(U1), unit(U2), unit(U3)]);
    expect(res.body.criteriaTotal).toBe(10_000);
    expect(res.body.weights).toMatchObject({
      version: 0,
      weights: { selfCheck: 10, report: 15, document: 35, democratic: 20, ledger: 20 },
    });
    expect(res.body.allowedActions).toEqual(['open_self_check']);
    expect(await audits('inspection.campaign.create')).toHaveLength(1);
  });

  it('refuses anyone but affairs, a second campaign of the year, and a non-inspector on the team', async () => {
    const body = { orgId: f.root.id, year: 2027, title: 'x' };
    expect((await f.c('committee').post(`${IB}/campaigns`, body)).status).toBe(403);
    expect((await f.c('outsider').post(`${IB}/campaigns`, body)).status).toBe(403);
    expect((await f.c('affairs').post(`${IB}/campaigns`, { ...body, year: 2026 })).body.error.code).toBe(
      'conflict',
    );
    const bad = await f.c('affairs').post(`${IB}/campaigns`, { ...body, inspectorIds: [f.ids.sec1] });
    expect(bad.body.error.code).toBe('inspection_rule');
    expect((await f.c('affairs').get(`${IB}/campaigns`)).body.items).toHaveLength(1);
  });

  it('versions the weights; a bad sum or a stale version changes nothing', async () => {
    const w = { selfCheck: 10, report: 15, document: 35, democratic: 20, ledger: 20 };
    const bad = await f
      .c('affairs')
      .post(`${IB}/campaigns/${id}/weights`, { weights: { ...w, ledger: 25 }, expectedVersion: 0 });
    expect(bad.body.error.code).toBe('inspection_rule');
    expect(await count('insp_weight')).toBe(0);
    const ok = await f.c('affairs').post(`${IB}/campaigns/${id}/weights`, {
      weights: { ...w, selfCheck: 15, document: 30 },
      expectedVersion: 0,
      note: '加大自查比重',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.weights.version).toBe(1);
    const stale = await f
      .c('affairs')
      .post(`${IB}/campaigns/${id}/weights`, { weights: w, expectedVersion: 0 });
    expect(stale.body.error.code).toBe('stale_record');
    const back = await f
      .c('affairs')
      .post(`${IB}/campaigns/${id}/weights`, { weights: w, expectedVersion: 1 });
    expect(back.body.weightVersions.map((v: Json) => v.version)).toEqual([2, 1]);
    expect(
      (await f.c('committee').post(`${IB}/campaigns/${id}/weights`, { weights: w, expectedVersion: 2 }))
        .status,
    ).toBe(403);
  });

  it('exports the criteria and imports them back; a sheet with errors imports nothing', async () => {
    const x = await f.c('affairs').inject({ method: 'GET', url: `${IB}/campaigns/${id}/criteria.xlsx` });
    expect(x.statusCode).toBe(200);
    const up = (url: string, content: Buffer) =>
      f.c('affairs').inject({ method: 'POST', url, ...multipart({}, { name: 'c.xlsx', content }) });
    const preview = await up(`${IB}/campaigns/${id}/criteria/import/preview`, x.rawPayload);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ total: 6, valid: 6, errorCount: 0, committed: false });
    const commit = await up(`${IB}/campaigns/${id}/criteria/import/commit`, x.rawPayload);
    expect(commit.json()).toMatchObject({ committed: true, imported: 6 });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考核细则');
    if (!ws) throw new Error('no sheet');
    ws.getRow(3).getCell(3).value = 'abc';
    ws.getRow(4).getCell(1).value = 'A1';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    const bad = await up(`${IB}/campaigns/${id}/criteria/import/commit`, broken);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.errors.map((e: Json) => `${e.row}${e.columnLetter}`)).toEqual([
      '3C',
      '4A',
    ]);
    crit = (await f.c('affairs').get(`${IB}/campaigns/${id}`)).body.criteria;
    expect(crit.map((k: Json) => k.code)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
  });

  it('keeps the timetable on working days', async () => {
    const sat = await f
      .c('affairs')
      .patch(`${IB}/campaigns/${id}`, { timetable: { onsiteFrom: '2026-04-04' } });
    expect(sat.body.error.code).toBe('not_working_day');
    const ok = await f.c('affairs').patch(`${IB}/campaigns/${id}`, {
      timetable: { onsiteFrom: '2026-04-07', onsiteTo: '2026-04-10', publishOn: '2026-04-20' },
    });
    expect(ok.body.timetable).toMatchObject({
      onsiteFrom: '2026-04-07',
      onsiteTo: '2026-04-10',
      selfCheckDue: null,
    });
  });
});

describe('self-check by the unit', () => {
  it('opens on the affairs department’s step with a due date 10 working days on', async () => {
    expect((await step('committee', 'open_self_check')).status).toBe(403);
    expect((await step('affairs', 'publish')).body.error.code).toBe('invalid_transition');
    const res = await step('affairs', 'open_self_check');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.state).toBe('self_check');
    expect(res.body.timetable.selfCheckDue).toBe('2026-03-30');
    const todo = await f.c('sec1').get('/api/v1/todo');
    expect(todo.body.items.find((t: Json) => t.kind === 'inspection.self_check')).toMatchObject({
      count: 1,
      due: '2026-03-30',
    });
  });

  it('shows a unit only its own self-check', async () => {
    const own = await f.c('sec1').get(`${IB}/campaigns/${id}/units/${unit(U1)}/self-check`);
    expect(own.status).toBe(200);
    expect(own.body.editable).toBe(true);
    expect((await f.c('sec2').get(`${IB}/campaigns/${id}/units/${unit(U1)}/self-check`)).status).toBe(403);
    expect((await f.c('outsider').get(`${IB}/campaigns/${id}/units/${unit(U1)}/self-check`)).status).toBe(
      403,
    );
    expect(
      (await f.put('sec1', `${IB}/campaigns/${id}/units/${unit(U2)}/self-check`, { items: [] })).status,
    ).toBe(403);
    const detail = await f.c('sec1').get(`${IB}/campaigns/${id}`);
    expect(detail.body.can.selfCheckUnits).toEqual([unit(U1)]);
    expect((await f.c('sec1').get(`${IB}/campaigns/${id}/results`)).status).toBe(403);
  });

  it('refuses a score above max, a criterion of another campaign and an early submission, changing nothing', async () => {
    const url = `${IB}/campaigns/${id}/units/${unit(U1)}/self-check`;
    const k = crit[0];
    const above = await f.put('sec1', url, { items: [{ criterionId: k.id, self: k.max + 1 }] });
    expect(above.body.error.code).toBe('score_above_max');
    const other = await f.put('sec1', url, { items: [{ criterionId: 999_999, self: 1 }] });
    expect(other.body.error.code).toBe('criterion_not_in_campaign');
    const early = await f.put('sec1', url, { items: [{ criterionId: k.id, self: 100 }], submit: true });
    expect(early.body.error.code).toBe('inspection_rule');
    expect(await count('insp_self_score')).toBe(0);
  });

  it('links records its own branches made as evidence, never another unit’s', async () => {
    const url = `${IB}/campaigns/${id}/units/${unit(U1)}/self-check`;
    const at = '2026-03-01T00:00:00.000Z';
    const scheme = await f.t.db
      .insertInto('points_scheme')
      .values({ root_org_id: f.root.id, year: 2026, name: '积分方案', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const activity = (branchId: number, title: string) =>
      f.t.db
        .insertInto('points_activity')
        .values({
          scheme_id: scheme.id,
          branch_id: branchId,
          title,
          kind: 'theme_day',
          occurred_on: '2026-03-02',
          item_code: 'J01',
          quantity: 1,
          points: 100,
          note: null,
          created_by: f.ids.sec1,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const own = await activity(f.branches[0]?.id ?? 0, '3月主题党日');
    const other = await activity(f.branches[1]?.id ?? 0, '他单位主题党日');
    const k = crit[1];
    const refused = await f.put('sec1', url, {
      items: [{ criterionId: k.id, self: 100, records: [{ type: 'points_activity', id: other.id }] }],
    });
    expect(refused.body.error.code).toBe('not_found');
    expect(await count('insp_self_score')).toBe(0);
    const ok = await f.put('sec1', url, {
      items: [{ criterionId: k.id, self: 100, records: [{ type: 'points_activity', id: own.id }] }],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.items[1].evidence.records).toEqual([
      { type: 'points_activity', id: own.id, label: '2026-03-02 3月主题党日' },
    ]);
  });

  it('saves scores, notes, a file and the self-report, then submits and locks', async () => {
    const url = `${IB}/campaigns/${id}/units/${unit(U1)}/self-check`;
    const file = await f.c('sec1').inject({
      method: 'POST',
      url: '/api/v1/files',
      ...multipart(
        { orgId: String(f.branches[0]?.id) },
        {
          name: 'x.png',
          content: Buffer.from(
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
            'base64',
          ),
          type: 'image/png',
        },
      ),
    });
    expect(file.statusCode, file.body).toBe(200);
    const items = fullSelf();
    items[0] = { ...items[0], fileIds: [file.json().id] } as (typeof items)[number];
    const saved = await f.put('sec1', url, { items, selfReport: '本单位全年党建工作自查报告' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.items[0].evidence.files).toHaveLength(1);
    // Σ (max − 1) / Σ max: 94 / 100.
    expect(saved.body.score).toBe(9400);
    const sub = await f.put('sec1', url, { items: [], submit: true });
    expect(sub.body.submittedAt).not.toBeNull();
    expect((await f.put('sec1', url, { items: [] })).body.error.code).toBe('inspection_rule');
    expect(await audits('inspection.self_check')).toEqual([
      'inspection.self_check.save',
      'inspection.self_check.save',
      'inspection.self_check.submit',
    ]);
  });
});

describe('on site: hearing and document review', () => {
  it('starts on the affairs department’s step; an inspector cannot score their own unit', async () => {
    expect(
      (await f.put('insp1', `${IB}/campaigns/${id}/units/${unit(U2)}/hearing`, { score: 9000 })).body.error
        .code,
    ).toBe('inspection_rule');
    expect((await step('affairs', 'start_inspection')).body.state).toBe('inspecting');
    const own = await f.put('insp3', `${IB}/campaigns/${id}/units/${unit(U1)}/hearing`, { score: 10_000 });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('own_unit');
    expect(
      (
        await f.c('insp3').post(`${IB}/campaigns/${id}/units/${unit(U1)}/findings`, {
          criterionId: crit[0].id,
          deduction: 100,
          note: 'x',
        })
      ).body.error.code,
    ).toBe('own_unit');
    expect(
      (await f.put('outsider', `${IB}/campaigns/${id}/units/${unit(U2)}/hearing`, { score: 9000 })).status,
    ).toBe(403);
    expect(
      (await f.put('sec2', `${IB}/campaigns/${id}/units/${unit(U2)}/hearing`, { score: 9000 })).status,
    ).toBe(403);
    expect(await count('insp_hearing_score')).toBe(0);
    // On everyone's to-do: each inspector's units still without their hearing score (not their own).
    const todo3 = (await f.c('insp3').get('/api/v1/todo')).body.items.find(
      (x: Json) => x.kind === 'inspection.hearing',
    );
    expect(todo3).toMatchObject({ count: 2, link: `/inspection/${id}` });
    const todo1 = (await f.c('insp1').get('/api/v1/todo')).body.items.find(
      (x: Json) => x.kind === 'inspection.hearing',
    );
    expect(todo1).toMatchObject({ count: 3, due: '2026-04-10' });
    const detail = await f.c('insp3').get(`${IB}/campaigns/${id}`);
    expect(detail.body.unitList.find((u: Json) => u.orgId === unit(U1)).mine).toBe(true);
  });

  it('records hearing scores (one per inspector) and findings; a criterion never goes below 0', async () => {
    for (const [who, u, s] of [
      ['insp1', U1, 9000],
      ['insp2', U1, 8500],
      ['insp1', U2, 8000],
      ['insp2', U2, 7000],
      ['insp3', U2, 9000],
      ['insp1', U3, 9500],
    ] as const) {
      const r = await f.put(who, `${IB}/campaigns/${id}/units/${unit(u)}/hearing`, { score: s });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const again = await f.put('insp1', `${IB}/campaigns/${id}/units/${unit(U1)}/hearing`, {
      score: 9200,
      note: '汇报全面',
    });
    expect(again.body.myHearing).toEqual({ score: 9200, note: '汇报全面' });
    expect(again.body.hearingScores).toEqual([]);
    const k = crit[0];
    const findingUrl = `${IB}/campaigns/${id}/units/${unit(U1)}/findings`;
    const f1 = await f
      .c('insp1')
      .post(findingUrl, { criterionId: k.id, deduction: 1500, note: '学习记录不全' });
    expect(f1.status, JSON.stringify(f1.body)).toBe(200);
    await f.c('insp2').post(findingUrl, { criterionId: k.id, deduction: 1500, note: '第一议题未落实' });
    const before = await count('insp_finding');
    const otherCampaignCriterion = await f
      .c('insp1')
      .post(findingUrl, { criterionId: 999_999, deduction: 100, note: 'x' });
    expect(otherCampaignCriterion.body.error.code).toBe('criterion_not_in_campaign');
    expect(await count('insp_finding')).toBe(before);
    const view = await f.c('insp2').get(`${IB}/campaigns/${id}/units/${unit(U1)}/inspection`);
    expect(view.body.criteria[0]).toMatchObject({ code: 'A1', max: 2000, deducted: 3000, score: 0 });
    expect(view.body.selfReport).toBe('本单位全年党建工作自查报告');
    const organiser = await f.c('affairs').get(`${IB}/campaigns/${id}/units/${unit(U1)}/inspection`);
    expect(organiser.body.hearingScores).toHaveLength(2);
    expect(organiser.body.owners.map((o: Json) => o.userId)).toEqual([f.ids.sec1]);
    expect((await f.c('sec1').get(`${IB}/campaigns/${id}/units/${unit(U1)}/inspection`)).status).toBe(403);
    // Inspectors read the unit's self-check on site; another unit's secretary still cannot.
    expect((await f.c('insp2').get(`${IB}/campaigns/${id}/units/${unit(U1)}/self-check`)).status).toBe(200);
  });

  it('turns a finding into a rectification item due in working days', async () => {
    const fid = (await f.c('insp1').get(`${IB}/campaigns/${id}/units/${unit(U1)}/inspection`)).body
      .findings[0].id;
    expect(
      (await f.c('sec1').post(`${IB}/findings/${fid}/rectification`, { ownerUserId: f.ids.sec1, title: 'x' }))
        .status,
    ).toBe(403);
    const r = await f.c('affairs').post(`${IB}/findings/${fid}/rectification`, {
      ownerUserId: f.ids.sec1,
      title: '补齐中心组学习记录',
      workingDays: 5,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      state: 'open',
      dueOn: '2026-03-23',
      unitId: unit(U1),
      criterionCode: 'A1',
    });
    expect(
      (
        await f
          .c('affairs')
          .post(`${IB}/findings/${fid}/rectification`, { ownerUserId: f.ids.sec1, title: 'y' })
      ).body.error.code,
    ).toBe('conflict');
    expect((await f.c('insp1').delete(`${IB}/findings/${fid}`)).body.error.code).toBe('inspection_rule');
    expect((await f.c('sec1').get(`${IB}/rectifications`)).body.items).toHaveLength(1);
    expect((await f.c('sec2').get(`${IB}/rectifications`)).body.items).toHaveLength(0);
    const own = (await f.c('sec1').get('/api/v1/todo')).body.items.find(
      (x: Json) => x.kind === 'inspection.rectification',
    );
    expect(own).toMatchObject({ count: 1, due: '2026-03-23' });
  });
});

describe('review and publication by the committee', () => {
  it('computes results for the organisers before publication, with the void components said', async () => {
    const res = await f.c('committee').get(`${IB}/campaigns/${id}/results`);
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(false);
    const u1 = res.body.rows.find((r: Json) => r.unitId === unit(U1));
    // self 94.00; report mean(92, 85) = 88.50; document (100 − 20) / 100 = 80.00.
    expect(u1.components).toEqual({
      selfCheck: 9400,
      report: 8850,
      document: 8000,
      democratic: null,
      ledger: null,
    });
    expect(u1.voided).toEqual(['democratic', 'ledger']);
    // (10·94 + 15·88.5 + 35·80) / 60 = 5067.5 / 60 = 84.458… → 84.46
    expect(u1.composite).toBe(8446);
    expect(u1.weightsUsed).toMatchObject({ selfCheck: 1667, report: 2500, document: 5833 });
    expect(res.body.notes.map((n: Json) => n.en).join(' ')).toContain(
      'Democratic evaluation has no valid score for 3 unit(s)',
    );
    expect(res.body.rows.every((r: Json) => r.unscored.includes('document'))).toBe(true);
  });

  it('refuses publication while a unit is unscored; the committee returns it for more work', async () => {
    expect((await step('insp1', 'submit_review')).status).toBe(403);
    expect((await step('affairs', 'submit_review')).body.state).toBe('review');
    const review = (await f.c('committee').get('/api/v1/todo')).body.items.find(
      (x: Json) => x.kind === 'inspection.review',
    );
    expect(review).toMatchObject({ count: 1, due: '2026-04-20', overdue: false });
    expect(
      (await f.put('insp1', `${IB}/campaigns/${id}/units/${unit(U3)}/hearing`, { score: 1 })).body.error.code,
    ).toBe('inspection_rule');
    expect((await step('affairs', 'publish')).status).toBe(403);
    const refused = await step('committee', 'publish');
    expect(refused.body.error.code).toBe('unit_unscored');
    expect(refused.body.error.details.units).toHaveLength(3);
    expect((await f.t.db.selectFrom('insp_result').selectAll().execute()).length).toBe(0);
    expect((await step('committee', 'return')).body.state).toBe('inspecting');
  });

  it('publishes stored results with ranks, rule and weight versions, then shows them to the units', async () => {
    for (const u of [U1, U2, U3]) {
      const r = await f.c('insp1').post(`${IB}/campaigns/${id}/units/${unit(u)}/review-done`);
      expect(r.body.reviewDone).toBe(true);
    }
    await step('affairs', 'submit_review');
    const pub = await step('committee', 'publish');
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(pub.body.state).toBe('published');
    const res = await f.c('sec2').get(`${IB}/campaigns/${id}/results`);
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(true);
    expect(res.body.weightVersion).toBe(2);
    expect(res.body.rows.map((r: Json) => r.rank)).toEqual([1, 2, 3]);
    // U3: self 0 (not submitted), report 95, document 100 → (0 + 15·95 + 35·100) / 60 = 82.08
    // U2: self 0, report mean(80,70,90) = 80, document 100 → (1200 + 3500) / 60 = 78.33
    expect(res.body.rows.map((r: Json) => [r.unitId, r.composite])).toEqual([
      [unit(U1), 8446],
      [unit(U3), 8208],
      [unit(U2), 7833],
    ]);
    const detail = await f.c('sec1').get(`${IB}/campaigns/${id}/results/units/${unit(U1)}`);
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.explanation).toMatchObject({ ruleVersion: 'inspection-2026.1', weightVersion: 2 });
    expect(detail.body.explanation.inputs.report.scores).toEqual([9200, 8500]);
    expect(detail.body.findings).toHaveLength(2);
    expect(detail.body.rectifications).toHaveLength(1);
    expect((await f.c('outsider').get(`${IB}/campaigns/${id}/results`)).status).toBe(403);
    const x = await f.c('sec1').inject({ method: 'GET', url: `${IB}/campaigns/${id}/results.xlsx` });
    expect(x.statusCode).toBe(200);
    const chart = await f.c('committee').get(`${IB}/campaigns/${id}/charts/components`);
    expect(chart.body.series.map((s: Json) => s.key)).toEqual([
      'selfCheck',
      'report',
      'document',
      'democratic',
      'ledger',
    ]);
    expect(chart.body.composite).toEqual([8446, 8208, 7833]);
    // Published results do not move: weights can no longer change.
    expect(
      (
        await f.c('affairs').post(`${IB}/campaigns/${id}/weights`, {
          weights: { selfCheck: 20, report: 10, document: 30, democratic: 20, ledger: 20 },
          expectedVersion: 2,
        })
      ).body.error.code,
    ).toBe('inspection_rule');
    expect(await audits('inspection.campaign.publish')).toHaveLength(1);
  });

  it('closes a rectification item and shows last year’s items to the next campaign', async () => {
    const [item] = (await f.c('sec1').get(`${IB}/rectifications`)).body.items;
    expect((await f.c('sec2').post(`${IB}/rectifications/${item.id}/close`, { note: 'x' })).status).toBe(403);
    const closed = await f
      .c('sec1')
      .post(`${IB}/rectifications/${item.id}/close`, { note: '已补齐全年学习记录' });
    expect(closed.body.state).toBe('closed');
    expect(
      (await f.c('sec1').post(`${IB}/rectifications/${item.id}/close`, { note: 'again' })).body.error.code,
    ).toBe('inspection_rule');
    const next = await f.c('affairs').post(`${IB}/campaigns`, {
      orgId: f.root.id,
      year: 2027,
      title: '2027年度综合检查考核',
      criteriaFrom: 'last_year',
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.lastYearRectifications).toEqual({ open: 0, closed: 1 });
    expect(next.body.criteria.map((k: Json) => k.code)).toEqual(crit.map((k: Json) => k.code));
  });
});
