/**
 * Idempotency keys for creating calls (`idempotent` endpoints of the table): one key per form
 * submission. A submission is its endpoint, URL and body: the same content sent again while the
 * first is on its way, after it failed (a retry), or just after it was answered (the second click
 * of a double click landing late) carries the same key, so the server answers the first answer
 * and creates nothing. Once a submission has been answered for a few seconds, the same content
 * again is a new submission (recording the same activity twice on purpose still works).
 */

/** How long an answered submission keeps its key for late repeats. */
export const SETTLE_MS = 5_000;
/** How long a failed submission keeps its key for a retry. */
export const RETRY_MS = 10 * 60_000;

/** A random key (works without a secure context, unlike `crypto.randomUUID`). */
export function newSubmissionKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

interface Held {
  key: string;
  inFlight: number;
  /** When the key is forgotten once nothing is in flight (ms since epoch). */
  until: number;
}

/** Keys by submission; `now` is injectable for tests. */
export class SubmissionKeys {
  private readonly held = new Map<string, Held>();
  constructor(private readonly now: () => number = Date.now) {}

  /** The key for this submission, and what to call when its answer (or failure) arrives. */
  begin(signature: string): { key: string; end(ok: boolean): void } {
    const t = this.now();
    for (const [sig, h] of this.held) if (h.inFlight === 0 && h.until <= t) this.held.delete(sig);
    let h = this.held.get(signature);
    if (!h) {
      h = { key: newSubmissionKey(), inFlight: 0, until: 0 };
      this.held.set(signature, h);
    }
    h.inFlight += 1;
    const held = h;
    let ended = false;
    return {
      key: held.key,
      end: (ok) => {
        if (ended) return;
        ended = true;
        held.inFlight -= 1;
        held.until = Math.max(held.until, this.now() + (ok ? SETTLE_MS : RETRY_MS));
      },
    };
  }
}

/** The keys of this browser tab. */
export const submissionKeys = new SubmissionKeys();
