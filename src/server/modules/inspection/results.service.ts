/**
 * Results of a campaign (SPEC §5): each unit's five components, the composite with the void
 * rule, competition ranks, and the explanation of every number. Until publication they are
 * computed on each read, for the organiser and the committee only; publication stores them
 * (`insp_result`, with the weight version and rule version) and every later read shows those.
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type {
  componentChart,
  ResultRow,
  ResultsResponse,
  unitResultResponse,
} from '../../../contracts/inspection.js';
import type { Db, DbOrTrx } from '../../../db/kysely.js';
import {
  type ComponentKey,
  competitionRanks,
  componentKeys,
  explainUnit,
  RULE_VERSION,
  type UnitExplanation,
} from '../../../domain/inspection/index.js';
import type { Ctx } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { workbookToBuffer } from '../../lib/excel.js';
import { reachesInto } from '../../lib/permissions.js';
import { externalComponents } from './external-components.js';
import { loadCampaign, requireTargetUnit, rolesAtCampaign, unitsOfUser } from './inspection.common.js';
import * as repo from './inspection.repo.js';
import { findingViews, rectificationViewOf } from './views.js';
import { weightsInForce } from './weights.js';

export interface ComputedResults {
  weightVersion: number;
  weights: ResultsResponse['weights'];
  rows: ResultRow[];
  explanations: Map<number, UnitExplanation>;
}

const componentLabels: Record<ComponentKey, { zh: string; en: string }> = {
  selfCheck: { zh: '自查自评', en: 'Self-check' },
  report: { zh: '听取汇报', en: 'Report hearing' },
  document: { zh: '查阅资料', en: 'Document review' },
  democratic: { zh: '民主测评', en: 'Democratic evaluation' },
  ledger: { zh: '抽查台帐', en: 'Ledger spot-check' },
};

/** Every unit's components, composite and rank, computed from the stored inputs now. */
export async function computeResults(db: DbOrTrx, c: repo.CampaignRow): Promise<ComputedResults> {
  const units = await repo.campaignUnits(db, c.id);
  const crit = await repo.criteria(db, c.id);
  const selfs = await repo.resultSelfScores(db, c.id);
  const hearing = await repo.resultHearingScores(db, c.id);
  const finds = await repo.resultDeductions(db, c.id);
  const w = await weightsInForce(db, c.id);
  const ext = await externalComponents(db as Db, c.id);
  const codeOf = new Map(crit.map((k) => [k.id, k.code]));
  const explanations = new Map<number, UnitExplanation>();
  // Rows grouped by unit once, so 400 units cost one pass over each table's rows.
  const byUnit = <T extends { org_id: number }>(rows: readonly T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.org_id);
      if (list) list.push(r);
      else m.set(r.org_id, [r]);
    }
    return m;
  };
  const selfsBy = byUnit(selfs);
  const findsBy = byUnit(finds);
  const hearingBy = byUnit(hearing);
  const base = units.map((u) => {
    const selfScores = new Map(
      (selfsBy.get(u.org_id) ?? []).map((s) => [codeOf.get(s.criterion_id) ?? '', s.score]),
    );
    const deductions = new Map<string, number[]>();
    for (const f of findsBy.get(u.org_id) ?? []) {
      const list = deductions.get(f.criterion_code) ?? [];
      list.push(f.deduction);
      deductions.set(f.criterion_code, list);
    }
    const reportScores = (hearingBy.get(u.org_id) ?? []).map((h) => h.score);
    const e =
      crit.length === 0
        ? null
        : explainUnit(
            {
              criteria: crit.map((k) => ({ code: k.code, max: k.max_points })),
              selfScores,
              selfSubmitted: u.self_submitted_at !== null,
              reportScores,
              deductions,
              democratic: ext.democratic.get(u.org_id) ?? null,
              ledger: ext.ledger.get(u.org_id) ?? null,
            },
            w.weights,
            w.version,
          );
    if (e) explanations.set(u.org_id, e);
    const unscored: string[] = [];
    if (crit.length === 0) unscored.push('criteria');
    if (reportScores.length === 0) unscored.push('report');
    if (u.review_done_at === null) unscored.push('document');
    return { u, e, unscored };
  });
  const ranks = competitionRanks(base.map((b) => b.e?.composite ?? null));
  const rows: ResultRow[] = base.map(({ u, e, unscored }, i) => ({
    unitId: u.org_id,
    unitCode: u.code,
    unitName: u.name,
    components: e?.components ?? {
      selfCheck: null,
      report: null,
      document: null,
      democratic: null,
      ledger: null,
    },
    voided: e ? [...e.weightsUsed.voided] : [...componentKeys],
    weightsUsed: e?.weightsUsed.display ?? { selfCheck: 0, report: 0, document: 0, democratic: 0, ledger: 0 },
    composite: e?.composite ?? null,
    rank: ranks[i] ?? null,
    unscored,
  }));
  rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.unitCode.localeCompare(b.unitCode));
  return { weightVersion: w.version, weights: w.weights, rows, explanations };
}

/** Stores the published results (called inside the publishing transaction). */
export async function storeResults(db: DbOrTrx, c: repo.CampaignRow, r: ComputedResults, at: string) {
  await repo.insertResults(
    db,
    r.rows.map((row) => ({
      campaign_id: c.id,
      org_id: row.unitId,
      composite: row.composite,
      rank: row.rank,
      weight_version: r.weightVersion,
      rule_version: RULE_VERSION,
      explanation_json: JSON.stringify({ row, explanation: r.explanations.get(row.unitId) ?? null }),
      published_at: at,
    })),
  );
}

interface Stored {
  row: ResultRow;
  explanation: UnitExplanation | null;
}

/** The results the caller may read: stored once published; computed before, for affairs and the committee. */
async function readableResults(
  ctx: Ctx,
  c: repo.CampaignRow,
): Promise<ComputedResults & { published: boolean }> {
  if (c.state === 'published') {
    if (!(await reachesInto(ctx.db, ctx.user, 'inspection.results.read', c.org_id)))
      throw new AppError('forbidden', { permission: 'inspection.results.read', orgId: c.org_id });
    const stored = await repo.storedResults(ctx.db, c.id);
    const parsed = stored.map((s) => JSON.parse(s.explanation_json) as Stored);
    const first = parsed.find((p) => p.explanation)?.explanation;
    const rows = parsed
      .map((p) => p.row)
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.unitCode.localeCompare(b.unitCode));
    return {
      published: true,
      weightVersion: stored[0]?.weight_version ?? 0,
      weights: first?.weights ?? { selfCheck: 0, report: 0, document: 0, democratic: 0, ledger: 0 },
      rows,
      explanations: new Map(
        parsed.filter((p) => p.explanation).map((p) => [p.row.unitId, p.explanation as UnitExplanation]),
      ),
    };
  }
  const roles = await rolesAtCampaign(ctx.db, ctx.user, c);
  if (!roles.includes('affairs') && !roles.includes('committee'))
    throw new AppError('forbidden', {
      permission: 'inspection.results.read',
      orgId: c.org_id,
      state: c.state,
    });
  return { published: false, ...(await computeResults(ctx.db, c)) };
}

/** Sentences the results carry: void components and the spread of their weight. */
function notesOf(rows: readonly ResultRow[]): ResultsResponse['notes'] {
  const notes: ResultsResponse['notes'] = [];
  for (const k of componentKeys) {
    const units = rows.filter((r) => r.voided.includes(k));
    if (units.length === 0) continue;
    const names = units.map((u) => u.unitName).join('、');
    notes.push({
      'zh-CN': `${componentLabels[k].zh}无有效成绩（${units.length} 个单位：${names}）：该部分作废，其权重按比例分配到其他部分`,
      en: `${componentLabels[k].en} has no valid score for ${units.length} unit(s) (${units.map((u) => u.unitName).join(', ')}): it is void and its weight is spread over the other components in proportion`,
    });
  }
  return notes;
}

/** The ranking with every component (SPEC §5 publication). */
export async function getResults(ctx: Ctx, id: number): Promise<ResultsResponse> {
  const c = await loadCampaign(ctx.db, id);
  const r = await readableResults(ctx, c);
  const org = (await repo.orgsByIds(ctx.db, [c.org_id]))[0];
  return {
    campaignId: c.id,
    year: c.year,
    title: c.title,
    orgName: org?.name ?? '',
    state: c.state,
    published: r.published,
    publishedAt: c.published_at,
    ruleVersion: RULE_VERSION,
    weightVersion: r.weightVersion,
    weights: r.weights,
    rows: r.rows,
    notes: notesOf(r.rows),
  };
}

/**
 * One unit's result drilled down to its inputs: for those who read the results, and for the
 * unit's own people once published.
 */
export async function getUnitResult(
  ctx: Ctx,
  id: number,
  unitId: number,
): Promise<z.infer<typeof unitResultResponse>> {
  const c = await loadCampaign(ctx.db, id);
  const u = await requireTargetUnit(ctx.db, id, unitId);
  let r: Awaited<ReturnType<typeof readableResults>>;
  try {
    r = await readableResults(ctx, c);
  } catch (e) {
    const mine = await unitsOfUser(ctx.db, ctx.user, [unitId]);
    if (!(e instanceof AppError) || c.state !== 'published' || !mine.belongs.has(unitId)) throw e;
    const stored = (await repo.storedResults(ctx.db, c.id)).map(
      (s) => JSON.parse(s.explanation_json) as Stored,
    );
    r = {
      published: true,
      weightVersion: 0,
      weights: { selfCheck: 0, report: 0, document: 0, democratic: 0, ledger: 0 },
      rows: stored.map((s) => s.row),
      explanations: new Map(
        stored.filter((s) => s.explanation).map((s) => [s.row.unitId, s.explanation as UnitExplanation]),
      ),
    };
  }
  const row = r.rows.find((x) => x.unitId === unitId);
  const e = r.explanations.get(unitId);
  if (!row || !e) throw new AppError('not_found', { entity: 'insp_result', campaignId: id, unitId });
  const crit = await repo.criteria(ctx.db, id);
  const rects = await repo.rectifications(ctx.db, { campaignId: id, unitIds: [unitId] });
  const today = new Date(ctx.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return {
    campaignId: id,
    year: c.year,
    unitId,
    unitName: u.name,
    published: r.published,
    rank: row.rank,
    explanation: {
      ...e,
      weightsUsed: { ...e.weightsUsed, voided: [...e.weightsUsed.voided] },
      inputs: {
        ...e.inputs,
        selfCheck: {
          ...e.inputs.selfCheck,
          criteria: e.inputs.selfCheck.criteria.map((k) => ({ code: k.code, max: k.max, self: k.self })),
        },
        report: {
          scores: [...e.inputs.report.scores],
          kept: [...e.inputs.report.kept],
          dropped: [...e.inputs.report.dropped],
        },
        document: { criteria: [...e.inputs.document.criteria] },
      },
    },
    criteria: crit.map((k) => ({
      id: k.id,
      code: k.code,
      name: k.name,
      max: k.max_points,
      whatToCheck: k.what_to_check,
    })),
    findings: await findingViews(ctx.db, await repo.findings(ctx.db, id, unitId)),
    rectifications: rects.map((x) => rectificationViewOf(x, today)),
  };
}

const pts = (v: number | null) => (v === null ? '' : (v / 100).toFixed(2));

/** The ranking as an xlsx: one row per unit with every component, the composite and the rank. */
export async function resultsXlsx(ctx: Ctx, id: number): Promise<{ fileName: string; buffer: Buffer }> {
  const res = await getResults(ctx, id);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe 党建考核管理平台';
  const ws = wb.addWorksheet('考评结果');
  ws.columns = [
    { header: '名次', key: 'rank', width: 8 },
    { header: '单位编码', key: 'code', width: 12 },
    { header: '单位', key: 'name', width: 24 },
    ...componentKeys.map((k) => ({
      header: `${componentLabels[k].zh}（${res.weights[k]}%）`,
      key: k,
      width: 14,
    })),
    { header: '综合得分', key: 'composite', width: 12 },
    { header: '说明', key: 'note', width: 40 },
  ];
  for (const r of res.rows) {
    ws.addRow({
      rank: r.rank ?? '',
      code: r.unitCode,
      name: r.unitName,
      ...Object.fromEntries(
        componentKeys.map((k) => [k, r.voided.includes(k) ? '作废' : pts(r.components[k])]),
      ),
      composite: pts(r.composite),
      note: r.voided.length
        ? `作废：${r.voided.map((k) => componentLabels[k].zh).join('、')}，权重按比例分配`
        : '',
    });
  }
  ws.addRow([]);
  ws.addRow([
    `规则版本 ${res.ruleVersion}，权重版本 ${res.weightVersion}${res.published ? '' : '（未公布，仅供审定）'}`,
  ]);
  for (const n of res.notes) ws.addRow([n['zh-CN']]);
  return { fileName: `${res.year}年度综合检查考核结果.xlsx`, buffer: await workbookToBuffer(wb) };
}

/** Components per unit, in ranking order, for the chart. */
export async function chartOf(ctx: Ctx, id: number): Promise<z.infer<typeof componentChart>> {
  const res = await getResults(ctx, id);
  return {
    units: res.rows.map((r) => r.unitName),
    series: componentKeys.map((k) => ({ key: k, values: res.rows.map((r) => r.components[k]) })),
    composite: res.rows.map((r) => r.composite),
  };
}
