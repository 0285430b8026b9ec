/** Exact rounding shared by every score of Kaohe (points, branch evaluation, inspection). */

/**
 * Exact `numerator / denominator` rounded half-up to an integer (四舍五入: ties go away from zero,
 * so 2.5 → 3 and −2.5 → −3), in integer arithmetic only. Throws RangeError unless both are safe
 * integers and the denominator is positive.
 */
export function roundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(
      `roundHalfUp needs safe integers and a positive denominator: ${numerator}/${denominator}`,
    );
  }
  const magnitude = Math.abs(numerator);
  const remainder = magnitude % denominator;
  const quotient = (magnitude - remainder) / denominator;
  // remainder ≥ denominator / 2, written without a fraction (and without overflow: remainder < denominator).
  const rounded = remainder >= denominator - remainder ? quotient + 1 : quotient;
  return numerator < 0 ? -rounded : rounded;
}
