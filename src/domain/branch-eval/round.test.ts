import { describe, expect, it } from 'vitest';
import type { Role } from '../access/roles.js';
import { createHolidayCalendar, dayInfo, dayOfWeek } from '../calendar/index.js';
import { issue } from './issues.js';
import {
  availableBranchMonthActions,
  availableMonthActions,
  type BranchMonthAction,
  type BranchMonthContext,
  type BranchMonthState,
  branchMonthActions,
  branchMonthStates,
  branchMonthTransitions,
  canSubmitPeer,
  canSubmitSelf,
  effectiveMonthState,
  isLate,
  type MonthContext,
  monthDeadlines,
  nextBranchMonthState,
  nextMonthState,
  validatePeerScores,
  validateSelfEvaluation,
  validateVerification,
} from './round.js';
import { indicator, samplePlan } from './test-fixtures.js';

const cal = createHolidayCalendar();
const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

describe('monthDeadlines on the Chinese working-day calendar', () => {
  it('September 2025: self due Tue 30th; verify due Tue 14 October after the National Day break', () => {
    const d = monthDeadlines(cal, 2025, 9);
    expect(d).toEqual({
      opensOn: '2025-09-01',
      selfDue: '2025-09-30',
      peerDue: '2025-09-30',
      // 1–8 October are 国庆中秋 holidays; Sat 11 October is a make-up working day.
      verifyStart: '2025-10-09',
      verifyDue: '2025-10-14',
      calendarUncertain: false,
      unknownYears: [],
    });
    expect(dayOfWeek(d.selfDue)).toBe(2);
    expect(dayInfo(cal, '2025-10-11')).toMatchObject({ working: true, reason: 'makeup_workday' });
  });

  it('December 2026: verification runs into 2027, whose holidays nobody knows yet — said so', () => {
    expect(monthDeadlines(cal, 2026, 12)).toMatchObject({ calendarUncertain: true, unknownYears: [2027] });
    expect(monthDeadlines(cal, 2026, 11)).toMatchObject({ calendarUncertain: false, unknownYears: [] });
    const known = createHolidayCalendar([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    expect(monthDeadlines(known, 2026, 12)).toMatchObject({ calendarUncertain: false, unknownYears: [] });
  });

  it('January 2026: self due Fri 30th; verify due in February', () => {
    expect(monthDeadlines(cal, 2026, 1)).toMatchObject({
      selfDue: '2026-01-30',
      verifyStart: '2026-02-02',
      verifyDue: '2026-02-06',
    });
  });

  it('February 2026: self due Sat 28th, a make-up working day (调休)', () => {
    const d = monthDeadlines(cal, 2026, 2);
    expect(d.selfDue).toBe('2026-02-28');
    expect(dayOfWeek(d.selfDue)).toBe(6);
    expect(dayInfo(cal, d.selfDue).reason).toBe('makeup_workday');
    expect(d.verifyDue).toBe('2026-03-06');
  });

  it('December 2025: verification runs into January 2026, starting on the make-up Sunday 4 January', () => {
    expect(monthDeadlines(cal, 2025, 12)).toMatchObject({
      selfDue: '2025-12-31',
      verifyStart: '2026-01-04',
      verifyDue: '2026-01-08',
    });
  });

  it('takes the number of verification working days as a setting', () => {
    expect(monthDeadlines(cal, 2025, 9, { verifyWorkingDays: 3 }).verifyDue).toBe('2025-10-11');
  });

  it('follows an administrator’s override year', () => {
    // The override replaces the whole year 2031: 31 January (a Friday) becomes a holiday.
    const overridden = createHolidayCalendar([{ date: '2031-01-31', kind: 'holiday', name: '测试' }]);
    expect(monthDeadlines(overridden, 2031, 1).selfDue).toBe('2031-01-30');
    expect(monthDeadlines(cal, 2031, 1).selfDue).toBe('2031-01-31');
  });

  it('refuses an impossible month', () => {
    expect(() => monthDeadlines(cal, 2025, 13)).toThrow(RangeError);
  });
});

describe('windows', () => {
  const d = monthDeadlines(cal, 2025, 9);

  it('isLate: the due day itself is on time', () => {
    expect(isLate('2025-09-30', '2025-09-30')).toBe(false);
    expect(isLate('2025-10-01', '2025-09-30')).toBe(true);
    expect(isLate('2025-09-01', '2025-09-30')).toBe(false);
  });

  it('opens self-evaluation on the first of the month and closes it after the last working day', () => {
    const before = canSubmitSelf('2025-08-31', d, false);
    expect(!before.ok && before.error.code).toBe('window_not_open');
    expect(canSubmitSelf('2025-09-01', d, false).ok).toBe(true);
    expect(canSubmitSelf('2025-09-30', d, false).ok).toBe(true);
    const after = canSubmitSelf('2025-10-01', d, false);
    expect(!after.ok && after.error).toMatchObject({ code: 'window_closed', details: { due: '2025-09-30' } });
    expect(!after.ok && after.error.message.zh).toBe(
      '自评互评已于 2025-09-30 截止，请联系联评联考办公室重新开放',
    );
  });

  it('keeps a reopened window open', () => {
    expect(canSubmitSelf('2025-10-10', d, true).ok).toBe(true);
    expect(canSubmitSelf('2025-08-31', d, true).ok).toBe(false);
  });

  it('uses the same window for peer evaluation', () => {
    expect(canSubmitPeer('2025-09-30', d, false).ok).toBe(true);
    const late = canSubmitPeer('2025-10-09', d, false);
    expect(!late.ok && late.error.code).toBe('window_closed');
  });
});

describe('validateSelfEvaluation', () => {
  const plan = samplePlan();
  const complete = {
    M1: { score: 1000 },
    M2: { score: 1000, note: '按时召开支委会' },
    B1: { score: 2000 },
    B2: { score: 1800, evidenceCount: 2 },
    E1: { score: 1900 },
    E2: { score: 1800 },
  };

  it('accepts a complete self-evaluation; innovation claims are optional', () => {
    expect(validateSelfEvaluation(plan, complete)).toEqual([]);
    expect(validateSelfEvaluation(plan, { ...complete, I1: { score: 500 } })).toEqual([]);
  });

  it('needs every non-innovation indicator scored', () => {
    const { E2: _e2, ...partial } = complete;
    const issues = validateSelfEvaluation(plan, { ...partial, M1: { score: null } });
    expect(issues.map((i) => [i.code, i.indicator])).toEqual([
      ['self_missing', 'M1'],
      ['self_missing', 'E2'],
    ]);
  });

  it('asks for evidence only where the indicator requires it and points are claimed', () => {
    expect(codes(validateSelfEvaluation(plan, { ...complete, B2: { score: 1800 } }))).toEqual([
      'evidence_missing',
    ]);
    expect(validateSelfEvaluation(plan, { ...complete, B2: { score: 0 } })).toEqual([]);
  });

  it('checks ranges and unknown codes', () => {
    const issues = validateSelfEvaluation(plan, {
      ...complete,
      B1: { score: 2001 },
      E1: { score: -5 },
      Z: { score: 1 },
    });
    expect(codes(issues)).toEqual(['unknown_indicator', 'score_above_max', 'score_negative']);
    expect(codes(validateSelfEvaluation(plan, { ...complete, E2: { score: 17.5 } }))).toEqual([
      'score_not_integer',
    ]);
  });
});

describe('validateVerification', () => {
  const plan = samplePlan();
  const agreed = {
    M1: { self: 1000, done: true, verified: 1000 },
    M2: { self: 1000, done: true, verified: 1000 },
    B1: { self: 2000, verified: 2000 },
    B2: { self: 1800, verified: 1800 },
    E1: { self: 1900, verified: 1900 },
    E2: { self: 1800, verified: 1800 },
  };

  it('accepts verified scores equal to the self scores without reasons', () => {
    expect(validateVerification(plan, agreed)).toEqual([]);
  });

  it('needs a reason where the verified score differs from the self score', () => {
    const issues = validateVerification(plan, { ...agreed, B1: { self: 2000, verified: 1700 } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'verify_reason_required',
      indicator: 'B1',
      details: { self: 2000, verified: 1700 },
    });
    expect(
      validateVerification(plan, {
        ...agreed,
        B1: { self: 2000, verified: 1700, reason: '佐证缺少会议记录' },
      }),
    ).toEqual([]);
    expect(
      codes(validateVerification(plan, { ...agreed, B1: { self: 2000, verified: 1700, reason: ' ' } })),
    ).toEqual(['verify_reason_required']);
  });

  it('treats a mandatory indicator not done as 0 against the self score', () => {
    expect(codes(validateVerification(plan, { ...agreed, M2: { self: 1000, done: false } }))).toEqual([
      'verify_reason_required',
    ]);
    expect(validateVerification(plan, { ...agreed, M2: { self: 0, done: false } })).toEqual([]);
  });

  it('compares an innovation award with the branch’s claim', () => {
    expect(codes(validateVerification(plan, { ...agreed, I1: { self: 500, innovationAward: 300 } }))).toEqual(
      ['verify_reason_required'],
    );
    expect(codes(validateVerification(plan, { ...agreed, I1: { self: 500 } }))).toEqual([
      'verify_reason_required',
    ]);
    expect(validateVerification(plan, { ...agreed, I2: { innovationAward: 300 } })).toEqual([]);
  });

  it('needs every non-innovation indicator verified, in range', () => {
    const { B2: _b2, ...partial } = agreed;
    expect(
      validateVerification(plan, {
        ...partial,
        E1: { self: 1900 },
        M1: { self: 1000, verified: 1000 },
        B1: { verified: 2100 },
      }).map((i) => [i.code, i.indicator]),
    ).toEqual([
      ['done_missing', 'M1'],
      ['score_above_max', 'B1'],
      ['inputs_missing', 'B2'],
      ['verified_missing', 'E1'],
    ]);
  });
});

describe('validatePeerScores', () => {
  const plan = samplePlan();

  it('takes a score for every evaluative indicator and nothing else', () => {
    expect(validatePeerScores(plan, { E1: 1800, E2: 1500 })).toEqual([]);
    expect(validatePeerScores(plan, { E1: 1800 }).map((i) => [i.code, i.indicator])).toEqual([
      ['inputs_missing', 'E2'],
    ]);
    const issues = validatePeerScores(plan, { E1: 1800, E2: 2001, B1: 100, Q: 1 });
    expect(codes(issues)).toEqual(['unknown_indicator', 'input_not_applicable', 'score_above_max']);
  });
});

// ---------------------------------------------------------------------------------------------

const sept = monthDeadlines(cal, 2025, 9);
const secretary: readonly Role[] = ['secretary'];
const office: readonly Role[] = ['eval_office'];
const committee: readonly Role[] = ['committee'];

function ctx(overrides: Partial<BranchMonthContext> = {}): BranchMonthContext {
  return { today: '2025-09-29', deadlines: sept, monthState: 'open', checks: [], ...overrides };
}

describe('branch-month state machine', () => {
  it('lists every state and action, and each step with its role', () => {
    expect(branchMonthStates).toEqual(['self_open', 'self_submitted', 'returned', 'verified']);
    expect(branchMonthTransitions.map((t) => `${t.from} ${t.action} ${t.to} ${t.roles.join('|')}`)).toEqual([
      'self_open submit self_submitted secretary',
      'self_open reopen_window self_open eval_office',
      'self_submitted withdraw self_open secretary',
      'self_submitted return returned eval_office',
      'self_submitted verify verified eval_office',
      'returned resubmit self_submitted secretary',
      'verified reopen_verification self_submitted eval_office',
    ]);
  });

  it('lets the secretary submit in the window', () => {
    expect(nextBranchMonthState('self_open', 'submit', secretary, ctx())).toMatchObject({
      ok: true,
      state: 'self_submitted',
      late: false,
      windowReopened: false,
    });
  });

  it('accepts a submission on the last working day, a make-up Saturday', () => {
    const feb = monthDeadlines(cal, 2026, 2);
    const result = nextBranchMonthState(
      'self_open',
      'submit',
      secretary,
      ctx({ today: '2026-02-28', deadlines: feb }),
    );
    expect(result).toMatchObject({ ok: true, late: false });
  });

  it('refuses a submission by another role', () => {
    const result = nextBranchMonthState('self_open', 'submit', office, ctx());
    expect(!result.ok && result.error).toMatchObject({
      code: 'role_not_allowed',
      details: { allowed: ['secretary'] },
    });
  });

  it('closes the window after the last working day until the office reopens it with a reason', () => {
    const late = ctx({ today: '2025-10-09' });
    const refused = nextBranchMonthState('self_open', 'submit', secretary, late);
    expect(!refused.ok && refused.error.code).toBe('window_closed');

    const noReason = nextBranchMonthState('self_open', 'reopen_window', office, late);
    expect(!noReason.ok && noReason.error.code).toBe('reason_required');
    const reopened = nextBranchMonthState('self_open', 'reopen_window', office, {
      ...late,
      reason: '支部书记出差',
    });
    expect(reopened).toMatchObject({ ok: true, state: 'self_open', windowReopened: true });

    const submitted = nextBranchMonthState('self_open', 'submit', secretary, {
      ...late,
      windowReopened: true,
    });
    expect(submitted).toMatchObject({ ok: true, state: 'self_submitted', late: true, windowReopened: true });
  });

  it('refuses to reopen a window that is still open, or not open yet', () => {
    const open = nextBranchMonthState('self_open', 'reopen_window', office, ctx({ reason: 'x' }));
    expect(!open.ok && open.error.code).toBe('window_open');
    const reopened = nextBranchMonthState(
      'self_open',
      'reopen_window',
      office,
      ctx({ today: '2025-10-09', windowReopened: true, reason: 'x' }),
    );
    expect(!reopened.ok && reopened.error.code).toBe('window_open');
    const early = nextBranchMonthState(
      'self_open',
      'reopen_window',
      office,
      ctx({ today: '2025-08-20', reason: 'x' }),
    );
    expect(!early.ok && early.error.code).toBe('window_not_open');
  });

  it('needs the submitted scores checked, and complete', () => {
    const unchecked = nextBranchMonthState('self_open', 'submit', secretary, ctx({ checks: undefined }));
    expect(!unchecked.ok && unchecked.error.code).toBe('checks_missing');
    const checks = [
      issue('self_missing', { code: 'E1' }, { indicator: 'E1' }),
      issue('self_missing', { code: 'E2' }, { indicator: 'E2' }),
      issue('evidence_missing', { code: 'B2' }, { indicator: 'B2' }),
    ];
    const incomplete = nextBranchMonthState('self_open', 'submit', secretary, ctx({ checks }));
    expect(!incomplete.ok && incomplete.error).toMatchObject({
      code: 'self_evaluation_incomplete',
      details: { issues: ['self_missing', 'evidence_missing'] },
    });
    const warningsOnly = [issue('no_mandatory', {}, { severity: 'warning' })];
    expect(nextBranchMonthState('self_open', 'submit', secretary, ctx({ checks: warningsOnly })).ok).toBe(
      true,
    );
  });

  it('lets the secretary withdraw a submission while the window is open', () => {
    expect(nextBranchMonthState('self_submitted', 'withdraw', secretary, ctx())).toMatchObject({
      ok: true,
      state: 'self_open',
    });
    const late = nextBranchMonthState('self_submitted', 'withdraw', secretary, ctx({ today: '2025-10-01' }));
    expect(!late.ok && late.error.code).toBe('window_closed');
  });

  it('lets the office return a submission for evidence, with a reason, and the branch resubmit', () => {
    const during = ctx({ today: '2025-10-10' });
    const noReason = nextBranchMonthState('self_submitted', 'return', office, during);
    expect(!noReason.ok && noReason.error.code).toBe('reason_required');
    expect(
      nextBranchMonthState('self_submitted', 'return', office, { ...during, reason: '请补充会议记录照片' }),
    ).toMatchObject({
      ok: true,
      state: 'returned',
    });
    // Resubmitting after a return ignores the closed window; it is late against the self deadline.
    expect(nextBranchMonthState('returned', 'resubmit', secretary, during)).toMatchObject({
      ok: true,
      state: 'self_submitted',
      late: true,
    });
    const unchecked = nextBranchMonthState('returned', 'resubmit', secretary, {
      ...during,
      checks: undefined,
    });
    expect(!unchecked.ok && unchecked.error.code).toBe('checks_missing');
  });

  it('lets the office verify when every verified score checks out', () => {
    const during = ctx({ today: '2025-10-14' });
    expect(nextBranchMonthState('self_submitted', 'verify', office, during)).toMatchObject({
      ok: true,
      state: 'verified',
      late: false,
    });
    const afterDue = nextBranchMonthState('self_submitted', 'verify', office, ctx({ today: '2025-10-15' }));
    expect(afterDue).toMatchObject({ ok: true, late: true });
    const checks = [issue('verify_reason_required', { code: 'B1' }, { indicator: 'B1' })];
    const incomplete = nextBranchMonthState('self_submitted', 'verify', office, { ...during, checks });
    expect(!incomplete.ok && incomplete.error).toMatchObject({
      code: 'verification_incomplete',
      details: { issues: ['verify_reason_required'] },
    });
    const unchecked = nextBranchMonthState('self_submitted', 'verify', office, {
      ...during,
      checks: undefined,
    });
    expect(!unchecked.ok && unchecked.error.code).toBe('checks_missing');
  });

  it('lets the office reopen a verification, with a reason, before approval', () => {
    const during = ctx({ today: '2025-10-13' });
    const noReason = nextBranchMonthState('verified', 'reopen_verification', office, during);
    expect(!noReason.ok && noReason.error.code).toBe('reason_required');
    expect(
      nextBranchMonthState('verified', 'reopen_verification', office, { ...during, reason: '复核' }),
    ).toMatchObject({
      ok: true,
      state: 'self_submitted',
    });
  });

  it('changes nothing once the month is approved or published', () => {
    for (const monthState of ['approved', 'published'] as const) {
      for (const state of branchMonthStates) {
        for (const action of branchMonthActions) {
          const result = nextBranchMonthState(
            state,
            action,
            ['secretary', 'eval_office', 'committee'],
            ctx({ monthState, reason: 'x' }),
          );
          expect(!result.ok && result.error.code).toBe('month_closed');
        }
      }
    }
  });

  it('refuses every step the table does not list', () => {
    const all: readonly Role[] = [
      'admin',
      'committee',
      'affairs',
      'eval_office',
      'secretary',
      'inspector',
      'member',
    ];
    for (const state of branchMonthStates) {
      for (const action of branchMonthActions) {
        const listed = branchMonthTransitions.some((t) => t.from === state && t.action === action);
        const result = nextBranchMonthState(state, action, all, ctx({ reason: 'x' }));
        if (!listed) expect(!result.ok && result.error.code).toBe('invalid_transition');
      }
    }
  });

  it('lets only the listed role take each step (every role tried)', () => {
    const everyRole: readonly Role[] = [
      'admin',
      'committee',
      'affairs',
      'eval_office',
      'secretary',
      'inspector',
      'member',
    ];
    // A context in which each step's date rule holds.
    const okContext: Record<BranchMonthAction, BranchMonthContext> = {
      submit: ctx(),
      withdraw: ctx(),
      reopen_window: ctx({ today: '2025-10-09', reason: 'x' }),
      return: ctx({ reason: 'x' }),
      resubmit: ctx(),
      verify: ctx(),
      reopen_verification: ctx({ reason: 'x' }),
    };
    for (const t of branchMonthTransitions) {
      for (const role of everyRole) {
        const result = nextBranchMonthState(t.from, t.action, [role], okContext[t.action]);
        expect(result.ok).toBe(t.roles.includes(role));
        if (!result.ok) expect(result.error.code).toBe('role_not_allowed');
      }
    }
  });

  it('shows the buttons each role may press now', () => {
    const buttons = (state: BranchMonthState, roles: readonly Role[], c: BranchMonthContext) =>
      availableBranchMonthActions(state, roles, c).map((t) => t.action);
    expect(buttons('self_open', secretary, ctx())).toEqual(['submit']);
    expect(buttons('self_open', secretary, ctx({ today: '2025-10-01' }))).toEqual([]);
    expect(buttons('self_open', office, ctx())).toEqual([]);
    expect(buttons('self_open', office, ctx({ today: '2025-10-01' }))).toEqual(['reopen_window']);
    expect(buttons('self_open', secretary, ctx({ today: '2025-10-01', windowReopened: true }))).toEqual([
      'submit',
    ]);
    expect(buttons('self_submitted', office, ctx())).toEqual(['return', 'verify']);
    expect(buttons('self_submitted', secretary, ctx())).toEqual(['withdraw']);
    expect(buttons('returned', secretary, ctx({ today: '2025-10-10' }))).toEqual(['resubmit']);
    expect(buttons('verified', office, ctx())).toEqual(['reopen_verification']);
    expect(buttons('verified', office, ctx({ monthState: 'approved' }))).toEqual([]);
  });
});

describe('month state machine', () => {
  const verified = [
    { branchId: 12, state: 'verified' as const },
    { branchId: 11, state: 'verified' as const },
  ];
  function monthCtx(overrides: Partial<MonthContext> = {}): MonthContext {
    return { today: '2025-10-14', deadlines: sept, branches: verified, ...overrides };
  }

  it('is open until the peer deadline, then verifying', () => {
    expect(effectiveMonthState('open', '2025-09-30', sept)).toBe('open');
    expect(effectiveMonthState('open', '2025-10-01', sept)).toBe('verifying');
    expect(effectiveMonthState('approved', '2025-10-01', sept)).toBe('approved');
  });

  it('lets the committee approve all branches at once when every branch is verified', () => {
    expect(nextMonthState('open', 'approve', committee, monthCtx())).toMatchObject({
      ok: true,
      state: 'approved',
    });
    expect(nextMonthState('verifying', 'approve', committee, monthCtx({ today: '2025-10-20' })).ok).toBe(
      true,
    );
  });

  it('refuses approval while any branch is unverified, listing them', () => {
    const result = nextMonthState(
      'verifying',
      'approve',
      committee,
      monthCtx({
        branches: [
          ...verified,
          { branchId: 31, state: 'returned' },
          { branchId: 14, state: 'self_open' },
          { branchId: 20, state: 'self_submitted' },
        ],
      }),
    );
    expect(!result.ok && result.error).toMatchObject({
      code: 'unverified_branches',
      details: { branches: [14, 20, 31] },
    });
    expect(!result.ok && result.error.message.zh).toBe('以下支部尚未验证：14、20、31');
  });

  it('refuses approval before the window has closed, by another role, or with no branch', () => {
    const early = nextMonthState('open', 'approve', committee, monthCtx({ today: '2025-09-30' }));
    expect(!early.ok && early.error.code).toBe('month_not_closed');
    const byOffice = nextMonthState('verifying', 'approve', office, monthCtx());
    expect(!byOffice.ok && byOffice.error.code).toBe('role_not_allowed');
    const none = nextMonthState('verifying', 'approve', committee, monthCtx({ branches: [] }));
    expect(!none.ok && none.error.code).toBe('no_branches');
  });

  it('publishes an approved month, and nothing leaves published', () => {
    expect(nextMonthState('approved', 'publish', committee, monthCtx())).toMatchObject({
      ok: true,
      state: 'published',
    });
    const early = nextMonthState('verifying', 'publish', committee, monthCtx());
    expect(!early.ok && early.error.code).toBe('invalid_transition');
    for (const action of ['approve', 'publish', 'close_window'] as const) {
      const result = nextMonthState('published', action, committee, monthCtx());
      expect(result.ok).toBe(false);
    }
  });

  it('closes the window automatically after the deadline', () => {
    expect(nextMonthState('open', 'close_window', [], monthCtx({ today: '2025-10-01' }))).toMatchObject({
      ok: true,
      state: 'verifying',
    });
    const early = nextMonthState('open', 'close_window', [], monthCtx({ today: '2025-09-30' }));
    expect(!early.ok && early.error.code).toBe('month_not_closed');
  });

  it('shows the committee its buttons', () => {
    const buttons = (stored: 'open' | 'verifying' | 'approved' | 'published', today: string) =>
      availableMonthActions(stored, committee, today, sept).map((t) => t.action);
    expect(buttons('open', '2025-09-15')).toEqual([]);
    expect(buttons('open', '2025-10-09')).toEqual(['approve']);
    expect(buttons('approved', '2025-10-20')).toEqual(['publish']);
    expect(buttons('published', '2025-10-20')).toEqual([]);
    expect(availableMonthActions('verifying', office, '2025-10-09', sept)).toEqual([]);
  });
});

describe('plans and the round work together', () => {
  it('validates a tailored plan’s peer scores against its own indicators', () => {
    const plan = {
      ...samplePlan(),
      indicators: [indicator('E9', 'evaluative', 3000), indicator('B1', 'basic', 7000)],
    };
    expect(validatePeerScores(plan, { E9: 3000 })).toEqual([]);
    expect(codes(validatePeerScores(plan, { E1: 100, E9: 1 }))).toEqual(['unknown_indicator']);
  });
});
