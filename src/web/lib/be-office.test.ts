import { describe, expect, it } from 'vitest';
import { defaultPlanSettings } from '../../domain/branch-eval/plan.js';
import {
  defaultMonth,
  differsFromSelf,
  entryOf,
  flagsOf,
  initialDraft,
  innovationTotal,
  issuesOf,
  monthBefore,
  monthChoices,
  type PeerRater,
  peerBreakdown,
  previewIndicator,
  previewMonth,
  queueSort,
  type SheetIndicator,
  sameDraft,
  sheetIssues,
  unverifiedOf,
  type VerifyDraft,
  verifiedPercent,
} from './be-office.js';

const ind = (code: string, category: SheetIndicator['category'], maxPoints: number, self: number | null) =>
  ({
    code,
    name: code,
    category,
    maxPoints,
    criteria: '',
    evidenceRequired: false,
    selfScore: self,
    verification: null,
  }) satisfies SheetIndicator;

describe('months', () => {
  const months = [
    { month: '2026-10', state: 'published', publishedOn: '2026-11-09' },
    { month: '2026-11', state: 'open', publishedOn: null },
    { month: '2026-09', state: 'published', publishedOn: '2026-10-12' },
  ] as const;

  it('steps back over the new year', () => {
    expect(monthBefore('2026-01')).toBe('2025-12');
    expect(monthBefore('2026-11')).toBe('2026-10');
  });

  it('offers the round months plus the current and previous calendar month, newest first', () => {
    expect(monthChoices(months, '2026-12-03').map((m) => m.month)).toEqual([
      '2026-12',
      '2026-11',
      '2026-10',
      '2026-09',
    ]);
    expect(monthChoices([], '2026-01-05')).toEqual([
      { month: '2026-01', state: null },
      { month: '2025-12', state: null },
    ]);
  });

  it('opens the office on the month being verified, the committee on the month waiting for it', () => {
    const withVerifying = [...months, { month: '2026-08', state: 'verifying' as const, publishedOn: null }];
    expect(defaultMonth(withVerifying, '2026-11-24', 'verify')).toBe('2026-08');
    expect(defaultMonth(months, '2026-11-24', 'verify')).toBe('2026-11');
    const approved = [...months, { month: '2026-07', state: 'approved' as const, publishedOn: null }];
    expect(defaultMonth(approved, '2026-11-24', 'approve')).toBe('2026-07');
    expect(defaultMonth([], '2026-11-03', 'verify')).toBe('2026-10');
    expect(defaultMonth([], '2026-11-24', 'approve')).toBe('2026-11');
  });

  it('counts progress in whole percent', () => {
    expect(verifiedPercent({ branches: 3, verified: 2 })).toBe(66);
    expect(verifiedPercent({ branches: 0, verified: 0 })).toBe(0);
  });
});

describe('the branch list', () => {
  it('puts the branches waiting for the office first, keeping the server order within a state', () => {
    const rows = [
      { id: 1, state: 'verified' as const },
      { id: 2, state: 'self_open' as const },
      { id: 3, state: 'self_submitted' as const },
      { id: 4, state: 'returned' as const },
      { id: 5, state: 'self_submitted' as const },
    ];
    expect(queueSort(rows).map((r) => r.id)).toEqual([3, 5, 4, 2, 1]);
  });

  it('lists the flags most urgent first', () => {
    expect(
      flagsOf({
        submittedLate: true,
        windowReopened: true,
        verifiedLate: false,
        selfOverdue: false,
        verifyOverdue: true,
      }),
    ).toEqual(['verifyOverdue', 'submittedLate', 'windowReopened']);
  });
});

describe('peerBreakdown', () => {
  const rater = (id: number, score?: number): PeerRater => ({
    branchId: id,
    branchName: `B${id}`,
    scores: score === undefined ? {} : { E1: score },
  });

  it('marks one highest and one lowest from five scores on, and gives the trimmed mean', () => {
    const b = peerBreakdown(
      [rater(1, 2500), rater(2, 3000), rater(3, 2000), rater(4, 2500), rater(5, 2600), rater(6)],
      'E1',
    );
    expect(b.lines.map((l) => [l.branchId, l.score, l.dropped])).toEqual([
      [2, 3000, 'high'],
      [5, 2600, null],
      [1, 2500, null],
      [4, 2500, null],
      [3, 2000, 'low'],
      [6, null, null],
    ]);
    // (2600 + 2500 + 2500) / 3 = 2533.33… → 2533
    expect(b.meanRounded).toBe(2533);
    expect(b).toMatchObject({ used: 3, raters: 6, submitted: 5 });
  });

  it('drops only one copy of a tied extreme, and nothing under five scores', () => {
    const tied = peerBreakdown(
      [rater(1, 700), rater(2, 700), rater(3, 800), rater(4, 900), rater(5, 900)],
      'E1',
    );
    expect(tied.lines.filter((l) => l.dropped).map((l) => [l.score, l.dropped])).toEqual([
      [900, 'high'],
      [700, 'low'],
    ]);
    const few = peerBreakdown([rater(1, 700), rater(2, 900)], 'E1');
    expect(few.lines.every((l) => l.dropped === null)).toBe(true);
    expect(few.meanRounded).toBe(800);
    expect(peerBreakdown([], 'E1').meanRounded).toBeNull();
  });
});

describe('the verification sheet', () => {
  const M1 = ind('M1', 'mandatory', 2000, 2000);
  const B1 = ind('B1', 'basic', 3000, 2800);
  const E1 = ind('E1', 'evaluative', 3000, 2700);
  const E2 = ind('E2', 'evaluative', 2000, 1800);
  const I1 = ind('I1', 'innovation', 500, 400);
  const I2 = ind('I2', 'innovation', 800, null);
  const sheet = [M1, B1, E1, E2, I1, I2];

  it('starts from the self scores, or from what the office saved', () => {
    expect(initialDraft(B1)).toEqual({ verified: '28.00', done: null, award: '', reason: '' });
    expect(initialDraft(M1)).toEqual({ verified: '20.00', done: true, award: '', reason: '' });
    expect(initialDraft(ind('M2', 'mandatory', 2000, 0)).done).toBe(false);
    expect(initialDraft(ind('M3', 'mandatory', 2000, null)).done).toBeNull();
    expect(initialDraft(I1)).toEqual({ verified: '', done: null, award: '4.00', reason: '' });
    expect(
      initialDraft({
        ...B1,
        verification: { verified: 2500, done: null, innovationAward: null, reason: '记录不全' },
      }),
    ).toEqual({ verified: '25.00', done: null, award: '', reason: '记录不全' });
    expect(sameDraft(initialDraft(B1), initialDraft(B1))).toBe(true);
  });

  it('sends only the inputs each category takes, in hundredths', () => {
    expect(entryOf(B1, { verified: '25.5', done: null, award: '', reason: ' 少一次 ' })).toEqual({
      entry: { code: 'B1', verified: 2550, done: null, innovationAward: null, reason: '少一次' },
      unreadable: false,
    });
    expect(entryOf(M1, { verified: '20', done: false, award: '', reason: '' }).entry).toEqual({
      code: 'M1',
      verified: null,
      done: false,
      innovationAward: null,
      reason: null,
    });
    expect(entryOf(I1, { verified: '3', done: null, award: '3', reason: '' }).entry).toMatchObject({
      verified: null,
      innovationAward: 300,
    });
    expect(entryOf(B1, { verified: '2.555', done: null, award: '', reason: '' }).unreadable).toBe(true);
  });

  it('asks for a reason exactly where the office departs from the self score', () => {
    expect(differsFromSelf(B1, initialDraft(B1))).toBe(false);
    expect(differsFromSelf(B1, { ...initialDraft(B1), verified: '27' })).toBe(true);
    expect(differsFromSelf(M1, { ...initialDraft(M1), done: false })).toBe(true);
    expect(differsFromSelf(I2, initialDraft(I2))).toBe(false);

    const drafts = Object.fromEntries(sheet.map((i) => [i.code, initialDraft(i)]));
    expect(sheetIssues(defaultPlanSettings, sheet, drafts)).toEqual({});
    drafts.B1 = { ...initialDraft(B1), verified: '27' };
    drafts.E1 = { ...initialDraft(E1), verified: '31' };
    drafts.E2 = { ...initialDraft(E2), verified: 'abc' };
    const issues = sheetIssues(defaultPlanSettings, sheet, drafts);
    expect(Object.keys(issues).sort()).toEqual(['B1', 'E1', 'E2']);
    expect(issues.B1?.[0]?.code).toBe('verify_reason_required');
    expect(issues.E1?.[0]?.code).toBe('score_above_max');
    expect(issues.E2?.[0]?.code).toBe('unreadable');
    drafts.B1 = { ...drafts.B1, reason: '缺会议记录' };
    expect(sheetIssues(defaultPlanSettings, sheet, drafts).B1).toBeUndefined();
  });

  it('previews the month score with the trimmed peer mean, and caps innovation', () => {
    const drafts = Object.fromEntries(sheet.map((i) => [i.code, initialDraft(i)]));
    drafts.I2 = { ...initialDraft(I2), award: '8' };
    const peers = (code: string) => (code === 'E1' ? [2500, 3000, 2000, 2500, 2600] : []);
    const m = previewMonth(defaultPlanSettings, sheet, drafts, peers);
    // E1: 0.2 × 27 + 0.3 × 25.3333… + 0.5 × 27 = 26.5 → 26.50; E2 without peers: 0.2 × 18 + 0.8 × 18 = 18
    expect(m?.indicators.find((i) => i.code === 'E1')?.score).toBe(2650);
    expect(m?.indicators.find((i) => i.code === 'E2')?.score).toBe(1800);
    expect(previewIndicator(defaultPlanSettings, E1, drafts.E1 as VerifyDraft, peers('E1'))).toBe(2650);
    expect(previewIndicator(defaultPlanSettings, B1, { ...initialDraft(B1), verified: '' }, [])).toBeNull();
    // 20 + 28 + 26.5 + 18 + innovation 4 + 8 = 12 capped at 10
    expect(m?.total).toBe(2000 + 2800 + 2650 + 1800 + 1000);
    expect(m?.innovationCapped).toBe(true);
    expect(innovationTotal(sheet, drafts, defaultPlanSettings.innovationCap)).toEqual({
      awarded: 1200,
      cap: 1000,
      over: true,
      any: true,
    });
    drafts.B1 = { ...drafts.B1, verified: '' } as (typeof drafts)['B1'];
    expect(previewMonth(defaultPlanSettings, sheet, drafts, peers)).toBeNull();
  });
});

describe('server refusals', () => {
  it('reads the unverified branches of a refused approval', () => {
    expect(
      unverifiedOf({
        code: 'unverified_branches',
        details: { branches: [{ id: 3, code: 'Z03', name: '第三支部' }, { bogus: true }] },
      }),
    ).toEqual([{ id: 3, code: 'Z03', name: '第三支部' }]);
    expect(unverifiedOf({ code: 'forbidden', details: {} })).toEqual([]);
    expect(unverifiedOf(null)).toEqual([]);
  });

  it('reads the issues listed with a refusal', () => {
    expect(
      issuesOf({
        issues: [
          { code: 'inputs_missing', indicator: 'B1', message: { zh: '缺', en: 'missing' } },
          { code: 'x' },
        ],
      }),
    ).toEqual([{ code: 'inputs_missing', indicator: 'B1', message: { zh: '缺', en: 'missing' } }]);
    expect(issuesOf(undefined)).toEqual([]);
  });
});
