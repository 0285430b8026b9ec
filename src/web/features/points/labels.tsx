import { Tag } from 'antd';
import { useMemo } from 'react';
import {
  type Dimension,
  type Direction,
  dimensionLabels,
  directionLabels,
} from '../../../domain/points/scheme.js';
import { type Tier, type TierReason, tierLabels, tierReasonLabels } from '../../../domain/points/tiers.js';
import {
  type AppealState,
  appealStateLabels,
  type EntryAction,
  type EntryState,
  entryActionLabels,
  entryStateLabels,
  type QuarterState,
  quarterStateLabels,
  type YearState,
  yearStateLabels,
} from '../../../domain/points/workflow.js';
import { useI18n } from '../../i18n/index.js';

/**
 * The domain's names of the points module's states, actions, dimensions and tiers in the
 * current language — one source for the words, shared with the server's exports.
 */
export function usePointsLabels() {
  const { locale } = useI18n();
  return useMemo(() => {
    const side = locale === 'en' ? 'en' : 'zh';
    return {
      dimension: (d: Dimension) => dimensionLabels[d][side],
      direction: (d: Direction) => directionLabels[d][side],
      entryState: (s: EntryState) => entryStateLabels[s][side],
      entryAction: (a: EntryAction) => entryActionLabels[a][side],
      quarterState: (s: QuarterState) => quarterStateLabels[s][side],
      yearState: (s: YearState) => yearStateLabels[s][side],
      appealState: (s: AppealState) => appealStateLabels[s][side],
      tier: (t: Tier) => tierLabels[t][side],
      tierReason: (r: TierReason) => tierReasonLabels[r][side],
    };
  }, [locale]);
}

const entryStateColors: Record<EntryState, string> = {
  declared: 'purple',
  returned_to_member: 'magenta',
  withdrawn: 'default',
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
  discarded: 'default',
};

export function EntryStateTag({ state }: { state: EntryState }) {
  const l = usePointsLabels();
  return (
    <Tag color={entryStateColors[state]} style={{ marginInlineEnd: 0 }}>
      {l.entryState(state)}
    </Tag>
  );
}

const quarterColors: Record<QuarterState, string> = {
  open: 'processing',
  closed: 'warning',
  published: 'success',
};

export function QuarterStateTag({ state }: { state: QuarterState }) {
  const l = usePointsLabels();
  return (
    <Tag color={quarterColors[state]} style={{ marginInlineEnd: 0 }}>
      {l.quarterState(state)}
    </Tag>
  );
}

/**
 * Tier colours, from the party red of 标杆型 to the grey of 警示型; also the chart's palette.
 * Dark enough for the tag's white text to keep 4.5:1 contrast.
 */
export const tierColors: Record<Tier, string> = {
  benchmark: '#c4161c',
  excellent: '#ad4e00',
  good: '#0958d9',
  qualified: '#237804',
  warning: '#595959',
};

export function TierTag({ tier }: { tier: Tier }) {
  const l = usePointsLabels();
  return (
    <Tag color={tierColors[tier]} style={{ marginInlineEnd: 0 }}>
      {l.tier(tier)}
    </Tag>
  );
}

const yearColors: Record<YearState, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'warning',
  published: 'success',
};

export function YearStateTag({ state }: { state: YearState }) {
  const l = usePointsLabels();
  return (
    <Tag color={yearColors[state]} style={{ marginInlineEnd: 0 }}>
      {l.yearState(state)}
    </Tag>
  );
}

const appealColors: Record<AppealState, string> = {
  open: 'processing',
  upheld: 'success',
  dismissed: 'error',
  withdrawn: 'default',
};

export function AppealStateTag({ state }: { state: AppealState }) {
  const l = usePointsLabels();
  return (
    <Tag color={appealColors[state]} style={{ marginInlineEnd: 0 }}>
      {l.appealState(state)}
    </Tag>
  );
}
