import type { ImportResult } from '../../../contracts/io.js';
import { memberCreateBody } from '../../../contracts/member.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgRow } from '../../../db/types.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import {
  type Parsed,
  parseChoice,
  parseDate,
  readXlsxSheet,
  type SheetRow,
  type SheetSpec,
} from '../../lib/excel.js';
import { checkNewMembers, insertCheckedMembers, type MemberInput } from '../member/member.service.js';
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
  WRITE_BATCH,
} from './import-common.js';
import { findOrgsByCodes } from './io.repo.js';

export type MemberKey =
  | 'employeeNo'
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'isPartyMember'
  | 'status'
  | 'joinDate'
  | 'fullDate'
  | 'branchCode'
  | 'unitCode'
  | 'post'
  | 'phone';

/** The members sheet: the template, the import and the export all follow it. */
export const membersSheetSpec: SheetSpec<MemberKey> = {
  sheetName: '党员',
  columns: [
    {
      key: 'employeeNo',
      header: '工号',
      headerEn: 'Employee no.',
      width: 14,
      required: true,
      kind: 'text',
      example: '100001',
      help: '员工工号，全系统唯一，最多 32 个字符',
      helpEn: 'Employee number, unique in the system, up to 32 characters',
    },
    {
      key: 'name',
      header: '姓名',
      headerEn: 'Name',
      width: 12,
      required: true,
      kind: 'text',
      example: '张三',
      help: '最多 50 个字符',
      helpEn: 'Up to 50 characters',
    },
    {
      key: 'gender',
      header: '性别',
      headerEn: 'Gender',
      width: 8,
      required: true,
      kind: 'choice',
      choices: ['男', '女'],
      example: '男',
      help: '从下拉列表中选择',
      helpEn: 'Pick from the drop-down list',
    },
    {
      key: 'birthDate',
      header: '出生日期',
      headerEn: 'Birth date',
      width: 12,
      required: false,
      kind: 'date',
      example: '1988-05-06',
      help: '日期，如 1988-05-06、1988/5/6 或 Excel 日期',
      helpEn: 'A date such as 1988-05-06, 1988/5/6 or an Excel date',
    },
    {
      key: 'isPartyMember',
      header: '是否党员',
      headerEn: 'Party member',
      width: 10,
      required: false,
      kind: 'choice',
      choices: ['是', '否'],
      example: '是',
      help: '是：中共党员；否：非党员职工（参加民主测评）。不填视为“是”',
      helpEn:
        '是 (yes): a Party member; 否 (no): a non-member employee (takes part in the democratic evaluation). Empty means 是',
    },
    {
      key: 'status',
      header: '党员状态',
      headerEn: 'Member status',
      width: 12,
      required: false,
      kind: 'choice',
      choices: ['正式党员', '预备党员'],
      example: '正式党员',
      help: '党员必填；非党员不填',
      helpEn: 'Required for Party members; empty for non-members',
    },
    {
      key: 'joinDate',
      header: '入党日期',
      headerEn: 'Join date',
      width: 12,
      required: false,
      kind: 'date',
      example: '2012-07-01',
      help: '日期',
      helpEn: 'A date',
    },
    {
      key: 'fullDate',
      header: '转正日期',
      headerEn: 'Full-member date',
      width: 12,
      required: false,
      kind: 'date',
      example: '2013-07-01',
      help: '正式党员的转正日期',
      helpEn: 'The date a probationary member became a full member',
    },
    {
      key: 'branchCode',
      header: '所在支部编码',
      headerEn: 'Branch code',
      width: 16,
      required: false,
      kind: 'text',
      example: 'ZB001',
      help: '党员所在党支部或党小组的编码（见组织管理）。党员必填',
      helpEn:
        "The code of the member's Party branch or group (see Organisations). Required for Party members",
    },
    {
      key: 'unitCode',
      header: '所属单位编码',
      headerEn: 'Unit code',
      width: 16,
      required: false,
      kind: 'text',
      example: 'DW001',
      help: '所属行政单位（部门、基层单位、工区、班组）的编码。非党员职工须填写支部或单位之一',
      helpEn:
        'The code of the administrative unit (department, grassroots unit, work area, team). A non-member employee needs a branch or a unit',
    },
    {
      key: 'post',
      header: '岗位',
      headerEn: 'Post',
      width: 14,
      required: false,
      kind: 'text',
      example: '变电运维工',
      help: '最多 50 个字符',
      helpEn: 'Up to 50 characters',
    },
    {
      key: 'phone',
      header: '联系电话',
      headerEn: 'Phone',
      width: 16,
      required: false,
      kind: 'text',
      example: '13800000000',
      help: '5–20 位数字，可含 + - 空格',
      helpEn: '5–20 digits, may contain + - and spaces',
    },
  ],
  trailingExtras: ['所在支部名称'],
  notes: [
    '1. 第一个工作表「党员」的第 1 行是表头，请勿修改、删除或调整列的顺序；数据从第 2 行开始，每行一人。',
    '2. 红色表头为必填列；党员还须填写「党员状态」和「所在支部编码」。',
    '3. 导入前系统会逐行校验并列出所有错误（行号、列号、表头和原因）；只要有一行有错误，就不会导入任何数据。',
    '4. 工号不能与系统中已有的工号或表中其他行重复。日期可写作 2020-07-01、2020/7/1 或 Excel 日期格式。',
    '5. 导出的党员名单可直接作为模板修改后导入；末尾的「所在支部名称」列仅供参考，导入时忽略。',
  ],
  notesEn: [
    '1. Row 1 of the first sheet 「党员」 (members) is the header: do not change, delete or reorder its columns; data starts on row 2, one person per row.',
    '2. Red headers are required columns; Party members also need 「党员状态」 (member status) and 「所在支部编码」 (branch code).',
    '3. Before importing, every row is checked and every error listed (row, column, header and reason); if any row has an error, nothing is imported.',
    '4. An employee number may not repeat one already in the system or another row. Dates may be written as 2020-07-01, 2020/7/1 or as Excel dates.',
    '5. An exported member list can be edited and imported as it is; its last column 「所在支部名称」 (branch name) is for reference and ignored on import.',
  ],
};

const genderLabels = new Map<string, 'M' | 'F'>([
  ['男', 'M'],
  ['女', 'F'],
]);
const genderAliases = new Map<string, 'M' | 'F'>([
  ['m', 'M'],
  ['f', 'F'],
  ['male', 'M'],
  ['female', 'F'],
]);
const yesNo = new Map<string, boolean>([
  ['是', true],
  ['否', false],
]);
const yesNoAliases = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['1', true],
  ['0', false],
]);
const statusLabels = new Map<string, 'full' | 'probationary'>([
  ['正式党员', 'full'],
  ['预备党员', 'probationary'],
]);
const statusAliases = new Map<string, 'full' | 'probationary'>([
  ['full', 'full'],
  ['probationary', 'probationary'],
  ['正式', 'full'],
  ['预备', 'probationary'],
]);

/** Labels of the choice columns, shared with the export so an export re-imports unchanged. */
export const genderLabel = { M: '男', F: '女' } as const;
export const statusLabel = { full: '正式党员', probationary: '预备党员' } as const;

const shape = memberCreateBody.shape;
const hints = {
  employeeNo: { zh: '1–32 个字符', en: '1–32 characters' },
  name: { zh: '1–50 个字符', en: '1–50 characters' },
  post: { zh: '最多 50 个字符', en: 'at most 50 characters' },
  phone: { zh: '5–20 位数字，可含 + - 空格', en: '5–20 digits, with + - or spaces' },
  code: { zh: '组织编码', en: 'an organisation code' },
};
// Codes are looked up, not stored: any text up to the org code's length is worth a lookup.
const codeText = memberCreateBody.shape.employeeNo;

interface ParsedMember {
  row: number;
  employeeNo: string | null;
  name: string | null;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
  isPartyMember: boolean;
  status: 'full' | 'probationary' | null;
  joinDate: string | null;
  fullDate: string | null;
  branchCode: string | null;
  unitCode: string | null;
  post: string | null;
  phone: string | null;
}

/** Reads one row's cells into typed values, recording every cell that cannot be read. */
function parseMemberRow(r: SheetRow<MemberKey>, errors: SheetErrors<MemberKey>): ParsedMember {
  const c = r.cells;
  const take = <T>(key: MemberKey, parsed: Parsed<T>, fallback: T): T => {
    if (parsed.ok) return parsed.value;
    errors.addProblem(r.row, key, parsed.problem, c[key]);
    return fallback;
  };
  const p: ParsedMember = {
    row: r.row,
    employeeNo: take('employeeNo', parseField(c.employeeNo, shape.employeeNo, hints.employeeNo), null),
    name: take('name', parseField(c.name, shape.name, hints.name), null),
    gender: take('gender', parseChoice(c.gender, genderLabels, genderAliases), null),
    birthDate: take('birthDate', parseDate(c.birthDate), null),
    isPartyMember: take('isPartyMember', parseChoice(c.isPartyMember, yesNo, yesNoAliases), null) ?? true,
    status: take('status', parseChoice(c.status, statusLabels, statusAliases), null),
    joinDate: take('joinDate', parseDate(c.joinDate), null),
    fullDate: take('fullDate', parseDate(c.fullDate), null),
    branchCode: take('branchCode', parseField(c.branchCode, codeText, hints.code), null),
    unitCode: take('unitCode', parseField(c.unitCode, codeText, hints.code), null),
    post: take('post', parseField(c.post, shape.post.unwrap().unwrap(), hints.post), null),
    phone: take('phone', parseField(c.phone, shape.phone.unwrap().unwrap(), hints.phone), null),
  };
  const required: [MemberKey, unknown, string, string][] = [
    ['employeeNo', p.employeeNo, '请填写工号', 'The employee number is required'],
    ['name', p.name, '请填写姓名', 'The name is required'],
    ['gender', p.gender, '请填写性别（男或女）', 'The gender is required (男 or 女)'],
  ];
  for (const [key, value, zh, en] of required) {
    if (value === null && !errors.has(r.row, key)) errors.add(r.row, key, 'required_value', { zh, en });
  }
  return p;
}

interface Validated {
  rows: ParsedMember[];
  inputs: MemberInput[];
  errors: SheetErrors<MemberKey>;
  branches: Map<string, OrgRow>;
  units: Map<string, OrgRow>;
}

/**
 * Validates every row and collects every error: cell types and choices, required values,
 * 工号 repeated within the sheet or already in the database, codes that name no branch or
 * unit, and the member rules of the member service (branch kind and state, permission),
 * which see the whole sheet at once so that lookups cost a few queries, not one per row.
 */
async function validateMembers(ctx: Ctx, db: DbOrTrx, sheet: SheetRow<MemberKey>[]): Promise<Validated> {
  const errors = new SheetErrors(membersSheetSpec);
  const rows = sheet.map((r) => parseMemberRow(r, errors));

  const firstRowOf = new Map<string, number>();
  for (const p of rows) {
    if (p.employeeNo === null) continue;
    const first = firstRowOf.get(p.employeeNo);
    if (first === undefined) firstRowOf.set(p.employeeNo, p.row);
    else {
      errors.add(
        p.row,
        'employeeNo',
        'duplicate_in_sheet',
        {
          zh: `工号「${p.employeeNo}」与第 ${first} 行重复`,
          en: `Employee number ${p.employeeNo} repeats row ${first}`,
        },
        p.employeeNo,
      );
    }
  }

  const codes = rows.flatMap((p) => [p.branchCode, p.unitCode]).filter((c): c is string => c !== null);
  const found = await findOrgsByCodes(db, codes);
  const branches = new Map(found.filter((o) => o.tree === 'party').map((o) => [o.code, o]));
  const units = new Map(found.filter((o) => o.tree === 'unit').map((o) => [o.code, o]));
  for (const p of rows) {
    if (p.branchCode !== null && !branches.has(p.branchCode)) {
      const isUnit = units.has(p.branchCode);
      errors.add(
        p.row,
        'branchCode',
        isUnit ? 'not_a_branch' : 'unknown_org_code',
        isUnit
          ? {
              zh: `「${p.branchCode}」是行政单位的编码，请填写党支部或党小组的编码`,
              en: `${p.branchCode} is the code of an administrative unit, not of a branch`,
            }
          : {
              zh: `找不到编码为「${p.branchCode}」的党组织`,
              en: `No party organisation has the code ${p.branchCode}`,
            },
        p.branchCode,
      );
    }
    if (p.unitCode !== null && !units.has(p.unitCode)) {
      errors.add(
        p.row,
        'unitCode',
        'unknown_org_code',
        {
          zh: `找不到编码为「${p.unitCode}」的行政单位`,
          en: `No administrative unit has the code ${p.unitCode}`,
        },
        p.unitCode,
      );
    }
  }

  // Rows with unreadable cells still go through the rules, with stand-ins where a value is
  // missing, so that one pass reports everything; a cell keeps only its first error.
  const inputs: MemberInput[] = rows.map((p) => ({
    employeeNo: p.employeeNo ?? '',
    name: p.name ?? '',
    gender: p.gender ?? 'M',
    birthDate: p.birthDate,
    isPartyMember: p.isPartyMember,
    status: p.status,
    joinDate: p.joinDate,
    fullDate: p.fullDate,
    branchId: p.branchCode === null ? null : (branches.get(p.branchCode)?.id ?? null),
    unitId: p.unitCode === null ? null : (units.get(p.unitCode)?.id ?? null),
    post: p.post,
    phone: p.phone,
  }));
  const ruleErrors = await checkNewMembers(ctx, db, inputs);
  const names = new Map(found.map((o) => [o.id, o.name]));
  const orgName = (id: number | null | undefined) => (id == null ? '' : (names.get(id) ?? String(id)));
  rows.forEach((p, i) => {
    const input = inputs[i] as MemberInput;
    for (const [field, err] of Object.entries(ruleErrors[i] ?? {})) {
      if (field === 'employeeNo') {
        if (p.employeeNo === null) continue;
        errors.add(
          p.row,
          'employeeNo',
          err.code,
          {
            zh: `工号「${p.employeeNo}」已存在于系统中`,
            en: `Employee number ${p.employeeNo} is already in use`,
          },
          p.employeeNo,
        );
      } else if (field === 'status') {
        errors.add(p.row, 'status', 'required_value', {
          zh: '党员须填写党员状态（正式党员或预备党员）',
          en: 'A party member needs a status (正式党员 or 预备党员)',
        });
      } else if (field === 'unitId') {
        errors.add(
          p.row,
          'unitCode',
          'unknown_org_code',
          {
            zh: `找不到编码为「${p.unitCode}」的行政单位`,
            en: `No administrative unit has the code ${p.unitCode}`,
          },
          p.unitCode,
        );
      } else if (err.code === 'forbidden') {
        const orgId = (err.details as { orgId?: number } | undefined)?.orgId;
        const column: MemberKey = orgId === input.branchId ? 'branchCode' : 'unitCode';
        errors.add(
          p.row,
          column,
          'forbidden',
          {
            zh: `您无权管理「${orgName(orgId)}」的党员`,
            en: `You may not manage the members of ${orgName(orgId)}`,
          },
          column === 'branchCode' ? p.branchCode : p.unitCode,
        );
      } else if (err.code === 'validation_failed') {
        errors.add(
          p.row,
          'branchCode',
          'required_value',
          p.isPartyMember
            ? { zh: '党员须填写所在支部编码', en: 'A party member needs a branch code' }
            : {
                zh: '非党员职工须填写所在支部编码或所属单位编码',
                en: 'Staff need a branch code or a unit code',
              },
        );
      } else if (err.code === 'not_a_branch') {
        errors.add(
          p.row,
          'branchCode',
          'not_a_branch',
          {
            zh: `「${orgName(input.branchId)}」不是党支部或党小组，党员只能编入党支部或党小组`,
            en: `${orgName(input.branchId)} is not a branch or party group; members belong to one of those`,
          },
          p.branchCode,
        );
      } else if (err.code === 'org_inactive') {
        errors.add(
          p.row,
          'branchCode',
          'org_inactive',
          {
            zh: `「${orgName(input.branchId)}」已撤销`,
            en: `${orgName(input.branchId)} is no longer active`,
          },
          p.branchCode,
        );
      } else {
        errors.add(
          p.row,
          'branchCode',
          err.code,
          { zh: err.messageIn('zh-CN'), en: err.messageIn('en') },
          p.branchCode,
        );
      }
    }
  });
  return { rows, inputs, errors, branches, units };
}

function previewOf(v: Validated): ImportResult['preview'] {
  return v.rows.slice(0, PREVIEW_ROWS).map((p) => ({
    row: p.row,
    ok: !v.errors.rowFailed(p.row),
    values: {
      employeeNo: p.employeeNo,
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      isPartyMember: p.isPartyMember,
      status: p.isPartyMember ? p.status : null,
      joinDate: p.joinDate,
      fullDate: p.fullDate,
      branchCode: p.branchCode,
      branchName: p.branchCode === null ? null : (v.branches.get(p.branchCode)?.name ?? null),
      unitCode: p.unitCode,
      unitName: p.unitCode === null ? null : (v.units.get(p.unitCode)?.name ?? null),
      post: p.post,
      phone: p.phone,
    },
  }));
}

/**
 * Imports members from an xlsx made from the template. Without `commit`, validates and
 * returns the preview and every error, writing nothing. With `commit`, validates again inside
 * one transaction (so nothing can slip in between) and, only if every row passes, inserts all
 * rows in batches with their branch history and audit entries, then one `import.members`
 * summary entry; any error rolls everything back (`import_has_errors` lists the errors).
 */
export async function importMembersFromXlsx(
  ctx: Ctx,
  buffer: Buffer,
  opts: ImportOptions,
): Promise<ImportResult> {
  const sheet = await readXlsxSheet(buffer, membersSheetSpec, { maxRows: MAX_IMPORT_ROWS });
  const maxErrors = opts.maxErrors ?? DEFAULT_MAX_ERRORS;
  const resultOf = (v: Validated, imported: number) =>
    importResultOf(
      'members',
      membersSheetSpec,
      sheet.length,
      v.errors,
      previewOf(v),
      ctx.locale,
      maxErrors,
      imported,
    );
  if (!opts.commit) return resultOf(await validateMembers(ctx, ctx.db, sheet), 0);

  return ctx.db.transaction().execute(async (trx) => {
    const v = await validateMembers(ctx, trx, sheet);
    if (v.errors.count > 0) throw importHasErrors(resultOf(v, 0));
    const total = v.inputs.length;
    opts.onProgress?.(0, total);
    const at = nowIso(ctx.clock);
    for (let i = 0; i < total; i += WRITE_BATCH) {
      const { audits } = await insertCheckedMembers(ctx, trx, v.inputs.slice(i, i + WRITE_BATCH), at);
      await appendAudit(trx, ctx.user, at, audits);
      opts.onProgress?.(Math.min(i + WRITE_BATCH, total), total);
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'import.members',
        entityType: 'import',
        after: { rows: total, sha256: fileHash(buffer), bytes: buffer.length },
      },
    ]);
    return resultOf(v, total);
  });
}
