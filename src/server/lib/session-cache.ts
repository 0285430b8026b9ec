import type { Clock } from './context.js';

/**
 * Resolved sessions kept in memory for a short while, so that a page does not read the session,
 * the user and their grants again on every request (three statements, a third of a small page's).
 *
 * Coherence across app instances on one database (production runs several): an entry is
 * trusted for `SESSION_RECHECK_MS` after it was read, then read again. Whatever ends or narrows
 * a session — logout, a password change or reset, a disabled account, a role granted or removed,
 * a renamed user — forgets the user's entries at once on the instance that made the change
 * (`forgetSessionsOfUser`); another instance sees it within `SESSION_RECHECK_MS`. The session's
 * own end (7 days) and idle limit (8 hours) are checked on every hit from the kept times.
 *
 * One cache per database handle: one per app instance (two instances in one process, as the
 * multi-instance tests run them, keep separate caches). Times come from the app's clock, so that
 * tests move them as they move the sessions' own times.
 */
export const SESSION_RECHECK_MS = 2_000;
/** At most this many sessions are kept (the oldest read goes first). */
const MAX_KEPT = 10_000;

export interface KeptTimes {
  /** When the session ends, ms since the epoch. */
  expiresAtMs: number;
  /** When it was last seen (as stored), ms since the epoch: the idle limit counts from here. */
  lastSeenMs: number;
}

interface Entry<T> extends KeptTimes {
  info: T;
  userId: number;
  readAtMs: number;
}

export class SessionCache<T> {
  private readonly kept = new Map<string, Entry<T>>();
  /** Moves on every forget: a read that began before a forget does not store what it read. */
  private epoch = 0;

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: number,
  ) {}

  /** The kept session, if it was read less than `SESSION_RECHECK_MS` ago and has neither ended nor idled. */
  get(sessionId: string): T | null {
    const e = this.kept.get(sessionId);
    if (!e) return null;
    const now = this.clock.now().getTime();
    const age = now - e.readAtMs;
    if (age < 0 || age >= SESSION_RECHECK_MS || now >= e.expiresAtMs || now - e.lastSeenMs > this.idleMs) {
      this.kept.delete(sessionId);
      return null;
    }
    return e.info;
  }

  /** A token for `put`: taken before reading the database. */
  mark(): number {
    return this.epoch;
  }

  /** Keeps a session just read from the database, unless something was forgotten since `mark`. */
  put(mark: number, sessionId: string, userId: number, info: T, times: KeptTimes): void {
    if (mark !== this.epoch) return;
    this.kept.delete(sessionId);
    this.kept.set(sessionId, { info, userId, readAtMs: this.clock.now().getTime(), ...times });
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value as string);
  }

  forgetSession(sessionId: string): void {
    this.epoch++;
    this.kept.delete(sessionId);
  }

  forgetUser(userId: number): void {
    this.epoch++;
    for (const [id, e] of this.kept) if (e.userId === userId) this.kept.delete(id);
  }
}

const caches = new WeakMap<object, SessionCache<unknown>>();

/** The cache of the app instance that uses `db` (created on first use). */
export function sessionCacheOf<T>(db: object, clock: Clock, idleMs: number): SessionCache<T> {
  let c = caches.get(db);
  if (!c) {
    c = new SessionCache<unknown>(clock, idleMs);
    caches.set(db, c);
  }
  return c as SessionCache<T>;
}

/**
 * Forgets every kept session of a user on this instance: call it after the transaction that
 * changed what their sessions may do has committed (grants, password, active, name).
 */
export function forgetSessionsOfUser(db: object, userId: number): void {
  caches.get(db)?.forgetUser(userId);
}

/** Forgets one kept session on this instance (logout). */
export function forgetSession(db: object, sessionId: string): void {
  caches.get(db)?.forgetSession(sessionId);
}
