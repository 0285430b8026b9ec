import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.js';
import { registerCorrectionRoutes } from './corrections.routes.js';
import { registerIntegrationRoutes } from './integration.routes.js';
import { registerLibraryRoutes } from './library.routes.js';
import { registerLinkableRoute } from './linkable.js';
import { registerPlanRoutes } from './plan.routes.js';
import { registerResultRoutes } from './results.routes.js';
import { registerRoundRoutes } from './round.routes.js';
import { registerMyRoundsRoute } from './rounds.js';

/** Every route of the branch joint evaluation (SPEC §3 党支部联评联考), one file per area. */
export function registerBranchEvalRoutes(app: FastifyInstance, deps: Deps) {
  registerLibraryRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerRoundRoutes(app, deps);
  registerMyRoundsRoute(app, deps);
  registerLinkableRoute(app, deps);
  registerResultRoutes(app, deps);
  registerIntegrationRoutes(app, deps);
  registerCorrectionRoutes(app, deps);
}
