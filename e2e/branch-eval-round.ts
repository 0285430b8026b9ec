import { createRng } from '../src/cli/seed-demo.js';
import { selfEntries, verificationEntries } from '../src/cli/seed-demo-branch-eval.js';
import type { Db } from '../src/db/kysely.js';
import type { Role } from '../src/domain/access/roles.js';
import type { Clock, Ctx } from '../src/server/lib/context.js';
import { peerTaskList, submitPeer } from '../src/server/modules/branch-eval/round/peer.service.js';
import {
  branchMonthStep,
  getBranchMonth,
  saveSelf,
} from '../src/server/modules/branch-eval/round/round.service.js';
import { saveVerification } from '../src/server/modules/branch-eval/verification/verification.service.js';

/**
 * The rest of the bureau in a browser journey of the joint evaluation: the branches the journey
 * does not drive through the browser do their part through the same use cases, on the server's
 * clock, so the month can be approved for all branches at once.
 */
export function bureauRound(db: Db, clock: Clock) {
  const rng = createRng(7);
  const ctxAs = async (account: string, role: Role, orgId: number): Promise<Ctx> => {
    const u = await db
      .selectFrom('app_user')
      .select('id')
      .where('account', '=', account)
      .executeTakeFirstOrThrow();
    return {
      db,
      dialect: 'sqlite',
      clock,
      dataDir: '',
      user: { id: u.id, account, displayName: account, memberId: null, grants: [{ role, orgId }] },
      locale: 'zh-CN',
    };
  };
  const secretaryOf = async (branchId: number) => {
    const g = await db
      .selectFrom('role_grant')
      .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
      .select('app_user.account')
      .where('role_grant.role', '=', 'secretary')
      .where('role_grant.org_id', '=', branchId)
      .executeTakeFirstOrThrow();
    return ctxAs(g.account, 'secretary', branchId);
  };
  const root = () =>
    db
      .selectFrom('org')
      .select('id')
      .where('tree', '=', 'party')
      .where('parent_id', 'is', null)
      .executeTakeFirstOrThrow();
  return {
    /** Branches of the month's round in a state, by code. */
    async sheets(month: string) {
      return db
        .selectFrom('be_plan')
        .innerJoin('org', 'org.id', 'be_plan.branch_id')
        .leftJoin('be_month', (j) => j.on('be_month.month', '=', month))
        .leftJoin('be_branch_month', (j) =>
          j
            .onRef('be_branch_month.branch_id', '=', 'be_plan.branch_id')
            .onRef('be_branch_month.month_id', '=', 'be_month.id'),
        )
        .select(['org.id', 'org.code', 'org.name', 'be_branch_month.state'])
        .where('be_plan.quarter', '=', `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`)
        .orderBy('org.code')
        .execute();
    },
    /** Self-evaluation and submission of these branches. */
    async selfEvaluate(month: string, branchIds: readonly number[]) {
      for (const id of branchIds) {
        const ctx = await secretaryOf(id);
        const sheet = await getBranchMonth(ctx, id, month);
        // The month's 主题党日, recorded once in member points, is the evidence of M02.
        const activity = await db
          .selectFrom('points_activity')
          .select('id')
          .where('branch_id', '=', id)
          .where('occurred_on', '>=', `${month}-01`)
          .where('occurred_on', '<=', `${month}-31`)
          .executeTakeFirst();
        await saveSelf(ctx, id, month, {
          entries: selfEntries(rng, sheet.indicators, 0.8, false, activity?.id),
        });
        await branchMonthStep(ctx, id, month, 'submit', undefined);
      }
    },
    /** The peer sheets these branches still owe. */
    async peerScore(month: string, branchIds: readonly number[]) {
      for (const id of branchIds) {
        const ctx = await secretaryOf(id);
        for (const t of await peerTaskList(ctx, month, [id])) {
          if (t.submitted || !t.open) continue;
          const scores = Object.fromEntries(
            t.indicators.map((i) => [i.code, Math.round((i.maxPoints * 0.8) / 50) * 50]),
          );
          await submitPeer(ctx, month, t.ratedBranchId, { raterBranchId: id, scores });
        }
      }
    },
    /** The office's verification of these branches (at the self scores, mostly). */
    async verify(month: string, branchIds: readonly number[]) {
      const office = await ctxAs('evaloffice', 'eval_office', (await root()).id);
      for (const id of branchIds) {
        const sheet = await getBranchMonth(office, id, month);
        await saveVerification(office, id, month, {
          entries: verificationEntries(rng, sheet.indicators, false),
        });
        await branchMonthStep(office, id, month, 'verify', undefined);
      }
    },
  };
}
