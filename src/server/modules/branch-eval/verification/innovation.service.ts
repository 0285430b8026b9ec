import type { z } from 'zod';
import type {
  BranchMonthView,
  innovationAwardBody,
  innovationCandidatesResponse,
} from '../../../../contracts/branch-eval.js';
import { appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { authorize } from '../../../lib/permissions.js';
import { citableProject, excellentProjectsOf } from '../../projects/citation.service.js';
import { type Loaded, loadBranchMonth, refuseIfClosed, viewOf } from '../round/round.service.js';
import * as verificationRepo from './verification.repo.js';

/**
 * Innovation points for a branch citing its excellent project (SPEC §4 "Feeds branch evaluation":
 * "an excellent project's owning branch can be awarded points in the innovation category of its
 * monthly evaluation by the joint-evaluation office, citing the project as evidence, within the
 * innovation cap (record once)"). The points add to the indicator's innovation award, so the
 * month's score takes them through the usual formula; the citation keeps which project brought
 * how many, for the branch's sheet and the score's explanation. A project is cited once.
 */

function refuseUnlessVerifying(l: Loaded): void {
  refuseIfClosed(l);
  if (l.bm.state !== 'self_submitted') {
    throw new AppError(
      'invalid_transition',
      { state: l.bm.state },
      {
        zh: '只能在验证已提交的自评时给予创新加分',
        en: 'Innovation points are awarded while verifying a submitted self-evaluation',
      },
    );
  }
}

/** The office awards innovation points to the branch in a month, citing one of its excellent projects. */
export async function awardProjectInnovation(
  ctx: Ctx,
  branchId: number,
  monthKey: string,
  input: z.infer<typeof innovationAwardBody>,
): Promise<BranchMonthView> {
  const l = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.verify', branchId);
    const l = await loadBranchMonth(ctx, trx, branchId, monthKey);
    refuseUnlessVerifying(l);
    const indicator = l.plan.indicators.find((i) => i.code === input.code);
    if (indicator?.category !== 'innovation')
      throw new AppError('innovation_not_indicator', { code: input.code });
    const project = await citableProject(trx, input.projectId);
    if (!project) throw new AppError('not_found', { entity: 'project', id: input.projectId });
    if (project.orgId !== branchId)
      throw new AppError('project_not_of_branch', { project: project.id, branchId });
    if (!project.excellent) throw new AppError('project_award_not_excellent', { project: project.id });
    const [cited] = await verificationRepo.citationsOfProjects(trx, [project.id]);
    if (cited) throw new AppError('project_already_cited', { project: project.id, month: cited.month });

    const verifs = await verificationRepo.verificationsOf(trx, [l.bm.id]);
    const old = verifs.find((v) => v.code === input.code);
    const award = (old?.innovation_award ?? 0) + input.points;
    // Within the indicator's maximum and the plan's innovation cap, counting every award of the month.
    const others = verifs
      .filter(
        (v) =>
          v.code !== input.code &&
          l.plan.indicators.some((i) => i.code === v.code && i.category === 'innovation'),
      )
      .reduce((s, v) => s + (v.innovation_award ?? 0), 0);
    if (award > indicator.maxPoints || others + award > l.plan.innovationCap) {
      throw new AppError('innovation_cap_exceeded', {
        code: input.code,
        award,
        indicatorMax: indicator.maxPoints,
        innovationCap: l.plan.innovationCap,
        otherAwards: others,
      });
    }
    const at = nowIso(ctx.clock);
    await verificationRepo.insertCitation(trx, {
      branch_month_id: l.bm.id,
      code: input.code,
      project_id: project.id,
      points: input.points,
      note: input.note ?? null,
      created_by: ctx.user.id,
      created_at: at,
    });
    await verificationRepo.upsertVerification(trx, {
      branch_month_id: l.bm.id,
      code: input.code,
      verified: old?.verified ?? null,
      done: old?.done ?? null,
      innovation_award: award,
      reason: old?.reason ?? null,
      updated_by: ctx.user.id,
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.innovation.project',
        entityType: 'be_branch_month',
        entityId: l.bm.id,
        orgId: branchId,
        before: { code: input.code, innovationAward: old?.innovation_award ?? null },
        after: {
          month: l.rc.parts.key,
          code: input.code,
          project: project.id,
          points: input.points,
          innovationAward: award,
          note: input.note ?? null,
        },
      },
    ]);
    return l;
  });
  return viewOf(ctx, l);
}

/** The office takes back the points citing a project while the month is still being verified. */
export async function withdrawProjectInnovation(
  ctx: Ctx,
  branchId: number,
  monthKey: string,
  projectId: number,
): Promise<BranchMonthView> {
  const l = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.verify', branchId);
    const l = await loadBranchMonth(ctx, trx, branchId, monthKey);
    const cited = (await verificationRepo.citationsOf(trx, [l.bm.id])).find(
      (c) => c.project_id === projectId,
    );
    if (!cited) throw new AppError('not_found', { entity: 'be_innovation_project', id: projectId });
    refuseUnlessVerifying(l);
    const old = (await verificationRepo.verificationsOf(trx, [l.bm.id])).find((v) => v.code === cited.code);
    const left = Math.max(0, (old?.innovation_award ?? 0) - cited.points);
    const at = nowIso(ctx.clock);
    await verificationRepo.deleteCitation(trx, cited.id);
    await verificationRepo.upsertVerification(trx, {
      branch_month_id: l.bm.id,
      code: cited.code,
      verified: old?.verified ?? null,
      done: old?.done ?? null,
      innovation_award: left === 0 ? null : left,
      reason: old?.reason ?? null,
      updated_by: ctx.user.id,
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'branch_eval.innovation.project_withdraw',
        entityType: 'be_branch_month',
        entityId: l.bm.id,
        orgId: branchId,
        before: {
          code: cited.code,
          project: projectId,
          points: cited.points,
          innovationAward: old?.innovation_award ?? null,
        },
        after: { month: l.rc.parts.key, code: cited.code, innovationAward: left === 0 ? null : left },
      },
    ]);
    return l;
  });
  return viewOf(ctx, l);
}

/** The branch's excellent projects with where each was cited, for the office's picker. */
export async function innovationCandidates(
  ctx: Ctx,
  branchId: number,
): Promise<z.infer<typeof innovationCandidatesResponse>> {
  await authorize(ctx.db, ctx.user, 'branch_eval.verify', branchId);
  const projects = await excellentProjectsOf(ctx.db, branchId);
  const cited = await verificationRepo.citationsOfProjects(
    ctx.db,
    projects.map((p) => p.id),
  );
  return {
    branchId,
    items: projects.map((p) => {
      const c = cited.find((x) => x.project_id === p.id);
      return {
        projectId: p.id,
        title: p.title,
        year: p.year,
        score: p.score,
        cited: c ? { month: c.month, code: c.code, points: c.points } : null,
      };
    }),
  };
}
