import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  drawSample,
  isValidSeed,
  ledgerScoreHundredths,
  type Manifest,
  parseManifest,
  serializeManifest,
} from './sampling.js';

const sha256 = async (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

describe('drawSample', () => {
  // Orders computed by hand with `printf '20261207:T01' | sha256sum` etc.:
  // T04 3084f1…, T02 443f71…, T05 86119a…, T01 9fdcee…, T03 fd0efe…
  const teams = ['T01', 'T02', 'T03', 'T04', 'T05'].map((code) => ({ code, name: code }));

  it('orders teams by the SHA-256 of "<seed>:<code>" and takes the first k', async () => {
    const [unit] = await drawSample([{ code: 'U1', name: 'U1', teams }], '20261207', 3, sha256);
    expect(unit?.teams.map((t) => t.code)).toEqual(['T04', 'T02', 'T05', 'T01', 'T03']);
    expect(unit?.teams.filter((t) => t.sampled).map((t) => t.code)).toEqual(['T04', 'T02', 'T05']);
    expect(unit?.teams[0]?.key).toBe('3084f109464b96feed1fbf5f025863a47e137c496904ac1ce19f25a96c6509fb');
    expect(unit?.teams.map((t) => t.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes all teams of a unit with k or fewer, and none of a unit with none', async () => {
    const drawn = await drawSample(
      [
        { code: 'U1', name: 'U1', teams: teams.slice(0, 2) },
        { code: 'U2', name: 'U2', teams: [] },
      ],
      '20261207',
      3,
      sha256,
    );
    expect(drawn[0]?.teams.map((t) => [t.code, t.sampled])).toEqual([
      ['T02', true],
      ['T01', true],
    ]);
    expect(drawn[1]?.teams).toEqual([]);
  });

  it('is a function of the seed and the set of teams only (input order does not matter)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[A-Z0-9]{1,6}$/), { maxLength: 12 }),
        fc.stringMatching(/^[0-9]{1,10}$/),
        fc.integer({ min: 1, max: 5 }),
        async (codes, seed, k) => {
          const ts = codes.map((code) => ({ code, name: code }));
          const a = await drawSample([{ code: 'U', name: 'U', teams: ts }], seed, k, sha256);
          const b = await drawSample([{ code: 'U', name: 'U', teams: [...ts].reverse() }], seed, k, sha256);
          expect(a).toEqual(b);
          const sampled = a[0]?.teams.filter((t) => t.sampled) ?? [];
          expect(sampled.length).toBe(Math.min(k, codes.length));
          // Every sampled key is below every key left out.
          const out = a[0]?.teams.filter((t) => !t.sampled) ?? [];
          for (const s of sampled) for (const o of out) expect(s.key < o.key).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the manifest', () => {
  const m: Manifest = {
    campaignId: 7,
    year: 2026,
    drawDate: '2026-12-07',
    sampleSize: 3,
    units: [
      {
        code: 'U1',
        name: '运维检修部',
        teams: [
          { code: 'T02', name: '变电二班' },
          { code: 'T01', name: '变电一班' },
        ],
      },
      { code: 'U2', name: '营销部', teams: [] },
    ],
  };

  it('serialises to the documented line format, teams by code, and hashes like sha256sum', async () => {
    const text = serializeManifest(m);
    expect(text).toBe(
      'kaohe-ledger-manifest 1\ncampaign\t7\t2026\ndraw-date\t2026-12-07\nk\t3\n' +
        'unit\tU1\t运维检修部\nteam\tT01\t变电一班\nteam\tT02\t变电二班\nunit\tU2\t营销部\n',
    );
    // printf '<the text above>' | sha256sum
    expect(await sha256(text)).toBe('a71468d51e6ad935ffc5ef326c159af1e85394348b4de3f72fe1ce44e43ef806');
  });

  it('reads back what it wrote, CRLF included, and names the line of a broken one', () => {
    const text = serializeManifest(m);
    const back = parseManifest(text);
    expect(serializeManifest(back)).toBe(text);
    expect(parseManifest(text.replace(/\n/g, '\r\n'))).toEqual(back);
    expect(() => parseManifest(text.replace('team\tT01', 'tea\tT01'))).toThrow(/line 6/);
    expect(() => parseManifest('hello')).toThrow(/line 1/);
  });

  it('keeps tabs and line breaks of names from breaking the format', () => {
    const text = serializeManifest({ ...m, units: [{ code: 'U', name: 'a\tb\nc', teams: [] }] });
    expect(parseManifest(text).units[0]?.name).toBe('a b c');
  });
});

describe('seeds and ledger scores', () => {
  it('accepts digits and letters, refuses spaces, colons and empty seeds', () => {
    expect(isValidSeed('20261207')).toBe(true);
    expect(isValidSeed('A-7')).toBe(true);
    expect(isValidSeed('')).toBe(false);
    expect(isValidSeed('1:2')).toBe(false);
    expect(isValidSeed('1 2')).toBe(false);
  });

  it('scores 100 − Σ deductions, never below 0', () => {
    expect(ledgerScoreHundredths([])).toBe(10000);
    expect(ledgerScoreHundredths([250, 1000])).toBe(8750);
    expect(ledgerScoreHundredths([6000, 6000])).toBe(0);
  });
});
