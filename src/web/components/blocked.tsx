import { InfoCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';

export { blockedReason } from '../lib/errors.js';

/** The reason beside a disabled button (visible, not only a tooltip: phones have no hover). */
export function BlockedHint({ reason, id }: { reason: string | null; id?: string }) {
  if (!reason) return null;
  return (
    <Typography.Text type="secondary" id={id} className="kh-blocked-reason" style={{ fontSize: 12 }}>
      <InfoCircleOutlined aria-hidden style={{ marginInlineEnd: 4 }} />
      {reason}
    </Typography.Text>
  );
}
