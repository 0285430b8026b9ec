import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorsOf } from './issues.js';
import {
  availablePlanActions,
  canEditPlan,
  copyPlanToNextQuarter,
  createPlanTemplate,
  createQuarterPlan,
  defaultPlanSettings,
  effectivePlanState,
  isFrozen,
  nextPlanState,
  type PlanIndicator,
  type PlanTemplate,
  planPointsByCategory,
  planQuarterStart,
  planTransitions,
  type QuarterPlan,
  tailorPlan,
  validatePlan,
  validateWeights,
} from './plan.js';
import { indicator, samplePlan } from './test-fixtures.js';

const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

function q3Plan(overrides: Partial<QuarterPlan> = {}): QuarterPlan {
  return { ...createQuarterPlan(samplePlan(), { branchId: 7, year: 2025, quarter: 3 }), ...overrides };
}

describe('plan defaults', () => {
  it('are 100 points over mandatory+basic+evaluative, innovation up to 10, weights 20/30/50, 5 raters', () => {
    expect(defaultPlanSettings).toEqual({
      totalPoints: 10_000,
      innovationCap: 1_000,
      weights: { self: 20, peer: 30, verified: 50 },
      minPeerRaters: 5,
    });
    const plan = createPlanTemplate([indicator('M1', 'mandatory', 10_000)]);
    expect(plan.totalPoints).toBe(10_000);
    expect(createPlanTemplate([], { innovationCap: 500 }).innovationCap).toBe(500);
  });

  it('sums max points by category', () => {
    expect(planPointsByCategory(samplePlan())).toEqual({
      mandatory: 2000,
      basic: 4000,
      evaluative: 4000,
      innovation: 1500,
    });
  });
});

describe('validatePlan', () => {
  it('accepts the sample plan with no issue at all', () => {
    expect(validatePlan(samplePlan())).toEqual([]);
  });

  it('reports a base total that is not the plan total, with expected and actual', () => {
    const plan = tailorPlan(samplePlan(), { points: { B1: 1500 } });
    if (!plan.ok) throw new Error('tailoring failed');
    const issues = validatePlan(plan.plan);
    expect(codes(issues)).toEqual(['plan_total_mismatch']);
    expect(issues[0]?.details).toEqual({ expected: 10_000, actual: 9_500 });
    expect(issues[0]?.message.zh).toBe('必备类、基本类、评价类指标合计 95.00 分，应为 100.00 分');
    expect(issues[0]?.message.en).toContain('total 95.00 points; they must total 100.00');
  });

  it('does not count innovation indicators toward the total', () => {
    const plan = tailorPlan(samplePlan(), { add: [indicator('I3', 'innovation', 800)] });
    expect(plan.ok && validatePlan(plan.plan)).toEqual([]);
  });

  it('lets innovation indicators together exceed the cap, but not one alone', () => {
    const plan = tailorPlan(samplePlan(), { points: { I2: 1200 } });
    if (!plan.ok) throw new Error('tailoring failed');
    const issues = validatePlan(plan.plan);
    expect(codes(issues)).toEqual(['innovation_max_above_cap']);
    expect(issues[0]).toMatchObject({ indicator: 'I2', details: { code: 'I2', max: 1200, cap: 1000 } });
  });

  it('reports a duplicate code once', () => {
    const plan: PlanTemplate = {
      ...samplePlan(),
      indicators: [
        indicator('M1', 'mandatory', 2500),
        indicator('X', 'basic', 2500),
        indicator('X', 'basic', 2500),
        indicator('X', 'evaluative', 2500),
      ],
    };
    expect(codes(validatePlan(plan))).toEqual(['duplicate_code']);
  });

  it('checks the weights: whole percentages ≥ 0 adding up to 100', () => {
    expect(validateWeights({ self: 20, peer: 30, verified: 50 })).toEqual([]);
    expect(validateWeights({ self: 0, peer: 0, verified: 100 })).toEqual([]);
    expect(codes(validateWeights({ self: 20, peer: 30, verified: 40 }))).toEqual(['weights_sum_invalid']);
    expect(codes(validateWeights({ self: -10, peer: 60, verified: 50 }))).toEqual(['weight_invalid']);
    expect(codes(validateWeights({ self: 20.5, peer: 29.5, verified: 50 }))).toEqual([
      'weight_invalid',
      'weight_invalid',
    ]);
    const [sum] = validateWeights({ self: 20, peer: 30, verified: 40 });
    expect(sum?.message.zh).toBe('自评、互评、验证权重之和为 90%，应为 100%');
    const [negative] = validateWeights({ self: -10, peer: 60, verified: 50 });
    expect(negative?.message.zh).toContain('自评权重');
    expect(codes(validatePlan({ ...samplePlan(), weights: { self: 30, peer: 30, verified: 50 } }))).toEqual([
      'weights_sum_invalid',
    ]);
  });

  it('checks the settings', () => {
    const plan = samplePlan();
    expect(codes(validatePlan({ ...plan, totalPoints: 0 }))).toEqual(['total_points_invalid']);
    expect(codes(validatePlan({ ...plan, innovationCap: -1 }))).toEqual(['innovation_cap_invalid']);
    expect(codes(validatePlan({ ...plan, innovationCap: 0 }))).toEqual([
      'innovation_max_above_cap',
      'innovation_max_above_cap',
    ]);
    expect(codes(validatePlan({ ...plan, minPeerRaters: 0 }))).toEqual(['min_peer_raters_invalid']);
    expect(codes(validatePlan({ ...plan, minPeerRaters: 2.5 }))).toEqual(['min_peer_raters_invalid']);
  });

  it('reports indicator problems, skipping the total when a max is unusable', () => {
    const plan: PlanTemplate = {
      ...samplePlan(),
      indicators: [indicator('M1', 'mandatory', 9_999.5), indicator('B1', 'basic', 0.5)],
    };
    expect(codes(validatePlan(plan))).toEqual(['max_not_integer', 'max_not_integer']);
  });

  it('warns, without blocking, when there is no mandatory indicator', () => {
    const plan = createPlanTemplate([indicator('B1', 'basic', 6000), indicator('E1', 'evaluative', 4000)]);
    const issues = validatePlan(plan);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'no_mandatory', severity: 'warning' });
    expect(errorsOf(issues)).toEqual([]);
  });
});

describe('tailorPlan', () => {
  it('removes, adds, then re-points, leaving the template untouched', () => {
    const template = samplePlan();
    const before = structuredClone(template);
    const result = tailorPlan(template, {
      remove: ['B2'],
      add: [indicator('B3', 'basic', 1000), indicator('E3', 'evaluative', 500)],
      points: { E1: 2500, E3: 500 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.indicators.map((i) => i.code)).toEqual([
      'M1',
      'M2',
      'B1',
      'E1',
      'E2',
      'I1',
      'I2',
      'B3',
      'E3',
    ]);
    expect(result.plan.indicators.find((i) => i.code === 'E1')?.maxPoints).toBe(2500);
    expect(validatePlan(result.plan)).toEqual([]);
    expect(template).toEqual(before);
  });

  it('replaces an indicator by removing and re-adding its code', () => {
    const result = tailorPlan(samplePlan(), {
      remove: ['E2'],
      add: [indicator('E2', 'evaluative', 2000, { name: '组织生活质量（本支部特色）' })],
    });
    expect(result.ok && result.plan.indicators.at(-1)?.name).toBe('组织生活质量（本支部特色）');
  });

  it('refuses unknown codes and duplicates, listing every problem', () => {
    const result = tailorPlan(samplePlan(), {
      remove: ['Z9'],
      add: [indicator('M1', 'mandatory', 100), indicator('N1', 'basic', 100), indicator('N1', 'basic', 100)],
      points: { Q1: 100 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(codes(result.issues)).toEqual([
      'unknown_indicator',
      'duplicate_code',
      'duplicate_code',
      'unknown_indicator',
    ]);
    expect(result.issues.map((i) => i.indicator)).toEqual(['Z9', 'M1', 'N1', 'Q1']);
  });

  it('refuses to tailor a plan that is no longer a draft', () => {
    const result = tailorPlan(q3Plan({ state: 'approved', approvedOn: '2025-06-20' }), {
      points: { B1: 1900 },
    });
    expect(!result.ok && codes(result.issues)).toEqual(['plan_not_draft']);
    expect(tailorPlan(q3Plan(), { points: { B1: 2000 } }).ok).toBe(true);
  });

  it('accepts every plan produced by balanced point moves (property)', () => {
    // A valid template: base maxima that sum to the total, plus up to two innovation items.
    const templateArb = fc
      .array(fc.integer({ min: 1, max: 9_999 }), { minLength: 0, maxLength: 6 })
      .chain((cuts) => {
        const sorted = [...new Set(cuts)].sort((a, b) => a - b);
        const bounds = [0, ...sorted, 10_000];
        const maxima = bounds.slice(1).map((b, i) => b - (bounds[i] ?? 0));
        return fc.record({
          maxima: fc.constant(maxima),
          kinds: fc.array(fc.constantFrom('basic' as const, 'evaluative' as const), {
            minLength: maxima.length,
            maxLength: maxima.length,
          }),
          innovation: fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 2 }),
        });
      });
    const moveArb = fc.record({
      from: fc.nat(),
      to: fc.nat(),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(templateArb, fc.array(moveArb, { maxLength: 8 }), fc.boolean(), (t, moves, replaceOne) => {
        const indicators: PlanIndicator[] = [
          ...t.maxima.map((max, i) =>
            indicator(`K${i}`, i === 0 ? 'mandatory' : (t.kinds[i] ?? 'basic'), max),
          ),
          ...t.innovation.map((max, i) => indicator(`I${i}`, 'innovation', max)),
        ];
        const template = createPlanTemplate(indicators);
        expect(errorsOf(validatePlan(template))).toEqual([]);

        // Balanced moves between base indicators: what one loses another gains, all stay > 0.
        const points = new Map(t.maxima.map((max, i) => [`K${i}`, max]));
        const keys = [...points.keys()];
        for (const move of moves) {
          const from = keys[move.from % keys.length] ?? 'K0';
          const to = keys[move.to % keys.length] ?? 'K0';
          const available = (points.get(from) ?? 0) - 1;
          const amount = Math.floor(available * move.share);
          if (from === to || amount <= 0) continue;
          points.set(from, (points.get(from) ?? 0) - amount);
          points.set(to, (points.get(to) ?? 0) + amount);
        }
        // Optionally replace the last base indicator by a new one worth the same.
        const last = keys[keys.length - 1] ?? 'K0';
        const replace = replaceOne && keys.length > 1;
        const adjustments = replace
          ? {
              remove: [last],
              add: [indicator('NEW', 'evaluative', points.get(last) ?? 0)],
              points: Object.fromEntries([...points].filter(([code]) => code !== last)),
            }
          : { points: Object.fromEntries(points) };
        const result = tailorPlan(template, adjustments);
        expect(result.ok).toBe(true);
        if (result.ok) expect(errorsOf(validatePlan(result.plan))).toEqual([]);
      }),
    );
  });
});

describe('quarter plans', () => {
  it('are created as drafts from a template', () => {
    const plan = q3Plan();
    expect(plan).toMatchObject({ branchId: 7, year: 2025, quarter: 3, state: 'draft', approvedOn: null });
    expect(plan.indicators).toHaveLength(8);
    expect(planQuarterStart(plan)).toBe('2025-07-01');
    expect(() => createQuarterPlan(samplePlan(), { branchId: 1, year: 2025, quarter: 5 as 1 })).toThrow(
      RangeError,
    );
  });

  it('copy to the next quarter as a fresh draft, across the year end', () => {
    const approved = { ...q3Plan({ quarter: 4, state: 'approved', approvedOn: '2025-09-25' }) };
    const next = copyPlanToNextQuarter(approved);
    expect(next).toMatchObject({ branchId: 7, year: 2026, quarter: 1, state: 'draft', approvedOn: null });
    expect(next.indicators).toEqual(approved.indicators);
    expect(next.indicators[0]).not.toBe(approved.indicators[0]);
    expect(next.weights).toEqual(approved.weights);
  });
});

describe('plan workflow', () => {
  const committee = ['committee'] as const;

  it('lists draft → approved (committee) → frozen (automatic), and reopen with a reason', () => {
    expect(planTransitions.map((t) => `${t.from}-${t.action}->${t.to}`)).toEqual([
      'draft-approve->approved',
      'approved-reopen->draft',
      'approved-freeze->frozen',
    ]);
    expect(planTransitions.find((t) => t.action === 'freeze')).toMatchObject({ automatic: true, roles: [] });
    expect(planTransitions.find((t) => t.action === 'reopen')?.reasonRequired).toBe(true);
  });

  it('lets the committee approve a valid draft before the quarter starts', () => {
    const result = nextPlanState(q3Plan(), 'approve', committee, { today: '2025-06-20' });
    expect(result).toMatchObject({ ok: true, state: 'approved', late: false });
  });

  it('refuses approval by another role', () => {
    const result = nextPlanState(q3Plan(), 'approve', ['eval_office', 'secretary'], { today: '2025-06-20' });
    expect(!result.ok && result.error.code).toBe('role_not_allowed');
  });

  it('refuses to approve an invalid plan, but not one with only warnings', () => {
    const broken = tailorPlan(q3Plan(), { points: { B1: 100 } });
    if (!broken.ok) throw new Error('tailoring failed');
    const result = nextPlanState(broken.plan, 'approve', committee, { today: '2025-06-20' });
    expect(!result.ok && result.error).toMatchObject({
      code: 'plan_invalid',
      details: { issues: ['plan_total_mismatch'] },
    });

    const noMandatory = {
      ...q3Plan(),
      indicators: [indicator('B1', 'basic', 10_000)],
    };
    expect(nextPlanState(noMandatory, 'approve', committee, { today: '2025-06-20' }).ok).toBe(true);
  });

  it('allows a late approval on or after the first day, flagged, and the plan freezes at once', () => {
    const result = nextPlanState(q3Plan(), 'approve', committee, { today: '2025-07-03' });
    expect(result).toMatchObject({ ok: true, state: 'approved', late: true });
    const approved = q3Plan({ state: 'approved', approvedOn: '2025-07-03' });
    expect(isFrozen(approved, '2025-07-03')).toBe(true);
  });

  it('freezes an approved plan on the quarter’s first day, not before', () => {
    const approved = q3Plan({ state: 'approved', approvedOn: '2025-06-20' });
    expect(effectivePlanState(approved, '2025-06-30')).toBe('approved');
    expect(isFrozen(approved, '2025-06-30')).toBe(false);
    expect(effectivePlanState(approved, '2025-07-01')).toBe('frozen');
    expect(isFrozen(approved, '2025-09-30')).toBe(true);
    expect(isFrozen({ ...approved, state: 'frozen' }, '2025-06-01')).toBe(true);
  });

  it('keeps an unapproved draft a draft, editable, after the quarter starts', () => {
    expect(effectivePlanState(q3Plan(), '2025-08-01')).toBe('draft');
    expect(canEditPlan(q3Plan(), '2025-08-01')).toBe(true);
    expect(canEditPlan(q3Plan({ state: 'approved' }), '2025-06-01')).toBe(false);
  });

  it('lets the committee reopen an approved plan with a reason, before the quarter only', () => {
    const approved = q3Plan({ state: 'approved', approvedOn: '2025-06-20' });
    const noReason = nextPlanState(approved, 'reopen', committee, { today: '2025-06-25', reason: '  ' });
    expect(!noReason.ok && noReason.error.code).toBe('reason_required');
    const ok = nextPlanState(approved, 'reopen', committee, {
      today: '2025-06-25',
      reason: '调整评价类分值',
    });
    expect(ok).toMatchObject({ ok: true, state: 'draft', late: false });
    const frozen = nextPlanState(approved, 'reopen', committee, { today: '2025-07-01', reason: '调整' });
    expect(!frozen.ok && frozen.error.code).toBe('plan_frozen');
  });

  it('freezes automatically only once the quarter has started', () => {
    const approved = q3Plan({ state: 'approved', approvedOn: '2025-06-20' });
    const early = nextPlanState(approved, 'freeze', [], { today: '2025-06-30' });
    expect(!early.ok && early.error.code).toBe('quarter_not_started');
    expect(nextPlanState(approved, 'freeze', [], { today: '2025-07-01' })).toMatchObject({
      ok: true,
      state: 'frozen',
    });
    const draft = nextPlanState(q3Plan(), 'freeze', [], { today: '2025-07-01' });
    expect(!draft.ok && draft.error.code).toBe('invalid_transition');
  });

  it('refuses every manual step on a frozen plan', () => {
    const frozen = q3Plan({ state: 'frozen', approvedOn: '2025-06-20' });
    for (const action of ['approve', 'reopen'] as const) {
      const result = nextPlanState(frozen, action, committee, { today: '2025-08-01', reason: 'x' });
      expect(!result.ok && result.error.code).toBe('plan_frozen');
    }
  });

  it('shows the buttons each role may press', () => {
    const actions = (plan: QuarterPlan, roles: readonly ('committee' | 'eval_office')[], today: string) =>
      availablePlanActions(plan, roles, today).map((t) => t.action);
    expect(actions(q3Plan(), ['committee'], '2025-06-01')).toEqual(['approve']);
    expect(actions(q3Plan(), ['eval_office'], '2025-06-01')).toEqual([]);
    expect(actions(q3Plan({ state: 'approved' }), ['committee'], '2025-06-01')).toEqual(['reopen']);
    expect(actions(q3Plan({ state: 'approved' }), ['committee'], '2025-07-01')).toEqual([]);
  });
});
