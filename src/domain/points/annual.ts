/**
 * The annual score (年度总评, SPEC §2): "annual score = annual formula over the quarter scores";
 * default formula "mean of the quarters in which the member belonged to the scheme", "rounded
 * half-up to two decimals".
 */
import { type Hundredths, roundHalfUp } from './hundredths.js';

export interface AnnualScore {
  /** Mean of the present quarters in integer hundredths, rounded half-up; `null` if none. */
  readonly score: Hundredths | null;
  /** Σ of the present quarter scores (the numerator of the mean, for "explain this score"). */
  readonly sum: Hundredths;
  readonly quartersPresent: number;
  /** "Members present fewer than 2 quarters are graded but flagged." */
  readonly flagged: boolean;
}

/**
 * Annual score by the default formula `mean_of_present_quarters`: the four quarter scores of the
 * year, `null` for a quarter in which the member did not belong to the scheme (joined later, was
 * transferred out of it). The mean of hundredths is itself a fraction of a hundredth, so it is
 * rounded once, half-up, to whole hundredths (7516.666… → 7517, i.e. 75.17 points). A member
 * present in fewer than `minQuartersForUnflagged` quarters (default 2) is flagged; present in
 * none, the score is `null` and they are not graded. Throws RangeError unless there are exactly
 * four entries, each null or a non-negative integer.
 */
export function annualScore(
  quarterScores: readonly (Hundredths | null)[],
  minQuartersForUnflagged = 2,
): AnnualScore {
  if (quarterScores.length !== 4)
    throw new RangeError(`A year has 4 quarter scores, got ${quarterScores.length}`);
  const present = quarterScores.filter((q): q is number => q !== null);
  for (const q of present) {
    if (!Number.isSafeInteger(q) || q < 0) throw new RangeError(`Invalid quarter score: ${q}`);
  }
  const sum = present.reduce((acc, q) => acc + q, 0);
  return {
    score: present.length === 0 ? null : roundHalfUp(sum, present.length),
    sum,
    quartersPresent: present.length,
    flagged: present.length < minQuartersForUnflagged,
  };
}
