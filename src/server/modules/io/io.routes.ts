import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.js';

export function registerIoRoutes(_app: FastifyInstance, _deps: Deps) {}
