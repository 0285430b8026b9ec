import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { drawSample, isValidSeed, parseManifest } from '../domain/inspection/sampling.js';
import { checkBallotAnonymity } from '../server/modules/inspection-ballots/anonymity-check.js';
import { type CliIo, processIo, withConfiguredDb } from './seed-command.js';

const USAGE = `usage: kaohe inspection redraw --seed SEED --manifest FILE
       kaohe inspection anonymity-check

  redraw            re-draws the ledger sample of an annual inspection from its published seed and
                    manifest file (no database needed): prints the manifest's SHA-256 and, per unit,
                    every team with its SHA-256("<seed>:<team code>") in order, the sampled ones marked *
  anonymity-check   checks the configured database for any link between a ballot code and a person,
                    an order, a time or the counts (exit code 0 when every check passes)
`;

const sha256 = async (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** `kaohe inspection redraw | anonymity-check`; returns the exit code. */
export async function inspectionCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'redraw') return redraw(rest, io);
  if (sub === 'anonymity-check' && rest.length === 0) return anonymityCheck(io);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  io.stderr.write(USAGE);
  return 1;
}

async function redraw(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'string' }, manifest: { type: 'string' } },
  });
  if (!values.seed || !values.manifest || !isValidSeed(values.seed)) {
    io.stderr.write(USAGE);
    return 1;
  }
  const text = fs.readFileSync(values.manifest, 'utf8');
  const manifest = parseManifest(text);
  io.stdout.write(
    `manifest SHA-256: ${await sha256(text)}\nseed: ${values.seed}\nk: ${manifest.sampleSize}\n`,
  );
  const drawn = await drawSample(manifest.units, values.seed, manifest.sampleSize, sha256);
  for (const u of drawn) {
    io.stdout.write(`\n${u.code}\t${u.name}\n`);
    for (const t of u.teams)
      io.stdout.write(`${t.sampled ? '*' : ' '} ${t.rank}\t${t.key}\t${t.code}\t${t.name}\n`);
  }
  return 0;
}

async function anonymityCheck(io: CliIo): Promise<number> {
  return withConfiguredDb(io, async ({ db, dialect, describe }) => {
    const findings = await checkBallotAnonymity(db, dialect);
    io.stdout.write(`数据库 / database: ${describe}\n`);
    for (const f of findings) io.stdout.write(`${f.ok ? 'ok  ' : 'FAIL'}  ${f.check}: ${f.detail}\n`);
    const failed = findings.filter((f) => !f.ok).length;
    io.stdout.write(failed ? `${failed} check(s) failed\n` : 'every check passed\n');
    return failed ? 1 : 0;
  });
}
