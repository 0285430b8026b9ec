import type { z } from 'zod';
import type { myRoundsResponse } from '../../../../contracts/branch-eval.js';
import { scopeRoots } from '../../../../domain/access/roles.js';
import type { Ctx } from '../../../lib/context.js';
import * as roundRepo from './round.repo.js';

/**
 * The rounds (联评联考 run by a committee over its branches) a user's grants reach, newest first,
 * and the branches they act for — so a page knows which round to show a member or a secretary
 * who cannot browse the org tree. A round is reached when a branch of it lies in the subtree
 * of a grant that may read the rankings.
 */
export async function myRounds(ctx: Ctx): Promise<z.infer<typeof myRoundsResponse>> {
  const roots = scopeRoots(ctx.user.grants, 'branch_eval.board.read');
  if (roots.length === 0) return { rounds: [], branches: [] };
  const rounds = await roundRepo.roundsUnder(ctx.db, roots);
  const branches = await roundRepo.branchesAmong(ctx.db, roots);
  return {
    rounds: rounds.map((r) => ({
      orgId: r.orgId,
      orgName: r.orgName,
      latestQuarter: String(r.latestQuarter),
    })),
    branches,
  };
}
