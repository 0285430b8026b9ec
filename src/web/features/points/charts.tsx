/**
 * The member-points charts. This module (and echarts with it) is loaded only by the pages that
 * draw a chart, through React.lazy — never with the first page.
 */
import { BarChart, LineChart, RadarChart } from 'echarts/charts';
import { GridComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import type { Tier } from '../../../domain/points/tiers.js';
import { EChart } from '../../components/echart.js';
import { points2 } from '../../lib/points.js';
import { tierColors } from './labels.js';

use([LineChart, RadarChart, BarChart, GridComponent, RadarComponent, TooltipComponent, SVGRenderer]);

const RED = '#c4161c';
const fmt = (v: unknown) => (typeof v === 'number' ? points2(Math.round(v * 100)) : String(v ?? ''));

/** Quarter scores over the year (hundredths; null = no published score that quarter). */
export function TrendChart({
  points,
  label,
  height = 220,
}: {
  points: { quarter: string; total: number | null }[];
  label: string;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      xAxis: {
        type: 'category',
        data: points.map((p) => p.quarter.replace(/^\d{4}-/, '')),
        boundaryGap: false,
      },
      // From 0 to at least 100 (the scale of a score): a 2-point dip must look like one, not
      // like a crash, which an axis fitted to the data (66–68) makes of it.
      yAxis: {
        type: 'value',
        min: 0,
        max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max / 10) * 10),
        axisLabel: { formatter: (v: number) => String(v) },
      },
      series: [
        {
          type: 'line',
          data: points.map((p) => (p.total === null ? null : p.total / 100)),
          connectNulls: false,
          symbolSize: 8,
          lineStyle: { color: RED, width: 2 },
          itemStyle: { color: RED },
          areaStyle: { color: 'rgba(196,22,28,0.08)' },
          label: {
            show: true,
            position: 'top',
            formatter: (p: { value: unknown }) => fmt(p.value),
            fontSize: 11,
          },
        },
      ],
    }),
    [points],
  );
  return <EChart option={option} label={label} style={{ height }} />;
}

/** One quarter's bonus per dimension against each dimension's cap. */
export function DimensionRadar({
  dims,
  label,
  height = 240,
}: {
  dims: { name: string; value: number; cap: number }[];
  label: string;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      radar: {
        radius: '56%',
        indicator: dims.map((d) => ({
          name: `${d.name}\n${points2(d.value)} / ${points2(d.cap)}`,
          max: Math.max(d.cap, d.value, 1) / 100,
        })),
        // Long names (English) wrap instead of running off the card.
        axisName: { color: '#595959', fontSize: 11, width: 84, overflow: 'break' },
        splitArea: { areaStyle: { color: ['#fff', '#fafafa'] } },
      },
      series: [
        {
          type: 'radar',
          data: [{ value: dims.map((d) => d.value / 100), name: label }],
          lineStyle: { color: RED },
          itemStyle: { color: RED },
          areaStyle: { color: 'rgba(196,22,28,0.2)' },
        },
      ],
    }),
    [dims, label],
  );
  return <EChart option={option} label={label} style={{ height }} />;
}

/** Members per tier, one bar each in the tier's colour. */
export function TierDistributionChart({
  bars,
  label,
  height = 260,
}: {
  bars: { tier: Tier; name: string; count: number }[];
  label: string;
  height?: number;
}) {
  const option = useMemo(() => {
    const total = bars.reduce((s, b) => s + b.count, 0);
    return {
      grid: { left: 40, right: 16, top: 28, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: bars.map((b) => b.name) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          data: bars.map((b) => ({ value: b.count, itemStyle: { color: tierColors[b.tier] } })),
          label: {
            show: true,
            position: 'top',
            formatter: (p: { value: unknown }) => {
              const n = Number(p.value);
              return total > 0 ? `${n} (${Math.round((n / total) * 1000) / 10}%)` : String(n);
            },
          },
        },
      ],
    };
  }, [bars]);
  return <EChart option={option} label={label} style={{ height }} />;
}
