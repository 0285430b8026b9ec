import { describe, expect, it } from 'vitest';
import {
  categoryStacks,
  defaultChartBranches,
  defaultRoundOrg,
  integrationBase,
  movementSeries,
  needsMoreBranches,
  parseMonth,
  peerChips,
  pickResultsMonth,
  pollExample,
  quarterOfMonthKey,
  rankAxis,
  readableMonths,
  signalHighlights,
  signalLevel,
  weightText,
  yearToMonth,
} from './be-results.js';

describe('months', () => {
  it('reads month keys and refuses anything else', () => {
    expect(parseMonth('2026-10')).toEqual({ year: 2026, month: 10 });
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('2026-1')).toBeNull();
    expect(parseMonth(null)).toBeNull();
  });

  it('finds the quarter and the year so far of a month', () => {
    expect(quarterOfMonthKey('2026-01')).toBe('2026-Q1');
    expect(quarterOfMonthKey('2026-06')).toBe('2026-Q2');
    expect(quarterOfMonthKey('2026-10')).toBe('2026-Q4');
    expect(yearToMonth('2026-10')).toEqual({ from: '2026-01', to: '2026-10' });
    expect(() => quarterOfMonthKey('2026')).toThrow(RangeError);
  });

  const months = [
    { month: '2026-09', state: 'published' as const },
    { month: '2026-11', state: 'open' as const },
    { month: '2026-10', state: 'approved' as const },
    { month: '2026-08', state: 'published' as const },
    { month: '2026-07', state: 'verifying' as const },
  ];

  it('lets everyone read published months and results readers approved ones, newest first', () => {
    expect(readableMonths(months, false).map((m) => m.month)).toEqual(['2026-09', '2026-08']);
    expect(readableMonths(months, true).map((m) => m.month)).toEqual(['2026-10', '2026-09', '2026-08']);
  });

  it('opens on the month asked for when readable, else the latest published one', () => {
    expect(pickResultsMonth(months, '2026-08', false)).toBe('2026-08');
    expect(pickResultsMonth(months, '2026-10', false)).toBe('2026-09');
    expect(pickResultsMonth(months, '2026-10', true)).toBe('2026-10');
    // An approved month is there for the committee, but the page opens on what is published.
    expect(pickResultsMonth(months, null, true)).toBe('2026-09');
    expect(pickResultsMonth(months, '2026-11', true)).toBe('2026-09');
  });

  it('falls back to an approved month when nothing is published yet, and to nothing', () => {
    const first = [{ month: '2026-01', state: 'approved' as const }];
    expect(pickResultsMonth(first, null, true)).toBe('2026-01');
    expect(pickResultsMonth(first, null, false)).toBeNull();
    expect(pickResultsMonth([], null, true)).toBeNull();
  });
});

describe('defaultRoundOrg', () => {
  const orgs = [
    { id: 1, kind: 'committee', parentId: null },
    { id: 2, kind: 'committee', parentId: 1 },
    { id: 3, kind: 'general_branch', parentId: 1 },
    { id: 4, kind: 'branch', parentId: 3 },
    { id: 5, kind: 'branch', parentId: 2 },
  ];

  it('takes the committee a grant sits at', () => {
    expect(defaultRoundOrg([1], orgs, null)).toBe(1);
    expect(defaultRoundOrg([2], orgs, null)).toBe(2);
  });

  it('climbs from a branch to the nearest committee in the list', () => {
    expect(defaultRoundOrg([4], orgs, null)).toBe(1);
    expect(defaultRoundOrg([5], orgs, null)).toBe(2);
  });

  it("uses the branch month's round when the list holds no committee (a secretary's view)", () => {
    expect(defaultRoundOrg([4], [{ id: 4, kind: 'branch', parentId: 3 }], 1)).toBe(1);
    expect(defaultRoundOrg([4], [], 7)).toBe(7);
    expect(defaultRoundOrg([4], [], null)).toBeNull();
  });
});

describe('signalLevel', () => {
  it('shows nothing without evidence', () => {
    expect(signalLevel({ total: 0, percentTenths: null })).toBe('none');
  });

  it('marks a third in the last three days and highlights a half', () => {
    expect(signalLevel({ total: 10, percentTenths: 100 })).toBe('normal');
    expect(signalLevel({ total: 10, percentTenths: 299 })).toBe('normal');
    expect(signalLevel({ total: 10, percentTenths: 300 })).toBe('watch');
    expect(signalLevel({ total: 10, percentTenths: 499 })).toBe('watch');
    expect(signalLevel({ total: 10, percentTenths: 500 })).toBe('high');
    expect(signalLevel({ total: 4, percentTenths: 1000 })).toBe('high');
  });

  it('never highlights a share of one or two files', () => {
    expect(signalLevel({ total: 1, percentTenths: 1000 })).toBe('watch');
    expect(signalLevel({ total: 2, percentTenths: 500 })).toBe('watch');
    expect(signalLevel({ total: 3, percentTenths: 667 })).toBe('high');
  });

  it('names the highlighted branches first, then the marked ones, by share', () => {
    const rows = [
      { id: 1, total: 10, percentTenths: 350 },
      { id: 2, total: 10, percentTenths: 600 },
      { id: 3, total: 1, percentTenths: 1000 },
      { id: 4, total: 10, percentTenths: 50 },
      { id: 5, total: 0, percentTenths: null },
      { id: 6, total: 8, percentTenths: 875 },
    ];
    const h = signalHighlights(rows, 3);
    expect(h.shown.map((r) => [r.id, r.level])).toEqual([
      [6, 'high'],
      [2, 'high'],
      [3, 'watch'],
    ]);
    expect(h.more).toBe(1);
    expect(signalHighlights([rows[3] as (typeof rows)[number]]).shown).toEqual([]);
  });
});

describe('the score explanation', () => {
  it('lists peer scores ascending with the dropped lowest first and highest last', () => {
    expect(
      peerChips({
        used: [1800, 1500, 1700],
        droppedHigh: 2000,
        droppedLow: 1000,
        count: 5,
        meanRounded: 1667,
      }),
    ).toEqual([
      { value: 1000, dropped: 'low' },
      { value: 1500, dropped: null },
      { value: 1700, dropped: null },
      { value: 1800, dropped: null },
      { value: 2000, dropped: 'high' },
    ]);
    expect(
      peerChips({ used: [900, 800], droppedHigh: null, droppedLow: null, count: 2, meanRounded: 850 }),
    ).toEqual([
      { value: 800, dropped: null },
      { value: 900, dropped: null },
    ]);
  });

  it('prints weights as the formula does', () => {
    expect(weightText(20)).toBe('0.2');
    expect(weightText(35)).toBe('0.35');
    expect(weightText(80)).toBe('0.8');
    expect(weightText(100)).toBe('1');
    expect(weightText(5)).toBe('0.05');
  });
});

describe('charts', () => {
  const rows = [
    { branchId: 3, branchName: '甲', ranks: [1, 2, null], totals: [9000, 8800, null] },
    { branchId: 5, branchName: '乙', ranks: [4, 1, 7], totals: [8000, 9100, 7000] },
    { branchId: 9, branchName: '丙', ranks: [2, 3, 1], totals: [8900, 8700, 9300] },
  ];

  it('builds the chosen lines in the order chosen, with the worst rank for the axis', () => {
    const m = movementSeries(rows, [9, 3, 42]);
    expect(m.series.map((s) => s.name)).toEqual(['丙', '甲']);
    expect(m.series[1]?.ranks).toEqual([1, 2, null]);
    expect(m.maxRank).toBe(3);
    expect(movementSeries(rows, []).maxRank).toBe(1);
    expect(movementSeries(rows, [5]).maxRank).toBe(7);
  });

  it('labels rank 1 and steps evenly down to the worst rank', () => {
    expect(rankAxis(16)).toEqual({ min: 1, max: 16, interval: 3 });
    expect(rankAxis(42)).toEqual({ min: 1, max: 46, interval: 9 });
    expect(rankAxis(3)).toEqual({ min: 1, max: 3, interval: 1 });
    expect(rankAxis(1)).toEqual({ min: 1, max: 2, interval: 1 });
  });

  it("opens on the viewer's own branch and then the top of the ranking", () => {
    const top = [{ branchId: 9 }, { branchId: 3 }, { branchId: 5 }, { branchId: 1 }];
    expect(defaultChartBranches(top, [], 3)).toEqual([9, 3, 5]);
    expect(defaultChartBranches(top, [5], 3)).toEqual([5, 9, 3]);
    expect(defaultChartBranches([], [], 3)).toEqual([]);
  });

  it('loads further pages only while a chosen branch may still be ahead', () => {
    expect(needsMoreBranches([1, 2, 3], [2], 3, 10)).toBe(false);
    expect(needsMoreBranches([1, 2, 3], [2, 7], 3, 10)).toBe(true);
    expect(needsMoreBranches([1, 2, 3], [7], 10, 10)).toBe(false);
    expect(needsMoreBranches([], [1], 0, 5)).toBe(true);
  });

  it('stacks the four categories per branch in points', () => {
    const s = categoryStacks([
      { branchName: '甲', byCategory: { mandatory: 2000, basic: 2950, evaluative: 3645, innovation: 0 } },
      { branchName: '乙', byCategory: { mandatory: 0, basic: 3000, evaluative: 3000, innovation: 500 } },
    ]);
    expect(s.labels).toEqual(['甲', '乙']);
    expect(s.stacks.map((x) => x.category)).toEqual(['mandatory', 'basic', 'evaluative', 'innovation']);
    expect(s.stacks[1]?.values).toEqual([29.5, 30]);
    expect(s.stacks[2]?.values).toEqual([36.45, 30]);
  });
});

describe('integration', () => {
  it('documents the polling call on the app’s own origin', () => {
    expect(integrationBase('https://kaohe.example.cn/')).toBe(
      'https://kaohe.example.cn/api/integration/v1/branch-eval',
    );
    const ex = pollExample('http://127.0.0.1:3000', 'kh_abc', '2026-09');
    expect(ex).toContain('http://127.0.0.1:3000/api/integration/v1/branch-eval/months?since=2026-09');
    expect(ex).toContain('Authorization: Bearer kh_abc');
    expect(ex).toContain('If-None-Match');
  });
});
