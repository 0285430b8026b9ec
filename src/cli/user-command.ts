import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { userCreateBody } from '../contracts/user.js';
import type { Db, DbOrTrx } from '../db/kysely.js';
import type { OrgRow } from '../db/types.js';
import { isAcceptablePassword } from '../domain/access/password-policy.js';
import { isRole, type Role, roles } from '../domain/access/roles.js';
import { type Actor, appendAudit } from '../server/lib/audit.js';
import { hashPassword } from '../server/modules/auth/password.js';
import { findOrgByCode } from '../server/modules/org/org.repo.js';
import { type CliIo, processIo, withConfiguredDb } from './seed-command.js';

/** Audit rows written from the shell name the command line as their actor, not a person or the app. */
export const cliActor: Actor = { id: null, account: 'cli' };

const USAGE = `usage: kaohe user create ACCOUNT --name NAME [--role ROLE --org ORGCODE]... [--member EMPLOYEE_NO] [--password P]
       kaohe user reset-password ACCOUNT [--password P]

  The password comes from --password, else from the KAOHE_NEW_PASSWORD environment variable,
  else one is generated and printed once. Either way the user must change it at first login.
  --role ROLE --org ORGCODE   grant ROLE at the org with that code (party tree first, then units);
                              repeat the pair for more grants. Roles: ${roles.join(', ')}
  --member EMPLOYEE_NO        link the account to that member (工号); "--role member" without
                              --org then means the member's own branch
`;

/** A user-facing failure: printed as is, exit code 1. */
class CliError extends Error {}

// No 0/O, 1/l/I: the password may be read aloud or copied from paper.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function generatePassword(): string {
  for (;;) {
    const pw = Array.from({ length: 14 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(
      '',
    );
    if (isAcceptablePassword(pw)) return pw;
  }
}

/** Where the new password comes from; a generated one must be shown to the operator. */
function choosePassword(given: string | undefined, io: CliIo): { password: string; generated: boolean } {
  if (given !== undefined) {
    io.stderr.write(
      '注意 / note: a password on the command line stays in shell history; prefer KAOHE_NEW_PASSWORD.\n',
    );
  }
  const password = given ?? io.env.KAOHE_NEW_PASSWORD;
  if (password === undefined || password === '') return { password: generatePassword(), generated: true };
  if (!isAcceptablePassword(password)) {
    throw new CliError('密码不符合要求 / the password needs at least 8 characters with letters and digits');
  }
  return { password, generated: false };
}

/** `kaohe user create …` and `kaohe user reset-password …`; returns the exit code. */
export async function userCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'create') return await createCommand(rest, io);
    if (sub === 'reset-password') return await resetCommand(rest, io);
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    io.stderr.write(`${sub ? `unknown user command: ${sub}\n\n` : ''}${USAGE}`);
    return 1;
  } catch (e) {
    // parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS code.
    if (e instanceof CliError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}

interface GrantRequest {
  role: string;
  org?: string;
}

async function createCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      name: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', multiple: true },
      org: { type: 'string', multiple: true },
      member: { type: 'string' },
    },
  });
  const [account, ...extra] = positionals;
  if (!account || extra.length > 0) throw new CliError(`give exactly one ACCOUNT\n\n${USAGE}`);
  const accountCheck = userCreateBody.shape.account.safeParse(account);
  if (!accountCheck.success)
    throw new CliError(`账号不合法 / invalid account "${account}": 2–64 letters, digits, _ . @ -`);
  const nameCheck = userCreateBody.shape.displayName.safeParse(values.name ?? '');
  if (!nameCheck.success)
    throw new CliError('请用 --name 给出姓名 / give the display name with --name (1–50 characters)');

  // Pair each --role with the --org that follows it, in the order they were typed.
  const requests: GrantRequest[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'role') requests.push({ role: t.value });
    if (t.name === 'org') {
      const open = requests.at(-1);
      if (!open || open.org !== undefined) throw new CliError(`--org ${t.value} must follow a --role`);
      open.org = t.value;
    }
  }
  for (const r of requests) {
    if (!isRole(r.role))
      throw new CliError(`未知角色 / unknown role "${r.role}"; roles are: ${roles.join(', ')}`);
  }
  const { password, generated } = choosePassword(values.password, io);
  const hash = await hashPassword(password);

  return withConfiguredDb(io, async ({ db }) => {
    const created = await db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('app_user').select('id').where('account', '=', account).executeTakeFirst()) {
        throw new CliError(`账号已存在 / the account "${account}" already exists`);
      }
      const member = values.member ? await findMember(trx, values.member) : null;
      const grants: { role: Role; org: OrgRow }[] = [];
      for (const r of requests) {
        const org =
          r.org !== undefined ? await findOrgForGrant(trx, r.org) : await memberBranch(trx, r.role, member);
        if (grants.some((g) => g.role === r.role && g.org.id === org.id)) continue;
        grants.push({ role: r.role as Role, org });
      }
      const at = new Date().toISOString();
      const user = await trx
        .insertInto('app_user')
        .values({
          account,
          display_name: nameCheck.data,
          password_hash: hash,
          member_id: member?.id ?? null,
          active: 1,
          must_change_password: 1,
          locale: null,
          password_changed_at: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (grants.length > 0) {
        await trx
          .insertInto('role_grant')
          .values(
            grants.map((g) => ({
              user_id: user.id,
              role: g.role,
              org_id: g.org.id,
              granted_by: null,
              granted_at: at,
            })),
          )
          .execute();
      }
      await appendAudit(trx, cliActor, at, [
        {
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          after: { account, displayName: nameCheck.data, memberId: member?.id ?? null },
        },
        ...grants.map((g) => ({
          action: 'grant.create',
          entityType: 'user',
          entityId: user.id,
          orgId: g.org.id,
          after: { role: g.role, orgId: g.org.id },
        })),
      ]);
      return { id: user.id, grants, member };
    });
    io.stdout.write(`已创建账号 / created user ${account} (id ${created.id}, ${nameCheck.data})\n`);
    if (created.member)
      io.stdout.write(`  linked to member ${created.member.employee_no} ${created.member.name}\n`);
    for (const g of created.grants) io.stdout.write(`  ${g.role} @ ${g.org.code} ${g.org.name}\n`);
    if (created.grants.length === 0)
      io.stdout.write('  no roles yet: grant them in the web app or with --role/--org\n');
    printPassword(io, password, generated);
    return 0;
  });
}

function printPassword(io: CliIo, password: string, generated: boolean) {
  if (generated) {
    io.stdout.write(
      `初始密码 / initial password: ${password}\n  (shown only now; the user must change it at first login)\n`,
    );
  } else {
    io.stdout.write('  the user must change the password at first login\n');
  }
}

async function findMember(db: DbOrTrx, employeeNo: string) {
  const m = await db
    .selectFrom('member')
    .select(['id', 'employee_no', 'name', 'branch_id', 'active'])
    .where('employee_no', '=', employeeNo)
    .executeTakeFirst();
  if (!m) throw new CliError(`找不到工号 / no member with employee number "${employeeNo}"`);
  if (!m.active) throw new CliError(`member ${employeeNo} is no longer active`);
  const linked = await db
    .selectFrom('app_user')
    .select('account')
    .where('member_id', '=', m.id)
    .executeTakeFirst();
  if (linked) throw new CliError(`member ${employeeNo} already has the account "${linked.account}"`);
  return m;
}

/** Codes are unique within a tree; a grant names a party org unless only a unit has the code. */
async function findOrgForGrant(db: DbOrTrx, code: string): Promise<OrgRow> {
  const org = (await findOrgByCode(db, 'party', code)) ?? (await findOrgByCode(db, 'unit', code));
  if (!org) throw new CliError(`找不到组织编码 / no org with code "${code}"`);
  if (org.active_to) throw new CliError(`org ${code} (${org.name}) is no longer active`);
  return org;
}

async function memberBranch(
  db: DbOrTrx,
  role: string,
  member: { branch_id: number | null; employee_no: string } | null,
): Promise<OrgRow> {
  if (role !== 'member' || !member) throw new CliError(`--role ${role} needs an --org ORGCODE after it`);
  const branch =
    member.branch_id == null
      ? undefined
      : await db.selectFrom('org').selectAll().where('id', '=', member.branch_id).executeTakeFirst();
  if (!branch)
    throw new CliError(`member ${member.employee_no} has no branch; give --org for the member role`);
  return branch;
}

async function resetCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { password: { type: 'string' } },
  });
  const [account, ...extra] = positionals;
  if (!account || extra.length > 0) throw new CliError(`give exactly one ACCOUNT\n\n${USAGE}`);
  const { password, generated } = choosePassword(values.password, io);
  const hash = await hashPassword(password);
  return withConfiguredDb(io, async ({ db }) => {
    const r = await resetPassword(db, account, hash);
    io.stdout.write(
      `已重置密码 / password reset for ${account}: ended ${r.sessions} session(s), cleared ${r.failures} failed login(s)\n`,
    );
    if (!r.active)
      io.stdout.write(
        '  注意 / note: the account is disabled; enable it in the web app before it can log in\n',
      );
    printPassword(io, password, generated);
    return 0;
  });
}

/**
 * Sets a new password hash that must be changed at next login, ends the user's sessions and
 * clears their failed-login throttle (a locked-out user is the usual reason for a reset).
 */
async function resetPassword(db: Db, account: string, hash: string) {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'active'])
      .where('account', '=', account)
      .executeTakeFirst();
    if (!user) throw new CliError(`找不到账号 / no account "${account}"`);
    const at = new Date().toISOString();
    await trx
      .updateTable('app_user')
      .set({ password_hash: hash, must_change_password: 1, password_changed_at: at, updated_at: at })
      .where('id', '=', user.id)
      .execute();
    const sessions = await trx.deleteFrom('session').where('user_id', '=', user.id).executeTakeFirst();
    const failures = await trx
      .deleteFrom('login_attempt')
      .where('account', '=', account)
      .where('success', '=', 0)
      .executeTakeFirst();
    const counts = { sessions: Number(sessions.numDeletedRows), failures: Number(failures.numDeletedRows) };
    await appendAudit(trx, cliActor, at, [
      {
        action: 'user.reset_password',
        entityType: 'user',
        entityId: user.id,
        after: { sessionsEnded: counts.sessions },
      },
    ]);
    return { ...counts, active: user.active === 1 };
  });
}
