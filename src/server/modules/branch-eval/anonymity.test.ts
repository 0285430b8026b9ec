import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../db/types.js';
import { makeMember, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, login, testDialect } from '../../test/harness.js';
import { insertOrg } from '../org/org.repo.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  moduleGetUrls,
  moduleGetPaths as modulePaths,
  runMonth,
} from './branch-eval.fixtures.js';

/**
 * Anonymity (SPEC §3 "raters are anonymous to the rated"; §7 "no rater identity shown to the
 * rated"). Branch A1 of county A is rated by five branches of county B that appear nowhere else
 * in county A's round, so any trace of them in what A1's users can fetch is a leak. Their ids are
 * made distinctive (97000x) so that even a bare number in a response would be caught. As A1's
 * secretary, an A1 member, a committee member who is also A1's secretary, and an office user who
 * is a party member of A1, every GET endpoint of the module (the exports too) is called and the
 * raw bodies (and headers) are scanned for the raters' ids, names, codes and user accounts.
 *
 * The person who typed a sheet is protected further: an admin who is also A1's secretary walks
 * every GET route of the whole app (the audit log under every filter too) looking for a rater
 * person together with a sheet, and a dump of every table (both databases) is searched for any
 * row naming a rater's user that shares a time, a sequence or (PostgreSQL) a transaction with a
 * peer score. The sheets' scores are distinctive numbers, so a response holding one is caught.
 */
let f: Fixture;
let a1: OrgRow;
const raters: OrgRow[] = [];
const raterAccounts: string[] = [];
const raterUserIds: number[] = [];
let dual: Client;
let officeMember: Client;
let adminDual: Client;
let memberId = 0;
/** Rater i's sheet for A1: distinctive values, so that a bare number in a response is caught. */
const sheetOf = (i: number) => ({ E1: 2101 + 83 * i, E2: 1103 + 79 * i });
let templateId = 0;
let a1PlanId = 0;
let correctionId = 0;
const M = '2026-03';

beforeAll(async () => {
  f = await createFixture();
  a1 = f.branches[0] as OrgRow;
  const at = new Date().toISOString();
  for (let i = 0; i < 5; i++) {
    const id = 970_001 + i;
    raters.push(
      await insertOrg(f.t.db, {
        id,
        tree: 'party',
        kind: 'branch',
        code: `RATER${uniq('')}`.toUpperCase(),
        name: `评价方${i}支部${uniq('')}`,
        parent_id: f.countyB.id,
        sort_order: 0,
        active_from: '2020-01-01',
        active_to: null,
        linked_unit_id: null,
        created_at: at,
        updated_at: at,
      }),
    );
    const u = await makeUser(f.t.db, [{ role: 'secretary', orgId: id }]);
    raterAccounts.push(u.account);
    raterUserIds.push(u.id);
  }
  const dualAccount = (
    await makeUser(f.t.db, [
      { role: 'committee', orgId: f.countyA.id },
      { role: 'secretary', orgId: a1.id },
    ])
  ).account;
  const adminDualAccount = (
    await makeUser(f.t.db, [
      { role: 'admin', orgId: f.root.id },
      { role: 'secretary', orgId: a1.id },
    ])
  ).account;
  const m = await makeMember(f.t.db, a1, { name: `兼职党员${uniq('')}` });
  memberId = m.id;
  const officeMemberAccount = (await makeUser(f.t.db, [{ role: 'eval_office', orgId: f.countyA.id }], m.id))
    .account;
  templateId = f.templateId;

  await approvedPlans(f, '2026-Q1');
  a1PlanId = (await f.c('office').get(`${BASE}/plans?orgId=${f.countyA.id}&quarter=2026-Q1`)).body.items[0]
    .id;
  const spec = { B1: 2500, E1: 2500, E2: 1500 };
  await runMonth(f, M, [spec, spec, spec, spec, spec, spec], {
    verifyOn: '2026-04-01',
    peer: async () => {
      const set = await f.c('office').inject({
        method: 'PUT',
        url: `${BASE}/months/${M}/assignments/${a1.id}`,
        payload: { orgId: f.countyA.id, raterBranchIds: raters.map((r) => r.id) },
      });
      expect(set.statusCode, set.body).toBe(200);
      for (const [i, r] of raters.entries()) {
        const c = await login(f.t.app, raterAccounts[i] ?? '', TEST_PASSWORD);
        const res = await c.inject({
          method: 'PUT',
          url: `${BASE}/peer/${M}/${a1.id}`,
          payload: { raterBranchId: r.id, scores: sheetOf(i) },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
    },
  });
  // A1's month is corrected after publication: the correction, its explanation trail and the
  // result versions are scanned too.
  const filed = await f.c('office').post(`${BASE}/corrections`, {
    branchId: a1.id,
    month: M,
    items: [{ code: 'E1', verified: 2800 }],
    reason: '复核后调整验证分',
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(200);
  correctionId = filed.body.id;
  expect((await f.c('committee').post(`${BASE}/corrections/${correctionId}/approve`, {})).status).toBe(200);
  dual = await login(f.t.app, dualAccount, TEST_PASSWORD);
  officeMember = await login(f.t.app, officeMemberAccount, TEST_PASSWORD);
  adminDual = await login(f.t.app, adminDualAccount, TEST_PASSWORD);
});
afterAll(() => f.t.close());

/** Every GET route of the module, with the concrete URLs to call for the rated branch A1. */
function urlsFor(path: string): string[] | undefined {
  return moduleGetUrls(f, {
    month: M,
    branchId: a1.id,
    planId: a1PlanId,
    templateId,
    correctionId,
  })[path];
}

/** A response as text: JSON as sent, a workbook as every cell of every sheet; headers too. */
async function textOf(res: LightMyRequestResponse): Promise<string> {
  const headers = JSON.stringify(res.headers);
  if (String(res.headers['content-type'] ?? '').includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => {
      cells.push(ws.name);
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          cells.push(String(cell.text));
          if (cell.note) cells.push(JSON.stringify(cell.note));
        });
      });
    });
    return `${headers}\n${cells.join('\n')}`;
  }
  return `${headers}\n${res.body}`;
}

/** Every trace of a rater in a text: branch ids, names, codes, secretaries' accounts. */
function leaks(text: string): string[] {
  const needles = [...raters.flatMap((r) => [String(r.id), r.name, r.code]), ...raterAccounts];
  return needles.filter((n) => text.includes(n));
}

describe('anonymity of peer raters', () => {
  it('the office and the committee do see A1’s raters (the scan below would catch them)', async () => {
    const assignments = await f.c('office').get(`${BASE}/months/${M}/assignments?orgId=${f.countyA.id}`);
    expect(assignments.status).toBe(200);
    expect(leaks(await textOf(assignments.raw)).length).toBeGreaterThan(0);
    const scores = await f.c('committee').get(`${BASE}/months/${M}/peer-scores/${a1.id}`);
    expect(scores.body.raters.map((r: { branchId: number }) => r.branchId)).toEqual(raters.map((r) => r.id));
  });

  it('covers every GET endpoint of the module', async () => {
    const paths = await modulePaths(f);
    expect(paths.length).toBeGreaterThanOrEqual(27);
    expect(paths.filter((p) => urlsFor(p) === undefined)).toEqual([]);
  });

  it('a member reads their own branch’s explanation (raters anonymous), not another branch’s', async () => {
    const own = await f.c('member').get(`${BASE}/branches/${a1.id}/months/${M}/score`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(leaks(JSON.stringify(own.body))).toEqual([]);
    const other = f.branches[1]?.id ?? 0;
    expect((await f.c('member').get(`${BASE}/branches/${other}/months/${M}/score`)).status).toBe(403);
  });

  it('no response a rated branch’s users can get names a rater — secretary, member, dual-role users', async () => {
    const paths = await modulePaths(f);
    const who: [string, Client][] = [
      ['A1 secretary', f.c('sec1')],
      ['A1 member', f.c('member')],
      ['committee + A1 secretary', dual],
      ['office + A1 party member', officeMember],
      ['admin + A1 secretary', adminDual],
    ];
    for (const [name, client] of who) {
      let ok = 0;
      for (const p of paths) {
        for (const url of urlsFor(p) ?? []) {
          const res = await client.inject({ method: 'GET', url });
          if (res.statusCode === 200) ok += 1;
          expect(leaks(await textOf(res)), `${name}: GET ${url} (${res.statusCode})`).toEqual([]);
        }
      }
      // Not a vacuous scan: most endpoints answered.
      expect(ok, name).toBeGreaterThanOrEqual(name === 'A1 member' || name.startsWith('admin') ? 14 : 20);
    }
    const todo = await f.c('sec1').get('/api/v1/todo');
    expect(leaks(await textOf(todo.raw))).toEqual([]);
  });

  it('the rated branch still sees each anonymous peer score, and which were dropped', async () => {
    const ex = await f.c('sec1').get(`${BASE}/branches/${a1.id}/months/${M}/score`);
    expect(ex.status).toBe(200);
    expect(ex.body.indicators.find((i: { code: string }) => i.code === 'E1').peer).toEqual({
      used: [2184, 2267, 2350],
      droppedHigh: 2433,
      droppedLow: 2101,
      count: 3,
      meanRounded: 2267,
    });
  });

  it('a user who belongs to the rated branch can neither see nor set its raters, whatever other roles they hold', async () => {
    const rows = await dual.get(`${BASE}/months/${M}/assignments?orgId=${f.countyA.id}&pageSize=200`);
    expect(rows.status).toBe(200);
    const own = rows.body.items.find((r: { ratedBranchId: number }) => r.ratedBranchId === a1.id);
    expect(own).toMatchObject({ hidden: true, raters: [], raterCount: 5 });
    expect(
      rows.body.items.find((r: { ratedBranchId: number }) => r.ratedBranchId !== a1.id).raters.length,
    ).toBeGreaterThan(0);
    expect((await dual.get(`${BASE}/months/${M}/peer-scores/${a1.id}`)).status).toBe(403);
    expect((await officeMember.get(`${BASE}/months/${M}/peer-scores/${a1.id}`)).status).toBe(403);
    const set = await officeMember.inject({
      method: 'PUT',
      url: `${BASE}/months/2026-04/assignments/${a1.id}`,
      payload: { orgId: f.countyA.id, raterBranchIds: [] },
    });
    expect(set.statusCode).toBe(403);
  });

  it('covers every GET route of the app', async () => {
    const paths = await appGetPaths();
    expect(paths.length).toBeGreaterThanOrEqual(70);
    expect(paths.filter((p) => appUrlsFor(p) === undefined)).toEqual([]);
  });

  it('an admin who is also A1’s secretary finds no rater person with a sheet anywhere, and no rater branch in the module or the audit log', async () => {
    let ok = 0;
    for (const p of await appGetPaths()) {
      for (const url of appUrlsFor(p) ?? []) {
        const res = await adminDual.inject({ method: 'GET', url });
        if (res.statusCode === 200) ok += 1;
        const text = await textOf(res);
        const where = `GET ${url} (${res.statusCode})`;
        // A rater person and a rater's sheet in one answer is the link.
        for (const [i, account] of raterAccounts.entries()) {
          if (text.includes(account)) expect(holdsSheet(text), `${where} names ${account}`).toEqual([]);
          if (raterUserIds[i] !== undefined && p === '/api/v1/audit') {
            const rows = (res.json() as { items: AuditRow[] }).items;
            for (const row of rows.filter((r) => r.actorUserId === raterUserIds[i])) {
              expect(row.action.startsWith('branch_eval.'), `${where}: seq ${row.seq}`).toBe(false);
              expect(holdsSheet(JSON.stringify(row)), `${where}: seq ${row.seq}`).toEqual([]);
            }
          }
        }
        // The module never tells A1's user who A1's raters are; nor does the audit log about the
        // joint evaluation (its rows about users and orgs do name the rater branches' secretaries).
        // (A1's explanation does hold its peer scores: anonymous, none with a rater.)
        if (p.startsWith('/api/v1/branch-eval') || p.startsWith('/api/integration')) {
          expect(leaks(text), where).toEqual([]);
        }
        if (p === '/api/v1/audit' && res.statusCode === 200) {
          for (const row of (res.json() as { items: AuditRow[] }).items) {
            const json = JSON.stringify(row);
            expect(holdsSheet(json), `${where}: seq ${row.seq}`).toEqual([]);
            if (row.action.startsWith('branch_eval.') || row.entityType.startsWith('be_'))
              expect(leaks(json), `${where}: ${json}`).toEqual([]);
          }
        }
      }
    }
    expect(ok).toBeGreaterThanOrEqual(40);
    // The filters did find the joint evaluation's rows: the scan of them was not empty.
    const peerRows = await adminDual.get('/api/v1/audit?action=branch_eval.peer&pageSize=200');
    expect(new Set(peerRows.body.items.map((r: AuditRow) => r.action))).toEqual(
      new Set(['branch_eval.peer.set_raters', 'branch_eval.peer.sheets']),
    );
  });

  it('a database dump links no person to a peer score: no time, sequence or transaction shared with a rater’s user', async () => {
    const tables = await dumpAll();
    const peer = tables.get('be_peer_score') ?? [];
    expect(peer.filter((r) => Number(r.rated_branch_id) === a1.id)).toHaveLength(10);
    // A peer row holds no time and no sequence of its own: nothing orders or times a single sheet.
    for (const row of peer) {
      const own = Object.entries(row).filter(([k]) => k !== '__xmin');
      expect(
        own.filter(([k, v]) => k === 'id' || k.endsWith('_at') || k.endsWith('_on') || isTime(v)),
        JSON.stringify(row),
      ).toEqual([]);
    }
    if (testDialect === 'sqlite') {
      await expect(sql`select rowid from be_peer_score`.execute(f.t.db)).rejects.toThrow();
    }
    const peerXmins = new Set(peer.map((r) => String(r.__xmin)));
    let naming = 0;
    for (const [i, userId] of raterUserIds.entries()) {
      const account = raterAccounts[i] ?? '';
      for (const [table, rows] of tables) {
        if (table === 'be_peer_score') continue;
        for (const row of rows.filter((r) => namesUser(table, r, userId, account))) {
          naming += 1;
          const text = JSON.stringify(row);
          const where = `${table} ${text}`;
          expect(text.toLowerCase(), where).not.toContain('peer');
          expect(holdsSheet(text).includes(i), where).toBe(false);
          // The same moment (to the millisecond, or the same day) as a stored peer score.
          for (const p of peer.filter((r) => Number(r.rater_branch_id) === raters[i]?.id)) {
            const times = Object.values(p).filter(isTime).map(String);
            for (const v of Object.values(row).filter(isTime).map(String)) {
              expect(
                times.some((t) => t.slice(0, 10) === v.slice(0, 10)),
                where,
              ).toBe(false);
            }
          }
          if (testDialect === 'postgres') expect(peerXmins.has(String(row.__xmin)), where).toBe(false);
        }
      }
    }
    // The scan saw the raters' own rows (logins, sessions): it is not vacuous.
    expect(naming).toBeGreaterThanOrEqual(raterUserIds.length * 2);
    // The audit log keeps the month's peer sheets only as counts, written by whoever approved.
    const audit = tables.get('audit_log') ?? [];
    const counted = audit.filter((r) => r.action === 'branch_eval.peer.sheets');
    expect(counted.length).toBeGreaterThanOrEqual(1);
    for (const r of audit.filter((x) => String(x.action).startsWith('branch_eval.peer'))) {
      expect(leaks(JSON.stringify(r)), JSON.stringify(r)).toEqual([]);
      expect(holdsSheet(JSON.stringify(r))).toEqual([]);
    }
    if (testDialect === 'postgres') {
      // Approval rewrites the month's peer rows: their transaction is the approval's, so not even
      // the order of the sheets' submissions is left.
      const a1Rows = peer.filter((r) => Number(r.rated_branch_id) === a1.id);
      expect(new Set(a1Rows.map((r) => String(r.__xmin))).size).toBe(1);
      const approval = audit.find(
        (r) => r.action === 'branch_eval.month.approve' && r.after_json?.includes(M),
      );
      expect(String(approval?.__xmin)).toBe(String(a1Rows[0]?.__xmin));
    }
  });
});

interface AuditRow {
  seq: number;
  actorUserId: number | null;
  action: string;
  entityType: string;
}

type DumpRow = Record<string, unknown> & { action?: string; after_json?: string | null };

/** Every row of every table (with PostgreSQL's transaction id of the row as `__xmin`). */
async function dumpAll(): Promise<Map<string, DumpRow[]>> {
  const names =
    testDialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(f.t.db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%'`.execute(f.t.db);
  const out = new Map<string, DumpRow[]>();
  for (const { name } of names.rows) {
    const q =
      testDialect === 'postgres'
        ? sql<DumpRow>`select xmin::text as "__xmin", * from ${sql.table(name)}`
        : sql<DumpRow>`select * from ${sql.table(name)}`;
    out.set(name, (await q.execute(f.t.db)).rows);
  }
  return out;
}

/** A row names a person when a user column holds their id or any text holds their account. */
function namesUser(table: string, row: DumpRow, userId: number, account: string): boolean {
  for (const [k, v] of Object.entries(row)) {
    if (k === '__xmin') continue;
    if (typeof v === 'string' && v.includes(account)) return true;
    const userColumn =
      k === 'user_id' || k.endsWith('_by') || k === 'actor_user_id' || k.endsWith('_user_id');
    if ((userColumn || (table === 'app_user' && k === 'id')) && Number(v) === userId) return true;
  }
  return false;
}

const isTime = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([T ]|$)/.test(v);

/** The raters' sheets found in a text: both of a sheet's distinctive scores as whole numbers. */
function holdsSheet(text: string): number[] {
  return raters
    .map((_, i) => i)
    .filter((i) => {
      const s = sheetOf(i);
      return new RegExp(`\\b${s.E1}\\b`).test(text) && new RegExp(`\\b${s.E2}\\b`).test(text);
    });
}

async function appGetPaths(): Promise<string[]> {
  const doc = (await f.t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .filter(([, ops]) => ops.get)
    .map(([p]) => p);
}

/** Every GET route of the app with the URLs to call: the module's, and the rest with the raters' ids. */
function appUrlsFor(path: string): string[] | undefined {
  const own = urlsFor(path);
  if (own) return own;
  const file = f.fileOf.get(a1.id) ?? 0;
  const audit = '/api/v1/audit?pageSize=200';
  const table: Record<string, string[]> = {
    '/api/health': ['/api/health'],
    '/api/v1/auth/me': ['/api/v1/auth/me'],
    '/api/v1/auth/session': ['/api/v1/auth/session'],
    '/api/v1/orgs': ['/api/v1/orgs', '/api/v1/orgs?tree=unit', '/api/v1/orgs?includeInactive=true'],
    '/api/v1/orgs/{id}': [a1, ...raters].map((o) => `/api/v1/orgs/${o.id}`),
    '/api/v1/members': ['/api/v1/members?pageSize=200'],
    '/api/v1/members/{id}': [`/api/v1/members/${memberId}`],
    '/api/v1/users': ['/api/v1/users?pageSize=200', ...raterAccounts.map((a) => `/api/v1/users?q=${a}`)],
    '/api/v1/users/{id}': raterUserIds.map((id) => `/api/v1/users/${id}`),
    '/api/v1/audit': [
      audit,
      `${audit}&page=2`,
      `${audit}&page=3`,
      `${audit}&entityType=be_peer_sheet`,
      `${audit}&entityType=be_peer_score`,
      `${audit}&entityType=be_month`,
      `${audit}&entityType=be_branch_month`,
      `${audit}&action=branch_eval`,
      `${audit}&action=branch_eval.peer`,
      `${audit}&from=${M}-01&to=${M}-31`,
      `${audit}&from=2026-04-01&to=2026-04-30`,
      ...raterAccounts.map((a) => `${audit}&actor=${a}`),
      ...[a1, ...raters].map((o) => `${audit}&entityId=${o.id}`),
    ],
    '/api/v1/calendar/years/{year}': ['/api/v1/calendar/years/2026'],
    '/api/v1/calendar/working-day': [`/api/v1/calendar/working-day?date=${M}-31`],
    '/api/v1/calendar/today': ['/api/v1/calendar/today'],
    '/api/v1/io/templates/members.xlsx': ['/api/v1/io/templates/members.xlsx'],
    '/api/v1/io/templates/orgs.xlsx': ['/api/v1/io/templates/orgs.xlsx'],
    '/api/v1/members/export.xlsx': ['/api/v1/members/export.xlsx'],
    '/api/v1/files/{id}/meta': [`/api/v1/files/${file}/meta`],
    '/api/v1/files/{id}': [`/api/v1/files/${file}`],
    '/api/v1/points/schemes': ['/api/v1/points/schemes'],
    '/api/v1/points/schemes/{id}': ['/api/v1/points/schemes/1'],
    '/api/v1/points/entries': ['/api/v1/points/entries'],
    '/api/v1/points/entries/{id}': ['/api/v1/points/entries/1'],
    '/api/v1/points/activities': ['/api/v1/points/activities'],
    '/api/v1/points/activities/{id}': ['/api/v1/points/activities/1'],
    '/api/v1/points/review/counts': ['/api/v1/points/review/counts'],
    '/api/v1/points/schemes/{id}/quarters/{quarter}': ['/api/v1/points/schemes/1/quarters/2026-Q1'],
    '/api/v1/points/board': ['/api/v1/points/board?schemeId=1&quarter=2026-Q1'],
    '/api/v1/points/schemes/{id}/quarters/{quarter}/members/{memberId}/explain': [
      `/api/v1/points/schemes/1/quarters/2026-Q1/members/${memberId}/explain`,
    ],
    '/api/v1/points/me': ['/api/v1/points/me'],
    '/api/v1/points/schemes/{id}/year': ['/api/v1/points/schemes/1/year'],
    '/api/v1/points/schemes/{id}/year/results': ['/api/v1/points/schemes/1/year/results'],
    '/api/v1/points/schemes/{id}/year/results/export.xlsx': [
      '/api/v1/points/schemes/1/year/results/export.xlsx',
    ],
    '/api/v1/points/schemes/{id}/year/me': ['/api/v1/points/schemes/1/year/me'],
    '/api/v1/points/actions': ['/api/v1/points/actions'],
    '/api/v1/points/appeals': ['/api/v1/points/appeals'],
    '/api/v1/points/appeals/{id}': ['/api/v1/points/appeals/1'],
    '/api/v1/points/templates/items.xlsx': ['/api/v1/points/templates/items.xlsx'],
    '/api/v1/points/schemes/{id}/items/export.xlsx': ['/api/v1/points/schemes/1/items/export.xlsx'],
    '/api/v1/points/schemes/{id}/templates/entries.xlsx': ['/api/v1/points/schemes/1/templates/entries.xlsx'],
    '/api/v1/points/board/export.xlsx': ['/api/v1/points/board/export.xlsx?schemeId=1&quarter=2026-Q1'],
    '/api/v1/todo': ['/api/v1/todo'],
    '/api/v1/terms/calendars': ['/api/v1/terms/calendars', '/api/v1/terms/calendars?year=2026'],
    '/api/v1/terms/calendars/{id}': ['/api/v1/terms/calendars/1'],
    '/api/v1/terms/calendars/{id}/matrix': ['/api/v1/terms/calendars/1/matrix'],
    '/api/v1/terms/calendars/{id}/matrix.xlsx': ['/api/v1/terms/calendars/1/matrix.xlsx'],
    '/api/v1/terms/assignments': ['/api/v1/terms/assignments'],
    '/api/v1/terms/assignments/{id}': ['/api/v1/terms/assignments/1'],
    '/api/v1/terms/current': ['/api/v1/terms/current'],
    // Annual inspection: no campaign in this fixture, so these answer 404 (nothing to leak).
    '/api/v1/inspection/campaigns/{id}/ballots': ['/api/v1/inspection/campaigns/1/ballots'],
    '/api/v1/inspection/campaigns/{id}/ballots/units/{unitId}/used-codes': [
      `/api/v1/inspection/campaigns/1/ballots/units/${a1.id}/used-codes`,
    ],
    '/api/v1/inspection/campaigns/{id}/ballots/paper': ['/api/v1/inspection/campaigns/1/ballots/paper'],
    '/api/v1/inspection/campaigns/{id}/ledger': ['/api/v1/inspection/campaigns/1/ledger'],
    '/api/v1/ledger-draw/{id}': ['/api/v1/ledger-draw/1'],
    '/api/v1/ballot/counted/{id}': ['/api/v1/ballot/counted/1'],
    // The annual inspection holds no peer score; its reads are walked all the same.
    '/api/v1/inspection/campaigns': ['/api/v1/inspection/campaigns'],
    '/api/v1/inspection/campaigns/{id}': ['/api/v1/inspection/campaigns/1'],
    '/api/v1/inspection/campaigns/{id}/inspector-candidates': [
      '/api/v1/inspection/campaigns/1/inspector-candidates',
    ],
    '/api/v1/inspection/campaigns/{id}/criteria.xlsx': ['/api/v1/inspection/campaigns/1/criteria.xlsx'],
    '/api/v1/inspection/campaigns/{id}/units/{unitId}/self-check': [
      `/api/v1/inspection/campaigns/1/units/${a1.id}/self-check`,
    ],
    '/api/v1/inspection/campaigns/{id}/units/{unitId}/evidence-records': [
      `/api/v1/inspection/campaigns/1/units/${a1.id}/evidence-records`,
    ],
    '/api/v1/inspection/campaigns/{id}/units/{unitId}/inspection': [
      `/api/v1/inspection/campaigns/1/units/${a1.id}/inspection`,
    ],
    '/api/v1/inspection/rectifications': ['/api/v1/inspection/rectifications'],
    '/api/v1/inspection/campaigns/{id}/results': ['/api/v1/inspection/campaigns/1/results'],
    '/api/v1/inspection/campaigns/{id}/results/units/{unitId}': [
      `/api/v1/inspection/campaigns/1/results/units/${a1.id}`,
    ],
    '/api/v1/inspection/campaigns/{id}/results.xlsx': ['/api/v1/inspection/campaigns/1/results.xlsx'],
    '/api/v1/inspection/campaigns/{id}/charts/components': [
      '/api/v1/inspection/campaigns/1/charts/components',
    ],
    '/api/v1/projects': ['/api/v1/projects?pageSize=200'],
    '/api/v1/projects/board': ['/api/v1/projects/board'],
    '/api/v1/projects/gantt': ['/api/v1/projects/gantt?year=2026'],
    '/api/v1/projects/charts': ['/api/v1/projects/charts?year=2026'],
    '/api/v1/projects/export.xlsx': ['/api/v1/projects/export.xlsx'],
    '/api/v1/projects/library': ['/api/v1/projects/library'],
    '/api/v1/projects/{id}': ['/api/v1/projects/1'],
    '/api/v1/projects/{id}/panel-candidates': ['/api/v1/projects/1/panel-candidates'],
    '/api/v1/projects/{id}/linkable': [`/api/v1/projects/1/linkable?month=${M}`],
    '/api/v1/projects/rules': [`/api/v1/projects/rules?orgId=${f.countyA.id}&year=2026`],
    '/api/v1/projects/plan/templates': [`/api/v1/projects/plan/templates?orgId=${f.countyA.id}`],
  };
  return table[path];
}
