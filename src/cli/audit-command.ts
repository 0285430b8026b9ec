import { verifyAuditChain } from '../server/lib/audit.js';
import { type CliIo, processIo, withConfiguredDb } from './seed-command.js';

const USAGE = `usage: kaohe audit verify

  Recomputes the hash chain of the whole audit log and names the first row that was changed,
  removed or inserted out of order. Exit code 0 when the chain is intact, 1 when it is not.
`;

/** Below this many rows the check is over before a progress line could help. */
const PROGRESS_FROM_ROWS = 50_000;

/** `kaohe audit verify`; returns the exit code. */
export async function auditCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (sub !== 'verify' || rest.length > 0) {
    io.stderr.write(USAGE);
    return 1;
  }
  return withConfiguredDb(io, async ({ db, describe }) => {
    const total = Number(
      (
        await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const started = performance.now();
    let shown = false;
    let lastShown = 0;
    const result = await verifyAuditChain(db, (checked) => {
      if (total < PROGRESS_FROM_ROWS || performance.now() - lastShown < 1000) return;
      lastShown = performance.now();
      shown = true;
      const line = `校验中 / verifying: ${checked.toLocaleString('en')} / ${total.toLocaleString('en')} rows`;
      // On a terminal the line updates in place; in a log file each update is its own line.
      io.stderr.write(io.stderr.isTTY ? `\r${line}` : `${line}\n`);
    });
    if (shown && io.stderr.isTTY) io.stderr.write('\n');
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    if (result.ok) {
      io.stdout.write(`审计链完整 / audit chain intact: ${result.checked} rows (${describe}, ${secs} s)\n`);
      return 0;
    }
    io.stdout.write(
      `审计链断裂 / audit chain broken at seq ${result.firstBrokenSeq}: ${result.reason}\n` +
        `  ${result.checked} rows before it are intact (${describe})\n`,
    );
    return 1;
  });
}
