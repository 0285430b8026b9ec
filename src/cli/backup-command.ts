import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { isPostgresUrl, sqliteHandleOf } from '../db/kysely.js';
import { loadConfig } from '../server/config.js';
import { type CliIo, processIo } from './seed-command.js';

const USAGE = `usage: kaohe backup FILE [--force]

  Copies the SQLite database to FILE while the app keeps running (SQLite's online backup),
  then checks the copy. --force overwrites an existing FILE.
  For PostgreSQL it prints the pg_dump command to use instead.
`;

/** Pages copied per step: big enough to finish quickly, small enough to let the app write between steps. */
const PAGES_PER_STEP = 2_000;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The URL with its password replaced, for printing. */
export function maskedUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** `kaohe backup FILE [--force]`; returns the exit code. */
export async function backupCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  let parsed: { values: { force?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.stderr.write(USAGE);
    return 1;
  }
  const { databaseUrl } = loadConfig(io.env);

  if (isPostgresUrl(databaseUrl)) {
    // Shelling out would need pg_dump of the server's major version on this machine and the
    // password on a command line; the operator's own pg_dump with PGPASSWORD/.pgpass is better.
    const u = new URL(databaseUrl);
    const schema = u.searchParams.get('schema');
    u.searchParams.delete('schema');
    io.stderr.write(
      'PostgreSQL 数据库请用 pg_dump 备份 / back up a PostgreSQL database with pg_dump:\n\n' +
        `  pg_dump --format=custom --file=${JSON.stringify(file)}${schema ? ` --schema=${schema}` : ''} '${maskedUrl(u.toString())}'\n\n` +
        'The password is masked here: give it through PGPASSWORD or ~/.pgpass, not on the command line.\n' +
        'Restore with pg_restore --dbname=URL FILE (see README, "Backup").\n',
    );
    return 1;
  }

  if (databaseUrl === ':memory:') {
    io.stderr.write('an in-memory database cannot be backed up\n');
    return 1;
  }
  const source = path.resolve(databaseUrl);
  const target = path.resolve(file);
  if (!fs.existsSync(source)) {
    io.stderr.write(`no database at ${source}\n`);
    return 1;
  }
  if (target === source) {
    io.stderr.write('the backup file must not be the database itself\n');
    return 1;
  }
  if (fs.existsSync(target) && !parsed.values.force) {
    io.stderr.write(`${target} exists; add --force to overwrite it\n`);
    return 1;
  }
  if (!fs.existsSync(path.dirname(target))) {
    io.stderr.write(`directory ${path.dirname(target)} does not exist\n`);
    return 1;
  }

  const started = performance.now();
  const sqlite = sqliteHandleOf(source);
  let pages = 0;
  try {
    // Pages the app writes meanwhile are picked up: SQLite restarts or continues the copy so
    // the file is one consistent snapshot.
    const done = await sqlite.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        pages = totalPages;
        // Called before each step: the count is what the earlier steps copied.
        if (remainingPages < totalPages)
          io.stderr.write(`  pages ${totalPages - remainingPages} / ${totalPages}\n`);
        return PAGES_PER_STEP;
      },
    });
    pages = done.totalPages;
    io.stderr.write(`  pages ${pages} / ${pages}\n`);
  } finally {
    sqlite.close();
  }
  const copy = new SQLite(target, { readonly: true });
  let check: string;
  try {
    check = String(copy.pragma('quick_check', { simple: true }));
  } finally {
    copy.close();
  }
  const size = fs.statSync(target).size;
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (check !== 'ok') {
    io.stderr.write(`the copy failed its integrity check: ${check}\n`);
    return 1;
  }
  io.stdout.write(
    `已备份 / backed up ${source}\n  → ${target}: ${pages} pages, ${megabytes(size)}, quick_check ok, ${secs} s\n`,
  );
  return 0;
}
