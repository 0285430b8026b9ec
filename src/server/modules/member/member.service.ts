import type { z } from 'zod';
import type {
  MemberDetail,
  MemberSummary,
  memberCreateBody,
  memberListQuery,
  memberListResponse,
  memberUpdateBody,
} from '../../../contracts/member.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { MemberRow, NewMember, OrgRow } from '../../../db/types.js';
import { canHoldMembers, type OrgKind } from '../../../domain/org/tree.js';
import { type AuditInput, appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { type KeptView, keptView } from '../../lib/kept-answers.js';
import {
  ancestorsOf,
  authorize,
  authorizeOn,
  can,
  partyRootIds,
  requireSomewhere,
} from '../../lib/permissions.js';
import { findOrgRow } from '../org/org.service.js';
import * as repo from './member.repo.js';

type Row = MemberRow & { branch_name?: string | null };

export function toSummary(r: Row): MemberSummary {
  return {
    id: r.id,
    employeeNo: r.employee_no,
    name: r.name,
    gender: r.gender,
    isPartyMember: r.is_party_member === 1,
    status: r.status,
    branchId: r.branch_id,
    branchName: r.branch_name ?? null,
    unitId: r.unit_id,
    post: r.post,
    phone: r.phone,
    active: r.active === 1,
  };
}

const auditView = (r: MemberRow) => ({
  employeeNo: r.employee_no,
  name: r.name,
  gender: r.gender,
  birthDate: r.birth_date,
  isPartyMember: r.is_party_member,
  status: r.status,
  joinDate: r.join_date,
  fullDate: r.full_date,
  branchId: r.branch_id,
  unitId: r.unit_id,
  post: r.post,
  phone: r.phone,
  active: r.active,
});

/**
 * What a member search's permission check and scope read besides the members: an org's
 * ancestors, the party roots, the trees of the scope's orgs. Read fresh, or kept per data version
 * (`keptMemberReads`) by the list's route: the checks that follow are the same code either way.
 */
interface MemberReads {
  ancestors(orgId: number): Promise<number[]>;
  partyRoots(): Promise<number[]>;
  orgTrees(ids: readonly number[]): Promise<{ id: number; tree: string }[]>;
}

const freshMemberReads = (db: DbOrTrx): MemberReads => ({
  ancestors: (orgId) => ancestorsOf(db, orgId),
  partyRoots: () => partyRootIds(db),
  orgTrees: (ids) => repo.orgTrees(db, ids),
});

function keptMemberReads(db: DbOrTrx, view: KeptView): MemberReads {
  const fresh = freshMemberReads(db);
  return {
    // The same facts under the same names as the boards' (`quarter.service.ts`).
    ancestors: (orgId) => view.fact(`ancestors ${orgId}`, () => fresh.ancestors(orgId)),
    partyRoots: () => view.fact('party roots', () => fresh.partyRoots()),
    orgTrees: (ids) => view.fact(`trees of ${ids.join(',')}`, () => fresh.orgTrees(ids)),
  };
}

/** The subtrees of some orgs, split into party orgs and administrative units. */
async function orgSet(db: DbOrTrx, reads: MemberReads, roots: number[]): Promise<repo.OrgSet> {
  const rows = await reads.orgTrees(roots);
  const party = rows.filter((r) => r.tree === 'party').map((r) => r.id);
  const unit = rows.filter((r) => r.tree === 'unit').map((r) => r.id);
  const sub = (ids: number[]) => (ids.length ? repo.subtreeIdsOf(db, ids) : null);
  return { party: sub(party), unit: sub(unit), partyRoots: party };
}

/**
 * The repo filter of a member search, checked against the user's `member.read` scope: shared
 * by the list and the Excel export so that both select exactly the same members.
 */
async function memberFilterFor(
  ctx: Ctx,
  query: Omit<z.infer<typeof memberListQuery>, 'page' | 'pageSize'>,
  reads: MemberReads = freshMemberReads(ctx.db),
): Promise<repo.MemberFilter> {
  const roots = requireSomewhere(ctx.user, 'member.read');
  const ancestors = query.orgId ? await reads.ancestors(query.orgId) : [];
  if (query.orgId) authorizeOn(ancestors, ctx.user, 'member.read', query.orgId);
  // `isSuperScope`: a root of the party tree among the roots is the whole organisation. A scope
  // root above the org asked for (in its tree) holds the org's whole subtree: no scope to check.
  const partyRoots = await reads.partyRoots();
  const whole = roots.some((r) => partyRoots.includes(r) || ancestors.includes(r));
  return {
    scope: whole ? null : await orgSet(ctx.db, reads, roots),
    subtree: query.orgId ? await orgSet(ctx.db, reads, [query.orgId]) : undefined,
    q: query.q || undefined,
    status: query.status,
    isPartyMember: query.isPartyMember === undefined ? undefined : query.isPartyMember === 'true',
    includeInactive: query.includeInactive === 'true',
  };
}

/**
 * The branch a member belonged to on `date` (member.repo's rule: the branch where a score was
 * earned), for other modules.
 */
export function memberBranchOnDate(db: DbOrTrx, memberId: number, date: string): Promise<number | null> {
  return repo.branchOnDate(db, memberId, date);
}

/** Searches members within the user's scope, optionally within one org's subtree. */
export async function listMembers(
  ctx: Ctx,
  query: z.infer<typeof memberListQuery>,
  reads?: MemberReads,
): Promise<z.infer<typeof memberListResponse>> {
  const filter = await memberFilterFor(ctx, query, reads);
  const after = query.after === undefined ? undefined : fromCursor(query.after);
  // One row more than the page tells whether a next page exists. A page by number carries the
  // count on its rows (one statement); past the last row it is counted on its own.
  let total: number | null = null;
  let rows: Awaited<ReturnType<typeof repo.listMembers>>;
  if (after === undefined) {
    const counted = await repo.countedMembersPage(
      ctx.db,
      filter,
      query.pageSize + 1,
      (query.page - 1) * query.pageSize,
    );
    total = counted[0] ? Number(counted[0].total_count) : await repo.countMembers(ctx.db, filter);
    rows = counted;
  } else {
    rows = await repo.listMembers(ctx.db, filter, query.pageSize + 1, 0, after);
  }
  const items = rows.slice(0, query.pageSize);
  const last = items[items.length - 1];
  return {
    items: items.map(toSummary),
    total,
    page: query.page,
    pageSize: query.pageSize,
    nextCursor: rows.length > query.pageSize && last ? toCursor(last.employee_no) : null,
  };
}

/**
 * The list as its route serves it, kept per data version like the boards (`lib/kept-answers.ts`):
 * everything it shows is the directory (members, orgs, the closure), whose writes move the
 * version. The permission check runs on every request, on the org's ancestors and the party
 * roots kept per version; the answer, serialised by `serialize`, is kept under the query and the
 * viewer's `member.read` scope roots (all that the answer depends on besides the data; every
 * viewer whose roots include a party root sees the same list). Byte for byte what `listMembers`
 * answers (`kept-members.test.ts`).
 */
export async function keptMemberList(
  ctx: Ctx,
  query: z.infer<typeof memberListQuery>,
  serialize: (answer: z.infer<typeof memberListResponse>) => string,
) {
  const view = await keptView(ctx.db);
  const reads = keptMemberReads(ctx.db, view);
  const roots = requireSomewhere(ctx.user, 'member.read');
  if (query.orgId) authorizeOn(await reads.ancestors(query.orgId), ctx.user, 'member.read', query.orgId);
  const partyRoots = await reads.partyRoots();
  const scope = roots.some((r) => partyRoots.includes(r)) ? 'all' : [...roots].sort((a, b) => a - b);
  const key = JSON.stringify(['members', scope, Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))]);
  const answer = await view.answerOf(key, async () => serialize(await listMembers(ctx, query, reads)));
  return { view, key, answer };
}

/** A list cursor: the last employee number of a page, opaque to clients. */
const toCursor = (employeeNo: string) => Buffer.from(employeeNo, 'utf8').toString('base64url');
const fromCursor = (cursor: string) => {
  const employeeNo = Buffer.from(cursor, 'base64url').toString('utf8');
  if (employeeNo.length === 0 || toCursor(employeeNo) !== cursor)
    throw new AppError('validation_failed', { field: 'after' });
  return employeeNo;
};

/**
 * Every member a search finds (the list's filters and scope, without paging), page by page
 * in the list's order (keyset, so a late page costs what the first does): for exports, which
 * must not hold a whole province in one query.
 */
export async function* eachMemberPage(
  ctx: Ctx,
  query: Omit<z.infer<typeof memberListQuery>, 'page' | 'pageSize' | 'after'>,
  pageSize = 2000,
): AsyncGenerator<(MemberRow & { branch_name: string | null })[]> {
  const filter = await memberFilterFor(ctx, query);
  let after: string | undefined;
  for (;;) {
    const rows = await repo.listMembers(ctx.db, filter, pageSize, 0, after);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]?.employee_no;
  }
}

/** The org a member is scoped by: the branch, or for staff outside the party, the unit. */
const scopeOrgOf = (m: Pick<MemberRow, 'branch_id' | 'unit_id'>) => m.branch_id ?? m.unit_id;

async function mayRead(ctx: Ctx, m: MemberRow): Promise<boolean> {
  if (ctx.user.memberId === m.id) return true;
  const org = scopeOrgOf(m);
  return org != null && (await can(ctx.db, ctx.user, 'member.read', org));
}

/** A member's record and branch history: for users whose scope reaches them, and for themself. */
export async function getMember(ctx: Ctx, id: number): Promise<MemberDetail> {
  const m = await repo.findMember(ctx.db, id);
  if (!m) throw new AppError('not_found', { entity: 'member', id });
  if (!(await mayRead(ctx, m))) throw new AppError('forbidden', { permission: 'member.read' });
  const history = await repo.branchHistory(ctx.db, id);
  const account = await repo.accountOfMember(ctx.db, id);
  return {
    ...toSummary(m),
    birthDate: m.birth_date,
    joinDate: m.join_date,
    fullDate: m.full_date,
    unitName: m.unit_name ?? null,
    history: history.map((h) => ({
      branchId: h.branch_id,
      branchName: h.branch_name,
      fromDate: h.from_date,
      toDate: h.to_date,
      reason: h.reason,
    })),
    userAccount: account?.account ?? null,
  };
}

/** Why an org cannot take members, or null when it can: it must be an active branch or group. */
function branchProblem(org: OrgRow | undefined, id: number): AppError | null {
  if (!org) return new AppError('not_found', { entity: 'org', id });
  if (org.tree !== 'party' || !canHoldMembers(org.kind as OrgKind))
    return new AppError('not_a_branch', { id });
  if (org.active_to) return new AppError('org_inactive', { id });
  return null;
}

function unitProblem(org: OrgRow | undefined, id: number): AppError | null {
  return org?.tree !== 'unit' ? new AppError('not_found', { entity: 'unit', id }) : null;
}

async function requireBranch(db: DbOrTrx, id: number) {
  const org = await findOrgRow(db, id);
  const problem = branchProblem(org, id);
  if (problem || !org) throw problem ?? new AppError('not_found', { entity: 'org', id });
  return org;
}

async function requireUnit(db: DbOrTrx, id: number) {
  const problem = unitProblem(await findOrgRow(db, id), id);
  if (problem) throw problem;
}

export type MemberInput = z.infer<typeof memberCreateBody>;

/**
 * Checks one new member against the database without writing (used by the form). Returns
 * the errors as field → code.
 */
export async function checkNewMember(
  ctx: Ctx,
  db: DbOrTrx,
  input: MemberInput,
): Promise<Record<string, AppError>> {
  return (await checkNewMembers(ctx, db, [input]))[0] ?? {};
}

/** What the new-member rules need from the database, loaded once for a whole batch. */
interface NewMemberFacts {
  takenEmployeeNos: ReadonlySet<string>;
  orgs: ReadonlyMap<number, OrgRow>;
  /** Whether the user may manage members at an org, for every org a member would be scoped by. */
  mayManage: ReadonlyMap<number, boolean>;
}

/** The rules of a new member, as field → error; pure, so one row and ten thousand rows share them. */
function newMemberErrors(input: MemberInput, facts: NewMemberFacts): Record<string, AppError> {
  const errors: Record<string, AppError> = {};
  if (facts.takenEmployeeNos.has(input.employeeNo)) {
    errors.employeeNo = new AppError('duplicate_employee_no', { employeeNo: input.employeeNo });
  }
  const scopeOrg = input.branchId ?? input.unitId ?? null;
  if (input.branchId != null) {
    const problem = branchProblem(facts.orgs.get(input.branchId), input.branchId);
    if (problem) errors.branchId = problem;
  } else if (input.isPartyMember) {
    errors.branchId = new AppError('validation_failed', {
      field: 'branchId',
      reason: 'required for party members',
    });
  }
  if (input.unitId != null) {
    const problem = unitProblem(facts.orgs.get(input.unitId), input.unitId);
    if (problem) errors.unitId = problem;
  }
  if (input.isPartyMember && !input.status) {
    errors.status = new AppError('validation_failed', {
      field: 'status',
      reason: 'required for party members',
    });
  }
  if (scopeOrg == null) {
    errors.branchId ??= new AppError('validation_failed', {
      field: 'branchId',
      reason: 'branch or unit required',
    });
  } else if (!errors.branchId && !errors.unitId && !facts.mayManage.get(scopeOrg)) {
    errors.branchId = new AppError('forbidden', { permission: 'member.manage', orgId: scopeOrg });
  }
  return errors;
}

/** Splits a list for `IN (…)` lists and multi-row inserts that stay under SQLite's parameter limit. */
function inChunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Checks many new members at once (the Excel import) with the same rules as one: the taken
 * employee numbers and the orgs are loaded in a few chunked queries, and the permission is
 * checked once per distinct org rather than once per member. Returns one field → error
 * record per input, in order. Duplicates within `inputs` are the caller's to report.
 */
export async function checkNewMembers(
  ctx: Ctx,
  db: DbOrTrx,
  inputs: readonly MemberInput[],
): Promise<Record<string, AppError>[]> {
  const taken = new Set<string>();
  for (const part of inChunks([...new Set(inputs.map((i) => i.employeeNo))], 500)) {
    const rows = await repo.takenEmployeeNos(db, part);
    for (const r of rows) taken.add(r.employee_no);
  }
  const orgIds = new Set<number>();
  for (const i of inputs) {
    if (i.branchId != null) orgIds.add(i.branchId);
    if (i.unitId != null) orgIds.add(i.unitId);
  }
  const orgs = new Map<number, OrgRow>();
  for (const part of inChunks([...orgIds], 500)) {
    for (const o of await repo.orgsByIds(db, part)) orgs.set(o.id, o);
  }
  const mayManage = new Map<number, boolean>();
  for (const i of inputs) {
    const scopeOrg = i.branchId ?? i.unitId ?? null;
    if (scopeOrg == null || mayManage.has(scopeOrg) || !orgs.has(scopeOrg)) continue;
    mayManage.set(scopeOrg, await can(db, ctx.user, 'member.manage', scopeOrg));
  }
  const facts: NewMemberFacts = { takenEmployeeNos: taken, orgs, mayManage };
  return inputs.map((i) => newMemberErrors(i, facts));
}

function toNewMemberRow(input: MemberInput, at: string): NewMember {
  return {
    employee_no: input.employeeNo,
    name: input.name,
    gender: input.gender,
    birth_date: input.birthDate ?? null,
    is_party_member: input.isPartyMember ? 1 : 0,
    status: input.isPartyMember ? (input.status ?? null) : null,
    join_date: input.joinDate ?? null,
    full_date: input.fullDate ?? null,
    branch_id: input.branchId,
    unit_id: input.unitId ?? null,
    post: input.post ?? null,
    phone: input.phone ?? null,
    active: 1,
    created_at: at,
    updated_at: at,
  };
}

/** Inserts a checked member, its first branch-history row and its audit entry. */
export async function insertCheckedMember(
  ctx: Ctx,
  db: DbOrTrx,
  input: MemberInput,
  at: string,
): Promise<{ row: MemberRow; audit: AuditInput }> {
  const { rows, audits } = await insertCheckedMembers(ctx, db, [input], at);
  const row = rows[0];
  const audit = audits[0];
  if (!row || !audit) throw new AppError('internal', { reason: 'member insert returned nothing' });
  return { row, audit };
}

/**
 * Inserts checked members with multi-row inserts (members, then their first branch-history
 * rows) and returns the rows and their audit entries, for the caller to append in its
 * transaction.
 */
export async function insertCheckedMembers(
  ctx: Ctx,
  db: DbOrTrx,
  inputs: readonly MemberInput[],
  at: string,
): Promise<{ rows: MemberRow[]; audits: AuditInput[] }> {
  const rows: MemberRow[] = [];
  // 15 columns × 500 rows stays well under the bound-parameter limits of SQLite and PostgreSQL.
  for (const part of inChunks(inputs, 500)) {
    rows.push(
      ...(await repo.insertMembers(
        db,
        part.map((i) => toNewMemberRow(i, at)),
      )),
    );
  }
  const from = todayInChina(ctx.clock);
  const history = rows.flatMap((r) =>
    r.branch_id == null
      ? []
      : [
          {
            member_id: r.id,
            branch_id: r.branch_id,
            from_date: from,
            to_date: null,
            reason: 'created',
            created_at: at,
          },
        ],
  );
  for (const part of inChunks(history, 1000)) await repo.insertHistoryRows(db, part);
  return {
    rows,
    audits: rows.map((row) => ({
      action: 'member.create',
      entityType: 'member',
      entityId: row.id,
      orgId: scopeOrgOf(row),
      after: auditView(row),
    })),
  };
}

export async function createMember(ctx: Ctx, input: MemberInput): Promise<MemberDetail> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    const errors = await checkNewMember(ctx, trx, input);
    const first = Object.values(errors)[0];
    if (first) throw first;
    const at = nowIso(ctx.clock);
    const { row, audit } = await insertCheckedMember(ctx, trx, input, at);
    await appendAudit(trx, ctx.user, at, [audit]);
    return row.id;
  });
  return getMember(ctx, id);
}

async function loadForChange(ctx: Ctx, db: DbOrTrx, id: number): Promise<MemberRow> {
  const m = await repo.findMemberRow(db, id);
  if (!m) throw new AppError('not_found', { entity: 'member', id });
  const org = scopeOrgOf(m);
  if (org == null) throw new AppError('forbidden', { permission: 'member.manage' });
  await authorize(db, ctx.user, 'member.manage', org);
  return m;
}

export async function updateMember(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof memberUpdateBody>,
): Promise<MemberDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadForChange(ctx, trx, id);
    if (input.unitId != null) await requireUnit(trx, input.unitId);
    const at = nowIso(ctx.clock);
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.gender !== undefined ? { gender: input.gender } : {}),
      ...(input.birthDate !== undefined ? { birth_date: input.birthDate } : {}),
      ...(input.status !== undefined && before.is_party_member ? { status: input.status } : {}),
      ...(input.joinDate !== undefined ? { join_date: input.joinDate } : {}),
      ...(input.fullDate !== undefined ? { full_date: input.fullDate } : {}),
      ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
      ...(input.post !== undefined ? { post: input.post } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      updated_at: at,
    };
    const after = await repo.updateMemberReturning(trx, id, patch);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'member.update',
        entityType: 'member',
        entityId: id,
        orgId: scopeOrgOf(after),
        before: auditView(before),
        after: auditView(after),
      },
    ]);
  });
  return getMember(ctx, id);
}

/**
 * Moves a member to another branch from `date` on. The old branch keeps the member's past:
 * its history row is closed the day before, and records dated earlier stay with it. The user
 * must manage both the old and the new branch.
 */
export async function transferMember(
  ctx: Ctx,
  id: number,
  input: { toBranchId: number; date: string; reason?: string | undefined },
): Promise<MemberDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadForChange(ctx, trx, id);
    if (!before.active) throw new AppError('member_inactive', { id });
    await requireBranch(trx, input.toBranchId);
    await authorize(trx, ctx.user, 'member.manage', input.toBranchId);
    if (before.branch_id === input.toBranchId)
      throw new AppError('already_in_branch', { branchId: input.toBranchId });
    const open = await repo.openHistoryRow(trx, id);
    if (open && input.date <= open.from_date) {
      throw new AppError('validation_failed', {
        field: 'date',
        min: open.from_date,
        reason: 'after the current branch start',
      });
    }
    const at = nowIso(ctx.clock);
    if (open) await repo.closeHistoryRow(trx, open.id, input.date);
    await repo.insertHistoryRows(trx, [
      {
        member_id: id,
        branch_id: input.toBranchId,
        from_date: input.date,
        to_date: null,
        reason: input.reason ?? null,
        created_at: at,
      },
    ]);
    await repo.updateMember(trx, id, { branch_id: input.toBranchId, updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'member.transfer',
        entityType: 'member',
        entityId: id,
        orgId: input.toBranchId,
        before: { branchId: before.branch_id },
        after: { branchId: input.toBranchId, date: input.date, reason: input.reason ?? null },
      },
    ]);
  });
  return getMember(ctx, id);
}

/** Marks a member as no longer on the rolls (left, transferred out of the organisation); nothing is deleted. */
export async function deactivateMember(
  ctx: Ctx,
  id: number,
  date: string,
  reason?: string,
): Promise<MemberDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadForChange(ctx, trx, id);
    if (!before.active) throw new AppError('member_inactive', { id });
    const at = nowIso(ctx.clock);
    const open = await repo.openHistoryRow(trx, id);
    if (open) {
      if (date <= open.from_date)
        throw new AppError('validation_failed', { field: 'date', min: open.from_date });
      await repo.closeHistoryRow(trx, open.id, date);
    }
    await repo.updateMember(trx, id, { active: 0, updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'member.deactivate',
        entityType: 'member',
        entityId: id,
        orgId: scopeOrgOf(before),
        before: { active: 1 },
        after: { active: 0, date, reason: reason ?? null },
      },
    ]);
  });
  return getMember(ctx, id);
}
