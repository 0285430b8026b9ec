import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../server/test/harness.js';
import { inspectionCommand } from './inspection-command.js';
import type { CliIo } from './seed-command.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-insp-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function captureIo(env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIo = {
    env: { KAOHE_DATA_DIR: dir, ...env },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  };
  return { io, out: () => out, err: () => err };
}

describe('kaohe inspection redraw', () => {
  it('re-draws from the seed and the manifest file alone, in the hand-computed SHA-256 order', async () => {
    const file = path.join(dir, 'manifest.txt');
    fs.writeFileSync(
      file,
      'kaohe-ledger-manifest 1\ncampaign\t7\t2026\ndraw-date\t2026-12-07\nk\t3\nunit\tU1\t运维检修部\n' +
        ['T01', 'T02', 'T03', 'T04', 'T05'].map((c) => `team\t${c}\t班组${c}\n`).join(''),
    );
    const c = captureIo();
    expect(await inspectionCommand(['redraw', '--seed', '20261207', '--manifest', file], c.io)).toBe(0);
    const lines = c.out().split('\n');
    const teamLines = lines.filter((l) => /^[* ] \d/.test(l));
    // printf '20261207:T04' | sha256sum → 3084f1…, then T02 443f71…, T05 86119a…, T01 9fdcee…, T03 fd0efe…
    expect(teamLines.map((l) => l.split('\t')[2])).toEqual(['T04', 'T02', 'T05', 'T01', 'T03']);
    expect(teamLines.filter((l) => l.startsWith('*'))).toHaveLength(3);
    expect(c.out()).toContain('3084f109464b96feed1fbf5f025863a47e137c496904ac1ce19f25a96c6509fb');
  });

  it('refuses a missing or malformed seed', async () => {
    const c = captureIo();
    expect(await inspectionCommand(['redraw', '--seed', 'a b', '--manifest', 'x'], c.io)).toBe(1);
    expect(c.err()).toContain('usage');
  });
});

describe('kaohe inspection anonymity-check', () => {
  it('passes on a clean database and fails when a table links a person to a code', async () => {
    const tdb = await createTestDb();
    try {
      const ok = captureIo({ KAOHE_DATABASE_URL: tdb.url });
      expect(await inspectionCommand(['anonymity-check'], ok.io)).toBe(0);
      expect(ok.out()).toContain('every check passed');
      await sql`create table handed_out (member_id integer, code_hash text)`.execute(tdb.handle.db);
      const bad = captureIo({ KAOHE_DATABASE_URL: tdb.url });
      expect(await inspectionCommand(['anonymity-check'], bad.io)).toBe(1);
      expect(bad.out()).toContain('FAIL  no other table holds a ballot code or its hash: handed_out');
    } finally {
      await tdb.drop();
    }
  });
});
