import { WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n/index.js';

/**
 * The small warning beside a deadline counted in working days across a year whose holidays are
 * not entered yet ("2027 年节假日安排尚未录入，期限可能不准"): the server says so with
 * `calendarUncertain` and the years in `unknownYears`. Renders nothing otherwise.
 */
export function CalendarWarningTag({
  uncertain,
  years,
}: {
  uncertain: boolean | undefined;
  years: readonly number[] | undefined;
}) {
  const { t, locale } = useI18n();
  if (!uncertain || !years || years.length === 0) return null;
  return (
    <Tooltip title={t('calendar.uncertainHint')}>
      <Tag color="warning" icon={<WarningOutlined />} style={{ whiteSpace: 'normal' }}>
        {t('calendar.uncertain', { years: years.join(locale === 'en' ? ', ' : '、') })}
      </Tag>
    </Tooltip>
  );
}
