import { parseArgs } from 'node:util';
import { type DatabaseHandle, isPostgresUrl, migrateToLatest, openDatabase } from '../db/kysely.js';
import { type Config, loadConfig } from '../server/config.js';
import {
  DatabaseNotEmptyError,
  DEMO_PASSWORD,
  demoAccounts,
  otherSecretariesLine,
  seedDemo,
} from './seed-demo.js';
import { SCALES, type Scale, ScaleNeedsPostgresError, seedScale } from './seed-scale.js';

/**
 * What a command touches of its process: the environment it is configured from and the two
 * output streams. Tests pass their own to capture the output; `kaohe` passes the real ones.
 */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** The real process: its environment, stdout and stderr. */
export const processIo = (): CliIo => ({ env: process.env, stdout: process.stdout, stderr: process.stderr });

/** Opens and migrates the configured database, runs `fn`, and always closes the database. */
export async function withConfiguredDb<T>(
  io: CliIo,
  fn: (handle: DatabaseHandle, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    return await fn(handle, config);
  } finally {
    await handle.close();
  }
}

const USAGE = `usage: kaohe seed --demo
       kaohe seed --scale bureau|province|group [--members N] [--force]

  --demo              load the demo bureau (滨海供电公司) into an empty database
  --scale bureau      generate 5,000 members in 300 branches (SPEC §8)
  --scale province    generate 100,000 members in 6,000 branches
  --scale group       generate 1,000,000 members in 60,000 branches (PostgreSQL only)
  --members N         with --scale: N members instead, in the scale's shape (branches in proportion)
  --force             with --scale: generate beside the orgs already in the database
`;

const SQLITE_REFUSAL =
  '集团规模只能生成在 PostgreSQL 上，未写入任何数据 / --scale group runs on PostgreSQL only; nothing was written.\n' +
  'Set KAOHE_DATABASE_URL=postgres://… (a group of 1,000,000 members is not meant for the embedded SQLite file).\n';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `kaohe seed --demo | --scale bureau|province|group [--members N] [--force]`; returns the exit code. */
export async function seedCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  let values: { demo?: boolean; scale?: string; members?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        demo: { type: 'boolean' },
        scale: { type: 'string' },
        members: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const scale = values.scale;
  if (
    (values.demo ?? false) === (scale !== undefined) ||
    (scale !== undefined && !SCALES.includes(scale as Scale))
  ) {
    io.stderr.write(`give either --demo or --scale bureau|province|group\n\n${USAGE}`);
    return 1;
  }
  if (values.demo && (values.force || values.members !== undefined)) {
    io.stderr.write(
      '--force and --members apply to --scale only: the demo is loaded into an empty database\n',
    );
    return 1;
  }
  const members = values.members === undefined ? undefined : Number(values.members);
  if (members !== undefined && !(Number.isInteger(members) && members > 0)) {
    io.stderr.write(`--members takes a positive whole number, not ${values.members}\n`);
    return 1;
  }
  if (scale === 'group' && !isPostgresUrl(loadConfig(io.env).databaseUrl)) {
    io.stderr.write(SQLITE_REFUSAL);
    return 1;
  }

  try {
    return await withConfiguredDb(io, async (handle) => {
      const started = performance.now();
      if (values.demo) {
        const r = await seedDemo(handle.db);
        io.stdout.write(
          `已载入演示数据 / demo data loaded in ${seconds(performance.now() - started)}\n${r.summary}\n` +
            `数据库 / database: ${handle.describe}\n\n演示账号 / demo accounts (password ${DEMO_PASSWORD}):\n`,
        );
        for (const a of demoAccounts) io.stdout.write(`  ${a.account.padEnd(12)} ${a.label}\n`);
        io.stdout.write(`${otherSecretariesLine}\n`);
        return 0;
      }
      const r = await seedScale(handle.db, scale as Scale, {
        force: values.force ?? false,
        ...(members === undefined ? {} : { members }),
        onProgress: (msg) => io.stderr.write(`  ${msg}\n`),
      });
      io.stdout.write(
        `已生成 / generated ${scale}: ${r.orgs.toLocaleString('en')} orgs, ${r.members.toLocaleString('en')} members ` +
          `(${r.branches.toLocaleString('en')} branches) in ${seconds(r.ms)}\n数据库 / database: ${handle.describe}\n`,
      );
      return 0;
    });
  } catch (e) {
    if (e instanceof ScaleNeedsPostgresError) {
      io.stderr.write(SQLITE_REFUSAL);
      return 1;
    }
    if (e instanceof DatabaseNotEmptyError) {
      io.stderr.write(
        `数据库不是空的，未写入任何数据 / the database is not empty (${e.orgs} organisations); nothing was written.\n` +
          (values.demo
            ? 'The demo loads only into an empty database: point KAOHE_DATA_DIR or KAOHE_DATABASE_URL at a new one.\n'
            : 'Point KAOHE_DATA_DIR or KAOHE_DATABASE_URL at a new database, or add --force to generate beside the existing orgs.\n'),
      );
      return 1;
    }
    throw e;
  }
}
