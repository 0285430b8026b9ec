/**
 * The annual grade rule of a round (SPEC §3 年定级 and the preamble: every number is a setting of
 * the scheme it belongs to, editable by its owners and versioned). The round's committee saves a
 * rule per year; each save is a new version, never an edit, and the grade board names the version
 * it graded with. With nothing saved the defaults of SPEC §3 apply (version 0).
 */
import type { z } from 'zod';
import type { GradeRuleView, gradeRuleBody, gradeRuleResponse } from '../../../../contracts/branch-eval.js';
import type { DbOrTrx } from '../../../../db/kysely.js';
import {
  defaultGradeRule,
  type GradeRule,
  gradeFloorLimit,
  gradeRuleProblems,
} from '../../../../domain/branch-eval/grade-rule.js';
import { appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { authorize, can, reachesInto } from '../../../lib/permissions.js';
import * as orgService from '../../org/org.service.js';
import * as resultsRepo from './results.repo.js';

/** A rule and the version that identifies it (0: the defaults). */
export interface RuleInForce {
  readonly rule: GradeRule;
  readonly view: GradeRuleView;
}

const defaultView: GradeRuleView = {
  version: 0,
  isDefault: true,
  advanced: defaultGradeRule.advanced,
  good: defaultGradeRule.good,
  average: defaultGradeRule.average,
  unrectifiedMandatoryLagging: defaultGradeRule.unrectifiedMandatoryLagging,
  note: null,
  createdAt: null,
  createdBy: null,
};

function viewOf(r: resultsRepo.GradeRuleRow): GradeRuleView {
  return {
    version: r.version,
    isDefault: false,
    advanced: r.advanced,
    good: r.good,
    average: r.average,
    unrectifiedMandatoryLagging: r.unrectified_lagging === 1,
    note: r.note,
    createdAt: r.created_at,
    createdBy: { id: r.created_by, name: r.created_by_name ?? '' },
  };
}

const ruleOf = (v: GradeRuleView): GradeRule => ({
  advanced: v.advanced,
  good: v.good,
  average: v.average,
  unrectifiedMandatoryLagging: v.unrectifiedMandatoryLagging,
});

/** The rule in force for a round's year: its newest saved version, else the defaults. */
export async function ruleInForce(db: DbOrTrx, orgId: number, year: number): Promise<RuleInForce> {
  const [newest] = await resultsRepo.gradeRuleVersions(db, orgId, year);
  const view = newest ? viewOf(newest) : defaultView;
  return { rule: ruleOf(view), view };
}

async function ruleResponse(
  ctx: Ctx,
  db: DbOrTrx,
  orgId: number,
  orgName: string,
  year: number,
): Promise<z.infer<typeof gradeRuleResponse>> {
  const versions = (await resultsRepo.gradeRuleVersions(db, orgId, year)).map(viewOf);
  return {
    orgId,
    orgName,
    year,
    current: versions[0] ?? defaultView,
    versions,
    defaults: defaultView,
    maxFloor: gradeFloorLimit,
    canEdit: await can(db, ctx.user, 'branch_eval.grade_rule.manage', orgId),
  };
}

/**
 * The rule in force and every saved version of a round's year: for whoever reads the round's
 * boards (SPEC §7 "every published number can be traced to … the rule version that produced it").
 */
export async function getGradeRule(
  ctx: Ctx,
  orgId: number,
  year: number,
): Promise<z.infer<typeof gradeRuleResponse>> {
  const org = await orgService.findOrgRow(ctx.db, orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: orgId });
  if (!(await reachesInto(ctx.db, ctx.user, 'branch_eval.board.read', orgId))) {
    throw new AppError('forbidden', { permission: 'branch_eval.board.read', orgId });
  }
  return ruleResponse(ctx, ctx.db, orgId, org.name, year);
}

const isUniqueViolation = (e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  // PostgreSQL's unique_violation; better-sqlite3's constraint codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/**
 * The committee saves a new version of its grade rule for a year: floors strictly descending
 * within 0–(plan total + innovation cap), refused as a whole with every problem named; refused
 * with `stale_record` when someone saved since the version the editor saw. Audited with the rule
 * before and after.
 */
export async function saveGradeRule(
  ctx: Ctx,
  year: number,
  body: z.infer<typeof gradeRuleBody>,
): Promise<z.infer<typeof gradeRuleResponse>> {
  const org = await orgService.findOrgRow(ctx.db, body.orgId);
  if (!org) throw new AppError('not_found', { entity: 'org', id: body.orgId });
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      await authorize(trx, ctx.user, 'branch_eval.grade_rule.manage', body.orgId);
      const problems = gradeRuleProblems(body);
      const first = problems[0];
      if (first) {
        const more = problems.length - 1;
        throw new AppError(
          'validation_failed',
          {
            // `path` names the field as schema issues do, so a form can show the message under it.
            issues: problems.map((p) => ({
              path: p.field,
              code: p.code,
              details: p.details,
              message: p.message,
            })),
          },
          {
            zh: more ? `${first.message.zh}（另有 ${more} 处问题）` : first.message.zh,
            en: more ? `${first.message.en} (and ${more} more)` : first.message.en,
          },
        );
      }
      const before = await ruleInForce(trx, body.orgId, year);
      if (before.view.version !== body.expectedVersion) {
        throw new AppError('stale_record', {
          expectedVersion: body.expectedVersion,
          currentVersion: before.view.version,
        });
      }
      const at = nowIso(ctx.clock);
      const version = before.view.version + 1;
      const id = await resultsRepo.insertGradeRule(trx, {
        org_id: body.orgId,
        year,
        version,
        advanced: body.advanced,
        good: body.good,
        average: body.average,
        unrectified_lagging: body.unrectifiedMandatoryLagging ? 1 : 0,
        note: body.note?.length ? body.note : null,
        created_by: ctx.user.id,
        created_at: at,
      });
      const snapshot = (v: number, r: GradeRule) => ({ year, version: v, ...r });
      await appendAudit(trx, ctx.user, at, [
        {
          action: 'branch_eval.grade_rule.save',
          entityType: 'be_grade_rule',
          entityId: id,
          orgId: body.orgId,
          before: snapshot(before.view.version, before.rule),
          after: {
            ...snapshot(version, {
              advanced: body.advanced,
              good: body.good,
              average: body.average,
              unrectifiedMandatoryLagging: body.unrectifiedMandatoryLagging,
            }),
            note: body.note ?? null,
          },
        },
      ]);
      return ruleResponse(ctx, trx, body.orgId, org.name, year);
    });
  } catch (e) {
    // Two committee members saving the same version at once: the second loses on be_grade_rule_uq.
    if (isUniqueViolation(e)) throw new AppError('stale_record', { year, orgId: body.orgId });
    throw e;
  }
}
