import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBody } from '../../../contracts/common.js';
import { todoResponse } from '../../../contracts/todo.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import { todoList } from './todo.service.js';

export function registerTodoRoutes(app: FastifyInstance, deps: Deps) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/v1/todo',
      { schema: { tags: ['todo'], response: { 200: todoResponse, 401: errorBody } } },
      async (req) => ({ items: await todoList(ctxOf(deps, req)) }),
    );
}
