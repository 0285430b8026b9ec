/** Small helpers for benchmark figures: percentiles over measured durations, and formatting. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const idx = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[idx] ?? Number.NaN;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  perSecond: number;
}

/** Runs `fn` `n` times one after another (after `warmup` unmeasured runs) and summarises. */
export async function measure(
  n: number,
  fn: (i: number) => Promise<void>,
  warmup = 20,
): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  return {
    n,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    mean: times.reduce((a, b) => a + b, 0) / n,
    perSecond: (n / total) * 1000,
  };
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;
export const fmtLatency = (s: LatencySummary) =>
  `p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  ${s.perSecond.toFixed(0)} req/s  (n=${s.n})`;
