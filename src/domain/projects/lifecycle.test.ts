import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyProjectAction,
  openStates,
  type ProjectAction,
  type ProjectActor,
  type ProjectFacts,
  type ProjectState,
  projectActions,
  projectActors,
  projectStates,
  projectTransitions,
} from './lifecycle.js';

const facts = (state: ProjectState, over: Partial<ProjectFacts> = {}): ProjectFacts => ({
  state,
  suspendedFrom: null,
  grade: 'excellent',
  milestones: 3,
  unreportedMilestones: 0,
  ...over,
});

/** The expected table, written out by hand from SPEC §4 (not derived from the code's table). */
const expected: Record<string, { to: ProjectState | 'previous'; actor: ProjectActor | 'system' }> = {
  'draft.issue': { to: 'research', actor: 'committee' },
  'research.submit': { to: 'proposal', actor: 'owner' },
  'proposal.return': { to: 'research', actor: 'committee' },
  'proposal.approve': { to: 'approved', actor: 'committee' },
  'proposal.reject': { to: 'rejected', actor: 'committee' },
  'approved.start': { to: 'implementing', actor: 'owner' },
  'implementing.submit_summary': { to: 'summary', actor: 'owner' },
  'summary.return_summary': { to: 'implementing', actor: 'committee' },
  'summary.evaluate': { to: 'evaluated', actor: 'system' },
  'evaluated.promote': { to: 'promoted', actor: 'committee' },
  'suspended.resume': { to: 'previous', actor: 'committee' },
  'suspended.cancel': { to: 'cancelled', actor: 'committee' },
};
for (const s of ['draft', 'research', 'proposal', 'approved', 'implementing', 'summary'] as const) {
  expected[`${s}.suspend`] = { to: 'suspended', actor: 'committee' };
  expected[`${s}.cancel`] = { to: 'cancelled', actor: 'committee' };
}

describe('every state × action × actor', () => {
  const cases: [ProjectState, ProjectAction, ProjectActor][] = [];
  for (const s of projectStates)
    for (const a of projectActions) for (const r of projectActors) cases.push([s, a, r]);

  it.each(cases)('%s · %s by %s', (state, action, actor) => {
    const want = expected[`${state}.${action}`];
    const f = facts(state, state === 'suspended' ? { suspendedFrom: 'implementing' } : {});
    const result = applyProjectAction(f, action, [actor], 'a reason');
    if (!want) {
      expect(result).toMatchObject({ ok: false, refusal: { code: 'invalid_transition' } });
      return;
    }
    if (want.actor === 'system') {
      expect(result).toMatchObject({ ok: false, refusal: { code: 'automatic_step' } });
      const sys = applyProjectAction(f, action, [], null, { system: true });
      expect(sys).toMatchObject({ ok: true, state: want.to });
      return;
    }
    if (want.actor !== actor) {
      expect(result).toMatchObject({ ok: false, refusal: { code: 'role_not_allowed' } });
      return;
    }
    const to = want.to === 'previous' ? 'implementing' : want.to;
    expect(result).toMatchObject({ ok: true, state: to });
  });

  it('the table has exactly the expected rows', () => {
    expect(projectTransitions.map((t) => `${t.from}.${t.action}`).sort()).toEqual(
      Object.keys(expected).sort(),
    );
  });
});

describe('guards and reasons', () => {
  it('rejecting, returning, suspending and cancelling need a reason', () => {
    for (const [s, a] of [
      ['proposal', 'reject'],
      ['proposal', 'return'],
      ['summary', 'return_summary'],
      ['implementing', 'suspend'],
      ['research', 'cancel'],
    ] as const) {
      expect(applyProjectAction(facts(s), a, ['committee'], '  ')).toMatchObject({
        ok: false,
        refusal: { code: 'reason_required' },
      });
    }
  });

  it('only an excellent project is promoted', () => {
    for (const grade of ['good', 'pass', 'fail', null]) {
      expect(applyProjectAction(facts('evaluated', { grade }), 'promote', ['committee'], null)).toMatchObject(
        {
          ok: false,
          refusal: { code: 'not_excellent' },
        },
      );
    }
    expect(applyProjectAction(facts('evaluated'), 'promote', ['committee'], null).ok).toBe(true);
  });

  it('a proposal needs a timetable and a summary every report', () => {
    expect(applyProjectAction(facts('research', { milestones: 0 }), 'submit', ['owner'], null)).toMatchObject(
      {
        ok: false,
        refusal: { code: 'no_milestones' },
      },
    );
    expect(
      applyProjectAction(
        facts('implementing', { unreportedMilestones: 2 }),
        'submit_summary',
        ['owner'],
        null,
      ),
    ).toMatchObject({ ok: false, refusal: { code: 'milestones_unreported' } });
  });

  it('suspension resumes exactly where it was, from every open state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...openStates), (from) => {
        const s = applyProjectAction(facts(from), 'suspend', ['committee'], 'why');
        expect(s).toMatchObject({ ok: true, state: 'suspended' });
        const r = applyProjectAction(
          facts('suspended', { suspendedFrom: from }),
          'resume',
          ['committee'],
          null,
        );
        expect(r).toMatchObject({ ok: true, state: from });
      }),
    );
  });

  it('cancelled, rejected and promoted take no step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ProjectState>('cancelled', 'rejected', 'promoted'),
        fc.constantFrom(...projectActions),
        fc.subarray([...projectActors]),
        (state, action, actors) => {
          expect(applyProjectAction(facts(state), action, actors, 'r', { system: true }).ok).toBe(false);
        },
      ),
    );
  });

  it('any walk of allowed actions stays inside the table', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { maxLength: 30 }), (picks) => {
        let f = facts('draft');
        for (const p of picks) {
          const options = allowedActions(f, ['owner', 'committee']).filter((a) => a.allowed);
          if (options.length === 0) break;
          const choice = options[p % options.length];
          if (!choice) break;
          const r = applyProjectAction(f, choice.action, ['owner', 'committee'], 'r');
          expect(r.ok).toBe(true);
          if (!r.ok) break;
          f = { ...f, state: r.state, suspendedFrom: r.state === 'suspended' ? f.state : f.suspendedFrom };
          expect(projectStates).toContain(f.state);
        }
      }),
    );
  });
});

describe('allowedActions (the buttons)', () => {
  it('shows the owner the committee-only step with the reason why not', () => {
    const list = allowedActions(facts('proposal'), ['owner']);
    const approve = list.find((a) => a.action === 'approve');
    expect(approve).toMatchObject({ allowed: false, whyNot: { zh: expect.stringContaining('党委') } });
    expect(list.some((a) => a.allowed)).toBe(false);
  });

  it('gives the committee approve, reject, return, suspend and cancel on a proposal', () => {
    const allowed = allowedActions(facts('proposal'), ['committee'])
      .filter((a) => a.allowed)
      .map((a) => a.action)
      .sort();
    expect(allowed).toEqual(['approve', 'cancel', 'reject', 'return', 'suspend']);
  });

  it('never lists the automatic evaluation step', () => {
    expect(allowedActions(facts('summary'), ['panel']).map((a) => a.action)).not.toContain('evaluate');
  });

  it('explains why promotion is refused for a good project', () => {
    const p = allowedActions(facts('evaluated', { grade: 'good' }), ['committee']).find(
      (a) => a.action === 'promote',
    );
    expect(p).toMatchObject({ allowed: false, whyNot: { en: expect.stringContaining('excellent') } });
  });
});
