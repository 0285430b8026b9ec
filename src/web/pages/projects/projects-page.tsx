import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type ProjectState, projectStates, stateLabels } from '../../../domain/projects/lifecycle.js';
import { useToday } from '../../app/server-day.js';
import { EChart } from '../../components/echart.js';
import { ErrorAlert, errorText } from '../../components/feedback.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import {
  exportProjects,
  type ProjectFilter,
  useBoard,
  useCharts,
  useGantt,
  useProjects,
} from '../../features/projects/api.js';
import { GradeTag, points, StateTag } from '../../features/projects/labels.js';
import { useI18n } from '../../i18n/index.js';

use([BarChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/** The projects list with filters, the board by state, the milestone timeline and the charts. */
export function ProjectsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const today = useToday();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [tab, setTab] = useState('list');
  const f: ProjectFilter = {
    year: Number(params.get('year') ?? today.slice(0, 4)),
    orgId: params.get('orgId') ? Number(params.get('orgId')) : undefined,
    origin: (params.get('origin') as ProjectFilter['origin']) ?? undefined,
    state: (params.get('state') as ProjectState | null) ?? undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    tag: params.get('tag') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const set = (k: string, v: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
    setParams(next, { replace: true });
    setPage(1);
  };
  const list = useProjects(f, page);
  const board = useBoard(f, tab === 'board');
  const gantt = useGantt(f.year ?? Number(today.slice(0, 4)), f.orgId, tab === 'gantt');
  const charts = useCharts(f.year ?? Number(today.slice(0, 4)), f.orgId, tab === 'charts');
  const stateName = (s: ProjectState) => (locale === 'en' ? stateLabels[s].en : stateLabels[s].zh);

  const filters = (
    <Space wrap style={{ marginBottom: 12 }}>
      <InputNumber
        aria-label={t('pj.year')}
        value={f.year}
        onChange={(v) => set('year', v)}
        style={{ width: 100 }}
      />
      <OrgTreeSelect
        tree="party"
        allowClear
        placeholder={t('pj.org')}
        value={f.orgId}
        aria-label={t('pj.org')}
        onChange={(v) => set('orgId', v)}
      />
      <Select
        allowClear
        aria-label={t('pj.origin')}
        placeholder={t('pj.origin')}
        style={{ width: 120 }}
        value={f.origin}
        onChange={(v) => set('origin', v)}
        options={[
          { value: 'assigned', label: t('pj.origin.assigned') },
          { value: 'proposed', label: t('pj.origin.proposed') },
        ]}
      />
      <Select
        allowClear
        aria-label={t('pj.state')}
        placeholder={t('pj.state')}
        style={{ width: 130 }}
        value={f.state}
        onChange={(v) => set('state', v)}
        options={projectStates.map((s) => ({ value: s, label: stateName(s) }))}
      />
      <Input.Search
        allowClear
        aria-label={t('pj.tag')}
        placeholder={t('pj.tag')}
        defaultValue={f.tag}
        onSearch={(v) => set('tag', v)}
        style={{ width: 150 }}
      />
      <Input.Search
        allowClear
        aria-label={t('pj.search')}
        placeholder={t('pj.search')}
        defaultValue={f.q}
        onSearch={(v) => set('q', v)}
        style={{ width: 180 }}
      />
      <Space>
        <Switch checked={f.overdue === 'true'} onChange={(v) => set('overdue', v ? 'true' : undefined)} />
        {t('pj.overdueOnly')}
      </Space>
      <Button
        onClick={() =>
          exportProjects(f, `${t('pj.title')}.xlsx`).catch(
            (e: unknown) => void message.error(errorText(e, locale, t)),
          )
        }
      >
        {t('pj.export')}
      </Button>
    </Space>
  );

  return (
    <>
      <PageTitle>{t('pj.title')}</PageTitle>
      {filters}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'list',
            label: t('pj.tab.list'),
            children: list.error ? (
              <ErrorAlert error={list.error} />
            ) : (
              <Table
                rowKey="id"
                size="small"
                loading={list.isLoading}
                dataSource={list.data?.items ?? []}
                scroll={{ x: 700 }}
                pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
                columns={[
                  {
                    title: t('pj.name'),
                    dataIndex: 'title',
                    render: (v: string, r) => <Link to={`/projects/${r.id}`}>{v}</Link>,
                  },
                  { title: t('pj.org'), dataIndex: 'orgName' },
                  {
                    title: t('pj.origin'),
                    dataIndex: 'origin',
                    render: (v: 'assigned' | 'proposed') => t(`pj.origin.${v}`),
                  },
                  {
                    title: t('pj.state'),
                    dataIndex: 'state',
                    render: (s: ProjectState) => <StateTag state={s} />,
                  },
                  {
                    title: t('pj.overdue'),
                    dataIndex: 'overdueMilestones',
                    render: (n: number) =>
                      n > 0 ? <Tag color="red">{t('pj.overdueCount', { count: n })}</Tag> : null,
                  },
                  {
                    title: t('pj.tags'),
                    dataIndex: 'tags',
                    render: (ts: string[]) => ts.map((x) => <Tag key={x}>{x}</Tag>),
                  },
                  {
                    title: t('pj.grade'),
                    render: (_, r) =>
                      r.grade ? (
                        <>
                          <GradeTag grade={r.grade} /> {points(r.score)}
                        </>
                      ) : null,
                  },
                ]}
              />
            ),
          },
          {
            key: 'board',
            label: t('pj.tab.board'),
            children: (
              <div style={{ display: 'flex', gap: 12, overflowX: 'auto' }}>
                {(board.data?.columns ?? []).map((col) => (
                  <Card
                    key={col.state}
                    size="small"
                    title={
                      <>
                        <StateTag state={col.state} /> {t('pj.count', { count: col.total })}
                      </>
                    }
                    style={{ minWidth: 220 }}
                  >
                    {col.items.map((p) => (
                      <Card.Grid key={p.id} hoverable={false} style={{ width: '100%', padding: 8 }}>
                        <Link to={`/projects/${p.id}`}>{p.title}</Link>
                        <div>
                          <Typography.Text type="secondary">{p.orgName}</Typography.Text>
                          {p.overdueMilestones > 0 ? <Tag color="red">{t('pj.overdue')}</Tag> : null}
                        </div>
                      </Card.Grid>
                    ))}
                  </Card>
                ))}
              </div>
            ),
          },
          {
            key: 'gantt',
            label: t('pj.tab.gantt'),
            children: <Gantt data={gantt.data} year={f.year ?? 0} today={today} />,
          },
          { key: 'charts', label: t('pj.tab.charts'), children: <Charts data={charts.data} /> },
        ]}
      />
    </>
  );
}

type GanttData = ReturnType<typeof useGantt>['data'];

/** A bar per milestone from the previous milestone to its due date, across the year; today marked. */
function Gantt({ data, year, today }: { data: GanttData; year: number; today: string }) {
  const { t } = useI18n();
  if (!data) return null;
  if (data.rows.length === 0) return <Empty description={t('pj.none')} />;
  const start = Date.UTC(year, 0, 1);
  const span = Date.UTC(year + 1, 0, 1) - start;
  const pos = (d: string) => `${Math.max(0, Math.min(100, ((Date.parse(d) - start) / span) * 100))}%`;
  const color = { reported: '#52c41a', open: '#1677ff', due_soon: '#faad14', overdue: '#ff4d4f' } as const;
  return (
    <div style={{ overflowX: 'auto' }}>
      {data.truncated ? (
        <Typography.Text type="warning">
          {t('pj.gantt.truncated', { count: data.rows.length })}
        </Typography.Text>
      ) : null}
      <div style={{ minWidth: 640 }}>
        {data.rows.map((r) => (
          <div
            key={r.projectId}
            style={{
              display: 'flex',
              alignItems: 'center',
              borderBottom: '1px solid #f0f0f0',
              padding: '4px 0',
            }}
          >
            <div
              style={{
                width: 200,
                flex: 'none',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
              }}
            >
              <Link to={`/projects/${r.projectId}`}>{r.title}</Link>
              <div style={{ fontSize: 12, color: '#888' }}>{r.orgName}</div>
            </div>
            <div style={{ position: 'relative', flex: 1, height: 22, background: '#fafafa' }}>
              <div
                style={{
                  position: 'absolute',
                  left: pos(today),
                  top: 0,
                  bottom: 0,
                  width: 1,
                  background: '#ff4d4f',
                }}
              />
              {r.milestones.map((m) => (
                <div
                  key={m.id}
                  title={`${m.name} ${m.start} → ${m.due}`}
                  style={{
                    position: 'absolute',
                    left: pos(m.start),
                    width: `calc(${pos(m.due)} - ${pos(m.start)})`,
                    minWidth: 3,
                    top: 4,
                    height: 14,
                    borderRadius: 3,
                    background: color[m.phase],
                    opacity: 0.85,
                  }}
                />
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

type ChartsData = ReturnType<typeof useCharts>['data'];

function Charts({ data }: { data: ChartsData }) {
  const { t, locale } = useI18n();
  const options = useMemo(() => {
    if (!data) return null;
    const orgs = data.stateByOrg.map((o) => o.orgName);
    const states = projectStates.filter((s) => data.stateByOrg.some((o) => (o.counts[s] ?? 0) > 0));
    return {
      state: {
        tooltip: {},
        legend: { type: 'scroll' },
        grid: { containLabel: true, left: 8, right: 8 },
        xAxis: { type: 'category', data: orgs },
        yAxis: { type: 'value' },
        series: states.map((s) => ({
          type: 'bar',
          stack: 'all',
          name: locale === 'en' ? stateLabels[s].en : stateLabels[s].zh,
          data: data.stateByOrg.map((o) => o.counts[s] ?? 0),
        })),
      },
      onTime: {
        tooltip: {},
        grid: { containLabel: true, left: 8, right: 8 },
        xAxis: { type: 'category', data: data.onTimeByOrg.map((o) => o.orgName) },
        yAxis: { type: 'value', max: 100 },
        series: [{ type: 'bar', data: data.onTimeByOrg.map((o) => (o.rate === null ? 0 : o.rate / 100)) }],
      },
      grades: {
        tooltip: {},
        xAxis: { type: 'category', data: Object.keys(data.grades) },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: Object.values(data.grades) }],
      },
    };
  }, [data, locale]);
  if (!options) return null;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('pj.chart.state')}>
          <EChart option={options.state} label={t('pj.chart.state')} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('pj.chart.onTime')}>
          <EChart option={options.onTime} label={t('pj.chart.onTime')} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('pj.chart.grades')}>
          <EChart option={options.grades} label={t('pj.chart.grades')} />
        </Card>
      </Col>
    </Row>
  );
}
