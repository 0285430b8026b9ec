import ExcelJS from 'exceljs';
import { beijingMinute, type CellStatus } from '../../../domain/terms/index.js';
import type { Ctx } from '../../lib/context.js';
import { workbookToBuffer } from '../../lib/excel.js';
import { termMatrix } from './terms.service.js';

const label: Record<CellStatus, string> = {
  done: '✓ 完成',
  late: '补 逾期完成',
  missing: '✗ 未完成',
  open: '进行中',
  not_assigned: '—',
};
const fill: Partial<Record<CellStatus, string>> = {
  done: 'FFD9F7BE',
  late: 'FFFFE7BA',
  missing: 'FFFFCCC7',
  open: 'FFE6F4FF',
};

/**
 * The org × term matrix as an xlsx: every branch the viewer reaches (same rules as the page),
 * one column per term with its start, totals per branch on the right and per term at the bottom.
 */
export async function exportMatrixXlsx(
  ctx: Ctx,
  id: number,
  orgId: number | undefined,
): Promise<{ fileName: string; buffer: Buffer }> {
  const m = await termMatrix(ctx, id, { orgId, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const title = `${m.year} 年党建工作二十四节气月例表完成情况`;
  wb.title = title;
  const ws = wb.addWorksheet('月例表', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
    headerFooter: { oddHeader: `&C${title}`, oddFooter: '&C第 &P 页，共 &N 页' },
  });
  const totalsHeader = ['完成', '逾期完成', '未完成', '进行中', '未下达'];
  ws.addRow([
    '支部编码',
    '支部',
    ...m.terms.map((t) => `${t.name}\n${beijingMinute(t.startsAt)}`),
    ...totalsHeader,
  ]);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 24;
  for (let c = 3; c < 3 + m.terms.length; c += 1) ws.getColumn(c).width = 11;
  for (const r of m.items) {
    const row = ws.addRow([
      r.orgCode,
      r.orgName,
      ...r.cells.map((c) =>
        c.assigned > 1 && c.status !== 'not_assigned'
          ? `${label[c.status]} ${c.done}/${c.assigned}`
          : label[c.status],
      ),
      r.totals.done,
      r.totals.late,
      r.totals.missing,
      r.totals.open,
      r.totals.not_assigned,
    ]);
    r.cells.forEach((c, i) => {
      const color = fill[c.status];
      if (color) row.getCell(3 + i).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: color } };
    });
  }
  for (const [i, key] of (['done', 'late', 'missing', 'open', 'not_assigned'] as const).entries()) {
    const row = ws.addRow(['', `合计：${totalsHeader[i]}`, ...m.termTotals.map((t) => t[key])]);
    row.font = { bold: true };
  }
  return { fileName: `${m.year}年二十四节气月例表完成情况.xlsx`, buffer: await workbookToBuffer(wb) };
}
