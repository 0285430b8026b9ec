/**
 * Entries as the API shows them (with names, evidence, waiting time and the caller's actions).
 * Its own file because both the entry and the quarter services show entries, and the entry
 * service also rescores closed quarters through the quarter service: one file each way, no cycle.
 */
import type { EntryView } from '../../../contracts/points.js';
import type { Role } from '../../../domain/access/roles.js';
import { reviewAt } from '../../../domain/points/review.js';
import { type EntryChange, type EntryContent, entryChanges } from '../../../domain/points/revision.js';
import type { SchemeItem } from '../../../domain/points/scheme.js';
import { availableEntryActions, canEditEntry, type EntryState } from '../../../domain/points/workflow.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { rolesAtEach } from '../../lib/permissions.js';
import { type EntryRow, entriesWithNames, evidenceOf, revisionsOf } from './entry.repo.js';
import { currentScheme, overdueDaysOf } from './scheme.service.js';

/** The correctable content of an entry, with its own evidence files (not the activity's). */
export function entryContentOf(
  e: Pick<EntryRow, 'occurred_on' | 'quantity' | 'points' | 'note'>,
  files: readonly { id: number; original_name: string }[],
): EntryContent {
  return {
    occurredOn: e.occurred_on,
    quantity: e.quantity,
    points: e.points,
    note: e.note,
    evidence: files.map((f) => ({ id: f.id, name: f.original_name })),
  };
}

/** Entries as the viewer sees them, with names, evidence (own and the activity's) and the viewer's actions. */
export async function viewEntries(ctx: Ctx, ids: number[]): Promise<EntryView[]> {
  if (ids.length === 0) return [];
  const rows = await entriesWithNames(ctx.db, ids);
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return viewRows(ctx, rows);
}

/**
 * `viewEntries` of rows already read with their names, in the order given. `overdueDays`, when
 * given, receives each scheme's overdue setting the views were flagged by (a kept list flags its
 * entries again at each request's instant with them).
 */
export async function viewRows(
  ctx: Ctx,
  rows: Awaited<ReturnType<typeof entriesWithNames>>,
  overdueDays = new Map<number, number>(),
): Promise<EntryView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const itemsByScheme = new Map<number, Map<string, SchemeItem>>();
  // The scheme's own "review overdue" setting, from the version in force as every count and
  // filter reads it (`overdueCutoffs`): the same version `currentScheme` gives.
  const schemeIds = [...new Set(rows.map((r) => r.scheme_id))];
  for (const schemeId of schemeIds) {
    const scheme = await currentScheme(ctx.db, schemeId);
    itemsByScheme.set(schemeId, new Map(scheme.items.map((i) => [i.code, i])));
    overdueDays.set(schemeId, overdueDaysOf(scheme.rules));
  }
  const activityIds = [...new Set(rows.map((r) => r.activity_id).filter((x): x is number => x != null))];
  const links = await evidenceOf(ctx.db, ids, activityIds);
  const revisions = await revisionsOf(ctx.db, ids);
  // The viewer's roles at each branch of the page, in one read (`actingRoles` without the member's own).
  const rolesByBranch = new Map(
    [...(await rolesAtEach(ctx.db, ctx.user, [...new Set(rows.map((r) => r.branch_id))]))].map(
      ([id, roles]) => [id, roles.filter((x) => x !== 'member')],
    ),
  );
  const review = reviewAt(nowIso(ctx.clock));
  const out: EntryView[] = [];
  for (const r of rows) {
    const branchRoles = rolesByBranch.get(r.branch_id) ?? [];
    const roles: Role[] = ctx.user.memberId === r.member_id ? [...branchRoles, 'member'] : branchRoles;
    const item = itemsByScheme.get(r.scheme_id)?.get(r.item_code);
    const evidence = links
      .filter(
        (l) =>
          (l.entity_type === 'points_entry' && l.entity_id === r.id) ||
          (l.entity_type === 'points_activity' && l.entity_id === r.activity_id),
      )
      .map((l) => ({
        id: l.id,
        name: l.original_name,
        mime: l.mime,
        previewable: l.mime.startsWith('image/') || l.mime === 'application/pdf',
      }));
    const own = links.filter((l) => l.entity_type === 'points_entry' && l.entity_id === r.id);
    const history = revisions.filter((v) => v.entry_id === r.id);
    const lastReturn = history.filter((v) => v.action === 'returned').at(-1);
    const changesSinceReturn =
      r.state === 'returned' && lastReturn
        ? entryChanges(JSON.parse(lastReturn.content) as EntryContent, entryContentOf(r, own))
        : null;
    const waiting = r.state === 'submitted' && r.submitted_at ? review.waitingDays(r.submitted_at) : null;
    out.push({
      id: r.id,
      schemeId: r.scheme_id,
      memberId: r.member_id,
      memberName: r.member_name,
      employeeNo: r.employee_no,
      branchId: r.branch_id,
      branchName: r.branch_name,
      itemCode: r.item_code,
      itemName: item?.name ?? r.item_code,
      dimension: item?.dimension ?? 'political',
      direction: item?.direction ?? 'bonus',
      occurredOn: r.occurred_on,
      quarter: r.quarter,
      quantity: r.quantity,
      points: r.points,
      note: r.note,
      kind: r.kind,
      state: r.state as EntryState,
      activityId: r.activity_id,
      revokesEntryId: r.revokes_entry_id,
      evidence,
      createdByAccount: r.created_by_account,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      decidedAt: r.decided_at,
      decisionReason: r.decision_reason,
      waitingDays: waiting,
      overdue:
        r.state === 'submitted' &&
        r.submitted_at != null &&
        review.isOverdue(r.submitted_at, overdueDays.get(r.scheme_id)),
      rowVersion: r.row_version,
      actions: availableEntryActions(r.kind, r.state as EntryState, roles).map((t) => t.action),
      editable: roles.some((role) => canEditEntry(r.kind, r.state as EntryState, role)),
      changesSinceReturn,
      history: history.map((v) => ({
        action: v.action,
        at: v.at,
        byAccount: v.account,
        reason: v.reason,
        changes: v.changes ? (JSON.parse(v.changes) as EntryChange[]) : [],
      })),
    });
  }
  return out;
}
