/**
 * Test fixtures of the joint evaluation: a bureau with two county committees (A: six branches,
 * the round under test; B: five branches), one user per role, the indicator library, a template
 * and helpers that move the clock (logging everyone in again: sessions end after 8 idle hours)
 * and run a whole month through the API.
 */
import { expect } from 'vitest';
import type { OrgRow } from '../../../db/types.js';
import type { Role } from '../../../domain/access/roles.js';
import { makeMember, makeOrg, makeUser, TEST_PASSWORD, uniq } from '../../test/factories.js';
import { type Client, createTestApp, fixedClock, login, type TestApp } from '../../test/harness.js';

export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function multipart(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer; type?: string },
) {
  const boundary = '----kaohe-be-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const BASE = '/api/v1/branch-eval';

/** The library of the tests: 100 points over M1+B1+E1+E2, innovation cap 10 with I1 (5) and I2 (8). */
export const LIBRARY = [
  {
    code: 'M1',
    name: '按期召开支部委员会',
    category: 'mandatory',
    maxPoints: 2000,
    criteria: '每月至少 1 次',
    evidenceRequired: true,
  },
  {
    code: 'B1',
    name: '三会一课',
    category: 'basic',
    maxPoints: 3000,
    criteria: '按计划开展',
    evidenceRequired: false,
  },
  {
    code: 'E1',
    name: '党建与业务融合',
    category: 'evaluative',
    maxPoints: 3000,
    criteria: '互评',
    evidenceRequired: false,
  },
  {
    code: 'E2',
    name: '群众满意度',
    category: 'evaluative',
    maxPoints: 2000,
    criteria: '互评',
    evidenceRequired: false,
  },
  {
    code: 'I1',
    name: '创新案例',
    category: 'innovation',
    maxPoints: 500,
    criteria: '办公室认定',
    evidenceRequired: false,
  },
  {
    code: 'I2',
    name: '经验推广',
    category: 'innovation',
    maxPoints: 800,
    criteria: '办公室认定',
    evidenceRequired: false,
  },
  { code: 'B2', name: '党员发展', category: 'basic', maxPoints: 1000, criteria: '', evidenceRequired: false },
] as const;

export type Who =
  | 'admin'
  | 'affairs'
  | 'office'
  | 'committee'
  | 'officeB'
  | 'committeeB'
  | 'member'
  | `sec${number}`
  | `secB${number}`;

export interface Fixture {
  t: TestApp;
  root: OrgRow;
  countyA: OrgRow;
  countyB: OrgRow;
  /** A1..A6 under county A: the round under test (org = county A). */
  branches: OrgRow[];
  /** B1..B5 under county B. */
  others: OrgRow[];
  accounts: Map<Who, string>;
  c(who: Who): Client;
  /** Moves the clock and logs everyone in again. */
  at(iso: string): Promise<void>;
  templateId: number;
  /** An evidence file per branch (uploaded at setup). */
  fileOf: Map<number, number>;
}

export async function createFixture(
  opts: { branchNames?: string[]; otherNames?: string[] } = {},
): Promise<Fixture> {
  const t = await createTestApp({ clock: fixedClock('2025-12-10T02:00:00.000Z') });
  const root = await makeOrg(t.db, 'committee', null, `测试党委${uniq('')}`);
  const countyA = await makeOrg(t.db, 'committee', root, `A县党委${uniq('')}`);
  const countyB = await makeOrg(t.db, 'committee', root, `B县党委${uniq('')}`);
  const branches: OrgRow[] = [];
  for (let i = 1; i <= 6; i++) {
    branches.push(
      await makeOrg(t.db, 'branch', countyA, opts.branchNames?.[i - 1] ?? `A${i}支部${uniq('')}`),
    );
  }
  const others: OrgRow[] = [];
  for (let i = 1; i <= 5; i++) {
    others.push(await makeOrg(t.db, 'branch', countyB, opts.otherNames?.[i - 1] ?? `B${i}支部${uniq('')}`));
  }
  const accounts = new Map<Who, string>();
  const grant = async (who: Who, role: Role, orgId: number, memberId?: number) =>
    accounts.set(who, (await makeUser(t.db, [{ role, orgId }], memberId)).account);
  await grant('admin', 'admin', root.id);
  await grant('affairs', 'affairs', root.id);
  await grant('office', 'eval_office', countyA.id);
  await grant('committee', 'committee', countyA.id);
  await grant('officeB', 'eval_office', countyB.id);
  await grant('committeeB', 'committee', countyB.id);
  const a1 = branches[0];
  if (!a1) throw new Error('no A1');
  const m = await makeMember(t.db, a1, { name: `A1党员${uniq('')}` });
  await grant('member', 'member', a1.id, m.id);
  for (const [i, b] of branches.entries()) await grant(`sec${i + 1}`, 'secretary', b.id);
  for (const [i, b] of others.entries()) await grant(`secB${i + 1}`, 'secretary', b.id);

  const clients = new Map<Who, Client>();
  const loginAll = async () => {
    for (const [who, account] of accounts) clients.set(who, await login(t.app, account, TEST_PASSWORD));
  };
  await loginAll();
  const f: Fixture = {
    t,
    root,
    countyA,
    countyB,
    branches,
    others,
    accounts,
    c(who) {
      const c = clients.get(who);
      if (!c) throw new Error(`no client ${who}`);
      return c;
    },
    async at(iso) {
      t.clock.set(iso);
      await loginAll();
    },
    templateId: 0,
    fileOf: new Map(),
  };

  for (const i of LIBRARY) {
    const r = await f.c('affairs').post(`${BASE}/indicators`, { orgId: root.id, ...i });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const tpl = await f.c('office').post(`${BASE}/templates`, {
    orgId: countyA.id,
    name: '2026年度支部联评联考模板',
    indicators: ['M1', 'B1', 'E1', 'E2', 'I1', 'I2'].map((code) => ({ code })),
  });
  expect(tpl.status, JSON.stringify(tpl.body)).toBe(200);
  f.templateId = tpl.body.id;
  for (const [i, b] of [...branches, ...others].entries()) {
    const who: Who = i < branches.length ? `sec${i + 1}` : `secB${i - branches.length + 1}`;
    const up = await uploadFile(f, who, b.id, `会议记录${i}.png`);
    f.fileOf.set(b.id, up);
  }
  return f;
}

export async function uploadFile(f: Fixture, who: Who, orgId: number, name: string): Promise<number> {
  const res = await f.c(who).inject({
    method: 'POST',
    url: '/api/v1/files',
    ...multipart({ orgId: String(orgId) }, { name, content: png, type: 'image/png' }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

/** The office generates a quarter's plans from the template, the committee approves them all. */
export async function approvedPlans(f: Fixture, quarter: string, generate = true): Promise<number[]> {
  if (generate) {
    const g = await f.c('office').post(`${BASE}/plans/generate`, { templateId: f.templateId, quarter });
    expect(g.status, JSON.stringify(g.body)).toBe(200);
  }
  const list = await f.c('office').get(`${BASE}/plans?orgId=${f.countyA.id}&quarter=${quarter}&pageSize=200`);
  const ids: number[] = list.body.items.map((p: { id: number }) => p.id);
  for (const p of list.body.items as { id: number; state: string }[]) {
    if (p.state !== 'draft') continue;
    const a = await f.c('committee').post(`${BASE}/plans/${p.id}/approve`, {});
    expect(a.status, JSON.stringify(a.body)).toBe(200);
  }
  return ids;
}

/** What a branch scores itself (and is verified at) in a quick month. */
export interface QuickSpec {
  B1: number;
  E1: number;
  E2: number;
  /** The mandatory indicator was not done. */
  missed?: boolean;
}

/**
 * Runs a month for every branch of county A: self-evaluation on the 10th, verification equal to
 * the self scores on the first working day of the next month, approval and publication.
 * `peer` optionally adds peer sheets before the window closes.
 */
export async function runMonth(
  f: Fixture,
  month: string,
  specs: readonly QuickSpec[],
  opts: {
    peer?: (f: Fixture) => Promise<void>;
    verifyOn: string;
    /** false: stop once every branch is verified, leaving approval to the caller. */
    approve?: boolean;
    publish?: boolean;
  },
) {
  await f.at(`${month}-10T02:00:00.000Z`);
  for (const [i, b] of f.branches.entries()) {
    const s = specs[i];
    if (!s) continue;
    const who: Who = `sec${i + 1}`;
    const url = `${BASE}/branches/${b.id}/months/${month}`;
    const saved = await f.c(who).inject({
      method: 'PUT',
      url: `${url}/self`,
      payload: {
        entries: [
          { code: 'M1', score: s.missed ? 0 : 2000, fileIds: [f.fileOf.get(b.id)] },
          { code: 'B1', score: s.B1 },
          { code: 'E1', score: s.E1 },
          { code: 'E2', score: s.E2 },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const sub = await f.c(who).post(`${url}/actions`, { action: 'submit' });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  }
  if (opts.peer) await opts.peer(f);
  await f.at(`${opts.verifyOn}T02:00:00.000Z`);
  for (const [i, b] of f.branches.entries()) {
    const s = specs[i];
    if (!s) continue;
    const url = `${BASE}/branches/${b.id}/months/${month}`;
    const v = await f.c('office').inject({
      method: 'PUT',
      url: `${url}/verification`,
      payload: {
        entries: [
          s.missed
            ? { code: 'M1', done: false, reason: '本月未召开支部委员会' }
            : { code: 'M1', done: true, verified: 2000 },
          { code: 'B1', verified: s.B1 },
          { code: 'E1', verified: s.E1 },
          { code: 'E2', verified: s.E2 },
        ],
      },
    });
    expect(v.statusCode, v.body).toBe(200);
    const ok = await f.c('office').post(`${url}/actions`, { action: 'verify' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  }
  if (opts.approve === false) return;
  const approved = await f.c('committee').post(`${BASE}/months/${month}/approve`, { orgId: f.countyA.id });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  if (opts.publish !== false) {
    const published = await f.c('committee').post(`${BASE}/months/${month}/publish`, { orgId: f.countyA.id });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  }
}

/** What fills the module's GET routes: a month of round county A, a branch and the records named. */
export interface RouteIds {
  month: string;
  branchId: number;
  planId: number;
  templateId: number;
  correctionId: number;
}

/** The GET routes of the module as the OpenAPI document lists them, each with the URLs to call. */
export function moduleGetUrls(f: Fixture, ids: RouteIds): Record<string, string[]> {
  const A = f.countyA.id;
  const { month: M, branchId: B } = ids;
  const quarter = `${M.slice(0, 4)}-Q${Math.ceil(Number(M.slice(5, 7)) / 3)}`;
  const year = M.slice(0, 4);
  return {
    '/api/v1/branch-eval/indicators': [`${BASE}/indicators?orgId=${f.root.id}`],
    '/api/v1/branch-eval/indicators/template.xlsx': [`${BASE}/indicators/template.xlsx`],
    '/api/v1/branch-eval/indicators/export.xlsx': [`${BASE}/indicators/export.xlsx?orgId=${f.root.id}`],
    '/api/v1/branch-eval/templates': [`${BASE}/templates?orgId=${A}`],
    '/api/v1/branch-eval/templates/{id}': [`${BASE}/templates/${ids.templateId}`],
    '/api/v1/branch-eval/plans': [`${BASE}/plans?orgId=${A}&quarter=${quarter}`],
    '/api/v1/branch-eval/plans/{id}': [`${BASE}/plans/${ids.planId}`],
    '/api/v1/branch-eval/months': [`${BASE}/months?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}': [`${BASE}/months/${M}?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/branches': [`${BASE}/months/${M}/branches?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/assignments': [
      `${BASE}/months/${M}/assignments?orgId=${A}&pageSize=200`,
    ],
    '/api/v1/branch-eval/months/{month}/peer-scores/{ratedBranchId}': [
      `${BASE}/months/${M}/peer-scores/${B}`,
    ],
    '/api/v1/branch-eval/peer': [`${BASE}/peer?month=${M}`],
    '/api/v1/branch-eval/branches/{branchId}/months/{month}': [`${BASE}/branches/${B}/months/${M}`],
    '/api/v1/branch-eval/branches/{branchId}/months/{month}/score': [
      `${BASE}/branches/${B}/months/${M}/score`,
    ],
    '/api/v1/branch-eval/months/{month}/rankings': [`${BASE}/months/${M}/rankings?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/rankings/indicators/{code}': ['M1', 'B1', 'E1', 'E2', 'I1', 'I2'].map(
      (c) => `${BASE}/months/${M}/rankings/indicators/${c}?orgId=${A}`,
    ),
    '/api/v1/branch-eval/months/{month}/rankings.xlsx': [`${BASE}/months/${M}/rankings.xlsx?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/report': [`${BASE}/months/${M}/report?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/charts/categories': [
      `${BASE}/months/${M}/charts/categories?orgId=${A}`,
    ],
    '/api/v1/branch-eval/charts/movement': [
      `${BASE}/charts/movement?orgId=${A}&from=${year}-01&to=${year}-12`,
    ],
    '/api/v1/branch-eval/quarters/{quarter}/scores': [`${BASE}/quarters/${quarter}/scores?orgId=${A}`],
    '/api/v1/branch-eval/years/{year}/grades': [`${BASE}/years/${year}/grades?orgId=${A}`],
    '/api/v1/branch-eval/years/{year}/grades.xlsx': [`${BASE}/years/${year}/grades.xlsx?orgId=${A}`],
    '/api/v1/branch-eval/years/{year}/grade-rule': [`${BASE}/years/${year}/grade-rule?orgId=${A}`],
    '/api/v1/branch-eval/integration-keys': [`${BASE}/integration-keys`],
    '/api/v1/branch-eval/corrections': [`${BASE}/corrections?orgId=${A}`],
    '/api/v1/branch-eval/corrections/{id}': [`${BASE}/corrections/${ids.correctionId}`],
    '/api/v1/branch-eval/months/{month}/result-versions': [`${BASE}/months/${M}/result-versions?orgId=${A}`],
    '/api/v1/branch-eval/months/{month}/result-versions/{version}': [1, 2].map(
      (v) => `${BASE}/months/${M}/result-versions/${v}?orgId=${A}`,
    ),
    '/api/v1/branch-eval/branches/{branchId}/plans/{quarter}': [`${BASE}/branches/${B}/plans/${quarter}`],
    '/api/v1/branch-eval/plan-indicators': [`${BASE}/plan-indicators?orgId=${A}`],
    '/api/v1/branch-eval/rounds/mine': [`${BASE}/rounds/mine`],
    '/api/v1/branch-eval/branches/{branchId}/months/{month}/linkable': [
      `${BASE}/branches/${B}/months/${M}/linkable`,
    ],
    '/api/v1/branch-eval/branches/{branchId}/innovation-projects': [
      `${BASE}/branches/${B}/innovation-projects`,
    ],
    '/api/integration/v1/branch-eval/months': ['/api/integration/v1/branch-eval/months'],
    '/api/integration/v1/branch-eval/months/{month}': [`/api/integration/v1/branch-eval/months/${M}`],
    '/api/integration/v1/branch-eval/years/{year}/grades': [
      `/api/integration/v1/branch-eval/years/${year}/grades`,
    ],
    '/api/integration/v1/branch-eval/months/{month}/rankings.xlsx': [
      `/api/integration/v1/branch-eval/months/${M}/rankings.xlsx`,
    ],
    '/api/integration/v1/branch-eval/months/{month}/rankings': [
      `/api/integration/v1/branch-eval/months/${M}/rankings`,
    ],
    '/api/integration/v1/branch-eval/months/{month}/rankings/total': [
      `/api/integration/v1/branch-eval/months/${M}/rankings/total`,
      `/api/integration/v1/branch-eval/months/${M}/rankings/total?limit=2`,
    ],
    '/api/integration/v1/branch-eval/months/{month}/rankings/indicators/{code}': [
      `/api/integration/v1/branch-eval/months/${M}/rankings/indicators/E1`,
      `/api/integration/v1/branch-eval/months/${M}/rankings/indicators/E2?limit=1`,
    ],
  };
}

/** The module's GET paths in the OpenAPI document. */
export async function moduleGetPaths(f: Fixture): Promise<string[]> {
  const doc = (await f.t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .filter(
      ([p, ops]) =>
        (p.startsWith('/api/v1/branch-eval') || p.startsWith('/api/integration/v1/branch-eval')) && ops.get,
    )
    .map(([p]) => p);
}
