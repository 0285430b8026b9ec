/**
 * Login throttling by exponential backoff: slow, never locked. Failed logins are counted in
 * three scopes; each allows a few free failures, then every further attempt in that scope must
 * wait 1 s, 2 s, 4 s … after the scope's latest failure, up to a cap. A right password from a
 * throttled scope is refused too (otherwise the wait would tell a guess was right), but only
 * until the wait is over: no one can lock an account out by failing on purpose.
 *
 * - `pair`: one account from one address (a guesser at one account).
 * - `address`: one address across all accounts (password spraying); it slows that address only.
 * - `account`: one account from every address (a guesser spread over many addresses). It does
 *   not apply to the owner's usual addresses (where the account logged in successfully lately),
 *   so an attacker elsewhere cannot keep the owner out.
 */
export type ThrottleScope = 'pair' | 'address' | 'account';

export interface ThrottleRule {
  /** Failures allowed before the first wait. */
  free: number;
  /** Failures older than this no longer count. */
  windowMs: number;
  /** The longest wait. */
  capMs: number;
}

export const FIRST_WAIT_MS = 1000;

export const loginThrottleRules: Record<ThrottleScope, ThrottleRule> = {
  pair: { free: 3, windowMs: 24 * 3600_000, capMs: 15 * 60_000 },
  address: { free: 20, windowMs: 3600_000, capMs: 15 * 60_000 },
  account: { free: 10, windowMs: 24 * 3600_000, capMs: 15 * 60_000 },
};

/** An address from which the account logged in within this time is one of the owner's usual ones. */
export const USUAL_ADDRESS_MS = 90 * 24 * 3600_000;

/** The wait after `failures` counted failures: none up to `free`, then 1 s doubling to the cap. */
export function backoffMs(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  const doublings = failures - rule.free;
  // 2^30 s is far past any cap; stop doubling before the number grows useless.
  if (doublings >= 30) return rule.capMs;
  return Math.min(FIRST_WAIT_MS * 2 ** doublings, rule.capMs);
}

export interface ScopeFailures {
  scope: ThrottleScope;
  /** Failures counted in the scope's window. */
  failures: number;
  /** When the latest of them happened (epoch ms), or null when there is none. */
  lastFailureMs: number | null;
}

export interface ThrottleVerdict {
  scope: ThrottleScope;
  /** Epoch ms before which an attempt is refused. */
  retryAtMs: number;
  /** Whole seconds to wait, at least 1 (what Retry-After carries). */
  retryAfterSeconds: number;
}

/**
 * Whether an attempt at `nowMs` must wait, and for which scope: the one with the latest
 * end of wait. Null when every scope lets the attempt through.
 */
export function throttleVerdict(scopes: readonly ScopeFailures[], nowMs: number): ThrottleVerdict | null {
  let worst: ThrottleVerdict | null = null;
  for (const s of scopes) {
    if (s.lastFailureMs === null) continue;
    const wait = backoffMs(s.failures, loginThrottleRules[s.scope]);
    const retryAtMs = s.lastFailureMs + wait;
    if (wait === 0 || retryAtMs <= nowMs) continue;
    if (!worst || retryAtMs > worst.retryAtMs) {
      worst = {
        scope: s.scope,
        retryAtMs,
        retryAfterSeconds: Math.max(1, Math.ceil((retryAtMs - nowMs) / 1000)),
      };
    }
  }
  return worst;
}
