/**
 * The indicator library in Excel (SPEC §3 "import/export via Excel"): a template, an export laid
 * out like it (so an exported library can be edited and imported back), and an import that
 * previews every error by row and column and writes all rows or none — the io module's pattern.
 * Rows are matched by code: a known code updates the indicator, a new one adds it.
 */
import ExcelJS from 'exceljs';
import type { IndicatorImportResult } from '../../../../contracts/branch-eval.js';
import {
  indicatorCodeSchema,
  indicatorCriteriaSchema,
  indicatorNameSchema,
} from '../../../../contracts/branch-eval.js';
import {
  type Category,
  categories,
  categoryLabels,
  formatPoints,
  isCategory,
} from '../../../../domain/branch-eval/index.js';
import { type AuditInput, appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import {
  addDataSheet,
  buildTemplate,
  type Cell,
  columnLetter,
  type Parsed,
  parseChoice,
  readXlsxSheet,
  type SheetSpec,
  workbookToBuffer,
} from '../../../lib/excel.js';
import { authorize } from '../../../lib/permissions.js';
import {
  DEFAULT_MAX_ERRORS,
  fileHash,
  PREVIEW_ROWS,
  parseField,
  SheetErrors,
} from '../../io/import-common.js';
import * as orgService from '../../org/org.service.js';
import { flag } from '../branch-eval.common.js';
import * as libraryRepo from './library.repo.js';
import { indicatorView, listIndicators } from './library.service.js';

export type IndicatorKey =
  | 'code'
  | 'name'
  | 'category'
  | 'maxPoints'
  | 'criteria'
  | 'evidenceRequired'
  | 'active';

const MAX_ROWS = 2_000;
/** Largest max points of one indicator: 1000.00 points. */
const MAX_POINTS = 100_000;

const categoryByLabel = new Map<string, Category>(categories.map((c) => [categoryLabels[c].zh, c]));
const categoryAliases = new Map<string, Category>([
  ...categories.map((c): [string, Category] => [c, c]),
  ...categories.map((c): [string, Category] => [categoryLabels[c].en.toLowerCase(), c]),
]);
const yesNo = new Map([
  ['是', true],
  ['否', false],
]);
const yesNoAliases = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
]);
const activeLabels = new Map([
  ['启用', true],
  ['停用', false],
]);

export const indicatorsSheetSpec: SheetSpec<IndicatorKey> = {
  sheetName: '指标库',
  columns: [
    {
      key: 'code',
      header: '指标编码',
      headerEn: 'Code',
      width: 14,
      required: true,
      kind: 'text',
      example: 'BB01',
      help: '在本指标库中唯一；字母、数字和 _ . -，最多 20 个字符。与已有指标编码相同的行会更新该指标',
      helpEn:
        'Unique in this library; letters, digits and _ . -, up to 20 characters. A row with the code of an existing indicator updates it',
    },
    {
      key: 'name',
      header: '指标名称',
      headerEn: 'Name',
      width: 28,
      required: true,
      kind: 'text',
      example: '按期召开支部委员会',
      help: '最多 100 个字符',
      helpEn: 'Up to 100 characters',
    },
    {
      key: 'category',
      header: '类别',
      headerEn: 'Category',
      width: 10,
      required: true,
      kind: 'choice',
      choices: categories.map((c) => categoryLabels[c].zh),
      example: '必备类',
      help: '必备类、基本类、评价类（参与互评）、创新类（联评联考办公室认定加分）',
      helpEn:
        '必备类 (mandatory), 基本类 (basic), 评价类 (evaluative, scored by peers), 创新类 (innovation, awarded by the joint-evaluation office)',
    },
    {
      key: 'maxPoints',
      header: '分值',
      headerEn: 'Max points',
      width: 10,
      required: true,
      kind: 'text',
      example: '10',
      help: '大于 0 的分值，最多两位小数，如 10 或 7.5',
      helpEn: 'Points greater than 0, up to two decimals, such as 10 or 7.5',
    },
    {
      key: 'criteria',
      header: '评分标准',
      headerEn: 'Scoring criteria',
      width: 60,
      required: false,
      kind: 'text',
      example: '每月至少召开 1 次，未召开不得分',
      help: '最多 2000 个字符',
      helpEn: 'Up to 2000 characters',
    },
    {
      key: 'evidenceRequired',
      header: '需要佐证',
      headerEn: 'Evidence required',
      width: 10,
      required: false,
      kind: 'choice',
      choices: ['是', '否'],
      example: '是',
      help: '是否须上传或关联佐证材料；不填为“否”（只在确有需要时要求佐证）',
      helpEn:
        'Whether evidence must be uploaded or linked; empty means 否 (no) (ask for evidence only where it is really needed)',
    },
    {
      key: 'active',
      header: '状态',
      headerEn: 'Status',
      width: 8,
      required: false,
      kind: 'choice',
      choices: ['启用', '停用'],
      example: '启用',
      help: '不填为“启用”；停用的指标不能再加入方案，已有方案不受影响',
      helpEn:
        'Empty means 启用 (active); a retired indicator cannot be added to plans, existing plans keep it',
    },
  ],
  notes: [
    '1. 第一个工作表「指标库」的第 1 行是表头，请勿修改；数据从第 2 行开始，每行一个指标。',
    '2. 指标编码与本指标库中已有的指标相同时更新该指标，否则新增。已编入季度方案的指标不受影响（方案保存的是副本）。',
    '3. 导入前系统会逐行校验并列出所有错误；只要有一行有错误，就不会导入任何数据。',
  ],
  notesEn: [
    '1. Row 1 of the first sheet 「指标库」 (indicator library) is the header: do not change it; data starts on row 2, one indicator per row.',
    '2. A row whose code is that of an indicator in this library updates it, otherwise adds one. Indicators already in quarterly plans are not affected (a plan keeps its own copy).',
    '3. Before importing, every row is checked and every error listed; if any row has an error, nothing is imported.',
  ],
};

/** Points written as 10, 7.5 or "12.50" → hundredths, exactly (no float rounding). */
function parsePoints(cell: Cell): Parsed<number | null> {
  const bad: Parsed<never> = {
    ok: false,
    problem: {
      code: 'invalid_value',
      zh: '分值应为大于 0 的数，最多两位小数，如 10 或 7.5',
      en: 'Max points must be a number above 0 with at most two decimals, e.g. 10 or 7.5',
    },
  };
  if (cell === null) return { ok: true, value: null };
  const text = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell.trim() : null;
  if (text === null) return bad;
  const m = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return bad;
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return value > 0 && value <= MAX_POINTS ? { ok: true, value } : bad;
}

interface ParsedRow {
  row: number;
  code: string | null;
  name: string | null;
  category: Category | null;
  maxPoints: number | null;
  criteria: string;
  evidenceRequired: boolean;
  active: boolean;
}

const hints = {
  code: { zh: '字母、数字和 _ . -，最多 20 个字符', en: 'letters, digits, _ . -, at most 20 characters' },
  name: { zh: '1–100 个字符', en: '1–100 characters' },
  criteria: { zh: '最多 2000 个字符', en: 'at most 2000 characters' },
};

function parseRow(
  r: { row: number; cells: Record<IndicatorKey, Cell> },
  errors: SheetErrors<IndicatorKey>,
): ParsedRow {
  const c = r.cells;
  const take = <T>(key: IndicatorKey, parsed: Parsed<T>, fallback: T): T => {
    if (parsed.ok) return parsed.value;
    errors.addProblem(r.row, key, parsed.problem, c[key]);
    return fallback;
  };
  const p: ParsedRow = {
    row: r.row,
    code: take('code', parseField(c.code, indicatorCodeSchema, hints.code), null),
    name: take('name', parseField(c.name, indicatorNameSchema, hints.name), null),
    category: take('category', parseChoice(c.category, categoryByLabel, categoryAliases), null),
    maxPoints: take('maxPoints', parsePoints(c.maxPoints), null),
    criteria: take('criteria', parseField(c.criteria, indicatorCriteriaSchema, hints.criteria), null) ?? '',
    evidenceRequired:
      take('evidenceRequired', parseChoice(c.evidenceRequired, yesNo, yesNoAliases), null) ?? false,
    active: take('active', parseChoice(c.active, activeLabels, yesNoAliases), null) ?? true,
  };
  const required: [IndicatorKey, unknown, string, string][] = [
    ['code', p.code, '请填写指标编码', 'The code is required'],
    ['name', p.name, '请填写指标名称', 'The name is required'],
    ['category', p.category, '请填写类别', 'The category is required'],
    ['maxPoints', p.maxPoints, '请填写分值', 'The max points are required'],
  ];
  for (const [key, value, zh, en] of required) {
    if (value === null && !errors.has(r.row, key)) errors.add(r.row, key, 'required_value', { zh, en });
  }
  return p;
}

/**
 * Imports an org's indicator library from an xlsx (affairs or the office). With `commit: false`
 * it only validates and previews; with `commit: true` and any error it answers 422
 * `import_has_errors` with the whole error table and writes nothing; otherwise every row is
 * written in one transaction, each change in the audit log.
 */
export async function importIndicators(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  opts: { commit: boolean },
): Promise<IndicatorImportResult> {
  await authorize(ctx.db, ctx.user, 'branch_eval.library.manage', orgId);
  const sheet = await readXlsxSheet(file, indicatorsSheetSpec, { maxRows: MAX_ROWS });
  const errors = new SheetErrors(indicatorsSheetSpec);
  const rows = sheet.map((r) => parseRow(r, errors));
  const firstRow = new Map<string, number>();
  for (const p of rows) {
    if (p.code === null) continue;
    const first = firstRow.get(p.code);
    if (first === undefined) firstRow.set(p.code, p.row);
    else
      errors.add(
        p.row,
        'code',
        'duplicate_in_sheet',
        { zh: `与第 ${first} 行的指标编码重复`, en: `Same code as row ${first}` },
        p.code,
      );
  }
  const existing = await libraryRepo.allIndicatorsOf(ctx.db, orgId);
  const isUpdate = (code: string | null) => code !== null && existing.some((e) => e.code === code);
  const created = rows.filter((p) => !isUpdate(p.code)).length;
  const result: IndicatorImportResult = {
    total: rows.length,
    valid: rows.length - errors.failedRows,
    errorCount: errors.count,
    errors: errors.render(ctx.locale, DEFAULT_MAX_ERRORS),
    errorsTruncated: errors.count > DEFAULT_MAX_ERRORS,
    columns: indicatorsSheetSpec.columns.map((c, i) => ({
      key: c.key,
      header: c.header,
      letter: columnLetter(i + 1),
      required: c.required,
    })),
    preview: rows.slice(0, PREVIEW_ROWS).map((p) => ({
      row: p.row,
      ok: !errors.rowFailed(p.row),
      values: {
        code: p.code,
        name: p.name,
        category: p.category,
        maxPoints: p.maxPoints,
        criteria: p.criteria,
        evidenceRequired: p.evidenceRequired,
        active: p.active,
        action: isUpdate(p.code) ? 'update' : 'create',
      },
    })),
    committed: false,
    imported: 0,
    created,
    updated: rows.length - created,
  };
  if (!opts.commit) return result;
  if (errors.count > 0) {
    throw new AppError(
      'import_has_errors',
      { total: result.total, valid: result.valid, errorCount: result.errorCount, errors: result.errors },
      {
        zh: `导入数据有 ${result.errorCount} 处错误（涉及 ${errors.failedRows} 行），未导入任何记录`,
        en: `The sheet has ${result.errorCount} errors in ${errors.failedRows} rows; nothing was imported`,
      },
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.library.manage', orgId);
    const at = nowIso(ctx.clock);
    const audit: AuditInput[] = [];
    for (const p of rows) {
      if (p.code === null || p.name === null || p.category === null || p.maxPoints === null) continue;
      const values = {
        name: p.name,
        category: p.category,
        max_points: p.maxPoints,
        criteria: p.criteria,
        evidence_required: flag(p.evidenceRequired),
        active: flag(p.active),
        updated_at: at,
      };
      const before = await libraryRepo.findIndicatorByCode(trx, orgId, p.code);
      if (before) {
        await libraryRepo.updateIndicator(trx, before.id, values);
        const after = await libraryRepo.findIndicator(trx, before.id);
        audit.push({
          action: 'branch_eval.indicator.update',
          entityType: 'be_indicator',
          entityId: before.id,
          orgId,
          before: indicatorView(before),
          after: after ? indicatorView(after) : null,
        });
      } else {
        const row = await libraryRepo.insertIndicator(trx, {
          org_id: orgId,
          code: p.code,
          ...values,
          created_by: ctx.user.id,
          created_at: at,
        });
        audit.push({
          action: 'branch_eval.indicator.create',
          entityType: 'be_indicator',
          entityId: row.id,
          orgId,
          after: indicatorView(row),
        });
      }
    }
    audit.push({
      action: 'branch_eval.indicator.import',
      entityType: 'org',
      entityId: orgId,
      orgId,
      after: { rows: rows.length, created, updated: rows.length - created, fileSha256: fileHash(file) },
    });
    await appendAudit(trx, ctx.user, at, audit);
  });
  return { ...result, committed: true, imported: rows.length };
}

/** The empty template with drop-down lists and the 填写说明 sheet. */
export function indicatorsTemplateXlsx(): Promise<Buffer> {
  return buildTemplate(indicatorsSheetSpec);
}

/** An org's whole library (retired indicators too) laid out like the template, ready to edit and import back. */
export async function exportIndicators(
  ctx: Ctx,
  orgId: number,
): Promise<{ fileName: string; buffer: Buffer }> {
  // Same access as reading the list.
  await listIndicators(ctx, { orgId, page: 1, pageSize: 1 });
  const org = await orgService.findOrgRow(ctx.db, orgId);
  const rows = await libraryRepo.allIndicatorsOf(ctx.db, orgId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = addDataSheet(wb, indicatorsSheetSpec);
  for (const r of rows) {
    ws.addRow({
      code: r.code,
      name: r.name,
      category: isCategory(r.category) ? categoryLabels[r.category].zh : r.category,
      maxPoints: formatPoints(r.max_points),
      criteria: r.criteria,
      evidenceRequired: r.evidence_required === 1 ? '是' : '否',
      active: r.active === 1 ? '启用' : '停用',
    });
  }
  return { fileName: `${org?.name ?? orgId}-联评联考指标库.xlsx`, buffer: await workbookToBuffer(wb) };
}
