/**
 * Peer evaluation (SPEC §3 互评: "each branch scores the evaluative indicators of the other
 * branches assigned to it (default: all branches of the same parent committee, at least 5
 * raters; raters are anonymous to the rated)"; "peer is the mean of the peer scores after
 * dropping one highest and one lowest when there are 5 or more").
 *
 * Anonymity (SPEC §7): the scoring functions take peer scores as bare numbers, with no rater; the
 * assignment below says who rates whom and is for the office and the raters' to-do lists only —
 * never show it to the rated branch.
 */
import { type Fraction, fraction, type Hundredths, roundFraction, safeSum } from './exact.js';
import { type Issue, issue } from './issues.js';
import type { BranchId } from './plan.js';

/** SPEC §3: one highest and one lowest are dropped "when there are 5 or more". */
export const defaultTrimFrom = 5;

/** The peer mean with what went into it, for the explanation shown beside a score. */
export interface TrimmedMean {
  /** The scores averaged, ascending. */
  readonly used: readonly Hundredths[];
  /** The dropped highest and lowest score (null when nothing was dropped). */
  readonly dropped: { readonly high: Hundredths | null; readonly low: Hundredths | null };
  readonly sum: Hundredths;
  readonly count: number;
  /** Exact mean in hundredths (2500/3 for 8.333… points); null when there are no scores. */
  readonly mean: Fraction | null;
  /** The mean rounded half-up to hundredths, for display only: scores use the exact mean. */
  readonly meanRounded: Hundredths | null;
}

/**
 * Mean of peer scores (hundredths) after dropping ONE highest and ONE lowest when there are at
 * least `trimFrom` (default 5) scores, else the plain mean (SPEC §3). With ties only one copy of
 * the extreme is dropped ([7, 7, 8, 9, 9] keeps [7, 8, 9]). Exact: the mean is a fraction, left
 * unrounded until the indicator score is rounded. Throws RangeError on a score that is not an
 * integer number of hundredths.
 */
export function trimmedPeerMean(scores: readonly Hundredths[], trimFrom = defaultTrimFrom): TrimmedMean {
  if (!Number.isSafeInteger(trimFrom) || trimFrom < 3) {
    throw new RangeError(`trimFrom must be an integer ≥ 3 (something must remain): ${trimFrom}`);
  }
  for (const s of scores) {
    if (!Number.isSafeInteger(s)) throw new RangeError(`Peer score is not whole hundredths: ${s}`);
  }
  const sorted = [...scores].sort((a, b) => a - b);
  const trim = sorted.length >= trimFrom;
  const used = trim ? sorted.slice(1, -1) : sorted;
  const sum = safeSum(used);
  const mean = used.length === 0 ? null : fraction(sum, used.length);
  return {
    used,
    dropped: trim
      ? { high: sorted[sorted.length - 1] ?? null, low: sorted[0] ?? null }
      : { high: null, low: null },
    sum,
    count: used.length,
    mean,
    meanRounded: mean === null ? null : roundFraction(mean),
  };
}

/** A branch as the assignment needs it: its id and its parent committee (null at the root). */
export interface BranchNode {
  readonly id: BranchId;
  readonly parentId: number | null;
}

/** Who rates one branch. */
export interface RatedBranch {
  readonly rated: BranchId;
  readonly raters: readonly BranchId[];
}

/** Raters per rated branch, ascending by rated id, raters ascending. Plain data (JSON as is). */
export type PeerAssignment = readonly RatedBranch[];

export interface AssignmentResult {
  readonly assignment: RatedBranch[];
  /** `too_few_raters` per parent group with fewer than `minRaters` possible raters. */
  readonly warnings: Issue[];
}

/**
 * The default assignment (SPEC §3: "default: all branches of the same parent committee, at least
 * 5 raters"): each branch is rated by every other branch with the same parent, never by itself.
 * A group whose branches have fewer than `minRaters` possible raters (group size − 1) gets a
 * `too_few_raters` warning: the office must add raters from elsewhere ({@link addPeerRaters}).
 * Deterministic: the same branches in any order give the same result. Throws RangeError on a
 * branch id listed twice or a `minRaters` that is not a positive integer.
 */
export function assignPeerRaters(
  branches: readonly BranchNode[],
  opts: { readonly minRaters: number },
): AssignmentResult {
  if (!Number.isSafeInteger(opts.minRaters) || opts.minRaters < 1) {
    throw new RangeError(`minRaters must be a positive integer: ${opts.minRaters}`);
  }
  const groups = new Map<number | null, BranchId[]>();
  const seen = new Set<BranchId>();
  for (const b of branches) {
    if (seen.has(b.id)) throw new RangeError(`Branch listed twice: ${b.id}`);
    seen.add(b.id);
    const group = groups.get(b.parentId) ?? [];
    group.push(b.id);
    groups.set(b.parentId, group);
  }
  const assignment: RatedBranch[] = [];
  const warnings: Issue[] = [];
  const parents = [...groups.keys()].sort(compareParent);
  for (const parentId of parents) {
    const ids = (groups.get(parentId) ?? []).sort((a, b) => a - b);
    for (const rated of ids) assignment.push({ rated, raters: ids.filter((id) => id !== rated) });
    const available = ids.length - 1;
    if (available < opts.minRaters) {
      warnings.push(
        issue(
          'too_few_raters',
          { parentId, branches: ids, available, required: opts.minRaters },
          { severity: 'warning' },
        ),
      );
    }
  }
  assignment.sort((a, b) => a.rated - b.rated);
  return { assignment, warnings };
}

/** The branches that rate `rated` (empty when it is not in the assignment). */
export function ratersOf(assignment: PeerAssignment, rated: BranchId): readonly BranchId[] {
  return assignment.find((r) => r.rated === rated)?.raters ?? [];
}

/** The branches `rater` must score this month, ascending: the rater's peer to-do list. */
export function rateesOf(assignment: PeerAssignment, rater: BranchId): BranchId[] {
  return assignment.filter((r) => r.raters.includes(rater)).map((r) => r.rated);
}

/**
 * Adds raters from elsewhere to one rated branch (SPEC §3 "at least 5 raters": the office tops
 * up a small group). Refuses a branch rating itself (`self_rating`) or a rater already assigned
 * (`duplicate_rater`); a rated branch not yet in the assignment is added. Returns the new
 * assignment, still sorted.
 */
export function addPeerRaters(
  assignment: PeerAssignment,
  rated: BranchId,
  raters: readonly BranchId[],
):
  | { readonly ok: true; readonly assignment: RatedBranch[] }
  | { readonly ok: false; readonly issues: Issue[] } {
  const current = new Set(ratersOf(assignment, rated));
  const issues: Issue[] = [];
  for (const rater of raters) {
    if (rater === rated) issues.push(issue('self_rating', { rater, rated }));
    else if (current.has(rater)) issues.push(issue('duplicate_rater', { rater, rated }));
    else current.add(rater);
  }
  if (issues.length > 0) return { ok: false, issues };
  const row: RatedBranch = { rated, raters: [...current].sort((a, b) => a - b) };
  const others = assignment.filter((r) => r.rated !== rated);
  return { ok: true, assignment: [...others, row].sort((a, b) => a.rated - b.rated) };
}

/**
 * Warnings for every rated branch with fewer than `minRaters` raters (`branch_too_few_raters`),
 * to re-check an assignment after the office has edited it.
 */
export function checkPeerAssignment(assignment: PeerAssignment, minRaters: number): Issue[] {
  return assignment
    .filter((r) => r.raters.length < minRaters)
    .map((r) =>
      issue(
        'branch_too_few_raters',
        { branch: r.rated, available: r.raters.length, required: minRaters },
        { severity: 'warning' },
      ),
    );
}

/**
 * Whether `rater` may score `rated` (SPEC §3: each branch scores "the other branches assigned to
 * it"): `self_rating` when they are the same branch, `not_assigned` when the assignment does not
 * list the rater for that branch.
 */
export function canPeerRate(
  rater: BranchId,
  rated: BranchId,
  assignment: PeerAssignment,
): { readonly ok: true } | { readonly ok: false; readonly error: Issue } {
  if (rater === rated) return { ok: false, error: issue('self_rating', { rater, rated }) };
  if (!ratersOf(assignment, rated).includes(rater)) {
    return { ok: false, error: issue('not_assigned', { rater, rated }) };
  }
  return { ok: true };
}

function compareParent(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}
