import { Tag } from 'antd';
import { useMemo } from 'react';
import { type Category, categoryLabels } from '../../../domain/branch-eval/indicators.js';
import { type Grade, gradeLabels } from '../../../domain/branch-eval/periods.js';
import {
  type PlanAction,
  type PlanState,
  planActionLabels,
  planStateLabels,
} from '../../../domain/branch-eval/plan.js';
import {
  type BranchMonthAction,
  type BranchMonthState,
  branchMonthActionLabels,
  branchMonthStateLabels,
  type MonthAction,
  type MonthState,
  monthActionLabels,
  monthStateLabels,
} from '../../../domain/branch-eval/round.js';
import { useI18n } from '../../i18n/index.js';

/**
 * The domain's names of the branch-evaluation categories, states, actions and grades in the
 * current language — one source for the words, shared with the server's exports.
 */
export function useBeLabels() {
  const { locale } = useI18n();
  return useMemo(() => {
    const side = locale === 'en' ? 'en' : 'zh';
    return {
      category: (c: Category) => categoryLabels[c][side],
      grade: (g: Grade) => gradeLabels[g][side],
      planState: (s: PlanState) => planStateLabels[s][side],
      planAction: (a: PlanAction) => planActionLabels[a][side],
      monthState: (s: MonthState) => monthStateLabels[s][side],
      monthAction: (a: MonthAction) => monthActionLabels[a][side],
      branchMonthState: (s: BranchMonthState) => branchMonthStateLabels[s][side],
      branchMonthAction: (a: BranchMonthAction) => branchMonthActionLabels[a][side],
      /** A `{zh, en}` label from a server response. */
      text: (l: { zh: string; en: string }) => l[side],
    };
  }, [locale]);
}

const categoryColors: Record<Category, string> = {
  mandatory: 'red',
  basic: 'blue',
  evaluative: 'purple',
  innovation: 'gold',
};

export function CategoryTag({ category }: { category: Category }) {
  const l = useBeLabels();
  return <Tag color={categoryColors[category]}>{l.category(category)}</Tag>;
}

const gradeColors: Record<Grade, string> = {
  advanced: 'green',
  good: 'blue',
  average: 'default',
  lagging: 'red',
};

export function GradeTag({ grade }: { grade: Grade }) {
  const l = useBeLabels();
  return <Tag color={gradeColors[grade]}>{l.grade(grade)}</Tag>;
}
