import type { ImportResult } from '../../../contracts/io.js';
import { orgCreateBody } from '../../../contracts/org.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { NewOrg, OrgRow } from '../../../db/types.js';
import { kindLabels, type OrgKind, type Tree, treeOfKind } from '../../../domain/org/tree.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import {
  type Parsed,
  parseChoice,
  parseDate,
  parseInteger,
  readXlsxSheet,
  type SheetRow,
  type SheetSpec,
} from '../../lib/excel.js';
import { can, isSuperScope } from '../../lib/permissions.js';
import { orgAuditView, placementProblem } from '../org/org.service.js';
import {
  DEFAULT_MAX_ERRORS,
  fileHash,
  type ImportOptions,
  importHasErrors,
  importResultOf,
  MAX_IMPORT_ROWS,
  PREVIEW_ROWS,
  parseField,
  SheetErrors,
} from './import-common.js';
import { ancestorRows, findOrgsByCodes, insertClosureRows, insertOrgRows } from './io.repo.js';

export type OrgKey = 'code' | 'name' | 'kind' | 'parentCode' | 'sortOrder' | 'activeFrom' | 'linkedUnitCode';

const kinds = Object.keys(kindLabels) as OrgKind[];
const kindByLabel = new Map(kinds.map((k) => [kindLabels[k].zh, k]));
const kindAliases = new Map<string, OrgKind>([
  ...kinds.map((k): [string, OrgKind] => [k, k]),
  ...kinds.map((k): [string, OrgKind] => [kindLabels[k].en.toLowerCase(), k]),
]);

/** The orgs sheet: codes, kinds and parents of both trees, parents before their children. */
export const orgsSheetSpec: SheetSpec<OrgKey> = {
  sheetName: '组织',
  columns: [
    {
      key: 'code',
      header: '编码',
      headerEn: 'Code',
      width: 16,
      required: true,
      kind: 'text',
      example: 'ZB001',
      help: '组织编码，在党组织或行政单位中唯一；字母、数字和 _ . -，最多 32 个字符',
      helpEn:
        'The organisation code, unique among Party organisations or among administrative units; letters, digits and _ . -, up to 32 characters',
    },
    {
      key: 'name',
      header: '名称',
      headerEn: 'Name',
      width: 28,
      required: true,
      kind: 'text',
      example: '变电运维中心党支部',
      help: '最多 100 个字符',
      helpEn: 'Up to 100 characters',
    },
    {
      key: 'kind',
      header: '类型',
      headerEn: 'Kind',
      width: 10,
      required: true,
      kind: 'choice',
      choices: kinds.map((k) => kindLabels[k].zh),
      example: '党支部',
      help: '党委、党总支、党支部、党小组是党组织；部门、基层单位、工区、班组是行政单位',
      helpEn:
        '党委 (committee), 党总支 (general branch), 党支部 (branch) and 党小组 (group) are Party organisations; 部门 (department), 基层单位 (grassroots unit), 工区 (work area) and 班组 (team) are administrative units',
    },
    {
      key: 'parentCode',
      header: '上级编码',
      headerEn: 'Parent code',
      width: 16,
      required: false,
      kind: 'text',
      example: 'DW01',
      help: '上级组织的编码：系统中已有的组织，或本表中写在前面的行；顶级组织不填',
      helpEn:
        'The code of the parent: an organisation already in the system or a row earlier in this sheet; empty for a top-level organisation',
    },
    {
      key: 'sortOrder',
      header: '排序',
      headerEn: 'Order',
      width: 8,
      required: false,
      kind: 'integer',
      example: '10',
      help: '在同级中的顺序，0–100000 的整数；不填为 0',
      helpEn: 'The position among its siblings, a whole number 0–100000; empty means 0',
    },
    {
      key: 'activeFrom',
      header: '成立日期',
      headerEn: 'Active from',
      width: 12,
      required: false,
      kind: 'date',
      example: '2020-01-01',
      help: '日期；不填为导入当天',
      helpEn: 'A date; empty means the day of the import',
    },
    {
      key: 'linkedUnitCode',
      header: '关联单位编码',
      headerEn: 'Linked unit code',
      width: 16,
      required: false,
      kind: 'text',
      example: 'YJ01',
      help: '仅党组织可填：该党组织服务的行政单位的编码（系统中已有，或本表中写在前面的行）',
      helpEn:
        'Party organisations only: the code of the administrative unit it serves (already in the system, or a row earlier in this sheet)',
    },
  ],
  notes: [
    '1. 第一个工作表「组织」的第 1 行是表头，请勿修改；数据从第 2 行开始，每行一个组织。',
    '2. 上级必须写在下级之前：可以在同一张表中先写党委，再写其下的党支部，再写党小组。',
    '3. 党委之下可设党委、党总支、党支部；党总支之下设党支部；党支部之下设党小组。部门、基层单位之下可设部门、基层单位、工区、班组；工区之下设班组。',
    '4. 导入前系统会逐行校验并列出所有错误；只要有一行有错误，就不会导入任何数据。',
  ],
  notesEn: [
    '1. Row 1 of the first sheet 「组织」 (organisations) is the header: do not change it; data starts on row 2, one organisation per row.',
    '2. A parent must come before its children: in one sheet, a committee first, then its branches, then their groups.',
    '3. Under a 党委 (committee): committees, general branches and branches; under a 党总支 (general branch): branches; under a 党支部 (branch): groups. Under a department or grassroots unit: departments, grassroots units, work areas and teams; under a 工区 (work area): teams.',
    '4. Before importing, every row is checked and every error listed; if any row has an error, nothing is imported.',
  ],
};

/** Where a parent or linked unit comes from: the database, or an earlier row of the sheet. */
type Ref = { db: OrgRow } | { sheet: number };

interface ParsedOrg {
  row: number;
  code: string | null;
  name: string | null;
  kind: OrgKind | null;
  tree: Tree | null;
  parentCode: string | null;
  sortOrder: number;
  activeFrom: string;
  linkedUnitCode: string | null;
  parent: Ref | null;
  linked: Ref | null;
  /** Whether the user may create nodes under this one, as `authorize` would answer once it exists. */
  childAllowed: boolean;
}

const hints = {
  code: { zh: '字母、数字和 _ . -，最多 32 个字符', en: 'letters, digits, _ . -, at most 32 characters' },
  name: { zh: '1–100 个字符', en: '1–100 characters' },
  ref: { zh: '组织编码', en: 'an organisation code' },
};
const refText = orgCreateBody.shape.name;
const treeZh = (t: Tree) => (t === 'party' ? '党组织' : '行政单位');

function parseOrgRow(r: SheetRow<OrgKey>, errors: SheetErrors<OrgKey>, today: string): ParsedOrg {
  const c = r.cells;
  const take = <T>(key: OrgKey, parsed: Parsed<T>, fallback: T): T => {
    if (parsed.ok) return parsed.value;
    errors.addProblem(r.row, key, parsed.problem, c[key]);
    return fallback;
  };
  const kind = take('kind', parseChoice(c.kind, kindByLabel, kindAliases), null);
  const p: ParsedOrg = {
    row: r.row,
    code: take('code', parseField(c.code, orgCreateBody.shape.code, hints.code), null),
    name: take('name', parseField(c.name, orgCreateBody.shape.name, hints.name), null),
    kind,
    tree: kind ? treeOfKind(kind) : null,
    parentCode: take('parentCode', parseField(c.parentCode, refText, hints.ref), null),
    sortOrder: take('sortOrder', parseInteger(c.sortOrder, 0, 100_000), null) ?? 0,
    activeFrom: take('activeFrom', parseDate(c.activeFrom), null) ?? today,
    linkedUnitCode: take('linkedUnitCode', parseField(c.linkedUnitCode, refText, hints.ref), null),
    parent: null,
    linked: null,
    childAllowed: true,
  };
  const required: [OrgKey, unknown, string, string][] = [
    ['code', p.code, '请填写编码', 'The code is required'],
    ['name', p.name, '请填写名称', 'The name is required'],
    ['kind', p.kind, '请填写类型', 'The kind is required'],
  ];
  for (const [key, value, zh, en] of required) {
    if (value === null && !errors.has(r.row, key)) errors.add(r.row, key, 'required_value', { zh, en });
  }
  return p;
}

interface Validated {
  rows: ParsedOrg[];
  errors: SheetErrors<OrgKey>;
}

/**
 * Validates the rows in sheet order, so that a row may name as parent (or linked unit) a
 * node of the database or a row above it. The rules are those of createOrg — placement from
 * the domain's tree rules, unique codes, `org.manage` at the parent (or over a whole tree
 * for a root) — checked with a few set queries and one permission check per distinct parent.
 */
async function validateOrgs(ctx: Ctx, db: DbOrTrx, sheet: SheetRow<OrgKey>[]): Promise<Validated> {
  const errors = new SheetErrors(orgsSheetSpec);
  const today = todayInChina(ctx.clock);
  const rows = sheet.map((r) => parseOrgRow(r, errors, today));

  const referenced = rows
    .flatMap((p) => [p.code, p.parentCode, p.linkedUnitCode])
    .filter((c): c is string => c !== null);
  const inDb = new Map((await findOrgsByCodes(db, referenced)).map((o) => [`${o.tree}:${o.code}`, o]));
  const rowsOfCode = new Map<string, number[]>();
  rows.forEach((p) => {
    if (p.code !== null) rowsOfCode.set(p.code, [...(rowsOfCode.get(p.code) ?? []), p.row]);
  });
  const sheetIndex = new Map<string, number>();
  const mayManage = new Map<number, boolean>();
  const mayManageAt = async (id: number) => {
    let v = mayManage.get(id);
    if (v === undefined) {
      v = await can(db, ctx.user, 'org.manage', id);
      mayManage.set(id, v);
    }
    return v;
  };
  let superScope: boolean | undefined;

  /** Finds a code among earlier rows, then the database, in one tree. */
  const resolve = (tree: Tree, code: string): Ref | null => {
    const i = sheetIndex.get(`${tree}:${code}`);
    if (i !== undefined) return { sheet: i };
    const o = inDb.get(`${tree}:${code}`);
    return o ? { db: o } : null;
  };
  /** Why a code found nowhere in `tree` was not found, as a message. */
  const notFound = (p: ParsedOrg, tree: Tree, code: string) => {
    const later = (rowsOfCode.get(code) ?? []).find((r) => r > p.row);
    if (later !== undefined) {
      return {
        zh: `「${code}」在第 ${later} 行，须写在本行之前（上级在前、下级在后）`,
        en: `${code} is defined in row ${later}; it must come before this row`,
      };
    }
    const other: Tree = tree === 'party' ? 'unit' : 'party';
    if (resolve(other, code)) {
      return {
        zh: `「${code}」是${treeZh(other)}，这里须填${treeZh(tree)}的编码`,
        en: `${code} is not in the ${tree} tree`,
      };
    }
    return {
      zh: `找不到编码为「${code}」的${treeZh(tree)}`,
      en: `No ${tree === 'party' ? 'party organisation' : 'unit'} has the code ${code}`,
    };
  };
  const nameOf = (ref: Ref) => ('db' in ref ? ref.db.name : (rows[ref.sheet]?.name ?? ''));

  for (const [i, p] of rows.entries()) {
    if (p.parentCode !== null && p.parentCode === p.code) {
      errors.add(
        p.row,
        'parentCode',
        'invalid_parent',
        { zh: '上级编码不能是本行自己的编码', en: 'A node cannot be its own parent' },
        p.parentCode,
      );
    } else if (p.parentCode !== null && p.tree) {
      p.parent = resolve(p.tree, p.parentCode);
      if (!p.parent)
        errors.add(p.row, 'parentCode', 'unknown_org_code', notFound(p, p.tree, p.parentCode), p.parentCode);
    }

    if (p.kind && p.tree && (p.parentCode === null || p.parent)) {
      let parentLike: Pick<OrgRow, 'id' | 'tree' | 'kind' | 'active_to'> | null = null;
      let checkable = true;
      if (p.parent && 'db' in p.parent) parentLike = p.parent.db;
      else if (p.parent) {
        const above = rows[p.parent.sheet];
        // A parent row whose kind cannot be read is reported on that row, not again here.
        if (above?.kind) parentLike = { id: 0, tree: p.tree, kind: above.kind, active_to: null };
        else checkable = false;
      }
      const problem = checkable ? placementProblem(p.kind, parentLike) : null;
      if (problem && p.parent && parentLike) {
        const pk = parentLike.kind as OrgKind;
        errors.add(
          p.row,
          'parentCode',
          problem.code,
          problem.code === 'org_inactive'
            ? {
                zh: `上级「${nameOf(p.parent)}」已撤销`,
                en: `The parent ${nameOf(p.parent)} is no longer active`,
              }
            : {
                zh: `${kindLabels[p.kind].zh}不能设在${kindLabels[pk].zh}「${nameOf(p.parent)}」之下`,
                en: `A ${kindLabels[p.kind].en.toLowerCase()} cannot sit under a ${kindLabels[pk].en.toLowerCase()}`,
              },
          p.parentCode,
        );
      } else if (problem) {
        errors.add(p.row, 'parentCode', 'invalid_parent', {
          zh: `${kindLabels[p.kind].zh}不能作为顶级组织，请填写上级编码`,
          en: `A ${kindLabels[p.kind].en.toLowerCase()} cannot be a root; give a parent code`,
        });
      }

      if (p.parent === null) {
        superScope ??= await isSuperScope(db, ctx.user, 'org.manage');
        if (!superScope) {
          errors.add(p.row, 'parentCode', 'forbidden', {
            zh: '您无权创建顶级组织',
            en: 'You may not create a root node',
          });
        }
        // Mirrors `ancestorsOf`: a new unit root is reached from the party roots, a new party root by nothing yet.
        p.childAllowed = p.tree === 'unit' && superScope;
      } else {
        const allowed =
          'db' in p.parent
            ? await mayManageAt(p.parent.db.id)
            : (rows[p.parent.sheet]?.childAllowed ?? false);
        if (!allowed) {
          errors.add(
            p.row,
            'parentCode',
            'forbidden',
            {
              zh: `您无权在「${nameOf(p.parent)}」下创建组织`,
              en: `You may not create nodes under ${nameOf(p.parent)}`,
            },
            p.parentCode,
          );
        }
        p.childAllowed = allowed;
      }
    }

    if (p.linkedUnitCode !== null && p.tree === 'unit') {
      errors.add(
        p.row,
        'linkedUnitCode',
        'invalid_value',
        {
          zh: '只有党组织可以关联单位，行政单位请留空',
          en: 'Only party organisations link to a unit; leave it empty for units',
        },
        p.linkedUnitCode,
      );
    } else if (p.linkedUnitCode !== null && p.tree === 'party') {
      p.linked = resolve('unit', p.linkedUnitCode);
      if (!p.linked)
        errors.add(
          p.row,
          'linkedUnitCode',
          'unknown_org_code',
          notFound(p, 'unit', p.linkedUnitCode),
          p.linkedUnitCode,
        );
    }

    // The code last, so that a row cannot name itself as its parent or linked unit.
    if (p.code !== null && p.tree) {
      const key = `${p.tree}:${p.code}`;
      const first = sheetIndex.get(key);
      if (inDb.has(key)) {
        errors.add(
          p.row,
          'code',
          'duplicate_code',
          { zh: `编码「${p.code}」已存在于系统中`, en: `The code ${p.code} is already in use` },
          p.code,
        );
      } else if (first !== undefined) {
        const firstRow = rows[first]?.row;
        errors.add(
          p.row,
          'code',
          'duplicate_in_sheet',
          {
            zh: `编码「${p.code}」与第 ${firstRow} 行重复`,
            en: `The code ${p.code} repeats row ${firstRow}`,
          },
          p.code,
        );
      } else {
        sheetIndex.set(key, i);
      }
    }
  }
  return { rows, errors };
}

function previewOf(v: Validated): ImportResult['preview'] {
  const nameOf = (ref: Ref | null) =>
    ref === null ? null : 'db' in ref ? ref.db.name : (v.rows[ref.sheet]?.name ?? null);
  return v.rows.slice(0, PREVIEW_ROWS).map((p) => ({
    row: p.row,
    ok: !v.errors.rowFailed(p.row),
    values: {
      code: p.code,
      name: p.name,
      kind: p.kind,
      parentCode: p.parentCode,
      parentName: nameOf(p.parent),
      sortOrder: p.sortOrder,
      activeFrom: p.activeFrom,
      linkedUnitCode: p.linkedUnitCode,
      linkedUnitName: nameOf(p.linked),
    },
  }));
}

/** Rows to insert together: a row comes after the rows it references, so each level needs only earlier levels' ids. */
function levelsOf(rows: ParsedOrg[]): number[][] {
  const level: number[] = [];
  rows.forEach((p, i) => {
    const after = (ref: Ref | null) => (ref && 'sheet' in ref ? (level[ref.sheet] ?? 0) + 1 : 0);
    level[i] = Math.max(after(p.parent), after(p.linked));
  });
  const out: number[][] = [];
  level.forEach((l, i) => {
    out[l] ??= [];
    out[l].push(i);
  });
  return out.filter((l) => l !== undefined);
}

/** Writes the validated rows level by level: multi-row inserts of nodes, their closure rows computed in memory, audit entries. */
async function writeOrgs(
  ctx: Ctx,
  trx: DbOrTrx,
  rows: ParsedOrg[],
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const at = nowIso(ctx.clock);
  const dbParents = rows.flatMap((p) => (p.parent && 'db' in p.parent ? [p.parent.db.id] : []));
  const known = await ancestorRows(trx, dbParents);
  const newIds: number[] = [];
  const ancestors = (ref: Ref) =>
    'db' in ref ? (known.get(ref.db.id) ?? []) : (known.get(newIds[ref.sheet] ?? -1) ?? []);
  const idOf = (ref: Ref | null) =>
    ref === null ? null : 'db' in ref ? ref.db.id : (newIds[ref.sheet] ?? null);
  let done = 0;
  for (const level of levelsOf(rows)) {
    for (let i = 0; i < level.length; i += 300) {
      const part = level.slice(i, i + 300);
      const values: NewOrg[] = part.map((idx) => {
        const p = rows[idx] as ParsedOrg;
        return {
          tree: p.tree as Tree,
          kind: p.kind as OrgKind,
          code: p.code as string,
          name: p.name as string,
          parent_id: idOf(p.parent),
          sort_order: p.sortOrder,
          active_from: p.activeFrom,
          active_to: null,
          linked_unit_id: idOf(p.linked),
          created_at: at,
          updated_at: at,
        };
      });
      const inserted = await insertOrgRows(trx, values);
      // Matched by (tree, code), which is unique: RETURNING does not promise the insert order.
      const byKey = new Map(inserted.map((o) => [`${o.tree}:${o.code}`, o]));
      const closure: { ancestor_id: number; descendant_id: number; depth: number }[] = [];
      const audits = [];
      for (const idx of part) {
        const p = rows[idx] as ParsedOrg;
        const org = byKey.get(`${p.tree}:${p.code}`) as OrgRow;
        newIds[idx] = org.id;
        const chain = [
          { ancestorId: org.id, depth: 0 },
          ...(p.parent
            ? ancestors(p.parent).map((a) => ({ ancestorId: a.ancestorId, depth: a.depth + 1 }))
            : []),
        ];
        known.set(org.id, chain);
        for (const a of chain)
          closure.push({ ancestor_id: a.ancestorId, descendant_id: org.id, depth: a.depth });
        audits.push({
          action: 'org.create',
          entityType: 'org',
          entityId: org.id,
          orgId: org.id,
          after: orgAuditView(org),
        });
      }
      await insertClosureRows(trx, closure);
      await appendAudit(trx, ctx.user, at, audits);
      done += part.length;
      onProgress?.(done, rows.length);
    }
  }
}

/**
 * Imports orgs of both trees from an xlsx made from the template, parents before children.
 * Without `commit`, validates and previews; with `commit`, validates again and writes every
 * row in one transaction, or nothing (`import_has_errors`), with one audit entry per node and
 * an `import.orgs` summary entry.
 */
export async function importOrgsFromXlsx(
  ctx: Ctx,
  buffer: Buffer,
  opts: ImportOptions,
): Promise<ImportResult> {
  const sheet = await readXlsxSheet(buffer, orgsSheetSpec, { maxRows: MAX_IMPORT_ROWS });
  const maxErrors = opts.maxErrors ?? DEFAULT_MAX_ERRORS;
  const resultOf = (v: Validated, imported: number) =>
    importResultOf(
      'orgs',
      orgsSheetSpec,
      sheet.length,
      v.errors,
      previewOf(v),
      ctx.locale,
      maxErrors,
      imported,
    );
  if (!opts.commit) return resultOf(await validateOrgs(ctx, ctx.db, sheet), 0);

  return ctx.db.transaction().execute(async (trx) => {
    const v = await validateOrgs(ctx, trx, sheet);
    if (v.errors.count > 0) throw importHasErrors(resultOf(v, 0));
    opts.onProgress?.(0, v.rows.length);
    await writeOrgs(ctx, trx, v.rows, opts.onProgress);
    await appendAudit(trx, ctx.user, nowIso(ctx.clock), [
      {
        action: 'import.orgs',
        entityType: 'import',
        after: { rows: v.rows.length, sha256: fileHash(buffer), bytes: buffer.length },
      },
    ]);
    return resultOf(v, v.rows.length);
  });
}
