import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';
import { useOptionalToday } from '../app/server-day.js';
import { clampDate } from '../lib/format.js';

const FORMAT = 'YYYY-MM-DD';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Earliest and latest selectable dates, as YYYY-MM-DD. */
  min?: string;
  max?: string;
  id?: string;
  allowClear?: boolean;
  disabled?: boolean;
  'aria-label'?: string;
  style?: CSSProperties;
}

/**
 * A date field whose value is the API's `YYYY-MM-DD` string: forms and the server never see
 * dayjs objects, and no time zone can shift a date by a day.
 */
export function DateInput({ value, onChange, min, max, allowClear = true, ...rest }: Props) {
  // An empty field opens on the server's today, moved into the allowed range (next year's
  // holidays open on next January), not on the browser's day.
  const today = useOptionalToday();
  const opensOn = today === null ? null : clampDate(today, min, max);
  return (
    <DatePicker
      {...rest}
      style={{ width: '100%', ...rest.style }}
      format={FORMAT}
      allowClear={allowClear}
      value={value ? dayjs(value) : null}
      defaultPickerValue={!value && opensOn ? dayjs(opensOn) : undefined}
      onChange={(d) => onChange?.(d ? d.format(FORMAT) : null)}
      disabledDate={(d) => {
        const s = d.format(FORMAT);
        return (min !== undefined && s < min) || (max !== undefined && s > max);
      }}
    />
  );
}

interface RangeProps {
  value?: [string | null, string | null];
  onChange?: (value: [string | null, string | null]) => void;
  id?: string;
  'aria-label'?: string;
}

export function DateRangeInput({ value, onChange, ...rest }: RangeProps) {
  return (
    <DatePicker.RangePicker
      {...rest}
      format={FORMAT}
      allowEmpty={[true, true]}
      value={[value?.[0] ? dayjs(value[0]) : null, value?.[1] ? dayjs(value[1]) : null]}
      onChange={(range) =>
        onChange?.([range?.[0] ? range[0].format(FORMAT) : null, range?.[1] ? range[1].format(FORMAT) : null])
      }
    />
  );
}
