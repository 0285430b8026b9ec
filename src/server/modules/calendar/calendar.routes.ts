import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.js';

export function registerCalendarRoutes(_app: FastifyInstance, _deps: Deps) {}
