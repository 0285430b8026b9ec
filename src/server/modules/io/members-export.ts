import ExcelJS from 'exceljs';
import type { MemberExportQuery } from '../../../contracts/io.js';
import { type Ctx, todayInChina } from '../../lib/context.js';
import { addDataSheet, workbookToBuffer } from '../../lib/excel.js';
import { eachMemberPage } from '../member/member.service.js';
import { orgLabelsByIds } from './io.repo.js';
import { genderLabel, membersSheetSpec, statusLabel } from './members-import.js';

/** The reference column an export adds after the template's columns (ignored on import). */
export const BRANCH_NAME_HEADER = '所在支部名称';

/** Dates go out as real Excel dates (sortable, shown as yyyy-mm-dd), at UTC midnight so they read back as the same day. */
const excelDate = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

/**
 * The member list as an xlsx: the members GET /api/v1/members finds for the same filters and
 * the same user (every page), laid out like the import template plus the branch name, so an
 * export can be edited and imported again.
 */
export async function exportMembersXlsx(
  ctx: Ctx,
  query: MemberExportQuery,
): Promise<{ fileName: string; buffer: Buffer; rows: number }> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = addDataSheet(wb, membersSheetSpec, [BRANCH_NAME_HEADER]);
  const labels = new Map<number, { code: string; name: string }>();
  let rows = 0;
  for await (const page of eachMemberPage(ctx, query)) {
    const missing = page
      .flatMap((m) => [m.branch_id, m.unit_id])
      .filter((id): id is number => id !== null && !labels.has(id));
    for (const [id, l] of await orgLabelsByIds(ctx.db, missing)) labels.set(id, l);
    for (const m of page) {
      ws.addRow([
        m.employee_no,
        m.name,
        genderLabel[m.gender],
        excelDate(m.birth_date),
        m.is_party_member ? '是' : '否',
        m.status ? statusLabel[m.status] : null,
        excelDate(m.join_date),
        excelDate(m.full_date),
        m.branch_id === null ? null : (labels.get(m.branch_id)?.code ?? null),
        m.unit_id === null ? null : (labels.get(m.unit_id)?.code ?? null),
        m.post,
        m.phone,
        m.branch_name,
      ]);
      rows += 1;
    }
  }
  const stamp = todayInChina(ctx.clock).replaceAll('-', '');
  return { fileName: `党员名单-${stamp}.xlsx`, buffer: await workbookToBuffer(wb), rows };
}
