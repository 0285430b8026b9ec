import {
  CopyOutlined,
  DeleteOutlined,
  LeftOutlined,
  PlusOutlined,
  RightOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { CalendarYear } from '../../contracts/calendar.js';
import { holidayNameIn } from '../../domain/calendar/holiday-names.js';
import { useToday } from '../app/server-day.js';
import { DateInput } from '../components/date-input.js';
import { ErrorAlert, errorText, PageSpinner } from '../components/feedback.js';
import { PageTitle } from '../components/page-title.js';
import { useCalendarYear, useSaveCalendarYear } from '../features/calendar/api.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import {
  type ArrangementRow,
  blockingProblems,
  checkArrangement,
  type RowProblem,
  sortRows,
  summarizeArrangement,
} from '../lib/calendar.js';

type EditRow = ArrangementRow & { key: number };

const sourceTags: Record<CalendarYear['source'], { color: string; label: MessageKey }> = {
  library: { color: 'blue', label: 'calendar.source.library' },
  override: { color: 'orange', label: 'calendar.source.override' },
  none: { color: 'red', label: 'calendar.source.none' },
};

const problemLabels: Record<RowProblem, MessageKey> = {
  missing_date: 'calendar.problem.missing_date',
  wrong_year: 'calendar.problem.wrong_year',
  duplicate: 'calendar.problem.duplicate',
  workday_not_weekend: 'calendar.problem.workday_not_weekend',
};

let nextKey = 1;
const withKeys = (rows: readonly ArrangementRow[]): EditRow[] => rows.map((r) => ({ ...r, key: nextKey++ }));
const sameRows = (a: readonly ArrangementRow[], b: readonly ArrangementRow[]) =>
  JSON.stringify(sortRows(a).map((r) => [r.date, r.kind, r.name?.trim() || null])) ===
  JSON.stringify(sortRows(b).map((r) => [r.date, r.kind, r.name?.trim() || null]));

/**
 * 节假日设置: the year's public holidays and make-up working days that every deadline counts
 * with. The library knows the years the State Council has published; each November the next
 * year is published and, until the library is updated, an admin enters it here.
 */
export function CalendarPage() {
  const today = useToday();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const cal = useCalendarYear(year);
  const save = useSaveCalendarYear(year);
  const [rows, setRows] = useState<EditRow[]>([]);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  // Load the editor from the arrangement in force whenever a year (or a saved version) arrives.
  const stamp = cal.data ? `${cal.data.year}:${cal.data.source}:${JSON.stringify(cal.data.days)}` : null;
  useEffect(() => {
    if (cal.data && stamp !== loadedFor) {
      setRows(withKeys(cal.data.days));
      setLoadedFor(stamp);
    }
  }, [cal.data, stamp, loadedFor]);

  const problems = useMemo(() => checkArrangement(year, rows), [year, rows]);
  const blocking = [...problems.values()].some((ps) => ps.some((p) => blockingProblems.includes(p)));
  const dirty = cal.data ? !sameRows(rows, cal.data.days) : false;
  const summary = useMemo(() => summarizeArrangement(cal.data?.days ?? []), [cal.data]);

  const setRow = (key: number, patch: Partial<ArrangementRow>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const doSave = (days: ArrangementRow[], done: string) =>
    save.mutate(sortRows(days), {
      onSuccess: () => void message.success(done),
      onError: (e) => void message.error(errorText(e, locale, t)),
    });

  const years = Array.from({ length: 6 }, (_v, i) => thisYear - 3 + i);

  const editColumns: TableColumnsType<EditRow> = [
    {
      title: t('calendar.date'),
      dataIndex: 'date',
      width: 180,
      render: (_v, r) => (
        <DateInput
          aria-label={t('calendar.date')}
          value={r.date || null}
          min={`${year}-01-01`}
          max={`${year}-12-31`}
          onChange={(v) => setRow(r.key, { date: v ?? '' })}
        />
      ),
    },
    {
      title: t('calendar.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (_v, r) => (
        <Select
          aria-label={t('calendar.kind')}
          value={r.kind}
          style={{ width: '100%' }}
          onChange={(v: ArrangementRow['kind']) => setRow(r.key, { kind: v })}
          options={[
            { value: 'holiday', label: t('calendar.kind.holiday') },
            { value: 'workday', label: t('calendar.kind.workday') },
          ]}
        />
      ),
    },
    {
      title: t('calendar.name'),
      dataIndex: 'name',
      render: (_v, r) => (
        <Input
          aria-label={t('calendar.name')}
          value={r.name ?? ''}
          maxLength={30}
          placeholder={t('calendar.namePlaceholder')}
          onChange={(e) => setRow(r.key, { name: e.target.value })}
        />
      ),
    },
    {
      title: t('calendar.check'),
      key: 'check',
      width: 200,
      render: (_v, r) => {
        const ps = problems.get(rows.indexOf(r)) ?? [];
        return ps.length === 0 ? null : (
          <Space orientation="vertical" size={0}>
            {ps.map((p) => (
              <Typography.Text
                key={p}
                type={blockingProblems.includes(p) ? 'danger' : 'warning'}
                style={{ fontSize: 12 }}
              >
                {t(problemLabels[p])}
              </Typography.Text>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      render: (_v, r) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('calendar.removeRow', { date: r.date || '—' })}
          onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
        />
      ),
    },
  ];

  const data = cal.data;

  return (
    <>
      <PageTitle>{t('nav.calendar')}</PageTitle>
      <div className="kh-toolbar">
        <Button
          icon={<LeftOutlined />}
          aria-label={t('calendar.prevYear')}
          onClick={() => setYear((y) => y - 1)}
        />
        <Select
          aria-label={t('calendar.year')}
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={[...new Set([...years, year])]
            .sort()
            .map((y) => ({ value: y, label: t('calendar.yearLabel', { year: y }) }))}
        />
        <Button
          icon={<RightOutlined />}
          aria-label={t('calendar.nextYear')}
          onClick={() => setYear((y) => y + 1)}
        />
      </div>

      <ErrorAlert error={cal.error} onRetry={() => void cal.refetch()} />
      {cal.isPending ? <PageSpinner /> : null}

      {data ? (
        <>
          {!data.libraryKnows ? (
            <Alert
              type="warning"
              showIcon
              title={t('calendar.libraryUnknown', { year })}
              description={
                data.source === 'override'
                  ? t('calendar.libraryUnknownOverridden')
                  : t('calendar.libraryUnknownHint')
              }
              style={{ marginBottom: 16 }}
            />
          ) : null}

          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={8}>
              <Card>
                <Statistic
                  title={t('calendar.source')}
                  valueRender={() => (
                    <Tag color={sourceTags[data.source].color}>{t(sourceTags[data.source].label)}</Tag>
                  )}
                />
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card>
                <Statistic
                  title={t('calendar.workingDays')}
                  value={data.workingDays}
                  suffix={t('calendar.daysUnit')}
                />
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card>
                <Statistic
                  title={t('calendar.daysOffAndMakeup')}
                  value={`${data.days.filter((d) => d.kind === 'holiday').length} / ${data.days.filter((d) => d.kind === 'workday').length}`}
                />
              </Card>
            </Col>
          </Row>

          <Card title={t('calendar.arrangementTitle', { year })} style={{ marginBottom: 16 }}>
            {summary.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  data.source === 'none'
                    ? t('calendar.noArrangementYet', { year })
                    : t('calendar.noArrangement')
                }
              />
            ) : (
              <Table
                rowKey={(g) => g.name || '—'}
                size="small"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={summary}
                columns={[
                  {
                    title: t('calendar.holidayName'),
                    dataIndex: 'name',
                    render: (v: string) => (v ? holidayNameIn(v, locale === 'en' ? 'en' : 'zh') : '—'),
                  },
                  {
                    title: t('calendar.offDates'),
                    key: 'off',
                    render: (_v, g) =>
                      g.off.map(([a, b]) => (a === b ? a : `${a} ~ ${b}`)).join(t('common.listSeparator')),
                  },
                  { title: t('calendar.offCount'), dataIndex: 'offCount' },
                  {
                    title: t('calendar.makeupDays'),
                    key: 'workdays',
                    render: (_v, g) => (g.workdays.length ? g.workdays.join(t('common.listSeparator')) : '—'),
                  },
                ]}
              />
            )}
          </Card>

          <Card
            title={t('calendar.editTitle')}
            extra={dirty ? <Tag color="orange">{t('calendar.unsaved')}</Tag> : null}
          >
            <Typography.Paragraph type="secondary">{t('calendar.editHint')}</Typography.Paragraph>
            <div className="kh-toolbar">
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  setRows((rs) => [...rs, { key: nextKey++, date: '', kind: 'holiday', name: '' }])
                }
              >
                {t('calendar.addRow')}
              </Button>
              <Button
                icon={<CopyOutlined />}
                disabled={data.libraryDays.length === 0}
                onClick={() => setRows(withKeys(data.libraryDays))}
              >
                {t('calendar.copyLibrary')}
              </Button>
              <Button onClick={() => setRows(sortRows(rows))}>{t('calendar.sortByDate')}</Button>
              <div className="kh-toolbar-spacer" />
              {data.source === 'override' ? (
                <Popconfirm
                  title={t('calendar.revertConfirm', { year })}
                  okText={t('calendar.revert')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => doSave([], t('calendar.reverted'))}
                >
                  <Button icon={<UndoOutlined />} loading={save.isPending}>
                    {t('calendar.revert')}
                  </Button>
                </Popconfirm>
              ) : null}
              <Button onClick={() => setRows(withKeys(data.days))} disabled={!dirty}>
                {t('calendar.discard')}
              </Button>
              <Button
                type="primary"
                loading={save.isPending}
                disabled={blocking || !dirty}
                onClick={() => doSave(rows, t('calendar.saved', { year }))}
              >
                {t('common.save')}
              </Button>
            </div>
            {blocking ? (
              <Alert type="error" showIcon title={t('calendar.fixBeforeSave')} style={{ marginBottom: 12 }} />
            ) : null}
            <Table<EditRow>
              rowKey="key"
              size="small"
              columns={editColumns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('calendar.editorEmpty') }}
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
