/**
 * The member's trend and dimension radar, drawn as plain SVG: a line of four quarters and a
 * triangle do not need a charting library, and echarts (~150 kB compressed) stays with the
 * office's charts (year page, branch evaluation). Each chart is one image to a screen reader,
 * named by `label` (which lists the values); each value is printed beside its point and its
 * point carries a tooltip (SVG `<title>`).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { points2 } from '../../lib/points.js';
import { radarCorner, scoreAxis, wrapLabel } from '../../lib/svg-chart.js';

const RED = '#c4161c';
const TEXT = '#595959';
const LINE = '#e0e0e0';

/** The width of a box, followed as it resizes (0 before the first layout). */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

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
  const [box, width] = useWidth<HTMLDivElement>();
  const axis = scoreAxis(points.map((p) => (p.total === null ? null : p.total / 100)));
  const left = 40;
  const right = 16;
  const top = 24;
  const bottom = 28;
  const plotW = Math.max(0, width - left - right);
  const plotH = height - top - bottom;
  const x = (i: number) => left + (points.length > 1 ? (plotW * i) / (points.length - 1) : plotW / 2);
  const y = (hundredths: number) => top + plotH - (plotH * hundredths) / 100 / axis.max;
  // Runs of consecutive published quarters: the line breaks where a quarter has no score.
  const runs: { i: number; total: number }[][] = [];
  points.forEach((p, i) => {
    if (p.total === null) runs.push([]);
    else {
      if (runs.length === 0) runs.push([]);
      runs[runs.length - 1]?.push({ i, total: p.total });
    }
  });
  return (
    <div ref={box} style={{ width: '100%', height }}>
      {width > 0 ? (
        <svg width={width} height={height} role="img" aria-label={label} className="kh-svg-chart">
          <title>{label}</title>
          {axis.ticks.map((v) => (
            <g key={v}>
              <line
                x1={left}
                x2={left + plotW}
                y1={y(v * 100)}
                y2={y(v * 100)}
                stroke={v === 0 ? TEXT : LINE}
                strokeDasharray={v === 0 ? undefined : '3 3'}
              />
              <text x={left - 8} y={y(v * 100)} dy="0.35em" textAnchor="end" fontSize={12} fill={TEXT}>
                {v}
              </text>
            </g>
          ))}
          {points.map((p, i) => (
            <text key={p.quarter} x={x(i)} y={height - 8} textAnchor="middle" fontSize={12} fill={TEXT}>
              {p.quarter.replace(/^\d{4}-/, '')}
            </text>
          ))}
          {runs
            .filter((r) => r.length > 0)
            .map((r) => {
              const line = r.map((p) => `${x(p.i)},${y(p.total)}`).join(' ');
              const first = r[0];
              const last = r[r.length - 1];
              return first && last ? (
                <g key={first.i}>
                  <polygon
                    points={`${x(first.i)},${y(0)} ${line} ${x(last.i)},${y(0)}`}
                    fill="rgba(196,22,28,0.08)"
                  />
                  <polyline points={line} fill="none" stroke={RED} strokeWidth={2} />
                </g>
              ) : null;
            })}
          {points.map((p, i) =>
            p.total === null ? null : (
              <g key={p.quarter}>
                <title>{`${p.quarter} ${points2(p.total)}`}</title>
                <circle cx={x(i)} cy={y(p.total)} r={4} fill="#fff" stroke={RED} strokeWidth={2} />
                {/* A wide invisible target, so the tooltip shows near the point, not only on it. */}
                <circle cx={x(i)} cy={y(p.total)} r={14} fill="transparent" />
                {/* The first and last values lean inwards, clear of the axis labels and the edge. */}
                <text
                  x={x(i)}
                  y={y(p.total) - 10}
                  textAnchor={
                    points.length > 1 && i === 0
                      ? 'start'
                      : i === points.length - 1 && i > 0
                        ? 'end'
                        : 'middle'
                  }
                  fontSize={11}
                  fill={TEXT}
                >
                  {points2(p.total)}
                </text>
              </g>
            ),
          )}
        </svg>
      ) : null}
    </div>
  );
}

/** One quarter's bonus per dimension against each dimension's cap (hundredths). */
export function DimensionRadar({
  dims,
  label,
  height = 240,
}: {
  dims: { name: string; value: number; cap: number }[];
  label: string;
  height?: number;
}) {
  const [box, width] = useWidth<HTMLDivElement>();
  const n = dims.length;
  const cx = width / 2;
  const cy = height / 2 + 6;
  const radius = (Math.min(width, height) / 2) * 0.56;
  const corner = (i: number, f: number) => radarCorner(i, n, f, cx, cy, radius);
  const ring = (f: number) => dims.map((_d, i) => corner(i, f).join(',')).join(' ');
  const levels = [1, 0.8, 0.6, 0.4, 0.2];
  const shape = dims.map((d, i) => corner(i, d.value / Math.max(d.cap, d.value, 1)).join(',')).join(' ');
  return (
    <div ref={box} style={{ width: '100%', height }}>
      {width > 0 && n > 0 ? (
        <svg width={width} height={height} role="img" aria-label={label} className="kh-svg-chart">
          <title>{label}</title>
          {levels.map((f, k) => (
            <polygon key={f} points={ring(f)} fill={k % 2 === 0 ? '#fff' : '#fafafa'} stroke={LINE} />
          ))}
          {dims.map((d, i) => {
            const [x, y] = corner(i, 1);
            return <line key={d.name} x1={cx} y1={cy} x2={x} y2={y} stroke={LINE} />;
          })}
          <polygon points={shape} fill="rgba(196,22,28,0.2)" stroke={RED} strokeWidth={2} />
          {dims.map((d, i) => {
            const [x, y] = corner(i, d.value / Math.max(d.cap, d.value, 1));
            return (
              <g key={d.name}>
                <title>{`${d.name} ${points2(d.value)} / ${points2(d.cap)}`}</title>
                <circle cx={x} cy={y} r={3.5} fill={RED} />
                <circle cx={x} cy={y} r={12} fill="transparent" />
              </g>
            );
          })}
          {dims.map((d, i) => {
            const [x, y] = corner(i, 1.18);
            const lines = [...wrapLabel(d.name, 14), `${points2(d.value)} / ${points2(d.cap)}`];
            const anchor = Math.abs(x - cx) < 4 ? 'middle' : x > cx ? 'start' : 'end';
            // The top label sits above its corner; the others start level with theirs.
            const y0 = y < cy ? y - (lines.length - 1) * 14 : y;
            return (
              <text key={d.name} x={x} y={y0} textAnchor={anchor} fontSize={11} fill={TEXT}>
                {lines.map((l, k) => (
                  <tspan key={l} x={x} dy={k === 0 ? '0.35em' : 14}>
                    {l}
                  </tspan>
                ))}
              </text>
            );
          })}
        </svg>
      ) : null}
    </div>
  );
}
