import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPlanSettings } from '../../domain/branch-eval/plan.js';
import {
  defaultPlanQuarter,
  errorsIn,
  formatPoints,
  groupByCategory,
  homeCommittee,
  liveIssues,
  type PlanItem,
  parseCapPoints,
  parseMaxPoints,
  parseQuarter,
  planBalance,
  pointsInputText,
  quarterChoices,
  quarterOfDay,
  refusedPlans,
  shiftQuarter,
  tailorChanges,
  templatePicks,
  totalsByCategory,
} from './be-plans.js';

const item = (code: string, category: PlanItem['category'], maxPoints: number): PlanItem => ({
  code,
  name: `指标${code}`,
  category,
  maxPoints,
  criteria: '',
  evidenceRequired: false,
});
/** 30 + 40 + 30 over the base categories, innovation 5 + 5 (the demo library's shape). */
const plan: PlanItem[] = [
  item('M1', 'mandatory', 1000),
  item('M2', 'mandatory', 2000),
  item('B1', 'basic', 4000),
  item('E1', 'evaluative', 3000),
  item('I1', 'innovation', 500),
  item('I2', 'innovation', 500),
];

describe('points', () => {
  it('are shown with two decimals', () => {
    expect(formatPoints(8595)).toBe('85.95');
    expect(formatPoints(1000)).toBe('10.00');
    expect(formatPoints(5)).toBe('0.05');
    expect(formatPoints(null)).toBe('—');
  });

  it('are edited without trailing zeros and read back exactly', () => {
    expect(pointsInputText(1000)).toBe('10');
    expect(pointsInputText(750)).toBe('7.5');
    expect(pointsInputText(1234)).toBe('12.34');
    expect(pointsInputText(null)).toBe('');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (h) => {
        expect(parseMaxPoints(pointsInputText(h))).toBe(h);
      }),
    );
  });

  it('typed as max points: above 0, at most two decimals, at most 1000', () => {
    expect(parseMaxPoints('10')).toBe(1000);
    expect(parseMaxPoints(' 7.5 ')).toBe(750);
    expect(parseMaxPoints('0.01')).toBe(1);
    expect(parseMaxPoints(12.34)).toBe(1234);
    expect(parseMaxPoints('1000')).toBe(100_000);
    for (const bad of ['', '0', '-1', '1.234', '1e2', '1,5', 'abc', '1000.01', null, undefined]) {
      expect(parseMaxPoints(bad), String(bad)).toBeNull();
    }
  });

  it('typed as a cap: 0 allowed', () => {
    expect(parseCapPoints('0')).toBe(0);
    expect(parseCapPoints('10')).toBe(1000);
    expect(parseCapPoints('-1')).toBeNull();
    expect(parseCapPoints('')).toBeNull();
  });
});

describe('totals', () => {
  it('add up max points by category', () => {
    expect(totalsByCategory(plan)).toEqual({
      mandatory: 3000,
      basic: 4000,
      evaluative: 3000,
      innovation: 1000,
    });
    expect(totalsByCategory([])).toEqual({ mandatory: 0, basic: 0, evaluative: 0, innovation: 0 });
  });

  it('compare the base categories with the plan total and innovation with the cap', () => {
    const ok = planBalance(plan, defaultPlanSettings);
    expect(ok).toMatchObject({
      base: 10_000,
      target: 10_000,
      diff: 0,
      balanced: true,
      innovationOffered: 1000,
      innovationCap: 1000,
      innovationAboveCap: [],
      weightsSum: 100,
    });
    const short = planBalance([...plan.filter((i) => i.code !== 'B1'), item('I3', 'innovation', 1200)], {
      ...defaultPlanSettings,
      weights: { self: 20, peer: 30, verified: 40 },
    });
    expect(short).toMatchObject({
      base: 6000,
      diff: -4000,
      balanced: false,
      innovationOffered: 2200,
      innovationAboveCap: ['I3'],
      weightsSum: 90,
    });
  });

  it('group indicators in category order, keeping plan order inside a category', () => {
    const mixed = [plan[4], plan[2], plan[1], plan[0]] as PlanItem[];
    expect(groupByCategory(mixed).map((g) => [g.category, g.items.map((i) => i.code)])).toEqual([
      ['mandatory', ['M2', 'M1']],
      ['basic', ['B1']],
      ['innovation', ['I1']],
    ]);
  });

  it('find the same problems the server will, live', () => {
    expect(liveIssues(plan, defaultPlanSettings)).toEqual([]);
    const broken = liveIssues(
      plan.map((i) => (i.code === 'B1' ? { ...i, maxPoints: 3500 } : i)),
      defaultPlanSettings,
    );
    expect(broken.map((i) => i.code)).toEqual(['plan_total_mismatch']);
    expect(broken[0]?.message.zh).toBe('必备类、基本类、评价类指标合计 95.00 分，应为 100.00 分');
    expect(errorsIn(broken)).toBe(1);
    const noMandatory = liveIssues(
      [item('B1', 'basic', 6000), item('E1', 'evaluative', 4000)],
      defaultPlanSettings,
    );
    expect(noMandatory.map((i) => [i.code, i.severity])).toEqual([['no_mandatory', 'warning']]);
    expect(errorsIn(noMandatory)).toBe(0);
  });
});

describe('tailoring', () => {
  const saved = { indicators: plan, settings: defaultPlanSettings };

  it('sends nothing when nothing changed', () => {
    expect(tailorChanges(saved, { indicators: [...plan], settings: { ...defaultPlanSettings } })).toBeNull();
  });

  it('sends removals, additions at their points, changed points and settings', () => {
    const edited = {
      indicators: [
        ...plan.filter((i) => i.code !== 'M2').map((i) => (i.code === 'B1' ? { ...i, maxPoints: 3500 } : i)),
        item('B5', 'basic', 2500),
      ],
      settings: { ...defaultPlanSettings, innovationCap: 800 },
    };
    expect(tailorChanges(saved, edited)).toEqual({
      remove: ['M2'],
      add: [{ code: 'B5', maxPoints: 2500 }],
      points: { B1: 3500 },
      settings: { ...defaultPlanSettings, innovationCap: 800 },
    });
  });

  it('gives template picks by code at their points', () => {
    expect(templatePicks(plan.slice(0, 2))).toEqual([
      { code: 'M1', maxPoints: 1000 },
      { code: 'M2', maxPoints: 2000 },
    ]);
  });
});

describe('quarters', () => {
  it('of a day, shifted and parsed', () => {
    expect(quarterOfDay('2026-11-24')).toBe('2026-Q4');
    expect(quarterOfDay('2026-01-01')).toBe('2026-Q1');
    expect(shiftQuarter('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(parseQuarter('2026-Q3')).toEqual({ year: 2026, quarter: 3 });
    expect(parseQuarter('2026-Q5')).toBeNull();
    expect(parseQuarter('2026-07')).toBeNull();
    expect(parseQuarter(null)).toBeNull();
  });

  it('offered around today, newest first, with a linked one kept', () => {
    expect(quarterChoices('2026-11-24')).toEqual([
      '2027-Q1',
      '2026-Q4',
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
      '2025-Q4',
    ]);
    expect(quarterChoices('2026-11-24', '2024-Q2').at(-1)).toBe('2024-Q2');
    expect(quarterChoices('2026-11-24', 'junk')).toHaveLength(6);
  });

  it('open on the next quarter once this one’s plans are all approved', () => {
    expect(defaultPlanQuarter('2026-11-24', { total: 40, drafts: 0 })).toBe('2027-Q1');
    expect(defaultPlanQuarter('2026-11-24', { total: 40, drafts: 3 })).toBe('2026-Q4');
    expect(defaultPlanQuarter('2026-11-24', { total: 0, drafts: 0 })).toBe('2026-Q4');
  });
});

describe('the committee a user works in', () => {
  const orgs = [
    { id: 1, parentId: null, kind: 'committee' },
    { id: 2, parentId: 1, kind: 'committee' },
    { id: 3, parentId: 2, kind: 'general_branch' },
    { id: 4, parentId: 3, kind: 'branch' },
  ];

  it('is the nearest committee at or above the grant of a given role', () => {
    expect(homeCommittee([{ role: 'eval_office', orgId: 2 }], ['eval_office'], orgs)).toBe(2);
    expect(homeCommittee([{ role: 'committee', orgId: 4 }], ['committee'], orgs)).toBe(2);
    expect(
      homeCommittee(
        [
          { role: 'secretary', orgId: 4 },
          { role: 'affairs', orgId: 1 },
        ],
        ['affairs', 'eval_office'],
        orgs,
      ),
    ).toBe(1);
    expect(homeCommittee([{ role: 'secretary', orgId: 4 }], ['eval_office'], orgs)).toBeNull();
    expect(homeCommittee([{ role: 'eval_office', orgId: 99 }], ['eval_office'], orgs)).toBeNull();
  });
});

describe('a refused quarter approval', () => {
  it('lists the plans the server named, ignoring anything malformed', () => {
    const refusal = {
      planId: 7,
      branchId: 4,
      branchCode: 'A2',
      branchName: '第二党支部',
      issues: [{ code: 'plan_total_mismatch' }],
    };
    expect(refusedPlans({ plans: [refusal, { planId: 'x' }, null] })).toEqual([refusal]);
    expect(refusedPlans({ issues: [] })).toEqual([]);
    expect(refusedPlans(undefined)).toEqual([]);
  });
});
