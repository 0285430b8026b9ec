import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { type Insertable, sql } from 'kysely';
import { createRng, insertInChunks, type Rng, rowsPerInsert } from '../src/cli/seed-demo.js';
import type { DatabaseHandle, Db, DbOrTrx } from '../src/db/kysely.js';
import type {
  BeBranchMonthTable,
  BeIndicatorRankTable,
  BeMonthScoreTable,
  BePeerScoreTable,
  BeSelfScoreTable,
  BeVerificationTable,
  EvidenceLinkTable,
  FileUploadTable,
} from '../src/db/types.js';
import type { Role } from '../src/domain/access/roles.js';
import {
  assignPeerRaters,
  type Category,
  crammingShare,
  type IndicatorInputs,
  type PlanTemplate,
  type PreviousRank,
  rankByIndicator,
  rankMonth,
  scoreMonth,
  tailorPlan,
} from '../src/domain/branch-eval/index.js';
import { type IsoDate, monthKey, monthRange, quarterRange } from '../src/domain/calendar/index.js';
import type { AuthUser, Clock, Ctx } from '../src/server/lib/context.js';
import { bumpDataVersion } from '../src/server/lib/data-version.js';
import { monthParts, parsePlanJson, planJson } from '../src/server/modules/branch-eval/branch-eval.common.js';
import type { StoredExplanation } from '../src/server/modules/branch-eval/compute.js';
import { issueIntegrationKey } from '../src/server/modules/branch-eval/integration/integration.service.js';
import {
  createIndicator,
  createTemplate,
} from '../src/server/modules/branch-eval/library/library.service.js';
import {
  approveMonth,
  ensureMonth,
  getMonth,
  publishMonth,
} from '../src/server/modules/branch-eval/round/round.service.js';
import { bootstrapUser, systemActor } from '../src/server/modules/org/bootstrap.js';
import { branchesUnder } from '../src/server/modules/org/org.service.js';
import { benchApp, benchLogin, partyRoot } from './app.js';
import { pagesOverHttp } from './http.js';
import { timedStatements } from './statements.js';
import { fmtLatency, measure, recordGrowth } from './stats.js';

/**
 * The branch-eval section of `npm run bench` (SPEC §3 联评联考 at §8 scale): ONE round at the root
 * committee, i.e. every branch of the generated organisation (6,000 at province scale) is
 * evaluated, scored and ranked together — the largest round the module supports (plans carry the
 * round's org; a round per city committee would be 14 rounds of ~430). Peer groups are the
 * module's default: all branches under the same nearest committee (党委).
 *
 * What is generated and what is measured:
 * - through the use cases (cheap): the indicator library (createIndicator), the template
 *   (createTemplate), each detailed month with its default peer assignment (ensureMonth →
 *   addDefaultAssignments), and — MEASURED — the committee's approval of each detailed month
 *   (approveMonth: scores, rankings by total and by indicator with movement, all stored in one
 *   transaction), its publication, and the API pages afterwards;
 * - written directly with multi-row inserts (through the use cases this would take hours of
 *   one-statement-per-row writes): the four quarters' approved plans of every branch (one in ten
 *   tailored), and for the detailed months every branch's verified month, self scores, peer
 *   scores of every assigned rater, verifications and evidence files;
 * - the detailed months are the last `--be-detail-months` (default 2) of the year; the months
 *   before them (movement, quarter and annual boards need them) are generated cheaply: scores
 *   computed here with the domain's own scoreMonth / rankMonth / rankByIndicator over generated
 *   inputs (peer scores kept in memory only, so explanations have their real size) and stored as
 *   approved and published, with indicator ranks for the last of them only (the next month's
 *   movement reads them) — no self, peer or verification rows are written for them.
 *
 * At province scale (6,000 branches, ~317,000 rater pairs, ~950,000 peer scores a month) this
 * section takes about 3 minutes on SQLite and 4–5 on PostgreSQL on a 2-core machine.
 */
const YEAR = 2025;
/** Every 2025 month is closed (self and peer windows past) on this date; the bench runs on it. */
export const NOW = '2026-01-20T02:00:00.000Z';
const PASSWORD = 'Bench-pass-1';

interface LibraryIndicator {
  code: string;
  name: string;
  category: Category;
  maxPoints: number;
  criteria: string;
  evidenceRequired: boolean;
}

/** 100 points over mandatory 30 + basic 40 + evaluative 30, innovation up to 10 (B05 is for tailoring). */
const LIBRARY: LibraryIndicator[] = [
  {
    code: 'M01',
    name: '按期召开支部委员会',
    category: 'mandatory',
    maxPoints: 1000,
    criteria: '每月至少 1 次',
    evidenceRequired: true,
  },
  {
    code: 'M02',
    name: '按期开展主题党日',
    category: 'mandatory',
    maxPoints: 1000,
    criteria: '每月 1 次',
    evidenceRequired: true,
  },
  {
    code: 'M03',
    name: '按时足额交纳党费',
    category: 'mandatory',
    maxPoints: 1000,
    criteria: '按月交纳',
    evidenceRequired: true,
  },
  {
    code: 'B01',
    name: '三会一课',
    category: 'basic',
    maxPoints: 1000,
    criteria: '按计划开展',
    evidenceRequired: false,
  },
  {
    code: 'B02',
    name: '理论学习',
    category: 'basic',
    maxPoints: 1000,
    criteria: '按计划开展',
    evidenceRequired: false,
  },
  {
    code: 'B03',
    name: '党员教育管理',
    category: 'basic',
    maxPoints: 1000,
    criteria: '',
    evidenceRequired: false,
  },
  {
    code: 'B04',
    name: '组织生活会',
    category: 'basic',
    maxPoints: 1000,
    criteria: '',
    evidenceRequired: false,
  },
  {
    code: 'B05',
    name: '发展党员',
    category: 'basic',
    maxPoints: 1000,
    criteria: '',
    evidenceRequired: false,
  },
  {
    code: 'E01',
    name: '党建与业务融合',
    category: 'evaluative',
    maxPoints: 1000,
    criteria: '互评',
    evidenceRequired: false,
  },
  {
    code: 'E02',
    name: '群众满意度',
    category: 'evaluative',
    maxPoints: 1000,
    criteria: '互评',
    evidenceRequired: false,
  },
  {
    code: 'E03',
    name: '作风建设',
    category: 'evaluative',
    maxPoints: 1000,
    criteria: '互评',
    evidenceRequired: false,
  },
  {
    code: 'I01',
    name: '创新案例',
    category: 'innovation',
    maxPoints: 500,
    criteria: '办公室认定',
    evidenceRequired: false,
  },
  {
    code: 'I02',
    name: '经验推广',
    category: 'innovation',
    maxPoints: 1000,
    criteria: '办公室认定',
    evidenceRequired: false,
  },
];
const TEMPLATE_CODES = LIBRARY.map((i) => i.code).filter((c) => c !== 'B05');

const fmtN = (v: number) => v.toLocaleString('en');
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const half = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v / 50) * 50));

/** What the branch and the office put down for one indicator of one month. */
interface Entry {
  code: string;
  category: Category;
  /** False for an innovation indicator the branch did not claim: no self score, no verification. */
  claimed: boolean;
  self: number | null;
  verified: number | null;
  done: 0 | 1 | null;
  award: number | null;
  reason: string | null;
  note: string | null;
}

interface Branch {
  id: number;
  parent: number | null;
  /** The branch's usual standard (0.55–0.95 of the max), so rankings are stable but move. */
  quality: number;
  tailored: boolean;
}

/** One branch-month: its sheet, the month's form (peer raters score around it), its evidence dates. */
function drawSheet(rng: Rng, b: Branch, plan: PlanTemplate, year: number, month: number) {
  const form = Math.max(0.3, Math.min(1, b.quality + (rng.next() - 0.5) * 0.12));
  const entries: Entry[] = plan.indicators.map((i) => {
    const max = i.maxPoints;
    const e: Entry = {
      code: i.code,
      category: i.category,
      claimed: true,
      self: null,
      verified: null,
      done: null,
      award: null,
      reason: null,
      note: rng.chance(0.4) ? '已按计划完成，佐证材料见附件' : null,
    };
    switch (i.category) {
      case 'mandatory': {
        const done = rng.chance(0.99);
        e.self = done ? max : 0;
        e.done = done ? 1 : 0;
        e.verified = done ? max : null;
        if (!done) e.reason = '本月未按期完成';
        break;
      }
      case 'basic':
      case 'evaluative': {
        e.self = half(max * (form + 0.05 + (rng.next() - 0.5) * 0.1), max);
        e.verified = rng.chance(0.85) ? e.self : half(e.self - 50 * rng.int(1, 4), max);
        if (e.verified !== e.self) e.reason = '佐证材料不足，酌情扣分';
        break;
      }
      case 'innovation': {
        e.claimed = rng.chance(i.code === 'I01' ? 0.15 : 0.05);
        if (e.claimed) {
          e.self = rng.chance(0.5) ? max : half(max * 0.6, max);
          e.award = rng.chance(0.7) ? e.self : 0;
          if (e.award !== e.self) e.reason = '创新成效未达认定标准';
        } else {
          e.note = null;
        }
        break;
      }
    }
    return e;
  });
  // Two evidence files a month (one backs M01, the other M02 and M03); a quarter uploaded in the
  // month's last three days, which the daily-work signal counts.
  const { end } = monthRange(year, month);
  const last = Number(end.slice(8, 10));
  const day = () => (rng.chance(0.25) ? rng.int(last - 2, last) : rng.int(1, last - 3));
  const uploads: IsoDate[] = [day(), day()].map(
    (d) => `${monthKey(year, month)}-${String(d).padStart(2, '0')}` as IsoDate,
  );
  return { form, entries, uploads };
}

const peerScore = (rng: Rng, form: number, max: number) => half(max * (form + (rng.next() - 0.5) * 0.3), max);

/** The daily-work signal of a branch-month as compute.ts stores it. */
function signalColumns(uploads: readonly IsoDate[], year: number, month: number) {
  const [a, b] = uploads;
  const dates = a && b ? [a, b, b] : [];
  const share = crammingShare(dates, year, month);
  return share === null
    ? { evidence_total: 0, evidence_late: 0, signal_tenths: null }
    : {
        evidence_total: share.total,
        evidence_late: share.inLastThreeDays + share.afterMonthEnd,
        signal_tenths: share.percentTenths,
      };
}

/** The inputs of one branch-month as computeMonthResults hands them to scoreMonth. */
function inputsOf(entries: readonly Entry[], peersOf: (code: string) => number[]) {
  const inputs: Record<string, IndicatorInputs> = {};
  const notes: Record<string, string | null> = {};
  const reasons: Record<string, string | null> = {};
  for (const e of entries) {
    notes[e.code] = e.note;
    reasons[e.code] = e.reason;
    switch (e.category) {
      case 'mandatory':
        inputs[e.code] = { self: e.self, verified: e.verified, done: e.done === null ? null : e.done === 1 };
        break;
      case 'basic':
        inputs[e.code] = { self: e.self, verified: e.verified };
        break;
      case 'evaluative':
        inputs[e.code] = { self: e.self, verified: e.verified, peers: peersOf(e.code) };
        break;
      case 'innovation':
        inputs[e.code] = { self: e.self, innovationAward: e.award };
        break;
    }
  }
  return { inputs, notes, reasons };
}

/** Collects rows and writes them in multi-row INSERTs sized for the database's parameter limit. */
class Buffered<T extends object> {
  private rows: T[] = [];
  count = 0;
  constructor(
    private readonly size: number,
    private readonly write: (rows: T[]) => Promise<unknown>,
  ) {}
  async push(row: T) {
    this.rows.push(row);
    if (this.rows.length >= this.size) await this.flush();
  }
  async flush() {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.count += rows.length;
    await this.write(rows);
  }
}

export async function benchBranchEval(
  handle: DatabaseHandle,
  out: (s: string) => void,
  n: number,
  detailMonths: number,
  overHttp = false,
  approval: { repeat?: number; profile?: boolean; only?: boolean } = {},
) {
  const { db, dialect } = handle;
  const clock: Clock = { now: () => new Date(NOW) };
  const detailed = Math.max(1, Math.min(12, Math.floor(detailMonths) || 1));
  const firstDetailed = 13 - detailed;
  const root = await partyRoot(db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-be-'));
  const userOf = async (account: string, roles: Role[]): Promise<AuthUser> => {
    const grants = roles.map((role) => ({ role, orgId: root.id }));
    const id = await bootstrapUser(db, { account, displayName: 'bench', password: PASSWORD, grants }, NOW);
    return { id, account, displayName: 'bench', memberId: null, grants };
  };
  const office = await userOf('bench-be-office', ['admin', 'affairs', 'eval_office']);
  const committee = await userOf('bench-be-committee', ['committee']);
  const ctxOf = (user: AuthUser): Ctx => ({ db, dialect, clock, dataDir, user, locale: 'zh-CN' });
  const officeCtx = ctxOf(office);
  const committeeCtx = ctxOf(committee);

  // ── the library and template, through the use cases ──
  for (const i of LIBRARY) await createIndicator(officeCtx, { orgId: root.id, ...i });
  const tpl = await createTemplate(officeCtx, {
    orgId: root.id,
    name: `${YEAR}年度支部联评联考模板`,
    indicators: TEMPLATE_CODES.map((code) => ({ code })),
  });
  const tplRow = await db
    .selectFrom('be_template')
    .select('plan_json')
    .where('id', '=', tpl.id)
    .executeTakeFirstOrThrow();
  const basePlan = parsePlanJson(tplRow.plan_json);
  const b05 = LIBRARY.find((i) => i.code === 'B05');
  const tailoredResult = tailorPlan(basePlan, { remove: ['B04'], add: b05 ? [b05] : [] });
  if (!tailoredResult.ok) throw new Error(`tailoring failed: ${JSON.stringify(tailoredResult.issues)}`);
  const tailoredPlan = tailoredResult.plan;
  const planJsonOf = (b: Branch) => (b.tailored ? planJson(tailoredPlan) : tplRow.plan_json);
  const planOfBranch = (b: Branch) => (b.tailored ? tailoredPlan : basePlan);

  const rng = createRng(2025_0301);
  const yearRange = { start: `${YEAR}-01-01`, end: `${YEAR}-12-31` };
  const branches: Branch[] = (await branchesUnder(db, root.id, yearRange.start, yearRange.end)).map(
    (b, i) => ({ id: b.id, parent: b.parent_id, quality: 0.55 + 0.4 * rng.next(), tailored: i % 10 === 3 }),
  );
  // The module's default peer groups: the nearest committee above each branch.
  const committeeRows = await db
    .selectFrom('org_closure')
    .innerJoin('org as a', 'a.id', 'org_closure.ancestor_id')
    .innerJoin('org as d', 'd.id', 'org_closure.descendant_id')
    .select([
      'org_closure.descendant_id as branch',
      'org_closure.ancestor_id as committee',
      'org_closure.depth',
    ])
    .where('a.kind', '=', 'committee')
    .where('d.kind', '=', 'branch')
    .where('org_closure.depth', '>', 0)
    .execute();
  const nearest = new Map<number, { committee: number; depth: number }>();
  for (const r of committeeRows) {
    const seen = nearest.get(r.branch);
    if (!seen || r.depth < seen.depth) nearest.set(r.branch, { committee: r.committee, depth: r.depth });
  }
  const assignment = assignPeerRaters(
    branches.map((b) => ({ id: b.id, parentId: nearest.get(b.id)?.committee ?? b.parent })),
    { minRaters: basePlan.minPeerRaters },
  ).assignment;
  const ratersCount = new Map(assignment.map((a) => [a.rated, a.raters.length]));
  const pairs = assignment.reduce((s, a) => s + a.raters.length, 0);
  const evaluative = basePlan.indicators.filter((i) => i.category === 'evaluative').length;
  out(
    `round: ${root.name} (the root committee), ${fmtN(branches.length)} branches, ` +
      `${basePlan.indicators.length} indicators per plan (mandatory 30 + basic 40 + evaluative 30, innovation ≤ 10), year ${YEAR}`,
  );
  out(
    `default peer groups (the nearest committee above each branch): ${fmtN(pairs)} rater→rated pairs a month, ` +
      `${fmtN(pairs * evaluative)} peer scores a month (${evaluative} evaluative indicators)`,
  );

  // ── the plans of the four quarters: approved before each quarter, written directly ──
  const t0 = performance.now();
  /** quarter (1–4) → branch id → plan and version ids */
  const plans = new Map<number, Map<number, { planId: number; versionId: number }>>();
  await db.transaction().execute(async (trx) => {
    // Bulk writes of the branch evaluation's tables move its data version, as its repos do.
    await bumpDataVersion(trx, 'branch_eval');
    for (const q of [1, 2, 3, 4]) {
      const qk = `${YEAR}-Q${q}`;
      const start = quarterRange(YEAR, q).start;
      const approvedOn = new Date(Date.parse(`${start}T00:00:00Z`) - 10 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const approvedAt = `${approvedOn}T02:00:00.000Z`;
      const planIds = new Map<number, number>();
      await insertInChunks(
        trx,
        branches.map((b) => ({
          org_id: root.id,
          branch_id: b.id,
          quarter: qk,
          template_id: tpl.id,
          state: 'approved' as const,
          current_version_id: null,
          approved_by: committee.id,
          approved_at: approvedAt,
          approved_on: approvedOn,
          created_at: approvedAt,
          updated_at: approvedAt,
        })),
        async (chunk) => {
          for (const r of await trx
            .insertInto('be_plan')
            .values(chunk)
            .returning(['id', 'branch_id'])
            .execute())
            planIds.set(r.branch_id, r.id);
        },
      );
      const byPlan = new Map<number, number>();
      await insertInChunks(
        trx,
        branches.map((b) => ({
          plan_id: planIds.get(b.id) ?? 0,
          version: 1,
          state: 'approved' as const,
          plan_json: planJsonOf(b),
          note: null,
          created_by: office.id,
          created_at: approvedAt,
          approved_by: committee.id,
          approved_at: approvedAt,
        })),
        async (chunk) => {
          for (const r of await trx
            .insertInto('be_plan_version')
            .values(chunk)
            .returning(['id', 'plan_id'])
            .execute())
            byPlan.set(r.plan_id, r.id);
        },
      );
      await trx
        .updateTable('be_plan')
        .set((eb) => ({
          current_version_id: eb
            .selectFrom('be_plan_version as v')
            .select('v.id')
            .whereRef('v.plan_id', '=', 'be_plan.id'),
        }))
        .where('org_id', '=', root.id)
        .where('quarter', '=', qk)
        .execute();
      plans.set(
        q,
        new Map(
          branches.map((b) => {
            const planId = planIds.get(b.id) ?? 0;
            return [b.id, { planId, versionId: byPlan.get(planId) ?? 0 }];
          }),
        ),
      );
    }
  });
  out(
    `\ngenerated directly (multi-row INSERTs in one transaction each, not through the use cases):` +
      `\n  approved plans, 4 quarters × ${fmtN(branches.length)} (one in ten tailored: B04 → B05)   ${secs(t0)}`,
  );
  const planRef = (b: Branch, month: number) => {
    const p = plans.get(Math.ceil(month / 3))?.get(b.id);
    if (!p) throw new Error(`no plan for ${b.id} in ${month}`);
    return p;
  };
  const verifiedAtOf = (month: number) => {
    const next = month === 12 ? `${YEAR + 1}-01` : monthKey(YEAR, month + 1);
    return `${next}-05T03:00:00.000Z`;
  };
  const branchMonthRow = (monthId: number, b: Branch, month: number): Insertable<BeBranchMonthTable> => {
    const p = planRef(b, month);
    const key = monthKey(YEAR, month);
    return {
      month_id: monthId,
      branch_id: b.id,
      plan_id: p.planId,
      plan_version_id: p.versionId,
      state: 'verified',
      reopen_reason: null,
      submitted_at: `${key}-25T08:00:00.000Z`,
      returned_reason: null,
      verified_by: office.id,
      verified_at: verifiedAtOf(month),
      created_at: `${key}-02T01:00:00.000Z`,
      updated_at: verifiedAtOf(month),
    };
  };

  // ── months before the detailed ones: scored here with the domain, stored approved + published ──
  const t1 = performance.now();
  let prevTotals: PreviousRank[] = [];
  let prevByCode: Record<string, PreviousRank[]> = {};
  let cheapScores = 0;
  let cheapRanks = 0;
  for (let month = 1; month < firstDetailed; month++) {
    const key = monthKey(YEAR, month);
    const approvedAt = verifiedAtOf(month).replace('T03', 'T06');
    const computed = branches.map((b) => {
      const plan = planOfBranch(b);
      const sheet = drawSheet(rng, b, plan, YEAR, month);
      const raters = ratersCount.get(b.id) ?? 0;
      const { inputs, notes, reasons } = inputsOf(sheet.entries, (code) => {
        const max = plan.indicators.find((i) => i.code === code)?.maxPoints ?? 0;
        return Array.from({ length: raters }, () => peerScore(rng, sheet.form, max));
      });
      const r = scoreMonth(plan, inputs);
      if (!r.ok) throw new Error(`generated sheet does not score: ${JSON.stringify(r.issues)}`);
      const explanation: StoredExplanation = { month: r.month, notes, reasons };
      return { b, score: r.month, explanation, signal: signalColumns(sheet.uploads, YEAR, month) };
    });
    const ranked = new Map(
      rankMonth(
        computed.map((c) => ({ branchId: c.b.id, total: c.score.total })),
        prevTotals,
      ).map((r) => [r.branchId, r]),
    );
    const byIndicator = rankByIndicator(
      computed.map((c) => ({
        branchId: c.b.id,
        indicators: c.score.indicators.map((i) => ({ code: i.code, score: i.score })),
      })),
      prevByCode,
    );
    await db.transaction().execute(async (trx) => {
      // Bulk writes of the branch evaluation's tables move its data version, as its repos do.
      await bumpDataVersion(trx, 'branch_eval');
      const m = await trx
        .insertInto('be_month')
        .values({
          org_id: root.id,
          month: key,
          state: 'published',
          approved_by: committee.id,
          approved_at: approvedAt,
          published_by: committee.id,
          published_at: approvedAt,
          published_on: approvedAt.slice(0, 10),
          created_at: `${key}-01T01:00:00.000Z`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertInChunks(
        trx,
        branches.map((b) => branchMonthRow(m.id, b, month)),
        (chunk) => trx.insertInto('be_branch_month').values(chunk).execute(),
      );
      const scores: Insertable<BeMonthScoreTable>[] = computed.map((c) => {
        const r = ranked.get(c.b.id);
        return {
          month_id: m.id,
          branch_id: c.b.id,
          plan_version_id: planRef(c.b, month).versionId,
          total: c.score.total,
          mandatory: c.score.byCategory.mandatory,
          basic: c.score.byCategory.basic,
          evaluative: c.score.byCategory.evaluative,
          innovation: c.score.byCategory.innovation,
          mandatory_missed: c.score.mandatoryMissed ? 1 : 0,
          rank: r?.rank ?? 0,
          prev_rank: r?.previousRank ?? null,
          movement: r?.movement ?? null,
          ...c.signal,
          explanation_json: JSON.stringify(c.explanation),
          computed_at: approvedAt,
        };
      });
      await insertInChunks(trx, scores, (chunk) => trx.insertInto('be_month_score').values(chunk).execute());
      const ranks: Insertable<BeIndicatorRankTable>[] = byIndicator.flatMap((ir) =>
        ir.rows.map((r) => ({
          month_id: m.id,
          code: ir.code,
          branch_id: r.branchId,
          score: r.score,
          rank: r.rank,
          prev_rank: r.previousRank,
          movement: r.movement,
        })),
      );
      // Indicator ranks are read only by the next month's movement: kept for the last of these months.
      if (month === firstDetailed - 1) {
        await insertInChunks(trx, ranks, (chunk) =>
          trx.insertInto('be_indicator_rank').values(chunk).execute(),
        );
        cheapRanks += ranks.length;
      }
      cheapScores += scores.length;
    });
    prevTotals = [...ranked.values()].map((r) => ({ branchId: r.branchId, rank: r.rank }));
    prevByCode = Object.fromEntries(
      byIndicator.map((ir) => [ir.code, ir.rows.map((r) => ({ branchId: r.branchId, rank: r.rank }))]),
    );
  }
  if (firstDetailed > 1) {
    out(
      `  months ${monthKey(YEAR, 1)}…${monthKey(YEAR, firstDetailed - 1)} (totals only, for movement and the quarter and annual boards):` +
        `\n    scored in the bench with the domain's scoreMonth/rankMonth/rankByIndicator (peer scores in memory),` +
        `\n    stored approved + published: ${fmtN(cheapScores)} month scores with their explanations, verified branch` +
        `\n    months, ${fmtN(cheapRanks)} indicator ranks (${monthKey(YEAR, firstDetailed - 1)} only: the movement of ${monthKey(YEAR, firstDetailed)} reads them);` +
        `\n    no self, peer or verification rows   ${secs(t1)}`,
    );
  }

  // ── the detailed months: every input of every branch, as the round would have left them ──
  const t2 = performance.now();
  const blob = 'b'.repeat(64);
  await db
    .insertInto('file_blob')
    .values({ hash: blob, size: 48_213, mime: 'image/jpeg', created_at: NOW })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  const counts = { branchMonths: 0, self: 0, verifications: 0, assignments: 0, peers: 0, files: 0, links: 0 };
  const detailedMonths: { month: number; key: string; id: number }[] = [];
  // Asked outside the transactions: on SQLite a query on `db` inside one waits for ever.
  const peerChunk = await rowsPerInsert(db, 6);
  for (let month = firstDetailed; month <= 12; month++) {
    const key = monthKey(YEAR, month);
    const created = `${key}-01T01:00:00.000Z`;
    await db.transaction().execute(async (trx) => {
      // Bulk writes of the branch evaluation's tables move its data version, as its repos do.
      await bumpDataVersion(trx, 'branch_eval');
      // The month and its default peer assignment, by the module's own code.
      const m = await ensureMonth(trx, systemActor, root.id, monthParts(key), created);
      detailedMonths.push({ month, key, id: m.id });
      const bmOf = new Map<number, number>();
      await insertInChunks(
        trx,
        branches.map((b) => branchMonthRow(m.id, b, month)),
        async (chunk) => {
          for (const r of await trx
            .insertInto('be_branch_month')
            .values(chunk)
            .returning(['id', 'branch_id'])
            .execute())
            bmOf.set(r.branch_id, r.id);
        },
      );
      counts.branchMonths += bmOf.size;
      const sheets = new Map(branches.map((b) => [b.id, drawSheet(rng, b, planOfBranch(b), YEAR, month)]));
      const selfRows: Insertable<BeSelfScoreTable>[] = [];
      const verifRows: Insertable<BeVerificationTable>[] = [];
      for (const b of branches) {
        const bm = bmOf.get(b.id) ?? 0;
        const at = `${key}-25T08:00:00.000Z`;
        for (const e of sheets.get(b.id)?.entries ?? []) {
          if (!e.claimed) continue;
          selfRows.push({
            branch_month_id: bm,
            code: e.code,
            score: e.self,
            note: e.note,
            updated_by: null,
            updated_at: at,
          });
          verifRows.push({
            branch_month_id: bm,
            code: e.code,
            verified: e.verified,
            done: e.done,
            innovation_award: e.award,
            reason: e.reason,
            updated_by: office.id,
            updated_at: verifiedAtOf(month),
          });
        }
      }
      const selfId = new Map<string, number>();
      await insertInChunks(trx, selfRows, async (chunk) => {
        for (const r of await trx
          .insertInto('be_self_score')
          .values(chunk)
          .returning(['id', 'branch_month_id', 'code'])
          .execute())
          selfId.set(`${r.branch_month_id}:${r.code}`, r.id);
      });
      await insertInChunks(trx, verifRows, (chunk) =>
        trx.insertInto('be_verification').values(chunk).execute(),
      );
      counts.self += selfRows.length;
      counts.verifications += verifRows.length;

      // Evidence: two uploads per branch, linked to the mandatory indicators' self scores.
      const uploads: Insertable<FileUploadTable>[] = branches.flatMap((b) =>
        (sheets.get(b.id)?.uploads ?? []).map((d, k) => ({
          hash: blob,
          original_name: `${key}-${b.id}-${k + 1}.jpg`,
          org_id: b.id,
          uploaded_by: office.id,
          uploaded_at: `${d}T02:00:00.000Z`,
        })),
      );
      const links: Insertable<EvidenceLinkTable>[] = [];
      await insertInChunks(trx, uploads, async (chunk) => {
        for (const r of await trx
          .insertInto('file_upload')
          .values(chunk)
          .returning(['id', 'org_id', 'original_name'])
          .execute()) {
          const bm = bmOf.get(r.org_id ?? 0) ?? 0;
          const codes = r.original_name.endsWith('-1.jpg') ? ['M01'] : ['M02', 'M03'];
          for (const code of codes) {
            const id = selfId.get(`${bm}:${code}`);
            if (id !== undefined)
              links.push({
                file_id: r.id,
                entity_type: 'be_self_score',
                entity_id: id,
                created_by: office.id,
                created_at: `${key}-25T08:00:00.000Z`,
              });
          }
        }
      });
      await insertInChunks(trx, links, (chunk) => trx.insertInto('evidence_link').values(chunk).execute());
      counts.files += uploads.length;
      counts.links += links.length;

      // Peer scores: every assigned rater scores every evaluative indicator of the rated branch.
      const assigned = await trx
        .selectFrom('be_peer_assignment')
        .select(['rated_branch_id', 'rater_branch_id'])
        .where('month_id', '=', m.id)
        .execute();
      counts.assignments += assigned.length;
      const byId = new Map(branches.map((b) => [b.id, b]));
      const peers = new Buffered<Insertable<BePeerScoreTable>>(peerChunk, (rows) =>
        trx.insertInto('be_peer_score').values(rows).execute(),
      );
      for (const a of assigned) {
        const rated = byId.get(a.rated_branch_id);
        const sheet = sheets.get(a.rated_branch_id);
        if (!rated || !sheet) continue;
        for (const i of planOfBranch(rated).indicators) {
          if (i.category !== 'evaluative') continue;
          await peers.push({
            month_id: m.id,
            rated_branch_id: a.rated_branch_id,
            rater_branch_id: a.rater_branch_id,
            code: i.code,
            score: peerScore(rng, sheet.form, i.maxPoints),
          });
        }
      }
      await peers.flush();
      counts.peers += peers.count;
    });
  }
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  out(
    `  months ${monthKey(YEAR, firstDetailed)}…${monthKey(YEAR, 12)} in full detail (month + default peer assignment by the module's ensureMonth):` +
      `\n    ${fmtN(counts.branchMonths)} verified branch months, ${fmtN(counts.self)} self scores, ${fmtN(counts.verifications)} verifications,` +
      `\n    ${fmtN(counts.assignments)} peer assignments, ${fmtN(counts.peers)} peer scores, ${fmtN(counts.files)} evidence files (${fmtN(counts.links)} links)   ${secs(t2)}`,
  );

  // ── MEASURED: the committee approves each detailed month (approveMonth), then publishes it ──
  out(
    '\nmonth approval (approveMonth: score every branch, rank by total and by every indicator with movement,' +
      '\nstore scores, explanations and rankings, audit — one transaction), next to one hand-written SQL' +
      '\nover the same rows (evaluative 0.2·self + 0.3·mean(peer) + 0.5·verified, no trimming or rounding;' +
      '\nGROUP BY branch, RANK() OVER the totals), and the same SQL writing the rows the approval writes' +
      '\n(scores with their inputs as JSON, ranks by total and by indicator with movement; rolled back):',
  );
  const approveMs: number[] = [];
  const sqlMs: number[] = [];
  // Named in every ratio line: a run prints SQLite's section and then PostgreSQL's.
  const dbName = dialect === 'postgres' ? 'PostgreSQL' : 'SQLite';
  let shown = firstDetailed > 1 ? monthKey(YEAR, firstDetailed - 1) : null;
  const repeat = Math.max(1, Math.floor(approval.repeat ?? 1));
  const timer = approval.profile ? timedStatements(db) : null;
  const approveCtx: Ctx = timer ? { ...committeeCtx, db: timer.db } : committeeCtx;
  for (const dm of detailedMonths) {
    const before = await db
      .selectFrom('be_month')
      .select('state')
      .where('id', '=', dm.id)
      .executeTakeFirstOrThrow();
    let apMs = 0;
    let aggMs = 0;
    let head = '';
    let failed = false;
    const runs: { ap: number; agg: number }[] = [];
    const withWritesMs: number[] = [];
    for (let r = 0; r < repeat; r++) {
      if (r > 0) {
        // The month as it was before the approval, for the next run (its audit rows stay).
        await db.deleteFrom('be_indicator_rank').where('month_id', '=', dm.id).execute();
        await db.deleteFrom('be_month_score').where('month_id', '=', dm.id).execute();
        await db
          .updateTable('be_month')
          .set({ state: before.state, approved_by: null, approved_at: null })
          .where('id', '=', dm.id)
          .execute();
        await bumpDataVersion(db, 'branch_eval');
      }
      timer?.reset();
      const s0 = performance.now();
      const agg = await handWritten(db, dm.id);
      aggMs = performance.now() - s0;
      const writesMs = await handWrittenWithWrites(db, dialect, dm.id);
      withWritesMs.push(writesMs);
      head = `  ${dm.key}  hand-written SQL ${aggMs.toFixed(0).padStart(6)} ms (${fmtN(agg)} rows)   `;
      const a0 = performance.now();
      try {
        await approveMonth(approveCtx, root.id, dm.key);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        const where =
          (err.stack ?? '')
            .split('\n')
            .find((l) => l.includes('/src/'))
            ?.trim() ?? '';
        out(
          `${head}approve FAILED after ${(performance.now() - a0).toFixed(0)} ms:` +
            `\n           ${err.name}: ${err.message} ${where}`,
        );
        failed = true;
        break;
      }
      apMs = performance.now() - a0;
      runs.push({ ap: apMs, agg: aggMs });
      if (repeat > 1)
        out(
          `${head}approve ${apMs.toFixed(0).padStart(6)} ms ×${(apMs / aggMs).toFixed(1)} the SQL on ${dbName} (run ${r + 1} of ${repeat})` +
            `\n           hand-written SQL writing the same rows ${(withWritesMs.at(-1) ?? 0).toFixed(0)} ms: approve ×${(apMs / (withWritesMs.at(-1) ?? 1)).toFixed(1)}`,
        );
      if (timer) {
        const figs = timer.figures();
        const inDb = figs.reduce((t, f) => t + f.ms, 0);
        out(
          `           ${figs.reduce((t, f) => t + f.n, 0)} statements, ${inDb.toFixed(0)} ms in the database, ` +
            `${(apMs - inDb).toFixed(0)} ms in the server; the slowest:`,
        );
        for (const f of figs.slice(0, 12))
          out(`           ${f.ms.toFixed(1).padStart(8)} ms ×${f.n}  ${f.sql.slice(0, 150)}`);
      }
    }
    if (failed) break;
    if (repeat > 1) {
      // Several runs: the medians (each run's SQL was timed just before its approval).
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      apMs = median(runs.map((x) => x.ap));
      aggMs = median(runs.map((x) => x.agg));
      head = `  ${dm.key}  median of ${repeat}: hand-written SQL ${aggMs.toFixed(0).padStart(6)} ms   `;
    }
    const writesMs = [...withWritesMs].sort((a, b) => a - b)[Math.floor(withWritesMs.length / 2)] ?? 0;
    const v0 = performance.now();
    await getMonth(committeeCtx, root.id, dm.key);
    const viewMs = performance.now() - v0;
    const p0 = performance.now();
    await publishMonth(committeeCtx, root.id, dm.key);
    const pubMs = performance.now() - p0;
    shown = dm.key;
    const stored = await db
      .selectFrom('be_month_score')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', dm.id)
      .executeTakeFirstOrThrow();
    const ranks = await db
      .selectFrom('be_indicator_rank')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month_id', '=', dm.id)
      .executeTakeFirstOrThrow();
    approveMs.push(apMs);
    recordGrowth('month approval (branches)', apMs, branches.length);
    sqlMs.push(aggMs);
    out(
      `${head}approve ${apMs.toFixed(0).padStart(6)} ms ×${(apMs / aggMs).toFixed(1)} the SQL on ${dbName}   publish ${pubMs.toFixed(0)} ms` +
        `\n           hand-written SQL writing the same rows (see handWrittenWithWrites) ${writesMs.toFixed(0)} ms: approve ×${(apMs / writesMs).toFixed(1)} on ${dbName}` +
        `\n           stored ${fmtN(Number(stored.n))} scores + ${fmtN(Number(ranks.n))} indicator ranks; ` +
        `the month view approve answers with takes ≈${viewMs.toFixed(0)} ms of it`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  if (approveMs.length > 1) {
    out(
      `  mean over ${approveMs.length} months: SQL ${mean(sqlMs).toFixed(0)} ms, approve ${mean(approveMs).toFixed(0)} ms ` +
        `×${(mean(approveMs) / mean(sqlMs)).toFixed(1)} the SQL on ${dbName}`,
    );
  }
  if (shown === null || approval.only) {
    out(
      shown === null
        ? '\n(no published month: results pages skipped)'
        : '\n(--be-approval-only: results pages skipped)',
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
    return;
  }

  // ── the pages of the results, via app.inject as a committee user ──
  const app = await benchApp({ db, dialect, clock, dataDir });
  const cookie = await benchLogin(app, committee.account, PASSWORD);
  const pages = Math.max(1, Math.ceil(branches.length / 50));
  const page = (i: number) => `page=${1 + ((i * 37) % pages)}&pageSize=50`;
  const codes = basePlan.indicators.map((i) => i.code);
  const be = '/api/v1/branch-eval';
  // A city committee's branches within the province-wide round (`within`: ranks stay the round's).
  const city = await db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('parent_id', '=', root.id)
    .where('kind', '=', 'committee')
    .orderBy('id')
    .executeTakeFirst();
  const cityBranches = city ? (await branchesUnder(db, city.id, yearRange.start, yearRange.end)).length : 0;
  const cityPages = Math.max(1, Math.ceil(cityBranches / 50));
  const cases: { label: string; url: (i: number) => string }[] = [
    {
      label: 'ranking by total, random page of 50',
      url: (i) => `${be}/months/${shown}/rankings?orgId=${root.id}&${page(i)}`,
    },
    {
      label: 'ranking by total, last page',
      url: () => `${be}/months/${shown}/rankings?orgId=${root.id}&page=${pages}&pageSize=50`,
    },
    ...(city
      ? [
          {
            label: `ranking within a city (${fmtN(cityBranches)} br.)`,
            url: (i: number) =>
              `${be}/months/${shown}/rankings?orgId=${root.id}&within=${city.id}&page=${1 + ((i * 7) % cityPages)}&pageSize=50`,
          },
        ]
      : []),
    {
      label: 'ranking by one indicator, page of 50',
      url: (i) =>
        `${be}/months/${shown}/rankings/indicators/${codes[i % codes.length]}?orgId=${root.id}&${page(i)}`,
    },
    {
      label: `quarter scores ${YEAR}-Q4, page of 50`,
      url: (i) => `${be}/quarters/${YEAR}-Q4/scores?orgId=${root.id}&${page(i)}`,
    },
    {
      label: `annual grades ${YEAR}, page of 50`,
      url: (i) => `${be}/years/${YEAR}/grades?orgId=${root.id}&${page(i)}`,
    },
    {
      label: `annual grade rule ${YEAR} (+ versions)`,
      url: () => `${be}/years/${YEAR}/grade-rule?orgId=${root.id}`,
    },
  ];
  out(
    `\nresults pages of ${shown} via app.inject (committee user, ${fmtN(branches.length)} branches ranked;` +
      `\neach list reads one page in SQL: stored ranks, or quarter/annual means and RANK() aggregated by the database;` +
      `\nn = --requests, or fewer where ${BUDGET_S} s of requests did not allow it):`,
  );
  for (const c of cases) {
    const s = await measureWithin(n, async (i) => {
      const res = await app.inject({ url: c.url(i), cookies: { kaohe_sid: cookie } });
      if (res.statusCode !== 200)
        throw new Error(`${c.url(i)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    });
    out(`  ${c.label.padEnd(38)} ${fmtLatency(s)}`);
  }
  if (overHttp) await pagesOverHttp(app, cookie, cases, out, n);

  // The benchmarking system's polling API, with a key issued by the use case.
  const key = (await issueIntegrationKey(officeCtx, { orgId: root.id, name: 'bench 对标系统' })).key;
  const api = '/api/integration/v1/branch-eval/months';
  const headers = { authorization: `Bearer ${key}` };
  const integration = [
    { label: 'poll: published months since January', url: `${api}?since=${YEAR}-01` },
    { label: `one month (${shown}), every ranking`, url: `${api}/${shown}` },
  ];
  const rankings = `${api}/${shown}/rankings`;
  const firstIndicator = (
    (await app.inject({ url: rankings, headers })).json() as { rankings: { code: string; href: string }[] }
  ).rankings[1];
  integration.push(
    { label: `rankings of ${shown} (index)`, url: rankings },
    { label: 'ranking by total, first 1,000', url: `${rankings}/total` },
    { label: 'ranking by total, 6th page of 1,000', url: '' },
    {
      label: `ranking by ${firstIndicator?.code ?? '?'}, first 1,000`,
      url: firstIndicator?.href ?? `${rankings}/total`,
    },
  );
  // The sixth page is asked by the cursor the fifth page gave (keyset: no page is deeper than the first).
  let cursor: string | null = `${rankings}/total`;
  for (let i = 0; i < 5 && cursor; i++) {
    cursor = ((await app.inject({ url: cursor, headers })).json() as { next: string | null }).next;
  }
  const deep = integration.find((c) => c.url === '');
  if (deep) deep.url = cursor ?? `${rankings}/total`;
  out(
    '\nbenchmarking-system polling API (对标), Authorization: Bearer <key>, via app.inject' +
      '\n(bytes: as sent to a poller taking brotli / uncompressed):',
  );
  for (const c of integration) {
    let bytes = 0;
    const s = await measureWithin(n, async () => {
      const res = await app.inject({ url: c.url, headers });
      if (res.statusCode !== 200) throw new Error(`${c.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      bytes = res.rawPayload.length;
    });
    const br = await app.inject({ url: c.url, headers: { ...headers, 'accept-encoding': 'br' } });
    out(
      `  ${c.label.padEnd(38)} ${fmtLatency(s)}   ${(br.rawPayload.length / 1024).toFixed(1)} / ${(bytes / 1024).toFixed(1)} KiB`,
    );
  }
  // A poller reading the whole month page by page, compressed, as the API's documentation says.
  const walkStart = performance.now();
  let walked = 0;
  let sent = 0;
  let longest = 0;
  const index = (await app.inject({ url: rankings, headers })).json() as { rankings: { href: string }[] };
  for (const r of index.rankings) {
    let url: string | null = r.href;
    while (url) {
      const pageStart = performance.now();
      const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({
        url,
        headers: { ...headers, 'accept-encoding': 'br' },
      });
      if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode}`);
      sent += res.rawPayload.length;
      walked++;
      longest = Math.max(longest, performance.now() - pageStart);
      const text =
        res.headers['content-encoding'] === 'br'
          ? zlib.brotliDecompressSync(res.rawPayload).toString()
          : res.body;
      url = (JSON.parse(text) as { next: string | null }).next;
    }
  }
  out(
    `  every ranking of ${shown} page by page: ${walked} pages in ${(performance.now() - walkStart).toFixed(0)} ms, ` +
      `${(sent / 1024).toFixed(0)} KiB sent (brotli); the longest page ${longest.toFixed(0)} ms`,
  );
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Seconds of requests one page may take: a slower page gets fewer requests than --requests. */
const BUDGET_S = 12;

/**
 * `measure` with a count that fits the budget: three unmeasured calls time the page, then it runs
 * `n` times or as often as fits in BUDGET_S (at least 10), after a warm-up like `measure`'s.
 */
async function measureWithin(n: number, fn: (i: number) => Promise<void>) {
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) await fn(i);
  const each = (performance.now() - t0) / 3;
  const count = Math.max(10, Math.min(n, Math.floor((BUDGET_S * 1000) / Math.max(each, 0.01))));
  return measure(count, fn, Math.min(5, count));
}

/** The floor the approval is compared with: the month's totals and ranks in one SQL statement. */
export async function handWritten(db: DbOrTrx, monthId: number): Promise<number> {
  const { rows } = await sql<{ branch_id: number; total: number; rnk: number }>`
    with p as (
      select rated_branch_id, code, avg(score) as peer
      from be_peer_score
      where month_id = ${monthId}
      group by rated_branch_id, code
    ), t as (
      select bm.branch_id,
             sum(case
                   when p.peer is not null then 0.2 * s.score + 0.3 * p.peer + 0.5 * v.verified
                   when v.innovation_award is not null then v.innovation_award
                   else coalesce(v.verified, 0)
                 end) as total
      from be_branch_month bm
      join be_verification v on v.branch_month_id = bm.id
      left join be_self_score s on s.branch_month_id = bm.id and s.code = v.code
      left join p on p.rated_branch_id = bm.branch_id and p.code = v.code
      where bm.month_id = ${monthId}
      group by bm.branch_id
    )
    select branch_id, total, rank() over (order by total desc) as rnk
    from t
    order by rnk`.execute(db);
  return rows.length;
}

/**
 * A fairer floor for the approval: the hand-written SQL above, plus writing the same rows the
 * approval writes — one score row per branch with its total, rank, last month's rank and movement
 * and a JSON text of its inputs (self, verified and the peer scores of each indicator, ≈ the size
 * of the approval's), and one indicator-rank row per branch and indicator ranked with `rank()`
 * against last month's — and on PostgreSQL the month's peer rows rewritten as the approval
 * rewrites them, in one transaction that is rolled back (so the approval then runs on the same
 * rows). Each indicator's inputs are joined once into a temporary table that both inserts read
 * (joining them again for the second insert took a third longer). Left out, so still a floor:
 * trimming and rounding rules, category sums, the daily-work signal, checks, the audit log.
 * Returns the time up to the rollback.
 */
export async function handWrittenWithWrites(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  monthId: number,
): Promise<number> {
  const pg = dialect === 'postgres';
  const list = pg
    ? sql`string_agg(cast(score as text), ',' order by score)`
    : sql`group_concat(cast(score as text), ',' order by score)`;
  const inputs = pg
    ? sql`cast(json_object_agg(i.code, json_build_array(i.self, i.verified, i.peers)) as text)`
    : sql`json_group_object(i.code, json_array(i.self, i.verified, i.peers))`;
  const indicators = sql`
    p as (
      select rated_branch_id, code, avg(score) as peer, ${list} as peers
      from be_peer_score
      where month_id = ${monthId}
      group by rated_branch_id, code
    ), i as (
      select bm.branch_id, bm.plan_version_id, v.code, s.score as self, v.verified, p.peers,
             cast(round(case
                   when p.peer is not null then 0.2 * s.score + 0.3 * p.peer + 0.5 * v.verified
                   when v.innovation_award is not null then v.innovation_award
                   else coalesce(v.verified, 0)
                 end) as integer) as score
      from be_branch_month bm
      join be_verification v on v.branch_month_id = bm.id
      left join be_self_score s on s.branch_month_id = bm.id and s.code = v.code
      left join p on p.rated_branch_id = bm.branch_id and p.code = v.code
      where bm.month_id = ${monthId}
    )`;
  class RolledBack extends Error {}
  let ms = 0;
  const t0 = performance.now();
  try {
    await db.transaction().execute(async (trx) => {
      const prev = await sql<{ id: number }>`
        select p.id from be_month m join be_month p on p.org_id = m.org_id and p.month < m.month
        where m.id = ${monthId} order by p.month desc limit 1`.execute(trx);
      const prevId = prev.rows[0]?.id ?? -1;
      await sql`create temp table hw_inputs as with ${indicators} select * from i`.execute(trx);
      await sql`insert into be_month_score (month_id, branch_id, plan_version_id, total, mandatory, basic,
          evaluative, innovation, mandatory_missed, rank, prev_rank, movement, evidence_total, evidence_late,
          signal_tenths, explanation_json, computed_at)
        with t as (
          select i.branch_id, i.plan_version_id, sum(i.score) as total, ${inputs} as inputs
          from hw_inputs i group by i.branch_id, i.plan_version_id
        ), r as (
          select t.*, rank() over (order by t.total desc) as rnk from t
        )
        select ${monthId}, r.branch_id, r.plan_version_id, r.total, 0, 0, 0, 0, 0, r.rnk, pr.rank, pr.rank - r.rnk,
               0, 0, null, r.inputs, ${NOW}
        from r left join be_month_score pr on pr.month_id = ${prevId} and pr.branch_id = r.branch_id`.execute(
        trx,
      );
      await sql`insert into be_indicator_rank (month_id, code, branch_id, score, rank, prev_rank, movement)
        with r as (
          select i.*, rank() over (partition by i.code order by i.score desc) as rnk from hw_inputs i
        )
        select ${monthId}, r.code, r.branch_id, r.score, r.rnk, pr.rank, pr.rank - r.rnk
        from r left join be_indicator_rank pr on pr.month_id = ${prevId} and pr.code = r.code and pr.branch_id = r.branch_id`.execute(
        trx,
      );
      // The approval rewrites the month's peer rows on PostgreSQL (anonymity: not even their
      // transaction ids say when each sheet came in); SQLite keeps no such trace.
      if (pg) await sql`update be_peer_score set score = score where month_id = ${monthId}`.execute(trx);
      ms = performance.now() - t0;
      throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
  }
  return ms;
}
