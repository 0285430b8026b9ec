import { describe, expect, it } from 'vitest';
import { defaultPlanSettings } from '../../domain/branch-eval/plan.js';
import {
  adjacentMonths,
  branchesUnder,
  branchMonthHistory,
  changedCodes,
  checkPeerSheet,
  checkScore,
  deadlineStatus,
  groupByCategory,
  type HistorySource,
  type IndicatorDraft,
  nextPending,
  normalizeScoreText,
  recentMonths,
  type SheetIndicator,
  scoreText,
  selfCompleteness,
  selfSaveEntries,
  sheetEditable,
  windowStatus,
} from './be-round.js';

const ind = (
  code: string,
  category: SheetIndicator['category'],
  maxPoints: number,
  evidenceRequired = false,
): SheetIndicator => ({ code, name: code, category, maxPoints, criteria: '', evidenceRequired });

const plan = [
  ind('M01', 'mandatory', 1000),
  ind('M02', 'mandatory', 1000, true),
  ind('B01', 'basic', 1500),
  ind('E01', 'evaluative', 1000),
  ind('I01', 'innovation', 500),
];

const draft = (scoreText: string, extra: Partial<IndicatorDraft> = {}): IndicatorDraft => ({
  scoreText,
  note: '',
  files: [],
  activities: [],
  entries: [],
  ...extra,
});

describe('checkScore', () => {
  it('reads points with up to two decimals into hundredths', () => {
    expect(checkScore('8.5', 1000)).toEqual({ ok: true, value: 850 });
    expect(checkScore('8.55', 1000)).toEqual({ ok: true, value: 855 });
    expect(checkScore('10', 1000)).toEqual({ ok: true, value: 1000 });
    expect(checkScore('0', 1000)).toEqual({ ok: true, value: 0 });
    expect(checkScore('.5', 1000)).toEqual({ ok: true, value: 50 });
    expect(checkScore('7.', 1000)).toEqual({ ok: true, value: 700 });
    expect(checkScore(' 9.90 ', 1000)).toEqual({ ok: true, value: 990 });
  });

  it('takes an empty field as "no score yet"', () => {
    expect(checkScore('', 1000)).toEqual({ ok: true, value: null });
    expect(checkScore('   ', 1000)).toEqual({ ok: true, value: null });
  });

  it('accepts what phone keyboards and Chinese input methods type', () => {
    expect(normalizeScoreText('８．５')).toBe('8.5');
    expect(checkScore('８。５', 1000)).toEqual({ ok: true, value: 850 });
    expect(checkScore('8,5', 1000)).toEqual({ ok: true, value: 850 });
  });

  it('refuses what the server would refuse, saying why', () => {
    expect(checkScore('10.01', 1000)).toEqual({ ok: false, error: 'aboveMax' });
    expect(checkScore('8.555', 1000)).toEqual({ ok: false, error: 'decimals' });
    expect(checkScore('-1', 1000)).toEqual({ ok: false, error: 'negative' });
    expect(checkScore('abc', 1000)).toEqual({ ok: false, error: 'format' });
    expect(checkScore('1e2', 1000)).toEqual({ ok: false, error: 'format' });
    expect(checkScore('.', 1000)).toEqual({ ok: false, error: 'format' });
    expect(checkScore('8 5', 1000)).toEqual({ ok: false, error: 'format' });
  });

  it('treats "-0" as zero rather than a negative score', () => {
    expect(checkScore('-0', 1000)).toEqual({ ok: true, value: 0 });
  });

  it('shows stored scores with two decimals', () => {
    expect(scoreText(850)).toBe('8.50');
    expect(scoreText(null)).toBe('');
  });
});

describe('deadlineStatus', () => {
  const w = { opensOn: '2026-11-01', due: '2026-11-30' };
  it('counts the days left, the due day itself included', () => {
    expect(deadlineStatus('2026-11-24', w)).toEqual({ kind: 'open', daysLeft: 6 });
    expect(deadlineStatus('2026-11-30', w)).toEqual({ kind: 'open', daysLeft: 0 });
  });
  it('is overdue the day after, unless the office reopened the window', () => {
    expect(deadlineStatus('2026-12-01', w)).toEqual({ kind: 'overdue', daysLate: 1 });
    expect(deadlineStatus('2026-12-03', w, true)).toEqual({ kind: 'reopened' });
  });
  it('follows the server when the browser date disagrees with it', () => {
    expect(windowStatus('2026-11-24', w, false)).toEqual({ kind: 'closed' });
    expect(windowStatus('2026-12-02', w, true)).toEqual({ kind: 'reopened' });
    expect(windowStatus('2026-11-24', w, true)).toEqual({ kind: 'open', daysLeft: 6 });
    expect(windowStatus('2026-12-02', w, false)).toEqual({ kind: 'overdue', daysLate: 2 });
    expect(windowStatus('2026-11-24', w, true, true)).toEqual({ kind: 'reopened' });
  });
  it('says when a window has not opened yet', () => {
    expect(deadlineStatus('2026-10-31', w)).toEqual({ kind: 'notOpen', opensOn: '2026-11-01' });
  });
});

describe('months', () => {
  it('offers recent months newest first, across the year boundary, with an older asked one', () => {
    expect(recentMonths('2026-02-10', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(recentMonths('2026-02-10', 2, '2025-06')).toEqual(['2026-02', '2026-01', '2025-06']);
    expect(recentMonths('2026-02-10', 2, 'junk')).toEqual(['2026-02', '2026-01']);
  });
  it('steps to the neighbouring months', () => {
    expect(adjacentMonths('2026-01')).toEqual({ previous: '2025-12', next: '2026-02' });
  });
});

describe('groupByCategory', () => {
  it('groups in the order 必备 · 基本 · 评价 · 创新 and keeps the plan order inside', () => {
    const groups = groupByCategory([plan[3], plan[0], plan[4], plan[1]] as SheetIndicator[]);
    expect(groups.map((g) => g.category)).toEqual(['mandatory', 'evaluative', 'innovation']);
    expect(groups[0]?.indicators.map((i) => i.code)).toEqual(['M01', 'M02']);
  });
});

describe('the self-evaluation draft', () => {
  const saved = {
    M01: draft('10.00'),
    M02: draft(''),
    B01: draft('12.00', { note: 'ok' }),
    E01: draft(''),
    I01: draft(''),
  };

  it('sees "8" and "8.00" as the same score, and notes or evidence as changes', () => {
    const now = {
      ...saved,
      M01: draft('10'),
      B01: draft('12', { note: 'ok ' }),
      E01: draft('', { files: [{ id: 5, name: 'a.jpg', mime: 'image/jpeg' }] }),
    };
    expect(changedCodes(plan, saved, now)).toEqual(['E01']);
  });

  it('sends only changed indicators, with their whole evidence lists', () => {
    const now = {
      ...saved,
      M02: draft('10', {
        activities: [{ id: 7, title: '主题党日', occurredOn: '2026-11-05' }],
        note: '  ',
      }),
    };
    expect(selfSaveEntries(plan, saved, now)).toEqual({
      ok: true,
      entries: [{ code: 'M02', score: 1000, note: null, fileIds: [], activityIds: [7], entryIds: [] }],
    });
  });

  it('clears a score when the field is emptied', () => {
    const now = { ...saved, B01: draft('', { note: 'ok' }) };
    const r = selfSaveEntries(plan, saved, now);
    expect(r.ok && r.entries[0]?.score).toBe(null);
  });

  it('saves nothing while a score is out of range, and names it', () => {
    const now = { ...saved, B01: draft('15.01'), E01: draft('3') };
    expect(selfSaveEntries(plan, saved, now)).toEqual({ ok: false, errors: { B01: 'aboveMax' } });
  });

  it('lists what blocks the submission, as the server checks it', () => {
    const now = {
      M01: draft('0'),
      M02: draft('10'),
      B01: draft('abc'),
      E01: draft(''),
      I01: draft(''),
    };
    const c = selfCompleteness(defaultPlanSettings, plan, now);
    expect(c.empty).toEqual(['E01']);
    expect(c.invalid).toEqual(['B01']);
    // M02 needs evidence when it claims points; M01 scored 0 is allowed but warned.
    expect(c.evidenceMissing).toEqual(['M02']);
    expect(c.mandatoryZero).toEqual(['M01']);
    expect(c.innovationUnclaimed).toEqual(['I01']);
    expect(c.filled).toBe(2);
    expect(c.required).toBe(4);
    expect(c.ready).toBe(false);
  });

  it('is ready when every required score is there and evidence backs what needs it', () => {
    const now = {
      M01: draft('10'),
      M02: draft('10', { entries: [{ id: 1, label: 'x', occurredOn: '2026-11-03' }] }),
      B01: draft('15'),
      E01: draft('9.5'),
      I01: draft(''),
    };
    const c = selfCompleteness(defaultPlanSettings, plan, now);
    expect(c.ready).toBe(true);
    expect(c.filled).toBe(c.required);
  });

  it('asks no evidence for a zero claim (SPEC §7: only where the item requires it)', () => {
    const now = { ...saved, M01: draft('10'), M02: draft('0'), B01: draft('1'), E01: draft('1') };
    expect(selfCompleteness(defaultPlanSettings, plan, now).evidenceMissing).toEqual([]);
  });
});

describe('sheetEditable', () => {
  it('allows editing in the window, after a return, never once approved', () => {
    expect(sheetEditable({ state: 'self_open', monthState: 'open', windowOpen: true })).toBe(true);
    expect(sheetEditable({ state: 'self_open', monthState: 'verifying', windowOpen: false })).toBe(false);
    expect(sheetEditable({ state: 'returned', monthState: 'verifying', windowOpen: false })).toBe(true);
    expect(sheetEditable({ state: 'self_submitted', monthState: 'open', windowOpen: true })).toBe(false);
    expect(sheetEditable({ state: 'returned', monthState: 'approved', windowOpen: false })).toBe(false);
  });
});

describe('branchMonthHistory', () => {
  const base: HistorySource = { monthState: 'open', deadlines: { opensOn: '2026-11-01' }, history: [] };
  const kinds = (v: HistorySource) => branchMonthHistory(v).map((e) => e.kind);

  it('starts with the opening of the month', () => {
    expect(branchMonthHistory(base)).toEqual([{ kind: 'opened', date: '2026-11-01' }]);
  });

  it('lists every recorded step in order, with its reason and lateness', () => {
    const history = [
      { action: 'submit', at: '2026-11-27T02:00:00Z', late: false, reason: null },
      { action: 'return', at: '2026-12-01T02:00:00Z', late: false, reason: '缺签到表' },
      { action: 'resubmit', at: '2026-12-02T02:00:00Z', late: true, reason: null },
      { action: 'verify', at: '2026-12-03T02:00:00Z', late: false, reason: null },
    ];
    const events = branchMonthHistory({ ...base, monthState: 'published', history });
    expect(events.map((e) => (e.kind === 'step' ? e.action : e.kind))).toEqual([
      'opened',
      'submit',
      'return',
      'resubmit',
      'verify',
      'approved',
      'published',
    ]);
    expect(events[2]).toEqual({ kind: 'step', ...history[1] });
  });

  it('ends with the approval while the month is approved but not yet published', () => {
    expect(kinds({ ...base, monthState: 'approved' })).toEqual(['opened', 'approved']);
  });
});

describe('peer sheets', () => {
  const peerPlan = [ind('E01', 'evaluative', 1000), ind('E02', 'evaluative', 500)];

  it('is complete only when every evaluative indicator is scored within its max', () => {
    expect(checkPeerSheet(defaultPlanSettings, peerPlan, { E01: '9', E02: '5' })).toEqual({
      scores: { E01: 900, E02: 500 },
      missing: [],
      errors: {},
      complete: true,
    });
    const partial = checkPeerSheet(defaultPlanSettings, peerPlan, { E01: '9' });
    expect(partial.complete).toBe(false);
    expect(partial.missing).toEqual(['E02']);
    const wrong = checkPeerSheet(defaultPlanSettings, peerPlan, { E01: '9', E02: '5.5' });
    expect(wrong.errors).toEqual({ E02: 'aboveMax' });
    expect(wrong.missing).toEqual([]);
    expect(wrong.complete).toBe(false);
  });

  it('goes on to the next task still to do, wrapping round', () => {
    const tasks = [
      { id: 1, submitted: true, open: true },
      { id: 2, submitted: false, open: true },
      { id: 3, submitted: false, open: false },
      { id: 4, submitted: true, open: true },
    ];
    expect(nextPending(tasks, (t) => t.id === 2)).toBeUndefined();
    expect(nextPending(tasks, (t) => t.id === 4)?.id).toBe(2);
    expect(nextPending(tasks, (t) => t.id === 1)?.id).toBe(2);
  });
});

describe('branchesUnder', () => {
  const orgs = [
    { id: 1, parentId: null, kind: 'committee', name: '党委' },
    { id: 2, parentId: 1, kind: 'general_branch', name: '总支' },
    { id: 3, parentId: 2, kind: 'branch', name: '一支部' },
    { id: 4, parentId: 2, kind: 'branch', name: '二支部' },
    { id: 5, parentId: 1, kind: 'branch', name: '三支部' },
  ];
  it('takes a branch grant as that branch and a general-branch grant as its branches', () => {
    expect(branchesUnder([{ orgId: 5, orgName: '三支部' }], orgs)).toEqual([{ id: 5, name: '三支部' }]);
    expect(branchesUnder([{ orgId: 2, orgName: '总支' }], orgs).map((b) => b.id)).toEqual([3, 4]);
  });
  it('falls back on the grants while the org list loads', () => {
    expect(branchesUnder([{ orgId: 5, orgName: '三支部' }], undefined)).toEqual([{ id: 5, name: '三支部' }]);
  });
});
