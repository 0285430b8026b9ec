import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgRow } from '../../../../db/types.js';
import {
  annualGrade,
  competitionRanks,
  defaultGradeThresholds,
  type PreviousRank,
  quarterScore,
  rankByIndicator,
  rankMonth,
} from '../../../../domain/branch-eval/index.js';
import { monthKey, monthsOfQuarter } from '../../../../domain/calendar/index.js';
import { makeOrg } from '../../../test/factories.js';
import type { Json } from '../../../test/harness.js';
import { parsePlanJson } from '../branch-eval.common.js';
import { approvedPlans, BASE, createFixture, type Fixture } from '../branch-eval.fixtures.js';
import { groupBy } from '../evidence.js';
import * as planRepo from '../library/plan.repo.js';

/**
 * Rankings and boards are read one page at a time in SQL. These tests put a round of 21 branches
 * (six directly under county A, eight under general branch G1, seven under G2) through five
 * published months whose totals and indicator scores are drawn from a handful of values — so ties
 * straddle every page boundary — and compare every page of every list, at several page sizes and
 * narrowed to several subtrees, with the whole list worked out the way the service did before it
 * paged in SQL: all rows in memory, ranked by the domain, sorted, then sliced.
 */
let f: Fixture;
let G1: OrgRow;
let G2: OrgRow;
let round: OrgRow[];
let tailored: OrgRow;
const under = new Map<number, Set<number>>();

/** How the service listed a month's indicators before it paged in SQL: every score, in rank order. */
async function oldIndicatorsOfMonth(scores: readonly { plan_version_id: number }[]) {
  const versions = await planRepo.versionsByIds(f.t.db, [...new Set(scores.map((x) => x.plan_version_id))]);
  const out: { code: string; name: string; category: string }[] = [];
  for (const sc of scores) {
    const v = versions.find((x) => x.id === sc.plan_version_id);
    if (!v) continue;
    for (const i of parsePlanJson(v.plan_json).indicators) {
      if (!out.some((o) => o.code === i.code)) out.push({ code: i.code, name: i.name, category: i.category });
    }
  }
  return out;
}

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stored {
  monthId: number;
  key: string;
  totals: Map<number, number>;
  missed: Set<number>;
  /** branch id → rank, previous rank, movement by total */
  ranked: ReturnType<typeof rankMonth>;
  byIndicator: ReturnType<typeof rankByIndicator>;
}
const stored = new Map<string, Stored>();
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];

beforeAll(async () => {
  f = await createFixture();
  G1 = await makeOrg(f.t.db, 'general_branch', f.countyA, 'G1党总支');
  G2 = await makeOrg(f.t.db, 'general_branch', f.countyA, 'G2党总支');
  const g1 = [];
  for (let i = 1; i <= 8; i++) g1.push(await makeOrg(f.t.db, 'branch', G1, `G1-${i}支部`));
  const g2 = [];
  for (let i = 1; i <= 7; i++) g2.push(await makeOrg(f.t.db, 'branch', G2, `G2-${i}支部`));
  round = [...f.branches, ...g1, ...g2];
  under.set(f.countyA.id, new Set(round.map((b) => b.id)));
  under.set(G1.id, new Set(g1.map((b) => b.id)));
  under.set(G2.id, new Set(g2.map((b) => b.id)));
  tailored = g2[3] as OrgRow;
  under.set(tailored.id, new Set([tailored.id]));

  // Plans through the API; one branch's plans tailored (B1 → B2), so it alone has B2 and its
  // indicators come in another order.
  for (const quarter of ['2026-Q1', '2026-Q2']) {
    const g = await f.c('office').post(`${BASE}/plans/generate`, { templateId: f.templateId, quarter });
    expect(g.status, JSON.stringify(g.body)).toBe(200);
    const list = await f
      .c('office')
      .get(`${BASE}/plans?orgId=${f.countyA.id}&quarter=${quarter}&pageSize=200`);
    const plan = list.body.items.find((p: { branchId: number }) => p.branchId === tailored.id);
    const t = await f.c('office').patch(`${BASE}/plans/${plan.id}`, {
      remove: ['B1'],
      add: [{ code: 'B2' }],
      points: { B2: 3000 },
    });
    expect(t.body.errorCount, JSON.stringify(t.body)).toBe(0);
    await approvedPlans(f, quarter, false);
  }
  const versions = await f.t.db
    .selectFrom('be_plan as p')
    .innerJoin('be_plan_version as v', 'v.id', 'p.current_version_id')
    .select(['p.branch_id', 'p.quarter', 'v.id', 'v.plan_json'])
    .where('p.org_id', '=', f.countyA.id)
    .execute();
  const planOf = (branchId: number, key: string) => {
    const q = `${key.slice(0, 4)}-Q${Math.ceil(Number(key.slice(5)) / 3)}`;
    const v = versions.find((x) => x.branch_id === branchId && x.quarter === q);
    if (!v) throw new Error(`no plan of ${branchId} in ${q}`);
    return { id: v.id, plan: parsePlanJson(v.plan_json) };
  };
  const committee = await f.t.db
    .selectFrom('app_user')
    .select('id')
    .where('account', '=', f.accounts.get('committee') ?? '')
    .executeTakeFirstOrThrow();

  // Five published months stored as approval stores them: ranks and movement from the domain.
  const next = rng(20260301);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  let prevTotals: PreviousRank[] = [];
  let prevByCode: Record<string, PreviousRank[]> = {};
  for (const [m, key] of MONTHS.entries()) {
    // A few branches sit a month out (a missing month flags the quarter), never the tailored one.
    const present = round.filter((b, i) => b.id === tailored.id || (i + m) % 9 !== 4);
    const totals = new Map<number, number>();
    const missed = new Set<number>();
    const indicatorScores = new Map<number, { code: string; score: number }[]>();
    for (const b of present) {
      // The tailored branch leads in January and trails in March: the indicator list follows.
      const total =
        b.id === tailored.id
          ? key === '2026-01'
            ? 9900
            : key === '2026-03'
              ? 5000
              : 8500
          : pick([9500, 9000, 9000, 8500, 8500, 8500, 8000, 7550, 6900]);
      totals.set(b.id, total);
      if (b.id !== tailored.id && next() < 0.12) missed.add(b.id);
      indicatorScores.set(
        b.id,
        planOf(b.id, key).plan.indicators.map((i) => ({
          code: i.code,
          score: pick([0, 500, 1000, 1000, 1500]),
        })),
      );
    }
    const ranked = rankMonth(
      present.map((b) => ({ branchId: b.id, total: totals.get(b.id) ?? 0 })),
      prevTotals,
    );
    const byIndicator = rankByIndicator(
      present.map((b) => ({ branchId: b.id, indicators: indicatorScores.get(b.id) ?? [] })),
      prevByCode,
    );
    const at = `${key}-28T02:00:00.000Z`;
    const month = await f.t.db
      .insertInto('be_month')
      .values({
        org_id: f.countyA.id,
        month: key,
        state: 'published',
        approved_by: committee.id,
        approved_at: at,
        published_by: committee.id,
        published_at: at,
        published_on: at.slice(0, 10),
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await f.t.db
      .insertInto('be_month_score')
      .values(
        ranked.map((r) => ({
          month_id: month.id,
          branch_id: r.branchId,
          plan_version_id: planOf(r.branchId, key).id,
          total: r.score,
          mandatory: missed.has(r.branchId) ? 0 : 2000,
          basic: 1000,
          evaluative: 1000,
          innovation: 0,
          mandatory_missed: missed.has(r.branchId) ? (1 as const) : (0 as const),
          rank: r.rank,
          prev_rank: r.previousRank,
          movement: r.movement,
          evidence_total: 2,
          evidence_late: 1,
          signal_tenths: 500,
          explanation_json: '{}',
          computed_at: at,
        })),
      )
      .execute();
    await f.t.db
      .insertInto('be_indicator_rank')
      .values(
        byIndicator.flatMap((ir) =>
          ir.rows.map((r) => ({
            month_id: month.id,
            code: ir.code,
            branch_id: r.branchId,
            score: r.score,
            rank: r.rank,
            prev_rank: r.previousRank,
            movement: r.movement,
          })),
        ),
      )
      .execute();
    // The committee accepted every other missed month as rectified.
    for (const [i, b] of [...missed].entries()) {
      if (i % 2 === 0) {
        await f.t.db
          .insertInto('be_rectification')
          .values({
            month_id: month.id,
            branch_id: b,
            note: '已整改',
            accepted_by: committee.id,
            accepted_at: at,
          })
          .execute();
      }
    }
    stored.set(key, { monthId: month.id, key, totals, missed, ranked, byIndicator });
    prevTotals = ranked.map((r) => ({ branchId: r.branchId, rank: r.rank }));
    prevByCode = Object.fromEntries(
      byIndicator.map((ir) => [ir.code, ir.rows.map((r) => ({ branchId: r.branchId, rank: r.rank }))]),
    );
  }
  await f.at('2026-06-10T02:00:00.000Z');
});
afterAll(() => f.t.close());

const SIZES = [1, 2, 3, 4, 5, 7, 50];
const withins = () => [undefined, f.countyA.id, G1.id, G2.id, tailored.id];
const inScope = (within: number | undefined, branchId: number) =>
  within === undefined || (under.get(within)?.has(branchId) ?? false);

/** Every page of a list at a page size, checking each page's bookkeeping on the way. */
async function allPages(url: string, size: number): Promise<{ items: Json[]; total: number }> {
  const items: Json[] = [];
  let total = -1;
  for (let page = 1; ; page++) {
    const res = await f.c('member').get(`${url}&page=${page}&pageSize=${size}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ page, pageSize: size });
    if (total === -1) total = res.body.total;
    expect(res.body.total).toBe(total);
    const expected = Math.max(0, Math.min(size, total - (page - 1) * size));
    expect(res.body.items).toHaveLength(expected);
    if (expected === 0) return { items, total };
    items.push(...res.body.items);
  }
}

const w = (within: number | undefined) => (within === undefined ? '' : `&within=${within}`);
const s = (key: string): Stored => {
  const m = stored.get(key);
  if (!m) throw new Error(`no month ${key}`);
  return m;
};

describe('rankings by total, a page at a time', () => {
  it('every page equals the same slice of the whole ranking, ties split across pages included', async () => {
    for (const key of MONTHS) {
      const whole = s(key).ranked; // by rank, then branch id: the order the board always had
      // The data really has ties that a small page cuts through.
      expect(new Set(whole.map((r) => r.rank)).size).toBeLessThan(whole.length);
      for (const within of withins()) {
        const expected = whole
          .filter((r) => inScope(within, r.branchId))
          .map((r) => [r.branchId, r.rank, r.previousRank, r.movement, r.score]);
        for (const size of SIZES) {
          const got = await allPages(
            `${BASE}/months/${key}/rankings?orgId=${f.countyA.id}${w(within)}`,
            size,
          );
          expect(got.total).toBe(expected.length);
          expect(
            got.items.map((r) => [r.branchId, r.rank, r.previousRank, r.movement, r.total]),
            `${key} within ${within} size ${size}`,
          ).toEqual(expected);
        }
      }
    }
    // Every month × subtree × page size, a few hundred requests: more than the default 30 s on a
    // loaded 2-core machine.
  }, 120_000);

  it('narrowed to a subtree, ranks stay the round’s: 1, 2, 2, 4 with gaps where others rank', async () => {
    const whole = s('2026-02').ranked;
    const g1 = await f
      .c('member')
      .get(`${BASE}/months/2026-02/rankings?orgId=${f.countyA.id}&within=${G1.id}`);
    const g1Ranks = g1.body.items.map((r: Json) => r.rank);
    expect(g1Ranks).toEqual(whole.filter((r) => under.get(G1.id)?.has(r.branchId)).map((r) => r.rank));
    expect(g1.body.items.every((r: Json) => under.get(G1.id)?.has(r.branchId))).toBe(true);
    // The competition ranks of the whole round, not re-ranked within G1.
    expect(competitionRanks(whole.map((r) => r.score))).toEqual(whole.map((r) => r.rank));
  });

  it('movement across pages: each row’s previous rank is its rank on last month’s board, wherever that page was', async () => {
    const march = await allPages(`${BASE}/months/2026-03/rankings?orgId=${f.countyA.id}`, 4);
    const february = await allPages(`${BASE}/months/2026-02/rankings?orgId=${f.countyA.id}`, 3);
    const before = new Map(february.items.map((r) => [r.branchId as number, r.rank as number]));
    let crossed = 0;
    for (const [i, r] of march.items.entries()) {
      const prev = before.get(r.branchId) ?? null;
      expect(r.previousRank).toBe(prev);
      expect(r.movement).toBe(prev === null ? null : prev - r.rank);
      const prevIndex = february.items.findIndex((x) => x.branchId === r.branchId);
      if (prevIndex >= 0 && Math.floor(prevIndex / 3) !== Math.floor(i / 4)) crossed++;
    }
    expect(crossed).toBeGreaterThan(5);
    // The tailored branch fell from January's first place: a big negative move, still exact.
    const t = march.items.find((r) => r.branchId === tailored.id);
    expect(t.movement).toBeLessThan(0);
  });

  it('lists the ranked indicators in plan order of first appearance, as reading every score did', async () => {
    for (const key of MONTHS) {
      const allScores = await f.t.db
        .selectFrom('be_month_score')
        .select(['plan_version_id'])
        .where('month_id', '=', s(key).monthId)
        .orderBy('rank')
        .orderBy('branch_id')
        .execute();
      const old = await oldIndicatorsOfMonth(allScores);
      const res = await f.c('member').get(`${BASE}/months/${key}/rankings?orgId=${f.countyA.id}&pageSize=1`);
      expect(res.body.indicators, key).toEqual(old);
    }
    const codes = async (key: string) =>
      (await f.c('member').get(`${BASE}/months/${key}/rankings?orgId=${f.countyA.id}`)).body.indicators.map(
        (i: Json) => i.code,
      );
    // First place is the tailored plan in January; in March it is last, and B2 comes last.
    expect(await codes('2026-01')).toEqual(['M1', 'E1', 'E2', 'I1', 'I2', 'B2', 'B1']);
    expect(await codes('2026-03')).toEqual(['M1', 'B1', 'E1', 'E2', 'I1', 'I2', 'B2']);
  });

  it('a page past the end is empty with the right total; a subtree outside the round is refused', async () => {
    const res = await f
      .c('member')
      .get(`${BASE}/months/2026-01/rankings?orgId=${f.countyA.id}&page=99&pageSize=5`);
    expect(res.body).toMatchObject({ items: [], total: s('2026-01').ranked.length, page: 99 });
    for (const outside of [f.countyB.id, f.root.id, (f.others[0] as OrgRow).id]) {
      const refused = await f
        .c('member')
        .get(`${BASE}/months/2026-01/rankings?orgId=${f.countyA.id}&within=${outside}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
  });

  it('the category chart pages the same way, in ranking order', async () => {
    const whole = s('2026-04').ranked.filter((r) => inScope(G2.id, r.branchId));
    const got = await allPages(
      `${BASE}/months/2026-04/charts/categories?orgId=${f.countyA.id}&within=${G2.id}`,
      2,
    );
    expect(got.items.map((r) => [r.branchId, r.total])).toEqual(whole.map((r) => [r.branchId, r.score]));
  });
});

describe('rankings by indicator, a page at a time', () => {
  it('every page of every indicator equals the slice of its whole ranking', async () => {
    for (const key of ['2026-01', '2026-03']) {
      for (const ir of s(key).byIndicator) {
        for (const within of [undefined, G1.id, tailored.id]) {
          const expected = ir.rows
            .filter((r) => inScope(within, r.branchId))
            .map((r) => [r.branchId, r.rank, r.previousRank, r.movement, r.score]);
          for (const size of [1, 3, 4, 50]) {
            const got = await allPages(
              `${BASE}/months/${key}/rankings/indicators/${ir.code}?orgId=${f.countyA.id}${w(within)}`,
              size,
            );
            expect(
              got.items.map((r) => [r.branchId, r.rank, r.previousRank, r.movement, r.score]),
              `${key} ${ir.code} within ${within} size ${size}`,
            ).toEqual(expected);
          }
        }
      }
    }
    // B2 is ranked among the one branch whose plan has it.
    const b2 = await f.c('member').get(`${BASE}/months/2026-03/rankings/indicators/B2?orgId=${f.countyA.id}`);
    expect(b2.body).toMatchObject({ total: 1, code: 'B2', category: 'basic' });
    expect(b2.body.items.map((r: Json) => [r.branchId, r.rank])).toEqual([[tailored.id, 1]]);
  }, 120_000);
});

/** The quarter board as the service computed it before paging in SQL, filtered to a subtree. */
function oldQuarterBoard(quarter: 1 | 2, within: number | undefined) {
  const keys = monthsOfQuarter(2026, quarter).map((m) => monthKey(m.year, m.month));
  const scores = keys.flatMap((k) =>
    stored.has(k) ? [...s(k).totals].map(([branchId, total]) => ({ branchId, key: k, total })) : [],
  );
  const rows = [...groupBy(scores, (x) => x.branchId)].map(([id, mine]) => {
    const totals = keys.map((k) => mine.find((x) => x.key === k)?.total ?? null);
    const qs = quarterScore(totals);
    return {
      branchId: id,
      months: keys.map((k, i) => ({ month: k, total: totals[i] ?? null })),
      score: qs.score,
      complete: qs.complete,
      missingMonths: qs.missingMonths,
      rank: null as number | null,
    };
  });
  const scored = rows.filter((r) => r.score !== null);
  const ranks = competitionRanks(scored.map((r) => r.score ?? 0));
  scored.forEach((r, i) => {
    r.rank = ranks[i] ?? null;
  });
  rows.sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.branchId - b.branchId,
  );
  return rows.filter((r) => inScope(within, r.branchId));
}

describe('quarter board, a page at a time', () => {
  it('every page equals the slice of the board computed in memory, incomplete quarters flagged', async () => {
    for (const quarter of [1, 2] as const) {
      for (const within of withins()) {
        const expected = oldQuarterBoard(quarter, within);
        if (within === undefined) expect(expected.some((r) => !r.complete)).toBe(true);
        for (const size of SIZES) {
          const got = await allPages(
            `${BASE}/quarters/2026-Q${quarter}/scores?orgId=${f.countyA.id}${w(within)}`,
            size,
          );
          expect(
            got.items.map(({ branchCode: _c, branchName: _n, ...r }) => r),
            `Q${quarter} within ${within} size ${size}`,
          ).toEqual(expected);
        }
      }
    }
  });

  it('the data exercises tied quarter scores and means that need rounding', async () => {
    const board = oldQuarterBoard(1, undefined);
    expect(new Set(board.map((r) => r.rank)).size).toBeLessThan(board.length);
    // e.g. (9000 + 8500 + 8500) / 3 = 8666.67 → 8667: the SQL mean must round exactly like the domain.
    const rounded = board.filter((r) => {
      const present = r.months.flatMap((m) => (m.total === null ? [] : [m.total]));
      return present.reduce((a, b) => a + b, 0) % present.length !== 0;
    });
    expect(rounded.length).toBeGreaterThan(0);
  });

  it('an empty quarter is an empty board', async () => {
    const res = await f.c('member').get(`${BASE}/quarters/2026-Q4/scores?orgId=${f.countyA.id}`);
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });
});

/** The annual board as the service computed it before paging in SQL (default thresholds). */
function oldGradeBoard(within: number | undefined) {
  const rows = round
    .filter((b) => MONTHS.some((k) => s(k).totals.has(b.id)))
    .map((b) => {
      const quarters = ([1, 2, 3, 4] as const).map(
        (q) =>
          quarterScore(
            monthsOfQuarter(2026, q).map((m) => {
              const k = monthKey(m.year, m.month);
              return stored.has(k) ? (s(k).totals.get(b.id) ?? null) : null;
            }),
          ).score,
      );
      return { branchId: b.id, quarters };
    });
  return rows
    .map((r) => ({ ...r, annualScore: annualGrade(r.quarters, [], defaultGradeThresholds).annualScore }))
    .sort((a, b) => (b.annualScore ?? -1) - (a.annualScore ?? -1) || a.branchId - b.branchId)
    .filter((r) => inScope(within, r.branchId));
}

describe('annual grade board, a page at a time', () => {
  it('every page equals the slice of the board computed in memory', async () => {
    for (const within of withins()) {
      const expected = oldGradeBoard(within);
      for (const size of SIZES) {
        const got = await allPages(`${BASE}/years/2026/grades?orgId=${f.countyA.id}${w(within)}`, size);
        expect(
          got.items.map((r) => ({ branchId: r.branchId, quarters: r.quarters, annualScore: r.annualScore })),
          `within ${within} size ${size}`,
        ).toEqual(expected);
      }
    }
  });

  it('grades each row as before: unrectified missed months force 后进, rectified ones do not', async () => {
    const got = await allPages(`${BASE}/years/2026/grades?orgId=${f.countyA.id}`, 6);
    const rects = await f.t.db.selectFrom('be_rectification').select(['month_id', 'branch_id']).execute();
    let forced = 0;
    for (const r of got.items) {
      const flags = MONTHS.filter((k) => s(k).missed.has(r.branchId)).map((k) => ({
        month: k,
        mandatoryMissed: true,
        rectified: rects.some((x) => x.month_id === s(k).monthId && x.branch_id === r.branchId),
      }));
      const g = annualGrade(r.quarters, flags, defaultGradeThresholds);
      expect(r).toMatchObject({
        grade: g.grade,
        reason: { code: g.reason.code, zh: g.reason.zh, en: g.reason.en },
        complete: g.complete,
        unrectifiedMonths: g.unrectified.map((m) => m.month),
        ruleVersion: 0,
      });
      if (g.reason.code === 'mandatory_missed_unrectified') forced++;
    }
    expect(forced).toBeGreaterThan(0);
  });
});
