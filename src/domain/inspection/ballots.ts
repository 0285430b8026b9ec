/**
 * Democratic evaluation ballots (民主测评, SPEC §5): the four ratings and their values, the
 * default items, the one-time code's shape and the check of one filled ballot.
 */

export const ratings = ['good', 'fair_good', 'average', 'poor'] as const;
export type Rating = (typeof ratings)[number];

/** 好/较好/一般/差 on the 0–100 scale. */
export const ratingValue: Record<Rating, number> = { good: 100, fair_good: 80, average: 60, poor: 40 };
export const ratingLabels: Record<Rating, { zh: string; en: string }> = {
  good: { zh: '好', en: 'Good' },
  fair_good: { zh: '较好', en: 'Fairly good' },
  average: { zh: '一般', en: 'Average' },
  poor: { zh: '差', en: 'Poor' },
};

export function isRating(v: unknown): v is Rating {
  return typeof v === 'string' && (ratings as readonly string[]).includes(v);
}

export const defaultBallotItems: readonly { zh: string; en: string }[] = [
  { zh: '班子建设', en: 'Leadership team building' },
  { zh: '作风建设', en: 'Work style' },
  { zh: '党风廉政', en: 'Integrity and clean governance' },
  { zh: '工作实绩', en: 'Work results' },
  { zh: '群众满意度', en: 'Staff satisfaction' },
];

/** A unit's tally is shown (and its component counts) only from this many ballots. */
export const MIN_BALLOTS = 5;

/**
 * Code alphabet: Crockford's base 32 without I, L, O, U, so a code typed from paper is not
 * misread. 16 characters = 80 random bits.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 16;

/** Turns random bytes (one per character, at least CODE_LENGTH) into a code; 256 % 32 = 0, so unbiased. */
export function codeFromRandomBytes(bytes: Uint8Array): string {
  if (bytes.length < CODE_LENGTH) throw new RangeError('not enough random bytes');
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[(bytes[i] as number) % 32];
  return s;
}

/** A code as printed: four groups of four, e.g. `7K3M-QX2P-9D4T-WB6R`. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * The code as typed or read from a URL: case and separators ignored, the look-alikes O→0 and
 * I/L→1 mapped; `null` unless it has the right shape.
 */
export function normalizeCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

export type BallotProblem =
  | { kind: 'missing_item'; item: number }
  | { kind: 'unknown_item'; item: number }
  | { kind: 'bad_rating'; item: number };

/**
 * Checks one filled ballot against the campaign's items (numbered 1…n): every item rated
 * exactly once with one of the four ratings. Returns the problems (empty = valid).
 */
export function checkBallot(itemNos: readonly number[], answers: Record<string, unknown>): BallotProblem[] {
  const problems: BallotProblem[] = [];
  const known = new Set(itemNos);
  for (const [key, value] of Object.entries(answers)) {
    const item = Number(key);
    if (!known.has(item)) problems.push({ kind: 'unknown_item', item });
    else if (!isRating(value)) problems.push({ kind: 'bad_rating', item });
  }
  for (const item of itemNos) if (!(String(item) in answers)) problems.push({ kind: 'missing_item', item });
  return problems;
}
