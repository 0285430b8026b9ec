import { Empty, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { CalendarSummary } from '../../../contracts/terms.js';
import { useServerDay } from '../../app/server-day.js';
import { useI18n } from '../../i18n/index.js';
import { useCalendars } from './api.js';

/**
 * The year (server's year by default) and, when several orgs have one, which calendar: the
 * state shared by the calendar and matrix pages.
 */
export function useCalendarChoice() {
  const day = useServerDay();
  const [year, setYear] = useState(day.year);
  const list = useCalendars(year);
  const [id, setId] = useState<number | undefined>();
  const items = list.data?.items ?? [];
  useEffect(() => {
    if (!items.some((c) => c.id === id)) setId(items[0]?.id);
  }, [items, id]);
  return { year, setYear, list, items, id, setId, serverYear: day.year };
}

export function CalendarPicker({
  year,
  setYear,
  items,
  id,
  setId,
  serverYear,
}: {
  year: number;
  setYear: (y: number) => void;
  items: readonly CalendarSummary[];
  id: number | undefined;
  setId: (id: number) => void;
  serverYear: number;
}) {
  const { t } = useI18n();
  return (
    <Space wrap>
      <Select
        aria-label={t('terms.year')}
        value={year}
        onChange={setYear}
        style={{ width: 110 }}
        options={[serverYear - 1, serverYear, serverYear + 1].map((y) => ({ value: y, label: String(y) }))}
      />
      {items.length > 1 ? (
        <Select
          aria-label={t('terms.selectCalendar')}
          value={id}
          onChange={setId}
          style={{ minWidth: 200 }}
          options={items.map((c) => ({
            value: c.id,
            label: t('terms.calendarOf', { org: c.orgName, year: c.year }),
          }))}
        />
      ) : null}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('terms.noCalendar', { year })} />
      ) : null}
      {items.find((c) => c.id === id) ? (
        <Tag color={items.find((c) => c.id === id)?.state === 'published' ? 'green' : 'default'}>
          {t(`terms.state.${items.find((c) => c.id === id)?.state ?? 'draft'}`)}
        </Tag>
      ) : null}
    </Space>
  );
}
