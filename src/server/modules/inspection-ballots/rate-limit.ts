import { AppError } from '../../lib/errors.js';

/**
 * Per-address rate limit of the public ballot endpoints, in this process's memory only: the
 * address is never written anywhere, least of all next to a ballot. A fixed one-minute window
 * per address; several app instances each count their own (a voter needs two requests).
 */
export function createRateLimiter(perMinute: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts a request from `address`; throws `ballot_rate_limited` (429) over the limit. */
    hit(address: string): void {
      const t = now();
      if (windows.size > 50_000) {
        for (const [k, w] of windows) if (t - w.start >= 60_000) windows.delete(k);
      }
      const w = windows.get(address);
      if (!w || t - w.start >= 60_000) {
        windows.set(address, { start: t, count: 1 });
        return;
      }
      w.count += 1;
      if (w.count > perMinute) {
        throw new AppError('ballot_rate_limited', {
          retryAfterSeconds: Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000)),
        });
      }
    },
  };
}

/** Requests a minute per address: `KAOHE_BALLOT_RATE_PER_MINUTE`, default 120 (a meeting room behind one NAT). */
export function ballotRatePerMinute(): number {
  const v = Number(process.env.KAOHE_BALLOT_RATE_PER_MINUTE);
  return Number.isInteger(v) && v > 0 ? v : 120;
}
