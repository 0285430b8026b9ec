import { InfoCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { BlockedAction } from '../../contracts/common.js';
import type { Locale } from '../lib/format.js';

/**
 * Why the server would refuse `action` now (from a response's `blocked` list), in `locale`, or
 * null when it is allowed: a page disables the button and shows this instead of letting it fail.
 */
export function blockedReason(
  blocked: readonly BlockedAction[] | undefined,
  action: string,
  locale: Locale,
): string | null {
  return blocked?.find((b) => b.action === action)?.messages[locale] ?? null;
}

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
