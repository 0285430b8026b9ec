import type { PointsImportResult } from '../../../contracts/points.js';
import { formatHundredths, type Hundredths, parseHundredths } from '../../../domain/points/hundredths.js';
import type { SchemeItem } from '../../../domain/points/scheme.js';
import type { Ctx } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import type { Cell, Parsed, SheetSpec } from '../../lib/excel.js';
import { reachesInto } from '../../lib/permissions.js';
import { DEFAULT_MAX_ERRORS, importResultOf, type SheetErrors } from '../io/import-common.js';

/** Shared pieces of the points spreadsheets: options, yes/no cells, points cells, results. */

export interface PointsImportOptions {
  /** false: validate and preview only, nothing is kept. */
  commit: boolean;
  maxErrors?: number;
}

/** 是/否 cells, and the spellings people type instead. */
export const yesNo = new Map<string, boolean>([
  ['是', true],
  ['否', false],
]);
export const yesNoAliases = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['1', true],
  ['0', false],
]);

/** The result of the shared import helpers, relabelled with the kind of this import. */
export function resultOf<K extends string>(
  kind: PointsImportResult['kind'],
  spec: SheetSpec<K>,
  total: number,
  errors: SheetErrors<K>,
  preview: PointsImportResult['preview'],
  ctx: Ctx,
  opts: PointsImportOptions,
  imported: number,
  extra: Pick<PointsImportResult, 'schemeIssues' | 'entryIds'>,
) {
  // importResultOf only uses its kind as a label; the org/member kinds are replaced here.
  const base = importResultOf(
    'members',
    spec,
    total,
    errors,
    preview,
    ctx.locale,
    opts.maxErrors ?? DEFAULT_MAX_ERRORS,
    imported,
  );
  return { base, result: { ...base, kind, ...extra } satisfies PointsImportResult };
}

export const pointsProblem = (zh: string, en: string): Parsed<never> => ({
  ok: false,
  problem: { code: 'invalid_value', zh, en },
});

/** Points typed in a cell ("2", "2.5", 2.5) as positive hundredths, never through a float sum. */
export function parsePoints(cell: Cell): Parsed<Hundredths | null> {
  if (cell === null) return { ok: true, value: null };
  if (typeof cell !== 'string' && typeof cell !== 'number')
    return pointsProblem('分值应为数字，如 2 或 2.5', 'Points should be a number such as 2 or 2.5');
  try {
    const h = parseHundredths(String(cell).trim());
    if (h <= 0)
      return pointsProblem(
        '分值须大于 0；减分项目也填写正数，方向由「加减分」列决定',
        'Points must be above 0; deduction items too are written as positive numbers',
      );
    return { ok: true, value: h };
  } catch {
    return pointsProblem(
      '分值应为最多两位小数的数字，如 2 或 2.5',
      'Points should be a number with at most two decimals, such as 2 or 2.5',
    );
  }
}

export const pointsText = (p: SchemeItem['points']) =>
  p.kind === 'fixed' ? formatHundredths(p.value) : `${formatHundredths(p.min)}-${formatHundredths(p.max)}`;

/** Whoever reads a scheme (as GET /schemes/:id) may read its items in a spreadsheet too. */
export async function requireSchemeReader(ctx: Ctx, rootOrgId: number): Promise<void> {
  if (!(await reachesInto(ctx.db, ctx.user, 'points.scheme.read', rootOrgId)))
    throw new AppError('forbidden', { permission: 'points.scheme.read' });
}
