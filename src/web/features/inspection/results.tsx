import { Button, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import type { ResultRow, ResultsResponse } from '../../../contracts/inspection.js';
import { componentKeys } from '../../../domain/inspection/index.js';
import { EChart } from '../../components/echart.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { useI18n } from '../../i18n/index.js';
import { useComponentChart, useUnitResult } from './api.js';
import { EvidenceFiles } from './evidence.js';
import { componentKey, pts } from './labels.js';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The ranking with every component, the composite and the rank; void components marked. */
export function RankingTable({
  data,
  onDetail,
}: {
  data: ResultsResponse;
  onDetail?: (unitId: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Table<ResultRow>
      rowKey="unitId"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={data.rows}
      columns={[
        { title: t('insp.res.rank'), dataIndex: 'rank', render: (r: number | null) => r ?? '—' },
        {
          title: t('insp.unit'),
          dataIndex: 'unitName',
          render: (n: string, r) =>
            onDetail ? (
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() => onDetail(r.unitId)}
                aria-label={`${t('insp.res.detail')} ${n}`}
              >
                {n}
              </Button>
            ) : (
              n
            ),
        },
        ...componentKeys.map((k) => ({
          title: `${t(componentKey(k))} ${data.weights[k]}%`,
          key: k,
          render: (_: unknown, r: ResultRow) =>
            r.voided.includes(k) ? <Tag>{t('insp.res.void')}</Tag> : pts(r.components[k]),
        })),
        {
          title: t('insp.res.composite'),
          dataIndex: 'composite',
          render: (c: number | null, r) => (
            <>
              <strong>{pts(c)}</strong>{' '}
              {r.unscored.length > 0 ? <Tag color="orange">{t('insp.res.unscored')}</Tag> : null}
            </>
          ),
        },
      ]}
    />
  );
}

/** Components per unit as grouped bars with the composite as a line. */
export function ComponentsChart({ campaignId }: { campaignId: number }) {
  const { t } = useI18n();
  const q = useComponentChart(campaignId);
  const option = useMemo(() => {
    const d = q.data;
    if (!d) return null;
    const v = (x: number | null) => (x === null ? null : x / 100);
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll' },
      grid: { left: 40, right: 10, bottom: 80, containLabel: true },
      xAxis: { type: 'category', data: d.units, axisLabel: { rotate: 40, interval: 0 } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        ...d.series.map((s) => ({ type: 'bar', name: t(componentKey(s.key)), data: s.values.map(v) })),
        { type: 'line', name: t('insp.res.composite'), data: d.composite.map(v) },
      ],
    };
  }, [q.data, t]);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!option) return <PageSpinner />;
  return <EChart option={option} label={t('insp.res.chart')} style={{ height: 360 }} />;
}

/** One unit's result drilled down to its inputs, the weights used and the rule version. */
export function UnitResultDrawer({
  campaignId,
  unitId,
  onClose,
}: {
  campaignId: number;
  unitId: number | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const q = useUnitResult(campaignId, unitId);
  const d = q.data;
  const e = d?.explanation;
  return (
    <Drawer
      open={unitId !== null}
      onClose={onClose}
      width={Math.min(720, window.innerWidth)}
      title={d?.unitName ?? ''}
    >
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {!e || !d ? null : (
        <>
          <Typography.Paragraph type="secondary">
            {t('insp.res.rule', { rule: e.ruleVersion, v: e.weightVersion })}
          </Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            {componentKeys.map((k) => (
              <Descriptions.Item key={k} label={t(componentKey(k))}>
                {e.components[k] === null ? t('insp.res.void') : pts(e.components[k])} ·{' '}
                {t('insp.res.weightsUsed')} {(e.weightsUsed.display[k] / 100).toFixed(2)}%
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('insp.res.composite')}>
              <strong>{pts(e.composite)}</strong> {d.rank ? `#${d.rank}` : ''}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('insp.res.inputs')}</Typography.Title>
          <Typography.Paragraph>
            {t('insp.comp.selfCheck')}:{' '}
            {e.inputs.selfCheck.submitted
              ? e.inputs.selfCheck.criteria.map((c) => `${c.code} ${pts(c.self)}/${pts(c.max)}`).join(' · ')
              : t('insp.res.notSubmitted')}
          </Typography.Paragraph>
          <Typography.Paragraph>
            {t('insp.comp.report')}: {t('insp.res.kept')} {e.inputs.report.kept.map(pts).join(', ') || '—'}
            {e.inputs.report.dropped.length
              ? ` · ${t('insp.res.dropped')} ${e.inputs.report.dropped.map(pts).join(', ')}`
              : ''}
          </Typography.Paragraph>
          <Typography.Paragraph>
            {t('insp.comp.document')}:{' '}
            {e.inputs.document.criteria.map((c) => `${c.code} ${pts(c.score)}/${pts(c.max)}`).join(' · ')}
          </Typography.Paragraph>
          {e.inputs.democratic ? (
            <Typography.Paragraph>
              {t('insp.res.ballots', { n: e.inputs.democratic.ballots })}
            </Typography.Paragraph>
          ) : null}
          {e.inputs.ledger ? (
            <Typography.Paragraph>
              {t('insp.res.sampled', { n: e.inputs.ledger.sampled })}
            </Typography.Paragraph>
          ) : null}
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.findings}
            columns={[
              { title: t('insp.code'), dataIndex: 'criterionCode' },
              { title: t('insp.finding.deduction'), dataIndex: 'deduction', render: pts },
              { title: t('insp.finding.note'), dataIndex: 'note' },
              {
                title: t('insp.finding.evidence'),
                key: 'evidence',
                render: (_: unknown, f) => <EvidenceFiles files={f.evidence.files} />,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
