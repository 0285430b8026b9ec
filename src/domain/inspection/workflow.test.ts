import { describe, expect, it } from 'vitest';
import { roles } from '../access/roles.js';
import { allowedActions, campaignStates, campaignTransitions, stateRules, stepCampaign } from './workflow.js';

describe('campaign state machine', () => {
  it('runs draft → self_check → inspecting → review → published', () => {
    let s = stepCampaign('draft', 'open_self_check', ['affairs']);
    expect(s).toEqual({ ok: true, to: 'self_check' });
    s = stepCampaign('self_check', 'start_inspection', ['affairs']);
    expect(s).toEqual({ ok: true, to: 'inspecting' });
    s = stepCampaign('inspecting', 'submit_review', ['affairs']);
    expect(s).toEqual({ ok: true, to: 'review' });
    expect(stepCampaign('review', 'return', ['committee'])).toEqual({ ok: true, to: 'inspecting' });
    expect(stepCampaign('review', 'publish', ['committee'])).toEqual({ ok: true, to: 'published' });
  });
  it('lets the affairs department organise and only the committee publish', () => {
    expect(stepCampaign('review', 'publish', ['affairs', 'inspector'])).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(stepCampaign('draft', 'open_self_check', ['committee'])).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(stepCampaign('draft', 'publish', ['committee'])).toEqual({
      ok: false,
      reason: 'invalid_transition',
    });
    expect(stepCampaign('published', 'return', ['committee'])).toEqual({
      ok: false,
      reason: 'invalid_transition',
    });
  });
  it('shows each role exactly the steps it may take', () => {
    for (const state of campaignStates) {
      for (const role of roles) {
        const shown = allowedActions(state, [role]);
        for (const a of shown) expect(stepCampaign(state, a, [role]).ok).toBe(true);
        const hidden = campaignTransitions.filter((t) => t.from === state && !shown.includes(t.action));
        for (const t of hidden) expect(stepCampaign(state, t.action, [role]).ok).toBe(false);
      }
    }
    expect(allowedActions('published', [...roles])).toEqual([]);
  });
  it('opens each kind of input only in its stage', () => {
    expect(stateRules.selfCheckOpen('self_check')).toBe(true);
    expect(stateRules.selfCheckOpen('inspecting')).toBe(false);
    expect(stateRules.inspectionOpen('inspecting')).toBe(true);
    expect(stateRules.setupEditable('inspecting')).toBe(false);
    expect(stateRules.weightsEditable('review')).toBe(true);
    expect(stateRules.weightsEditable('published')).toBe(false);
  });
});
