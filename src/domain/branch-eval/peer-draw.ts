/**
 * The monthly draw of peer raters (SPEC §3 互评: "each branch is rated by 6 others (setting, never
 * fewer than 5), drawn from the branches of its nearest committee and, where that committee has
 * too few, of the committee above; balanced so that each branch rates about as many as rate it;
 * redrawn every month from a recorded seed so the pairs rotate").
 *
 * The draw is a pure function of the branches, the settings and the seed: the same seed gives the
 * same pairs, so a month's assignment can be reproduced from the seed stored with it.
 */
import { type Issue, issue } from './issues.js';
import type { RatedBranch } from './peer.js';
import type { BranchId } from './plan.js';

/** SPEC §3: "each branch is rated by 6 others". */
export const defaultPeerRatersPerBranch = 6;

/** A branch as the draw needs it: its committees, the nearest first, then each one above it. */
export interface PeerCandidate {
  readonly id: BranchId;
  readonly committees: readonly number[];
}

export interface PeerDraw {
  /** Raters per rated branch, ascending by rated id, raters ascending. */
  readonly assignment: RatedBranch[];
  /** Rated branches left with fewer than `minRaters` raters: no peer component this month. */
  readonly short: BranchId[];
  /** `too_few_raters` per pool that cannot give its branches `minRaters` raters. */
  readonly warnings: Issue[];
}

/**
 * Draws the month's raters. Branches are pooled by their nearest committee; a pool with fewer
 * than `minRaters` + 1 branches is merged with every branch under the committee above (again and
 * again while it is short and a committee above exists). Within a pool the branches are put in
 * an order shuffled by the seed and each is rated by the k branches after it in that circle
 * (k = min(`perBranch`, pool size − 1)): everyone rates exactly as many as rate them, nobody rates
 * itself, and a new seed gives new pairs. Throws RangeError on a branch listed twice or settings
 * that are not positive integers.
 */
export function drawPeerRaters(
  branches: readonly PeerCandidate[],
  opts: { readonly perBranch: number; readonly minRaters: number; readonly seed: string },
): PeerDraw {
  for (const [name, v] of [
    ['perBranch', opts.perBranch],
    ['minRaters', opts.minRaters],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer: ${v}`);
  }
  const seen = new Set<BranchId>();
  for (const b of branches) {
    if (seen.has(b.id)) throw new RangeError(`Branch listed twice: ${b.id}`);
    seen.add(b.id);
  }
  // The level of each branch's pool in its committee list (committees.length = the round's root pool).
  const level = new Map(branches.map((b) => [b.id, 0]));
  const poolKey = (b: PeerCandidate): string => {
    const l = level.get(b.id) ?? 0;
    const c = b.committees[l];
    return c === undefined ? 'root' : `c${c}`;
  };
  for (;;) {
    const pools = groupBy(branches, poolKey);
    let changed = false;
    for (const members of pools.values()) {
      if (members.length - 1 >= opts.minRaters) continue;
      const first = members[0];
      if (!first) continue;
      const above = first.committees[(level.get(first.id) ?? 0) + 1];
      // Every branch under the committee above (or, at the top, every branch) joins one pool.
      for (const b of branches) {
        const at = above === undefined ? b.committees.length : b.committees.indexOf(above);
        const underAbove = above === undefined || at >= 0;
        if (underAbove && (level.get(b.id) ?? 0) < at) {
          level.set(b.id, at);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }

  const assignment: RatedBranch[] = [];
  const short: BranchId[] = [];
  const warnings: Issue[] = [];
  const pools = [...groupBy(branches, poolKey)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, members] of pools) {
    const ids = members.map((m) => m.id).sort((a, b) => a - b);
    const circle = shuffle(ids, seededRandom(`${opts.seed}|${key}`));
    const k = Math.min(opts.perBranch, circle.length - 1);
    circle.forEach((rated, i) => {
      const raters: BranchId[] = [];
      for (let j = 1; j <= k; j++) raters.push(circle[(i + j) % circle.length] as BranchId);
      assignment.push({ rated, raters: raters.sort((a, b) => a - b) });
    });
    if (k < opts.minRaters) {
      short.push(...ids);
      const committee = key === 'root' ? null : Number(key.slice(1));
      warnings.push(
        issue(
          'too_few_raters',
          { parentId: committee, branches: ids, available: Math.max(0, k), required: opts.minRaters },
          { severity: 'warning' },
        ),
      );
    }
  }
  assignment.sort((a, b) => a.rated - b.rated);
  return { assignment, short: short.sort((a, b) => a - b), warnings };
}

/** A fresh-looking but reproducible seed for a round's month (what is stored with the month). */
export function peerSeedOf(orgId: number, monthKey: string, salt = ''): string {
  return `${orgId}:${monthKey}:${hash32(`${salt}|${orgId}|${monthKey}`).toString(16)}`;
}

/** Fisher–Yates with the given random source. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** mulberry32 seeded by the FNV-1a hash of the text: small, fast, the same on every platform. */
function seededRandom(text: string): () => number {
  let a = hash32(text);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}
