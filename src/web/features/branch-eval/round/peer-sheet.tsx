import { CheckCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import { useI18n } from '../../../i18n/index.js';
import type { PeerTask } from './api.js';

/** A task's identity: one rater branch scoring one rated branch. */
export const taskKey = (t: Pick<PeerTask, 'raterBranchId' | 'ratedBranchId'>) =>
  `${t.raterBranchId}:${t.ratedBranchId}`;

/** What a task's state is, in one tag. */
export function TaskStateTag({ task }: { task: PeerTask }) {
  const { t } = useI18n();
  if (task.submitted)
    return (
      <Tag color="success" icon={<CheckCircleFilled />}>
        {t('be.round.peer.done')}
      </Tag>
    );
  if (task.overdue) return <Tag color="error">{t('be.round.peer.overdue')}</Tag>;
  if (!task.opened) return <Tag>{t('be.round.peer.notOpened')}</Tag>;
  if (!task.open) return <Tag>{t('be.round.peer.closed')}</Tag>;
  return <Tag color="processing">{t('be.round.peer.pending')}</Tag>;
}
