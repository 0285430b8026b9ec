import type { z } from 'zod';
import type { panelBody, ruleBody, ruleHistory, ruleQuery, scoreBody } from '../../../contracts/projects.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import {
  aggregatePanel,
  defaultCriteria,
  defaultGradeBands,
  defaultMilestoneSettings,
  formatHundredths,
  gradeBandProblems,
  gradeLabels,
  minPanelSize,
  scoreSheetProblems,
  sheetTotal,
} from '../../../domain/projects/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { authorize, partyRootIds, scopeOrgIds } from '../../lib/permissions.js';
import * as orgService from '../org/org.service.js';
import { loadProject, type Project, readableProject, ruleInForce, takeStep } from './projects.common.js';
import * as repo from './projects.repo.js';

const panelRoles = ['committee', 'affairs', 'inspector'];

/**
 * Whether a user belongs to the owning org: a grant at a node inside its subtree, or a member
 * record in it. Such a user never sits on the project's panel.
 */
async function fromOwningOrg(
  db: DbOrTrx,
  orgId: number,
  u: { branch_id: number | null; grants: { org_id: number }[] },
): Promise<boolean> {
  for (const node of [...u.grants.map((g) => g.org_id), ...(u.branch_id ? [u.branch_id] : [])]) {
    if (await orgService.isInSubtree(db, orgId, node)) return true;
  }
  return false;
}

/** Users the committee may name: panel roles anywhere in the organisation, none of the owning org. */
export async function panelCandidates(ctx: Ctx, projectId: number) {
  const { p, actors } = await readableProject(ctx.db, ctx.user, projectId);
  if (!actors.includes('committee')) throw new AppError('forbidden', { entity: 'project', id: projectId });
  const rows = await repo.usersWithRolesIn(
    ctx.db,
    panelRoles,
    await scopeOrgIds(ctx.db, await partyRootIds(ctx.db)),
  );
  const users = await repo.usersWithGrants(ctx.db, [...new Set(rows.map((r) => r.id))]);
  const items = [];
  for (const u of users) {
    if (await fromOwningOrg(ctx.db, p.org_id, u)) continue;
    items.push({
      userId: u.id,
      name: u.display_name,
      roles: [...new Set(u.grants.filter((g) => panelRoles.includes(g.role)).map((g) => g.role))],
    });
  }
  return { items };
}

/**
 * The committee names the panel (≥ 3 users holding the committee, affairs or inspector role, none
 * from the owning org) and its criteria (the defaults unless given), while no sheet is in.
 */
export async function setPanel(ctx: Ctx, projectId: number, input: z.infer<typeof panelBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const { p, actors } = await readableProject(trx, ctx.user, projectId);
    if (!actors.includes('committee')) throw new AppError('forbidden', { entity: 'project', id: projectId });
    if (p.state !== 'implementing' && p.state !== 'summary')
      throw new AppError('invalid_transition', { state: p.state });
    const ids = [...new Set(input.userIds)];
    if (ids.length < minPanelSize)
      throw new AppError('panel_too_small', { size: ids.length, min: minPanelSize });
    const started = await repo.anySheetOf(trx, p.id);
    if (started) throw new AppError('panel_scoring_started');
    const users = await repo.usersWithGrants(trx, ids);
    for (const id of ids) {
      const u = users.find((x) => x.id === id);
      if (!u?.grants.some((g) => panelRoles.includes(g.role)))
        throw new AppError('panel_not_eligible', { userId: id });
      if (await fromOwningOrg(trx, p.org_id, u)) throw new AppError('panel_member_of_owner', { userId: id });
    }
    const criteria = input.criteria ?? defaultCriteria.map((c) => ({ ...c }));
    if (new Set(criteria.map((c) => c.code)).size !== criteria.length)
      throw new AppError('validation_failed', { field: 'criteria', reason: 'duplicate code' });
    const before = (await repo.panelOf(trx, p.id)).map((m) => m.user_id);
    await repo.replacePanel(
      trx,
      p.id,
      ids,
      criteria.map((c, i) => ({ project_id: p.id, code: c.code, name: c.name, max: c.max, sort_order: i })),
    );
    await appendAudit(trx, ctx.user, nowIso(ctx.clock), [
      {
        action: 'projects.panel.set',
        entityType: 'pj_project',
        entityId: p.id,
        orgId: p.org_id,
        before: { panel: before },
        after: { panel: ids, criteria },
      },
    ]);
    return { id: p.id };
  });
}

/**
 * One panel member's score sheet, once: each criterion within its max. When the last sheet is in,
 * the project score is aggregated (trimmed mean from 5 on, half-up), graded by the bands in force
 * and the project moves to `evaluated`, recorded as the panel's decision with its explanation.
 */
export async function submitScore(ctx: Ctx, projectId: number, input: z.infer<typeof scoreBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const p: Project = await loadProject(trx, projectId);
    const panel = await repo.panelOf(trx, p.id);
    const me = panel.find((m) => m.user_id === ctx.user.id);
    if (!me) throw new AppError('not_on_panel');
    if (p.state !== 'summary') throw new AppError('invalid_transition', { state: p.state });
    if (me.submitted_at !== null) throw new AppError('score_already_submitted');
    const [u] = await repo.usersWithGrants(trx, [ctx.user.id]);
    if (!u || (await fromOwningOrg(trx, p.org_id, u)))
      throw new AppError('panel_member_of_owner', { userId: ctx.user.id });
    const criteria = await repo.criteriaOf(trx, p.id);
    const problems = scoreSheetProblems(criteria, input.scores);
    if (problems.length > 0) {
      const above = problems.find((x) => x.code === 'score_above_max');
      throw new AppError(above ? 'score_above_max' : 'score_invalid', { problems });
    }
    const at = nowIso(ctx.clock);
    const total = sheetTotal(input.scores);
    await repo.insertScoreSheet(trx, {
      project_id: p.id,
      user_id: ctx.user.id,
      scores_json: JSON.stringify(input.scores),
      total,
      submitted_at: at,
    });
    // The sheet itself is audited as a count; its numbers are revealed with the explanation.
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'projects.score',
        entityType: 'pj_project',
        entityId: p.id,
        orgId: p.org_id,
        after: { sheets: panel.filter((m) => m.submitted_at).length + 1 },
      },
    ]);
    const all = await repo.panelOf(trx, p.id);
    if (all.every((m) => m.total !== null)) {
      const { bands } = await ruleInForce(trx, p.plan_org_id, p.year);
      const e = aggregatePanel(
        all.map((m) => ({ panelist: m.user_id, total: m.total ?? 0 })),
        bands,
      );
      await takeStep(
        ctx,
        trx,
        p,
        'evaluate',
        ['panel'],
        `${formatHundredths(e.score)} · ${gradeLabels[e.grade].zh} / ${gradeLabels[e.grade].en}`,
        {
          system: true,
          extra: {
            score: e.score,
            grade: e.grade,
            explanation_json: JSON.stringify(e),
            rule_version: e.ruleVersion,
          },
        },
      );
    }
    return { id: p.id };
  });
}

/**
 * Saves a new version of the committee's settings for a year (append-only): grade floors, strictly
 * descending, and the reminder/escalation working days (affairs before committee). Scores already
 * given keep the version they name; the next completed panel uses this one.
 */
/**
 * A committee's versioned settings of a year with their history (who saved which version, when):
 * the settings page reads what is in force and what changed. Those who may save them may read them.
 */
export async function ruleVersions(
  ctx: Ctx,
  q: z.infer<typeof ruleQuery>,
): Promise<z.infer<typeof ruleHistory>> {
  await authorize(ctx.db, ctx.user, 'projects.plan', q.orgId);
  const rows = await repo.rulesOf(ctx.db, q.orgId, q.year);
  const values = (r: (typeof rows)[number]) => ({
    excellent: r.excellent,
    good: r.good,
    pass: r.pass,
    reminderDays: r.reminder_days,
    affairsAfter: r.affairs_after,
    committeeAfter: r.committee_after,
  });
  const top = rows[0];
  return {
    orgId: q.orgId,
    year: q.year,
    current: top
      ? { version: top.version, isDefault: false, ...values(top) }
      : {
          version: defaultGradeBands.version,
          isDefault: true,
          excellent: defaultGradeBands.excellent,
          good: defaultGradeBands.good,
          pass: defaultGradeBands.pass,
          ...defaultMilestoneSettings,
        },
    history: rows.map((r) => ({
      version: r.version,
      ...values(r),
      createdBy: { id: r.created_by, name: r.by_name },
      createdAt: r.created_at,
    })),
  };
}

export async function saveRule(ctx: Ctx, input: z.infer<typeof ruleBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'projects.plan', input.orgId);
    const problems = gradeBandProblems(input);
    if (problems.length > 0 || input.affairsAfter >= input.committeeAfter)
      throw new AppError('validation_failed', {
        problems,
        escalation: input.affairsAfter >= input.committeeAfter,
      });
    const current = await repo.ruleOf(trx, input.orgId, input.year);
    if (input.expectedVersion !== (current ? current.version : 0))
      throw new AppError('stale_record', { expected: input.expectedVersion, current: current?.version ?? 0 });
    const at = nowIso(ctx.clock);
    // Version 1 is the defaults, so the first saved version is 2.
    const next = current ? current.version + 1 : 2;
    await repo.insertRule(trx, {
      org_id: input.orgId,
      year: input.year,
      version: next,
      excellent: input.excellent,
      good: input.good,
      pass: input.pass,
      reminder_days: input.reminderDays,
      affairs_after: input.affairsAfter,
      committee_after: input.committeeAfter,
      created_by: ctx.user.id,
      created_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'projects.rule.save',
        entityType: 'pj_rule',
        entityId: `${input.orgId}:${input.year}`,
        orgId: input.orgId,
        before: { version: current ? current.version : 1 },
        after: { version: next, ...input },
      },
    ]);
    return { version: next };
  });
}
