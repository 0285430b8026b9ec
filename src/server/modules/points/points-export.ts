import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { boardExportQuery, yearExportQuery } from '../../../contracts/points.js';
import type { Hundredths } from '../../../domain/points/hundredths.js';
import { tierLabels, tierReasonLabels } from '../../../domain/points/tiers.js';
import { type Ctx, todayInChina } from '../../lib/context.js';
import { workbookToBuffer } from '../../lib/excel.js';
import { board } from './quarter.service.js';
import { allYearResults } from './year.service.js';

/** The board and the year's tiers as xlsx files. */

const POINTS_FMT = '0.00';
/** Hundredths as an Excel number shown with two decimals (display only: the sum stays exact in hundredths). */
const asPoints = (h: Hundredths | null) => (h === null ? null : h / 100);

/**
 * The board (亮分榜) as an xlsx: every row the board shows for the same query and viewer (all
 * pages), with the board's privacy (hidden deductions stay hidden), scores with two decimals,
 * laid out to print on landscape pages with the header repeated.
 */
export async function exportBoardXlsx(
  ctx: Ctx,
  query: z.infer<typeof boardExportQuery>,
): Promise<{ fileName: string; buffer: Buffer; rows: number }> {
  const b = await board(ctx, { ...query, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  wb.title = `${b.orgName} ${b.quarter} 亮分榜`;
  const ws = wb.addWorksheet('亮分榜', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
    headerFooter: { oddHeader: `&C${b.orgName} ${b.quarter} 亮分榜`, oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = [
    { header: '排名', key: 'rank', width: 6 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '工号', key: 'employeeNo', width: 14, style: { numFmt: '@' } },
    { header: '支部', key: 'branch', width: 24 },
    { header: '总分', key: 'total', width: 9, style: { numFmt: POINTS_FMT } },
    { header: '政治素质', key: 'political', width: 10, style: { numFmt: POINTS_FMT } },
    { header: '专业素质', key: 'professional', width: 10, style: { numFmt: POINTS_FMT } },
    { header: '文明素质', key: 'civility', width: 10, style: { numFmt: POINTS_FMT } },
    { header: '扣分', key: 'deductions', width: 9, style: { numFmt: POINTS_FMT } },
    { header: '较上季度', key: 'movement', width: 10, style: { numFmt: '+0;-0;0' } },
  ];
  ws.getRow(1).font = { bold: true };
  ws.pageSetup.printTitlesRow = '1:1';
  for (const r of b.items) {
    ws.addRow({
      rank: r.rank,
      name: r.name,
      employeeNo: r.employeeNo,
      branch: r.branchName,
      total: asPoints(r.total),
      political: asPoints(r.political),
      professional: asPoints(r.professional),
      civility: asPoints(r.civility),
      // The board hides others' deductions from members: the sheet says so rather than showing 0.
      deductions: r.deductions === null ? '—' : asPoints(r.deductions),
      movement: r.movement === null ? '—' : r.movement,
    });
  }
  return {
    fileName: `亮分榜-${b.orgName}-${b.quarter}.xlsx`,
    buffer: await workbookToBuffer(wb),
    rows: b.items.length,
  };
}

/**
 * The year's tier results (年度等次) as an xlsx: every row of the list for the same filters and
 * viewer, with the four quarter scores, the annual score, the tier, the reason in words, the
 * veto and the review flag.
 */
export async function exportYearXlsx(
  ctx: Ctx,
  schemeId: number,
  query: z.infer<typeof yearExportQuery>,
): Promise<{ fileName: string; buffer: Buffer; rows: number }> {
  const { scheme, orgName, rows } = await allYearResults(ctx, schemeId, query);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = wb.addWorksheet('年度等次', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
    headerFooter: {
      oddHeader: `&C${orgName} ${scheme.year} 年度党员积分等次`,
      oddFooter: '&C第 &P 页，共 &N 页',
    },
  });
  ws.columns = [
    { header: '考核范围', key: 'scope', width: 16 },
    { header: '范围内排名', key: 'rank', width: 10 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '工号', key: 'employeeNo', width: 14, style: { numFmt: '@' } },
    { header: '支部', key: 'branch', width: 24 },
    { header: '一季度', key: 'q1', width: 9, style: { numFmt: POINTS_FMT } },
    { header: '二季度', key: 'q2', width: 9, style: { numFmt: POINTS_FMT } },
    { header: '三季度', key: 'q3', width: 9, style: { numFmt: POINTS_FMT } },
    { header: '四季度', key: 'q4', width: 9, style: { numFmt: POINTS_FMT } },
    { header: '年度得分', key: 'annual', width: 10, style: { numFmt: POINTS_FMT } },
    { header: '等次', key: 'tier', width: 8 },
    { header: '评定方式', key: 'reason', width: 14 },
    { header: '一票否决', key: 'veto', width: 8 },
    { header: '需复核', key: 'flagged', width: 8 },
    { header: '评定依据', key: 'text', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.pageSetup.printTitlesRow = '1:1';
  for (const r of rows) {
    const q = r.explanation.quarters;
    ws.addRow({
      scope: r.scopeOrgName,
      rank: r.rankInScope,
      name: r.name,
      employeeNo: r.employeeNo,
      branch: r.branchName,
      q1: asPoints(q[0]?.total ?? null),
      q2: asPoints(q[1]?.total ?? null),
      q3: asPoints(q[2]?.total ?? null),
      q4: asPoints(q[3]?.total ?? null),
      annual: asPoints(r.annualScore),
      tier: tierLabels[r.tier].zh,
      reason: tierReasonLabels[r.reason].zh,
      veto: r.hasVeto ? '是' : '否',
      flagged: r.flagged ? '是' : '否',
      text: r.explanation.text.zh,
    });
  }
  const stamp = todayInChina(ctx.clock).replaceAll('-', '');
  return {
    fileName: `年度等次-${scheme.year}-${orgName}-${stamp}.xlsx`,
    buffer: await workbookToBuffer(wb),
    rows: rows.length,
  };
}
