import { parseArgs } from 'node:util';

/**
 * `kaohe` — one command for operators. Each sub-command lives in its own file and is loaded
 * only when used, so `kaohe --help` stays instant.
 */
const commands: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  serve: {
    summary:
      'serve [--demo]              start the web app (migrates first; --demo loads demo data into an empty database)',
    run: async (argv) => {
      const { values } = parseArgs({ args: argv, options: { demo: { type: 'boolean', default: false } } });
      const { serve } = await import('../server/main.js');
      if (!values.demo) {
        await serve();
        return -1; // keeps running
      }
      // The server knows nothing of the demo: the CLI seeds before it starts and prints the accounts after.
      const { demoAccounts, DEMO_PASSWORD, otherSecretariesLine, seedDemoIfEmpty } = await import(
        './seed-demo.js'
      );
      await serve({
        prepare: async (db) => {
          const seeded = await seedDemoIfEmpty(db);
          if (seeded) process.stdout.write(`已载入演示数据 / demo data loaded: ${seeded.summary}\n`);
        },
        onListening: () => {
          process.stdout.write(`演示账号 / demo accounts (password ${DEMO_PASSWORD}):\n`);
          for (const a of demoAccounts) process.stdout.write(`  ${a.account.padEnd(12)} ${a.label}\n`);
          process.stdout.write(`${otherSecretariesLine}\n`);
        },
      });
      return -1; // keeps running
    },
  },
  migrate: {
    summary: 'migrate                     bring the database schema up to date',
    run: async () => {
      const { loadConfig } = await import('../server/config.js');
      const { openDatabase, migrateToLatest } = await import('../db/kysely.js');
      const handle = openDatabase(loadConfig().databaseUrl);
      const done = await migrateToLatest(handle.db);
      process.stdout.write(done.length ? `applied: ${done.join(', ')}\n` : 'schema is up to date\n');
      await handle.close();
      return 0;
    },
  },
  seed: {
    summary: 'seed --demo | --scale bureau|province   load demo data, or generated data at SPEC §8 sizes',
    run: async (argv) => (await import('./seed-command.js')).seedCommand(argv),
  },
  import: {
    summary: 'import orgs|members FILE    import an xlsx made from the template (all rows or none)',
    run: async (argv) => (await import('./import-command.js')).importCommand(argv),
  },
  user: {
    summary: 'user create|reset-password  manage accounts from the shell',
    run: async (argv) => (await import('./user-command.js')).userCommand(argv),
  },
  audit: {
    summary: 'audit verify                check the audit log hash chain; names the first broken row',
    run: async (argv) => (await import('./audit-command.js')).auditCommand(argv),
  },
  backup: {
    summary: 'backup FILE                 online backup of the SQLite database (PostgreSQL: see README)',
    run: async (argv) => (await import('./backup-command.js')).backupCommand(argv),
  },
  inspection: {
    summary:
      'inspection redraw|anonymity-check  re-draw a ledger sample; check ballot anonymity in the database',
    run: async (argv) => (await import('./inspection-command.js')).inspectionCommand(argv),
  },
  bench: {
    summary: 'bench [--scale province]    run the benchmarks and print their figures',
    run: async (argv) => (await import('../../bench/run.js')).benchCommand(argv),
  },
};

function usage(): string {
  return [
    'kaohe — 党建考核管理平台 command line',
    '',
    'usage: kaohe <command> [options]',
    '',
    ...Object.values(commands).map((c) => `  ${c.summary}`),
    '',
    'Configuration comes from the environment: KAOHE_DATABASE_URL, KAOHE_DATA_DIR, PORT (see README).',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`unknown command: ${name}\n\n${usage()}\n`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
