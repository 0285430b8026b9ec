import ExcelJS from 'exceljs';
import type { PointsImportResult } from '../../../contracts/points.js';
import { schemeItem } from '../../../contracts/points.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import { formatHundredths } from '../../../domain/points/hundredths.js';
import {
  type Dimension,
  type Direction,
  dimensionLabels,
  dimensions,
  directionLabels,
  directions,
  type QuarterCap,
  type SchemeItem,
  type SchemeRules,
} from '../../../domain/points/scheme.js';
import { validateScheme } from '../../../domain/points/scheme-validation.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import {
  addDataSheet,
  buildTemplate,
  type Cell,
  type Parsed,
  parseChoice,
  parseInteger,
  readXlsxSheet,
  type SheetRow,
  type SheetSpec,
  workbookToBuffer,
} from '../../lib/excel.js';
import { authorize } from '../../lib/permissions.js';
import { fileHash, importHasErrors, PREVIEW_ROWS, parseField, SheetErrors } from '../io/import-common.js';
import {
  type PointsImportOptions,
  parsePoints,
  pointsProblem,
  pointsText,
  requireSchemeReader,
  resultOf,
  yesNo,
  yesNoAliases,
} from './points-sheet.js';
import * as schemeRepo from './scheme.repo.js';
import { findScheme, parseVersion } from './scheme.service.js';

/** The items (积分项目) of a scheme in a spreadsheet: template, import into the draft, export. */

const MAX_ITEM_ROWS = 500;

const dimensionByLabel = new Map<string, Dimension>(dimensions.map((d) => [dimensionLabels[d].zh, d]));
const dimensionAliases = new Map<string, Dimension>(dimensions.map((d) => [d, d]));
const directionByLabel = new Map<string, Direction>(directions.map((d) => [directionLabels[d].zh, d]));
const directionAliases = new Map<string, Direction>(directions.map((d) => [d, d]));
type CapKind = 'count' | 'points' | 'none';
const capKindLabel: Record<CapKind, string> = { count: '次数', points: '分值', none: '无' };
const capKindByLabel = new Map<string, CapKind>([
  ['次数', 'count'],
  ['分值', 'points'],
  ['无', 'none'],
]);
const capKindAliases = new Map<string, CapKind>([
  ['count', 'count'],
  ['points', 'points'],
  ['none', 'none'],
]);

const RANGE = /^(\d+(?:\.\d+)?)\s*[-~～—–至]\s*(\d+(?:\.\d+)?)$/;

/** An item's points: fixed ("2") or a range the enterer picks from ("1-5", "1～5", "1至5"). */
function parseItemPoints(cell: Cell): Parsed<SchemeItem['points'] | null> {
  if (typeof cell === 'string') {
    const m = RANGE.exec(cell.trim());
    if (m) {
      const min = parsePoints(m[1] ?? '');
      const max = parsePoints(m[2] ?? '');
      if (!min.ok) return min;
      if (!max.ok) return max;
      if (min.value === null || max.value === null || min.value >= max.value)
        return pointsProblem(
          '分值区间应写作「最小值-最大值」，且最小值小于最大值，如 1-5',
          'A points range is written min-max with min below max, such as 1-5',
        );
      return { ok: true, value: { kind: 'range', min: min.value, max: max.value } };
    }
  }
  const fixed = parsePoints(cell);
  if (!fixed.ok) {
    return pointsProblem(
      '分值应为固定分值（如 2）或区间（如 1-5），最多两位小数',
      'Points are fixed (such as 2) or a range (such as 1-5), with at most two decimals',
    );
  }
  return { ok: true, value: fixed.value === null ? null : { kind: 'fixed', value: fixed.value } };
}

export type ItemKey =
  | 'code'
  | 'name'
  | 'dimension'
  | 'direction'
  | 'points'
  | 'unit'
  | 'capKind'
  | 'capValue'
  | 'evidenceRequired'
  | 'veto';

/** The items sheet: the template, the import into a draft and the export of a scheme's items. */
export const itemsSheetSpec: SheetSpec<ItemKey> = {
  sheetName: '积分项目',
  columns: [
    {
      key: 'code',
      header: '项目编码',
      headerEn: 'Item code',
      width: 12,
      required: true,
      kind: 'text',
      example: 'ZZ01',
      help: '方案内唯一，最多 20 个字符',
      helpEn: 'Unique within the scheme, up to 20 characters',
    },
    {
      key: 'name',
      header: '项目名称',
      headerEn: 'Item name',
      width: 30,
      required: true,
      kind: 'text',
      example: '参加主题党日活动',
      help: '最多 100 个字符',
      helpEn: 'Up to 100 characters',
    },
    {
      key: 'dimension',
      header: '维度',
      headerEn: 'Dimension',
      width: 12,
      required: true,
      kind: 'choice',
      choices: dimensions.map((d) => dimensionLabels[d].zh),
      example: '政治素质',
      help: '从下拉列表中选择',
      helpEn: 'Pick from the drop-down list',
    },
    {
      key: 'direction',
      header: '加减分',
      headerEn: 'Bonus or deduction',
      width: 10,
      required: true,
      kind: 'choice',
      choices: directions.map((d) => directionLabels[d].zh),
      example: '加分',
      help: '从下拉列表中选择',
      helpEn: 'Pick from the drop-down list',
    },
    {
      key: 'points',
      header: '分值',
      headerEn: 'Points',
      width: 10,
      required: true,
      kind: 'text',
      example: '2',
      help: '每次的分值：固定分值如 2 或 0.5；由录入人在区间内选择的写作 1-5。最多两位小数，减分项目也写正数',
      helpEn:
        'Points per time: fixed points such as 2 or 0.5; a range the person entering picks from as 1-5. Up to two decimals; deductions are written as positive numbers too',
    },
    {
      key: 'unit',
      header: '单位',
      headerEn: 'Unit',
      width: 8,
      required: true,
      kind: 'text',
      example: '次',
      help: '如 次、小时、项',
      helpEn: 'Such as 次 (times), 小时 (hours), 项 (pieces)',
    },
    {
      key: 'capKind',
      header: '季度上限类型',
      headerEn: 'Quarter cap kind',
      width: 14,
      required: false,
      kind: 'choice',
      choices: ['次数', '分值', '无'],
      example: '次数',
      help: '每季度最多计入的次数或分值；不填视为“无”',
      helpEn: 'How much counts per quarter at most, by times or by points; empty means 无 (none)',
    },
    {
      key: 'capValue',
      header: '季度上限',
      headerEn: 'Quarter cap',
      width: 10,
      required: false,
      kind: 'text',
      example: '3',
      help: '类型为次数时填整数；为分值时填分值（最多两位小数）；类型为无时不填',
      helpEn:
        'A whole number when the kind is times; points (up to two decimals) when it is points; empty when it is 无 (none)',
    },
    {
      key: 'evidenceRequired',
      header: '需佐证',
      headerEn: 'Evidence required',
      width: 8,
      required: false,
      kind: 'choice',
      choices: ['是', '否'],
      example: '否',
      help: '录入时是否须上传佐证材料；不填视为“否”',
      helpEn: 'Whether an entry must carry evidence; empty means 否 (no)',
    },
    {
      key: 'veto',
      header: '一票否决',
      headerEn: 'Veto',
      width: 10,
      required: false,
      kind: 'choice',
      choices: ['是', '否'],
      example: '否',
      help: '有审核通过的记录即年度评为警示型；仅减分项目，且须佐证；不填视为“否”',
      helpEn:
        'An approved entry makes the year 警示型 (warning); deductions only, with evidence; empty means 否 (no)',
    },
  ],
  notes: [
    '1. 第一个工作表「积分项目」的第 1 行是表头，请勿修改；数据从第 2 行开始，每行一个积分项目。',
    '2. 导入会用表中的项目替换方案草稿中的全部项目（已启用的版本不受影响）；只要有一行有错误，就不会导入。',
    '3. 导入后方案草稿会照常显示校验提示（如上限超过维度上限），修改后再提交党委审定。',
    '4. 导出的积分项目表可直接修改后导入。',
  ],
  notesEn: [
    '1. Row 1 of the first sheet 「积分项目」 (items) is the header: do not change it; data starts on row 2, one points item per row.',
    "2. The import replaces all items of the scheme's draft with the sheet's (the version in force is not affected); if any row has an error, nothing is imported.",
    '3. After the import the draft shows its checks as usual (such as an item cap above its dimension cap); correct them before submitting it to the committee.',
    '4. An exported items sheet can be edited and imported as it is.',
  ],
};

const itemShape = schemeItem.shape;
const itemHints = {
  code: { zh: '1–20 个字符', en: '1–20 characters' },
  name: { zh: '1–100 个字符', en: '1–100 characters' },
  unit: { zh: '1–10 个字符，如 次', en: '1–10 characters, such as 次' },
};

interface ParsedItem {
  row: number;
  item: SchemeItem | null;
  values: Record<string, string | number | boolean | null>;
}

function parseItemRow(r: SheetRow<ItemKey>, errors: SheetErrors<ItemKey>): ParsedItem {
  const c = r.cells;
  const take = <T>(key: ItemKey, parsed: Parsed<T>, fallback: T): T => {
    if (parsed.ok) return parsed.value;
    errors.addProblem(r.row, key, parsed.problem, c[key]);
    return fallback;
  };
  const code = take('code', parseField(c.code, itemShape.code, itemHints.code), null);
  const name = take('name', parseField(c.name, itemShape.name, itemHints.name), null);
  const dimension = take('dimension', parseChoice(c.dimension, dimensionByLabel, dimensionAliases), null);
  const direction = take('direction', parseChoice(c.direction, directionByLabel, directionAliases), null);
  const points = take('points', parseItemPoints(c.points), null);
  const unit = take('unit', parseField(c.unit, itemShape.unit, itemHints.unit), null);
  const capKind = take('capKind', parseChoice(c.capKind, capKindByLabel, capKindAliases), null) ?? 'none';
  const evidenceRequired =
    take('evidenceRequired', parseChoice(c.evidenceRequired, yesNo, yesNoAliases), null) ?? false;
  const veto = take('veto', parseChoice(c.veto, yesNo, yesNoAliases), null) ?? false;
  let quarterCap: QuarterCap | null = null;
  let capOk = true;
  if (capKind === 'none') {
    if (c.capValue !== null) {
      capOk = false;
      errors.add(
        r.row,
        'capValue',
        'invalid_value',
        {
          zh: '季度上限类型为「无」时不填季度上限；要设上限请选择「次数」或「分值」',
          en: 'No cap kind is chosen, so leave the cap empty, or choose 次数 or 分值',
        },
        c.capValue,
      );
    }
  } else if (c.capValue === null) {
    capOk = false;
    errors.add(r.row, 'capValue', 'required_value', {
      zh: `季度上限类型为「${capKindLabel[capKind]}」时须填写季度上限`,
      en: 'A cap kind is chosen, so the cap is required',
    });
  } else if (capKind === 'count') {
    const n = take('capValue', parseInteger(c.capValue, 1, 100_000), null);
    if (n === null) capOk = false;
    else quarterCap = { kind: 'count', value: n };
  } else {
    const h = take('capValue', parsePoints(c.capValue), null);
    if (h === null) capOk = false;
    else quarterCap = { kind: 'points', value: h };
  }
  const required: [ItemKey, unknown, string, string][] = [
    ['code', code, '请填写项目编码', 'The item code is required'],
    ['name', name, '请填写项目名称', 'The item name is required'],
    ['dimension', dimension, '请选择维度', 'The dimension is required'],
    ['direction', direction, '请选择加分或减分', 'Bonus or deduction is required'],
    ['points', points, '请填写分值', 'The points are required'],
    ['unit', unit, '请填写单位', 'The unit is required'],
  ];
  for (const [key, value, zh, en] of required) {
    if (value === null && !errors.has(r.row, key)) errors.add(r.row, key, 'required_value', { zh, en });
  }
  const item: SchemeItem | null =
    code && name && dimension && direction && points && unit && capOk
      ? { code, name, dimension, direction, points, unit, quarterCap, evidenceRequired, veto }
      : null;
  return {
    row: r.row,
    item,
    values: {
      code,
      name,
      dimension,
      direction,
      points: points ? pointsText(points) : null,
      unit,
      capKind,
      capValue: quarterCap
        ? quarterCap.kind === 'count'
          ? quarterCap.value
          : formatHundredths(quarterCap.value)
        : null,
      evidenceRequired,
      veto,
    },
  };
}

/** The draft (or, when there is none, the version in force to start a draft from) of a scheme. */
async function draftBase(db: DbOrTrx, schemeId: number) {
  const versions = await schemeRepo.versionsNewestFirst(db, schemeId);
  const draft = versions.find((v) => v.state === 'draft') ?? null;
  const base = draft ?? versions.find((v) => v.state === 'adopted') ?? versions[0];
  if (!base) throw new AppError('no_draft', { schemeId });
  return { draft, base, nextVersion: (versions[0]?.version ?? 0) + 1 };
}

/**
 * Imports a scheme's items from the items template into its draft, replacing all the draft's
 * items (a scheme without a draft gets one, starting from the version in force). Each row is
 * checked cell by cell and codes must be unique in the sheet; without `commit` nothing is
 * written. The scheme's own checks (caps against dimension caps, vetoes without evidence …)
 * are returned located at their rows and then show on the draft as usual: they do not block
 * the import, exactly as they do not block saving a draft. Affairs only.
 */
export async function importItemsFromXlsx(
  ctx: Ctx,
  schemeId: number,
  buffer: Buffer,
  opts: PointsImportOptions,
): Promise<PointsImportResult> {
  const s = await findScheme(ctx.db, schemeId);
  await authorize(ctx.db, ctx.user, 'points.scheme.manage', s.root_org_id);
  const sheet = await readXlsxSheet(buffer, itemsSheetSpec, { maxRows: MAX_ITEM_ROWS });
  const validate = (rules: SchemeRules) => {
    const errors = new SheetErrors(itemsSheetSpec);
    const rows = sheet.map((r) => parseItemRow(r, errors));
    const firstRow = new Map<string, number>();
    for (const p of rows) {
      const code = p.values.code as string | null;
      if (code === null) continue;
      const first = firstRow.get(code);
      if (first === undefined) firstRow.set(code, p.row);
      else
        errors.add(
          p.row,
          'code',
          'duplicate_in_sheet',
          { zh: `项目编码「${code}」与第 ${first} 行重复`, en: `Item code ${code} repeats row ${first}` },
          code,
        );
    }
    const items = rows.map((p) => p.item).filter((i): i is SchemeItem => i !== null);
    // Scheme checks only make sense on a sheet that read cleanly (indexes then match rows).
    const schemeIssues =
      errors.count === 0
        ? validateScheme({ rules, items }).map((i) => ({
            ...i,
            path: [...i.path],
            row:
              i.path[0] === 'items' && typeof i.path[1] === 'number' ? (rows[i.path[1]]?.row ?? null) : null,
          }))
        : [];
    const preview = rows.slice(0, PREVIEW_ROWS).map((p) => ({
      row: p.row,
      ok: !errors.rowFailed(p.row),
      values: p.values,
    }));
    return { errors, items, schemeIssues, preview };
  };
  const finish = (v: ReturnType<typeof validate>, imported: number) =>
    resultOf('points_items', itemsSheetSpec, sheet.length, v.errors, v.preview, ctx, opts, imported, {
      schemeIssues: v.schemeIssues,
      entryIds: [],
    });
  if (!opts.commit) {
    const { base } = await draftBase(ctx.db, schemeId);
    return finish(validate(parseVersion(base).rules), 0).result;
  }
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'points.scheme.manage', s.root_org_id);
    const { draft, base, nextVersion } = await draftBase(trx, schemeId);
    const before = parseVersion(base);
    const v = validate(before.rules);
    const out = finish(v, v.items.length);
    if (v.errors.count > 0) throw importHasErrors(finish(v, 0).base);
    const at = nowIso(ctx.clock);
    const itemsJson = JSON.stringify(v.items);
    if (draft) {
      await schemeRepo.updateVersion(trx, draft.id, { items_json: itemsJson });
    } else {
      await schemeRepo.insertVersion(trx, {
        scheme_id: schemeId,
        version: nextVersion,
        state: 'draft',
        rules_json: base.rules_json,
        items_json: itemsJson,
        note: 'items imported from a spreadsheet',
        created_by: ctx.user.id,
        created_at: at,
        adopted_by: null,
        adopted_at: null,
      });
    }
    await schemeRepo.updateScheme(trx, schemeId, { updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.scheme.import_items',
        entityType: 'points_scheme',
        entityId: schemeId,
        orgId: s.root_org_id,
        before: { items: draft ? before.items : null },
        after: { items: v.items, sha256: fileHash(buffer), bytes: buffer.length },
      },
    ]);
    return out.result;
  });
}

/** The items template: the 积分项目 sheet with its drop-down lists, and the 填写说明 sheet. */
export function itemsTemplateXlsx(): Promise<Buffer> {
  return buildTemplate(itemsSheetSpec);
}

/**
 * A scheme's items laid out like the template (its draft's, else the version in force): last
 * year's items exported, edited in Excel and imported into this year's draft.
 */
export async function exportItemsXlsx(
  ctx: Ctx,
  schemeId: number,
): Promise<{ fileName: string; buffer: Buffer }> {
  const s = await findScheme(ctx.db, schemeId);
  await requireSchemeReader(ctx, s.root_org_id);
  const { base } = await draftBase(ctx.db, schemeId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = addDataSheet(wb, itemsSheetSpec);
  for (const i of parseVersion(base).items) {
    const cap = i.quarterCap;
    ws.addRow([
      i.code,
      i.name,
      dimensionLabels[i.dimension].zh,
      directionLabels[i.direction].zh,
      pointsText(i.points),
      i.unit,
      capKindLabel[cap?.kind ?? 'none'],
      cap === null ? null : cap.kind === 'count' ? String(cap.value) : formatHundredths(cap.value),
      i.evidenceRequired ? '是' : '否',
      i.veto ? '是' : '否',
    ]);
  }
  return { fileName: `积分项目-${s.year}-${s.name}.xlsx`, buffer: await workbookToBuffer(wb) };
}
