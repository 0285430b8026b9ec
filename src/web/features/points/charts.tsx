/**
 * The points office's charts (the year's tiers). This module (and echarts with it) is loaded
 * only by the pages that draw a chart, through React.lazy — never with the first page. The
 * member's own trend and radar are plain SVG (`svg-charts.tsx`).
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import type { Tier } from '../../../domain/points/tiers.js';
import { EChart } from '../../components/echart.js';
import { tierColors } from './labels.js';

use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

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
