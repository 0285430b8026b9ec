import type { z } from 'zod';
import type {
  changeRequestBody,
  commentBody,
  reportBody,
  reportLinkableQuery,
  reportLinkableResponse,
} from '../../../contracts/projects.js';
import { reportingStates, reportOnTime } from '../../../domain/projects/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { can } from '../../lib/permissions.js';
import { checkEvalEvidence, checkEvidence, evalEvidenceItems } from '../branch-eval/evidence.js';
import { linkableRecords } from '../branch-eval/round/linkable.service.js';
import { readableProject } from './projects.common.js';
import * as repo from './projects.repo.js';

/**
 * A milestone report (节点报告) by the owner: text, the declared status (按期/滞后/完成) and evidence
 * — files already uploaded (by hash, through the files module) or records the branch already keeps
 * (its points activities, e.g. a 主题党日, and its members' point entries), checked through the
 * branch evaluation's evidence rules, never uploaded again. The first report decides on-time,
 * against the due date in force when it was due.
 */
export async function reportMilestone(
  ctx: Ctx,
  projectId: number,
  milestoneId: number,
  input: z.infer<typeof reportBody>,
): Promise<{ id: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const { p, actors } = await readableProject(trx, ctx.user, projectId);
    if (!actors.includes('owner')) throw new AppError('forbidden', { entity: 'project', id: projectId });
    if (!reportingStates.includes(p.state)) throw new AppError('project_not_reportable', { state: p.state });
    const m = await repo.findMilestone(trx, projectId, milestoneId);
    if (!m) throw new AppError('not_found', { entity: 'milestone', id: milestoneId });
    await checkEvidence(ctx, trx, p.org_id, {
      files: input.fileIds,
      activities: input.activityIds,
      entries: input.entryIds,
    });
    await checkEvalEvidence(trx, p.org_id, input.evalEvidenceIds);
    const today = todayInChina(ctx.clock);
    const changes = (await repo.changesOf(trx, projectId))
      .filter((c) => c.milestone_id === m.id && c.state === 'approved' && c.decided_on)
      .map((c) => ({ approvedOn: c.decided_on ?? '', newDue: c.new_due }));
    const onTime = reportOnTime(m.reported_on ?? today, m.baseline_due, changes);
    const at = nowIso(ctx.clock);
    const reportId = await repo.insertReport(trx, {
      milestone_id: m.id,
      project_id: projectId,
      status: input.progress,
      body: input.text,
      reported_on: today,
      on_time: onTime ? 1 : 0,
      created_by: ctx.user.id,
      created_at: at,
    });
    const files = [...new Set(input.fileIds)];
    await repo.insertEvidenceLinks(
      trx,
      files.map((file_id) => ({
        file_id,
        entity_type: 'pj_report',
        entity_id: reportId,
        created_by: ctx.user.id,
        created_at: at,
      })),
    );
    const refs = [
      ...[...new Set(input.activityIds)].map((ref_id) => ({
        report_id: reportId,
        ref_type: 'points_activity' as const,
        ref_id,
      })),
      ...[...new Set(input.entryIds)].map((ref_id) => ({
        report_id: reportId,
        ref_type: 'points_entry' as const,
        ref_id,
      })),
      ...[...new Set(input.evalEvidenceIds)].map((ref_id) => ({
        report_id: reportId,
        ref_type: 'be_self_score' as const,
        ref_id,
      })),
    ];
    await repo.insertReportRefs(trx, refs);
    if (m.reported_on === null) {
      await repo.updateMilestone(trx, m.id, { reported_on: today, on_time: onTime ? 1 : 0 });
      await repo.refreshNextDue(trx, projectId);
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'projects.report',
        entityType: 'pj_report',
        entityId: reportId,
        orgId: p.org_id,
        after: {
          project: projectId,
          milestone: m.id,
          status: input.progress,
          onTime,
          files,
          activities: input.activityIds,
          entries: input.entryIds,
          evalEvidence: input.evalEvidenceIds,
        },
      },
    ]);
    return { id: reportId };
  });
}

/**
 * What the owner's milestone report can link for a month instead of uploading again (SPEC §4
 * "linked from what is already recorded", §7): the owning org's points activities and entries,
 * and its monthly-evaluation evidence items (each indicator's self score with its note and
 * evidence). The owner only: it is the report's picker.
 */
export async function reportLinkable(
  ctx: Ctx,
  projectId: number,
  q: z.infer<typeof reportLinkableQuery>,
): Promise<z.infer<typeof reportLinkableResponse>> {
  const { p, actors } = await readableProject(ctx.db, ctx.user, projectId);
  if (!actors.includes('owner')) throw new AppError('forbidden', { entity: 'project', id: projectId });
  const records = await linkableRecords(ctx, p.org_id, q.month, { page: 1, pageSize: 50 });
  return {
    projectId,
    orgId: p.org_id,
    month: q.month,
    activities: records.activities.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      occurredOn: a.occurredOn,
      itemName: a.itemName,
      attendees: a.attendees,
      files: a.files,
    })),
    entries: records.entries.items.map((e) => ({
      id: e.id,
      memberName: e.memberName,
      itemName: e.itemName,
      occurredOn: e.occurredOn,
      points: e.points,
    })),
    evalEvidence: await evalEvidenceItems(ctx.db, p.org_id, q.month),
  };
}

/** The owner asks to move a milestone's due date; the committee decides (baseline stays). */
export async function requestDueChange(
  ctx: Ctx,
  projectId: number,
  milestoneId: number,
  input: z.infer<typeof changeRequestBody>,
): Promise<{ id: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const { p, actors } = await readableProject(trx, ctx.user, projectId);
    if (!actors.includes('owner')) throw new AppError('forbidden', { entity: 'project', id: projectId });
    if (!reportingStates.includes(p.state)) throw new AppError('project_not_reportable', { state: p.state });
    const m = await repo.findMilestone(trx, projectId, milestoneId);
    if (!m) throw new AppError('not_found', { entity: 'milestone', id: milestoneId });
    if (m.reported_on !== null) throw new AppError('milestone_reported', { milestone: m.id });
    if (Number(input.newDue.slice(0, 4)) !== p.year)
      throw new AppError('milestone_outside_year', { due: input.newDue });
    const pending = await repo.pendingChangeOf(trx, m.id);
    if (pending) throw new AppError('change_pending', { change: pending.id });
    const at = nowIso(ctx.clock);
    const requestId = await repo.insertChange(trx, {
      milestone_id: m.id,
      project_id: projectId,
      old_due: m.current_due,
      new_due: input.newDue,
      reason: input.reason,
      state: 'pending',
      requested_by: ctx.user.id,
      requested_at: at,
      decided_by: null,
      decided_at: null,
      decided_on: null,
      note: null,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'projects.change.request',
        entityType: 'pj_due_change',
        entityId: requestId,
        orgId: p.org_id,
        after: { milestone: m.id, from: m.current_due, to: input.newDue, reason: input.reason },
      },
    ]);
    return { id: requestId };
  });
}

/** The committee approves (the current due date moves; the baseline stays) or rejects a change. */
export async function decideDueChange(
  ctx: Ctx,
  projectId: number,
  changeId: number,
  decision: 'approve' | 'reject',
  note: string | undefined,
): Promise<{ id: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const { p, actors } = await readableProject(trx, ctx.user, projectId);
    if (!actors.includes('committee')) throw new AppError('forbidden', { entity: 'project', id: projectId });
    const c = await repo.findChange(trx, projectId, changeId);
    if (!c) throw new AppError('not_found', { entity: 'due change', id: changeId });
    if (c.state !== 'pending') throw new AppError('change_decided', { state: c.state });
    if (decision === 'reject' && (note ?? '').trim() === '') throw new AppError('reason_required');
    const at = nowIso(ctx.clock);
    const today = todayInChina(ctx.clock);
    const state = decision === 'approve' ? 'approved' : 'rejected';
    await repo.updateChange(trx, c.id, {
      state,
      decided_by: ctx.user.id,
      decided_at: at,
      decided_on: today,
      note: note?.trim() || null,
    });
    if (decision === 'approve') {
      await repo.updateMilestone(trx, c.milestone_id, { current_due: c.new_due });
      await repo.refreshNextDue(trx, projectId);
    }
    await appendAudit(trx, ctx.user, at, [
      {
        action: `projects.change.${decision}`,
        entityType: 'pj_due_change',
        entityId: c.id,
        orgId: p.org_id,
        before: { state: 'pending', due: c.old_due },
        after: { state, due: decision === 'approve' ? c.new_due : c.old_due, note: note ?? null },
      },
    ]);
    return { id: c.id };
  });
}

/**
 * A comment (党委点评) by the committee or the affairs department on the project, a decision or a
 * report; the owner (and the commenters) reply to a comment.
 */
export async function addComment(ctx: Ctx, projectId: number, input: z.infer<typeof commentBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const { p, actors } = await readableProject(trx, ctx.user, projectId);
    const commenter = await can(trx, ctx.user, 'projects.comment', p.org_id);
    if (!commenter && !actors.includes('owner'))
      throw new AppError('forbidden', { entity: 'project', id: projectId });
    if (input.parentId === undefined && !commenter) throw new AppError('comment_reply_only');
    let target: { type: 'project' | 'decision' | 'report'; id: number | null } = {
      type: input.target,
      id: input.targetId ?? null,
    };
    if (input.parentId !== undefined) {
      const parent = await repo.findComment(trx, projectId, input.parentId);
      if (!parent || parent.parent_id !== null)
        throw new AppError('not_found', { entity: 'comment', id: input.parentId });
      target = { type: parent.target_type, id: parent.target_id };
    } else if (target.type !== 'project') {
      const table = target.type === 'decision' ? 'pj_decision' : 'pj_report';
      const row = target.id ? await repo.findTargetOf(trx, table, projectId, target.id) : undefined;
      if (!row) throw new AppError('not_found', { entity: target.type, id: target.id });
    }
    const at = nowIso(ctx.clock);
    const commentId = await repo.insertComment(trx, {
      project_id: projectId,
      target_type: target.type,
      target_id: target.id,
      parent_id: input.parentId ?? null,
      body: input.text,
      author_id: ctx.user.id,
      at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: input.parentId ? 'projects.comment.reply' : 'projects.comment',
        entityType: 'pj_comment',
        entityId: commentId,
        orgId: p.org_id,
        after: { project: projectId, target, parent: input.parentId ?? null, text: input.text },
      },
    ]);
    return { id: commentId };
  });
}
