import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.js';
import { registerIntegrationRoutes } from './integration.routes.js';
import { registerLibraryRoutes } from './library.routes.js';
import { registerPlanRoutes } from './plan.routes.js';
import { registerResultRoutes } from './results.routes.js';
import { registerRoundRoutes } from './round.routes.js';

/** Every route of the branch joint evaluation (SPEC §3 党支部联评联考), one file per area. */
export function registerBranchEvalRoutes(app: FastifyInstance, deps: Deps) {
  registerLibraryRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerRoundRoutes(app, deps);
  registerResultRoutes(app, deps);
  registerIntegrationRoutes(app, deps);
}
