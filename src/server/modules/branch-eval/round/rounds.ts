import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { myRoundsResponse } from '../../../../contracts/branch-eval.js';
import { beRoundApi } from '../../../../contracts/branch-eval-round-api.js';
import { scopeRoots } from '../../../../domain/access/roles.js';
import type { Ctx, Deps } from '../../../lib/context.js';
import { route } from '../../../lib/endpoint.js';
import { ctxOf } from '../../../lib/http.js';

/**
 * The rounds (联评联考 run by a committee over its branches) a user's grants reach, newest first,
 * and the branches they act for — so a page knows which round to show a member or a secretary
 * who cannot browse the org tree. A round is reached when a branch of it lies in the subtree
 * of a grant that may read the rankings.
 */
export async function myRounds(ctx: Ctx): Promise<z.infer<typeof myRoundsResponse>> {
  const roots = scopeRoots(ctx.user.grants, 'branch_eval.board.read');
  if (roots.length === 0) return { rounds: [], branches: [] };
  const rounds = await ctx.db
    .selectFrom('be_plan')
    .innerJoin('org_closure', 'org_closure.descendant_id', 'be_plan.branch_id')
    .innerJoin('org', 'org.id', 'be_plan.org_id')
    .select(['be_plan.org_id as orgId', 'org.name as orgName'])
    .select((eb) => eb.fn.max('be_plan.quarter').as('latestQuarter'))
    .where('org_closure.ancestor_id', 'in', roots)
    .groupBy(['be_plan.org_id', 'org.name'])
    .orderBy('latestQuarter', 'desc')
    .orderBy('be_plan.org_id')
    .limit(50)
    .execute();
  const branches = await ctx.db
    .selectFrom('org')
    .select(['org.id as branchId', 'org.name as branchName'])
    .where('org.kind', '=', 'branch')
    .where('org.id', 'in', roots)
    .orderBy('org.id')
    .execute();
  return {
    rounds: rounds.map((r) => ({
      orgId: r.orgId,
      orgName: r.orgName,
      latestQuarter: String(r.latestQuarter),
    })),
    branches,
  };
}

export function registerMyRoundsRoute(app: FastifyInstance, deps: Deps) {
  route(app, beRoundApi.myRounds, async (_args, req) => myRounds(ctxOf(deps, req)));
}
