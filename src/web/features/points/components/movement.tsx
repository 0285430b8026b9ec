import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useI18n } from '../../../i18n/index.js';
import { movementOf } from '../../../lib/points.js';

/**
 * ↑3 / ↓2 / — / 新: rank change against the last period (quarter, month), in words for screen
 * readers too. `plain` draws the arrows as characters instead of icons (the phone's list of fifty
 * rows).
 */
export function Movement({ value, plain = false }: { value: number | null; plain?: boolean }) {
  const { t } = useI18n();
  const m = movementOf(value);
  if (m.dir === 'new')
    return plain ? (
      <span className="kh-move-new">{t('points.board.new')}</span>
    ) : (
      <Typography.Text type="secondary">{t('points.board.new')}</Typography.Text>
    );
  if (m.dir === 'same')
    return (
      <span title={t('points.board.same')}>
        {plain ? (
          <span className="kh-move-same" aria-hidden>
            –
          </span>
        ) : (
          <MinusOutlined style={{ color: '#bfbfbf' }} aria-hidden />
        )}
        <span className="kh-visually-hidden">{t('points.board.same')}</span>
      </span>
    );
  const up = m.dir === 'up';
  const label = up ? t('points.board.up', { n: m.n }) : t('points.board.down', { n: m.n });
  return (
    <span className={up ? 'kh-move-up' : 'kh-move-down'} title={label}>
      <span aria-hidden>
        {plain ? up ? '↑' : '↓' : up ? <ArrowUpOutlined /> : <ArrowDownOutlined />}
        {m.n}
      </span>
      <span className="kh-visually-hidden">{label}</span>
    </span>
  );
}
