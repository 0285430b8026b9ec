import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportCellError, ImportResult } from '../contracts/io.js';
import type { Db } from '../db/kysely.js';
import { type Grant, isRole } from '../domain/access/roles.js';
import { type AuthUser, type Ctx, systemClock } from '../server/lib/context.js';
import { AppError } from '../server/lib/errors.js';
import { loadGrants } from '../server/modules/auth/auth.service.js';
import { importMembersFromXlsx, importOrgsFromXlsx } from '../server/modules/io/io.service.js';
import { type CliIo, processIo, withConfiguredDb } from './seed-command.js';

const USAGE = `usage: kaohe import orgs|members FILE [--dry-run] [--as ACCOUNT]

  Imports an .xlsx made from the template (数据导入 in the web app offers it for download).
  Every row is checked first; if any row has an error, every error is listed by row and
  column and nothing is written (exit code 1).
  --dry-run       check and preview only; nothing is written
  --as ACCOUNT    act as this user: their permissions apply and the audit log names them.
                  Default: the first active user holding admin at a root organisation.
`;

/** A user-facing failure: printed as is, exit code 1. */
class CliError extends Error {}

/**
 * The user the import acts as, with their grants, so that permissions and the audit log work
 * as for a person in the web app.
 */
async function actingUser(db: Db, account: string | undefined): Promise<AuthUser> {
  const base = db
    .selectFrom('app_user')
    .select(['app_user.id', 'app_user.account', 'app_user.display_name', 'app_user.member_id'])
    .where('app_user.active', '=', 1);
  const row = account
    ? await base.where('app_user.account', '=', account).executeTakeFirst()
    : await base
        .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
        .innerJoin('org', 'org.id', 'role_grant.org_id')
        .where('role_grant.role', '=', 'admin')
        .where('org.parent_id', 'is', null)
        // The party tree's root first ('party' < 'unit'): a grant there reaches both trees.
        .orderBy('org.tree')
        .orderBy('app_user.id')
        .executeTakeFirst();
  if (!row) {
    throw new CliError(
      account
        ? `找不到启用的账号 / no active account "${account}"`
        : '找不到根组织的系统管理员，请用 --as 指定账号 / no active admin of a root org; give --as ACCOUNT',
    );
  }
  const grants: Grant[] = (await loadGrants(db, row.id)).flatMap((g) =>
    isRole(g.role) ? [{ role: g.role, orgId: g.org_id }] : [],
  );
  return { id: row.id, account: row.account, displayName: row.display_name, memberId: row.member_id, grants };
}

/** A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise (logs, CI). */
function progressBar(io: CliIo) {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done: number, total: number) {
      const pct = total === 0 ? 100 : Math.floor((done * 100) / total);
      const text = `导入中 / importing  ${String(done).padStart(String(total).length)}/${total}  ${String(pct).padStart(3)}%`;
      if (io.stderr.isTTY) {
        const width = 30;
        const filled = Math.round((pct / 100) * width);
        io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
        drawn = true;
      } else if (Math.floor(pct / 10) > lastTenth || done === total) {
        lastTenth = Math.floor(pct / 10);
        io.stderr.write(`${text}\n`);
      }
    },
    finish() {
      if (drawn) io.stderr.write('\n');
      drawn = false;
    },
  };
}

/** One error as a person reads it in Excel: `第 7 行 C 列（性别）: …`. */
export function formatCellError(e: ImportCellError): string {
  return `第 ${e.row} 行 ${e.columnLetter} 列（${e.header}）: ${e.messages['zh-CN']}`;
}

function printErrors(io: CliIo, errors: ImportCellError[], count: number, rows: number, total: number) {
  for (const e of errors) io.stderr.write(`${formatCellError(e)}\n`);
  io.stderr.write(
    `\n${count} 处错误，涉及 ${rows}/${total} 行；未导入任何数据。\n` +
      `${count} error(s) in ${rows} of ${total} rows; nothing was imported.\n`,
  );
}

/** `kaohe import orgs|members FILE [--dry-run] [--as ACCOUNT]`; returns the exit code. */
export async function importCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  let values: { 'dry-run'?: boolean; as?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        as: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const [kind, file] = positionals;
  if ((kind !== 'orgs' && kind !== 'members') || !file || positionals.length > 2) {
    io.stderr.write(USAGE);
    return 2;
  }
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (e) {
    io.stderr.write(`无法读取文件 / cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const dryRun = values['dry-run'] ?? false;
  const run = kind === 'orgs' ? importOrgsFromXlsx : importMembersFromXlsx;

  try {
    return await withConfiguredDb(io, async (handle, config) => {
      const user = await actingUser(handle.db, values.as);
      const ctx: Ctx = {
        db: handle.db,
        dialect: handle.dialect,
        clock: systemClock,
        dataDir: config.dataDir,
        user,
        locale: 'zh-CN',
      };
      io.stderr.write(`读取并校验 / reading and checking ${path.basename(file)} as ${user.account} …\n`);
      const bar = progressBar(io);
      const started = performance.now();
      let result: ImportResult;
      try {
        result = await run(ctx, buffer, {
          commit: !dryRun,
          onProgress: (d, t) => bar.update(d, t),
          maxErrors: Number.POSITIVE_INFINITY,
        });
      } finally {
        bar.finish();
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (result.errorCount > 0) {
        printErrors(io, result.errors, result.errorCount, result.total - result.valid, result.total);
        return 1;
      }
      io.stdout.write(
        dryRun
          ? `校验通过 / all ${result.total} rows pass (${seconds} s); --dry-run: nothing written\n`
          : `已导入 / imported ${result.imported} ${kind} in ${seconds} s (${handle.describe})\n`,
      );
      return 0;
    });
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr.write(`${e.message}\n`);
      return 1;
    }
    if (e instanceof AppError) {
      const d = e.details as
        | { errors?: ImportCellError[]; errorCount?: number; total?: number; valid?: number }
        | undefined;
      if (e.code === 'import_has_errors' && d?.errors) {
        const total = d.total ?? 0;
        printErrors(io, d.errors, d.errorCount ?? d.errors.length, total - (d.valid ?? 0), total);
      } else {
        io.stderr.write(`${e.code}: ${e.messageIn('zh-CN')} / ${e.messageIn('en')}\n`);
        if (e.details !== undefined) io.stderr.write(`${JSON.stringify(e.details)}\n`);
      }
      return 1;
    }
    throw e;
  }
}
