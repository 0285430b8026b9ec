import { Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n/index.js';
import { signedPoints } from '../../../lib/points.js';
import type { EntryView } from '../api.js';

/**
 * An entry's points as they count: signed by direction; a cancelling adjustment (申诉成立, a wrong
 * entry) counts nothing itself and reads "撤销 #id" over the struck-through points.
 */
export function EntryPoints({ entry: e }: { entry: EntryView }) {
  const { t } = useI18n();
  if (e.revokesEntryId != null) {
    return (
      <Space size={4} wrap>
        <Typography.Text delete type="secondary">
          {signedPoints(e.points, e.direction)}
        </Typography.Text>
        <Tag color="gold" style={{ marginInlineEnd: 0 }}>
          {t('points.explain.revokes', { id: e.revokesEntryId })}
        </Tag>
      </Space>
    );
  }
  return (
    <Typography.Text
      strong
      style={{ color: e.direction === 'deduction' ? '#cf1322' : '#237804', whiteSpace: 'nowrap' }}
    >
      {signedPoints(e.points, e.direction)}
      {e.quantity > 1 ? <Typography.Text type="secondary"> ×{e.quantity}</Typography.Text> : null}
    </Typography.Text>
  );
}
