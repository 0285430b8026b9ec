import type { z } from 'zod';
import type {
  activityCreateBody,
  declarationBody,
  EntryView,
  entryCreateBody,
  entryListQuery,
  entryUpdateBody,
} from '../../../contracts/points.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { Role } from '../../../domain/access/roles.js';
import { isoWeekRange, parsePeriodKey } from '../../../domain/calendar/index.js';
import { type EntryChange, type EntryContent, entryChanges } from '../../../domain/points/revision.js';
import { pointsForEntry, type SchemeItem } from '../../../domain/points/scheme.js';
import {
  canEditEntry,
  type EntryAction,
  type EntryState,
  initialEntryState,
  nextEntryState,
  quarterAcceptsEntry,
} from '../../../domain/points/workflow.js';
import { type AuditInput, appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import type { Page } from '../../lib/pagination.js';
import { isSuperScope, requireSomewhere, scopeOrgIds } from '../../lib/permissions.js';
import { memberBranchOnDate } from '../member/member.service.js';
import type { EntryRow } from './entry.repo.js';
import * as repo from './entry.repo.js';
import { entryContentOf, viewEntries, viewRows } from './entry-view.js';
import { actingRoles, quarterOfDate, quarterState, transitionError } from './points.common.js';
import { recomputeMemberIfClosed } from './quarter.service.js';
import { currentVersion, findScheme, overdueCutoffs } from './scheme.service.js';

/** One entry to create, as {@link insertEntry} validates it. */
export interface NewEntrySpec {
  schemeId: number;
  memberId: number;
  itemCode: string;
  occurredOn: string;
  quantity: number;
  points?: number | undefined;
  note?: string | null | undefined;
  fileIds: number[];
  kind: 'normal' | 'adjustment';
  revokesEntryId?: number | undefined;
  activityId?: number | null;
  /** Submit at once (a secretary's entry) instead of leaving a draft. */
  submit: boolean;
  /** A member declaring for themself. */
  declaration?: boolean;
}

/** Files attached as evidence must be ones the user may read (their own uploads, or readable for the org). */
async function checkFiles(db: DbOrTrx, ctx: Ctx, fileIds: number[], orgId: number): Promise<void> {
  if (fileIds.length === 0) return;
  const rows = await repo.filesByIds(db, fileIds);
  for (const id of fileIds) {
    const f = rows.find((r) => r.id === id);
    if (!f) throw new AppError('not_found', { entity: 'file', id });
    if (f.uploaded_by !== ctx.user.id && f.org_id !== orgId)
      throw new AppError('forbidden', { entity: 'file', id });
  }
}

async function linkEvidence(
  db: DbOrTrx,
  ctx: Ctx,
  entityType: string,
  entityId: number,
  fileIds: number[],
  at: string,
) {
  await repo.insertEvidenceLinks(db, entityType, entityId, [...new Set(fileIds)], ctx.user.id, at);
}

/**
 * Validates and inserts one entry with every rule of SPEC §2: the item exists in the scheme in
 * force, the points fit the item, the date lies in the scheme's year and not in the future, the
 * quarter accepts this kind of entry (normal while open, adjustment once closed), the member was
 * in a branch where the user may enter on that date, and required evidence is attached.
 */
export async function insertEntry(
  ctx: Ctx,
  trx: DbOrTrx,
  spec: NewEntrySpec,
  at: string,
  items: Map<string, SchemeItem>,
  schemeYear: number,
  rootOrgId: number,
): Promise<{ row: EntryRow; audit: AuditInput }> {
  const item = items.get(spec.itemCode);
  if (!item) throw new AppError('unknown_item', { itemCode: spec.itemCode });
  if (!spec.occurredOn.startsWith(`${schemeYear}-`))
    throw new AppError('date_outside_year', { occurredOn: spec.occurredOn, year: schemeYear });
  if (spec.occurredOn > todayInChina(ctx.clock))
    throw new AppError('date_in_future', { occurredOn: spec.occurredOn });
  let points: number;
  let occurredOn = spec.occurredOn;
  let revokes: EntryRow | undefined;
  if (spec.revokesEntryId) {
    revokes = await repo.findEntry(trx, spec.revokesEntryId);
    if (
      revokes?.state !== 'approved' ||
      revokes.member_id !== spec.memberId ||
      revokes.item_code !== spec.itemCode
    ) {
      throw new AppError('validation_failed', {
        field: 'revokesEntryId',
        reason: 'must be an approved entry of the same member and item',
      });
    }
    if (spec.kind !== 'adjustment')
      throw new AppError('validation_failed', {
        field: 'kind',
        reason: 'only an adjustment cancels an entry',
      });
    // The score cannot count an entry cancelled twice, nor a cancellation cancelled: refused
    // here rather than failing every later recomputation of the member's quarter.
    if (revokes.revokes_entry_id != null)
      throw new AppError('validation_failed', {
        field: 'revokesEntryId',
        reason: 'a cancellation cannot be cancelled; enter the entry again instead',
      });
    const rival = await pendingOrApprovedRevocation(trx, revokes.id);
    if (rival) throw new AppError('entry_already_revoked', { entryId: revokes.id, adjustmentId: rival });
    // The cancelling adjustment is dated like the entry it cancels, so both fall in one quarter.
    occurredOn = revokes.occurred_on;
    points = revokes.points;
  } else {
    const p = pointsForEntry(item, spec.quantity, spec.points);
    if (!p.ok)
      throw new AppError(p.error === 'points_not_integer' ? 'points_out_of_range' : p.error, {
        itemCode: item.code,
        points: spec.points,
        quantity: spec.quantity,
      });
    points = p.points;
  }
  const quarter = quarterOfDate(occurredOn);
  const qState = await quarterState(trx, spec.schemeId, quarter);
  if (!quarterAcceptsEntry(qState, spec.kind)) {
    throw spec.kind === 'normal'
      ? new AppError('quarter_closed', { quarter })
      : new AppError('quarter_open', { quarter });
  }
  const member = await repo.memberFlags(trx, spec.memberId);
  if (!member?.active || !member.is_party_member)
    throw new AppError('not_found', { entity: 'member', id: spec.memberId });
  const branchId = await memberBranchOnDate(trx, spec.memberId, occurredOn);
  if (branchId == null) throw new AppError('member_not_in_branch', { memberId: spec.memberId, occurredOn });
  const inScheme = await repo.orgUnder(trx, rootOrgId, branchId);
  if (!inScheme)
    throw new AppError('member_not_in_branch', {
      memberId: spec.memberId,
      occurredOn,
      reason: 'outside the scheme',
    });
  const roles = await actingRoles(trx, ctx.user, branchId, spec.memberId);
  const creatorRole: Role | undefined = spec.declaration
    ? roles.includes('member')
      ? 'member'
      : undefined
    : spec.kind === 'adjustment'
      ? roles.find((r) => r === 'secretary' || r === 'affairs')
      : roles.includes('secretary')
        ? 'secretary'
        : undefined;
  const initial = creatorRole
    ? initialEntryState(spec.kind, creatorRole)
    : ({ ok: false, error: 'role_not_allowed' } as const);
  if (!initial.ok || !creatorRole)
    throw new AppError('forbidden', { permission: 'points.entry.enter', branchId });
  if (item.evidenceRequired && spec.fileIds.length === 0 && !spec.activityId && !revokes) {
    throw new AppError('evidence_required', { itemCode: item.code });
  }
  await checkFiles(trx, ctx, spec.fileIds, branchId);
  let state: EntryState = initial.state;
  let submittedAt: string | null = null;
  if (spec.submit && state === 'draft') {
    const next = nextEntryState(spec.kind, state, 'submit', [creatorRole]);
    if (!next.ok) throw transitionError(next.error, { action: 'submit' });
    state = next.state;
    submittedAt = at;
  }
  const row = await repo.insertEntryRow(trx, {
    scheme_id: spec.schemeId,
    member_id: spec.memberId,
    branch_id: branchId,
    item_code: item.code,
    occurred_on: occurredOn,
    quarter,
    quantity: revokes ? revokes.quantity : spec.quantity,
    points,
    note: spec.note ?? null,
    kind: spec.kind,
    state,
    activity_id: spec.activityId ?? null,
    revokes_entry_id: revokes?.id ?? null,
    appeal_id: null,
    created_by: ctx.user.id,
    created_at: at,
    updated_at: at,
    submitted_at: submittedAt,
    decided_by: null,
    decided_at: null,
    decision_reason: null,
  });
  await linkEvidence(trx, ctx, 'points_entry', row.id, spec.fileIds, at);
  return {
    row,
    audit: {
      action: 'points.entry.create',
      entityType: 'points_entry',
      entityId: row.id,
      orgId: branchId,
      after: {
        memberId: row.member_id,
        itemCode: row.item_code,
        occurredOn,
        quantity: row.quantity,
        points,
        kind: row.kind,
        state,
        activityId: row.activity_id,
        revokesEntryId: row.revokes_entry_id,
      },
    },
  };
}

/**
 * The adjustment that cancels (or is on its way to cancel) an entry: one in any state that can
 * still become approved, or approved. Null when the entry is not being cancelled.
 */
export async function pendingOrApprovedRevocation(db: DbOrTrx, entryId: number): Promise<number | null> {
  return repo.revocationIn(db, entryId, ['draft', 'submitted', 'returned', 'approved']);
}

/** The scheme's year, root and version in force, as entry rules need them. */
export async function schemeContext(trx: DbOrTrx, schemeId: number) {
  const s = await findScheme(trx, schemeId);
  const { scheme, row } = await currentVersion(trx, schemeId);
  return {
    year: s.year,
    rootOrgId: s.root_org_id,
    items: new Map(scheme.items.map((i) => [i.code, i])),
    versionId: row.id,
    rules: scheme.rules,
  };
}

/** A secretary records one entry for a member of their branch (or affairs/secretary an adjustment). */
export async function createEntry(ctx: Ctx, input: z.infer<typeof entryCreateBody>): Promise<EntryView> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    const sc = await schemeContext(trx, input.schemeId);
    const at = nowIso(ctx.clock);
    const { row, audit } = await insertEntry(
      ctx,
      trx,
      { ...input, kind: input.kind },
      at,
      sc.items,
      sc.year,
      sc.rootOrgId,
    );
    await appendAudit(trx, ctx.user, at, [audit]);
    return row.id;
  });
  return getEntry(ctx, id);
}

/** A member declares an entry for themself with evidence (申报); the secretary confirms or returns it. */
export async function declareEntry(ctx: Ctx, input: z.infer<typeof declarationBody>): Promise<EntryView> {
  if (ctx.user.memberId == null) throw new AppError('forbidden', { reason: 'not linked to a member' });
  const memberId = ctx.user.memberId;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const sc = await schemeContext(trx, input.schemeId);
    const at = nowIso(ctx.clock);
    const { row, audit } = await insertEntry(
      ctx,
      trx,
      { ...input, memberId, kind: 'normal', submit: false, declaration: true },
      at,
      sc.items,
      sc.year,
      sc.rootOrgId,
    );
    await appendAudit(trx, ctx.user, at, [{ ...audit, action: 'points.entry.declare' }]);
    return row.id;
  });
  return getEntry(ctx, id);
}

/**
 * Records an activity once (a 主题党日 for 30 members) and creates one entry per attendee, all
 * in one transaction: if any attendee fails a rule, nothing is written and the error names them.
 */
export async function createActivity(ctx: Ctx, input: z.infer<typeof activityCreateBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const sc = await schemeContext(trx, input.schemeId);
    const item = sc.items.get(input.itemCode);
    if (!item) throw new AppError('unknown_item', { itemCode: input.itemCode });
    const p = pointsForEntry(item, input.quantity, input.points);
    if (!p.ok)
      throw new AppError(p.error === 'points_not_integer' ? 'points_out_of_range' : p.error, {
        itemCode: item.code,
      });
    const roles = await actingRoles(trx, ctx.user, input.branchId, -1);
    if (!roles.includes('secretary'))
      throw new AppError('forbidden', { permission: 'points.entry.enter', branchId: input.branchId });
    if (item.evidenceRequired && input.fileIds.length === 0)
      throw new AppError('evidence_required', { itemCode: item.code });
    await checkFiles(trx, ctx, input.fileIds, input.branchId);
    const at = nowIso(ctx.clock);
    const activity = await repo.insertActivity(trx, {
      scheme_id: input.schemeId,
      branch_id: input.branchId,
      title: input.title,
      kind: input.kind,
      occurred_on: input.occurredOn,
      item_code: item.code,
      quantity: input.quantity,
      points: p.perOccurrence,
      note: input.note ?? null,
      created_by: ctx.user.id,
      created_at: at,
    });
    await linkEvidence(trx, ctx, 'points_activity', activity.id, input.fileIds, at);
    const audits: AuditInput[] = [
      {
        action: 'points.activity.create',
        entityType: 'points_activity',
        entityId: activity.id,
        orgId: input.branchId,
        after: { ...input },
      },
    ];
    const entryIds: number[] = [];
    const unique = [...new Set(input.memberIds)];
    for (const memberId of unique) {
      try {
        const { row, audit } = await insertEntry(
          ctx,
          trx,
          {
            schemeId: input.schemeId,
            memberId,
            itemCode: item.code,
            occurredOn: input.occurredOn,
            quantity: input.quantity,
            points: input.points,
            note: input.note,
            fileIds: [],
            kind: 'normal',
            activityId: activity.id,
            submit: input.submit,
          },
          at,
          sc.items,
          sc.year,
          sc.rootOrgId,
        );
        entryIds.push(row.id);
        audits.push(audit);
      } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, { memberId, ...(e.details as object) });
        throw e;
      }
    }
    await appendAudit(trx, ctx.user, at, audits);
    return { activityId: activity.id, entryIds };
  });
}

/** Edits an entry's content while its enterer (or the declaring member) may: draft, returned, declared. */
export async function updateEntry(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof entryUpdateBody>,
): Promise<EntryView> {
  await ctx.db.transaction().execute(async (trx) => {
    const e = await repo.findEntry(trx, id);
    if (!e) throw new AppError('not_found', { entity: 'points_entry', id });
    const roles = await actingRoles(trx, ctx.user, e.branch_id, e.member_id);
    if (!roles.some((r) => canEditEntry(e.kind, e.state as EntryState, r))) {
      throw roles.length === 0
        ? new AppError('forbidden', { id })
        : new AppError('invalid_transition', { state: e.state, action: 'edit' });
    }
    if (e.row_version !== input.rowVersion) throw new AppError('stale_record', { id });
    const sc = await schemeContext(trx, e.scheme_id);
    const item = sc.items.get(e.item_code);
    if (!item) throw new AppError('unknown_item', { itemCode: e.item_code });
    const occurredOn = input.occurredOn ?? e.occurred_on;
    if (!occurredOn.startsWith(`${sc.year}-`)) throw new AppError('date_outside_year', { occurredOn });
    if (occurredOn > todayInChina(ctx.clock)) throw new AppError('date_in_future', { occurredOn });
    const quantity = input.quantity ?? e.quantity;
    const perOccurrence =
      input.points ?? (item.points.kind === 'range' ? Math.round(e.points / e.quantity) : undefined);
    const p = pointsForEntry(item, quantity, perOccurrence);
    if (!p.ok)
      throw new AppError(p.error === 'points_not_integer' ? 'points_out_of_range' : p.error, {
        itemCode: item.code,
      });
    const quarter = quarterOfDate(occurredOn);
    if (!quarterAcceptsEntry(await quarterState(trx, e.scheme_id, quarter), e.kind))
      throw new AppError('quarter_closed', { quarter });
    if (occurredOn !== e.occurred_on) {
      const branchId = await memberBranchOnDate(trx, e.member_id, occurredOn);
      if (branchId !== e.branch_id) throw new AppError('member_not_in_branch', { occurredOn });
    }
    const at = nowIso(ctx.clock);
    if (input.fileIds) {
      await checkFiles(trx, ctx, input.fileIds, e.branch_id);
      await repo.deleteEvidenceLinks(trx, 'points_entry', id);
      await linkEvidence(trx, ctx, 'points_entry', id, input.fileIds, at);
    }
    const updated = await repo.updateEntryAtVersion(trx, id, input.rowVersion, {
      occurred_on: occurredOn,
      quarter,
      quantity,
      points: p.points,
      note: input.note === undefined ? e.note : input.note,
      updated_at: at,
      row_version: e.row_version + 1,
    });
    if (!updated) throw new AppError('stale_record', { id });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.entry.update',
        entityType: 'points_entry',
        entityId: id,
        orgId: e.branch_id,
        before: { occurredOn: e.occurred_on, quantity: e.quantity, points: e.points, note: e.note },
        after: {
          occurredOn,
          quantity,
          points: p.points,
          note: input.note === undefined ? e.note : input.note,
        },
      },
    ]);
  });
  return getEntry(ctx, id);
}

/** The state a reviewer's decision leaves an entry in. */
const decisionState: Partial<Record<EntryAction, EntryState>> = {
  approve: 'approved',
  return: 'returned',
  reject: 'rejected',
  return_declaration: 'returned_to_member',
};

/**
 * Moves one entry through its workflow. The role table of domain/points/workflow.ts decides
 * who may; `rowVersion` makes a second reviewer acting on the same entry fail cleanly
 * (`stale_record`) instead of acting twice. Approving an adjustment in a closed quarter
 * recomputes that member's score.
 */
async function applyEntryAction(
  ctx: Ctx,
  trx: DbOrTrx,
  id: number,
  action: EntryAction,
  reason: string | undefined,
  rowVersion: number | null,
  at: string,
): Promise<AuditInput | null> {
  const e = await repo.findEntry(trx, id);
  if (!e) throw new AppError('not_found', { entity: 'points_entry', id });
  const roles = await actingRoles(trx, ctx.user, e.branch_id, e.member_id);
  if (roles.length === 0) throw new AppError('forbidden', { id });
  // The same decision again by the one who took it (a second 审核通过 from another tab or a
  // slow double click) is already done: nothing changes and it is no error.
  if (decisionState[action] === e.state && e.decided_by === ctx.user.id) return null;
  if (rowVersion != null && rowVersion !== e.row_version) throw new AppError('stale_record', { id });
  const next = nextEntryState(e.kind, e.state as EntryState, action, roles, reason);
  if (!next.ok) throw transitionError(next.error, { id, state: e.state, action });
  const qState = await quarterState(trx, e.scheme_id, e.quarter);
  if (
    ['submit', 'resubmit', 'confirm', 'redeclare', 'approve'].includes(action) &&
    !quarterAcceptsEntry(qState, e.kind)
  ) {
    throw new AppError(e.kind === 'adjustment' ? 'quarter_open' : 'quarter_closed', { quarter: e.quarter });
  }
  const decides = ['approve', 'return', 'reject', 'return_declaration'].includes(action);
  const res = await repo.updateEntryAtVersion(trx, id, e.row_version, {
    state: next.state,
    updated_at: at,
    row_version: e.row_version + 1,
    ...(next.state === 'submitted' ? { submitted_at: at } : {}),
    ...(decides ? { decided_by: ctx.user.id, decided_at: at, decision_reason: reason ?? null } : {}),
  });
  if (!res) {
    // Lost a race: to one's own twin request (double click, two tabs) it is already done.
    const now = await repo.findEntry(trx, id);
    if (now && decisionState[action] === now.state && now.decided_by === ctx.user.id) return null;
    throw new AppError('stale_record', { id });
  }
  if (next.state === 'approved' && e.kind === 'adjustment')
    await recomputeMemberIfClosed(trx, e.scheme_id, e.quarter, e.member_id, at);
  const changes = await recordRevision(ctx, trx, e, action, reason, at);
  return {
    action: `points.entry.${action}`,
    entityType: 'points_entry',
    entityId: id,
    orgId: e.branch_id,
    before: { state: e.state },
    after: { state: next.state, reason: reason ?? null, ...(changes ? { changes } : {}) },
  };
}

/**
 * Keeps a returned entry's history: on 退回 what it held (and why), on 重新提交 what the branch
 * changed since (returned for the audit row). Other steps keep nothing here.
 */
async function recordRevision(
  ctx: Ctx,
  trx: DbOrTrx,
  e: EntryRow,
  action: EntryAction,
  reason: string | undefined,
  at: string,
): Promise<EntryChange[] | null> {
  if (action !== 'return' && action !== 'resubmit') return null;
  const files = (await repo.evidenceOf(trx, [e.id], [])).filter((f) => f.entity_type === 'points_entry');
  const content = entryContentOf(e, files);
  let changes: EntryChange[] | null = null;
  if (action === 'resubmit') {
    const returned = (await repo.revisionsOf(trx, [e.id])).filter((r) => r.action === 'returned').at(-1);
    changes = returned ? entryChanges(JSON.parse(returned.content) as EntryContent, content) : [];
  }
  await repo.insertRevision(trx, {
    entry_id: e.id,
    action: action === 'return' ? 'returned' : 'resubmitted',
    content: JSON.stringify(content),
    changes: changes ? JSON.stringify(changes) : null,
    reason: reason ?? null,
    by_user_id: ctx.user.id,
    at,
  });
  return changes;
}

export async function actOnEntry(
  ctx: Ctx,
  id: number,
  action: EntryAction,
  reason: string | undefined,
  rowVersion: number,
): Promise<EntryView> {
  await ctx.db.transaction().execute(async (trx) => {
    const at = nowIso(ctx.clock);
    const audit = await applyEntryAction(ctx, trx, id, action, reason, rowVersion, at);
    if (audit) await appendAudit(trx, ctx.user, at, [audit]);
  });
  return getEntry(ctx, id);
}

/** The same action on many entries at once, all or nothing: one failure names the entry and changes none. */
export async function bulkAct(ctx: Ctx, ids: number[], action: EntryAction, reason: string | undefined) {
  const unique = [...new Set(ids)];
  await ctx.db.transaction().execute(async (trx) => {
    const at = nowIso(ctx.clock);
    const audits: AuditInput[] = [];
    for (const id of unique) {
      try {
        const audit = await applyEntryAction(ctx, trx, id, action, reason, null, at);
        if (audit) audits.push(audit);
      } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, { entryId: id, ...(e.details as object) });
        throw e;
      }
    }
    if (audits.length > 0) await appendAudit(trx, ctx.user, at, audits);
  });
  return { done: unique, entries: await viewEntries(ctx, unique) };
}

// ── reading ─────────────────────────────────────────────────────────────────────────────

/** One entry, for the member it belongs to and for users whose roles reach its branch. */
export async function getEntry(ctx: Ctx, id: number): Promise<EntryView> {
  const e = await repo.entryOwner(ctx.db, id);
  if (!e) throw new AppError('not_found', { entity: 'points_entry', id });
  if (
    ctx.user.memberId !== e.member_id &&
    (await actingRoles(ctx.db, ctx.user, e.branch_id, -1)).length === 0
  ) {
    throw new AppError('forbidden', { permission: 'points.entry.read' });
  }
  const [view] = await viewEntries(ctx, [id]);
  if (!view) throw new AppError('not_found', { entity: 'points_entry', id });
  return view;
}

/**
 * Lists entries within the user's scope (`points.entry.read`; the review queue is this list
 * filtered to `submitted`, oldest first), or a member's own entries.
 */
export async function listEntries(
  ctx: Ctx,
  q: z.infer<typeof entryListQuery>,
  overdueDays?: Map<number, number>,
): Promise<Page<EntryView>> {
  const ownOnly = q.memberId != null && q.memberId === ctx.user.memberId;
  const roots = ownOnly ? [] : requireSomewhere(ctx.user, 'points.entry.read');
  // Reviewers of the whole organisation need no scope filter, and the queue's index serves them.
  const scope =
    roots.length && !(await isSuperScope(ctx.db, ctx.user, 'points.entry.read'))
      ? await scopeOrgIds(ctx.db, roots)
      : null;
  const subtree = q.orgId ? await scopeOrgIds(ctx.db, [q.orgId]) : null;
  let dimensionCodes: string[] | null = null;
  if (q.dimension && q.schemeId) {
    const v = await currentVersion(ctx.db, q.schemeId);
    dimensionCodes = v.scheme.items.filter((i) => i.dimension === q.dimension).map((i) => i.code);
  }
  const now = nowIso(ctx.clock);
  const cutoffs = q.overdueOnly === 'true' ? await overdueCutoffs(ctx.db, now) : [];
  const filter: repo.EntryFilter = {
    branchIn: scope,
    memberId: ownOnly ? ctx.user.memberId : null,
    subtreeIn: subtree,
    schemeId: q.schemeId,
    state: q.state,
    kind: q.kind,
    quarter: q.quarter,
    itemCode: q.itemCode,
    itemCodeIn: dimensionCodes,
    activityId: q.activityId,
    overdue: q.overdueOnly === 'true' ? cutoffs : null,
  };
  if (q.memberId) filter.memberId = q.memberId;
  if (q.week) {
    const p = parsePeriodKey(q.week);
    if (p.kind === 'week') {
      const { start, end } = isoWeekRange(p.year, p.week);
      // Submission instants are UTC; a Beijing week starts 8 hours earlier in UTC.
      filter.submittedFrom = new Date(Date.parse(`${start}T00:00:00+08:00`)).toISOString();
      filter.submittedTo = new Date(Date.parse(`${end}T23:59:59.999+08:00`)).toISOString();
    }
  }
  // The count, the page's ids and its rows in one statement; the count alone past the last page.
  const rows = await repo.entriesPageWithNames(
    ctx.db,
    filter,
    q.state === 'submitted' ? 'submitted' : 'occurred_desc',
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const total = rows[0] ? Number(rows[0].total_count) : await repo.countEntries(ctx.db, filter);
  return { items: await viewRows(ctx, rows, overdueDays), total, page: q.page, pageSize: q.pageSize };
}

/** What waits for review, per branch of the reviewer's scope, and how much of it is overdue. */
export async function reviewCounts(ctx: Ctx, orgId?: number) {
  const roots = requireSomewhere(ctx.user, 'points.review');
  const scope = (await isSuperScope(ctx.db, ctx.user, 'points.review'))
    ? null
    : await scopeOrgIds(ctx.db, roots);
  const cutoffs = await overdueCutoffs(ctx.db, nowIso(ctx.clock));
  const rows = await repo.waitingPerBranch(
    ctx.db,
    cutoffs,
    scope,
    orgId ? await scopeOrgIds(ctx.db, [orgId]) : null,
  );
  const items = rows.map((r) => ({
    branchId: r.branch_id,
    branchName: r.name,
    waiting: Number(r.waiting),
    overdue: Number(r.overdue ?? 0),
  }));
  return {
    items,
    waiting: items.reduce((a, b) => a + b.waiting, 0),
    overdue: items.reduce((a, b) => a + b.overdue, 0),
  };
}
