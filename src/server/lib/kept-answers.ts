import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../../db/kysely.js';
import { dataStamp, workflowStamp } from './data-version.js';

/**
 * Answers kept by an app instance for as long as the data they were computed from has not
 * changed: every entry belongs to one stamp (the data sets' versions read from the database,
 * `data-version.ts`), and a request that reads another stamp forgets them all. Two kinds:
 * - facts a page decides with (a scheme, an org's ancestors, a quarter's state): read once per
 *   stamp, then the permission checks run on them as they would on fresh reads;
 * - whole answers, serialised (and compressed when asked), under a key holding everything the
 *   answer depends on besides the data: the route, its parameters and what of the viewer shows
 *   in it (ARCHITECTURE.md, "Kept answers").
 *
 * Why this is never stale: a write moves the version in its own transaction, so once it commits
 * every instance reads the new stamp before anything else of the request; an entry is stored only
 * while the instance's stamp is the request's own (a request that began before a write and
 * finishes after another request saw the write stores nothing). What a request that read the old
 * stamp computes may include the write (PostgreSQL reads each statement's own snapshot), which a
 * page computed without keeping could show as well.
 *
 * One computation per miss: requests that read the same stamp and miss the same key while it is
 * being computed wait for that computation instead of running their own (`once`), so the first
 * view of a page after a write costs one computation however many open it at once. They share
 * only what they would have been served from the kept entry a moment later: the key holds
 * everything the answer depends on, the checks of each request ran before, and a request that
 * read another stamp never joins. If the shared computation fails, each waiting request computes
 * for itself (an error is never handed to a request that did not meet it).
 *
 * Memory: at most `MAX_KEPT_BYTES` per instance (a string's characters counted at two bytes, a
 * fact at 256 unless its size is given), the least recently used entry first out.
 */
export const MAX_KEPT_BYTES = 32 * 1024 * 1024;
const FACT_BYTES = 256;

/**
 * One kept answer: the JSON text, its entity tag, and its compressed forms once asked for (each
 * compressed once, however many requests ask for it while it is being compressed).
 */
export interface KeptAnswer {
  readonly body: string;
  readonly etag: string;
  readonly encoded: { br?: Promise<Buffer>; gzip?: Promise<Buffer> };
}

interface Entry {
  value: unknown;
  bytes: number;
}

export class KeptAnswers {
  private stamp = '';
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Computations under way, by stamp and key; each removes itself when it settles. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly maxBytes = MAX_KEPT_BYTES) {}

  /**
   * What this instance keeps for a request that read `stamp`: a newer stamp forgets everything
   * kept; an older one (read by a request that began before a write another request has already
   * seen) gets nothing and keeps nothing.
   */
  at(stamp: string): KeptView {
    if (stamp !== this.stamp && !isOlder(stamp, this.stamp)) {
      this.entries.clear();
      this.bytes = 0;
      this.stamp = stamp;
    }
    return new KeptView(this, stamp);
  }

  /** How many entries and bytes are kept (for tests and the bench). */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(stamp: string, key: string): Entry | undefined {
    if (stamp !== this.stamp) return undefined;
    const e = this.entries.get(key);
    if (e) {
      // Most recently used last: the map's order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  put(stamp: string, key: string, value: unknown, bytes: number): void {
    if (stamp !== this.stamp || bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  /**
   * `run` for the first request that misses `key` under `stamp`; the requests that miss it while
   * that run is under way get its result, or, if it fails, run their own `run`.
   */
  once<T>(stamp: string, key: string, run: () => Promise<T>): Promise<T> {
    const id = `${stamp}\n${key}`;
    const going = this.pending.get(id) as Promise<T> | undefined;
    if (going) return going.catch(() => run());
    const mine = run();
    this.pending.set(id, mine);
    const done = () => {
      if (this.pending.get(id) === mine) this.pending.delete(id);
    };
    mine.then(done, done);
    return mine;
  }

  /** How many computations are under way (for tests). */
  computing(): number {
    return this.pending.size;
  }

  /** Counts bytes added to a kept entry (a compressed form), evicting as `put` does. */
  grow(stamp: string, key: string, bytes: number): void {
    const e = stamp === this.stamp ? this.entries.get(key) : undefined;
    if (!e) return;
    e.bytes += bytes;
    this.put(stamp, key, e.value, e.bytes);
  }
}

/** Whether stamp `a` comes before `b`: versions only grow, so some set's version is lower in `a`. */
function isOlder(a: string, b: string): boolean {
  if (!b) return false;
  const before = a.split(',');
  const after = b.split(',');
  return before.some((part, i) => {
    const x = Number(part.slice(part.indexOf(':') + 1));
    const y = Number(after[i]?.slice(after[i].indexOf(':') + 1));
    return x < y;
  });
}

/** A request's view of the kept entries: those of the stamp it read. */
export class KeptView {
  constructor(
    private readonly kept: KeptAnswers,
    readonly stamp: string,
  ) {}

  /**
   * A fact under `key`: kept, or loaded (once for the requests that miss it together) and kept,
   * counted at `bytes` (a small fact's default when not given). A load that throws keeps nothing.
   */
  async fact<T>(key: string, load: () => Promise<T>, bytes?: (value: T) => number): Promise<T> {
    const e = this.kept.get(this.stamp, key);
    if (e) return e.value as T;
    return this.kept.once(this.stamp, key, async () => {
      const value = await load();
      this.kept.put(this.stamp, key, value, (bytes ? bytes(value) : FACT_BYTES) + 2 * key.length);
      return value;
    });
  }

  /** The answer kept under `key`, if any. */
  answer(key: string): KeptAnswer | undefined {
    return this.kept.get(this.stamp, key)?.value as KeptAnswer | undefined;
  }

  /**
   * The answer kept under `key`, or the text `compute` gives, kept: computed once for the
   * requests that miss it together (`KeptAnswers.once`).
   */
  async answerOf(key: string, compute: () => Promise<string>): Promise<KeptAnswer> {
    return (
      this.answer(key) ?? this.kept.once(this.stamp, key, async () => this.keepAnswer(key, await compute()))
    );
  }

  /** Keeps a serialised answer under `key` and returns it with its entity tag. */
  keepAnswer(key: string, body: string): KeptAnswer {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const answer: KeptAnswer = { body, etag, encoded: {} };
    this.kept.put(this.stamp, key, answer, 2 * (body.length + key.length) + 64);
    return answer;
  }

  /** A value kept under `key` by `keepValue`, if any. */
  value<T>(key: string): T | undefined {
    return this.kept.get(this.stamp, key)?.value as T | undefined;
  }

  /** Keeps a value holding about `chars` characters of text (counted as `keepAnswer` counts them). */
  keepValue<T>(key: string, value: T, chars: number): T {
    this.kept.put(this.stamp, key, value, 2 * (chars + key.length) + 64);
    return value;
  }

  /** Counts a compressed form added to the answer under `key`. */
  grew(key: string, bytes: number): void {
    this.kept.grow(this.stamp, key, bytes);
  }
}

/** One store per database handle: one per app instance (tests run two instances in one process). */
const stores = new WeakMap<DbOrTrx, KeptAnswers>();

export function keptAnswersOf(db: DbOrTrx): KeptAnswers {
  let s = stores.get(db);
  if (!s) {
    s = new KeptAnswers();
    stores.set(db, s);
  }
  return s;
}

/** Reads the data sets' stamp (one statement) and returns what this instance keeps under it. */
export async function keptView(db: DbOrTrx): Promise<KeptView> {
  return keptAnswersOf(db).at(await dataStamp(db));
}

/**
 * A second store per database handle, under every set's versions with `entries` (the entries'
 * workflow) among them: what shows entries is kept there, so a submission or a decision forgets
 * only it, and the boards', kept in the first store, stay. It has its own `MAX_KEPT_BYTES`.
 */
const workflowStores = new WeakMap<DbOrTrx, KeptAnswers>();

export function keptWorkflowOf(db: DbOrTrx): KeptAnswers {
  let s = workflowStores.get(db);
  if (!s) {
    s = new KeptAnswers();
    workflowStores.set(db, s);
  }
  return s;
}

/** Reads every set's versions (one statement) and returns what this instance keeps of entries under them. */
export async function keptWorkflowView(db: DbOrTrx): Promise<KeptView> {
  return keptWorkflowOf(db).at(await workflowStamp(db));
}
