import { describe, expect, it } from 'vitest';
import { backoffMs, loginThrottleRules, throttleVerdict } from './login-throttle.js';

const pair = loginThrottleRules.pair;

describe('backoffMs', () => {
  it('allows the free failures, then waits 1 s doubling each failure', () => {
    expect([0, 1, 2].map((n) => backoffMs(n, pair))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((n) => backoffMs(n, pair))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(backoffMs(13, pair)).toBe(pair.capMs); // 2^10 s would pass 15 minutes
    expect(backoffMs(10_000, pair)).toBe(pair.capMs);
    expect(backoffMs(Number.MAX_SAFE_INTEGER, pair)).toBe(pair.capMs);
  });
});

describe('throttleVerdict', () => {
  const now = Date.parse('2026-03-16T02:00:00.000Z');

  it('lets an attempt through below the free failures or once the wait is over', () => {
    expect(throttleVerdict([{ scope: 'pair', failures: 2, lastFailureMs: now }], now)).toBeNull();
    expect(throttleVerdict([{ scope: 'pair', failures: 3, lastFailureMs: now - 1000 }], now)).toBeNull();
    expect(throttleVerdict([{ scope: 'account', failures: 0, lastFailureMs: null }], now)).toBeNull();
  });

  it('names the scope whose wait ends last, with whole seconds rounded up', () => {
    const v = throttleVerdict(
      [
        { scope: 'pair', failures: 4, lastFailureMs: now - 500 }, // ends in 1.5 s
        { scope: 'address', failures: 21, lastFailureMs: now }, // ends in 2 s
        { scope: 'account', failures: 5, lastFailureMs: now }, // free
      ],
      now,
    );
    expect(v).toEqual({ scope: 'address', retryAtMs: now + 2000, retryAfterSeconds: 2 });
    const p = throttleVerdict([{ scope: 'pair', failures: 4, lastFailureMs: now - 500 }], now);
    expect(p?.retryAfterSeconds).toBe(2);
  });
});
