import type { DbOrTrx } from '../../../db/kysely.js';
import type { OrgRow } from '../../../db/types.js';
import type { Role } from '../../../domain/access/roles.js';
import type { OrgKind } from '../../../domain/org/tree.js';
import { treeOfKind } from '../../../domain/org/tree.js';
import { appendAudit } from '../../lib/audit.js';
import { hashPassword } from '../auth/password.js';
import { insertGrant, insertOrg, insertUser } from './org.repo.js';

/**
 * Writes that run with no logged-in user: the first root and first admin of a new
 * installation (`kaohe seed`, `kaohe user create`) and test factories. Each still writes its
 * audit row, with the system as actor.
 */
export const systemActor = { id: null, account: 'system' } as const;

export async function bootstrapOrg(
  db: DbOrTrx,
  input: {
    kind: OrgKind;
    code: string;
    name: string;
    parentId: number | null;
    sortOrder?: number;
    activeFrom?: string;
    linkedUnitId?: number | null;
  },
  at = new Date().toISOString(),
): Promise<OrgRow> {
  const row = await insertOrg(db, {
    tree: treeOfKind(input.kind),
    kind: input.kind,
    code: input.code,
    name: input.name,
    parent_id: input.parentId,
    sort_order: input.sortOrder ?? 0,
    active_from: input.activeFrom ?? at.slice(0, 10),
    active_to: null,
    linked_unit_id: input.linkedUnitId ?? null,
    created_at: at,
    updated_at: at,
  });
  await appendAudit(db, systemActor, at, [
    {
      action: 'org.create',
      entityType: 'org',
      entityId: row.id,
      orgId: row.id,
      after: { code: row.code, name: row.name, kind: row.kind, parentId: row.parent_id },
    },
  ]);
  return row;
}

export async function bootstrapUser(
  db: DbOrTrx,
  input: {
    account: string;
    displayName: string;
    password?: string;
    passwordHash?: string;
    memberId?: number | null;
    grants?: { role: Role; orgId: number }[];
    mustChangePassword?: boolean;
  },
  at = new Date().toISOString(),
): Promise<number> {
  const hash = input.passwordHash ?? (await hashPassword(input.password ?? ''));
  const u = await insertUser(db, {
    account: input.account,
    display_name: input.displayName,
    password_hash: hash,
    member_id: input.memberId ?? null,
    active: 1,
    must_change_password: input.mustChangePassword ? 1 : 0,
    locale: null,
    password_changed_at: at,
    created_at: at,
    updated_at: at,
  });
  for (const g of input.grants ?? []) {
    await insertGrant(db, { user_id: u.id, role: g.role, org_id: g.orgId, granted_by: null, granted_at: at });
  }
  await appendAudit(db, systemActor, at, [
    {
      action: 'user.create',
      entityType: 'user',
      entityId: u.id,
      after: { account: input.account, grants: input.grants ?? [] },
    },
  ]);
  return u.id;
}
