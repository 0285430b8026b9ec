import ExcelJS from 'exceljs';
import { z } from 'zod';
import { type PointsImportResult, schemeItem } from '../../../contracts/points.js';
import type { Hundredths } from '../../../domain/points/hundredths.js';
import { dimensionLabels, directionLabels } from '../../../domain/points/scheme.js';
import { type AuditInput, appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError, type ErrorCode } from '../../lib/errors.js';
import {
  buildTemplate,
  type Parsed,
  parseDate,
  parseInteger,
  readXlsxSheet,
  type SheetRow,
  type SheetSpec,
  workbookToBuffer,
} from '../../lib/excel.js';
import {
  catalogMessage,
  fileHash,
  importHasErrors,
  inChunks,
  type Message,
  PREVIEW_ROWS,
  parseField,
  SheetErrors,
} from '../io/import-common.js';
import * as entryRepo from './entry.repo.js';
import { insertEntry, schemeContext } from './entry.service.js';
import {
  type PointsImportOptions,
  parsePoints,
  pointsText,
  requireSchemeReader,
  resultOf,
} from './points-sheet.js';
import { findScheme } from './scheme.service.js';

/** The entries (积分记录) of a scheme in a spreadsheet: template and all-or-nothing import. */

/** A sheet of entries is one branch's or one bureau's quarter, not a migration: 10,000 rows is plenty. */
const MAX_ENTRY_ROWS = 10_000;

export type EntryKey = 'employeeNo' | 'name' | 'itemCode' | 'occurredOn' | 'quantity' | 'points' | 'note';

/** The entries sheet: one row per member and occurrence. */
export const entriesSheetSpec: SheetSpec<EntryKey> = {
  sheetName: '积分记录',
  columns: [
    {
      key: 'employeeNo',
      header: '工号',
      headerEn: 'Employee no.',
      width: 14,
      required: true,
      kind: 'text',
      example: '100001',
      help: '党员的工号',
      helpEn: "The member's employee number",
    },
    {
      key: 'name',
      header: '姓名',
      headerEn: 'Name',
      width: 12,
      required: true,
      kind: 'text',
      example: '张三',
      help: '用于核对：须与工号对应的党员姓名一致',
      helpEn: 'For checking: must be the name of the member with that employee number',
    },
    {
      key: 'itemCode',
      header: '项目编码',
      headerEn: 'Item code',
      width: 12,
      required: true,
      kind: 'text',
      example: 'ZZ01',
      help: '积分方案中的项目编码（见「积分项目」工作表）',
      helpEn: 'The item code in the points scheme (see the 积分项目 (items) sheet)',
    },
    {
      key: 'occurredOn',
      header: '发生日期',
      headerEn: 'Date',
      width: 12,
      required: true,
      kind: 'date',
      example: '2026-03-10',
      help: '日期，须在方案年度内、不晚于今天，且所在季度尚未关账',
      helpEn: "A date within the scheme's year, not after today, in a quarter not yet closed",
    },
    {
      key: 'quantity',
      header: '数量',
      headerEn: 'Quantity',
      width: 8,
      required: false,
      kind: 'integer',
      example: '1',
      help: '1–1000 的整数（次、小时、项）；不填为 1',
      helpEn: 'A whole number 1–1000 (times, hours, pieces); empty means 1',
    },
    {
      key: 'points',
      header: '分值',
      headerEn: 'Points',
      width: 8,
      required: false,
      kind: 'text',
      example: '3',
      help: '分值为区间的项目必填：每次的分值，须在区间内；固定分值的项目可不填',
      helpEn:
        'Required for items with a range: the points per time, within the range; may be left empty for fixed points',
    },
    {
      key: 'note',
      header: '备注',
      headerEn: 'Note',
      width: 30,
      required: false,
      kind: 'text',
      example: '3月主题党日',
      help: '最多 500 个字符',
      helpEn: 'Up to 500 characters',
    },
  ],
  notes: [
    '1. 第一个工作表「积分记录」的第 1 行是表头，请勿修改；数据从第 2 行开始，每行一名党员的一条记录。',
    '2. 每行按单条录入的规则校验：党员在发生日期须属于您负责的支部，项目须存在，分值须在范围内，季度须未关账。',
    '3. 需要佐证材料的项目不能通过表格导入，请在系统中逐条录入并上传佐证材料。',
    '4. 只要有一行有错误，就不会导入任何记录；全部通过后，记录直接提交党群工作部审核。',
  ],
  notesEn: [
    '1. Row 1 of the first sheet 「积分记录」 (entries) is the header: do not change it; data starts on row 2, one entry of one member per row.',
    '2. Each row is checked as a single entry would be: on its date the member belongs to a branch you are responsible for, the item exists, the points are within range, the quarter is not closed.',
    '3. Items that require evidence cannot be imported from a sheet: record them one by one in the system and upload the evidence.',
    '4. If any row has an error, nothing is imported; once all rows pass, the entries go straight to the Party affairs department for review.',
  ],
};

const entryHints = {
  employeeNo: { zh: '1–32 个字符', en: '1–32 characters' },
  name: { zh: '1–50 个字符', en: '1–50 characters' },
  itemCode: { zh: '1–20 个字符', en: '1–20 characters' },
  note: { zh: '最多 500 个字符', en: 'at most 500 characters' },
};
const employeeNoText = z.string().trim().min(1).max(32);
const nameText = z.string().trim().min(1).max(50);
const noteText = z.string().trim().max(500);

interface ParsedEntry {
  row: number;
  employeeNo: string | null;
  name: string | null;
  itemCode: string | null;
  occurredOn: string | null;
  quantity: number;
  points: Hundredths | null;
  note: string | null;
}

function parseEntryRow(r: SheetRow<EntryKey>, errors: SheetErrors<EntryKey>): ParsedEntry {
  const c = r.cells;
  const take = <T>(key: EntryKey, parsed: Parsed<T>, fallback: T): T => {
    if (parsed.ok) return parsed.value;
    errors.addProblem(r.row, key, parsed.problem, c[key]);
    return fallback;
  };
  const p: ParsedEntry = {
    row: r.row,
    employeeNo: take('employeeNo', parseField(c.employeeNo, employeeNoText, entryHints.employeeNo), null),
    name: take('name', parseField(c.name, nameText, entryHints.name), null),
    itemCode: take('itemCode', parseField(c.itemCode, schemeItem.shape.code, entryHints.itemCode), null),
    occurredOn: take('occurredOn', parseDate(c.occurredOn), null),
    quantity: take('quantity', parseInteger(c.quantity, 1, 1000), null) ?? 1,
    points: take('points', parsePoints(c.points), null),
    note: take('note', parseField(c.note, noteText, entryHints.note), null),
  };
  const required: [EntryKey, unknown, string, string][] = [
    ['employeeNo', p.employeeNo, '请填写工号', 'The employee number is required'],
    ['name', p.name, '请填写姓名', 'The name is required'],
    ['itemCode', p.itemCode, '请填写项目编码', 'The item code is required'],
    ['occurredOn', p.occurredOn, '请填写发生日期', 'The date is required'],
  ];
  for (const [key, value, zh, en] of required) {
    if (value === null && !errors.has(r.row, key)) errors.add(r.row, key, 'required_value', { zh, en });
  }
  return p;
}

/** Where a rule of a single entry lands in the sheet: the column a person must correct. */
const columnOfError: Partial<Record<ErrorCode, EntryKey>> = {
  unknown_item: 'itemCode',
  evidence_required: 'itemCode',
  date_outside_year: 'occurredOn',
  date_in_future: 'occurredOn',
  quarter_closed: 'occurredOn',
  quarter_open: 'occurredOn',
  points_out_of_range: 'points',
  points_required: 'points',
  quantity_invalid: 'quantity',
};

function entryRuleMessage(e: AppError, p: ParsedEntry): Message {
  switch (e.code) {
    case 'forbidden':
      return {
        zh: `您无权为工号「${p.employeeNo}」的党员录入积分：${p.occurredOn} 时其所在支部不在您的负责范围内`,
        en: `You may not enter points for ${p.employeeNo}: on ${p.occurredOn} they were not in a branch you enter for`,
      };
    case 'member_not_in_branch':
      return {
        zh: `工号「${p.employeeNo}」的党员在 ${p.occurredOn} 不属于本方案的党支部`,
        en: `Member ${p.employeeNo} was not in a branch of this scheme on ${p.occurredOn}`,
      };
    case 'not_found':
      return {
        zh: `工号「${p.employeeNo}」不是在册党员`,
        en: `${p.employeeNo} is not an active party member`,
      };
    default:
      return catalogMessage(e.code);
  }
}

/**
 * Imports entries from the entries template into a scheme: each row is validated with exactly
 * the rules of a single entry (it goes through the same `insertEntry`) — the 工号 names a member
 * and the 姓名 matches it, the member was in a branch the importer enters for on that date, the
 * item exists, the points fit it, the date is in the year, not in the future and in an open
 * quarter — and items that require evidence are refused (a file cannot ride in a sheet). Rows
 * become `submitted` entries, straight into the weekly review, in one transaction: all or none.
 * A preview runs the same transaction and rolls it back, so it can never disagree with a commit.
 */
export async function importEntriesFromXlsx(
  ctx: Ctx,
  schemeId: number,
  buffer: Buffer,
  opts: PointsImportOptions,
): Promise<PointsImportResult> {
  await findScheme(ctx.db, schemeId);
  const sheet = await readXlsxSheet(buffer, entriesSheetSpec, { maxRows: MAX_ENTRY_ROWS });
  class PreviewDone extends Error {
    constructor(readonly result: PointsImportResult) {
      super('preview');
    }
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const sc = await schemeContext(trx, schemeId);
      const errors = new SheetErrors(entriesSheetSpec);
      const rows = sheet.map((r) => parseEntryRow(r, errors));
      const numbers = [...new Set(rows.map((p) => p.employeeNo).filter((n): n is string => n !== null))];
      const members = new Map<string, { id: number; name: string }>();
      for (const chunk of inChunks(numbers, 500)) {
        const found = await entryRepo.membersByEmployeeNos(trx, chunk);
        for (const m of found) members.set(m.employee_no, { id: m.id, name: m.name });
      }
      const at = nowIso(ctx.clock);
      const audits: AuditInput[] = [];
      const entryIds: number[] = [];
      const entryPoints = new Map<number, number>();
      for (const p of rows) {
        const member = p.employeeNo === null ? undefined : members.get(p.employeeNo);
        if (p.employeeNo !== null && !member)
          errors.add(
            p.row,
            'employeeNo',
            'unknown_employee_no',
            catalogMessage('unknown_employee_no'),
            p.employeeNo,
          );
        if (member && p.name !== null && p.name !== member.name)
          errors.add(
            p.row,
            'name',
            'name_mismatch',
            {
              zh: `工号「${p.employeeNo}」的党员姓名为「${member.name}」，与表中「${p.name}」不符`,
              en: `Employee ${p.employeeNo} is named ${member.name}, not ${p.name}`,
            },
            p.name,
          );
        const item = p.itemCode === null ? undefined : sc.items.get(p.itemCode);
        if (p.itemCode !== null && !item)
          errors.add(
            p.row,
            'itemCode',
            'unknown_item',
            {
              zh: `积分方案中没有编码为「${p.itemCode}」的项目`,
              en: `The scheme has no item with the code ${p.itemCode}`,
            },
            p.itemCode,
          );
        if (item?.evidenceRequired)
          errors.add(
            p.row,
            'itemCode',
            'evidence_required',
            {
              zh: `「${item.name}」须上传佐证材料，不能通过表格导入，请在系统中逐条录入并上传`,
              en: `${item.name} requires evidence, which a sheet cannot carry; enter it in the app with its files`,
            },
            p.itemCode,
          );
        if (errors.rowFailed(p.row) || !member || !item || p.occurredOn === null) continue;
        try {
          const { row, audit } = await insertEntry(
            ctx,
            trx,
            {
              schemeId,
              memberId: member.id,
              itemCode: item.code,
              occurredOn: p.occurredOn,
              quantity: p.quantity,
              points: p.points ?? undefined,
              note: p.note,
              fileIds: [],
              kind: 'normal',
              submit: true,
            },
            at,
            sc.items,
            sc.year,
            sc.rootOrgId,
          );
          entryIds.push(row.id);
          entryPoints.set(p.row, row.points);
          audits.push({ ...audit, after: { ...(audit.after as object), importRow: p.row } });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const column = columnOfError[e.code] ?? 'employeeNo';
          const value =
            column === 'employeeNo' ? p.employeeNo : sheet.find((r) => r.row === p.row)?.cells[column];
          errors.add(p.row, column, e.code, entryRuleMessage(e, p), value ?? null);
        }
      }
      const preview = rows.slice(0, PREVIEW_ROWS).map((p) => ({
        row: p.row,
        ok: !errors.rowFailed(p.row),
        values: {
          employeeNo: p.employeeNo,
          name: p.name,
          itemCode: p.itemCode,
          itemName: p.itemCode === null ? null : (sc.items.get(p.itemCode)?.name ?? null),
          occurredOn: p.occurredOn,
          quantity: p.quantity,
          points: entryPoints.get(p.row) ?? p.points,
          note: p.note,
        },
      }));
      const imported = opts.commit && errors.count === 0 ? entryIds.length : 0;
      const { base, result } = resultOf(
        'points_entries',
        entriesSheetSpec,
        sheet.length,
        errors,
        preview,
        ctx,
        opts,
        imported,
        { schemeIssues: [], entryIds: imported ? entryIds : [] },
      );
      if (!opts.commit) throw new PreviewDone(result);
      if (errors.count > 0) throw importHasErrors(base);
      await appendAudit(trx, ctx.user, at, [
        ...audits,
        {
          action: 'import.points_entries',
          entityType: 'import',
          after: { schemeId, rows: entryIds.length, sha256: fileHash(buffer), bytes: buffer.length },
        },
      ]);
      return result;
    });
  } catch (e) {
    if (e instanceof PreviewDone) return e.result;
    throw e;
  }
}

/**
 * The entries template of a scheme: the 积分记录 sheet, its 填写说明, and a reference sheet listing
 * the scheme's items (code, name, points, whether a sheet may carry them).
 */
export async function entriesTemplateXlsx(ctx: Ctx, schemeId: number): Promise<Buffer> {
  const sc = await schemeContext(ctx.db, schemeId);
  await requireSchemeReader(ctx, sc.rootOrgId);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildTemplate(entriesSheetSpec)) as unknown as ArrayBuffer);
  const ws = wb.addWorksheet('方案项目（参考）');
  ws.columns = [
    { header: '项目编码', width: 12 },
    { header: '项目名称', width: 30 },
    { header: '维度', width: 12 },
    { header: '加减分', width: 8 },
    { header: '分值', width: 10 },
    { header: '单位', width: 8 },
    { header: '可导入', width: 26 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const i of sc.items.values()) {
    ws.addRow([
      i.code,
      i.name,
      dimensionLabels[i.dimension].zh,
      directionLabels[i.direction].zh,
      pointsText(i.points),
      i.unit,
      i.evidenceRequired ? '否（须佐证，请在系统中录入）' : '是',
    ]);
  }
  return workbookToBuffer(wb);
}
