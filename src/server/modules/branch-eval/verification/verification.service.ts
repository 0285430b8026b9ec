import type { z } from 'zod';
import type { BranchMonthView, verificationSaveBody } from '../../../../contracts/branch-eval.js';
import {
  errorsOf,
  type VerificationEntry,
  validateVerification,
} from '../../../../domain/branch-eval/index.js';
import { type AuditInput, appendAudit } from '../../../lib/audit.js';
import { type Ctx, nowIso } from '../../../lib/context.js';
import { AppError } from '../../../lib/errors.js';
import { authorize } from '../../../lib/permissions.js';
import { flag, issuesError } from '../branch-eval.common.js';
import * as roundRepo from '../round/round.repo.js';
import { loadBranchMonth, refuseIfClosed, viewOf } from '../round/round.service.js';
import * as verificationRepo from './verification.repo.js';

/**
 * The office's verification entered indicator by indicator (SPEC §3 step 3): verified score,
 * done (mandatory), innovation award, reason. Allowed on a submitted sheet until the month is
 * approved; scores out of range or inputs the indicator does not take are refused. Completeness
 * and the reason where the figure differs from the self score are checked on `verify`.
 */
export async function saveVerification(
  ctx: Ctx,
  branchId: number,
  monthKey: string,
  input: z.infer<typeof verificationSaveBody>,
): Promise<BranchMonthView> {
  const l = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'branch_eval.verify', branchId);
    const l = await loadBranchMonth(ctx, trx, branchId, monthKey);
    refuseIfClosed(l);
    const { bm, plan, rc } = l;
    if (bm.state !== 'self_submitted') {
      throw new AppError(
        'invalid_transition',
        { state: bm.state },
        {
          zh: '只能验证已提交的自评',
          en: 'Only a submitted self-evaluation can be verified',
        },
      );
    }
    const selfRows = await roundRepo.selfScoresOf(trx, [bm.id]);
    const before = await verificationRepo.verificationsOf(trx, [bm.id]);
    // A field left out keeps what is stored (as the self-evaluation does); null clears it.
    const merged = input.entries.map((e) => {
      const old = before.find((r) => r.code === e.code);
      const keep = <T>(given: T | null | undefined, stored: T | null): T | null =>
        given === undefined ? stored : given;
      return {
        code: e.code,
        verified: keep(e.verified, old?.verified ?? null),
        done: keep(e.done, old?.done == null ? null : old.done === 1),
        innovationAward: keep(e.innovationAward, old?.innovation_award ?? null),
        reason: keep(e.reason, old?.reason ?? null),
      };
    });
    const sheet: Record<string, VerificationEntry> = {};
    for (const e of merged) {
      sheet[e.code] = {
        self: selfRows.find((r) => r.code === e.code)?.score ?? null,
        verified: e.verified,
        done: e.done,
        innovationAward: e.innovationAward,
        reason: e.reason,
      };
    }
    const given = new Set(input.entries.map((e) => e.code));
    // Only what is wrong with the values given now; what is still missing is checked on `verify`.
    const problems = errorsOf(validateVerification(plan, sheet)).filter(
      (i) =>
        i.code === 'unknown_indicator' ||
        ((i.indicator === null || given.has(i.indicator)) &&
          ['score_above_max', 'score_negative', 'score_not_integer', 'input_not_applicable'].includes(
            i.code,
          )),
    );
    if (problems.length > 0) throw issuesError(problems);
    // Points brought by cited projects stay in the award until the citation is withdrawn.
    const cited = await verificationRepo.citationsOf(trx, [bm.id]);
    for (const e of merged) {
      const floor = cited.filter((c) => c.code === e.code).reduce((s, c) => s + c.points, 0);
      if (floor > 0 && (e.innovationAward ?? 0) < floor)
        throw new AppError('innovation_below_citations', { code: e.code, cited: floor });
    }
    const at = nowIso(ctx.clock);
    const audit: AuditInput[] = [];
    for (const e of merged) {
      const old = before.find((r) => r.code === e.code);
      const row = {
        branch_month_id: bm.id,
        code: e.code,
        verified: e.verified,
        done: e.done == null ? null : flag(e.done),
        innovation_award: e.innovationAward,
        reason: e.reason,
        updated_by: ctx.user.id,
        updated_at: at,
      };
      await verificationRepo.upsertVerification(trx, row);
      audit.push({
        action: 'branch_eval.verification.save',
        entityType: 'be_branch_month',
        entityId: bm.id,
        orgId: branchId,
        before: old
          ? {
              code: e.code,
              verified: old.verified,
              done: old.done,
              innovationAward: old.innovation_award,
              reason: old.reason,
            }
          : null,
        after: {
          month: rc.parts.key,
          code: e.code,
          verified: row.verified,
          done: row.done,
          innovationAward: row.innovation_award,
          reason: row.reason,
        },
      });
    }
    await appendAudit(trx, ctx.user, at, audit);
    return l;
  });
  return viewOf(ctx, l);
}
