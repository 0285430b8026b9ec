import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { Database, MemberRow } from '../../../db/types.js';
import { quarterKey } from '../../../domain/calendar/index.js';
import { bumpDataVersion } from '../../lib/data-version.js';
import { TEST_PASSWORD } from '../../test/factories.js';
import { type Client, login, type TestApp } from '../../test/harness.js';

/**
 * Builders shared by the points integration tests: an adopted scheme through the API, approved
 * entries written straight to the table (the entry workflow has its own tests), quarters closed
 * and published through the API, and real xlsx files.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const defaultRules = {
  baseScore: 6000,
  bonusCaps: { political: 1500, professional: 1500, civility: 1000 },
  tierRule: { kind: 'quota', benchmark: 5, excellent: 20, good: 50, warningBelow: 6000 },
  annualFormula: 'mean_of_present_quarters',
  rankingScope: 'child_committee',
  boardPrivacy: { showOthersDeductions: false },
  minQuartersForUnflagged: 2,
  appealWindowDays: 10,
  reviewOverdueDays: 7,
};

/** Items of a small scheme: a bonus in each dimension (one a range), a deduction, a veto. */
export const testItems = [
  {
    code: 'P01',
    name: '参加主题党日',
    dimension: 'political',
    direction: 'bonus',
    points: { kind: 'fixed', value: 200 },
    unit: '次',
    quarterCap: { kind: 'count', value: 3 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'J02',
    name: '业务工作实绩',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'range', min: 10, max: 1500 },
    unit: '项',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'J01',
    name: '技能竞赛获奖',
    dimension: 'professional',
    direction: 'bonus',
    points: { kind: 'fixed', value: 1000 },
    unit: '项',
    quarterCap: null,
    evidenceRequired: true,
    veto: false,
  },
  {
    code: 'C01',
    name: '志愿服务',
    dimension: 'civility',
    direction: 'bonus',
    points: { kind: 'fixed', value: 100 },
    unit: '次',
    quarterCap: { kind: 'count', value: 10 },
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'D01',
    name: '无故缺席组织生活',
    dimension: 'political',
    direction: 'deduction',
    points: { kind: 'fixed', value: 300 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: false,
    veto: false,
  },
  {
    code: 'V01',
    name: '违反廉洁纪律',
    dimension: 'civility',
    direction: 'deduction',
    points: { kind: 'fixed', value: 500 },
    unit: '次',
    quarterCap: null,
    evidenceRequired: true,
    veto: true,
  },
];

/** Creates a scheme through the API (affairs), saves its items and has the committee adopt it. */
export async function createAdoptedScheme(
  affairs: Client,
  committee: Client,
  rootOrgId: number,
  year: number,
  items: unknown[] = testItems,
  rules: unknown = defaultRules,
): Promise<number> {
  const created = await affairs.post('/api/v1/points/schemes', {
    rootOrgId,
    year,
    name: `${year}年度党员积分方案`,
  });
  expect(created.status).toBe(200);
  const id = created.body.id as number;
  const saved = await affairs.inject({
    method: 'PUT',
    url: `/api/v1/points/schemes/${id}/draft`,
    payload: { rules, items },
  });
  expect(saved.statusCode).toBe(200);
  const adopted = await committee.post(`/api/v1/points/schemes/${id}/adopt`);
  expect(adopted.status).toBe(200);
  return id;
}

/** An approved entry written directly (as the review would leave it). Returns its id. */
export async function seedApproved(
  db: DbOrTrx,
  e: {
    schemeId: number;
    member: Pick<MemberRow, 'id'>;
    branchId: number;
    itemCode: string;
    occurredOn: string;
    points: number;
    quantity?: number;
    createdBy: number;
    kind?: 'normal' | 'adjustment';
    revokesEntryId?: number | null;
  },
): Promise<number> {
  const at = `${e.occurredOn}T02:00:00.000Z`;
  const [y, m] = e.occurredOn.split('-').map(Number) as [number, number];
  // Written here and not through the repo: the entries' version moves as the repo's writes move it.
  await bumpDataVersion(db, 'entries');
  const row = await db
    .insertInto('points_entry')
    .values({
      scheme_id: e.schemeId,
      member_id: e.member.id,
      branch_id: e.branchId,
      item_code: e.itemCode,
      occurred_on: e.occurredOn,
      quarter: quarterKey(y, Math.ceil(m / 3)),
      quantity: e.quantity ?? 1,
      points: e.points,
      note: null,
      kind: e.kind ?? 'normal',
      state: 'approved',
      activity_id: null,
      revokes_entry_id: e.revokesEntryId ?? null,
      appeal_id: null,
      created_by: e.createdBy,
      created_at: at,
      updated_at: at,
      submitted_at: at,
      decided_by: e.createdBy,
      decided_at: at,
      decision_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Rows of a table: "nothing changed" checks compare it before and after a refused call. */
export async function countRows(db: DbOrTrx, table: keyof Database): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The row counts of every table a points call could write, for before/after comparisons. */
export async function pointsFootprint(db: DbOrTrx) {
  const tables = [
    'points_entry',
    'points_appeal',
    'points_year',
    'points_year_result',
    'points_action',
    'points_scheme_version',
    'points_quarter_score',
    'audit_log',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await countRows(db, t);
  return out;
}

/** Logs a client in again (sessions end after 8 idle hours; tests move the clock by days). */
export const relogin = (t: TestApp, c: Client) => login(t.app, c.account, TEST_PASSWORD);

/** Closes (affairs) and publishes (committee) a quarter through the API. */
export async function closeAndPublish(affairs: Client, committee: Client, schemeId: number, quarter: string) {
  const closed = await affairs.post(`/api/v1/points/schemes/${schemeId}/quarters/${quarter}/close`);
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  const published = await committee.post(`/api/v1/points/schemes/${schemeId}/quarters/${quarter}/publish`);
  expect(published.status).toBe(200);
}

type CellIn = string | number | Date | null;

/** A real .xlsx in memory, written with ExcelJS the way a person's spreadsheet would be. */
export async function xlsx(headers: string[], rows: CellIn[][], sheetName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

/** A sheet's rows as arrays of plain values (row 1 = headers). */
export function sheetValues(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return rows;
}

/** Uploads a file as multipart form data in the field `file`, as the browser does. */
export function upload(c: Client, url: string, file: Buffer, name = 'sheet.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type: XLSX_MIME }), name);
  return c.inject({ method: 'POST', url, payload: form });
}

/** The body of a raw xlsx download. */
export const rawBody = (res: { rawPayload: Buffer }) => res.rawPayload;
