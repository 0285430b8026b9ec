import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointsApi } from '../../../contracts/points-api.js';
import type { MemberRow } from '../../../db/types.js';
import { makeMember, makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import {
  type Client,
  createTestApp,
  fixedClock,
  type Json,
  login,
  type TestApp,
} from '../../test/harness.js';
import { createAdoptedScheme } from './points.fixtures.js';

/**
 * A returned entry is corrected, not only resent: affairs returns it asking for a sign-in sheet,
 * the secretary edits values, note and evidence, resubmits (the changes since the return are
 * shown before and kept in its history and the audit), and affairs approves. A secretary can take
 * back an entry still waiting for review.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let affairs: Client;
let secretary: Client;
let otherSecretary: Client;
let member: MemberRow;
let schemeId = 0;

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function uploadPng(c: Client, orgId: number, name: string): Promise<number> {
  const boundary = '----kaohe-correction';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="orgId"\r\n\r\n${orgId}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.inject({
    method: 'POST',
    url: '/api/v1/files',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as Json).id as number;
}

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-16T02:00:00.000Z') });
  tree = await makeTree(t.db);
  member = await makeMember(t.db, tree.branchA1, { name: '王纠正' });
  const as = async (role: 'affairs' | 'committee' | 'secretary', orgId: number) =>
    login(t.app, (await makeUser(t.db, [{ role, orgId }])).account, TEST_PASSWORD);
  affairs = await as('affairs', tree.root.id);
  secretary = await as('secretary', tree.branchA1.id);
  otherSecretary = await as('secretary', tree.branchB1.id);
  schemeId = await createAdoptedScheme(affairs, await as('committee', tree.root.id), tree.root.id, 2026);
});
afterAll(() => t.close());

async function submittedEntry(note: string, fileIds: number[] = []) {
  const r = await secretary.post('/api/v1/points/entries', {
    schemeId,
    memberId: member.id,
    itemCode: 'J02',
    occurredOn: '2026-03-10',
    points: 300,
    note,
    fileIds,
    submit: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Json;
}

describe('a returned entry is corrected and approved', () => {
  it('returned → edited (values, note, evidence) → resubmitted with its changes → approved', async () => {
    const photo = await uploadPng(secretary, tree.branchA1.id, '活动照片.png');
    const e = await submittedEntry('业务攻关', [photo]);
    const returned = await affairs.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'return',
      reason: '请补充签到表',
      rowVersion: e.rowVersion,
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'returned', decisionReason: '请补充签到表' });

    // The secretary sees it editable, with nothing changed yet.
    const seen = await secretary.get(`/api/v1/points/entries/${e.id}`);
    expect(seen.body).toMatchObject({ editable: true, changesSinceReturn: [] });
    expect(seen.body.actions).toEqual(expect.arrayContaining(['resubmit', 'discard']));
    expect(seen.body.history).toEqual([
      expect.objectContaining({ action: 'returned', reason: '请补充签到表', byAccount: affairs.account }),
    ]);
    // Affairs may not edit it, nor may another branch's secretary.
    expect((await affairs.get(`/api/v1/points/entries/${e.id}`)).body.editable).toBe(false);
    const foreign = await otherSecretary.patch(`/api/v1/points/entries/${e.id}`, {
      note: 'x',
      rowVersion: seen.body.rowVersion,
    });
    expect(foreign.status).toBe(403);

    const sheet = await uploadPng(secretary, tree.branchA1.id, '签到表.png');
    const edited = await secretary.patch(`/api/v1/points/entries/${e.id}`, {
      occurredOn: '2026-03-11',
      points: 400,
      note: '业务攻关（附签到表）',
      fileIds: [photo, sheet],
      rowVersion: seen.body.rowVersion,
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.state).toBe('returned');
    expect(edited.body.changesSinceReturn).toEqual([
      { field: 'occurredOn', before: '2026-03-10', after: '2026-03-11' },
      { field: 'points', before: 300, after: 400 },
      { field: 'note', before: '业务攻关', after: '业务攻关（附签到表）' },
      { field: 'evidence', added: ['签到表.png'], removed: [] },
    ]);

    const resubmitted = await secretary.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'resubmit',
      rowVersion: edited.body.rowVersion,
    });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.state).toBe('submitted');
    expect(resubmitted.body.changesSinceReturn).toBeNull();
    // The reviewer sees the return and what was changed for it.
    const inQueue = await affairs.get(`/api/v1/points/entries/${e.id}`);
    expect(inQueue.body.history).toEqual([
      expect.objectContaining({ action: 'returned', reason: '请补充签到表' }),
      expect.objectContaining({
        action: 'resubmitted',
        byAccount: secretary.account,
        changes: edited.body.changesSinceReturn,
      }),
    ]);
    expect(inQueue.body.evidence.map((f: { name: string }) => f.name).sort()).toEqual([
      '活动照片.png',
      '签到表.png',
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['after_json'])
      .where('action', '=', 'points.entry.resubmit')
      .where('entity_id', '=', String(e.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json ?? '{}').changes).toHaveLength(4);

    const approved = await affairs.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'approve',
      rowVersion: inQueue.body.rowVersion,
    });
    expect(approved.body).toMatchObject({ state: 'approved', points: 400, editable: false });
  });

  it('resubmitted unchanged, the history says so (no changes)', async () => {
    const e = await submittedEntry('原样');
    const r = await affairs.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'return',
      reason: '核实',
      rowVersion: e.rowVersion,
    });
    const again = await secretary.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'resubmit',
      rowVersion: r.body.rowVersion,
    });
    expect(again.body.history.at(-1)).toMatchObject({ action: 'resubmitted', changes: [] });
  });

  it('a secretary withdraws an entry still waiting for review, corrects it and submits again', async () => {
    const e = await submittedEntry('撤回前');
    expect(e.actions).toContain('recall');
    const recalled = await secretary.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'recall',
      rowVersion: e.rowVersion,
    });
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ state: 'draft', editable: true });
    const edited = await secretary.patch(`/api/v1/points/entries/${e.id}`, {
      note: '撤回后修改',
      rowVersion: recalled.body.rowVersion,
    });
    expect(edited.status).toBe(200);
    const submitted = await secretary.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'submit',
      rowVersion: edited.body.rowVersion,
    });
    expect(submitted.body).toMatchObject({ state: 'submitted', note: '撤回后修改' });
    // Once decided it cannot be taken back.
    const approved = await affairs.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'approve',
      rowVersion: submitted.body.rowVersion,
    });
    const late = await secretary.post(`/api/v1/points/entries/${e.id}/actions`, {
      action: 'recall',
      rowVersion: approved.body.rowVersion,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('invalid_transition');
    // Affairs cannot withdraw a branch's entry.
    const other = await submittedEntry('他人撤回');
    const byAffairs = await affairs.post(`/api/v1/points/entries/${other.id}/actions`, {
      action: 'recall',
      rowVersion: other.rowVersion,
    });
    expect(byAffairs.status).toBe(403);
  });

  it('lists entries as the contract says, byte for byte, though sent without its schema pass', async () => {
    // A returned entry edited but not resent (its changes since the return), one resent (its
    // history), evidence, a decided one: every field of the entries' shape filled somewhere.
    const photo = await uploadPng(secretary, tree.branchA1.id, '清单照片.png');
    const a = await submittedEntry('清单一', [photo]);
    const b = await submittedEntry('清单二');
    const retA = await affairs.post(`/api/v1/points/entries/${a.id}/actions`, {
      action: 'return',
      reason: '补充',
      rowVersion: a.rowVersion,
    });
    const editedA = await secretary.patch(`/api/v1/points/entries/${a.id}`, {
      note: '清单一（补）',
      rowVersion: retA.body.rowVersion,
    });
    expect(editedA.status).toBe(200);
    const retB = await affairs.post(`/api/v1/points/entries/${b.id}/actions`, {
      action: 'return',
      reason: '补充',
      rowVersion: b.rowVersion,
    });
    const resent = await secretary.post(`/api/v1/points/entries/${b.id}/actions`, {
      action: 'resubmit',
      rowVersion: retB.body.rowVersion,
    });
    expect(resent.status).toBe(200);
    const urls = [
      `/api/v1/points/entries?state=submitted&schemeId=${schemeId}&pageSize=50`,
      `/api/v1/points/entries?state=returned&schemeId=${schemeId}`,
      `/api/v1/points/entries?schemeId=${schemeId}&pageSize=5&page=2`,
      `/api/v1/points/entries?schemeId=${schemeId}&page=99`,
      `/api/v1/points/entries?memberId=${member.id}&orgId=${tree.branchA1.id}`,
    ];
    let entries = 0;
    for (const c of [affairs, secretary])
      for (const url of urls) {
        const r = await c.get(url);
        expect(r.status).toBe(200);
        expect(r.raw.headers['content-type']).toBe('application/json; charset=utf-8');
        const parsed = pointsApi.listEntries.response.parse(JSON.parse(r.raw.body));
        expect(JSON.stringify(parsed)).toBe(r.raw.body);
        entries += parsed.items.length;
      }
    expect(entries).toBeGreaterThan(10);
    // Past the last page the total is counted on its own: the same as on a page with rows.
    const [withRows, pastEnd] = await Promise.all(urls.slice(2, 4).map((u) => affairs.get(u)));
    expect(pastEnd?.body.items).toEqual([]);
    expect(pastEnd?.body.total).toBe(withRows?.body.total);
    expect(withRows?.body.total).toBeGreaterThan(5);
  });
});
