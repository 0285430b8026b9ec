import type { FastifyInstance } from 'fastify';
import { systemApi } from '../../../contracts/system.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { pingDatabase } from './system.repo.js';

/** GET /api/health: a fixed point for load balancers and scripts; it touches the database. */
export function registerSystemRoutes(app: FastifyInstance, deps: Deps, version: string) {
  route(app, systemApi.health, async () => {
    await pingDatabase(deps.db);
    return { status: 'ok' as const, database: deps.dialect, version };
  });
}
