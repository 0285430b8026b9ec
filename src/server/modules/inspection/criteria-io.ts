/**
 * Criteria (考核细则) in Excel: an export laid out like the import sheet, and an import that
 * lists every error by row and column and replaces the campaign's criteria all at once or not
 * at all (the io module's streaming reader and error table).
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type criteriaImportResult, criterionInput } from '../../../contracts/inspection.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import {
  addDataSheet,
  type Cell,
  columnLetter,
  type Parsed,
  readXlsxSheet,
  type SheetSpec,
  workbookToBuffer,
} from '../../lib/excel.js';
import { authorize } from '../../lib/permissions.js';
import { DEFAULT_MAX_ERRORS, fileHash, PREVIEW_ROWS, parseField, SheetErrors } from '../io/import-common.js';
import { replaceCriteriaChecked } from './campaign.service.js';
import { loadCampaign } from './inspection.common.js';
import * as repo from './inspection.repo.js';

type Key = 'code' | 'name' | 'max' | 'whatToCheck';

export const criteriaSheetSpec: SheetSpec<Key> = {
  sheetName: '考核细则',
  columns: [
    {
      key: 'code',
      header: '细则编码',
      headerEn: 'Code',
      width: 12,
      required: true,
      kind: 'text',
      example: 'A1',
      help: '在本次检查考核中唯一；字母、数字和 _ . -，最多 20 个字符',
      helpEn: 'Unique in this inspection; letters, digits and _ . -, up to 20 characters',
    },
    {
      key: 'name',
      header: '考核内容',
      headerEn: 'Name',
      width: 28,
      required: true,
      kind: 'text',
      example: '思想政治建设',
      help: '最多 100 个字符',
      helpEn: 'Up to 100 characters',
    },
    {
      key: 'max',
      header: '分值',
      headerEn: 'Max points',
      width: 10,
      required: true,
      kind: 'text',
      example: '20',
      help: '大于 0 的分值，最多两位小数',
      helpEn: 'Points greater than 0, up to two decimals',
    },
    {
      key: 'whatToCheck',
      header: '检查要点',
      headerEn: 'What to check',
      width: 60,
      required: false,
      kind: 'text',
      example: '理论学习中心组学习记录',
      help: '最多 2000 个字符',
      helpEn: 'Up to 2000 characters',
    },
  ],
  notes: [
    '1. 第 1 行是表头，请勿修改；数据从第 2 行开始，每行一条考核细则。',
    '2. 导入会替换本次检查考核的全部考核细则；只要有一行有错误，就不会导入任何数据。',
    '3. 分值合计通常为 100 分。',
  ],
  notesEn: [
    '1. Row 1 is the header: do not change it; data starts on row 2, one criterion per row.',
    '2. The import replaces all criteria of this inspection; if any row has an error, nothing is imported.',
    '3. The points usually add up to 100.',
  ],
};

function parsePoints(cell: Cell): Parsed<number | null> {
  const bad: Parsed<never> = {
    ok: false,
    problem: {
      code: 'invalid_value',
      zh: '分值应为大于 0 的数，最多两位小数，如 20 或 7.5',
      en: 'Max points must be above 0 with at most two decimals, e.g. 20 or 7.5',
    },
  };
  if (cell === null) return { ok: true, value: null };
  const text = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell.trim() : null;
  if (text === null) return bad;
  const m = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return bad;
  const v = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return v > 0 && v <= 100_000 ? { ok: true, value: v } : bad;
}

const s = criterionInput.shape;
const hints = {
  code: { zh: '字母、数字和 _ . -，最多 20 个字符', en: 'letters, digits, _ . -, at most 20 characters' },
  name: { zh: '1–100 个字符', en: '1–100 characters' },
  what: { zh: '最多 2000 个字符', en: 'at most 2000 characters' },
};

/** Validates (and with `commit` writes) a criteria sheet for a campaign (affairs). */
export async function importCriteria(
  ctx: Ctx,
  id: number,
  file: Buffer,
  opts: { commit: boolean },
): Promise<z.infer<typeof criteriaImportResult>> {
  const c = await loadCampaign(ctx.db, id);
  await authorize(ctx.db, ctx.user, 'inspection.manage', c.org_id);
  const sheet = await readXlsxSheet(file, criteriaSheetSpec, { maxRows: 500 });
  const errors = new SheetErrors(criteriaSheetSpec);
  const rows = sheet.map((r) => {
    const take = <T>(key: Key, p: Parsed<T>, fallback: T): T => {
      if (p.ok) return p.value;
      errors.addProblem(r.row, key, p.problem, r.cells[key]);
      return fallback;
    };
    const row = {
      row: r.row,
      code: take('code', parseField(r.cells.code, s.code, hints.code), null),
      name: take('name', parseField(r.cells.name, s.name, hints.name), null),
      max: take('max', parsePoints(r.cells.max), null),
      whatToCheck:
        take('whatToCheck', parseField(r.cells.whatToCheck, s.whatToCheck.unwrap(), hints.what), null) ?? '',
    };
    for (const [key, v, zh, en] of [
      ['code', row.code, '请填写细则编码', 'The code is required'],
      ['name', row.name, '请填写考核内容', 'The name is required'],
      ['max', row.max, '请填写分值', 'The max points are required'],
    ] as const)
      if (v === null && !errors.has(r.row, key)) errors.add(r.row, key, 'required_value', { zh, en });
    return row;
  });
  const first = new Map<string, number>();
  for (const r of rows) {
    if (r.code === null) continue;
    const f = first.get(r.code);
    if (f === undefined) first.set(r.code, r.row);
    else
      errors.add(
        r.row,
        'code',
        'duplicate_in_sheet',
        { zh: `与第 ${f} 行的细则编码重复`, en: `Same code as row ${f}` },
        r.code,
      );
  }
  const result = {
    total: rows.length,
    valid: rows.length - errors.failedRows,
    errorCount: errors.count,
    errors: errors.render(ctx.locale, DEFAULT_MAX_ERRORS),
    errorsTruncated: errors.count > DEFAULT_MAX_ERRORS,
    columns: criteriaSheetSpec.columns.map((col, i) => ({
      key: col.key,
      header: col.header,
      letter: columnLetter(i + 1),
      required: col.required,
    })),
    preview: rows.slice(0, PREVIEW_ROWS).map((r) => ({
      row: r.row,
      ok: !errors.rowFailed(r.row),
      values: { code: r.code, name: r.name, max: r.max, whatToCheck: r.whatToCheck },
    })),
    committed: false,
    imported: 0,
  };
  if (!opts.commit) return result;
  if (errors.count > 0)
    throw new AppError(
      'import_has_errors',
      { total: result.total, valid: result.valid, errorCount: result.errorCount, errors: result.errors },
      {
        zh: `导入数据有 ${result.errorCount} 处错误（涉及 ${errors.failedRows} 行），未导入任何记录`,
        en: `The sheet has ${result.errorCount} errors in ${errors.failedRows} rows; nothing was imported`,
      },
    );
  await ctx.db.transaction().execute(async (trx) => {
    const cc = await loadCampaign(trx, id);
    await authorize(trx, ctx.user, 'inspection.manage', cc.org_id);
    const list = rows.map((r) => ({
      code: r.code ?? '',
      name: r.name ?? '',
      max: r.max ?? 0,
      whatToCheck: r.whatToCheck,
    }));
    await replaceCriteriaChecked(trx, ctx, cc, list, nowIso(ctx.clock), 'inspection.criteria.import', {
      fileSha256: fileHash(file),
    });
  });
  return { ...result, committed: true, imported: rows.length };
}

/** The campaign's criteria laid out like the import sheet (for anyone who reads the campaign's set-up). */
export async function exportCriteria(ctx: Ctx, id: number): Promise<{ fileName: string; buffer: Buffer }> {
  const c = await loadCampaign(ctx.db, id);
  await authorize(ctx.db, ctx.user, 'inspection.read', c.org_id);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = addDataSheet(wb, criteriaSheetSpec);
  for (const k of await repo.criteria(ctx.db, id))
    ws.addRow({
      code: k.code,
      name: k.name,
      max: (k.max_points / 100).toFixed(2).replace(/\.00$/, ''),
      whatToCheck: k.what_to_check,
    });
  return { fileName: `${c.year}年度综合检查考核细则.xlsx`, buffer: await workbookToBuffer(wb) };
}
