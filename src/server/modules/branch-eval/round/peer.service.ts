/**
 * Peer evaluation (SPEC §3 互评). Anonymity (SPEC §7 "no rater identity shown to the rated"; "no
 * stored link between a person and their … peer score"): the rater is a BRANCH. Nothing stored
 * names the person who typed a sheet, nor lines it up with them: a peer score keeps no time and no
 * id, filing a sheet writes no audit row (the approval records the month's sheets as counts) and
 * never opens the month. Raters are shown only to the office and the committee, and never to a
 * user who belongs to the rated branch, whatever their other roles.
 */
import type { z } from 'zod';
import type {
  assignmentRow,
  assignmentsResponse,
  peerScoresResponse,
  peerSubmitBody,
  peerTask,
} from '../../../../contracts/branch-eval.js';
import { scopeRoots } from '../../../../domain/access/roles.js';
import {
  canPeerRate,
  canSubmitPeer,
  checkPeerAssignment,
  effectiveMonthState,
  errorsOf,
  isLate,
  type PeerAssignment,
  validatePeerScores,
} from '../../../../domain/branch-eval/index.js';
import { appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import type { Page } from '../../../lib/pagination.js';
import { authorize, can } from '../../../lib/permissions.js';
import * as orgService from '../../org/org.service.js';
import {
  issueDto,
  issueError,
  issuesError,
  isUserOfBranch,
  monthParts,
  parsePlanJson,
} from '../branch-eval.common.js';
import { evidenceOf } from '../evidence.js';
import * as planRepo from '../library/plan.repo.js';
import * as roundRepo from './round.repo.js';
import {
  addDefaultAssignments,
  approvedPlanOf,
  defaultAssignmentOf,
  ensureMonth,
  monthPeerSeed,
  type RoundClock,
  roundClock,
  unopenedMonth,
} from './round.service.js';

type AssignmentRow = z.infer<typeof assignmentRow>;

const asAssignment = (
  rows: readonly { rated_branch_id: number; rater_branch_id: number }[],
): PeerAssignment => {
  const byRated = new Map<number, number[]>();
  for (const r of rows)
    byRated.set(r.rated_branch_id, [...(byRated.get(r.rated_branch_id) ?? []), r.rater_branch_id]);
  return [...byRated].map(([rated, raters]) => ({ rated, raters: raters.sort((a, b) => a - b) }));
};

function refuseIfClosed(month: roundRepo.MonthRow, rc: RoundClock): void {
  const s = effectiveMonthState(month.state, rc.today, rc.deadlines);
  if (s === 'approved' || s === 'published') throw new AppError('month_closed', { month: rc.parts.key });
}

async function minRatersOf(ctx: Ctx, orgId: number, quarterKey: string): Promise<number> {
  const branches = await roundRepo.roundBranches(ctx.db, orgId, quarterKey);
  const versions = await planRepo.versionsByIds(
    ctx.db,
    branches.flatMap((b) => (b.current_version_id == null ? [] : [b.current_version_id])),
  );
  return Math.max(1, ...versions.map((v) => parsePlanJson(v.plan_json).minPeerRaters));
}

/**
 * Who rates whom this month (the office and the committee only). Rows of a branch the viewer
 * belongs to come back with its raters hidden.
 */
export async function getAssignments(
  ctx: Ctx,
  monthKey: string,
  orgId: number,
  page: number,
  pageSize: number,
): Promise<z.infer<typeof assignmentsResponse>> {
  await authorize(ctx.db, ctx.user, 'branch_eval.raters.read', orgId);
  const rc = await roundClock(ctx, ctx.db, monthKey);
  const branches = await roundRepo.roundBranches(ctx.db, orgId, rc.parts.quarterKey);
  const month = await roundRepo.findMonth(ctx.db, orgId, rc.parts.key);
  // A month nobody has opened: the default it will open with, computed (a read writes nothing).
  const rows: readonly { rated_branch_id: number; rater_branch_id: number; source: 'default' | 'office' }[] =
    month
      ? await roundRepo.assignmentsOfMonth(ctx.db, month.id)
      : branches.length === 0
        ? []
        : (
            await defaultAssignmentOf(
              ctx.db,
              orgId,
              rc.parts.quarterKey,
              await monthPeerSeed(ctx.db, orgId, rc.parts.key),
            )
          ).assignment.flatMap((a) =>
            a.raters.map((r) => ({
              rated_branch_id: a.rated,
              rater_branch_id: r,
              source: 'default' as const,
            })),
          );
  const scored = month
    ? await roundRepo.peerScoresOfRated(
        ctx.db,
        month.id,
        branches.map((b) => b.branch_id),
      )
    : [];
  const orgs = await orgService.orgsByIds(ctx.db, [...new Set(rows.map((r) => r.rater_branch_id))]);
  const warnings = checkPeerAssignment(
    asAssignment(rows),
    await minRatersOf(ctx, orgId, rc.parts.quarterKey),
  );
  const slice = branches.slice((page - 1) * pageSize, page * pageSize);
  const items: AssignmentRow[] = [];
  for (const b of slice) {
    const mine = rows.filter((r) => r.rated_branch_id === b.branch_id);
    const hidden = await isUserOfBranch(ctx.db, ctx.user, b.branch_id);
    items.push({
      ratedBranchId: b.branch_id,
      ratedBranchName: b.name,
      hidden,
      raterCount: mine.length,
      raters: hidden
        ? []
        : mine.map((r) => ({
            branchId: r.rater_branch_id,
            branchName: orgs.find((o) => o.id === r.rater_branch_id)?.name ?? '',
            source: r.source,
            submitted: scored.some(
              (s) => s.rated_branch_id === b.branch_id && s.rater_branch_id === r.rater_branch_id,
            ),
          })),
    });
  }
  const hiddenIds = new Set(items.filter((i) => i.hidden).map((i) => i.ratedBranchId));
  return {
    items,
    total: branches.length,
    page,
    pageSize,
    warnings: warnings.filter((w) => !hiddenIds.has(Number(w.details.branch))).map(issueDto),
  };
}

/**
 * Adds the default assignment (SPEC §3: the same parent committee, never oneself) for every
 * branch of the round that has none yet, keeping the office's edits (the office).
 */
export async function generateAssignments(ctx: Ctx, monthKey: string, orgId: number) {
  await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.verify', orgId);
    const rc = await roundClock(ctx, trx, monthKey);
    const at = nowIso(ctx.clock);
    const month = await ensureMonth(trx, ctx.user, orgId, rc.parts, at);
    refuseIfClosed(month, rc);
    const before = (await roundRepo.assignmentsOfMonth(trx, month.id)).length;
    const warnings = await addDefaultAssignments(trx, month, rc.parts.quarterKey, at);
    const after = (await roundRepo.assignmentsOfMonth(trx, month.id)).length;
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.peer.assign_default',
        entityType: 'be_month',
        entityId: month.id,
        orgId,
        before: { assignments: before },
        after: { assignments: after, warnings: warnings.map((w) => w.code) },
      },
    ]);
  });
  return getAssignments(ctx, monthKey, orgId, 1, 50);
}

/**
 * The office sets the raters of one branch (SPEC §3 "editable by the office"; "at least 5 raters":
 * raters may come from elsewhere). Refused: the branch itself (`self_rating`), a rater listed
 * twice, a rater that is not a branch, removing a rater who has already scored
 * (`rater_has_scored`), and an office user who belongs to the rated branch (they would learn
 * its raters). Too few raters is a warning, not a refusal.
 */
export async function setRaters(
  ctx: Ctx,
  monthKey: string,
  ratedBranchId: number,
  orgId: number,
  raterIds: readonly number[],
) {
  await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.verify', orgId);
    await authorize(trx, ctx.user, 'branch_eval.raters.read', orgId);
    if (await isUserOfBranch(trx, ctx.user, ratedBranchId)) {
      throw new AppError('forbidden', { reason: 'a user of the rated branch cannot see or set its raters' });
    }
    const rc = await roundClock(ctx, trx, monthKey);
    const inRound = (await roundRepo.roundBranches(trx, orgId, rc.parts.quarterKey)).some(
      (b) => b.branch_id === ratedBranchId,
    );
    if (!inRound) throw new AppError('not_found', { entity: 'round branch', id: ratedBranchId });
    if (raterIds.includes(ratedBranchId)) throw issueError(selfRatingIssue(ratedBranchId));
    const dup = raterIds.find((id, i) => raterIds.indexOf(id) !== i);
    if (dup !== undefined) throw new AppError('duplicate_rater', { rater: dup });
    const orgs = await orgService.orgsByIds(trx, raterIds);
    const notBranches = raterIds.filter((id) => orgs.find((o) => o.id === id)?.kind !== 'branch');
    if (notBranches.length > 0) throw new AppError('not_a_branch', { ids: notBranches });
    const at = nowIso(ctx.clock);
    const month = await ensureMonth(trx, ctx.user, orgId, rc.parts, at);
    refuseIfClosed(month, rc);
    const current = (await roundRepo.assignmentsOfMonth(trx, month.id)).filter(
      (r) => r.rated_branch_id === ratedBranchId,
    );
    const currentIds = current.map((r) => r.rater_branch_id);
    const removed = currentIds.filter((id) => !raterIds.includes(id));
    const scored = await roundRepo.peerScoresOfRated(trx, month.id, [ratedBranchId]);
    const blocked = removed.filter((id) => scored.some((s) => s.rater_branch_id === id));
    if (blocked.length > 0) throw new AppError('rater_has_scored', { raters: blocked });
    const added = raterIds.filter((id) => !currentIds.includes(id));
    await roundRepo.deleteAssignments(trx, month.id, ratedBranchId, removed);
    await roundRepo.insertAssignments(
      trx,
      added.map((rater) => ({
        month_id: month.id,
        rated_branch_id: ratedBranchId,
        rater_branch_id: rater,
        source: 'office' as const,
        created_at: at,
      })),
    );
    // Counts only: the audit log is read by admins, who may belong to the rated branch.
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.peer.set_raters',
        entityType: 'be_month',
        entityId: month.id,
        orgId,
        before: { month: rc.parts.key, rated: ratedBranchId, raters: currentIds.length },
        after: {
          month: rc.parts.key,
          rated: ratedBranchId,
          raters: raterIds.length,
          added: added.length,
          removed: removed.length,
        },
      },
    ]);
  });
  const page = await getAssignments(ctx, monthKey, orgId, 1, 5000);
  const row = page.items.find((i) => i.ratedBranchId === ratedBranchId);
  if (!row) throw new AppError('internal');
  return { ...page, items: [row], total: 1, pageSize: 1 };
}

function selfRatingIssue(branchId: number) {
  const check = canPeerRate(branchId, branchId, []);
  if (check.ok) throw new AppError('internal');
  return check.error;
}

/**
 * The peer sheets the user's branches must fill this month (SPEC §3 step 2, the rater's to-do):
 * the branches assigned to them with the evaluative indicators, the deadline and their own
 * scores. Nothing about who else rates those branches.
 */
export async function peerTasks(
  ctx: Ctx,
  monthKey: string,
  page: number,
  pageSize: number,
): Promise<Page<z.infer<typeof peerTask>>> {
  const roots = scopeRoots(ctx.user.grants, 'branch_eval.peer');
  if (roots.length === 0) throw new AppError('forbidden', { permission: 'branch_eval.peer' });
  const tasks = await peerTaskList(ctx, monthKey, roots);
  return { items: tasks.slice((page - 1) * pageSize, page * pageSize), total: tasks.length, page, pageSize };
}

/**
 * Every peer sheet of the rater branches under `roots` in a month (also used by the to-do list).
 * A round whose month nobody has opened yet shows the sheets of its default assignment, computed
 * and not yet open for filing (`opened: false`); a read writes nothing.
 */
export async function peerTaskList(ctx: Ctx, monthKey: string, roots: readonly number[]) {
  const rc = await roundClock(ctx, ctx.db, monthKey);
  const raterIds = await orgService.branchIdsUnder(ctx.db, roots);
  const raterSet = new Set(raterIds);
  const months = await roundRepo.monthsOfKey(ctx.db, rc.parts.key);
  const stored = await roundRepo.assignmentsOfRaters(
    ctx.db,
    raterIds,
    months.map((m) => m.id),
  );
  const sheets: { month: roundRepo.MonthRow; rated: number; rater: number }[] = [];
  for (const a of stored) {
    const month = months.find((m) => m.id === a.month_id);
    if (month) sheets.push({ month, rated: a.rated_branch_id, rater: a.rater_branch_id });
  }
  // The rater branches' own rounds not opened yet: their default assignment, as it will open.
  const plans = await planRepo.plansOfBranches(ctx.db, raterIds, rc.parts.quarterKey);
  const opened = new Set(months.map((m) => m.org_id));
  const unopened = [...new Set(plans.filter((p) => p.state !== 'draft').map((p) => p.org_id))].filter(
    (org) => !opened.has(org),
  );
  if (rc.today >= rc.deadlines.opensOn) {
    for (const org of unopened) {
      const month = unopenedMonth(org, rc.parts.key);
      for (const a of (
        await defaultAssignmentOf(
          ctx.db,
          org,
          rc.parts.quarterKey,
          await monthPeerSeed(ctx.db, org, rc.parts.key),
        )
      ).assignment) {
        for (const rater of a.raters) if (raterSet.has(rater)) sheets.push({ month, rated: a.rated, rater });
      }
    }
  }
  const own = await roundRepo.peerScoresOfRaters(
    ctx.db,
    raterIds,
    months.map((m) => m.id),
  );
  const orgs = await orgService.orgsByIds(ctx.db, [...new Set(sheets.flatMap((a) => [a.rater, a.rated]))]);
  const reopened = new Map<string, boolean>();
  const bmIdOf = new Map<string, number>();
  for (const m of months) {
    for (const bm of await roundRepo.branchMonthsOf(ctx.db, m.id)) {
      reopened.set(`${m.id}:${bm.branch_id}`, bm.window_reopened === 1);
      bmIdOf.set(`${m.id}:${bm.branch_id}`, bm.id);
    }
  }
  // The rated branches' notes and evidence (never their self scores: only `note` leaves here).
  const ratedBmIds = [...new Set(sheets.flatMap((a) => bmIdOf.get(`${a.month.id}:${a.rated}`) ?? []))];
  const selfRows = await roundRepo.selfScoresOf(ctx.db, ratedBmIds);
  const evidence = await evidenceOf(
    ctx.db,
    selfRows.map((r) => r.id),
  );
  const selfRowOf = new Map(selfRows.map((r) => [`${r.branch_month_id}:${r.code}`, r]));
  const contextOf = (monthId: number, rated: number, codes: readonly string[]) => {
    const bmId = bmIdOf.get(`${monthId}:${rated}`);
    return codes.map((code) => {
      const row = selfRowOf.get(`${bmId}:${code}`);
      const ev = row ? evidence.get(row.id) : undefined;
      return {
        code,
        note: row?.note ?? null,
        evidence: ev ?? { files: [], activities: [], entries: [] },
      };
    });
  };
  const ratedPlans = await planRepo.plansOfBranches(
    ctx.db,
    [...new Set(sheets.map((a) => a.rated))],
    rc.parts.quarterKey,
  );
  const versions = await planRepo.versionsByIds(
    ctx.db,
    ratedPlans.flatMap((p) => (p.current_version_id == null ? [] : [p.current_version_id])),
  );
  const out: z.infer<typeof peerTask>[] = [];
  for (const { month, rated, rater } of sheets) {
    const plan = ratedPlans.find((p) => p.branch_id === rated);
    const version = versions.find((v) => v.id === plan?.current_version_id);
    if (!plan || !version) continue;
    const isOpened = month.id !== 0;
    const indicators = parsePlanJson(version.plan_json).indicators.filter((i) => i.category === 'evaluative');
    const scores = isOpened
      ? own.filter(
          (s) => s.month_id === month.id && s.rated_branch_id === rated && s.rater_branch_id === rater,
        )
      : [];
    const state = effectiveMonthState(month.state, rc.today, rc.deadlines);
    const open =
      isOpened &&
      state !== 'approved' &&
      state !== 'published' &&
      canSubmitPeer(rc.today, rc.deadlines, reopened.get(`${month.id}:${rater}`) ?? false).ok;
    out.push({
      orgId: month.org_id,
      raterBranchId: rater,
      raterBranchName: orgs.find((o) => o.id === rater)?.name ?? '',
      ratedBranchId: rated,
      ratedBranchName: orgs.find((o) => o.id === rated)?.name ?? '',
      due: rc.deadlines.peerDue,
      opened: isOpened,
      open,
      submitted: scores.length > 0,
      overdue: scores.length === 0 && isLate(rc.today, rc.deadlines.peerDue),
      indicators,
      scores: scores.length > 0 ? Object.fromEntries(scores.map((s) => [s.code, s.score])) : null,
      context: contextOf(
        month.id,
        rated,
        indicators.map((i) => i.code),
      ),
    });
  }
  return out;
}

/**
 * A rater branch scores the evaluative indicators of a branch assigned to it (SPEC §3 step 2), all
 * at once, in the self-evaluation window (or the rater's reopened window); resubmitting in the
 * window replaces the sheet. Refused: rating oneself (`self_rating`), a branch not assigned
 * (`not_assigned`), after the window (`window_closed`), once the month is approved, scores above
 * the indicator's max or for other indicators — nothing is saved then.
 */
export async function submitPeer(
  ctx: Ctx,
  monthKey: string,
  ratedBranchId: number,
  input: z.infer<typeof peerSubmitBody>,
) {
  await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.peer', input.raterBranchId);
    if (input.raterBranchId === ratedBranchId) throw issueError(selfRatingIssue(ratedBranchId));
    const rc = await roundClock(ctx, trx, monthKey);
    const { row, plan } = await approvedPlanOf(trx, ratedBranchId, rc);
    // A peer sheet never opens the month: that is an audited act naming its actor, which here
    // would name the rater's person at the moment of the sheet.
    const month = await roundRepo.findMonth(trx, row.org_id, rc.parts.key);
    if (month) refuseIfClosed(month, rc);
    const check = canPeerRate(
      input.raterBranchId,
      ratedBranchId,
      month
        ? asAssignment(await roundRepo.assignmentsOfMonth(trx, month.id))
        : (
            await defaultAssignmentOf(
              trx,
              row.org_id,
              rc.parts.quarterKey,
              await monthPeerSeed(trx, row.org_id, rc.parts.key),
            )
          ).assignment,
    );
    if (!check.ok) throw issueError(check.error);
    const raterMonth = month
      ? await roundRepo.findBranchMonth(trx, month.id, input.raterBranchId)
      : undefined;
    const window = canSubmitPeer(rc.today, rc.deadlines, raterMonth?.window_reopened === 1);
    if (!window.ok) throw issueError(window.error);
    if (!month) throw new AppError('month_not_opened', { month: rc.parts.key });
    const problems = errorsOf(validatePeerScores(plan, input.scores));
    if (problems.length > 0) throw issuesError(problems);
    // No audit row, no time, no person: the sheet is stored under the rater branch only. The
    // month's sheets enter the audit log as counts when the committee approves it.
    await roundRepo.replacePeerSheet(trx, month.id, ratedBranchId, input.raterBranchId, input.scores);
  });
  const roots = [input.raterBranchId];
  const tasks = await peerTaskList(ctx, monthKey, roots);
  const task = tasks.find(
    (t) => t.ratedBranchId === ratedBranchId && t.raterBranchId === input.raterBranchId,
  );
  if (!task) throw new AppError('internal');
  return task;
}

/**
 * Whether the user's branches rate the branch a file backs (SPEC §3: the rater sees the rated
 * branch's evidence): lets a rater open the files listed on a peer sheet, and nothing else.
 */
export async function mayRaterSeeFile(ctx: Ctx, fileId: number): Promise<boolean> {
  const roots = scopeRoots(ctx.user.grants, 'branch_eval.peer');
  if (roots.length === 0) return false;
  return roundRepo.fileSeenByRaters(ctx.db, fileId, await orgService.branchIdsUnder(ctx.db, roots));
}

/** Every rater's sheet for one branch (the office and the committee; never a user of that branch). */
export async function peerScoresOf(
  ctx: Ctx,
  monthKey: string,
  ratedBranchId: number,
): Promise<z.infer<typeof peerScoresResponse>> {
  if (!(await can(ctx.db, ctx.user, 'branch_eval.raters.read', ratedBranchId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.raters.read' });
  }
  if (await isUserOfBranch(ctx.db, ctx.user, ratedBranchId)) {
    throw new AppError('forbidden', { reason: 'a user of the rated branch cannot see its raters' });
  }
  const parts = monthParts(monthKey);
  const plan = await planRepo.findPlanOfBranch(ctx.db, ratedBranchId, parts.quarterKey);
  const month = plan ? await roundRepo.findMonth(ctx.db, plan.org_id, parts.key) : undefined;
  const rows = month
    ? (await roundRepo.assignmentsOfMonth(ctx.db, month.id)).filter(
        (r) => r.rated_branch_id === ratedBranchId,
      )
    : [];
  const scores = month ? await roundRepo.peerScoresOfRated(ctx.db, month.id, [ratedBranchId]) : [];
  const orgs = await orgService.orgsByIds(ctx.db, [ratedBranchId, ...rows.map((r) => r.rater_branch_id)]);
  return {
    ratedBranchId,
    ratedBranchName: orgs.find((o) => o.id === ratedBranchId)?.name ?? '',
    month: parts.key,
    raters: rows.map((r) => {
      const mine = scores.filter((s) => s.rater_branch_id === r.rater_branch_id);
      return {
        branchId: r.rater_branch_id,
        branchName: orgs.find((o) => o.id === r.rater_branch_id)?.name ?? '',
        scores: Object.fromEntries(mine.map((s) => [s.code, s.score])),
      };
    }),
  };
}
