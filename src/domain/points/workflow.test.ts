import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roles as allRoles, type Role } from '../access/roles.js';
import {
  adjustmentTransitions,
  appealDeadline,
  appealDecisionDue,
  appealStates,
  appealTransitions,
  applyTransition,
  availableActions,
  availableEntryActions,
  canAppeal,
  canEditEntry,
  type EntryAction,
  type EntryState,
  entryActionLabels,
  entryActions,
  entryStateLabels,
  entryStates,
  finalEntryStates,
  initialEntryState,
  nextAppealState,
  nextEntryState,
  nextQuarterState,
  nextYearState,
  normalEntryTransitions,
  quarterAcceptsEntry,
  quarterStates,
  quarterTransitions,
  type Transition,
  transitionErrorMessages,
  transitionErrors,
  yearStates,
  yearTransitions,
} from './workflow.js';

/** Walks a path of [action, roles, reason?] steps and returns the states passed through. */
function walk(
  kind: 'normal' | 'adjustment',
  from: EntryState,
  steps: [EntryAction, Role[], string?][],
): EntryState[] {
  const seen: EntryState[] = [from];
  let state = from;
  for (const [action, roles, reason] of steps) {
    const r = nextEntryState(kind, state, action, roles, reason);
    if (!r.ok) throw new Error(`${state} --${action}--> ${r.error}`);
    state = r.state;
    seen.push(state);
  }
  return seen;
}

describe('entries — SPEC §2 states', () => {
  it('draft → submitted → approved: the secretary enters, affairs approves', () => {
    expect(
      walk('normal', 'draft', [
        ['submit', ['secretary']],
        ['approve', ['affairs']],
      ]),
    ).toEqual(['draft', 'submitted', 'approved']);
  });

  it('returned (退回修改) needs a reason and can be resubmitted', () => {
    expect(nextEntryState('normal', 'submitted', 'return', ['affairs'])).toEqual({
      ok: false,
      error: 'reason_required',
    });
    expect(nextEntryState('normal', 'submitted', 'return', ['affairs'], '   ')).toEqual({
      ok: false,
      error: 'reason_required',
    });
    expect(
      walk('normal', 'submitted', [
        ['return', ['affairs'], '缺少签到表'],
        ['resubmit', ['secretary']],
        ['approve', ['affairs']],
      ]),
    ).toEqual(['submitted', 'returned', 'submitted', 'approved']);
  });

  it('rejected needs a reason and is final', () => {
    expect(nextEntryState('normal', 'submitted', 'reject', ['affairs'])).toEqual({
      ok: false,
      error: 'reason_required',
    });
    const r = nextEntryState('normal', 'submitted', 'reject', ['affairs'], '重复录入');
    expect(r.ok && r.state).toBe('rejected');
    expect(availableEntryActions('normal', 'rejected', [...allRoles])).toEqual([]);
  });

  it('a member declares; the secretary confirms it into the review queue', () => {
    expect(initialEntryState('normal', 'member')).toEqual({ ok: true, state: 'declared' });
    expect(
      walk('normal', 'declared', [
        ['confirm', ['secretary']],
        ['approve', ['affairs']],
      ]),
    ).toEqual(['declared', 'submitted', 'approved']);
  });

  it('or returns it to the member, who fixes and declares again, or withdraws', () => {
    expect(nextEntryState('normal', 'declared', 'return_declaration', ['secretary'])).toEqual({
      ok: false,
      error: 'reason_required',
    });
    expect(
      walk('normal', 'declared', [
        ['return_declaration', ['secretary'], '请补充活动照片'],
        ['redeclare', ['member']],
        ['withdraw', ['member']],
      ]),
    ).toEqual(['declared', 'returned_to_member', 'declared', 'withdrawn']);
  });

  it('refuses steps to roles that may not take them', () => {
    expect(nextEntryState('normal', 'submitted', 'approve', ['secretary'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
    expect(nextEntryState('normal', 'draft', 'submit', ['member'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
    expect(nextEntryState('normal', 'declared', 'confirm', ['member'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
    expect(nextEntryState('normal', 'submitted', 'approve', ['committee'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
  });

  it('reports an impossible step before the role, and the role before the reason', () => {
    expect(nextEntryState('normal', 'draft', 'approve', ['affairs'])).toEqual({
      ok: false,
      error: 'invalid_transition',
    });
    expect(nextEntryState('normal', 'approved', 'return', ['affairs'], 'x')).toEqual({
      ok: false,
      error: 'invalid_transition',
    });
    expect(nextEntryState('normal', 'submitted', 'reject', ['member'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
  });

  it('lets a user holding several roles act under any of them', () => {
    const r = nextEntryState('normal', 'submitted', 'approve', ['member', 'affairs']);
    expect(r.ok && r.state).toBe('approved');
  });

  it('returns the transition taken, so the service can audit it', () => {
    const r = nextEntryState('normal', 'submitted', 'return', ['affairs'], '请补充');
    expect(r.ok && r.transition).toEqual({
      from: 'submitted',
      action: 'return',
      to: 'returned',
      roles: ['affairs'],
      reasonRequired: true,
    });
  });

  it('shows each role its buttons', () => {
    const actions = (state: EntryState, roles: Role[]) =>
      availableEntryActions('normal', state, roles).map((t) => t.action);
    expect(actions('submitted', ['affairs'])).toEqual(['approve', 'return', 'reject']);
    // Still waiting for review: the secretary may take it back to correct it.
    expect(actions('submitted', ['secretary'])).toEqual(['recall']);
    expect(nextEntryState('normal', 'submitted', 'recall', ['secretary'])).toMatchObject({
      ok: true,
      state: 'draft',
    });
    expect(nextEntryState('normal', 'submitted', 'recall', ['member'])).toMatchObject({ ok: false });
    expect(nextEntryState('normal', 'approved', 'recall', ['secretary'])).toMatchObject({
      ok: false,
      error: 'invalid_transition',
    });
    expect(actions('declared', ['secretary'])).toEqual(['confirm', 'return_declaration']);
    expect(actions('declared', ['member'])).toEqual(['withdraw']);
    expect(actions('draft', ['secretary'])).toEqual(['submit', 'discard']);
    expect(actions('approved', [...allRoles])).toEqual([]);
  });
});

describe('adjustments — committee approval', () => {
  it('are approved, returned or rejected by the committee, not by affairs', () => {
    expect(nextEntryState('adjustment', 'submitted', 'approve', ['affairs'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
    expect(
      walk('adjustment', 'draft', [
        ['submit', ['affairs']],
        ['return', ['committee'], '金额有误'],
        ['resubmit', ['secretary']],
        ['approve', ['committee']],
      ]),
    ).toEqual(['draft', 'submitted', 'returned', 'submitted', 'approved']);
  });

  it('start as a draft of the secretary or affairs, never as a declaration', () => {
    expect(initialEntryState('adjustment', 'secretary')).toEqual({ ok: true, state: 'draft' });
    expect(initialEntryState('adjustment', 'affairs')).toEqual({ ok: true, state: 'draft' });
    expect(initialEntryState('adjustment', 'member')).toEqual({ ok: false, error: 'role_not_allowed' });
    expect(nextEntryState('adjustment', 'declared', 'confirm', ['secretary'])).toEqual({
      ok: false,
      error: 'invalid_transition',
    });
  });
});

describe('initialEntryState / canEditEntry', () => {
  it('lets only the secretary and members create normal entries', () => {
    expect(initialEntryState('normal', 'secretary')).toEqual({ ok: true, state: 'draft' });
    for (const role of ['admin', 'committee', 'affairs', 'eval_office', 'inspector'] as const) {
      expect(initialEntryState('normal', role)).toEqual({ ok: false, error: 'role_not_allowed' });
    }
  });

  it.each<[EntryState, Role, 'normal' | 'adjustment', boolean]>([
    ['declared', 'member', 'normal', true],
    ['returned_to_member', 'member', 'normal', true],
    ['declared', 'secretary', 'normal', false],
    ['draft', 'secretary', 'normal', true],
    ['returned', 'secretary', 'normal', true],
    ['draft', 'affairs', 'normal', false],
    ['draft', 'affairs', 'adjustment', true],
    ['submitted', 'secretary', 'normal', false],
    ['submitted', 'affairs', 'normal', false],
    ['approved', 'admin', 'normal', false],
    ['approved', 'committee', 'adjustment', false],
  ])('%s by %s (%s): editable = %s', (state, role, kind, expected) => {
    expect(canEditEntry(kind, state, role)).toBe(expected);
  });
});

/** Checks the shape of a table: states reachable, final states closed, labels complete. */
function describeMachine<S extends string, A extends string>(
  name: string,
  table: readonly Transition<S, A>[],
  states: readonly S[],
  initial: readonly S[],
  finals: readonly S[],
) {
  describe(`${name} machine`, () => {
    it('reaches every state from its initial states', () => {
      const reached = new Set<S>(initial);
      let grew = true;
      while (grew) {
        grew = false;
        for (const t of table) {
          if (reached.has(t.from) && !reached.has(t.to)) {
            reached.add(t.to);
            grew = true;
          }
        }
      }
      expect([...reached].sort()).toEqual([...states].sort());
    });

    it('leaves final states closed and every other state with a way on', () => {
      for (const s of states) {
        expect(table.some((t) => t.from === s)).toBe(!finals.includes(s));
      }
    });

    it('has at most one transition per (state, action) and a role for each', () => {
      const keys = table.map((t) => `${t.from}/${t.action}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const t of table) expect(t.roles.length).toBeGreaterThan(0);
    });

    it('accepts exactly the actions it shows (with a reason where one is needed)', () => {
      const actions = [...new Set(table.map((t) => t.action))];
      fc.assert(
        fc.property(
          fc.constantFrom(...states),
          fc.constantFrom(...actions),
          fc.subarray([...allRoles]),
          (state, action, roles) => {
            const shown = availableActions(table, state, roles).some((t) => t.action === action);
            expect(applyTransition(table, state, action, roles, '原因').ok).toBe(shown);
          },
        ),
      );
    });
  });
}

describeMachine('normal entry', normalEntryTransitions, entryStates, ['draft', 'declared'], finalEntryStates);
describeMachine(
  'adjustment',
  adjustmentTransitions,
  ['draft', 'submitted', 'returned', 'approved', 'rejected', 'discarded'],
  ['draft'],
  ['approved', 'rejected', 'discarded'],
);
describeMachine('quarter', quarterTransitions, quarterStates, ['open'], ['published']);
describeMachine('year tiers', yearTransitions, yearStates, ['draft'], ['published']);
describeMachine('appeal', appealTransitions, appealStates, ['open'], ['upheld', 'dismissed', 'withdrawn']);

describe('quarter period', () => {
  it('open → closed by affairs → published by the committee', () => {
    const closed = nextQuarterState('open', 'close', ['affairs']);
    expect(closed.ok && closed.state).toBe('closed');
    expect(nextQuarterState('closed', 'publish', ['affairs'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
    const published = nextQuarterState('closed', 'publish', ['committee']);
    expect(published.ok && published.state).toBe('published');
  });

  it('may be reopened with a reason before publication, never after', () => {
    expect(nextQuarterState('closed', 'reopen', ['affairs'])).toEqual({
      ok: false,
      error: 'reason_required',
    });
    const reopened = nextQuarterState('closed', 'reopen', ['affairs'], '误关账');
    expect(reopened.ok && reopened.state).toBe('open');
    expect(nextQuarterState('published', 'reopen', ['affairs', 'committee', 'admin'], '更正')).toEqual({
      ok: false,
      error: 'invalid_transition',
    });
  });

  it('takes normal entries while open and only adjustments afterwards', () => {
    expect(quarterAcceptsEntry('open', 'normal')).toBe(true);
    expect(quarterAcceptsEntry('open', 'adjustment')).toBe(false);
    expect(quarterAcceptsEntry('closed', 'normal')).toBe(false);
    expect(quarterAcceptsEntry('closed', 'adjustment')).toBe(true);
    expect(quarterAcceptsEntry('published', 'normal')).toBe(false);
    expect(quarterAcceptsEntry('published', 'adjustment')).toBe(true);
  });
});

describe('year tiers', () => {
  it('are submitted by affairs, approved and published by the committee', () => {
    let state: (typeof yearStates)[number] = 'draft';
    for (const [action, role] of [
      ['submit', 'affairs'],
      ['approve', 'committee'],
      ['publish', 'committee'],
    ] as const) {
      const r = nextYearState(state, action, [role]);
      if (!r.ok) throw new Error(r.error);
      state = r.state;
    }
    expect(state).toBe('published');
  });

  it('go back to draft when the committee returns them with a reason', () => {
    expect(nextYearState('submitted', 'return', ['committee'])).toEqual({
      ok: false,
      error: 'reason_required',
    });
    const r = nextYearState('submitted', 'return', ['committee'], '请复核警示型名单');
    expect(r.ok && r.state).toBe('draft');
    expect(nextYearState('submitted', 'approve', ['affairs'])).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
  });
});

describe('appeals', () => {
  it('are decided by affairs with a reason either way; the member may withdraw', () => {
    expect(nextAppealState('open', 'uphold', ['affairs'])).toEqual({ ok: false, error: 'reason_required' });
    expect(nextAppealState('open', 'dismiss', ['affairs'])).toEqual({ ok: false, error: 'reason_required' });
    const upheld = nextAppealState('open', 'uphold', ['affairs'], '佐证材料属实');
    expect(upheld.ok && upheld.state).toBe('upheld');
    expect(nextAppealState('open', 'uphold', ['member'], 'x')).toEqual({
      ok: false,
      error: 'role_not_allowed',
    });
    const withdrawn = nextAppealState('open', 'withdraw', ['member']);
    expect(withdrawn.ok && withdrawn.state).toBe('withdrawn');
    expect(nextAppealState('upheld', 'dismiss', ['affairs'], 'x')).toEqual({
      ok: false,
      error: 'invalid_transition',
    });
  });

  it('are open for 10 calendar days after the publication day (民法典 §201: the first day not counted)', () => {
    expect(appealDeadline('2026-04-04', 10)).toBe('2026-04-14');
    expect(canAppeal('2026-04-04', '2026-04-03', 10)).toBe(false); // not yet published
    expect(canAppeal('2026-04-04', '2026-04-04', 10)).toBe(true);
    expect(canAppeal('2026-04-04', '2026-04-14', 10)).toBe(true);
    expect(canAppeal('2026-04-04', '2026-04-15', 10)).toBe(false);
  });

  it('count the window across month and year ends, and over holidays without extending it', () => {
    expect(appealDeadline('2026-12-28', 10)).toBe('2027-01-07');
    expect(appealDeadline('2026-09-30', 10)).toBe('2026-10-10'); // through the National Day holiday
    expect(canAppeal('2026-09-30', '2026-10-11', 10)).toBe(false);
  });

  it('refuse a negative or fractional window', () => {
    expect(() => appealDeadline('2026-04-04', -1)).toThrow(RangeError);
    expect(() => canAppeal('2026-04-04', '2026-04-05', 1.5)).toThrow(RangeError);
  });
});

describe('labels and messages', () => {
  it('names every entry state, action and error in both languages', () => {
    for (const s of entryStates) expect(entryStateLabels[s].zh).toMatch(/[\u4e00-\u9fff]/);
    for (const a of entryActions) expect(entryActionLabels[a].zh).toMatch(/[\u4e00-\u9fff]/);
    for (const e of transitionErrors) expect(transitionErrorMessages[e].en.length).toBeGreaterThan(0);
  });
});

describe('appealDecisionDue', () => {
  it('gives the reviewer the same ten days from the day the appeal was lodged', () => {
    expect(appealDecisionDue('2026-04-06', 10)).toBe('2026-04-16');
    expect(appealDecisionDue('2026-12-28', 10)).toBe('2027-01-07');
  });
});
