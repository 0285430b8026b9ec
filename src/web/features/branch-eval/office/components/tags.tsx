import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../../../i18n/index.js';
import {
  type BranchFlag,
  type BranchFlags,
  type BranchMonthState,
  flagsOf,
  type MonthState,
} from '../../../../lib/be-office.js';
import { useBeLabels } from '../../labels.js';
import './office.css';

const monthColors: Record<MonthState, string> = {
  open: 'blue',
  verifying: 'gold',
  approved: 'cyan',
  published: 'green',
};

export function MonthStateTag({ state }: { state: MonthState }) {
  const l = useBeLabels();
  return (
    <Tag color={monthColors[state]} style={{ marginInlineEnd: 0 }}>
      {l.monthState(state)}
    </Tag>
  );
}

const branchColors: Record<BranchMonthState, string> = {
  self_open: 'default',
  self_submitted: 'processing',
  returned: 'orange',
  verified: 'success',
};

export function BranchStateTag({ state }: { state: BranchMonthState }) {
  const l = useBeLabels();
  return (
    <Tag color={branchColors[state]} style={{ marginInlineEnd: 0 }}>
      {l.branchMonthState(state)}
    </Tag>
  );
}

const flagColors: Record<BranchFlag, string> = {
  selfOverdue: 'red',
  verifyOverdue: 'volcano',
  submittedLate: 'orange',
  windowReopened: 'purple',
  verifiedLate: 'gold',
};

/** 逾期未交 / 验证逾期 / 迟交 / 已重开 / 迟验证: what makes a branch stand out this month. */
export function BranchFlagTags({ flags }: { flags: BranchFlags }) {
  const { t } = useI18n();
  const list = flagsOf(flags);
  if (list.length === 0) return null;
  return (
    <>
      {list.map((f) => (
        <Tooltip key={f} title={t(`be.office.flagHint.${f}`)}>
          <Tag color={flagColors[f]} variant="outlined" className="kh-be-flag">
            {t(`be.office.flag.${f}`)}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}
