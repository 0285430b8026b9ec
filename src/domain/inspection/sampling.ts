/**
 * Reproducible ledger sampling (抽查基层班组台帐, SPEC §5). The population is frozen first as a
 * manifest — a plain UTF-8 text anyone can re-hash with `sha256sum` — and only then is the seed
 * recorded. Each unit's teams are ordered by the lowercase hex SHA-256 of `"<seed>:<team code>"`,
 * ascending, and the first k are drawn (all when the unit has k or fewer).
 *
 * SHA-256 is passed in (`Sha256`): the server uses Node's crypto, the browser SubtleCrypto, so
 * this file stays pure and runs in both.
 */

/** Lowercase hex SHA-256 of a UTF-8 text. */
export type Sha256 = (text: string) => Promise<string>;

export const DEFAULT_SAMPLE_SIZE = 3;
export const MANIFEST_HEADER = 'kaohe-ledger-manifest 1';

export interface ManifestTeam {
  code: string;
  name: string;
}
export interface ManifestUnit {
  code: string;
  name: string;
  teams: ManifestTeam[];
}
export interface Manifest {
  campaignId: number;
  year: number;
  /** The date the unit tree was read on (teams active that day), YYYY-MM-DD. */
  drawDate: string;
  sampleSize: number;
  units: ManifestUnit[];
}

/** A seed is what was drawn at the kick-off meeting: digits or letters, at most 64 characters. */
export const SEED_PATTERN = /^[0-9A-Za-z-]{1,64}$/;

export function isValidSeed(seed: string): boolean {
  return SEED_PATTERN.test(seed);
}

// Names are free text: tabs and line breaks would break the line format, so they become spaces.
const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ').trim();

/**
 * The manifest's canonical text: one record per line, fields separated by a TAB, every line
 * ended by LF (the last one too), UTF-8, no byte-order mark:
 *
 * ```
 * kaohe-ledger-manifest 1
 * campaign<TAB><id><TAB><year>
 * draw-date<TAB><YYYY-MM-DD>
 * k<TAB><sample size>
 * unit<TAB><unit code><TAB><unit name>        (units in the campaign's order)
 * team<TAB><team code><TAB><team name>        (that unit's teams, by code in code-point order)
 * ```
 *
 * Its SHA-256 (`sha256sum manifest.txt`) is the manifest's fingerprint.
 */
export function serializeManifest(m: Manifest): string {
  const lines = [
    MANIFEST_HEADER,
    `campaign\t${m.campaignId}\t${m.year}`,
    `draw-date\t${m.drawDate}`,
    `k\t${m.sampleSize}`,
  ];
  for (const u of m.units) {
    lines.push(`unit\t${clean(u.code)}\t${clean(u.name)}`);
    const teams = [...u.teams].sort((a, b) => compareCodePoints(a.code, b.code));
    for (const t of teams) lines.push(`team\t${clean(t.code)}\t${clean(t.name)}`);
  }
  return `${lines.join('\n')}\n`;
}

export class ManifestFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`manifest line ${line}: ${message}`);
  }
}

/**
 * Reads a manifest text back (the re-draw page and command). Accepts CRLF line ends (a file
 * saved on Windows) but the fingerprint is always of the text as given.
 */
export function parseManifest(text: string): Manifest {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  if (lines[0] !== MANIFEST_HEADER) throw new ManifestFormatError(1, `expected "${MANIFEST_HEADER}"`);
  const field = (i: number, key: string, n: number) => {
    const parts = (lines[i] ?? '').split('\t');
    if (parts[0] !== key || parts.length !== n) throw new ManifestFormatError(i + 1, `expected "${key}"`);
    return parts;
  };
  const [, id, year] = field(1, 'campaign', 3);
  const [, drawDate] = field(2, 'draw-date', 2);
  const [, k] = field(3, 'k', 2);
  const m: Manifest = {
    campaignId: Number(id),
    year: Number(year),
    drawDate: drawDate ?? '',
    sampleSize: Number(k),
    units: [],
  };
  if (!Number.isInteger(m.sampleSize) || m.sampleSize < 1) throw new ManifestFormatError(4, 'bad k');
  for (let i = 4; i < lines.length; i++) {
    const parts = (lines[i] ?? '').split('\t');
    if (parts.length !== 3 || !parts[1]) throw new ManifestFormatError(i + 1, 'expected 3 fields');
    const [kind, code, name] = parts as [string, string, string];
    if (kind === 'unit') m.units.push({ code, name, teams: [] });
    else if (kind === 'team') {
      const unit = m.units.at(-1);
      if (!unit) throw new ManifestFormatError(i + 1, 'a team before any unit');
      unit.teams.push({ code, name });
    } else throw new ManifestFormatError(i + 1, `unknown record "${kind}"`);
  }
  return m;
}

/** Ordinal comparison by Unicode code point (not locale), so every tool sorts the same way. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface DrawnTeam extends ManifestTeam {
  /** SHA-256 of `"<seed>:<code>"`: the sort key anyone can recompute. */
  key: string;
  /** 1-based position in the unit's order. */
  rank: number;
  sampled: boolean;
}
export interface DrawnUnit {
  code: string;
  name: string;
  teams: DrawnTeam[];
}

/** The text hashed for a team's sort key. */
export const sampleKeyText = (seed: string, teamCode: string) => `${seed}:${teamCode}`;

/**
 * Draws the sample: per unit, the teams ordered by SHA-256 of `"<seed>:<code>"` ascending
 * (ties, impossible in practice, by code), the first `k` marked sampled.
 */
export async function drawSample(
  units: readonly ManifestUnit[],
  seed: string,
  k: number,
  sha256: Sha256,
): Promise<DrawnUnit[]> {
  const out: DrawnUnit[] = [];
  for (const u of units) {
    const keyed = await Promise.all(
      u.teams.map(async (t) => ({ ...t, key: await sha256(sampleKeyText(seed, t.code)) })),
    );
    keyed.sort((a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.code, b.code));
    out.push({
      code: u.code,
      name: u.name,
      teams: keyed.map((t, i) => ({ ...t, rank: i + 1, sampled: i < k })),
    });
  }
  return out;
}

/** A sampled ledger's score: 100 − Σ deductions (in hundredths), never below 0. */
export function ledgerScoreHundredths(deductionsHundredths: readonly number[]): number {
  const total = deductionsHundredths.reduce((s, d) => s + d, 0);
  return Math.max(0, 10000 - total);
}
