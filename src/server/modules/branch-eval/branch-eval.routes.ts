import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.js';
import { registerIntegrationRoutes } from './integration/integration.routes.js';
import { registerLibraryRoutes } from './library/library.routes.js';
import { registerPlanRoutes } from './library/plan.routes.js';
import { registerCorrectionRoutes } from './results/corrections.routes.js';
import { registerResultRoutes } from './results/results.routes.js';
import { registerLinkableRoute, registerMyRoundsRoute, registerRoundRoutes } from './round/round.routes.js';
import { registerVerificationRoutes } from './verification/verification.routes.js';

/** Every route of the branch joint evaluation (SPEC §3 党支部联评联考), one file per area. */
export function registerBranchEvalRoutes(app: FastifyInstance, deps: Deps) {
  registerLibraryRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerRoundRoutes(app, deps);
  registerVerificationRoutes(app, deps);
  registerMyRoundsRoute(app, deps);
  registerLinkableRoute(app, deps);
  registerResultRoutes(app, deps);
  registerIntegrationRoutes(app, deps);
  registerCorrectionRoutes(app, deps);
}
