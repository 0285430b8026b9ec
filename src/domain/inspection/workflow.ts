/**
 * The campaign's state machine (SPEC §5): draft → self_check → inspecting → review → published.
 * The affairs department organises (opens the self-check, starts the on-site inspection, hands
 * the results to the committee); the committee reviews (审定) — it may send the results back to
 * the inspection — and publishes (公布考评结果). The server enforces this table and the web reads
 * `allowedActions` to show the buttons.
 */
import type { Role } from '../access/roles.js';

export const campaignStates = ['draft', 'self_check', 'inspecting', 'review', 'published'] as const;
export type CampaignState = (typeof campaignStates)[number];

export const campaignActions = [
  'open_self_check',
  'start_inspection',
  'submit_review',
  'return',
  'publish',
] as const;
export type CampaignAction = (typeof campaignActions)[number];

export interface CampaignTransition {
  readonly from: CampaignState;
  readonly action: CampaignAction;
  readonly to: CampaignState;
  readonly roles: readonly Role[];
}

/** Every allowed step of a campaign, with who may take it. */
export const campaignTransitions: readonly CampaignTransition[] = [
  { from: 'draft', action: 'open_self_check', to: 'self_check', roles: ['affairs'] },
  { from: 'self_check', action: 'start_inspection', to: 'inspecting', roles: ['affairs'] },
  { from: 'inspecting', action: 'submit_review', to: 'review', roles: ['affairs'] },
  { from: 'review', action: 'return', to: 'inspecting', roles: ['committee'] },
  { from: 'review', action: 'publish', to: 'published', roles: ['committee'] },
];

export type StepOutcome =
  | { readonly ok: true; readonly to: CampaignState }
  | { readonly ok: false; readonly reason: 'invalid_transition' | 'forbidden' };

/**
 * Whether `action` may be taken from `state` by someone holding `roles` at the campaign's org:
 * `invalid_transition` when the state does not allow the action at all, `forbidden` when it does
 * but not for these roles.
 */
export function stepCampaign(
  state: CampaignState,
  action: CampaignAction,
  roles: readonly Role[],
): StepOutcome {
  const t = campaignTransitions.find((x) => x.from === state && x.action === action);
  if (!t) return { ok: false, reason: 'invalid_transition' };
  if (!t.roles.some((r) => roles.includes(r))) return { ok: false, reason: 'forbidden' };
  return { ok: true, to: t.to };
}

/** The actions the holder of `roles` may take now: the buttons the UI shows. */
export function allowedActions(state: CampaignState, roles: readonly Role[]): CampaignAction[] {
  return campaignTransitions
    .filter((t) => t.from === state && t.roles.some((r) => roles.includes(r)))
    .map((t) => t.action);
}

/** What each state lets people do with the campaign's inputs (checked by the server). */
export const stateRules = {
  /** Criteria, target units, team, timetable and weights are edited while nothing is scored. */
  setupEditable: (s: CampaignState) => s === 'draft' || s === 'self_check',
  /** Weights may still change until the committee publishes (each change a new version). */
  weightsEditable: (s: CampaignState) => s !== 'published',
  /** Units enter and submit their self-check during the self-check stage. */
  selfCheckOpen: (s: CampaignState) => s === 'self_check',
  /** Inspectors hear reports and record findings on site. */
  inspectionOpen: (s: CampaignState) => s === 'inspecting',
  /** Results are visible to the whole scope only once published. */
  resultsPublic: (s: CampaignState) => s === 'published',
} as const;
