import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../test/harness.js';
import { multipart, png } from '../branch-eval/branch-eval.fixtures.js';
import { createInspectionFixture, IB, type InspFixture, type InspWho } from './inspection.fixtures.js';

/**
 * What the web's campaign, self-check and on-site pages need beyond scoring, on SQLite and
 * PostgreSQL: editing the target units while the campaign is a draft, the links to the ballot
 * and ledger pages for those who may read them, the records a unit may link to its self-check,
 * and evidence files on self-checks and findings — each refused to whoever may not, with nothing
 * changed.
 */
let f: InspFixture;
let id: number;
let crit: Json[];
const unit = (i: number) => f.units[i]?.id ?? 0;
const branch = (i: number) => f.branches[i]?.id ?? 0;
const count = async (table: 'insp_self_score' | 'insp_finding' | 'insp_unit') =>
  Number(
    (
      await f.t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const upload = async (who: InspWho, orgId: number, name = 'photo.png') => {
  const res = await f.c(who).inject({
    method: 'POST',
    url: '/api/v1/files',
    ...multipart({ orgId: String(orgId) }, { name, content: png, type: 'image/png' }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as number;
};

beforeAll(async () => {
  f = await createInspectionFixture();
  const res = await f.c('affairs').post(`${IB}/campaigns`, {
    orgId: f.root.id,
    year: 2026,
    title: '2026年度综合检查考核',
    inspectorIds: [f.ids.insp1, f.ids.insp2],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  id = res.body.id;
  crit = res.body.criteria;
}, 60_000);
afterAll(() => f.t.close());

describe('the campaign page', () => {
  it('lets affairs change the target units while a draft; others and bad units change nothing', async () => {
    const url = `${IB}/campaigns/${id}/units`;
    // The organiser is offered every department and grassroots unit; others are offered none.
    const offered = (await f.c('affairs').get(`${IB}/campaigns/${id}`)).body.unitCandidates;
    expect(offered.map((u: Json) => u.orgId)).toEqual([unit(0), unit(1), unit(2)]);
    expect((await f.c('committee').get(`${IB}/campaigns/${id}`)).body.unitCandidates).toEqual([]);
    const two = await f.put('affairs', url, { orgIds: [unit(0), unit(1)] });
    expect(two.status, JSON.stringify(two.body)).toBe(200);
    expect(two.body.unitList.map((u: Json) => u.orgId)).toEqual([unit(0), unit(1)]);
    expect(await count('insp_unit')).toBe(2);
    for (const who of ['committee', 'insp1', 'sec1', 'outsider'] as const)
      expect((await f.put(who, url, { orgIds: [unit(0)] })).status).toBe(403);
    // A branch is not a department or grassroots unit; a unit listed twice is refused.
    expect((await f.put('affairs', url, { orgIds: [unit(0), branch(0)] })).body.error.code).toBe(
      'inspection_rule',
    );
    expect((await f.put('affairs', url, { orgIds: [unit(0), unit(0)] })).body.error.code).toBe(
      'inspection_rule',
    );
    expect((await f.put('affairs', url, { orgIds: [] })).status).toBe(400);
    expect(await count('insp_unit')).toBe(2);
    const all = await f.put('affairs', url, { orgIds: [unit(0), unit(1), unit(2)] });
    expect(all.body.unitList).toHaveLength(3);
    const audits = await f.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'inspection.campaign.units')
      .execute();
    expect(audits).toHaveLength(2);
  });

  it('says who may open the ballot and ledger pages', async () => {
    const can = async (who: InspWho) => (await f.c(who).get(`${IB}/campaigns/${id}`)).body.can;
    for (const who of ['affairs', 'committee', 'insp1'] as const)
      expect(await can(who)).toMatchObject({ ballots: true, ledger: true });
    expect(await can('sec1')).toMatchObject({ ballots: false, ledger: false });
    // And the server agrees: the secretary is refused the ballot box itself.
    expect((await f.c('sec1').get(`${IB}/campaigns/${id}/ballots`)).status).toBe(403);
  });
});

describe('the self-check page', () => {
  it('lists the records of the unit’s own branches in the campaign’s year, to its own people only', async () => {
    const opened = await f
      .c('affairs')
      .post(`${IB}/campaigns/${id}/transition`, { action: 'open_self_check' });
    expect(opened.body.state).toBe('self_check');
    const at = '2026-03-01T00:00:00.000Z';
    const scheme = await f.t.db
      .insertInto('points_scheme')
      .values({ root_org_id: f.root.id, year: 2026, name: '积分方案', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const activity = (branchId: number, title: string, on: string) =>
      f.t.db
        .insertInto('points_activity')
        .values({
          scheme_id: scheme.id,
          branch_id: branchId,
          title,
          kind: 'theme_day',
          occurred_on: on,
          item_code: 'J01',
          quantity: 1,
          points: 100,
          note: null,
          created_by: f.ids.sec1,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const own = await activity(branch(0), '3月主题党日', '2026-03-02');
    await activity(branch(0), '去年的主题党日', '2025-12-20');
    await activity(branch(1), '他单位主题党日', '2026-03-03');
    const member = await f.t.db
      .selectFrom('member')
      .select(['id', 'name'])
      .where('branch_id', '=', branch(0))
      .executeTakeFirstOrThrow();
    const entry = (state: string) =>
      f.t.db
        .insertInto('points_entry')
        .values({
          scheme_id: scheme.id,
          member_id: member.id,
          branch_id: branch(0),
          item_code: 'B02',
          occurred_on: '2026-02-10',
          quarter: '2026Q1',
          quantity: 1,
          points: 200,
          note: null,
          kind: 'normal',
          state,
          activity_id: null,
          revokes_entry_id: null,
          appeal_id: null,
          created_by: f.ids.sec1,
          created_at: at,
          updated_at: at,
          submitted_at: at,
          decided_by: null,
          decided_at: null,
          decision_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const approved = await entry('approved');
    await entry('submitted');

    const url = `${IB}/campaigns/${id}/units/${unit(0)}/evidence-records`;
    const res = await f.c('sec1').get(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      items: [
        { type: 'points_activity', id: own.id, label: '2026-03-02 3月主题党日', branchName: '办公室党支部' },
        {
          type: 'points_entry',
          id: approved.id,
          label: `2026-02-10 ${member.name} B02`,
          branchName: '办公室党支部',
        },
      ],
      truncated: false,
    });
    // Another unit's secretary, the team, the organisers and outsiders do not browse them.
    for (const who of ['sec2', 'insp1', 'affairs', 'committee', 'outsider'] as const)
      expect((await f.c(who).get(url)).status, who).toBe(403);
    expect((await f.c('sec1').get(`${IB}/campaigns/${id}/units/${branch(0)}/evidence-records`)).status).toBe(
      404,
    );

    // A listed record links; saving again with it keeps it.
    const save = `${IB}/campaigns/${id}/units/${unit(0)}/self-check`;
    const item = { criterionId: crit[0].id, self: 100, records: [{ type: 'points_activity', id: own.id }] };
    const saved = await f.put('sec1', save, { items: [item] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.items[0].evidence.records.map((r: Json) => r.id)).toEqual([own.id]);
  });

  it('tells the unit where its uploads go and refuses a file it may not read, changing nothing', async () => {
    const url = `${IB}/campaigns/${id}/units/${unit(0)}/self-check`;
    expect((await f.c('sec1').get(url)).body.evidenceOrgId).toBe(branch(0));
    // The organisers read the self-check but do not enter it: no upload place.
    expect((await f.c('affairs').get(url)).body.evidenceOrgId).toBeNull();
    const foreign = await upload('sec2', branch(1), 'other-unit.png');
    const before = await f.t.db.selectFrom('evidence_link').selectAll().execute();
    const refused = await f.put('sec1', url, {
      items: [{ criterionId: crit[1].id, self: 100, fileIds: [foreign] }],
    });
    expect(refused.status).toBe(403);
    expect(await f.t.db.selectFrom('evidence_link').selectAll().execute()).toEqual(before);
    expect(await count('insp_self_score')).toBe(1);
    const mine = await upload('sec1', branch(0), 'minutes.png');
    const ok = await f.put('sec1', url, { items: [{ criterionId: crit[1].id, self: 100, fileIds: [mine] }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.items[1].evidence.files).toEqual([{ id: mine, name: 'minutes.png', mime: 'image/png' }]);
  });
});

describe('the on-site page', () => {
  it('attaches evidence files to a finding, readable by the unit; a foreign file is refused', async () => {
    const started = await f
      .c('affairs')
      .post(`${IB}/campaigns/${id}/transition`, { action: 'start_inspection' });
    expect(started.body.state, JSON.stringify(started.body)).toBe('inspecting');
    const view = `${IB}/campaigns/${id}/units/${unit(1)}/inspection`;
    const on = await f.c('insp1').get(view);
    expect(on.body.evidenceOrgId).toBe(branch(1));
    expect((await f.c('affairs').get(view)).body.evidenceOrgId).toBeNull();

    const foreign = await upload('outsider', (await otherCommittee()).id, 'elsewhere.png');
    const findings = `${IB}/campaigns/${id}/units/${unit(1)}/findings`;
    const body = { criterionId: crit[0].id, deduction: 100, note: '记录缺签到' };
    expect((await f.c('insp1').post(findings, { ...body, fileIds: [foreign] })).status).toBe(403);
    expect(await count('insp_finding')).toBe(0);

    const photo = await upload('insp1', on.body.evidenceOrgId, 'sign-in.png');
    const added = await f.c('insp1').post(findings, { ...body, fileIds: [photo] });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.evidence.files).toEqual([{ id: photo, name: 'sign-in.png', mime: 'image/png' }]);
    const shown = (await f.c('insp2').get(view)).body.findings[0];
    expect(shown.evidence.files.map((x: Json) => x.id)).toEqual([photo]);
    // The unit's secretary reads the file (it owns the rectification); an outsider does not.
    expect((await f.c('sec2').get(`/api/v1/files/${photo}/meta`)).status).toBe(200);
    expect((await f.c('outsider').get(`/api/v1/files/${photo}/meta`)).status).toBe(403);
  });
});

async function otherCommittee() {
  return f.t.db.selectFrom('org').select('id').where('name', '=', '其他党委').executeTakeFirstOrThrow();
}
