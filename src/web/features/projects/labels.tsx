import { Tag } from 'antd';
import type { ProjectState } from '../../../domain/projects/lifecycle.js';
import { stateLabels } from '../../../domain/projects/lifecycle.js';
import { gradeLabels, type ProjectGrade } from '../../../domain/projects/panel.js';
import { useI18n } from '../../i18n/index.js';

const stateColors: Record<ProjectState, string> = {
  draft: 'default',
  research: 'cyan',
  proposal: 'blue',
  approved: 'geekblue',
  rejected: 'red',
  implementing: 'processing',
  summary: 'purple',
  evaluated: 'gold',
  promoted: 'green',
  suspended: 'orange',
  cancelled: 'default',
};

/** A project state as a coloured tag, in the user's language (labels from the domain's table). */
export function StateTag({ state }: { state: ProjectState }) {
  const { locale } = useI18n();
  return (
    <Tag color={stateColors[state]}>{locale === 'en' ? stateLabels[state].en : stateLabels[state].zh}</Tag>
  );
}

export function GradeTag({ grade }: { grade: ProjectGrade | null }) {
  const { locale } = useI18n();
  if (!grade) return null;
  const color = grade === 'excellent' ? 'green' : grade === 'fail' ? 'red' : 'blue';
  return <Tag color={color}>{locale === 'en' ? gradeLabels[grade].en : gradeLabels[grade].zh}</Tag>;
}

/** Points in hundredths as text with two decimals. */
export const points = (h: number | null) => (h === null ? '—' : (h / 100).toFixed(2));
