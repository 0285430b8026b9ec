import { z } from 'zod';
import { endpoint } from './endpoint.js';

export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

/** The system's own endpoints, outside the versioned API. */
export const systemApi = {
  health: endpoint({
    method: 'GET',
    base: '/api',
    path: '/health',
    summary: 'A fixed point for load balancers and scripts; it touches the database',
    tags: ['system'],
    access: 'public',
    response: healthResponse,
  }),
};
