import { type EChartsCoreOption, init } from 'echarts/core';
import { type CSSProperties, useEffect, useRef } from 'react';

/**
 * A chart: echarts on a div, resized with its box, disposed with the component. The caller
 * registers the chart types it uses (`echarts/core` `use`) and passes a text label, because a
 * chart is an image to a screen reader. Import this only from lazily loaded modules.
 */
export function EChart({
  option,
  label,
  style,
}: {
  option: EChartsCoreOption;
  label: string;
  style?: CSSProperties;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const c = init(box.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height: 260, ...style }} />;
}
