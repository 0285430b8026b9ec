import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorPercentOf } from './hundredths.js';
import { defaultSchemeRules, type TierRule } from './scheme.js';
import {
  assignTiers,
  defaultTierActions,
  planTierActions,
  type Tier,
  type TierCandidate,
  tierLabels,
  tierReasonLabels,
  tiers,
} from './tiers.js';

const quota = defaultSchemeRules(); // 5 / 20 / 50 %, warning below 6000
const threshold = {
  ...quota,
  tierRule: {
    kind: 'threshold',
    benchmark: 9000,
    excellent: 8500,
    good: 7500,
    warningBelow: 6000,
  } as TierRule,
};

const member = (memberId: number, annualScore: number, over: Partial<TierCandidate> = {}): TierCandidate => ({
  memberId,
  annualScore,
  hasVeto: false,
  quartersPresent: 4,
  ...over,
});
/** n members with distinct scores 9000, 8950, 8900, … */
const ladder = (n: number, from = 1): TierCandidate[] =>
  Array.from({ length: n }, (_, i) => member(from + i, 9000 - i * 50));
const tiersOf = (result: ReturnType<typeof assignTiers>) => result.members.map((m) => m.tier);
const tierOf = (result: ReturnType<typeof assignTiers>, id: number) =>
  result.members.find((m) => m.memberId === id);

describe('assignTiers — quota rule (SPEC §2)', () => {
  it('grades 43 members: 5% of 43 = 2, 20% = 8, 50% = 21, cumulative', () => {
    const result = assignTiers(quota, ladder(43));
    expect(result.n).toBe(43);
    expect(result.limits).toEqual({ benchmark: 2, excellent: 8, good: 21 });
    expect(result.distribution).toEqual({ benchmark: 2, excellent: 6, good: 13, qualified: 22, warning: 0 });
    expect(tiersOf(result).slice(0, 9)).toEqual([
      'benchmark',
      'benchmark',
      'excellent',
      'excellent',
      'excellent',
      'excellent',
      'excellent',
      'excellent',
      'good',
    ]);
    expect(result.members.map((m) => m.c)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
  });

  it('counts 警示型 members in n but takes them out of the count', () => {
    const warned = [
      member(100, 9900, { hasVeto: true }), // the top score, but a veto
      member(101, 5999), // 59.99
      member(102, 3000),
    ];
    const result = assignTiers(quota, [...ladder(40), ...warned]);
    expect(result.n).toBe(43);
    expect(result.limits).toEqual({ benchmark: 2, excellent: 8, good: 21 });
    expect(result.distribution).toEqual({ benchmark: 2, excellent: 6, good: 13, qualified: 19, warning: 3 });
    expect(tierOf(result, 1)).toMatchObject({ tier: 'benchmark', c: 1 }); // the veto member does not push anyone down
    expect(tierOf(result, 100)).toMatchObject({ tier: 'warning', reason: 'veto', c: null, n: 43 });
    expect(tierOf(result, 101)).toMatchObject({ tier: 'warning', reason: 'below_warning', c: null });
  });

  it('puts a member at 59.99 in 警示型 and keeps one at exactly 60 out of it', () => {
    const result = assignTiers(quota, [member(1, 5999), member(2, 6000)]);
    expect(tierOf(result, 1)).toMatchObject({ tier: 'warning', reason: 'below_warning' });
    // n = 2 counts the warned member too: ⌊50% · 2⌋ = 1 良好型 place, and c = 1.
    expect(tierOf(result, 2)).toMatchObject({ tier: 'good', reason: 'quota', c: 1, n: 2 });
  });

  it('gives the veto reason over a low score', () => {
    expect(tierOf(assignTiers(quota, [member(1, 1000, { hasVeto: true })]), 1)?.reason).toBe('veto');
  });

  it('sends members tied at a boundary all to the lower tier: nobody is promoted past the quota', () => {
    // 43 members, 2 benchmark places; the 2nd and 3rd are tied, so c = 3 for both: 优秀型.
    const list = ladder(43);
    list[2] = { ...(list[2] as TierCandidate), annualScore: (list[1] as TierCandidate).annualScore };
    const result = assignTiers(quota, list);
    expect(tiersOf(result).slice(0, 3)).toEqual(['benchmark', 'excellent', 'excellent']);
    expect(result.members.slice(0, 3).map((m) => m.c)).toEqual([1, 3, 3]);
    expect(result.distribution.benchmark).toBe(1);
  });

  it('can leave a tier empty when everybody ties', () => {
    const result = assignTiers(
      quota,
      Array.from({ length: 20 }, (_, i) => member(i + 1, 8000)),
    );
    expect(result.distribution).toEqual({ benchmark: 0, excellent: 0, good: 0, qualified: 20, warning: 0 });
  });

  it('has no 标杆型 in a scope under 20 members (⌊5% · 19⌋ = 0)', () => {
    const result = assignTiers(quota, ladder(19));
    expect(result.limits).toEqual({ benchmark: 0, excellent: 3, good: 9 });
    expect(result.distribution.benchmark).toBe(0);
    expect(tierOf(result, 1)?.tier).toBe('excellent');
  });

  it('grades but flags members present fewer than 2 quarters', () => {
    const result = assignTiers(quota, [
      member(1, 9000, { quartersPresent: 1 }),
      member(2, 8000, { quartersPresent: 2 }),
    ]);
    expect(tierOf(result, 1)).toMatchObject({ tier: 'good', flagged: true });
    expect(tierOf(result, 2)?.flagged).toBe(false);
  });

  it('keeps the input order and handles an empty scope', () => {
    const result = assignTiers(quota, [member(3, 7000), member(1, 9000)]);
    expect(result.members.map((m) => m.memberId)).toEqual([3, 1]);
    expect(assignTiers(quota, []).distribution).toEqual({
      benchmark: 0,
      excellent: 0,
      good: 0,
      qualified: 0,
      warning: 0,
    });
  });

  it('refuses a member graded twice or a fractional score', () => {
    expect(() => assignTiers(quota, [member(1, 7000), member(1, 8000)])).toThrow(/Member 1 is graded twice/);
    expect(() => assignTiers(quota, [member(1, 7000.5)])).toThrow(/Invalid annual score of 1/);
  });
});

describe('assignTiers — threshold rule', () => {
  it('grades by score ≥ X', () => {
    const result = assignTiers(threshold, [
      member(1, 9000),
      member(2, 8999),
      member(3, 8500),
      member(4, 7500),
      member(5, 7499),
      member(6, 6000),
      member(7, 5999),
      member(8, 9500, { hasVeto: true }),
    ]);
    expect(tiersOf(result)).toEqual([
      'benchmark',
      'excellent',
      'excellent',
      'good',
      'qualified',
      'qualified',
      'warning',
      'warning',
    ]);
    expect(result.limits).toBeNull();
    expect(tierOf(result, 1)).toMatchObject({ reason: 'threshold', c: 1 });
  });
});

describe('assignTiers — properties', () => {
  const arbQuota = fc
    .tuple(fc.integer({ min: 0, max: 98 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }))
    .map(([b, e, g]) => ({ benchmark: b, excellent: Math.min(99, b + e), good: Math.min(100, b + e + g) }))
    .filter((q) => q.benchmark < q.excellent && q.excellent < q.good);
  const arbMembers = fc
    .array(
      fc.record({
        annualScore: fc.integer({ min: 5800, max: 6300 }), // narrow: many ties, some below 60
        hasVeto: fc.integer({ min: 0, max: 9 }).map((x) => x === 0), // about one in ten
        quartersPresent: fc.integer({ min: 1, max: 4 }),
      }),
      { maxLength: 120 },
    )
    .map((list) => list.map((m, i) => ({ ...m, memberId: i + 1 })));
  const arbCase = fc.record({
    q: arbQuota,
    members: arbMembers,
    warningBelow: fc.integer({ min: 5900, max: 6100 }),
  });
  const rulesOf = (c: {
    q: { benchmark: number; excellent: number; good: number };
    warningBelow: number;
  }) => ({
    ...quota,
    tierRule: { kind: 'quota' as const, ...c.q, warningBelow: c.warningBelow },
  });
  const rank: Record<Tier, number> = { benchmark: 0, excellent: 1, good: 2, qualified: 3, warning: 4 };

  it('never exceeds a quota (cumulative, rounded down)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const { distribution: d, n } = assignTiers(rulesOf(c), c.members);
        expect(d.benchmark).toBeLessThanOrEqual(floorPercentOf(c.q.benchmark, n));
        expect(d.benchmark + d.excellent).toBeLessThanOrEqual(floorPercentOf(c.q.excellent, n));
        expect(d.benchmark + d.excellent + d.good).toBeLessThanOrEqual(floorPercentOf(c.q.good, n));
        expect(tiers.reduce((a, t) => a + d[t], 0)).toBe(n);
      }),
    );
  });

  it('never gives equal scores different tiers (veto aside), nor a higher score a lower tier', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const graded = assignTiers(rulesOf(c), c.members).members.filter((m) => m.reason !== 'veto');
        for (const a of graded) {
          for (const b of graded) {
            if (a.annualScore === b.annualScore) expect(a.tier).toBe(b.tier);
            if (a.annualScore > b.annualScore) expect(rank[a.tier]).toBeLessThanOrEqual(rank[b.tier]);
          }
        }
      }),
    );
  });

  it('always puts a veto member in 警示型', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const result = assignTiers(rulesOf(c), c.members);
        for (const m of c.members) {
          if (m.hasVeto)
            expect(tierOf(result, m.memberId)).toMatchObject({ tier: 'warning', reason: 'veto' });
        }
      }),
    );
  });

  it('matches the SPEC sentence computed the slow way', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const rules = rulesOf(c);
        const result = assignTiers(rules, c.members);
        const n = c.members.length;
        const remaining = c.members.filter((m) => !m.hasVeto && m.annualScore >= c.warningBelow);
        for (const m of c.members) {
          const got = tierOf(result, m.memberId);
          if (!remaining.includes(m)) {
            expect(got?.tier).toBe('warning');
            continue;
          }
          const cc = remaining.filter((o) => o.annualScore >= m.annualScore).length;
          const expected: Tier =
            cc <= Math.floor((c.q.benchmark * n) / 100)
              ? 'benchmark'
              : cc <= Math.floor((c.q.excellent * n) / 100)
                ? 'excellent'
                : cc <= Math.floor((c.q.good * n) / 100)
                  ? 'good'
                  : 'qualified';
          expect(got).toMatchObject({ tier: expected, c: cc, n, flagged: m.quartersPresent < 2 });
        }
      }),
    );
  });
});

describe('tier labels and 奖惩', () => {
  it('labels every tier and reason in both languages', () => {
    expect(tiers.map((t) => tierLabels[t].zh)).toEqual(['标杆型', '优秀型', '良好型', '合格型', '警示型']);
    expect(tiers.map((t) => tierLabels[t].en)).toEqual([
      'Benchmark',
      'Excellent',
      'Good',
      'Qualified',
      'Warning',
    ]);
    expect(Object.keys(tierReasonLabels).sort()).toEqual(['below_warning', 'quota', 'threshold', 'veto']);
    expect(Object.values(tierReasonLabels).every((l) => l.zh && l.en)).toBe(true);
  });

  it('has a template per tier with unique action codes', () => {
    expect(defaultTierActions.map((t) => t.tier)).toEqual([...tiers]);
    const codes = defaultTierActions.flatMap((t) => t.actions.map((a) => a.code));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('plans the 警示型 talk in 30 days and the rectification in 60', () => {
    expect(planTierActions('warning', '2026-01-20')).toEqual([
      {
        code: 'heart_to_heart_talk',
        name_zh: '谈心谈话',
        name_en: 'Heart-to-heart talk',
        dueOn: '2026-02-19',
      },
      {
        code: 'rectification_plan',
        name_zh: '制定整改措施',
        name_en: 'Rectification plan',
        dueOn: '2026-03-21',
      },
    ]);
  });

  it('plans the 标杆型 commendation and the standing award priority', () => {
    expect(planTierActions('benchmark', '2026-01-20')).toEqual([
      {
        code: 'public_commendation',
        name_zh: '通报表扬',
        name_en: 'Public commendation',
        dueOn: '2026-02-19',
      },
      {
        code: 'award_priority',
        name_zh: '优先推荐评优评先',
        name_en: 'Priority recommendation for awards',
        dueOn: null,
      },
    ]);
    expect(planTierActions('excellent', '2026-01-20')).toEqual([
      { code: 'commendation', name_zh: '表扬', name_en: 'Commendation', dueOn: '2026-02-19' },
    ]);
    expect(planTierActions('good', '2026-01-20')).toEqual([]);
    expect(planTierActions('qualified', '2026-01-20')).toEqual([]);
  });

  it('uses a scheme’s own templates when given', () => {
    const own = [
      { tier: 'good' as const, actions: [{ code: 'x', name_zh: '鼓励', name_en: 'Encourage', dueDays: 7 }] },
    ];
    expect(planTierActions('good', '2026-12-28', own)).toEqual([
      { code: 'x', name_zh: '鼓励', name_en: 'Encourage', dueOn: '2027-01-04' },
    ]);
    expect(planTierActions('warning', '2026-12-28', own)).toEqual([]);
  });
});
