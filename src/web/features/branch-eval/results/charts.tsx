/**
 * The branch-evaluation charts. This module (and echarts with it) is loaded only when the charts
 * tab opens, through React.lazy — never with the rankings page itself.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import type { Category } from '../../../../domain/branch-eval/indicators.js';
import { EChart } from '../../../components/echart.js';
import { categoryStacks, type MovementRow, movementSeries, rankAxis } from '../../../lib/be-results.js';
import { points2 } from '../../../lib/points.js';

use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const PALETTE = ['#c4161c', '#1677ff', '#389e0d', '#d46b08', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];
export const categoryColors: Record<Category, string> = {
  mandatory: '#c4161c',
  basic: '#1677ff',
  evaluative: '#722ed1',
  innovation: '#d4b106',
};
const fmt = (v: unknown) => (typeof v === 'number' ? points2(Math.round(v * 100)) : String(v ?? ''));

/**
 * Each chosen branch's rank over the months, rank 1 at the top (the y axis is inverted); the
 * tooltip gives the total beside the rank.
 */
export function MovementChart({
  rows,
  chosen,
  months,
  monthLabel,
  rankText,
  label,
  height = 320,
}: {
  rows: readonly MovementRow[];
  chosen: readonly number[];
  months: readonly string[];
  monthLabel: (m: string) => string;
  rankText: (rank: number, total: string) => string;
  label: string;
  height?: number;
}) {
  const option = useMemo(() => {
    const { series, maxRank } = movementSeries(rows, chosen);
    return {
      color: PALETTE,
      grid: { left: 40, right: 16, top: 48, bottom: 28, containLabel: true },
      legend: { type: 'scroll', top: 0 },
      tooltip: {
        trigger: 'axis',
        formatter: (
          items: { seriesIndex: number; dataIndex: number; marker: string; seriesName: string }[],
        ) => {
          const first = items[0];
          if (!first) return '';
          const lines = items.map((it) => {
            const s = series[it.seriesIndex];
            const rank = s?.ranks[it.dataIndex] ?? null;
            const total = s?.totals[it.dataIndex] ?? null;
            return `${it.marker}${it.seriesName}: ${rank === null ? '—' : rankText(rank, points2(total))}`;
          });
          return [monthLabel(months[first.dataIndex] ?? ''), ...lines].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: months.map(monthLabel), boundaryGap: false },
      yAxis: {
        type: 'value',
        inverse: true,
        ...rankAxis(maxRank),
        axisLabel: { formatter: (v: number) => String(v) },
      },
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.ranks,
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { width: 2 },
      })),
    };
  }, [rows, chosen, months, monthLabel, rankText]);
  return <EChart option={option} label={label} style={{ height }} />;
}

/** Points by category per branch, stacked to the total, best branch at the top. */
export function CategoryChart({
  rows,
  categoryName,
  label,
  compact = false,
}: {
  rows: readonly { branchName: string; byCategory: Record<Category, number> }[];
  categoryName: (c: Category) => string;
  label: string;
  /** A phone: shorter branch names and fewer ticks, so the bars keep most of the width. */
  compact?: boolean;
}) {
  const option = useMemo(() => {
    const { labels, stacks } = categoryStacks(rows);
    return {
      grid: { left: 8, right: compact ? 12 : 24, top: compact ? 56 : 36, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 14 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
      xAxis: {
        type: 'value',
        splitNumber: compact ? 3 : 6,
        axisLabel: { formatter: (v: number) => String(v) },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels,
        axisLabel: { width: compact ? 96 : 160, overflow: 'truncate' },
      },
      series: stacks.map((s) => ({
        type: 'bar',
        name: categoryName(s.category),
        stack: 'total',
        barMaxWidth: 22,
        itemStyle: { color: categoryColors[s.category] },
        data: s.values,
      })),
    };
  }, [rows, categoryName, compact]);
  return <EChart option={option} label={label} style={{ height: Math.max(220, 60 + rows.length * 30) }} />;
}
