import type { CampaignAction, CampaignState, ComponentKey } from '../../../domain/inspection/index.js';
import type { MessageKey } from '../../i18n/index.js';

/** Message keys of the inspection's states, steps and components. */
export const stateKey = (s: CampaignState) => `insp.state.${s}` as MessageKey;
export const actionKey = (a: CampaignAction) => `insp.action.${a}` as MessageKey;
export const componentKey = (k: ComponentKey) => `insp.comp.${k}` as MessageKey;
export const stateColor: Record<CampaignState, string> = {
  draft: 'default',
  self_check: 'blue',
  inspecting: 'orange',
  review: 'purple',
  published: 'green',
};

/** Hundredths as points with two decimals ("—" for none). */
export const pts = (h: number | null | undefined) =>
  h === null || h === undefined ? '—' : (h / 100).toFixed(2);
/** Points typed by a person ("7.5") as hundredths, or null when not a number. */
export function parsePts(text: string): number | null {
  const m = /^\s*(\d{1,4})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
