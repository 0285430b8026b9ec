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

/**
 * Figures kept for the growth table (`--scale bureau,province`): per database and work, the time
 * at each scale and the rows it went over.
 */
const growthFigures = new Map<string, Map<string, { ms: number; rows: number }>>();
let growthScope = '';

/** Figures recorded from now on belong to `scope` (e.g. "SQLite bureau"). */
export function growthScopeIs(scope: string) {
  growthScope = scope;
}

export function recordGrowth(work: string, ms: number, rows: number) {
  const byScope = growthFigures.get(work) ?? new Map<string, { ms: number; rows: number }>();
  byScope.set(growthScope, { ms, rows });
  growthFigures.set(work, byScope);
}

/** Lines of the growth table of one database between two scales (nothing when one is missing). */
export function growthTable(db: string, small: string, large: string): string[] {
  const lines: string[] = [];
  for (const [work, byScope] of growthFigures) {
    const a = byScope.get(`${db} ${small}`);
    const b = byScope.get(`${db} ${large}`);
    if (!a || !b) continue;
    const timeRatio = b.ms / a.ms;
    const rowRatio = b.rows / a.rows;
    lines.push(
      `  ${work.padEnd(34)} ${small} ${a.ms.toFixed(1).padStart(9)} ms / ${a.rows.toLocaleString('en').padStart(9)} rows   ` +
        `${large} ${b.ms.toFixed(1).padStart(9)} ms / ${b.rows.toLocaleString('en').padStart(9)} rows   ` +
        `time ×${timeRatio.toFixed(1)} for rows ×${rowRatio.toFixed(1)} (${timeRatio <= rowRatio * 1.1 ? 'linear or better' : 'worse than linear'})`,
    );
  }
  return lines;
}

/**
 * Two ways of computing the same thing, measured in turns (a, b, a, b, …) so that a change in
 * the machine's load during the run weighs on both alike; the ratio of their p50s is the figure.
 */
export async function measureInterleaved(
  n: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
  warmup = 3,
): Promise<{ a: LatencySummary; b: LatencySummary }> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    await a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    tb.push(performance.now() - t0);
  }
  const summary = (times: number[]): LatencySummary => {
    const total = times.reduce((x, y) => x + y, 0);
    times.sort((x, y) => x - y);
    return {
      n,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      mean: total / n,
      perSecond: (n / total) * 1000,
    };
  };
  return { a: summary(ta), b: summary(tb) };
}
